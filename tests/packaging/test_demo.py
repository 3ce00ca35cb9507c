# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""`make demo`, run as the Makefile runs it: demo/demo.py with AWS_ENDPOINT_URL at a stand-in and the stand-in's package
on PYTHONPATH; here a stand-in of this suite's own (a free port), the installed tarball and a report directory in a
temporary directory.

Issue 15: the demo ends by printing where the report is and the report's visible summary (the text Chromium renders).
"""

import json
import re
import subprocess
import sys

import browser

from conftest import PRIMARY_REGION
from conftest import SOURCE
from conftest import clean_environment

DEMO_SECRETS = ("demo/app/api-key", "demo/app/db-password", "demo/payments/token")
REPLICA_REGIONS = ("eu-west-1", "us-west-2")


def run_demo(installed, standin, workdir):
    env = clean_environment(ANSIBLE_COLLECTIONS_PATH=str(installed), PYTHONPATH=str(SOURCE / "tests" / "standin"),
                            **standin.environment(PRIMARY_REGION))
    demo = subprocess.run([sys.executable, str(SOURCE / "demo" / "demo.py"), "--report-dir", str(workdir / "report")],
                          env=env, cwd=str(workdir), capture_output=True, text=True, timeout=600, check=False)
    assert demo.returncode == 0, f"demo.py exited {demo.returncode}\nstdout:\n{demo.stdout}\nstderr:\n{demo.stderr}"
    return demo.stdout


def shown_summary(output):
    """The summary line the demo prints ("Secrets: 3 | Replicated: 3 | ..."), as {summary key: number}."""
    lines = [line.strip() for line in output.splitlines() if line.strip().startswith("Secrets: ")]
    assert len(lines) == 1, output
    counts = {}
    for part in lines[0].split(" | "):
        label, number = part.split(": ")
        counts[label.lower().replace(" ", "_")] = int(number)
    return counts


def test_make_demo_says_where_the_report_is_and_shows_its_summary(installed, standin, tmp_path):
    assert browser.chromium_available(), f"no Chromium at {browser.CHROMIUM}: `make packaging` installs Debian's chromium"
    output = run_demo(installed, standin, tmp_path)

    # The last step names the report, an existing file, then what its summary shows in Chromium and the picture.
    (html,) = re.findall(r"^=== HTML report: (.+)$", output, re.M)
    assert html == str(tmp_path / "report" / "replication-report.html") and (tmp_path / "report" / "replication-report.html").is_file()
    assert output.index("=== HTML report:") < output.index("What the report's summary shows in Chromium:")
    png = tmp_path / "report" / "replication-report.png"
    assert f"A picture of the whole page: {png}" in output
    assert png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")

    # The summary shown is the JSON report's, number for number: the demo's three secrets, every one in sync.
    report = json.loads((tmp_path / "report" / "replication-report.json").read_text(encoding="utf-8"))
    assert shown_summary(output) == report["summary"]
    assert report["summary"]["secrets"] == report["summary"]["in_sync"] == 3 and report["summary"]["not_compliant"] == 0

    # The second replicate run had nothing left to do.
    recaps = re.findall(r"^localhost\s+: ok=\d+\s+changed=(\d+)", output, re.M)
    assert len(recaps) == 3 and recaps[1] == "0", recaps

    # ... and the stand-in, read here, holds what the report says: each secret InSync in both Regions.
    primary = standin.client("secretsmanager", PRIMARY_REGION)
    for name in DEMO_SECRETS:
        statuses = {entry["Region"]: entry["Status"] for entry in primary.describe_secret(SecretId=name)["ReplicationStatus"]}
        assert statuses == dict.fromkeys(REPLICA_REGIONS, "InSync"), (name, statuses)
