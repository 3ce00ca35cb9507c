# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Input checks shared by the collection's filters and job steps, so a wrong input fails naming who got it. For internal collection use only."""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence


class InputError(AnsibleFilterError):
    """Input a filter or a job step cannot use; the message names the filter or step and what it expects."""


def list_of_dicts(value, filter_name, what):
    """`value` as a list of dicts, or an AnsibleFilterError naming the filter and what it expects."""
    if value is None:
        return []
    if not is_sequence(value) or not all(isinstance(item, dict) for item in value):
        raise InputError(f"{filter_name} expects {what}, got {type(value).__name__}")
    return list(value)


def read_results(reads):
    """A module's results in a registered loop ({results: [...]}), a list of results, or one; skipped ones left out."""
    if isinstance(reads, dict) and "results" in reads:
        reads = reads["results"]
    if isinstance(reads, dict):
        reads = [reads]
    return [result for result in reads or [] if not result.get("skipped")]


def secrets_of_reads(reads):
    """The `secrets` of every secret_replica_info result."""
    return [entry for result in read_results(reads) for entry in result.get("secrets") or []]


def failed_reads(reads):
    """{Region: error message} of the reads that failed (a result without `secrets`), by the Region each looped over."""
    failed = {}
    for result in read_results(reads):
        if "secrets" not in result:
            failed[(result.get("item") or {}).get("region") or result.get("region")] = result.get("msg", "unknown error")
    return failed


def registered(result):
    """A task's registered result, or None for a task that was skipped or did not run."""
    return result if isinstance(result, dict) and not result.get("skipped") else None


def registered_call(result, step, what):
    """A registered module result (a dict), or an InputError naming the step and what it expects."""
    if not isinstance(result, dict):
        raise InputError(f"{step} expects {what}, got {type(result).__name__}")
    return result
