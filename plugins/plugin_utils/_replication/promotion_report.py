# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What promote.yml says after one secret_replica call with state promoted: its report, the lines shown, the failure.

Pure functions over secret_replica's batch results, matched by secret id and Region. An unverified secret (a
standalone secret of that name without this collection's promotion marker) is never counted as a success.
"""


def promotion_report(results, region):
    """promote.yml's report from secret_replica's batch results, matched by secret id and Region.

    {region, promoted, already_promoted, unverified, failed}: an unverified secret is never counted as a success.
    """
    report = {"region": region, "promoted": [], "already_promoted": [], "unverified": [], "failed": []}
    for result in results:
        failed_regions = set()
        for failure in result.get("failures") or []:
            failed_regions.add(failure["region"])
            line = {"secret_id": result["secret_id"], "region": failure["region"], "reason": failure["reason"],
                    "message": failure["status_message"], "remedy": failure["remedy"]}
            report["unverified" if failure["reason"] == "unverified" else "failed"].append(line)
        for entry in result.get("promoted") or []:
            if entry["region"] in failed_regions:
                continue
            line = {key: entry[key] for key in ("region", "arn", "promoted_from", "promoted_at", "replica_status")}
            report[entry["outcome"]].append(dict(line, secret_id=result["secret_id"]))
    return report


def _ids(lines):
    return ", ".join(line["secret_id"] for line in lines) or "none"


def outcome_lines(report):
    """What was promoted, already promoted, unverified and failed, and each promoted replica's last known status."""
    return [
        f"promoted in {report['region']}: {_ids(report['promoted'])}",
        f"already promoted: {_ids(report['already_promoted'])}",
        f"unverified: {_ids(report['unverified'])}",
        f"failed: {_ids(report['failed'])}",
        f"last known status: { {line['secret_id']: line['replica_status'] for line in report['promoted']} }",
    ]


def failure_message(report, accept_unverified=False):
    """Every secret that could not be promoted, and every unverified one unless accepted; None when there is none."""
    unverified = [] if accept_unverified else report["unverified"]
    if not report["failed"] and not unverified:
        return None
    lines = [f"- {line['secret_id']}: {line['reason']}: {line['message']}. {line['remedy']}\n" for line in report["failed"]]
    lines += [f"- {line['secret_id']}: unverified: {line['message']}. {line['remedy']}\n" for line in unverified]
    return f"Promotion incomplete in {report['region']}:\n" + "".join(lines)
