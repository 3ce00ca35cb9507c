# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""report.yml's HTML page: what a person reads to act on replication health. Pure functions, no AWS call.

One self-contained file: inline CSS and inline SVG charts, no script and nothing fetched, so it opens offline and
prints. Failures come first; every failure's reason and remedy is visible text in its row, never only a tooltip.
Every value from AWS is HTML-escaped.
"""

from html import escape

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.failures import describe_failure
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.health import cross_account_links
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.health import replica_health

# Rows, worst first (the order a person should act in).
ROW_STATES = ("split_brain", "failed", "unreachable", "in_progress", "not_compliant", "in_sync")
ROW_LABELS = {
    "split_brain": "split brain",
    "failed": "failed",
    "unreachable": "unreachable",
    "in_progress": "in progress",
    "not_compliant": "not compliant",
    "in_sync": "in sync",
}
LEGEND = (
    ("split_brain", "The secret is a primary in more than one Region (after a failover): applications may write to both. "
                    "Run failback.yml to make one side follow the other."),
    ("failed", "A replica's replication failed, or a replica is missing from its Region, follows another primary, or is "
               "behind (or cannot be compared with) the primary's current version; its reason and remedy are in the row."),
    ("unreachable", "A Region did not answer: nothing is known about the replica there. Run the report again once it answers."),
    ("in_progress", "AWS is still replicating: run the report again in a few minutes."),
    ("not_compliant", "A Region the policy requires has no replica (the cell says missing)."),
    ("in_sync", "Every replica is InSync on the primary's current version, and every required Region has one."),
)
SUMMARY_KEYS = ("secrets", "replicated", "in_sync", "in_progress", "failed", "unreachable", "split_brain", "not_compliant")
STATUS_CLASSES = {"InSync": "in-sync", "InProgress": "in-progress", "Pending": "in-progress", "Failed": "failed", "Detached": "none"}
SPLIT_BRAIN_REMEDY = (
    "decide which Region stays primary, then run failback.yml (failback_region: the other one, failback_winner_region: "
    "this one); it refuses to overwrite a copy written to after the failover unless told to"
)


def _css(state):
    return state.replace("_", "-")


def row_state(entry):
    """One of ROW_STATES for a secret's row."""
    if entry.get("split_brain"):
        return "split_brain"
    health = entry.get("health")
    if health in ("failed", "unreachable", "in_progress"):
        return health
    if entry.get("missing_regions"):
        return "not_compliant"
    return "in_sync"


def sorted_entries(entries):
    """Worst first; by name and Region within a state."""
    return sorted(entries, key=lambda entry: (ROW_STATES.index(row_state(entry)), entry.get("name") or "", entry.get("region") or ""))


def findings(entry):
    """What a person must act on for one secret: each {region, reason, message, remedy}."""
    notes = []
    if entry.get("split_brain"):
        notes.append({"region": ", ".join(entry.get("primary_regions") or []), "reason": "split_brain",
                      "message": "a primary in " + ", ".join(entry.get("primary_regions") or []), "remedy": SPLIT_BRAIN_REMEDY})
    if entry.get("primary_reachable") is False:
        notes.append(_note(describe_failure(entry.get("primary_region"), "the primary's Region did not answer", reason="region_unreachable")))
    for replica in entry.get("replication_status") or []:
        if replica.get("reachable") is False:
            notes.append(_note(describe_failure(replica["region"], "the Region did not answer", reason="region_unreachable")))
        elif replica.get("status") == "Failed":
            notes.append(_note(describe_failure(replica["region"], replica.get("status_message") or "replication failed")))
        elif replica.get("exists") is False:
            notes.append({"region": replica["region"], "reason": "missing", "message": "the primary lists the replica, but its Region has no such secret",
                          "remedy": "run secret_replica (or the replicate job) for this secret: it retries the replica"})
        elif replica.get("follows_primary") is False:
            notes.append({"region": replica["region"], "reason": "follows_another_primary",
                          "message": "the copy in this Region no longer follows this primary (promoted, or replicating another primary)",
                          "remedy": "if this primary is the one to keep, run failback.yml with this Region as failback_region; "
                                    "otherwise report over every Region (report_regions) to see which side is primary"})
        elif replica.get("version_in_sync") is False:
            notes.append({"region": replica["region"], "reason": "behind", "message": "the replica is not on the primary's current version",
                          "remedy": "wait for replication, then report again; if it stays behind, retry the replica with secret_replica"})
        elif "reachable" in replica and replica.get("status") == "InSync" and replica.get("version_in_sync") is None:
            notes.append({"region": replica["region"], "reason": "version_unknown",
                          "message": "the replica's current version could not be compared with the primary's",
                          "remedy": "report again; if it stays so, check that the primary has a current version (AWSCURRENT) and "
                                    "that secretsmanager:DescribeSecret is allowed in both Regions"})
    for link in cross_account_links(entry):
        if link.get("status") == "Failed":
            notes.append({"region": entry.get("region"), "reason": "cross_account_failed", "message": link.get("status_message") or "the link failed",
                          "remedy": "run secret_replica with cross_account_replica for this secret: associating again repairs the link"})
    for region in entry.get("missing_regions") or []:
        notes.append({"region": region, "reason": "missing_replica", "message": "the policy requires a replica here",
                      "remedy": "run the replicate job for this secret with this Region"})
    return notes


def _note(failure):
    return {"region": failure["region"], "reason": failure["reason"], "message": failure["status_message"], "remedy": failure["remedy"]}


def svg_bar_chart(title, bars, width=460, bar_height=22):
    """A horizontal bar chart: bars are (label, value, css class); the longest bar fills the width."""
    label_width, gap = 170, 6
    top = 26
    height = top + len(bars) * (bar_height + gap) + 4
    longest = max([value for dummy, value, dummy2 in bars] + [1])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
             f"<title>{escape(title)}</title>", f'<text x="0" y="16" class="chart-title">{escape(title)}</text>']
    for index, (label, value, css) in enumerate(bars):
        y = top + index * (bar_height + gap)
        length = round((width - label_width - 40) * value / longest)
        parts.append(f'<text x="0" y="{y + 15}" class="chart-label">{escape(label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y}" width="{max(length, 1)}" height="{bar_height}" class="bar {css}"/>')
        parts.append(f'<text x="{label_width + length + 4}" y="{y + 15}" class="chart-value">{value}</text>')
    parts.append("</svg>")
    return "".join(parts)


def health_chart(entries):
    counts = {state: 0 for state in ROW_STATES}
    for entry in entries:
        counts[row_state(entry)] += 1
    return svg_bar_chart("Secrets by health", [(ROW_LABELS[state], counts[state], _css(state)) for state in ROW_STATES])


def region_chart(entries, regions):
    """Per Region, the primaries' replicas in sync and not (failed, in progress, unreachable or missing though required).

    Primaries only, so a replica read in its own Region as well is counted once. In sync is health.replica_health's
    rule, the one the rows follow.
    """
    primaries = [entry for entry in entries if not entry.get("is_replica")]
    bars = []
    for region in regions:
        replicas = [replica for entry in primaries for replica in entry.get("replication_status") or [] if replica["region"] == region]
        in_sync = sum(1 for replica in replicas if replica_health(replica) == "in_sync")
        missing = sum(1 for entry in primaries if region in (entry.get("missing_regions") or []))
        bars.append((f"{region} in sync", in_sync, "in-sync"))
        if len(replicas) - in_sync + missing:
            bars.append((f"{region} not in sync", len(replicas) - in_sync + missing, "failed"))
    return svg_bar_chart("Replicas by Region", bars or [("no replicas", 0, "none")])


def _cell(entry, region):
    replica = next((item for item in entry.get("replication_status") or [] if item["region"] == region), None)
    if replica is None:
        if region in (entry.get("missing_regions") or []):
            return f'<td class="cell missing" data-region="{escape(region)}">missing</td>'
        return f'<td class="cell none" data-region="{escape(region)}">&ndash;</td>'
    status = "unreachable" if replica.get("reachable") is False else replica.get("status") or ""
    css = "unreachable" if status == "unreachable" else STATUS_CLASSES.get(status, "none")
    details = [escape(replica.get("kms_key_id") or "")]
    if replica.get("last_accessed_date"):
        details.append("last read " + escape(str(replica["last_accessed_date"])[:10]))
    return (f'<td class="cell {css}" data-region="{escape(region)}"><strong>{escape(status)}</strong>'
            f'<span class="detail">{"<br>".join(details)}</span></td>')


def _link(direction, link):
    """One cross-account link: `direction` is "to" for a replica the secret sends to, "from" for the primary it follows."""
    return (f'<span class="link {STATUS_CLASSES.get(link.get("status"), "none")}">{direction} account {escape(link["arn"].split(":")[4])}: '
            f'{escape(link.get("status") or "")}<span class="detail">{escape(link["arn"])}</span></span>')


def _links(entry):
    parts = [_link("to", link) for link in entry.get("cross_account_replicas") or []]
    if entry.get("cross_account_primary"):
        parts.append(_link("from", entry["cross_account_primary"]))
    return " ".join(parts) or "&ndash;"


def _row(entry, regions):
    state = row_state(entry)
    missing = entry.get("missing_regions")
    if missing is None:
        compliant = "replica" if entry.get("is_replica") else "no policy"
    else:
        compliant = "missing " + ", ".join(missing) if missing else "compliant"
    cells = "".join(_cell(entry, region) for region in regions)
    row = (f'<tr class="secret {_css(state)}" data-secret="{escape(entry.get("name") or "")}" data-state="{state}">'
           f'<td><strong>{escape(entry.get("name") or "")}</strong><span class="detail">{escape(entry.get("arn") or "")}</span></td>'
           f'<td>{escape(entry.get("region") or "")}</td><td>{escape(entry.get("primary_region") or "")}</td>'
           f'<td class="state {_css(state)}">{ROW_LABELS[state]}</td><td class="compliance">{escape(compliant)}</td>'
           f'<td>{escape(entry.get("kms_key_id") or "")}</td>{cells}<td class="cross-account">{_links(entry)}</td></tr>')
    notes = findings(entry)
    if notes:
        items = "".join(f'<li><strong>{escape(note["reason"])}</strong> in {escape(note["region"] or "")}: {escape(note["message"].rstrip("."))}. '
                        f'<em>Fix:</em> {escape(note["remedy"])}</li>' for note in notes)
        row += f'<tr class="findings {_css(state)}"><td colspan="{7 + len(regions)}"><ul>{items}</ul></td></tr>'
    return row


STYLE = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2em; color: #1b1b1b; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
.meta, .detail { color: #555; } .detail { display: block; font-size: 0.8em; font-weight: normal; }
table { border-collapse: collapse; margin-top: 1em; }
th, td { border: 1px solid #ccc; padding: 0.35em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.cell { text-align: center; }
.in-sync { background: #d8f3dc; color: #1b4332; } .in-progress { background: #fff3bf; color: #7c5e00; }
.failed, .missing, .not-compliant { background: #ffd6d6; color: #8b0000; } .split-brain { background: #e9c6ff; color: #4a0072; }
.unreachable { background: #e0e0e0; color: #333; } .none { background: #fafafa; color: #999; }
tr.findings td { background: #fff; font-size: 0.9em; } tr.findings ul { margin: 0.2em 0; padding-left: 1.2em; }
ul.summary { list-style: none; padding: 0; } ul.summary li { display: inline-block; margin-right: 1.5em; }
dl.legend dt { font-weight: bold; display: inline-block; padding: 0 0.4em; margin-top: 0.4em; } dl.legend dd { margin: 0 0 0 1em; }
.charts svg { margin-right: 2em; } .chart-title { font-weight: bold; font-size: 13px; } .chart-label, .chart-value { font-size: 12px; }
rect.in-sync { fill: #52b788; } rect.in-progress { fill: #f2c94c; } rect.failed, rect.not-compliant { fill: #e5383b; }
rect.split-brain { fill: #9d4edd; } rect.unreachable { fill: #9e9e9e; } rect.none { fill: #ddd; }
.alert { border: 1px solid #7b2cbf; padding: 0.6em 1em; margin: 1em 0; }
@media print { tr.findings, tr.secret { break-inside: avoid; } }
"""


def split_brain_alert(report):
    """A banner above everything when any secret is a primary in more than one Region: the one state that loses data."""
    if not report.get("split_brain"):
        return ""
    items = "".join(f'<li data-secret="{escape(finding["name"])}"><strong>{escape(finding["name"])}</strong>: a primary in '
                    f'{escape(", ".join(finding["primary_regions"]))}</li>' for finding in report["split_brain"])
    return (f'<div class="alert split-brain" id="split-brain"><strong>Split brain:</strong> applications may write to either '
            f'copy. Fix: {escape(SPLIT_BRAIN_REMEDY)}.<ul>{items}</ul></div>\n')


def render(report):
    """The whole page, from a report of health_report.health_report() (its required_regions: the policy, may be empty)."""
    required_regions = report.get("required_regions") or []
    entries = sorted_entries(report.get("secrets") or [])
    regions = report.get("regions") or []
    summary = report.get("summary") or {}
    meta = [f'Regions read: {escape(", ".join(report.get("regions_read") or []))}', f'generated {escape(str(report.get("generated_at") or ""))}']
    if report.get("filters"):
        meta.append("filters " + escape(", ".join(f"{key}={value}" for key, value in sorted(report["filters"].items()))))
    if required_regions:
        meta.append("required Regions " + escape(", ".join(required_regions)))
    if report.get("unreachable_regions"):
        meta.append("did not answer: " + escape(", ".join(report["unreachable_regions"])))
    summary_items = "".join(f'<li>{key.replace("_", " ").capitalize()}: <strong id="summary-{key}">{summary.get(key, 0)}</strong></li>'
                            for key in SUMMARY_KEYS)
    legend = "".join(f'<dt class="{_css(state)}">{ROW_LABELS[state]}</dt><dd>{escape(text)}</dd>' for state, text in LEGEND)
    legend += '<dt class="missing">missing</dt><dd>A required Region without a replica. A dash (&ndash;) is a Region the policy does not ask for.</dd>'
    header = "".join(f"<th>{escape(region)}</th>" for region in regions)
    rows = "".join(_row(entry, regions) for entry in entries)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Secrets Manager replication report</title>\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n<h1>Secrets Manager replication report</h1>\n"
        f'<p class="meta">{" &middot; ".join(meta)}</p>\n<ul class="summary" id="summary">{summary_items}</ul>\n{split_brain_alert(report)}'
        f'<div class="charts">{health_chart(entries)}{region_chart(entries, regions)}</div>\n'
        f'<h2>Legend</h2>\n<dl class="legend">{legend}</dl>\n<h2>Secrets, worst first</h2>\n'
        f'<table id="replication-grid"><thead><tr><th>Secret</th><th>Read in</th><th>Primary Region</th><th>Health</th><th>Compliance</th>'
        f"<th>KMS key</th>{header}<th>Cross-account</th></tr></thead>\n<tbody>{rows}</tbody></table>\n</body>\n</html>\n"
    )
