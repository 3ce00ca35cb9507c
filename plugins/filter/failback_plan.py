# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: failback_plan
short_description: What a failback may do to each secret, with the data-loss guard, from one multi-Region read
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Used by C(playbooks/failback.yml). Takes the registered result of M(secretsmanager.replication.secret_replica_info)
    over the returning Region and the winner's Region (with
    O(secretsmanager.replication.secret_replica_info#module:replica_view=true) and
    O(secretsmanager.replication.secret_replica_info#module:version_dates=true)) and the job's inputs from
    P(secretsmanager.replication.dr_job_vars#filter), and decides per secret, matched by name and Region.
  - A secret is refused, and nothing is sent for it, when the copy in the returning Region is another secret (another
    ARN suffix), when a Region it lists still follows it or does not answer, or when its current version was created
    after the winner's recorded promotion time (unless the job discards the loser's changes).
  - Pure data in, data out; no AWS call.
positional: job
options:
  _input:
    description: The registered secret_replica_info result.
    type: dict
    required: true
  job:
    description: The failback job's inputs (P(secretsmanager.replication.dr_job_vars#filter) with V(failback)).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Plan the failback
  ansible.builtin.set_fact:
    plan: "{{ read | secretsmanager.replication.failback_plan(job) }}"
"""

RETURN = r"""
_value:
  description: The plan.
  type: dict
  contains:
    secrets:
      description: >-
        Per secret id - V(state) (V(follows_winner), V(replace) or V(refused)), V(name), V(winner_arn), V(loser_arn),
        V(unlink) (Regions whose link is removed), V(failures), V(discarded), V(loser_version), V(promoted_at).
      type: dict
      sample: {}
    unlink_entries: {description: secret_replica entries (state absent) removing the losers' stale links., type: list, elements: dict, sample: []}
    replace_entries:
      description: secret_replica entries (state present, overwrite) replicating each winner.
      type: list
      elements: dict
      sample: []
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.failback import failback_plan as plan_of


def failback_plan(read, job):
    if not isinstance(read, dict) or "secrets" not in read or not isinstance(job, dict):
        raise AnsibleFilterError("failback_plan expects the registered result of secret_replica_info and the failback job's inputs")
    return plan_of(read, job)


class FilterModule:
    def filters(self):
        return {"failback_plan": failback_plan}
