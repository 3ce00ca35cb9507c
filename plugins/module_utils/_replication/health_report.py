# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""report.yml's replication health report: secret_replica_info's reads in, the report and its text table out.

Pure functions, no AWS call.
"""

from .health import summary

TABLE_CELL_WIDTH = 16


def health_report(reads, filters=None, generated_at=None):
    """{generated_at, regions_read, filters, regions, summary, secrets} from secret_replica_info results.

    regions_read: where secrets were read; regions: every replica Region any secret has (the table's columns).
    """
    secrets = [entry for result in reads for entry in result.get("secrets") or []]
    return {
        "generated_at": generated_at,
        "regions_read": sorted({result["region"] for result in reads if result.get("region")}),
        "filters": filters or {},
        "regions": sorted({replica["region"] for entry in secrets for replica in entry["replication_status"]}),
        "summary": summary(secrets),
        "secrets": secrets,
    }


def table_lines(report):
    """The report as text: one line per secret, one column per replica Region, then a line of counts."""
    name_width = max([6] + [len(entry["name"]) for entry in report["secrets"]])
    row = f"{{:<{name_width}}}  {{:<10}}  {{:<14}}"
    lines = [row.format("SECRET", "PRIMARY", "HEALTH") + "".join(region.center(TABLE_CELL_WIDTH) for region in report["regions"])]
    for entry in report["secrets"]:
        statuses = {replica["region"]: replica["status"] for replica in entry["replication_status"]}
        cells = "".join((statuses.get(region) or "-").center(TABLE_CELL_WIDTH) for region in report["regions"])
        lines.append(row.format(entry["name"], entry.get("primary_region") or entry["region"], entry.get("health") or "") + cells)
    counts = report["summary"]
    lines.append(
        f"{counts['secrets']} secret(s): {counts['replicated']} replicated, {counts['in_sync']} in sync, {counts['in_progress']} in progress, "
        f"{counts['failed']} failed, {counts['unreachable']} unreachable"
    )
    return lines
