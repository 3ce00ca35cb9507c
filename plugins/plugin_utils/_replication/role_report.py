# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the replicate role says: its preflight refusal, its verify findings, its report and its messages.

Pure functions over the role's plan (role_plan.with_compliance), the registered results of its
secret_replica passes and its read-back (secret_replica_info). Everything is matched by secret id.
"""

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.failures import describe_failure
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.failures import name_conflict_remedy
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.key_directory import key_problem
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.errors import is_unreachable_error
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.planning import IN_SYNC

from .region_policy import problem
from .role_plan import confirmed_by_apply
from .role_plan import find_entry
from .role_plan import index_entries
from .role_plan import results_by_secret

ROLE_OVERWRITE_HINT = "set replicate_overwrite: on_conflict (or overwrite: true on this secret)"
# More secrets than this: the summary lists only the changed and failed ones.
SUMMARY_LIST_LIMIT = 20
# The first words of the message that refuses a plan (the organization report tells a refused unit by them).
PREFLIGHT_REFUSAL = "Preflight refused"


def kms_problems(secrets, lookups):
    """Problems of the KMS key checks (amazon.aws.kms_key_info results, each with its item {region, kms_key_id}).

    AWS user guide: replication to a key that is disabled or not found ends Failed. A Region that did not
    answer is not a bad setting: secret_replica reports it (region_unreachable) while the others go on.
    """
    by_key = {}
    for result in lookups or []:
        if result.get("skipped"):
            continue
        item = result.get("item") or {}
        by_key[(item.get("region"), item.get("kms_key_id"))] = result
    problems = []
    for secret in secrets:
        for replica in secret.get("replicas") or []:
            region, key = replica.get("region"), replica.get("kms_key_id")
            result = by_key.get((region, key))
            if result is None:
                continue
            text = _kms_problem(region, key, result)
            if text:
                problems.append(problem(secret["secret_id"], region, "replica", text))
    return problems


def _kms_problem(region, key, result):
    if result.get("failed") or "kms_keys" not in result:
        status_code = (result.get("response_metadata") or {}).get("http_status_code")
        if is_unreachable_error(status_code=status_code, message=result.get("msg")):
            return None
        return (
            f"could not check KMS key '{key}' in '{region}': {result.get('msg', 'unknown error')}: allow the KMS calls of the "
            "role's IAM policy there (docs/iam/role.json), or set replicate_check_kms: false"
        )
    keys = result.get("kms_keys") or []
    metadata = {"KeyState": keys[0].get("key_state") or ("Enabled" if keys[0].get("enabled") else "Disabled")} if keys else None
    return key_problem(region, key, metadata)


def preflight_refusal(problems):
    """The one message that refuses a plan, or None when there is nothing to refuse."""
    if not problems:
        return None
    lines = [f"{PREFLIGHT_REFUSAL} {len(problems)} replica setting(s); nothing was changed:"]
    for item in problems:
        where = ""
        if item.get("region"):
            where = f", in '{item['region']}'" if item["about"] == "secret" else f", {item['about']} Region '{item['region']}'"
        lines.append(f"- secret '{item['secret_id']}'{where}: {item['problem']}")
    return "\n".join(lines)


def change_preview(secrets):
    """What apply is about to do, in one line."""
    counts = {}
    for secret in secrets:
        for action in secret.get("actions") or []:
            counts[action["action"]] = counts.get(action["action"], 0) + 1
    detail = ", ".join(f"{counts[kind]} to {kind}" for kind in ("add", "retry", "rekey", "remove") if kind in counts)
    return f"replicate: {len(secrets)} secret(s) to change ({detail or 'KMS keys to compare'})"


def _failure(failure, overwrite_allowed):
    message = failure.get("status_message") or ""
    if failure["reason"] == "name_conflict" and not overwrite_allowed:
        remedy = name_conflict_remedy(failure["region"], ROLE_OVERWRITE_HINT)
    else:
        remedy = failure.get("remedy") or ""
    return {
        "region": failure["region"],
        "reason": failure["reason"],
        "message": f"{message}: {remedy}" if message and remedy else message or remedy,
        "retryable": failure.get("retryable", False),
    }


def _replicas(statuses):
    return [{"region": item["region"], "status": item.get("status"), "arn": item.get("arn"), "kms_key_id": item.get("kms_key_id")} for item in statuses]


def verify_failures(secret, entry, read_failed):
    """Requested replicas that the secret's state after apply (read back, or confirmed by apply) does not show InSync."""
    if entry is None:
        message = "could not read the secret back: run the role again" if read_failed else f"the secret was not found in {secret['primary_region']}"
        return [{"region": None, "reason": "not_verified", "message": message, "retryable": True}]
    statuses = {item["region"]: item for item in entry.get("replication_status") or []}
    failures = []
    for replica in secret.get("replicas") or []:
        found = statuses.get(replica["region"])
        if found is None:
            message = f"no replica in {replica['region']} after apply: run the role again"
        elif found.get("status") == "Failed":
            # Its StatusMessage says why, and whether a re-run can help (the module's own classification).
            failures.append(_failure(describe_failure(replica["region"], found.get("status_message")), secret.get("overwrite_on_conflict")))
            continue
        elif found.get("status") != IN_SYNC:
            message = f"the replica in {replica['region']} is {found.get('status')}: wait and run the role again, or raise replicate_wait_timeout"
        else:
            continue
        failures.append({"region": replica["region"], "reason": "not_in_sync", "message": message, "retryable": True})
    return failures


# A secret to change that no pass answered for is never reported as done.
_NO_RESULT = {
    "region": None,
    "reason": "unknown",
    "message": "no secret_replica pass returned a result for this secret: run the role again",
    "retryable": True,
}


def _whole_pass_failure(registered):
    """A secret_replica call that failed as a whole (refused input, a crash) and so gave no result per secret."""
    if registered and not registered.get("skipped") and not registered.get("results") and registered.get("msg"):
        return {"region": None, "reason": "error", "message": registered["msg"], "retryable": False}
    return None


def secret_report(secret, passes, read_index=None, read_failed=False, check_mode=False):
    """One secret's report entry.

    passes: (registered secret_replica result, its results_by_secret()) per pass, in order (first, overwrite, retry);
    read_index: index_entries() of the read-back, None when there was none.
    """
    base = {"secret_id": secret["secret_id"], "arn": secret.get("arn"), "primary_region": secret.get("primary_region")}
    if secret.get("compliant"):
        return dict(base, replicas=_replicas(secret.get("current_replicas") or []), changed=False, actions=[], overwritten_regions=[], failures=[])

    results = [by_secret.get(secret["secret_id"]) for dummy, by_secret in passes]
    called = [result for result in results if result is not None]
    latest = called[-1] if called else None
    failures = [_failure(failure, secret.get("overwrite_on_conflict")) for failure in (latest or {}).get("failures", [])]
    whole = _whole_pass_failure(passes[0][0]) if passes else None
    if latest is None and (whole or secret.get("todo")):
        failures.append(whole or _NO_RESULT)
    shown = (latest or {}).get("secret") or {}
    verified = find_entry(secret, read_index or {})
    if verified is None and confirmed_by_apply(secret, latest):
        verified = latest["secret"]
    if not check_mode and latest is not None and not latest.get("failed") and read_index is not None:
        failed_regions = {failure["region"] for failure in failures}
        failures.extend(f for f in verify_failures(secret, verified, read_failed) if f["region"] not in failed_regions)
        if verified is not None:
            shown = verified
    overwrite_results = results[1:2]
    overwritten = sorted(
        action["region"]
        for result in overwrite_results if result
        for action in result.get("actions", [])
        if action.get("overwrite") and action["region"] not in {failure["region"] for failure in result.get("failures", [])}
    )
    return dict(
        base,
        arn=shown.get("arn") or base["arn"],
        replicas=_replicas(shown.get("replication_status") or []),
        changed=any(result.get("changed") for result in called),
        actions=[action for result in called for action in result.get("actions", [])],
        overwritten_regions=overwritten,
        failures=failures,
    )


def replication_report(secrets, passes, read_entries=None, read_failed=False, check_mode=False):
    """{secrets: [one entry per plan entry, in plan order], summary: {...}} for replicate_report."""
    indexed = [(registered, results_by_secret(registered)) for registered in passes]
    read_index = index_entries(read_entries) if read_entries is not None else None
    entries = [secret_report(secret, indexed, read_index, read_failed, check_mode) for secret in secrets]
    return {
        "secrets": entries,
        "summary": {
            "secrets": len(entries),
            "changed": sum(1 for entry in entries if entry["changed"]),
            "failed": sum(1 for entry in entries if entry["failures"]),
            "replicas_in_sync": sum(1 for entry in entries for replica in entry["replicas"] if replica["status"] == IN_SYNC),
            "overwritten": sum(len(entry["overwritten_regions"]) for entry in entries),
        },
    }


def summary_lines(report):
    """The run's summary: one line of counts, then one line per secret (only changed and failed ones for a large run)."""
    summary = report["summary"]
    lines = [
        f"replicate: {summary['secrets']} secret(s), {summary['changed']} changed, {summary['failed']} failed, "
        f"{summary['replicas_in_sync']} replica(s) InSync, {summary['overwritten']} overwritten"
    ]
    quiet = summary["secrets"] > SUMMARY_LIST_LIMIT
    unchanged = 0
    for entry in report["secrets"]:
        if quiet and not entry["changed"] and not entry["failures"]:
            unchanged += 1
            continue
        state = "FAILED" if entry["failures"] else "changed" if entry["changed"] else "ok"
        replicas = ", ".join(f"{replica['region']} {replica['status']}" for replica in entry["replicas"]) or "none"
        line = f"{entry['secret_id']}: {state}; replicas: {replicas}"
        if entry["overwritten_regions"]:
            line += "; overwritten: " + ", ".join(entry["overwritten_regions"])
        if entry["failures"]:
            line += "; failures: " + ", ".join(sorted({failure["reason"] for failure in entry["failures"]}))
        lines.append(line)
    if unchanged:
        lines.append(f"{unchanged} secret(s) unchanged, without failures (each is in replicate_report)")
    return lines


def failure_message(report):
    """The role's final failure, listing every failure of every secret; None when nothing failed."""
    failed = [entry for entry in report["secrets"] if entry["failures"]]
    if not failed:
        return None
    lines = [f"Replication failed for {len(failed)} of {report['summary']['secrets']} secret(s); every secret was tried:"]
    for entry in failed:
        for failure in entry["failures"]:
            where = f", Region '{failure['region']}'" if failure["region"] else ""
            lines.append(f"- secret '{entry['secret_id']}'{where} ({failure['reason']}): {failure['message']}")
    return "\n".join(lines)
