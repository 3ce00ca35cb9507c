# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replication_report
short_description: The replicate role's report - every secret with its replicas, actions and failures, and a summary
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Builds C(replicate_report) from the plan (P(secretsmanager.replication.replication_compliance#filter)), the
    registered M(secretsmanager.replication.secret_replica) passes and the read-back with
    M(secretsmanager.replication.secret_replica_info), matching everything by secret id.
  - A compliant secret shows the replicas the plan's read found, with no actions. Any other shows what the read-back
    shows (what the module predicted, in check mode), the actions of every pass, the Regions where a same-named secret
    was replaced, and every failure (a pass's own, then the requested replicas the read-back does not show C(InSync)).
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The plan with compliance.
    type: list
    elements: dict
    required: true
  passes:
    description: The registered secret_replica results, in order - first, overwrite, retry. A skipped pass may be given.
    type: list
    elements: dict
    default: []
  reads:
    description: The read-back (secret_replica_info results); omitted when nothing was read back.
    type: raw
  check_mode:
    description: Whether the run is in check mode (nothing is verified then).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Build the replication report
  ansible.builtin.set_fact:
    replicate_report: "{{ plan | secretsmanager.replication.replication_report(passes=[first, overwrite], reads=read_back) }}"
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    secrets:
      description: One entry per plan entry, in plan order, each V(secret_id), V(arn), V(primary_region), V(replicas),
        V(changed), V(actions), V(overwritten_regions) and V(failures) (each V(region), V(reason), V(message), V(retryable)).
      type: list
      elements: dict
      sample: []
    summary:
      description: V(secrets), V(changed), V(failed), V(replicas_in_sync), V(overwritten).
      type: dict
      sample: {"secrets": 1, "changed": 1, "failed": 0, "replicas_in_sync": 2, "overwritten": 0}
"""

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_report import replication_report as report_of
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import failed_reads
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import list_of_dicts
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import secrets_of_reads


def replication_report(plan, passes=None, reads=None, check_mode=False):
    plan = list_of_dicts(plan, "replication_report", "a replication plan with compliance")
    passes = [registered if isinstance(registered, dict) else {} for registered in passes or []]
    read_back = None if reads is None or (isinstance(reads, dict) and reads.get("skipped")) else reads
    read_entries = None if read_back is None else secrets_of_reads(read_back)
    return report_of(plan, passes, read_entries, read_failed=bool(failed_reads(read_back)), check_mode=bool(check_mode))


class FilterModule:
    def filters(self):
        return {"replication_report": replication_report}
