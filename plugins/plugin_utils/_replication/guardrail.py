# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Region guardrails that AWS itself enforces: an IAM identity policy and a service control policy (SCP).

AWS rules these policies follow:
- Secrets Manager user guide, "Prevent replication": a secret gets replicas through ReplicateSecretToRegions, and
  through CreateSecret with AddReplicaRegions. Both requests carry the condition key secretsmanager:AddReplicaRegions,
  which is multivalued (ArrayOfString) and absent when no replica is asked for. secretsmanager:ForceOverwriteReplicaSecret
  (Bool) is on the same two actions.
- IAM reference, multivalued context keys: ForAnyValue is false when the key is absent, and with a negated operator it
  is true when at least one requested value matches none of the listed values. So a Deny with
  ForAnyValue:StringNotEquals refuses a request naming any Region outside the list and leaves a secret created
  without replicas alone. (ForAllValues is true for an absent key: that Deny would refuse every CreateSecret.)
- AWS Organizations quotas: an SCP holds at most 5,120 characters, and whitespace counts when the policy is saved
  through the API or CLI, so the SCP text is written without it.
"""

import json

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import partition_for_region
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import unknown_region_problem

from .survey import SurveyInputError
from .survey import survey_list

POLICY_VERSION = "2012-10-17"
REPLICATING_ACTIONS = ["secretsmanager:CreateSecret", "secretsmanager:ReplicateSecretToRegions"]
REPLICA_REGIONS_KEY = "secretsmanager:AddReplicaRegions"
OVERWRITE_KEY = "secretsmanager:ForceOverwriteReplicaSecret"


def _region_lists(allowed_regions, denied_regions):
    """({label: Regions}, problems): the two inputs as lists (survey strings are split), or why one is not a list."""
    lists, problems = {}, []
    for label, value in (("allowed Regions", allowed_regions), ("denied Regions", denied_regions)):
        try:
            lists[label] = survey_list(value, label)
        except SurveyInputError as e:
            lists[label] = []
            problems.append(e.message)
    return lists, problems


def guardrail_problems(allowed_regions, denied_regions):
    """Every reason the allowed and denied Regions cannot make a guardrail, each with its fix; empty when they can.

    The Region rules for replicas that need no primary: a Secrets Manager Region known to botocore, and one partition for all
    (AWS: secrets replicate only within one partition, so one guardrail covers one partition).
    """
    lists, problems = _region_lists(allowed_regions, denied_regions)
    if problems:
        return problems
    if not any(lists.values()):
        return [
            "no Region policy given: list the Regions replicas may be in (allowed Regions), the Regions they must not be "
            "in (denied Regions), or both"
        ]
    by_partition = {}
    for label, regions in lists.items():
        for region in regions:
            problem = unknown_region_problem(region)
            if problem:
                problems.append(f"{label}: {problem}")
            else:
                by_partition.setdefault(partition_for_region(region), set()).add(region)
    if len(by_partition) > 1:
        listing = "; ".join(f"'{partition}': {', '.join(sorted(regions))}" for partition, regions in sorted(by_partition.items()))
        problems.append(
            f"the Regions are in more than one partition ({listing}): secrets replicate only within one partition, so a "
            "guardrail covers one partition; make one guardrail per partition, each listing only that partition's Regions"
        )
    return problems


def guardrail_refusal(allowed_regions, denied_regions):
    """guardrail.yml's refusal, naming every problem of its guardrail_allowed_regions and guardrail_denied_regions; None when there is none."""
    problems = guardrail_problems(allowed_regions, denied_regions)
    if not problems:
        return None
    return f"Guardrail refused, nothing was written. Fix guardrail_allowed_regions / guardrail_denied_regions: {'; '.join(problems)}"


def _statement(sid, condition):
    return {"Sid": sid, "Effect": "Deny", "Action": list(REPLICATING_ACTIONS), "Resource": "*", "Condition": condition}


def _region_statement(allowed, still_allowed, denied):
    if not allowed:
        return _statement("DenyReplicasInDeniedRegions", {"ForAnyValue:StringEquals": {REPLICA_REGIONS_KEY: denied}})
    if not still_allowed:
        # Every allowed Region is also denied: no Region may hold a replica, so any replica Region is refused.
        return _statement("DenyEveryReplicaRegion", {"Null": {REPLICA_REGIONS_KEY: "false"}})
    return _statement("DenyReplicasOutsideAllowedRegions", {"ForAnyValue:StringNotEquals": {REPLICA_REGIONS_KEY: still_allowed}})


def _summary(partition, allowed, still_allowed, denied, allow_overwrite):
    if not allowed:
        where = "every Region"
    else:
        where = ", ".join(still_allowed) or "no Region"
    return (
        f"Partition {partition}: replicas allowed in {where}; denied in {', '.join(denied) or 'no Region'}; "
        f"replacing a same-named secret in a replica Region {'allowed' if allow_overwrite else 'denied'}"
    )


def guardrail_policies(allowed_regions, denied_regions, allow_overwrite=False):
    """The guardrail: one set of Deny statements, as the text of an IAM identity policy and of an SCP.

    They deny, for every principal the policy applies to, replicas outside the allowed Regions or in the denied ones
    (denied wins over allowed), and, unless `allow_overwrite`, replacing a same-named secret in a replica Region.
    Takes lists or survey strings. Raises ValueError with every problem when the Regions break a Region rule.
    Regions are sorted and listed once, so the same guardrail always gives the same text.
    """
    if not isinstance(allow_overwrite, bool):
        # A survey's "false" is a true value in Python: it would silently drop the overwrite statement.
        raise TypeError(f"allow_overwrite must be a boolean, not {type(allow_overwrite).__name__} {allow_overwrite!r}")
    problems = guardrail_problems(allowed_regions, denied_regions)
    if problems:
        raise ValueError("; ".join(problems))
    lists, dummy = _region_lists(allowed_regions, denied_regions)
    allowed, denied = sorted(lists["allowed Regions"]), sorted(lists["denied Regions"])
    still_allowed = [region for region in allowed if region not in denied]
    statements = [_region_statement(allowed, still_allowed, denied)]
    if not allow_overwrite:
        statements.append(_statement("DenyReplicaOverwrite", {"Bool": {OVERWRITE_KEY: "true"}}))
    policy = {"Version": POLICY_VERSION, "Statement": statements}
    partition = partition_for_region((allowed or denied)[0])
    return {
        "partition": partition,
        # None: no allow-list, every Region but the denied ones may hold replicas.
        "allowed_regions": still_allowed if allowed else None,
        "denied_regions": denied,
        "allow_overwrite": allow_overwrite,
        "summary": _summary(partition, allowed, still_allowed, denied, allow_overwrite),
        "policy": policy,
        "identity_policy_json": json.dumps(policy, indent=2) + "\n",
        "service_control_policy_json": json.dumps(policy, separators=(",", ":")),
    }
