# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replication_guardrail_problems
short_description: Why a list of allowed and denied Regions cannot make a replication guardrail, or nothing
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Checks the Regions of a Region policy before the C(secretsmanager.replication.guardrail) playbook writes the policies
    that make AWS enforce it, and returns every problem at once, each with its fix.
  - "The Region rules of the P(secretsmanager.replication.replicate#role) role: each Region must be a Secrets Manager
    Region known to botocore, and all of them must be in one partition (AWS: secrets replicate only within one
    partition, so one guardrail covers one partition)."
  - At least one allowed or denied Region is needed.
extends_documentation_fragment:
  - secretsmanager.replication.guardrail_regions
seealso:
  - plugin: secretsmanager.replication.replication_guardrail_policies
    plugin_type: filter
  - plugin: secretsmanager.replication.region_rule_problems
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Refuse a Region policy that cannot become a guardrail, listing every problem
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | join('; ') }}"
  vars:
    problems: "{{ 'eu-west-1, eu-central-1' | secretsmanager.replication.replication_guardrail_problems(denied_regions=['cn-north-1']) }}"
"""

RETURN = r"""
_value:
  description: One message per problem, saying what is wrong, which Region, and how to fix it; empty when there is none.
  type: list
  elements: str
  sample:
    - >-
      the Regions are in more than one partition ('aws': eu-west-1; 'aws-cn': cn-north-1): secrets replicate only
      within one partition, so a guardrail covers one partition; make one guardrail per partition, each listing only
      that partition's Regions
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guardrail import guardrail_problems
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import HAS_BOTOCORE


def replication_guardrail_problems(allowed_regions, denied_regions=None):
    if not HAS_BOTOCORE:
        raise AnsibleFilterError("the replication_guardrail_problems filter needs botocore on the controller: pip install botocore")
    return guardrail_problems(allowed_regions, denied_regions)


class FilterModule:
    def filters(self):
        return {"replication_guardrail_problems": replication_guardrail_problems}
