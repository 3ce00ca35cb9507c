# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replica_region_problem
short_description: Why a Region cannot hold a replica of a secret, or nothing
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Applies the AWS Region rules for Secrets Manager replicas to one replica Region and the primary secret's Region.
  - "Returns a message that says what is wrong and how to fix it when the replica Region is not a Secrets Manager Region
    known to botocore, is in another partition than the primary (AWS: commercial, China and GovCloud Regions never
    replicate across), or is the primary's own Region. Returns V(None) when the Region can hold a replica."
  - Account-specific checks (opt-in Regions, KMS keys) need AWS calls and are not done here;
    the P(secretsmanager.replication.replicate#role) role does them in its preflight.
positional: primary_region
options:
  _input:
    description: The replica Region.
    type: str
    required: true
  primary_region:
    description: The Region of the primary secret.
    type: str
    required: true
requirements:
  - botocore
seealso:
  - plugin: secretsmanager.replication.aws_partition
    plugin_type: filter
  - plugin: secretsmanager.replication.replica_region_problems
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Refuse a replica Region that breaks the AWS Region rules
  ansible.builtin.assert:
    that: (replica_region | secretsmanager.replication.replica_region_problem(primary_region)) is none
    fail_msg: "{{ replica_region | secretsmanager.replication.replica_region_problem(primary_region) }}"
  vars:
    primary_region: us-east-1
    replica_region: cn-north-1
"""

RETURN = r"""
_value:
  description: The problem, with its fix, or V(None) when the Region can hold the replica.
  type: str
  sample: >-
    'cn-north-1' is in partition 'aws-cn' but the primary Region 'us-east-1' is in 'aws': secrets replicate only
    within one partition; choose a Region of 'aws'
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.regions import HAS_BOTOCORE
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.regions import replica_region_problem as _replica_region_problem


def replica_region_problem(region, primary_region):
    if not HAS_BOTOCORE:
        raise AnsibleFilterError("the replica_region_problem filter needs botocore on the controller: pip install botocore")
    return _replica_region_problem(region, primary_region)


class FilterModule:
    def filters(self):
        return {"replica_region_problem": replica_region_problem}
