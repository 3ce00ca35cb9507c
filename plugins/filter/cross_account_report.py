# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: cross_account_report
short_description: replicate_cross_account.yml's report - each primary, its receiving secret and both sides' status
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Builds the report of C(playbooks/replicate_cross_account.yml) from every step's results, matched by the primary's ARN.
  - A secret is failed when creating its receiving secret or linking it failed or, outside check mode, when the replica
    account does not read the receiving secret C(InSync).
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The primaries (RV(secretsmanager.replication.cross_account_primaries#filter:_value.primaries)).
    type: list
    elements: dict
    required: true
  receiving:
    description: The registered loop of M(secretsmanager.replication.cross_account_replica) over the primaries.
    type: dict
    required: true
  linked:
    description: The registered M(secretsmanager.replication.secret_replica) batch result (empty when skipped).
    type: dict
    default: {}
  verified:
    description: The registered M(secretsmanager.replication.secret_replica_info) read in the replica account.
    type: dict
    default: {}
  check_mode:
    description: Whether the run is in check mode (nothing is verified then).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Shape the report
  ansible.builtin.set_fact:
    report: "{{ primaries | secretsmanager.replication.cross_account_report(receiving=created, linked=linked, verified=read) }}"
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    lines:
      description:
        - One per primary - V(secret_id), V(primary_arn), V(replica_arn), V(created) (this run created the receiving
          secret), V(link_actions), V(primary_side_status), V(replica_side_status), V(failed), V(message).
      type: list
      elements: dict
      sample: []
    summary:
      description: Counts - V(secrets), V(created), V(linked), V(in_sync), V(failed).
      type: dict
      sample: {"secrets": 1, "created": 1, "linked": 1, "in_sync": 1, "failed": 0}
"""

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.cross_account_job import job_report
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import list_of_dicts


def cross_account_report(primaries, receiving, linked=None, verified=None, check_mode=False):
    primaries = list_of_dicts(primaries, "cross_account_report", "the primaries of cross_account_primaries")
    return job_report(primaries, receiving, linked or {}, verified or {}, check_mode=check_mode)


class FilterModule:
    def filters(self):
        return {"cross_account_report": cross_account_report}
