# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replica_region_problems
short_description: Every Region rule and Region policy violation in a replication plan, at once
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Checks every replica of every secret in a plan and returns one entry per violation, so a play can refuse the whole
    plan with one message instead of stopping at the first problem.
  - "AWS Region rules (from botocore's partition data): the primary's Region and each replica Region must be Secrets
    Manager Regions; a replica must be in the primary's partition (commercial, China and GovCloud never replicate
    across) and not in the primary's own Region; a replica's KMS key ARN must be in the replica's Region (KMS keys are
    per Region)."
  - "Plan rules: each Region at most once per secret."
  - "Organisation policy: O(allowed_regions) (empty allows every Region), O(denied_regions), and, when O(enabled_regions)
    is given, the Regions enabled in the account (AWS: an opt-in Region must be enabled before it can hold a replica)."
  - A replica that breaks an AWS Region rule is not checked further, so each replica is reported once for its first problem.
options:
  _input:
    description:
      - The plan, a list of secrets.
      - Each secret is a dict with V(secret_id), V(primary_region) (V(None) when not known), and V(replicas), a list of dicts
        with V(region) and optionally V(kms_key_id).
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
  enabled_regions:
    description:
      - The Regions enabled in the account, for example the V(region_name) of every Region that M(amazon.aws.aws_region_info)
        reports with an V(opt_in_status) other than V(not-opted-in).
      - V(None) skips the opt-in check.
    type: list
    elements: str
requirements:
  - botocore
seealso:
  - plugin: secretsmanager.replication.replica_region_problem
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Refuse a replication plan that breaks any Region rule, listing every violation
  ansible.builtin.assert:
    that: problems | length == 0
    fail_msg: "{{ problems | map(attribute='problem') | list }}"
  vars:
    plan:
      - secret_id: app/db
        primary_region: us-east-1
        replicas:
          - region: eu-west-1
          - region: cn-north-1
    problems: "{{ plan | secretsmanager.replication.replica_region_problems(allowed_regions=['eu-west-1', 'eu-central-1']) }}"
"""

RETURN = r"""
_value:
  description: One entry per violation, in plan order; empty when the plan can be applied.
  type: list
  elements: dict
  contains:
    secret_id:
      description: The secret, as given in the plan.
      type: str
      sample: app/db
    region:
      description: The Region concerned (the primary's Region for a problem with the primary).
      type: str
      sample: cn-north-1
    about:
      description:
        - V(primary) when the primary's Region is missing or unknown (the secret's replicas are then not checked),
          V(replica) for a problem with one replica.
      type: str
      sample: replica
    problem:
      description: What is wrong and how to fix it.
      type: str
      sample: >-
        'cn-north-1' is in partition 'aws-cn' but the primary Region 'us-east-1' is in 'aws': secrets replicate only
        within one partition; choose a Region of 'aws'
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.regions import HAS_BOTOCORE
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.regions import is_known_region
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.regions import replica_region_problem
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.replica_inputs import kms_key_problems
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.replica_inputs import resolve_primary_region


def _primary_problem(primary_region):
    if not primary_region:
        return (
            "the primary secret's Region is not known: give the secret's ARN as its id, or set the primary Region "
            "(replicate_primary_region, or the AWS_REGION environment variable)"
        )
    if not is_known_region(primary_region):
        return (
            f"the primary Region '{primary_region}' is not a Secrets Manager Region known to botocore: check the spelling "
            "(Regions are lower case, like 'eu-west-1'), or upgrade botocore if the Region is new"
        )
    return None


def _named_key(replica):
    """The replica's kms_key_id, or None where the role treats it as not given (empty, not a string)."""
    key = replica.get("kms_key_id")
    return key if isinstance(key, str) and key.strip() else None


def _policy_problem(region, allowed_regions, denied_regions, enabled_regions):
    if region in denied_regions:
        return f"'{region}' is a denied Region in the Region policy: remove it from the replicas, or change the policy"
    if allowed_regions and region not in allowed_regions:
        return (
            f"'{region}' is not an allowed Region in the Region policy (allowed: {', '.join(allowed_regions)}): "
            "remove it from the replicas, or add it to the allowed Regions"
        )
    if enabled_regions is not None and region not in enabled_regions:
        return (
            f"'{region}' is an opt-in Region that is not enabled in this account: enable it (AWS Account settings, "
            "Regions; or 'aws account enable-region'), or remove it from the replicas"
        )
    return None


def _secret_problems(secret, allowed_regions, denied_regions, enabled_regions):
    secret_id = secret.get("secret_id")
    # Same secret_id rules as secret_replica: an ARN names the primary's Region, a malformed one is refused.
    arn_region, secret_id_problems = resolve_primary_region(secret_id, None)
    if secret_id_problems:
        return [{"secret_id": secret_id, "region": None, "about": "secret", "problem": problem} for problem in secret_id_problems]
    primary_region = arn_region or secret.get("primary_region")
    problem = _primary_problem(primary_region)
    if problem:
        return [{"secret_id": secret_id, "region": primary_region, "about": "primary", "problem": problem}]

    problems = []
    seen = set()
    for replica in secret.get("replicas") or []:
        region = replica.get("region")
        if region in seen:
            problem = f"'{region}' is listed more than once for this secret: list each replica Region once"
        else:
            problem = (
                replica_region_problem(region, primary_region)
                or next(iter(kms_key_problems(region, _named_key(replica))), None)
                or _policy_problem(region, allowed_regions, denied_regions, enabled_regions)
            )
        seen.add(region)
        if problem:
            problems.append({"secret_id": secret_id, "region": region, "about": "replica", "problem": problem})
    return problems


def replica_region_problems(secrets, allowed_regions=None, denied_regions=None, enabled_regions=None):
    if not HAS_BOTOCORE:
        raise AnsibleFilterError("the replica_region_problems filter needs botocore on the controller: pip install botocore")
    if not is_sequence(secrets) or not all(isinstance(secret, dict) for secret in secrets):
        raise AnsibleFilterError("replica_region_problems expects a list of dicts with secret_id, primary_region and replicas")
    allowed_regions = list(allowed_regions or [])
    denied_regions = list(denied_regions or [])
    enabled_regions = None if enabled_regions is None else list(enabled_regions)
    problems = []
    for secret in secrets:
        problems.extend(_secret_problems(secret, allowed_regions, denied_regions, enabled_regions))
    return problems


class FilterModule:
    def filters(self):
        return {"replica_region_problems": replica_region_problems}
