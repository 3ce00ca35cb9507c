# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: aws_partition
short_description: The AWS partition of a Region, from botocore's partition data
version_added: 1.0.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Returns the name of the AWS partition whose Region pattern matches the input, for example V(aws) for V(eu-west-1),
    V(aws-cn) for V(cn-north-1), V(aws-us-gov) for V(us-gov-west-1).
  - Returns V(None) when the input matches no partition (a misspelt Region, or not a string).
  - "AWS rule: secrets replicate only within one partition. Two Regions can hold a primary and its replica only when this
    filter gives the same partition for both."
  - The data comes from the installed botocore, so new Regions and partitions need no change here.
options:
  _input:
    description: A Region name.
    type: str
    required: true
requirements:
  - botocore
seealso:
  - plugin: secretsmanager.replication.region_rule_problems
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Show the partition of a Region
  ansible.builtin.debug:
    msg: "{{ 'cn-north-1' | secretsmanager.replication.aws_partition }}"  # aws-cn

- name: Refuse a replica Region in another partition than the primary
  ansible.builtin.assert:
    that:
      - (replica_region | secretsmanager.replication.aws_partition) == (primary_region | secretsmanager.replication.aws_partition)
    fail_msg: "{{ replica_region }} is not in the partition of {{ primary_region }}"
"""

RETURN = r"""
_value:
  description: The partition name, or V(None) when no partition matches.
  type: str
  sample: aws
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import HAS_BOTOCORE
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import partition_for_region


def aws_partition(region):
    if not HAS_BOTOCORE:
        raise AnsibleFilterError("the aws_partition filter needs botocore on the controller: pip install botocore")
    return partition_for_region(region)


class FilterModule:
    def filters(self):
        return {"aws_partition": aws_partition}
