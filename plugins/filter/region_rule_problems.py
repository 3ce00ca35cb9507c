# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: region_rule_problems
short_description: Every Region rule and Region policy violation of a replication plan, at once
version_added: 1.0.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Checks every replica of every secret in a plan and returns one entry per violation, so a play can refuse the whole
    plan with one message instead of stopping at the first problem.
  - "AWS Region rules (from botocore's partition data): the primary's Region and each replica Region must be Secrets
    Manager Regions; a replica must be in the primary's partition (commercial, China and GovCloud never replicate
    across) and not in the primary's own Region; a replica's KMS key ARN must be in the replica's Region (KMS keys are
    per Region). Each Region at most once per secret."
  - "Organisation policy: O(allowed_regions) (empty allows every Region), O(denied_regions), and, with O(region_info),
    the Regions enabled in the account (AWS: an opt-in Region must be enabled before it can hold a replica)."
  - A replica is reported once, for its first problem.
options:
  _input:
    description: The plan, one entry per secret - V(secret_id) (a name or an ARN; an ARN names its primary's Region),
      V(primary_region) (for a name) and V(replicas) (each V(region) and optionally V(kms_key_id)).
    type: list
    elements: dict
    required: true
  allowed_regions:
    description: Regions that may hold replicas. Empty allows every Region.
    type: list
    elements: str
    default: []
  denied_regions:
    description: Regions that must not hold replicas. They win over O(allowed_regions).
    type: list
    elements: str
    default: []
  region_info:
    description:
      - The results of M(amazon.aws.aws_region_info) in the primary Regions (a registered loop, or a list of results);
        a Region it lists with an V(opt_in_status) of V(not-opted-in), or does not list, is not enabled.
      - Omitted skips the opt-in check.
    type: raw
requirements:
  - botocore
"""

EXAMPLES = r"""
- name: Refuse a plan that breaks any Region rule, listing every violation
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | map(attribute='problem') | list }}"
  vars:
    problems: "{{ plan | secretsmanager.replication.region_rule_problems(allowed_regions=['eu-west-1', 'eu-central-1']) }}"
"""

RETURN = r"""
_value:
  description: One entry per violation, in plan order; empty when the plan can be applied.
  type: list
  elements: dict
  contains:
    secret_id:
      description: The secret, as in the plan
      type: str
      sample: app/db
    region:
      description: The Region concerned
      type: str
      sample: cn-north-1
    about:
      description: V(secret) for the secret's id, V(primary) for its Region (its replicas are then not checked), V(replica) for one replica.
      type: str
      sample: replica
    problem:
      description: What is wrong and how to fix it
      type: str
      sample: "'cn-north-1' is in partition 'aws-cn' but ..."
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.region_policy import enabled_regions
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.region_policy import region_rule_problems as plan_problems
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import HAS_BOTOCORE
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import list_of_dicts
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import read_results


def region_rule_problems(plan, allowed_regions=None, denied_regions=None, region_info=None):
    if not HAS_BOTOCORE:
        raise AnsibleFilterError("the region_rule_problems filter needs botocore on the controller: pip install botocore")
    plan = list_of_dicts(plan, "region_rule_problems", "a replication plan")
    enabled = None if region_info is None else enabled_regions(read_results(region_info))
    return plan_problems(plan, allowed_regions or [], denied_regions or [], enabled)


class FilterModule:
    def filters(self):
        return {"region_rule_problems": region_rule_problems}
