# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The replicate role's decisions before and between its module calls. Pure functions, no AWS call.

A plan entry is {secret_id, primary_region, replicas, purge_replicas, overwrite_on_conflict}.
The role reads the secrets (secret_replica_info), asks the one planner (planning.plan_present)
which secrets have nothing to do (compliant), and calls secret_replica only for the others:
a first pass without overwrite (secret_replica itself retries the failures that are retryable),
then an overwrite pass for name conflicts the policy allows. Module results are matched by secret id.
"""

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import planning
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.key_directory import AWS_MANAGED_KEY_REFERENCES
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.inputs import resolve_primary_region
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.shaping import parse_secret_arn

from .region_policy import problem


def _overwrite_on_conflict(secret, overwrite_policy):
    """A secret's own `overwrite` wins over the role's replicate_overwrite (never / on_conflict)."""
    if secret.get("overwrite") is not None:
        return bool(secret["overwrite"])
    return overwrite_policy == "on_conflict"


def _replica(replica):
    """A copy of a requested replica whose blank kms_key_id ("" or spaces) means AWS's default key, as an omitted one does."""
    copy = dict(replica)
    if isinstance(copy.get("kms_key_id"), str):
        copy["kms_key_id"] = copy["kms_key_id"].strip() or None
    return copy


def plan_from_secrets(secrets, default_replicas, default_region, overwrite_policy="never"):
    """Plan entries from replicate_secrets: an ARN names its primary's Region, a name is in `default_region`."""
    plan = []
    for secret in secrets:
        secret_id = secret.get("secret_id")
        primary_region, dummy = resolve_primary_region(secret_id, default_region)
        replicas = secret.get("replicas")
        plan.append(
            {
                "secret_id": secret_id,
                "primary_region": primary_region,
                "replicas": [_replica(replica) for replica in (default_replicas if replicas is None else replicas) or []],
                "purge_replicas": bool(secret.get("purge_replicas")),
                "overwrite_on_conflict": _overwrite_on_conflict(secret, overwrite_policy),
            }
        )
    return plan


def plan_from_selected(entries, default_replicas, overwrite_policy="never"):
    """Plan entries for the primary secrets a selector read found; replicas of other Regions' secrets are left alone.

    Selector mode adds replicas and never removes any.
    """
    return [
        {
            "secret_id": entry["name"],
            "primary_region": entry["region"],
            "replicas": [_replica(replica) for replica in default_replicas],
            "purge_replicas": False,
            "overwrite_on_conflict": overwrite_policy == "on_conflict",
        }
        for entry in entries
        if not entry.get("is_replica")
    ]


def secret_reads(plan, problems=()):
    """One read per primary Region: [{region, secret_ids}], Regions in plan order.

    Secrets whose id or primary Region already broke a rule (problems about the secret or its primary) are not read.
    """
    unreadable = {item["secret_id"] for item in problems if item.get("about") in ("secret", "primary")}
    reads = {}
    for secret in plan:
        if secret.get("primary_region") and secret.get("secret_id") and secret["secret_id"] not in unreadable:
            reads.setdefault(secret["primary_region"], []).append(secret["secret_id"])
    return [{"region": region, "secret_ids": ids} for region, ids in reads.items()]


def index_entries(entries):
    """Read entries by ARN and by (name, Region), the first of each winning: what find_entry() looks in.

    Built once per read, so matching N secrets costs N lookups, not N scans.
    """
    index = {}
    for entry in entries:
        index.setdefault(entry.get("arn"), entry)
        index.setdefault((entry.get("name"), entry.get("region")), entry)
    return index


def find_entry(secret, index):
    """The read entry of a plan entry (index: index_entries()): by ARN for a secret given by ARN, else by name in its primary Region."""
    secret_id = secret["secret_id"]
    if not secret_id.startswith("arn:"):
        return index.get((secret_id, secret.get("primary_region")))
    entry = index.get(secret_id)
    if entry is None:
        # AWS accepts a partial ARN, without the 6-character suffix it adds to the name: the read has the full one.
        arn = parse_secret_arn(secret_id)
        named = index.get((arn["resource"][len("secret:"):], arn["region"])) if arn else None
        if named and (named.get("arn") or "").startswith(secret_id + "-"):
            entry = named
    return entry


def desired_replicas(secret):
    return [{"region": replica.get("region"), "kms_key_id": replica.get("kms_key_id") or None} for replica in secret.get("replicas") or []]


def planned_actions(secret, entry):
    """What secret_replica would do, from the read alone (KMS keys compared as strings: an alias and its key differ)."""
    current = planning.current_replicas(entry.get("replication_status") or [])
    return planning.plan_present(current, desired_replicas(secret), purge=secret.get("purge_replicas"))


def with_compliance(plan, entries, unread=None):
    """Each plan entry with `found`, `is_replica`, `arn`, `current_replicas`, `actions`, `compliant` and `todo`.

    compliant: the planner has nothing to do; todo: secret_replica must be called. An alias and the key it
    names are different strings, so such a secret is not compliant here and secret_replica, which resolves
    both with KMS, decides (and changes nothing). unread: {Region: error} for reads that failed; their
    secrets are neither found nor missing.
    """
    unread = unread or {}
    index = index_entries(entries)
    annotated = []
    for secret in plan:
        entry = find_entry(secret, index)
        read_error = unread.get(secret.get("primary_region")) if entry is None else None
        is_replica = bool(entry and entry.get("is_replica"))
        actions = planned_actions(secret, entry) if entry and not is_replica else []
        compliant = entry is not None and not is_replica and not actions
        annotated.append(
            dict(
                secret,
                found=entry is not None,
                read_error=read_error,
                is_replica=is_replica,
                arn=entry.get("arn") if entry else None,
                current_replicas=list(entry.get("replication_status") or []) if entry else [],
                actions=actions,
                compliant=compliant,
                todo=entry is not None and not is_replica and not compliant,
            )
        )
    return annotated


def secret_problems(annotated):
    """A listed secret that does not exist, is a replica, or could not be read, is refused with the other violations."""
    problems = []
    for secret in annotated:
        secret_id, region = secret["secret_id"], secret["primary_region"]
        if secret.get("read_error"):
            text = f"could not read it in '{region}': {secret['read_error']}: check the permissions (secretsmanager:DescribeSecret) and that '{region}' answers"
        elif not secret["found"]:
            text = f"no such secret in '{region}': check its name and the primary Region, or create it first"
        elif secret["is_replica"]:
            text = f"it is a replica in '{region}': list its primary (by ARN, or by name in its own Region)"
        else:
            continue
        problems.append(problem(secret_id, region, "secret", text))
    return problems


def plan_problems(plan):
    """A secret listed twice, or with nothing to replicate to (no replicas, and no purge that would remove them)."""
    seen, problems = set(), []
    for secret in plan:
        key = (secret.get("secret_id"), secret.get("primary_region"))
        if key in seen:
            problems.append(problem(secret.get("secret_id"), None, "secret", "it is listed more than once: list each secret once"))
        seen.add(key)
        if not secret.get("replicas") and not secret.get("purge_replicas"):
            problems.append(
                problem(
                    secret.get("secret_id"),
                    None,
                    "secret",
                    "there is nothing to replicate it to: list its replicas, or set replicate_default_replicas (replica_regions in "
                    "the replicate job); replicas [] with purge_replicas: true removes every replica",
                )
            )
    return problems


def todo(annotated):
    """The secrets secret_replica must be called for."""
    return [secret for secret in annotated if secret.get("todo")]


def kms_key_lookups(secrets, problems=()):
    """Distinct {region, kms_key_id} to check, for replicas with a customer managed key and no violation already."""
    refused = {(item["secret_id"], item["region"]) for item in problems}
    lookups = []
    for secret in secrets:
        for replica in secret.get("replicas") or []:
            key = replica.get("kms_key_id")
            lookup = {"region": replica.get("region"), "kms_key_id": key}
            if key and key not in AWS_MANAGED_KEY_REFERENCES and (secret["secret_id"], replica.get("region")) not in refused and lookup not in lookups:
                lookups.append(lookup)
    return lookups


def module_entries(secrets, per_secret_overwrite=False):
    """secret_replica's `secrets` for a pass; with per_secret_overwrite, each secret's own overwrite policy."""
    entries = []
    for secret in secrets:
        entry = {"secret_id": secret["secret_id"], "region": secret["primary_region"], "replicas": desired_replicas(secret),
                 "purge_replicas": secret["purge_replicas"]}
        if per_secret_overwrite:
            entry["overwrite"] = secret["overwrite_on_conflict"]
        entries.append(entry)
    return entries


def results_by_secret(*passes):
    """{secret_id: the latest result}, later passes winning; a pass is a registered secret_replica batch result."""
    latest = {}
    for registered in passes:
        for result in (registered or {}).get("results") or []:
            latest[result["secret_id"]] = result
    return latest


def confirmed_by_apply(secret, result):
    """secret_replica's result shows every requested replica InSync, in AWS's own answer after its wait.

    Such a secret needs no read-back: a second DescribeSecret would only repeat that answer.
    """
    if not result or result.get("failed") or not result.get("secret"):
        return False
    statuses = {item["region"]: item.get("status") for item in result["secret"].get("replication_status") or []}
    return all(statuses.get(replica["region"]) == planning.IN_SYNC for replica in secret.get("replicas") or [])


def unconfirmed(secrets, *passes):
    """The secrets whose latest result in `passes` does not confirm them (see confirmed_by_apply)."""
    latest = results_by_secret(*passes)
    return [secret for secret in secrets if not confirmed_by_apply(secret, latest.get(secret["secret_id"]))]


def overwrite_pass(secrets, first_pass):
    """The secrets whose replicas met a name conflict in the first pass, where the policy allows overwriting.

    AWS user guide: a replica that fails because a secret of the same name exists can be retried with
    ForceOverwriteReplicaSecret.
    """
    latest = results_by_secret(first_pass)
    return [
        secret
        for secret in secrets
        if secret["overwrite_on_conflict"] and any(failure["reason"] == "name_conflict" for failure in latest.get(secret["secret_id"], {}).get("failures", []))
    ]
