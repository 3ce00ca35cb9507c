# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every Region rule and Region-policy violation of a replication plan, at once. Pure functions, no AWS call.

AWS Region rules (regions.py, from botocore's partition data): the primary's Region
and each replica Region must be Secrets Manager Regions; a replica must be in the
primary's partition and not in the primary's own Region; a replica's KMS key ARN must
be in the replica's Region. Organisation policy: allowed and denied Regions, and
(AWS) an opt-in Region must be enabled in the account before it can hold a replica.
"""

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import partition_for_region
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import replica_region_problem
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import unknown_region_problem
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.inputs import kms_key_problems
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.inputs import resolve_primary_region

NOT_OPTED_IN = "not-opted-in"

# AWS Account Management guide, "Enable or disable AWS Regions in your account": Regions launched before March 20, 2019
# are enabled by default in every account and cannot be disabled. A fixed, historical list: a Region launched since is
# an opt-in Region, and is read.
ENABLED_IN_EVERY_ACCOUNT = frozenset((
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3",
    "eu-central-1", "eu-north-1", "ap-south-1", "ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2",
))


def problem(secret_id, region, about, text):
    """One violation: about is `secret` (its id), `primary` (its Region) or `replica` (one replica Region)."""
    return {"secret_id": secret_id, "region": region, "about": about, "problem": text}


def enabled_regions(region_infos):
    """The Regions enabled in the account, from amazon.aws.aws_region_info results (a list of their `regions`).

    EC2 DescribeRegions lists the enabled Regions; with AllRegions it also lists the others
    with OptInStatus not-opted-in. None when nothing was read (the check is skipped).
    """
    if region_infos is None:
        return None
    enabled = set()
    for info in region_infos:
        for region in info.get("regions") or []:
            if region.get("opt_in_status") != NOT_OPTED_IN:
                enabled.add(region["region_name"])
    return sorted(enabled)


def needs_opt_in_check(secret):
    """Whether a plan entry has a replica Region that may be an opt-in Region not enabled in the account."""
    return any(replica.get("region") not in ENABLED_IN_EVERY_ACCOUNT for replica in secret.get("replicas") or [])


def opt_in_read_regions(entries):
    """The Regions to read the account's enabled Regions in: one per partition, for the entries that need the check.

    The enabled Regions are the account's, the same from any Region of a partition, and a replica is always in its
    primary's partition (AWS), so one read per partition covers every entry.
    """
    by_partition = {}
    for entry in entries:
        region = entry.get("primary_region")
        if region and needs_opt_in_check(entry):
            by_partition.setdefault(partition_for_region(region), set()).add(region)
    return sorted(min(regions) for regions in by_partition.values())


def policy_problem(region, allowed_regions, denied_regions, enabled):
    if region in denied_regions:
        return f"'{region}' is a denied Region in the Region policy: remove it from the replicas, or change the policy"
    if allowed_regions and region not in allowed_regions:
        return (
            f"'{region}' is not an allowed Region in the Region policy (allowed: {', '.join(allowed_regions)}): "
            "remove it from the replicas, or add it to the allowed Regions"
        )
    if enabled is not None and region not in enabled:
        return (
            f"'{region}' is an opt-in Region that is not enabled in this account: enable it (AWS Account settings, "
            "Regions; or 'aws account enable-region'), or remove it from the replicas"
        )
    return None


def _primary_problem(primary_region):
    if not primary_region:
        return (
            "the primary secret's Region is not known: give the secret's ARN as its id, or set the primary Region "
            "(replicate_primary_region, module_defaults for group/secretsmanager.replication.aws, AWS_REGION or the AWS profile)"
        )
    return unknown_region_problem(primary_region)


def _named_key(replica):
    """The replica's kms_key_id, or None where it counts as not given (empty, not a string)."""
    key = replica.get("kms_key_id")
    return key if isinstance(key, str) and key.strip() else None


def secret_problems(secret, allowed_regions=(), denied_regions=(), enabled=None):
    """Violations of one plan entry {secret_id, primary_region, replicas}; each replica reported once, for its first problem."""
    secret_id = secret.get("secret_id")
    # Same secret_id rules as secret_replica: an ARN names the primary's Region, a malformed one is refused.
    arn_region, secret_id_problems = resolve_primary_region(secret_id, None)
    if secret_id_problems:
        return [problem(secret_id, None, "secret", text) for text in secret_id_problems]
    primary_region = arn_region or secret.get("primary_region")
    text = _primary_problem(primary_region)
    if text:
        return [problem(secret_id, primary_region, "primary", text)]

    problems = []
    seen = set()
    for replica in secret.get("replicas") or []:
        region = replica.get("region")
        if region in seen:
            text = f"'{region}' is listed more than once for this secret: list each replica Region once"
        else:
            text = (
                replica_region_problem(region, primary_region)
                or next(iter(kms_key_problems(region, _named_key(replica))), None)
                or policy_problem(region, allowed_regions, denied_regions, enabled)
            )
        seen.add(region)
        if text:
            problems.append(problem(secret_id, region, "replica", text))
    return problems


def region_rule_problems(plan, allowed_regions=(), denied_regions=(), enabled=None):
    """Every violation of every plan entry, in plan order; [] when the plan can be applied."""
    allowed_regions, denied_regions = list(allowed_regions or []), list(denied_regions or [])
    problems = []
    for secret in plan:
        problems.extend(secret_problems(secret, allowed_regions, denied_regions, enabled))
    return problems
