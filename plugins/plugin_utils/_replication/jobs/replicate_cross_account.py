# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/replicate_cross_account.yml's steps (job_step replicate_cross_account.*), in the order it runs them.
For internal collection use only.

inputs (refused before any call when incomplete) -> (read the primaries: secret_replica_info) -> primaries (refused
before any change when one cannot be a primary) -> (assume the role; create the receiving secrets: cross_account_replica)
-> links -> (link: secret_replica; read back in the replica account: secret_replica_info) -> report.
"""

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.cross_account import DEFAULT_RESTRICTION

from ..cross_account_job import failure_message
from ..cross_account_job import job_inputs
from ..cross_account_job import job_primaries
from ..cross_account_job import job_report
from ..cross_account_job import link_entries
from ..cross_account_job import primaries_refusal
from ..cross_account_job import receiving_arns
from ..cross_account_job import replica_side_statuses
from ..filter_inputs import InputError
from ..filter_inputs import list_of_dicts
from ..filter_inputs import registered


def inputs(cross_account_secrets=None, cross_account_role_arn=None, cross_account_kms_key_id=None, cross_account_restriction=None):
    """{secrets, restriction, refusal (None when the job may run)}."""
    return job_inputs({"cross_account_secrets": cross_account_secrets, "cross_account_role_arn": cross_account_role_arn,
                       "cross_account_kms_key_id": cross_account_kms_key_id, "cross_account_restriction": cross_account_restriction})


def primaries(requested, read):
    """{primaries: [{secret_id, arn, name}], problems, refusal (None when every requested secret can be a primary)}.

    read: the registered secret_replica_info of the requested secrets in the primary account.
    """
    if not isinstance(read, dict) or "secrets" not in read:
        raise InputError("replicate_cross_account.primaries expects the registered result of secret_replica_info with secret_ids")
    found = job_primaries(requested, read, read.get("region"))
    return dict(found, refusal=primaries_refusal(found))


def links(receiving, restriction=DEFAULT_RESTRICTION, replication_role_arn=None):
    """{entries: secret_replica's entries linking each primary to its receiving secret, receiving_arns: what to read back}.

    receiving: the registered loop of cross_account_replica over the primaries.
    """
    if not isinstance(receiving, dict) or "results" not in receiving:
        raise InputError("replicate_cross_account.links expects the registered loop of cross_account_replica over the primaries")
    return {"entries": link_entries(receiving, restriction, replication_role_arn), "receiving_arns": receiving_arns(receiving)}


def report(primaries, receiving, linked=None, verified=None, check_mode=False):
    """cross_account_report, each secret's status as the replica account reads it, and the failure (None when every
    secret is InSync).

    linked: the registered secret_replica call (skipped when there was nothing to link); verified: the read back.
    """
    primaries = list_of_dicts(primaries, "replicate_cross_account.report", "the primaries of the primaries step")
    result = job_report(primaries, receiving, registered(linked) or {}, verified or {}, check_mode=bool(check_mode))
    return {"report": result, "statuses": replica_side_statuses(result), "failure": failure_message(result)}


STEPS = {
    "replicate_cross_account.inputs": inputs,
    "replicate_cross_account.primaries": primaries,
    "replicate_cross_account.links": links,
    "replicate_cross_account.report": report,
}
