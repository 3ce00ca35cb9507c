# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""failback.yml's decisions: end a split brain by making the returning Region's copy (the loser) follow the winner.

Pure functions over one secret_replica_info read of the loser's and the winner's Regions (regions, replica_view,
version_dates), matched by secret name and Region. Per secret:
- The loser must be this secret's copy (the winner's ARN with the Region swapped): an unrelated secret of the same
  name is never replaced.
- Its replication links to Regions that no longer follow it are removed; what each Region follows is read in that
  Region (replica_view), never taken from the loser's list, which AWS may leave stale after a promotion during its
  outage. A Region that still follows the loser, or does not answer, refuses the secret: AWS cannot overwrite a
  primary with replicas, and removing a link deletes a replica that is still in use.
- The data-loss guard: a loser whose AWSCURRENT version was created after the winner's recorded promotion time got a
  change the winner lacks; it is refused and left untouched unless failback_discard_loser_changes.
- Then the winner replicates to the loser's Region with ForceOverwriteReplicaSecret.
"""

from datetime import datetime
from datetime import timezone

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import provenance
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.failures import describe_failure
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.planning import IN_SYNC
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.shaping import replica_arn

from .failover import failover_report
from .failover import failures_of
from .failover import replica_statuses
from .failover import results_by_id

FOLLOWS_WINNER = "follows_winner"
REPLACE = "replace"
REFUSED = "refused"


def _fail(region, reason, message):
    return describe_failure(region, message, reason=reason)


def _identity_failures(secret_id, loser, winner, region, winner_region):
    """Failures proving the two secrets are not one secret's copies, or the winner not a primary."""
    if winner is None:
        return [_fail(winner_region, "secret_not_found", f"no secret '{provenance.lookup_name(secret_id)}' in the winner's Region {winner_region}")]
    if secret_id.startswith("arn:") and winner["arn"] != replica_arn(secret_id, winner_region):
        return [_fail(winner_region, "not_a_replica", f"the secret in {winner_region} is {winner['arn']}, not a copy of {secret_id}")]
    if winner["is_replica"]:
        return [_fail(winner_region, "not_a_primary", f"the winner in {winner_region} is a replica of {winner['primary_region']}: "
                      "failback_winner_region must be the side that stays primary")]
    if loser is not None and loser["arn"] != replica_arn(winner["arn"], region):
        return [_fail(region, "not_a_replica", f"the secret in {region} is {loser['arn']}, not a copy of the winner {winner['arn']}")]
    if loser is not None and loser["is_replica"] and loser["primary_region"] != winner_region:
        return [_fail(region, "refused", f"the copy in {region} follows {loser['primary_region']}, not the winner's Region {winner_region}: "
                      "make it follow one side first")]
    return []


def _links(loser, region):
    """(Regions to unlink, failures) from the loser's listed replicas, each judged by its own Region's answer."""
    unlink, failures = [], []
    for replica in loser["replication_status"]:
        listed = replica["region"]
        if replica.get("reachable") is False:
            failures.append(_fail(listed, "region_unreachable", f"{listed} did not answer: it cannot be told whether it still follows the copy in {region}"))
        elif replica.get("follows_primary"):
            failures.append(_fail(listed, "still_followed", f"the copy in {listed} still replicates from the copy in {region}"))
        else:
            unlink.append(listed)
    return sorted(unlink), failures


def parse_time(value):
    """An aware datetime from the promotion marker's text (provenance.format_time), an ISO 8601 string, or a datetime; None for anything else."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value:
        try:
            moment = datetime.strptime(value, provenance.MARKER_TIME_FORMAT)
        except ValueError:
            try:
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return None
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def data_loss_problem(loser, winner):
    """Why replacing the loser may lose a change (its current version is newer than the winner's promotion), or None.

    The promotion time is the winner's marker (promoted-at, taken before StopReplicationToReplica); AWS dates versions.
    """
    promoted_at = parse_time(provenance.promotion_marker(winner.get("tags") or {})["promoted_at"])
    if promoted_at is None:
        return "unknown_promotion_time", f"the winner {winner['arn']} has no recorded promotion time"
    created = parse_time(loser.get("current_version_created_date"))
    if created is None:
        return "newer_version", f"the date of the current version of {loser['arn']} could not be read"
    if created > promoted_at:
        return "newer_version", (
            f"the current version {loser.get('current_version_id')} of {loser['arn']} was created {loser['current_version_created_date']}, "
            f"after the winner's promotion at {provenance.format_time(promoted_at)}")
    return None


def secret_plan(secret_id, entries, job):
    """One secret's plan: {state, name, winner_arn, loser_arn, unlink, failures, discarded, loser_version, promoted_at}."""
    region, winner_region = job["region"], job["winner_region"]
    name = provenance.lookup_name(secret_id)
    loser, winner = entries.get((name, region)), entries.get((name, winner_region))
    plan = {"name": name, "winner_arn": winner and winner["arn"], "loser_arn": loser and loser["arn"], "unlink": [], "failures": [],
            "discarded": None, "loser_version": None, "promoted_at": None}
    plan["failures"] = _identity_failures(secret_id, loser, winner, region, winner_region)
    if plan["failures"]:
        return dict(plan, state=REFUSED)
    plan["promoted_at"] = provenance.promotion_marker(winner.get("tags") or {})["promoted_at"]
    if loser is None:
        return dict(plan, state=REPLACE)
    if loser["is_replica"]:
        return dict(plan, state=FOLLOWS_WINNER)
    plan["loser_version"] = {"id": loser.get("current_version_id"), "created_date": loser.get("current_version_created_date")}
    plan["unlink"], plan["failures"] = _links(loser, region)
    problem = data_loss_problem(loser, winner)
    if problem and job["discard_loser_changes"]:
        plan["discarded"] = problem[1]
    elif problem:
        plan["failures"].append(_fail(region, problem[0], f"{problem[1]}; nothing was changed for it"))
    return dict(plan, state=REFUSED if plan["failures"] else REPLACE)


def _read_failures(read, job, name):
    return [_fail(region, "region_unreachable", f"{region} did not answer; nothing was changed for '{name}'")
            for region in (job["region"], job["winner_region"]) if region in (read.get("unreachable_regions") or [])]


def failback_plan(read, job):
    """{secrets: {secret id: plan}, unlink_entries, replace_entries} from secret_replica_info's read and dr_jobs.failback_job_vars.

    unlink_entries: secret_replica state absent on each loser; replace_entries: state present, overwrite, on each winner.
    """
    entries = {(entry["name"], entry["region"]): entry for entry in read.get("secrets") or []}
    plans = {}
    for secret_id in job["secrets"]:
        unread = _read_failures(read, job, provenance.lookup_name(secret_id))
        plans[secret_id] = dict(secret_plan(secret_id, entries, job), **({"state": REFUSED, "failures": unread} if unread else {}))
    key = job["kms_keys"].get(job["region"])
    replica = dict({"region": job["region"]}, **({"kms_key_id": key} if key else {}))
    return {
        "secrets": plans,
        "unlink_entries": [{"secret_id": plan["loser_arn"], "replicas": [{"region": linked} for linked in plan["unlink"]]}
                           for plan in plans.values() if plan["state"] == REPLACE and plan["unlink"]],
        "replace_entries": [{"secret_id": plan["winner_arn"], "replicas": [replica]} for plan in plans.values() if plan["state"] == REPLACE],
    }


def move_followers(read, job, winner_arn):
    """The Regions a moved primary re-protects: the winner's own Region and every Region the winner lists, but failback_region."""
    winner = next((entry for entry in read.get("secrets") or [] if entry["arn"] == winner_arn), None)
    listed = [replica["region"] for replica in (winner or {}).get("replication_status") or []]
    return sorted(({job["winner_region"]} | set(listed)) - {job["region"]})


def failback_report(plan, read, job, unlink=None, replace=None, check_mode=False):
    """{check_mode, secrets: {secret id: report}, succeeded, failed, make_primary_entries, make_primary}.

    A secret's report: its plan (state, unlink, discarded, loser_version, promoted_at) with each step's outcome: unlinked
    (Regions), replica_status (of the replica in failback_region: InSync, or predicted in check mode), failures.
    make_primary_entries: with make_primary, secret_replica entries moving the primary back (each winner by ARN, with
    follower_regions) for every secret whose failback is complete; make_primary: in check mode, their predicted move
    (failover.failover_report's shape), else None (the playbook adds the real one).
    """
    unlinked, replaced = results_by_id(unlink), results_by_id(replace)
    secrets = {}
    for secret_id, secret in plan["secrets"].items():
        report = {key: secret[key] for key in ("state", "name", "winner_arn", "loser_arn", "unlink", "discarded", "loser_version", "promoted_at")}
        failures = list(secret["failures"])
        status = IN_SYNC if secret["state"] == FOLLOWS_WINNER else None
        if secret["state"] == REPLACE:
            for result in (unlinked.get(secret["loser_arn"]), replaced.get(secret["winner_arn"])):
                failures.extend((result or {}).get("failures") or [])
            status = IN_SYNC if check_mode else replica_statuses(replaced.get(secret["winner_arn"])).get(job["region"])
            if status != IN_SYNC and not failures:
                failures.append(_fail(job["region"], "unknown", f"the winner's replica in {job['region']} is {status or 'not there'} after the run"))
        report.update(replica_status=status, predicted=check_mode and secret["state"] == REPLACE, failures=failures,
                      failed=bool(failures) or status != IN_SYNC)
        secrets[secret_id] = report
    done = [secret_id for secret_id, report in secrets.items() if not report["failed"]]
    moves = [{"secret_id": secrets[secret_id]["winner_arn"], "follower_regions": move_followers(read, job, secrets[secret_id]["winner_arn"])}
             for secret_id in done] if job["make_primary"] else []
    return {
        "check_mode": check_mode,
        "secrets": secrets,
        "succeeded": done,
        "failed": [secret_id for secret_id in secrets if secret_id not in done],
        "make_primary_entries": moves,
        "make_primary": predicted_move(moves, job) if check_mode and moves else None,
    }


def predicted_move(moves, job):
    """With make_primary in check mode: the failover steps each complete failback would take (the module cannot be asked,
    since failback_region's copy is not a replica of the winner yet). Shaped as failover.failover_report."""
    secrets = {}
    for entry in moves:
        regions = {}
        for region in entry["follower_regions"]:
            copy = provenance.OLD_PRIMARY_REGION if region == job["winner_region"] else provenance.FOLLOWS_OLD_PRIMARY
            regions[region] = {"copy": copy, "promoted": copy == provenance.FOLLOWS_OLD_PRIMARY, "step": "replicate", "status": IN_SYNC,
                               "predicted": True, "failure": None}
        secrets[entry["secret_id"]] = {"new_primary_region": job["region"], "new_primary_arn": replica_arn(entry["secret_id"], job["region"]),
                                       "old_primary_arn": entry["secret_id"], "promotion": "promoted", "promoted_at": None,
                                       "regions": regions, "failures": [], "failed": False}
    return {"check_mode": True, "secrets": secrets, "succeeded": list(secrets), "failed": [], "deferred": []}


def with_move(report, job, promotion, replication=None):
    """The failback report with the primary's move back (failback_make_primary): the failover report of the move's two
    secret_replica calls (promotion: state promoted in failback_region; replication: from each moved primary)."""
    return dict(report, make_primary=failover_report(promotion, replication, job["kms_keys"], replace_old_primary=True))


def outcome_lines(report, job, report_file):
    """failback.yml's summary: the secrets following the winner, those refused or failed, those moved back, the report file."""
    moved = (report["make_primary"] or {}).get("succeeded", [])
    return [
        f"following the winner in {job['winner_region']}: {', '.join(report['succeeded']) or 'none'}",
        f"refused or failed: {', '.join(report['failed']) or 'none'}",
        f"primary moved back to {job['region']}: {', '.join(moved) or 'none'}",
        f"report: {report_file}",
    ]


def failure_message(report):
    """Every secret refused or not completed, and every secret whose move back failed; None when there is none."""
    not_moved = (report["make_primary"] or {}).get("failed", [])
    if not report["failed"] and not not_moved:
        return None
    lines = [f"- {secret_id} in {failure['region']}: {failure['reason']}: {failure['status_message']}. {failure['remedy']}\n"
             for secret_id in report["failed"] for failure in report["secrets"][secret_id]["failures"]]
    for secret_id in not_moved:
        messages = [failure["status_message"] for dummy, failure in failures_of(report["make_primary"]["secrets"][secret_id])]
        lines.append(f"- moving {secret_id} back: {'; '.join(messages)}\n")
    return "Failback incomplete:\n" + "".join(lines)
