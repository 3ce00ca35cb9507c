# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Input checks for secret_replica and secret_replica_info, made before any AWS call.

Pure functions: each returns a list of problems, every one naming what is wrong,
where (the Region) and how to fix it, so a run reports all of them at once.
"""

from collections import Counter

from .cross_account import account_of
from .cross_account import link_problems
from ..aws.pacing import AWS_WRITE_QUOTA_PER_SECOND
from .regions import replica_region_problem
from .regions import unknown_region_problem
from .shaping import parse_secret_arn
from .shaping import secret_name_of_arn

# AWS API reference, DescribeSecret: SecretId is 1 to 2048 characters.
SECRET_ID_MAX_LENGTH = 2048
# ListSecrets filter keys (API reference, ListSecrets, Filter.Key).
FILTER_KEYS = ("name", "tag-key", "tag-value", "description", "primary-region", "owning-service", "all")


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


def primary_region_conflict(region_option, arn_region):
    """secret_replica: the ARN's Region is the primary's, the only Region the secret is managed in."""
    return (
        f"region '{region_option}' conflicts with the secret's ARN, which is in '{arn_region}' (the primary's Region): "
        f"set region to '{arn_region}' or leave it out"
    )


def described_region_conflict(region_option, arn_region):
    """secret_replica_info: the ARN's Region is the one described in; by name, the secret is described in any Region."""
    return (
        f"secret_id is an ARN in {arn_region} but region is {region_option}: set region to {arn_region}, "
        f"or pass the secret's name to describe it in {region_option}"
    )


def resolve_primary_region(secret_id, region_option, conflict=primary_region_conflict):
    """(primary Region or None, problems) from the secret_id and region options.

    AWS: a secret's ARN names its Region, which is the primary's Region here (for secret_replica_info, the Region
    described in). conflict(region option, ARN's Region) words a region option that names another Region.
    """
    problems = []
    if not secret_id:
        return None, ["secret_id is empty: give the secret's name or ARN"]
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
        problems.append(conflict(region_option, arn["region"]))
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
    """(primary Region, all problems) for one secret's parameters (secret_id, replicas, state)."""
    state = params.get("state") or "present"
    # A promotion calls only the replica Regions, so the region option plays no part (in a disaster it is
    # often the replica's Region); only an ARN tells where the primary is.
    primary_region, problems = resolve_primary_region(params.get("secret_id"), None if state == "promoted" else region_option)
    if primary_region is None and state != "promoted" and not problems:
        problems.append("no Region given for the primary secret: set region (the primary's Region) or give the secret's ARN as secret_id")
    if state == "promoted" and primary_region and secret_name_of_arn(params["secret_id"]) is None:
        # A promotion describes the secret by name in each Region; a partial ARN does not say where the name ends.
        problems.append(
            f"secret_id '{params['secret_id']}' is a partial ARN: to promote by ARN give the primary's full ARN "
            "(ending in '-' and the 6 characters AWS adds), or give the secret's name"
        )
    # With only a cross-account replica to manage, the Regional replicas may be left out (nothing changes there).
    if params.get("replicas") is None and not params.get("cross_account_replica"):
        problems.append("replicas is not set: list the replica Regions ([] with purge_replicas: true removes every replica)")
    elif params.get("replicas") is None and params.get("purge_replicas"):
        problems.append("purge_replicas is true but replicas is not set: list the replicas to keep, or give replicas: [] to remove every one")
    problems.extend(replica_problems(params.get("replicas") or [], primary_region, state))
    problems.extend(link_problems(params.get("cross_account_replica"), primary_region, account_of(params.get("secret_id")), state))
    return primary_region, problems


# Options that only mean something with state=present: refused with the others, so a
# playbook that sets them never believes they did something.
PRESENT_ONLY_OPTIONS = ("purge_replicas", "overwrite")


def state_option_problems(state, options, where=""):
    """Problems for options set (not None) that mean nothing with `state`.

    options: a dict with purge_replicas, overwrite and replicas (each a dict with kms_key_id).
    """
    if state == "present":
        return []
    given = [name for name in PRESENT_ONLY_OPTIONS if options.get(name) is not None]
    if any((spec or {}).get("kms_key_id") is not None for spec in options.get("replicas") or []):
        given.append("replicas[].kms_key_id")
    return _unused_options_problems(given, state, where)


def _unused_options_problems(given, state, where):
    if not given:
        return []
    return [f"{where}{', '.join(given)} {'means' if len(given) == 1 else 'mean'} nothing with state={state}: remove {'it' if len(given) == 1 else 'them'}"]


# Options that only mean something with state=promoted.
PROMOTED_ONLY_OPTIONS = ("follower_regions", "verify_sync", "allow_out_of_sync")


def promotion_option_problems(state, options, where=""):
    """Problems with the promotion options (set, not None) in `options`: the module's, or one batch entry's."""
    if state != "promoted":
        return _unused_options_problems([name for name in PROMOTED_ONLY_OPTIONS if options.get(name) is not None], state, where)
    problems = []
    if options.get("allow_out_of_sync") and not options.get("verify_sync"):
        problems.append(
            f"{where}allow_out_of_sync means nothing without verify_sync: true (only that check can refuse a replica): remove it or set verify_sync"
        )
    return problems


def follower_region_problems(followers, replicas):
    """Problems with an entry's follower_regions: the old primary's other replicas, seen from the one Region promoted in."""
    if not followers:
        return []
    problems = []
    promoted = sorted({spec.get("region") for spec in replicas or [] if spec.get("region")})
    if len(promoted) != 1:
        problems.append(
            f"follower_regions needs exactly one Region in replicas (the Region that becomes primary), got {len(promoted)}: "
            "list one Region to promote in"
        )
    counts = Counter(followers)
    for region in sorted(region for region, count in counts.items() if count > 1):
        problems.append(f"'{region}' is listed {counts[region]} times in follower_regions: list each Region once")
    for region in sorted(counts):
        if region in promoted:
            problems.append(
                f"'{region}' is in both replicas and follower_regions: a Region is either promoted in or a follower; remove it from follower_regions"
            )
            continue
        problem = unknown_region_problem(region)
        if problem:
            problems.append(f"follower_regions: {problem}")
    return problems


def _region_option(given, secret_id, default_region):
    """The region option for one secret: the one given; else, for a name, the module's (options or environment).

    An ARN names the primary's Region itself, so only an explicitly given region can conflict with it.
    """
    if given:
        return given
    return None if (secret_id or "").startswith("arn:") else default_region


def secret_entries(params, default_region):
    """One entry per secret, whether the module got secret_id or secrets.

    An entry is {secret_id, region, replicas, purge_replicas, overwrite, cross_account_replica, label}: the top-level
    replicas, purge_replicas and overwrite are the defaults for batch entries that omit them.
    """
    if params.get("secrets") is None:
        items = [dict(params, region=params.get("region"))]
    else:
        items = params["secrets"]
        default_region = params.get("region") or default_region
    entries = []
    for index, item in enumerate(items):
        entry = {
            "secret_id": item.get("secret_id"),
            "region": _region_option(item.get("region"), item.get("secret_id"), default_region),
            "label": "" if params.get("secrets") is None else f"secrets[{index}] ({item.get('secret_id')}): ",
        }
        for name in ("replicas", "follower_regions") + PRESENT_ONLY_OPTIONS:
            entry[name] = item.get(name) if item.get(name) is not None else params.get(name)
        # One receiving secret per primary: never a default shared by batch entries.
        entry["cross_account_replica"] = item.get("cross_account_replica")
        entries.append(entry)
    return entries


def problems_text(problems):
    if len(problems) == 1:
        return problems[0]
    return f"{len(problems)} problems: " + " ".join(f"({number}) {problem};" for number, problem in enumerate(problems, 1)).rstrip(";")


def max_workers_problems(max_workers):
    if max_workers is not None and max_workers < 1:
        return [f"max_workers is {max_workers}: give 1 or more"]
    return []


def run_option_problems(params):
    """Problems with the options that apply to the whole run."""
    problems = []
    wait_timeout = params.get("wait_timeout")
    if wait_timeout is not None and wait_timeout < 0:
        problems.append(f"wait_timeout is {wait_timeout}: give a number of seconds, 0 or more")
    problems.extend(max_workers_problems(params.get("max_workers")))
    retries, retry_delay = params.get("retries"), params.get("retry_delay")
    if retries is not None and retries < 0:
        problems.append(f"retries is {retries}: give 0 or more")
    if retries and (params.get("state") or "present") == "promoted":
        problems.append("retries means nothing with state=promoted (a promotion is never run twice): remove it")
    if retry_delay is not None and retry_delay < 0:
        problems.append(f"retry_delay is {retry_delay}: give a number of seconds, 0 or more")
    rate = params.get("max_write_rate")
    # AWS Secrets Manager quotas: the write calls share 50 requests per second per Region, not adjustable.
    if rate is not None and not 0 < rate <= AWS_WRITE_QUOTA_PER_SECOND:
        problems.append(
            f"max_write_rate is {rate}: give more than 0 and at most {AWS_WRITE_QUOTA_PER_SECOND} "
            "(AWS's per-Region quota for Secrets Manager writes; stay under it to leave room for other callers)"
        )
    return problems


def batch_problems(params, entries):
    """(primary Region of each entry, every problem of every entry), checked before any call.

    Each problem starts with its entry's label, so one message lists them all.
    """
    state = params.get("state") or "present"
    problems = run_option_problems(params) + state_option_problems(state, params) + promotion_option_problems(state, params)
    if params.get("secrets") is not None and params.get("cross_account_replica"):
        problems.append("cross_account_replica is set with secrets: a primary has its own receiving secret, "
                        "so give it per entry (secrets[].cross_account_replica)")
    regions = []
    seen = set()
    for index, entry in enumerate(entries):
        if params.get("secrets") is not None:
            problems.extend(state_option_problems(state, params["secrets"][index], entry["label"]))
            problems.extend(promotion_option_problems(state, params["secrets"][index], entry["label"]))
        primary_region, entry_problems = input_problems(dict(entry, state=state), entry["region"])
        if state == "promoted":
            entry_problems += follower_region_problems(entry.get("follower_regions"), entry.get("replicas"))
        regions.append(primary_region)
        problems.extend(entry["label"] + problem for problem in entry_problems)
        key = (entry["secret_id"], primary_region)
        if key in seen:
            problems.append(f"{entry['label']}this secret is listed more than once: list each secret once")
        seen.add(key)
    return regions, problems + _shared_receiving_secrets(entries)


def _shared_receiving_secrets(entries):
    """AWS: a receiving secret is created for one primary; two entries naming it cannot both be associated."""
    owners = {}
    for entry in entries:
        arn = (entry.get("cross_account_replica") or {}).get("arn")
        if arn:
            owners.setdefault(arn, []).append(entry["secret_id"])
    return [
        f"cross_account_replica.arn '{arn}' is given for {len(secrets)} secrets ({', '.join(secrets)}): a receiving secret replicates "
        "one primary; give each secret its own"
        for arn, secrets in sorted(owners.items()) if len(secrets) > 1
    ]


# --- secret_replica_info ---


def filter_problems(filters):
    """Problems with the filters option (ListSecrets filters): keys are FILTER_KEYS (underscores accepted for dashes),
    values a non-empty string or a list of them."""
    problems = []
    for key, values in (filters or {}).items():
        if str(key).replace("_", "-") not in FILTER_KEYS:
            problems.append(f"filters: unknown key '{key}': use one of {', '.join(FILTER_KEYS)} (ListSecrets filter keys)")
            continue
        if not isinstance(values, list):
            values = [values]
        if not values or any(value is None or isinstance(value, (dict, list)) or str(value) == "" for value in values):
            problems.append(f"filters: '{key}' needs a non-empty string or a list of non-empty strings, got {values!r}")
    return problems


def regions_problems(regions, secret_ids):
    """Problems with the regions option (several Regions, each read itself)."""
    problems = [f"regions: {problem}" for problem in filter(None, (unknown_region_problem(region) for region in regions))]
    if len(set(regions)) != len(regions):
        problems.append("regions lists a Region more than once: list each Region once")
    if any(secret_id.startswith("arn:") for secret_id in secret_ids or []):
        problems.append("with regions, give secret names, not ARNs: an ARN names one Region, a name is looked up in each")
    return problems


def info_secret_ids(params):
    """The secrets secret_replica_info describes: secret_id as a list of one, else secret_ids (None: every listed secret)."""
    return [params["secret_id"]] if params.get("secret_id") is not None else params.get("secret_ids")


def info_input_problems(params, default_region):
    """(Region to describe in, every problem) for secret_replica_info's parameters, before any call.

    default_region: the Region the module uses for a name (region option, module_defaults, environment or profile).
    With regions, each Region is read itself and the Region is None. An ARN names the Region it is described in,
    as it names the primary's for secret_replica (resolve_primary_region).
    """
    problems = max_workers_problems(params.get("max_workers")) + filter_problems(params.get("filters"))
    secret_id, regions = params.get("secret_id"), params.get("regions")
    region_option = None if regions is not None else _region_option(params.get("region"), secret_id, default_region)
    region, secret_id_problems = (region_option, []) if secret_id is None else resolve_primary_region(
        secret_id, region_option, conflict=described_region_conflict)
    problems.extend(secret_id_problems)
    if regions is not None:
        return None, problems + regions_problems(regions, info_secret_ids(params))
    if region is None:
        if not secret_id_problems:
            problems.append("region is not set: set the region option or the AWS_REGION environment variable")
        return None, problems
    problem = unknown_region_problem(region)
    if problem:
        problems.append(f"region: {problem}")
    return region, problems
