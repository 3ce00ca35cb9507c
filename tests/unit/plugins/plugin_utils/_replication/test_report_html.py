# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The HTML report a person reads: worst first, visible reasons and remedies, compliance, charts, nothing fetched."""

import re
from html.parser import HTMLParser

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication import report_html
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.health import replica_health
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.health import secret_entry
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.health_report import health_report
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.health_report import missing_regions


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


def test_every_replica_the_row_calls_failed_has_a_reason_and_a_remedy():
    def seen(region, **changes):
        item = replica(region, reachable=True, exists=True, current_version_id="v1", version_in_sync=True, follows_primary=True)
        item.update(changes)
        return item

    replicas = [seen("eu-west-1", follows_primary=False), seen("us-west-2", version_in_sync=None), seen("ap-south-1", version_in_sync=False),
                seen("sa-east-1", exists=False), seen("ca-central-1")]
    failed = [item["region"] for item in replicas if replica_health(item) == "failed"]
    notes = report_html.findings(entry("drifted", "failed", replicas))
    assert [note["region"] for note in notes] == failed == ["eu-west-1", "us-west-2", "ap-south-1", "sa-east-1"]
    assert [note["reason"] for note in notes] == ["follows_another_primary", "version_unknown", "behind", "missing"]
    assert all(note["message"] and note["remedy"] for note in notes)


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


class SecretRows(HTMLParser):
    """The secrets table as a person reads it: per row (by secret), each column's header -> the cell's text."""

    def __init__(self):
        super().__init__()
        self.headers, self.rows, self._cells, self._text, self._secret = [], {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr" and "secret" in (attrs.get("class") or "").split():
            self._secret, self._cells = attrs["data-secret"], []
        elif tag in ("th", "td"):
            self._text = []
        elif tag in ("br", "span") and self._text is not None:  # a line break, or a detail on a line of its own
            self._text.append(" ")

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "th" and self._text is not None:
            self.headers.append("".join(self._text))
        elif tag == "td" and self._cells is not None:
            self._cells.append(" ".join("".join(self._text).split()))
        elif tag == "tr" and self._secret is not None:
            self.rows[self._secret] = dict(zip(self.headers, self._cells))
            self._secret, self._cells = None, None
        if tag in ("th", "td"):
            self._text = None


def secret_rows(page):
    parser = SecretRows()
    parser.feed(page)
    return parser.rows


def chart_bars(svg):
    """A bar chart's bars as {label: value}, as the chart's text shows them."""
    return {label: int(value) for label, value in re.findall(r'class="chart-label">([^<]+)</text><rect [^>]*/><text [^>]*>(\d+)<', svg)}


def chart(page, title):
    return next(svg for svg in re.findall(r"<svg.*?</svg>", page, re.S) if f"<title>{title}</title>" in svg)


def described(name, replicas, **extra):
    """A primary in us-east-1 as DescribeSecret answers it (KmsKeyId is left out when the secret uses aws/secretsmanager)."""
    return dict({"ARN": f"arn:aws:secretsmanager:us-east-1:1:secret:{name}-AbCdEf", "Name": name, "ReplicationStatus": replicas}, **extra)


def page_of(descriptions, required_regions=()):
    """report.yml's page for these DescribeSecret answers, read in us-east-1."""
    read = {"region": "us-east-1", "secrets": [secret_entry(description, "us-east-1") for description in descriptions]}
    return report_html.render(health_report([read], required_regions=list(required_regions)))


def test_each_replica_shows_its_own_kms_key_and_a_key_aws_does_not_name_is_the_aws_managed_one():
    page = page_of([
        described("keyed", [{"Region": "eu-west-1", "KmsKeyId": "alias/eu-app", "Status": "InSync"},
                            {"Region": "us-west-2", "KmsKeyId": "arn:aws:kms:us-west-2:1:key/1234abcd", "Status": "InSync"}],
                  KmsKeyId="alias/app", PrimaryRegion="us-east-1"),
        described("managed", [{"Region": "eu-west-1", "Status": "InSync"}], PrimaryRegion="us-east-1"),
    ])
    rows = secret_rows(page)
    assert rows["keyed"]["KMS key"] == "alias/app"
    assert rows["keyed"]["eu-west-1"] == "InSync alias/eu-app"
    assert rows["keyed"]["us-west-2"] == "InSync arn:aws:kms:us-west-2:1:key/1234abcd"
    # secret_replica_info documents kms_key_id as alias/aws/secretsmanager when none was chosen; the page says the same.
    assert rows["managed"]["KMS key"] == "alias/aws/secretsmanager"
    assert rows["managed"]["eu-west-1"] == "InSync alias/aws/secretsmanager"
    assert rows["managed"]["us-west-2"] == "\u2013"  # no replica there, and none asked for


def test_the_health_chart_shows_how_many_secrets_are_in_each_state():
    insync = [{"Region": "eu-west-1", "Status": "InSync"}]
    failed = [{"Region": "eu-west-1", "Status": "Failed", "StatusMessage": "Replication failed: Secret d already exists in region eu-west-1."}]
    page = page_of([described("a", insync), described("b", insync), described("c", insync), described("d", failed)])
    assert chart_bars(chart(page, "Secrets by health")) == {
        "split brain": 0, "failed": 1, "unreachable": 0, "in progress": 0, "not compliant": 0, "in sync": 3}
    assert 'id="summary-in_sync">3<' in page and 'id="summary-failed">1<' in page


def test_bar_chart_scales_to_the_longest_bar():
    chart = report_html.svg_bar_chart("t", [("a", 2, "in-sync"), ("b", 4, "failed")], width=370)
    widths = [int(width) for width in re.findall(r'<rect x="170" y="\d+" width="(\d+)"', chart)]
    assert widths == [80, 160]


def test_the_region_chart_counts_each_primary_replica_once_and_unreachable_or_missing_as_not_in_sync():
    replica_side = entry("ok", replicas=[replica("eu-west-1"), replica("us-west-2")], is_replica=True, region="eu-west-1")
    bars = chart_bars(report_html.region_chart(ENTRIES + [replica_side], REQUIRED))
    # eu-west-1: ok, missing-west in sync; failed, slow, dark (unreachable), twice (missing) not. us-west-2: only ok has one.
    assert bars == {"eu-west-1 in sync": 2, "eu-west-1 not in sync": 4, "us-west-2 in sync": 1, "us-west-2 not in sync": 5}


def test_the_region_chart_counts_a_replica_as_its_row_does():
    # InSync in the primary's list, but promoted or following another primary in its own Region: the row says failed.
    moved = replica("eu-west-1", reachable=True, exists=True, version_in_sync=True, follows_primary=False)
    unsure = replica("eu-west-1", reachable=True, exists=True, version_in_sync=None, follows_primary=True)
    served = replica("eu-west-1", reachable=True, exists=True, version_in_sync=True, follows_primary=True)
    entries = [entry(name, health, replicas=[item]) for name, health, item in (("moved", "failed", moved), ("unsure", "failed", unsure),
                                                                               ("served", "in_sync", served))]
    assert [report_html.row_state(item) for item in entries] == ["failed", "failed", "in_sync"]
    assert chart_bars(report_html.region_chart(entries, ["eu-west-1"])) == {"eu-west-1 in sync": 1, "eu-west-1 not in sync": 2}


def test_cross_account_links_show_their_account_status_and_arn_and_a_failed_one_its_fix():
    receiving = "arn:aws:secretsmanager:us-east-1:222222222222:secret:xa-AbCdEf"
    linked = entry("xa", cross_account_replicas=[{"arn": receiving, "status": "Failed", "status_message": "key disabled"}], missing_regions=None)
    assert report_html._links(linked) == (  # pylint: disable=protected-access
        f'<span class="link failed">to account 222222222222: Failed<span class="detail">{receiving}</span></span>')
    assert [(note["reason"], note["message"]) for note in report_html.findings(linked)] == [("cross_account_failed", "key disabled")]


def test_a_receiving_secret_shows_the_account_it_follows_and_a_failed_link_its_fix():
    primary = "arn:aws:secretsmanager:us-east-1:111111111111:secret:xa-AbCdEf"
    following = entry("xa", cross_account_primary={"arn": primary, "status": "Failed", "status_message": "role gone"}, missing_regions=None)
    assert report_html._links(following) == (  # pylint: disable=protected-access
        f'<span class="link failed">from account 111111111111: Failed<span class="detail">{primary}</span></span>')
    assert [(note["reason"], note["message"]) for note in report_html.findings(following)] == [("cross_account_failed", "role gone")]
    assert report_html._links(entry("xa", missing_regions=None)) == "&ndash;"  # pylint: disable=protected-access


def test_split_brain_gets_a_banner_above_everything_and_nothing_without_it():
    report = {"secrets": ENTRIES, "regions": REQUIRED, "summary": {}, "split_brain": [{"name": "twice", "primary_regions": ["us-east-1", "us-west-2"]}]}
    page = report_html.render(report)
    assert page.index('id="split-brain"') < page.index('id="replication-grid"')
    assert '<li data-secret="twice"><strong>twice</strong>: a primary in us-east-1, us-west-2</li>' in page and "failback.yml" in page
    assert report_html.split_brain_alert(dict(report, split_brain=[])) == ""
