# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Moving the primary (failover.yml, and failback.yml's failback_make_primary): what to replicate, and the report.

Pure functions over secret_replica's results, matched by secret id (the promotion's input id; the replication's
new primary ARN), never by position. The steps:
1. secret_replica state promoted, with follower Regions: the copy in the new primary's Region is promoted (verified
   and marked), and so is each follower Region's copy that still follows the old primary.
2. replication_entries: each new primary replicates, with overwrite, to its follower Regions where AWS can replace
   what is there (nothing, a promoted copy, its own replica) - ForceOverwriteReplicaSecret cannot replace a replica
   of another primary, which is why step 1 promotes those first. An unrelated secret of the same name is never
   replaced. In a failover the old primary's Region is left for failback.yml; failback_make_primary replaces it.
3. failover_report: per secret and Region, what was done, or in check mode what would be (step 2 is predicted from
   step 1: the new primaries are still replicas in check mode, so the module cannot be asked).
"""

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import provenance
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.failures import describe_failure
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.planning import IN_SYNC
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.shaping import DEFAULT_KMS_KEY

REPLICATE = "replicate"
DEFERRED = "deferred"
REFUSED = "refused"


def follower_step(follower, replace_old_primary=False):
    """(step, failure or None) for one follower Region: replicate there, leave it for failback (deferred), or refuse."""
    finding, region = follower["finding"], follower["region"]
    if finding in provenance.REPLACEABLE or (replace_old_primary and finding == provenance.OLD_PRIMARY_REGION):
        return REPLICATE, None
    if finding == provenance.OLD_PRIMARY_REGION:
        return DEFERRED, None
    if finding == provenance.OTHER_SECRET:
        return REFUSED, describe_failure(
            region, f"a different secret of the same name ({follower['arn']}) is in {region}; it is not replaced", reason="not_a_replica")
    return REFUSED, describe_failure(
        region, f"the copy in {region} ({follower['arn']}) follows yet another Region; resolve that split first (failback.yml)", reason="refused")


def new_primary(result):
    """The promoted entry of a promotion result when its promotion stands (promoted or already promoted), else None."""
    failed_regions = {failure["region"] for failure in result.get("failures") or []}
    for entry in result.get("promoted") or []:
        if entry["outcome"] in ("promoted", "already_promoted") and entry["region"] not in failed_regions:
            return entry
    return None


def _replica_key(region, follower, kms_keys):
    """The key asked for that Region, else the key the copy there had (None: the AWS managed key)."""
    key = (kms_keys or {}).get(region) or follower.get("kms_key_id")
    return None if key in (None, DEFAULT_KMS_KEY) else key


def planned_replicas(result, kms_keys=None, replace_old_primary=False):
    """[{region, kms_key_id?}] the new primary of one promotion result replicates to (none when its promotion did not stand)."""
    if new_primary(result) is None:
        return []
    failed_regions = {failure["region"] for failure in result.get("failures") or []}
    replicas = []
    for follower in result.get("followers") or []:
        region = follower["region"]
        if region in failed_regions or follower_step(follower, replace_old_primary)[0] != REPLICATE:
            continue
        key = _replica_key(region, follower, kms_keys)
        replicas.append(dict({"region": region}, **({"kms_key_id": key} if key else {})))
    return replicas


def _results(registered):
    """The per-secret results of a registered secret_replica batch call (none when it was skipped)."""
    return [] if not registered or registered.get("skipped") else registered.get("results") or []


def results_by_id(registered):
    """The per-secret results of a registered secret_replica batch call, by secret id (none when it was skipped)."""
    return {result["secret_id"]: result for result in _results(registered)}


def replica_statuses(result):
    """{Region: status} of the replicas in one secret_replica result (none without a result or a secret)."""
    return {entry["region"]: entry["status"] for entry in ((result or {}).get("secret") or {}).get("replication_status") or []}


def replication_entries(promotion, kms_keys=None, replace_old_primary=False):
    """secret_replica (state present, overwrite) entries: each standing new primary, by ARN, and its planned replicas."""
    entries = []
    for result in _results(promotion):
        replicas = planned_replicas(result, kms_keys, replace_old_primary)
        if replicas:
            entries.append({"secret_id": new_primary(result)["arn"], "replicas": replicas})
    return entries


def _region_line(follower, step, failure):
    return {"copy": follower["finding"], "promoted": follower["changed"], "step": step, "status": None, "predicted": False, "failure": failure}


def _secret_report(result, replication, kms_keys, replace_old_primary, check_mode):
    primary = new_primary(result)
    failures_by_region = {}
    for failure in result.get("failures") or []:
        failures_by_region.setdefault(failure["region"], failure)
    regions = {}
    for follower in result.get("followers") or []:
        step, refusal = follower_step(follower, replace_old_primary)
        regions[follower["region"]] = _region_line(follower, step, failures_by_region.get(follower["region"]) or refusal)
    secret_failures = [failure for failure in result.get("failures") or [] if failure["region"] not in regions]
    if primary is not None:
        planned = {replica["region"] for replica in planned_replicas(result, kms_keys, replace_old_primary)}
        replicated = replication.get(primary["arn"])
        statuses = replica_statuses(replicated)
        for failure in (replicated or {}).get("failures") or []:
            if failure["region"] in regions:
                regions[failure["region"]]["failure"] = regions[failure["region"]]["failure"] or failure
            else:
                secret_failures.append(failure)
        for region in planned:
            line = regions[region]
            if check_mode:
                line.update(status=IN_SYNC, predicted=True)
            else:
                line["status"] = statuses.get(region)
    promoted = (result.get("promoted") or [{}])[0]
    failed = bool(secret_failures) or primary is None or any(line["failure"] for line in regions.values())
    return {
        "new_primary_region": promoted.get("region"),
        "new_primary_arn": None if primary is None else primary["arn"],
        "old_primary_arn": promoted.get("promoted_from"),
        "promotion": promoted.get("outcome"),
        "promoted_at": promoted.get("promoted_at"),
        "regions": regions,
        "failures": secret_failures,
        "failed": failed,
    }


def failover_report(promotion, replication=None, kms_keys=None, replace_old_primary=False, check_mode=False):
    """{check_mode, secrets: {secret id: report}, succeeded, failed, deferred} from the two registered secret_replica calls.

    Each secret's report: new_primary_region, new_primary_arn, old_primary_arn, promotion (its outcome), promoted_at,
    regions ({Region: copy (what was found), promoted, step (replicate, deferred or refused), status, predicted, failure}),
    failures (the secret's own), failed.
    """
    replicated = results_by_id(replication)
    secrets = {result["secret_id"]: _secret_report(result, replicated, kms_keys, replace_old_primary, check_mode) for result in _results(promotion)}
    return {
        "check_mode": check_mode,
        "secrets": secrets,
        "succeeded": [secret_id for secret_id, report in secrets.items() if not report["failed"]],
        "failed": [secret_id for secret_id, report in secrets.items() if report["failed"]],
        "deferred": sorted({region for report in secrets.values() for region, line in report["regions"].items() if line["step"] == DEFERRED}),
    }


def outcome_lines(report, region, report_file):
    """failover.yml's summary: the secrets failed over to `region` (or, in check mode, that would be), the failed ones,
    the old primary Regions left for failback.yml, and where the report file is."""
    done = "would fail over" if report["check_mode"] else "failed over"
    return [
        f"{done} to {region}: {', '.join(report['succeeded']) or 'none'}",
        f"failed: {', '.join(report['failed']) or 'none'}",
        f"old primary Regions not called, to re-protect with failback.yml when they return: {', '.join(report['deferred']) or 'none'}",
        f"report: {report_file}",
    ]


def failures_of(secret):
    """(Region, failure) of one secret's report: the secret's own failures, then each Region's."""
    return [(failure["region"], failure) for failure in secret["failures"]] + [
        (region, line["failure"]) for region, line in secret["regions"].items() if line["failure"]]


def failure_message(report, requested):
    """Every secret and Region of the failover that did not complete, out of `requested` secrets; None when all did."""
    if not report["failed"]:
        return None
    lines = [f"- {secret_id} in {region}: {failure['reason']}: {failure['status_message']}. {failure['remedy']}\n"
             for secret_id in report["failed"] for region, failure in failures_of(report["secrets"][secret_id])]
    return f"Failover incomplete for {len(report['failed'])} of {requested} secret(s):\n" + "".join(lines)
