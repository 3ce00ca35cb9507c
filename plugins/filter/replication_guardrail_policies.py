# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replication_guardrail_policies
short_description: An IAM policy and a service control policy that make AWS enforce a replication Region policy
version_added: 1.0.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Builds the Deny statements that make AWS refuse, for every principal the policy applies to, a replica outside the
    allowed Regions or in a denied one (denied Regions win over allowed ones), and, unless O(allow_overwrite), replacing
    a same-named secret in a replica Region. They cover both ways a secret gets replicas,
    C(secretsmanager:ReplicateSecretToRegions) and C(secretsmanager:CreateSecret) with replicas.
  - "AWS condition keys (Secrets Manager user guide, Prevent replication): C(secretsmanager:AddReplicaRegions), a
    multivalued key, with C(ForAnyValue), which is false when the request names no replica Region, so secrets created
    without replicas stay allowed; and C(secretsmanager:ForceOverwriteReplicaSecret) (Bool)."
  - Returns the same statements as two texts, an IAM identity policy and a service control policy (SCP). The SCP text
    has no whitespace, because AWS Organizations counts it against the SCP's 5,120 characters when a policy is saved
    through the API or CLI.
  - "Fails with every problem, each with its fix, when the Regions break a Region rule of the
    P(secretsmanager.replication.replicate#role) role: each Region must be a Secrets Manager Region known to botocore,
    and all of them must be in one partition (AWS: secrets replicate only within one partition, so one guardrail covers
    one partition). At least one allowed or denied Region is needed."
extends_documentation_fragment:
  - secretsmanager.replication.guardrail_regions
options:
  allow_overwrite:
    description:
      - Leave out the statement that denies C(ForceOverwriteReplicaSecret).
      - Survey strings such as V(true) and V(false) are read as booleans; anything else fails.
    type: bool
    default: false
seealso:
  - plugin: secretsmanager.replication.region_rule_problems
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Write the IAM policy that keeps replicas in two Regions
  ansible.builtin.copy:
    content: "{{ guardrail.identity_policy_json }}"
    dest: /tmp/replication-guardrail.json
    mode: "0644"
  vars:
    guardrail: "{{ ['eu-west-1', 'eu-central-1'] | secretsmanager.replication.replication_guardrail_policies }}"
"""

RETURN = r"""
_value:
  description: The guardrail.
  type: dict
  contains:
    partition:
      description: The partition of every listed Region; the policies are meant for accounts in that partition.
      type: str
      sample: aws
    allowed_regions:
      description: The Regions replicas may be in, sorted, without the denied ones; V(None) when no Region was allowed.
      type: list
      elements: str
      sample: [eu-central-1, eu-west-1]
    denied_regions:
      description: The denied Regions, sorted.
      type: list
      elements: str
      sample: [us-east-1]
    allow_overwrite:
      description: Whether replacing a same-named secret in a replica Region stays allowed.
      type: bool
      sample: false
    summary:
      description: The guardrail in one sentence.
      type: str
      sample: >-
        Partition aws: replicas allowed in eu-central-1, eu-west-1; denied in us-east-1; replacing a same-named secret
        in a replica Region denied
    policy:
      description: The policy document, with its Deny statements.
      type: dict
      sample:
        Version: "2012-10-17"
        Statement:
          - Sid: DenyReplicasOutsideAllowedRegions
            Effect: Deny
            Action: [secretsmanager:CreateSecret, secretsmanager:ReplicateSecretToRegions]
            Resource: "*"
            Condition:
              ForAnyValue:StringNotEquals:
                secretsmanager:AddReplicaRegions: [eu-central-1, eu-west-1]
    identity_policy_json:
      description: The policy as an indented JSON text, for an IAM identity policy.
      type: str
    service_control_policy_json:
      description: The policy as a JSON text without whitespace, for an AWS Organizations service control policy.
      type: str
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guardrail import guardrail_policies
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import HAS_BOTOCORE


def replication_guardrail_policies(allowed_regions, denied_regions=None, allow_overwrite=False):
    if not HAS_BOTOCORE:
        raise AnsibleFilterError("the replication_guardrail_policies filter needs botocore on the controller: pip install botocore")
    try:
        allow_overwrite = boolean(allow_overwrite, strict=True)
    except TypeError as error:
        raise AnsibleFilterError(f"allow_overwrite must be true or false: {error}") from error
    try:
        return guardrail_policies(allowed_regions, denied_regions, allow_overwrite)
    except ValueError as error:
        raise AnsibleFilterError(f"no replication guardrail: {error}") from error


class FilterModule:
    def filters(self):
        return {"replication_guardrail_policies": replication_guardrail_policies}
