# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""report.yml's replication health report: secret_replica_info's reads in, the report and its text table out.

Pure functions, no AWS call.
"""

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.health import summary
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.split_brain import mark_split_brain
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.split_brain import split_brain_findings

TABLE_CELL_WIDTH = 16


def _regions_read(result):
    """Where one secret_replica_info result read: its Regions (the regions option), or its one Region."""
    return result.get("regions") or ([result["region"]] if result.get("region") else [])


def missing_regions(entry, required_regions):
    """The Regions a policy requires that this primary has no replica in; None without a policy, or for a replica.

    A missing required replica is not the same as a Region nobody asked for: the report shows the first as "missing".
    """
    if not required_regions or entry.get("is_replica"):
        return None
    present = {replica["region"] for replica in entry.get("replication_status") or []}
    return [region for region in required_regions if region not in present and region != entry.get("primary_region")]


def health_report(reads, filters=None, generated_at=None, required_regions=None):
    """{generated_at, regions_read, unreachable_regions, filters, required_regions, regions, summary, split_brain, secrets}.

    From secret_replica_info results. regions_read: where secrets were read; regions: every replica Region any secret
    has, and every required one (the table's columns). split_brain: secrets that are a primary in more than one Region
    read; each secret carries split_brain and primary_regions, and missing_regions (see missing_regions()).
    summary adds split_brain and not_compliant (primaries missing a required replica).
    """
    required_regions = list(required_regions or [])
    secrets = mark_split_brain([entry for result in reads for entry in result.get("secrets") or []])
    for entry in secrets:
        entry["missing_regions"] = missing_regions(entry, required_regions)
    findings = split_brain_findings(secrets)
    return {
        "generated_at": generated_at,
        "regions_read": sorted({region for result in reads for region in _regions_read(result)}),
        "unreachable_regions": sorted({region for result in reads for region in result.get("unreachable_regions") or []}),
        "filters": filters or {},
        "required_regions": required_regions,
        "regions": sorted({replica["region"] for entry in secrets for replica in entry["replication_status"]} | set(required_regions)),
        "summary": dict(summary(secrets), split_brain=len(findings), not_compliant=sum(1 for entry in secrets if entry["missing_regions"])),
        "split_brain": findings,
        "secrets": secrets,
    }


def table_lines(report):
    """The report as text: one line per secret (and Region read, when several), one column per replica Region, then counts."""
    several = len(report["regions_read"]) > 1
    name_width = max([6] + [len(entry["name"]) for entry in report["secrets"]])
    row = f"{{:<{name_width}}}  " + ("{:<14}  " if several else "{}") + "{:<10}  {:<14}"
    lines = [row.format("SECRET", "READ IN" if several else "", "PRIMARY", "HEALTH") + "".join(region.center(TABLE_CELL_WIDTH) for region in report["regions"])]
    for entry in report["secrets"]:
        statuses = dict({region: "MISSING" for region in entry.get("missing_regions") or []},
                        **{replica["region"]: replica["status"] for replica in entry["replication_status"]})
        cells = "".join((statuses.get(region) or "-").center(TABLE_CELL_WIDTH) for region in report["regions"])
        flag = "  SPLIT BRAIN: primary in " + ", ".join(entry["primary_regions"]) if entry["split_brain"] else ""
        columns = (entry["name"], entry["region"] if several else "", entry.get("primary_region") or entry["region"], entry.get("health") or "")
        lines.append(row.format(*columns) + cells + flag)
    counts = report["summary"]
    lines.append(
        f"{counts['secrets']} secret(s): {counts['replicated']} replicated, {counts['in_sync']} in sync, {counts['in_progress']} in progress, "
        f"{counts['failed']} failed, {counts['unreachable']} unreachable, {counts['split_brain']} split brain"
        + (f", {counts['not_compliant']} missing a required replica ({', '.join(report['required_regions'])})" if report["required_regions"] else "")
    )
    if report["unreachable_regions"]:
        lines.append("not read (did not answer): " + ", ".join(report["unreachable_regions"]))
    return lines
