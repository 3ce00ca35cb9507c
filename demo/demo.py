# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""`make demo`: the whole story against the local AWS stand-in.

1. Seed three secrets in us-east-1, and a different secret with the same name as one
   of them in eu-west-1 (the user guide's "same name exists" failure case).
2. Run playbooks/replicate.yml to us-west-2 and eu-west-1 with replicate_overwrite:
   on_conflict, so the conflict is retried with ForceOverwriteReplicaSecret.
3. Run it again: nothing to do (changed=0).
4. Run playbooks/report.yml, say where the HTML report is, and show its summary as Chromium renders it (with a
   picture of the page next to it), when Chromium is installed.

The Makefile starts the stand-in and sets AWS_ENDPOINT_URL, so the playbooks need no change. The report goes to
.tmp/demo-report, or to the directory given with --report-dir.
"""

import argparse
import json
import os
import subprocess
import sys

from standin.process import RemoteStandIn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "utils"))
import browser  # noqa: E402  pylint: disable=wrong-import-position

PRIMARY = "us-east-1"
REPLICA_REGIONS = ["us-west-2", "eu-west-1"]
SECRETS = {
    "demo/app/db-password": {"team": "app"},
    "demo/app/api-key": {"team": "app"},
    "demo/payments/token": {"team": "payments"},
}
CONFLICT = ("demo/payments/token", "eu-west-1")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_REPORT_DIR = os.path.join(ROOT, ".tmp", "demo-report")


def say(text):
    print(f"\n=== {text}", flush=True)


def seed():
    standin = RemoteStandIn(os.environ["AWS_ENDPOINT_URL"])
    standin.reset()
    standin.configure(replication_delay_seconds=1)
    primary = standin.client("secretsmanager", PRIMARY)
    for name, tags in SECRETS.items():
        primary.create_secret(
            Name=name, SecretString="demo-only-value",
            Tags=[{"Key": key, "Value": value} for key, value in tags.items()],
        )
        print(f"created {name} in {PRIMARY}")
    name, region = CONFLICT
    standin.client("secretsmanager", region).create_secret(Name=name, SecretString="an unrelated secret")
    print(f"created a different secret named {name} in {region} (a name conflict)")


def playbook(name, extra_vars):
    command = [
        os.path.join(os.path.dirname(sys.executable), "ansible-playbook"),
        f"secretsmanager.replication.{name}", "-e", json.dumps(extra_vars),
    ]
    print("$ " + " ".join(command[:2] + ["-e", "'" + command[3] + "'"]), flush=True)
    subprocess.run(command, check=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report-dir", default=DEFAULT_REPORT_DIR, help="where report.yml writes the report (default: %(default)s)")
    report_dir = os.path.abspath(parser.parse_args().report_dir)
    say("Seeding the local AWS stand-in")
    seed()
    replicate_vars = {
        "replicate_primary_region": PRIMARY,
        "replicate_secrets": [{"secret_id": name} for name in SECRETS],
        "replicate_default_replicas": [{"region": region} for region in REPLICA_REGIONS],
        "replicate_overwrite": "on_conflict",
        "replicate_retry_delay": 1,
    }
    say("Replicating every secret to " + " and ".join(REPLICA_REGIONS) + " (overwrite on conflict)")
    playbook("replicate", replicate_vars)
    say("Running the same job again: nothing left to do")
    playbook("replicate", replicate_vars)
    say("Reporting replication health")
    playbook("report", {"report_region": PRIMARY, "report_dir": report_dir, "secret_filters": "name=demo/",
                        "report_required_regions": REPLICA_REGIONS})
    html = os.path.join(report_dir, "replication-report.html")
    say(f"HTML report: {html}")
    if browser.chromium_available():
        png = os.path.join(report_dir, "replication-report.png")
        print("What the report's summary shows in Chromium:\n  " + browser.visible_summary(html, png))
        print(f"A picture of the whole page: {png}")
    else:
        with open(os.path.join(report_dir, "replication-report.json"), encoding="utf-8") as report:
            print("Summary (no Chromium here to render the page): " + json.dumps(json.load(report)["summary"]))


if __name__ == "__main__":
    main()
