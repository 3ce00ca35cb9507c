# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""replicate_cross_account.yml's decisions: its inputs, which primaries to replicate, the links to make, and the report.

Pure functions over the modules' results, matched by key (the primary's ARN), never by list position. No AWS call.
"""

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.cross_account import DEFAULT_RESTRICTION
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.cross_account import IN_SYNC
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.cross_account import RESTRICTIONS
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.cross_account import link_of

from .survey import SurveyInputError
from .survey import survey_list


def _results(registered):
    """The results of a registered loop ({results: [...]}) or batch, or a list of them; skipped ones left out."""
    if isinstance(registered, dict):
        registered = registered.get("results") or []
    return [result for result in registered or [] if not result.get("skipped")]


def job_inputs(job):
    """{secrets, restriction, refusal (None when the job may run)} from the job's cross_account_* variables.

    Nothing is called without secrets, the role to assume in the replica account and its KMS key, or with a restriction
    AWS does not know.
    """
    given_restriction = job.get("cross_account_restriction")
    restriction = given_restriction or DEFAULT_RESTRICTION
    try:
        secrets = survey_list(job.get("cross_account_secrets"), "cross_account_secrets")
    except SurveyInputError as e:
        return {"secrets": [], "restriction": restriction, "refusal": e.message}
    message = None
    if not secrets or not job.get("cross_account_role_arn") or not job.get("cross_account_kms_key_id") or restriction not in RESTRICTIONS:
        message = (
            f"Cross-account replication refused, nothing was called: set cross_account_secrets (given: {len(secrets)}), "
            "cross_account_role_arn (the role to assume in the replica account), cross_account_kms_key_id (a customer managed key "
            "of the replica account) and, if set, cross_account_restriction to same_org or no_restriction "
            f"(given: '{given_restriction or ''}')."
        )
    return {"secrets": secrets, "restriction": restriction, "refusal": message}


def primaries_refusal(primaries):
    """The message refusing the job when a requested secret cannot be a primary (job_primaries' problems), else None."""
    problems = primaries["problems"]
    return f"Cross-account replication refused, nothing was changed: {'; '.join(problems)}" if problems else None


def job_primaries(requested, info, region):
    """{primaries: [{secret_id, arn, name}], problems: [...]} for the requested names or ARNs.

    info: secret_replica_info's result for them in the primary account (a secret that does not exist is left out
    there). A Regional replica or a receiving secret cannot be a cross-account primary (AWS refuses both).
    """
    entries = {}
    for entry in (info or {}).get("secrets") or []:
        entries[entry["arn"]] = entries[entry["name"]] = entry
    primaries, problems = [], []
    for secret_id in requested:
        entry = entries.get(secret_id)
        if entry is None:
            problems.append(f"'{secret_id}' does not exist in {region} in the primary account: check the name or give the primary's full ARN")
        elif entry["is_replica"]:
            problems.append(f"'{secret_id}' in {region} is a replica of a primary in {entry['primary_region']}: "
                            f"replicate the primary, in {entry['primary_region']}")
        elif entry.get("cross_account_primary"):
            problems.append(f"'{secret_id}' in {region} is itself a cross-account replica of {entry['cross_account_primary']['arn']}: "
                            "it cannot be a primary")
        elif all(primary["arn"] != entry["arn"] for primary in primaries):
            primaries.append({"secret_id": secret_id, "arn": entry["arn"], "name": entry["name"]})
    return {"primaries": primaries, "problems": problems}


def link_entries(receiving, restriction=DEFAULT_RESTRICTION, replication_role_arn=None):
    """secret_replica's secrets entries linking each primary (the loop item) to the receiving secret created for it.

    receiving: the registered loop of cross_account_replica over job_primaries' primaries. A receiving secret
    that failed, or that check mode has not created (no ARN yet), has nothing to link.
    """
    entries = []
    for result in _results(receiving):
        arn = (result.get("secret") or {}).get("arn")
        if result.get("failed") or not arn:
            continue
        link = {"arn": arn, "restriction": restriction or DEFAULT_RESTRICTION}
        if replication_role_arn:
            link["replication_role_arn"] = replication_role_arn
        entries.append({"secret_id": result["item"]["arn"], "cross_account_replica": link})
    return entries


def receiving_arns(receiving):
    """The ARNs of the receiving secrets the registered cross_account_replica loop gives, to read back in the replica account."""
    return [result["secret"]["arn"] for result in _results(receiving)
            if isinstance(result.get("secret"), dict) and isinstance(result["secret"].get("arn"), str)]


def _message(*results):
    return next((result.get("msg") for result in results if result.get("failed")), None)


def job_report(primaries, receiving, linked, verified, check_mode=False):
    """One line per primary and a summary, from every step's results, matched by the primary's ARN.

    primaries: job_primaries' primaries. receiving: the registered cross_account_replica loop. linked: secret_replica's
    batch result. verified: secret_replica_info's result in the replica account. A secret is failed when a step failed
    for it or, outside check mode, when the replica account does not read it InSync.
    """
    created = {result["item"]["arn"]: result for result in _results(receiving)}
    links = {result["secret_id"]: result for result in _results(linked)}
    # A batch refused as a whole (no results) failed every link it was given.
    refused = {"failed": True, "msg": linked["msg"]} if isinstance(linked, dict) and linked.get("failed") and not links else {}
    seen = {entry["arn"]: entry for entry in (verified or {}).get("secrets") or []}
    lines = []
    for primary in primaries:
        creation = created.get(primary["arn"], {})
        replica_arn = (creation.get("secret") or {}).get("arn")
        link = links.get(primary["arn"]) or (refused if replica_arn else {})
        primary_side = link_of((link.get("secret") or {}).get("cross_account_replicas") or [], replica_arn)
        replica_side = (seen.get(replica_arn) or {}).get("cross_account_primary")
        message = _message(creation, link)
        if message is None and not check_mode and (replica_side or {}).get("status") != IN_SYNC:
            message = f"the replica account reads {replica_arn} as {(replica_side or {}).get('status', 'missing')}, not InSync"
        lines.append({
            "secret_id": primary["secret_id"],
            "primary_arn": primary["arn"],
            "replica_arn": replica_arn,
            "created": not creation.get("failed") and any(action["action"] == "create" for action in creation.get("actions") or []),
            "link_actions": [action["action"] for action in link.get("actions") or [] if "cross_account_replica_arn" in action],
            "primary_side_status": (primary_side or {}).get("status"),
            "replica_side_status": (replica_side or {}).get("status"),
            "failed": message is not None,
            "message": message,
        })
    return {
        "lines": lines,
        "summary": {
            "secrets": len(lines),
            "created": sum(line["created"] for line in lines),
            "linked": sum(bool(line["link_actions"]) for line in lines),
            "in_sync": sum(line["replica_side_status"] == IN_SYNC for line in lines),
            "failed": sum(line["failed"] for line in lines),
        },
    }


def replica_side_statuses(report):
    """{secret id: the status the replica account reads} of job_report's lines."""
    return {line["secret_id"]: line["replica_side_status"] for line in report["lines"]}


def failure_message(report):
    """Every secret that did not reach InSync, with why; None when every one did."""
    if not report["summary"]["failed"]:
        return None
    lines = [f"- {line['secret_id']}: {line['message']}\n" for line in report["lines"] if line["failed"]]
    return f"Cross-account replication failed for {report['summary']['failed']} of {report['summary']['secrets']} secret(s):\n" + "".join(lines)
