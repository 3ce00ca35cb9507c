# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: kms_key_lookups
short_description: The replica KMS keys of a plan worth looking up, each Region and key once
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Lists the distinct (Region, key) pairs of the plan's replicas that name a customer managed key, so a play checks
    each with M(amazon.aws.kms_key_info) once however many secrets use it.
  - The AWS managed key (V(alias/aws/secretsmanager)) is left out (Secrets Manager creates it on first use), and so
    are replicas that already break a rule (O(problems)).
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The plan entries whose keys to check.
    type: list
    elements: dict
    required: true
  problems:
    description: Violations already found (P(secretsmanager.replication.region_rule_problems#filter)).
    type: list
    elements: dict
    default: []
"""

EXAMPLES = r"""
- name: Read each replica KMS key in its Region
  amazon.aws.kms_key_info:
    region: "{{ item.region }}"
    key_id: "{{ item.kms_key_id }}"
  loop: "{{ plan | secretsmanager.replication.kms_key_lookups }}"
"""

RETURN = r"""
_value:
  description: The keys to look up, in plan order.
  type: list
  elements: dict
  contains:
    region:
      description: The replica Region
      type: str
      sample: eu-west-1
    kms_key_id:
      description: The key as the plan names it
      type: str
      sample: alias/prod-secrets
"""

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import kms_key_lookups as lookups_of
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import list_of_dicts


def kms_key_lookups(plan, problems=None):
    return lookups_of(list_of_dicts(plan, "kms_key_lookups", "plan entries"), list_of_dicts(problems, "kms_key_lookups", "problems"))


class FilterModule:
    def filters(self):
        return {"kms_key_lookups": kms_key_lookups}
