# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Input checks for secret_replica, made before any AWS call.

Pure functions: each returns a list of problems, every one naming what is wrong,
where (the Region) and how to fix it, so a run reports all of them at once.
"""

from collections import Counter

from .regions import replica_region_problem
from .shaping import parse_secret_arn

# AWS API reference, DescribeSecret: SecretId is 1 to 2048 characters.
SECRET_ID_MAX_LENGTH = 2048


def parse_kms_arn(value):
    """{partition, region, account_id, resource} of a KMS key or alias ARN, or None.

    arn:<partition>:kms:<region>:<account>:key/<key id> or ...:alias/<alias name>
    """
    if not isinstance(value, str):
        return None
    parts = value.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "kms" or not parts[1] or not parts[3]:
        return None
    resource = parts[5]
    if not (resource.startswith("key/") or resource.startswith("alias/")) or resource.endswith("/"):
        return None
    return {"partition": parts[1], "region": parts[3], "account_id": parts[4], "resource": resource}


def resolve_primary_region(secret_id, region_option):
    """(primary Region or None, problems) from the secret_id and region options.

    AWS: a secret's ARN names its Region, which is the primary's Region here.
    """
    problems = []
    if not secret_id:
        return None, ["secret_id is empty: give the name or ARN of the primary secret"]
    if len(secret_id) > SECRET_ID_MAX_LENGTH:
        problems.append(
            f"secret_id is {len(secret_id)} characters long; AWS accepts at most {SECRET_ID_MAX_LENGTH}: give the secret's name or ARN"
        )
        return None, problems
    if not secret_id.startswith("arn:"):
        return region_option or None, problems
    arn = parse_secret_arn(secret_id)
    if arn is None:
        problems.append(
            f"secret_id '{secret_id}' looks like an ARN but is not a Secrets Manager secret ARN "
            "(arn:<partition>:secretsmanager:<region>:<account>:secret:<name>): give the secret's full ARN or its name"
        )
        return region_option or None, problems
    if region_option and region_option != arn["region"]:
        problems.append(
            f"region '{region_option}' conflicts with the secret's ARN, which is in '{arn['region']}' (the primary's Region): "
            f"set region to '{arn['region']}' or leave it out"
        )
    return arn["region"], problems


def replica_problems(replicas, primary_region, state="present"):
    """Problems with the `replicas` list for a primary secret in `primary_region`.

    Rules (AWS user guide, replication): a replica lives in another Region of the
    primary's partition; KMS keys are per Region, so a key ARN must name the
    replica's Region. A Region listed twice is ambiguous.
    """
    problems = []
    counts = Counter(spec.get("region") for spec in replicas)
    for region in sorted(region for region, count in counts.items() if count > 1 and region):
        problems.append(f"'{region}' is listed {counts[region]} times in replicas: list each Region once")
    seen = set()
    for spec in replicas:
        region = spec.get("region")
        if not region:
            problems.append("a replicas entry has no region: give each entry a region, like 'eu-west-1'")
            continue
        if region in seen:
            continue
        seen.add(region)
        problem = replica_region_problem(region, primary_region)
        if problem:
            problems.append(problem)
        if state == "present":
            problems.extend(kms_key_problems(region, spec.get("kms_key_id")))
    return problems


def kms_key_problems(region, kms_key_id):
    """Problems with a replica's kms_key_id (the module and the role's preflight share this rule)."""
    if kms_key_id is None:
        return []
    if not kms_key_id.strip():
        return [f"kms_key_id for '{region}' is empty: give a key id, key ARN, alias name or alias ARN, or leave it out to keep the replica's key"]
    if not kms_key_id.startswith("arn:"):
        return []
    arn = parse_kms_arn(kms_key_id)
    if arn is None:
        return [
            f"kms_key_id '{kms_key_id}' for '{region}' is not a KMS key or alias ARN "
            "(arn:<partition>:kms:<region>:<account>:key/<id> or ...:alias/<name>): give a key id, key ARN, alias name or alias ARN"
        ]
    if arn["region"] != region:
        return [
            f"kms_key_id '{kms_key_id}' for '{region}' is a key in '{arn['region']}': KMS keys are per Region and a replica "
            f"must use a key in its own Region; give a key of '{region}' (for a multi-Region key, its '{region}' ARN)"
        ]
    return []


def input_problems(params, region_option):
    """(primary Region, all problems) for the module's parameters."""
    state = params.get("state") or "present"
    # A promotion calls only the replica Regions, so the region option plays no part (in a disaster it is
    # often the replica's Region); only an ARN tells where the primary is.
    primary_region, problems = resolve_primary_region(params.get("secret_id"), None if state == "promoted" else region_option)
    if state == "promoted" and not (params.get("secret_id") or "").startswith("arn:"):
        primary_region = None
    if primary_region is None and state != "promoted" and not problems:
        problems.append("no Region given for the primary secret: set region (the primary's Region) or give the secret's ARN as secret_id")
    problems.extend(replica_problems(params.get("replicas") or [], primary_region, state))
    wait_timeout = params.get("wait_timeout")
    if wait_timeout is not None and wait_timeout < 0:
        problems.append(f"wait_timeout is {wait_timeout}: give a number of seconds, 0 or more")
    return primary_region, problems
