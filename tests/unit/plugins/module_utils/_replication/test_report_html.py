# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The HTML report a person reads: worst first, visible reasons and remedies, compliance, charts, nothing fetched."""

import re

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication import report_html
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.health_report import missing_regions


def replica(region, status="InSync", **extra):
    return dict({"region": region, "status": status, "kms_key_id": "alias/aws/secretsmanager", "status_message": None,
                 "last_accessed_date": "2026-11-30T00:00:00+00:00"}, **extra)


def entry(name, health="in_sync", replicas=(), **extra):
    return dict({"name": name, "arn": f"arn:aws:secretsmanager:us-east-1:1:secret:{name}-AbCdEf", "region": "us-east-1", "primary_region": "us-east-1",
                 "is_replica": False, "health": health, "kms_key_id": "alias/aws/secretsmanager", "replication_status": list(replicas),
                 "split_brain": False}, **extra)


ENTRIES = [
    entry("ok", replicas=[replica("eu-west-1"), replica("us-west-2")]),
    entry("missing-west", replicas=[replica("eu-west-1")]),
    entry("failed", "failed", [replica("eu-west-1", "Failed", status_message="Replication failed: Secret failed already exists in region eu-west-1.")]),
    entry("slow", "in_progress", [replica("eu-west-1", "InProgress")]),
    entry("dark", "unreachable", [replica("eu-west-1", reachable=False)]),
    entry("twice", split_brain=True, primary_regions=["us-east-1", "us-west-2"]),
]
REQUIRED = ["eu-west-1", "us-west-2"]
for _entry in ENTRIES:
    _entry["missing_regions"] = missing_regions(_entry, REQUIRED)


def test_rows_are_worst_first():
    ordered = report_html.sorted_entries(ENTRIES)
    assert [report_html.row_state(item) for item in ordered] == ["split_brain", "failed", "unreachable", "in_progress", "not_compliant", "in_sync"]
    assert [item["name"] for item in ordered] == ["twice", "failed", "dark", "slow", "missing-west", "ok"]


def test_compliance_tells_missing_from_not_wanted():
    assert missing_regions(ENTRIES[1], REQUIRED) == ["us-west-2"]
    assert missing_regions(ENTRIES[0], REQUIRED) == []
    assert missing_regions(ENTRIES[1], []) is None
    assert missing_regions(entry("replica", is_replica=True), REQUIRED) is None
    assert missing_regions(entry("west", primary_region="us-west-2"), REQUIRED) == ["eu-west-1"]  # not its own Region


def test_every_failure_has_its_reason_and_remedy_as_text():
    notes = report_html.findings(ENTRIES[2])
    assert [(note["region"], note["reason"]) for note in notes] == [("eu-west-1", "name_conflict"), ("us-west-2", "missing_replica")]
    assert "ForceOverwriteReplicaSecret" in notes[0]["remedy"]
    assert report_html.findings(ENTRIES[4])[0]["reason"] == "region_unreachable"
    assert "failback.yml" in report_html.findings(ENTRIES[5])[0]["remedy"]


def test_the_page_is_self_contained_escaped_and_shows_the_json_summary():
    summary = {"secrets": 6, "replicated": 5, "in_sync": 2, "in_progress": 1, "failed": 1, "unreachable": 1, "split_brain": 1, "not_compliant": 5}
    odd = entry("<b>odd</b>", replicas=[replica("eu-west-1"), replica("us-west-2")], missing_regions=[])
    report = {"secrets": ENTRIES + [odd], "regions": REQUIRED, "regions_read": ["us-east-1"], "summary": summary,
              "generated_at": "2026-12-01T00:00:00Z", "filters": {"tag-key": "dr"}, "required_regions": REQUIRED}
    page = report_html.render(report)
    assert not re.search(r"<script|<link|src=|@import|url\(|title=\"", page)
    assert "&lt;b&gt;odd&lt;/b&gt;" in page and "<b>odd</b>" not in page
    for key, value in summary.items():
        assert f'id="summary-{key}">{value}<' in page
    assert page.count("<svg") == 2
    assert page.index('data-secret="twice"') < page.index('data-secret="failed"') < page.index('data-secret="ok"')
    assert '<td class="cell missing" data-region="us-west-2">missing</td>' in page
    assert "name_conflict</strong> in eu-west-1" in page and "Fix:" in page
    assert "Legend" in page and "A dash" in page
    assert "last read 2026-11-30" in page


def test_bar_chart_scales_to_the_longest_bar():
    chart = report_html.svg_bar_chart("t", [("a", 2, "in-sync"), ("b", 4, "failed")], width=370)
    widths = [int(width) for width in re.findall(r'<rect x="170" y="\d+" width="(\d+)"', chart)]
    assert widths == [80, 160]


def test_the_region_chart_counts_each_primary_replica_once_and_unreachable_or_missing_as_not_in_sync():
    replica_side = entry("ok", replicas=[replica("eu-west-1"), replica("us-west-2")], is_replica=True, region="eu-west-1")
    chart = report_html.region_chart(ENTRIES + [replica_side], REQUIRED)
    bars = dict(re.findall(r'class="chart-label">([^<]+)</text><rect [^>]*/><text [^>]*>(\d+)<', chart))
    # eu-west-1: ok, missing-west in sync; failed, slow, dark (unreachable), twice (missing) not. us-west-2: only ok has one.
    assert bars == {"eu-west-1 in sync": "2", "eu-west-1 not in sync": "4", "us-west-2 in sync": "1", "us-west-2 not in sync": "5"}


def test_cross_account_links_show_their_account_status_and_arn_and_a_failed_one_its_fix():
    receiving = "arn:aws:secretsmanager:us-east-1:222222222222:secret:xa-AbCdEf"
    linked = entry("xa", cross_account_replicas=[{"arn": receiving, "status": "Failed", "status_message": "key disabled"}], missing_regions=None)
    assert report_html._links(linked) == (  # pylint: disable=protected-access
        f'<span class="link failed">to account 222222222222: Failed<span class="detail">{receiving}</span></span>')
    assert [(note["reason"], note["message"]) for note in report_html.findings(linked)] == [("cross_account_failed", "key disabled")]


def test_split_brain_gets_a_banner_above_everything_and_nothing_without_it():
    report = {"secrets": ENTRIES, "regions": REQUIRED, "summary": {}, "split_brain": [{"name": "twice", "primary_regions": ["us-east-1", "us-west-2"]}]}
    page = report_html.render(report)
    assert page.index('id="split-brain"') < page.index('id="replication-grid"')
    assert '<li data-secret="twice"><strong>twice</strong>: a primary in us-east-1, us-west-2</li>' in page and "failback.yml" in page
    assert report_html.split_brain_alert(dict(report, split_brain=[])) == ""
