# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: failback_report
short_description: A failback's report per secret, and the entries that move the primary back
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Used by C(playbooks/failback.yml). Combines the plan from P(secretsmanager.replication.failback_plan#filter) with
    the registered results of the unlink (state absent) and replace (state present) calls, matched by ARN.
  - With the job's make_primary, lists the secret_replica entries that move the primary back for every secret whose
    failback is complete, and in check mode predicts that move.
  - Pure data in, data out; no AWS call.
positional: read, job
options:
  _input:
    description: The failback plan.
    type: dict
    required: true
  read:
    description: The registered secret_replica_info result the plan came from.
    type: dict
    required: true
  job:
    description: The failback job's inputs.
    type: dict
    required: true
  unlink:
    description: The registered unlink result (skipped or absent when there was nothing to unlink).
    type: dict
  replace:
    description: The registered replace result.
    type: dict
  check_mode:
    description: Whether the play runs in check mode.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Report the failback
  ansible.builtin.set_fact:
    failback_report: "{{ plan | secretsmanager.replication.failback_report(read, job, unlink=unlinked, replace=replaced) }}"
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    check_mode: {description: Whether it is a prediction., type: bool, sample: false}
    secrets:
      description: >-
        Per secret id - the plan's V(state), V(name), V(winner_arn), V(loser_arn), V(unlink), V(discarded),
        V(loser_version) and V(promoted_at), with V(replica_status) (of the winner's replica in the returning Region),
        V(predicted), V(failures) and V(failed).
      type: dict
      sample: {}
    succeeded: {description: Secret ids whose returning copy follows the winner., type: list, elements: str, sample: []}
    failed: {description: Secret ids refused or failed., type: list, elements: str, sample: []}
    make_primary_entries: {description: secret_replica entries moving the primary back (with make_primary)., type: list, elements: dict, sample: []}
    make_primary: {description: "In check mode with make_primary, the predicted move (a failover report), else null.", type: dict, sample: null}
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.failback import failback_report as report_of


def failback_report(plan, read, job, unlink=None, replace=None, check_mode=False):
    if not isinstance(plan, dict) or "secrets" not in plan:
        raise AnsibleFilterError("failback_report expects the plan from failback_plan")
    return report_of(plan, read, job, unlink if isinstance(unlink, dict) else None, replace if isinstance(replace, dict) else None, check_mode)


class FilterModule:
    def filters(self):
        return {"failback_report": failback_report}
