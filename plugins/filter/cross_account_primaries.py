# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: cross_account_primaries
short_description: The primaries to replicate to another account, matched to their ARNs, and why any is refused
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Used by C(playbooks/replicate_cross_account.yml) before anything is created. Matches each requested name or ARN to
    the M(secretsmanager.replication.secret_replica_info) read of it in the primary account, by name or ARN.
  - Refuses a secret that does not exist, a Regional replica (replicate its primary) and a receiving secret of
    cross-account replication (AWS refuses both as a primary). A secret listed twice (by name and ARN) is kept once.
  - Pure data in, data out; no AWS call.
positional: requested, region
options:
  _input:
    description: The registered secret_replica_info result (with O(secretsmanager.replication.secret_replica_info#module:secret_ids)).
    type: dict
    required: true
  requested:
    description: The names or ARNs asked for.
    type: list
    elements: str
    required: true
  region:
    description: The primary account's Region read, for the messages.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Match the requested secrets to their primaries
  ansible.builtin.set_fact:
    primaries: "{{ read | secretsmanager.replication.cross_account_primaries(['app/db', 'app/api'], 'us-east-1') }}"
"""

RETURN = r"""
_value:
  description: The primaries and the problems.
  type: dict
  contains:
    primaries:
      description: "One per secret, each V(secret_id) (as requested), V(arn) and V(name)."
      type: list
      elements: dict
      sample: [{"secret_id": "app/db", "arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf", "name": "app/db"}]
    problems:
      description: Why a requested secret cannot be replicated to another account, and the fix.
      type: list
      elements: str
      sample: []
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.cross_account_job import job_primaries


def cross_account_primaries(info, requested, region):
    if not isinstance(info, dict) or "secrets" not in info:
        raise AnsibleFilterError("cross_account_primaries expects the registered result of secret_replica_info with secret_ids")
    return job_primaries(requested, info, region)


class FilterModule:
    def filters(self):
        return {"cross_account_primaries": cross_account_primaries}
