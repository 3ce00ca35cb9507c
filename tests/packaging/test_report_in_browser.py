# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/report.yml's HTML, from the installed tarball, as a person sees it in headless Chromium.

The stand-in holds one secret in every state the report orders by. What is checked is what Chromium renders:
the failure reasons and remedies are visible text, failing rows sit above healthy ones on the page, the summary
numbers are the JSON report's, and the page asks for nothing outside the file.
With REPORT_SCREENSHOT set to a path, the rendered page is saved there (docs/images/replication-report.png was made so,
then quantised to 256 colours to stay under test_shipped_docs.py's size limit).
"""

import json
import os
import shutil

import browser

from conftest import PRIMARY_REGION
from conftest import clean_environment
from conftest import run
from conftest import tool

PROMOTED_IN, DARK = "us-west-2", "ap-northeast-1"
REQUIRED = ["eu-west-1", "us-west-2"]
# Worst first, as report_html.ROW_STATES; a row's data-state is one of these.
ORDER = ["split_brain", "failed", "unreachable", "in_progress", "not_compliant", "in_sync"]


def seed(standin):
    """One secret per row state, all primaries in us-east-1."""
    primary = standin.client("secretsmanager", PRIMARY_REGION)
    for name in ("report/ok-a", "report/ok-b"):
        primary.create_secret(Name=name, SecretString="x", AddReplicaRegions=[{"Region": region} for region in REQUIRED])
    primary.create_secret(Name="report/missing-west", SecretString="x", AddReplicaRegions=[{"Region": "eu-west-1"}])
    # A same-name secret already in eu-west-1: replication fails (user guide, troubleshooting).
    standin.client("secretsmanager", "eu-west-1").create_secret(Name="report/conflict", SecretString="x")
    primary.create_secret(Name="report/conflict", SecretString="x")
    primary.replicate_secret_to_regions(SecretId="report/conflict", AddReplicaRegions=[{"Region": region} for region in REQUIRED])
    primary.create_secret(Name="report/dark", SecretString="x", AddReplicaRegions=[{"Region": DARK}])
    # A replica promoted in us-west-2 while the primary stays a primary: split brain when both Regions are read.
    primary.create_secret(Name="report/twice", SecretString="x", AddReplicaRegions=[{"Region": PROMOTED_IN}])
    standin.client("secretsmanager", PROMOTED_IN).stop_replication_to_replica(SecretId="report/twice")
    standin.configure(replication_delay_seconds=3600)
    primary.create_secret(Name="report/slow", SecretString="x", AddReplicaRegions=[{"Region": region} for region in REQUIRED])
    standin.configure(replication_delay_seconds=0)


def run_report(installed, standin, workdir):
    standin.set_faults(unavailable_regions=[DARK])
    try:
        extra_vars = {"report_regions": f"{PRIMARY_REGION},{PROMOTED_IN}", "secret_filters": "name=report/",
                      "report_required_regions": ",".join(REQUIRED)}
        run([tool("ansible-playbook"), "secretsmanager.replication.report", "-e", json.dumps(extra_vars)],
            env=clean_environment(ANSIBLE_COLLECTIONS_PATH=str(installed), **standin.environment(PRIMARY_REGION)), cwd=str(workdir))
    finally:
        standin.clear_faults()
    report_dir = workdir / "replication-report"
    return report_dir / "replication-report.html", json.loads((report_dir / "replication-report.json").read_text())


def test_the_report_in_a_browser_puts_failures_first_with_visible_reasons(installed, standin, tmp_path):
    assert browser.chromium_available(), f"no Chromium at {browser.CHROMIUM}: `make packaging` installs Debian's chromium"
    seed(standin)
    html_path, report = run_report(installed, standin, tmp_path)

    with browser.opened(html_path) as page:
        if os.environ.get("REPORT_SCREENSHOT"):
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            shutil.copyfile(tmp_path / "report.png", os.environ["REPORT_SCREENSHOT"])

        # Every state is present, and the rows go down the page worst first.
        rows = page.locator("tr.secret")
        placed = sorted((rows.nth(index).bounding_box()["y"], rows.nth(index).get_attribute("data-state"),
                         rows.nth(index).get_attribute("data-secret")) for index in range(rows.count()))
        states = [state for dummy, state, dummy2 in placed]
        assert set(states) == set(ORDER), placed
        assert states == sorted(states, key=ORDER.index), placed
        lowest_failing = max(y for y, state, dummy in placed if state != "in_sync")
        assert lowest_failing < min(y for y, state, dummy in placed if state == "in_sync")

        # Reasons and remedies are text a person sees (and prints), not tooltips.
        for secret, reason, remedy in (
            ("report/conflict", "name_conflict", "ForceOverwriteReplicaSecret"),
            ("report/dark", "region_unreachable", "run again once it is reachable"),
            ("report/missing-west", "missing_replica", "run the replicate job"),
            ("report/twice", "split_brain", "failback.yml"),
        ):
            findings = page.locator(f'tr.secret[data-secret="{secret}"] + tr.findings').first
            assert findings.is_visible(), secret
            text = findings.inner_text()
            assert reason in text and remedy in text, (secret, text)
        missing_cell = page.locator('tr.secret[data-secret="report/missing-west"] td[data-region="us-west-2"]')
        assert missing_cell.inner_text().strip() == "missing"
        assert page.get_by_text("Legend").is_visible()

        # The page's summary is the JSON's.
        for key, value in report["summary"].items():
            assert page.inner_text(f"#summary-{key}") == str(value), key
        assert page.outside_requests == []

    # The JSON has one entry per secret and Region read; a replica carries its primary's health (replica_view).
    health = {(entry["name"], entry["region"]): entry["health"] for entry in report["secrets"]}
    assert health == {
        **{(name, region): "in_sync" for name in ("report/ok-a", "report/ok-b") for region in (PRIMARY_REGION, PROMOTED_IN)},
        ("report/missing-west", PRIMARY_REGION): "in_sync", ("report/dark", PRIMARY_REGION): "unreachable",
        ("report/conflict", PRIMARY_REGION): "failed", ("report/conflict", PROMOTED_IN): "failed",
        ("report/slow", PRIMARY_REGION): "in_progress", ("report/slow", PROMOTED_IN): "in_progress",
        ("report/twice", PRIMARY_REGION): "not_replicated", ("report/twice", PROMOTED_IN): "not_replicated"}
    assert report["summary"]["split_brain"] == 1 and report["summary"]["not_compliant"] == 4  # missing-west, dark, twice on both sides
    # ... and with the stand-in, read here independently.
    primary = standin.client("secretsmanager", PRIMARY_REGION)
    conflict = {entry["Region"]: entry["Status"] for entry in primary.describe_secret(SecretId="report/conflict")["ReplicationStatus"]}
    assert conflict["eu-west-1"] == "Failed"
    promoted = standin.client("secretsmanager", PROMOTED_IN).describe_secret(SecretId="report/twice")
    assert promoted.get("PrimaryRegion", PROMOTED_IN) == PROMOTED_IN
