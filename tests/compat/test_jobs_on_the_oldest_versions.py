# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The jobs run on the oldest versions the collection supports (ansible-core 2.17, amazon.aws 9, boto3/botocore 1.34).

Run by `make test-compat`: the playbooks run with that leg's ansible-playbook and Python (COMPAT_BIN), against a local
AWS stand-in this suite starts, and each outcome is read back with boto3. ansible-core before 2.19 templates in ways
2.19 does not (a null becomes an empty string), which unit tests cannot show.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest
from standin.operations import mutating_calls
from standin.process import StandInProcess

REPO = Path(__file__).resolve().parents[2]
COMPAT_BIN = Path(os.environ.get("COMPAT_BIN", REPO / ".tmp" / "venv-compat" / "bin"))
COMPAT_COLLECTIONS = os.environ.get("COMPAT_COLLECTIONS", str(REPO / ".tmp" / "compat-collections"))
PRIMARY, REPLICA = "us-east-1", "us-west-2"


@pytest.fixture(scope="module")
def standin(tmp_path_factory):
    server = StandInProcess(tmp_path_factory.mktemp("standin"), port=0)
    server.start()
    yield server
    server.stop()


def run_job(standin, tmp_path, playbook, extra_vars, args=()):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "ANSIBLE_"))}
    env.update(standin.environment(PRIMARY), ANSIBLE_COLLECTIONS_PATH=COMPAT_COLLECTIONS, ANSIBLE_LOCALHOST_WARNING="false",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="false", ANSIBLE_NOCOLOR="true", ANSIBLE_PYTHON_INTERPRETER=str(COMPAT_BIN / "python"),
               ANSIBLE_HOME=str(tmp_path / "ansible-home"))
    command = [str(COMPAT_BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", f"secretsmanager.replication.{playbook}",
               "--extra-vars", json.dumps(extra_vars), *args]
    ran = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
    ran.output = ran.stdout + ran.stderr
    return ran


def changed_count(output):
    return int(output.rsplit("changed=", 1)[1].split()[0])


def replica_statuses(standin, name):
    described = standin.client("secretsmanager", PRIMARY).describe_secret(SecretId=name)
    return {entry["Region"]: entry["Status"] for entry in described.get("ReplicationStatus", [])}


def create(standin, name, **tags):
    standin.client("secretsmanager", PRIMARY).create_secret(Name=name, SecretString="not-a-real-secret",
                                                            Tags=[{"Key": key, "Value": value} for key, value in tags.items()])


def test_the_oldest_versions_are_the_ones_this_leg_runs():
    ran = subprocess.run([str(COMPAT_BIN / "python"), "-c", "import ansible.release, botocore; print(ansible.release.__version__, botocore.__version__)"],
                         capture_output=True, text=True, check=True)
    core, botocore = ran.stdout.split()
    assert core.startswith("2.17.") and botocore.startswith("1.34."), ran.stdout


def test_replicate_job_with_a_list_of_secrets_then_a_rerun_changes_nothing(standin, tmp_path):
    create(standin, "compat/list-a")
    create(standin, "compat/list-b")
    job = {"secret_ids": "compat/list-a\ncompat/list-b", "replica_regions": REPLICA}
    ran = run_job(standin, tmp_path, "replicate", job)
    assert ran.returncode == 0, ran.output[-3000:]
    assert replica_statuses(standin, "compat/list-a") == replica_statuses(standin, "compat/list-b") == {REPLICA: "InSync"}
    standin.clear_request_log()
    again = run_job(standin, tmp_path, "replicate", job)
    assert again.returncode == 0 and changed_count(again.output) == 0, again.output[-3000:]
    # What the rerun asked AWS (the stand-in's request log): it read both secrets and wrote nothing.
    requests = standin.request_log()
    assert mutating_calls(requests) == [], mutating_calls(requests)
    assert {entry["operation"] for entry in requests} >= {"DescribeSecret"}, requests


def test_replicate_job_with_a_selector_touches_only_what_it_selects(standin, tmp_path):
    create(standin, "compat/tagged", dr="gold")
    create(standin, "compat/untagged")
    ran = run_job(standin, tmp_path, "replicate", {"secret_filters": "tag-key=dr", "replica_regions": REPLICA})
    assert ran.returncode == 0, ran.output[-3000:]
    assert replica_statuses(standin, "compat/tagged") == {REPLICA: "InSync"}
    assert replica_statuses(standin, "compat/untagged") == {}


def test_check_mode_changes_nothing(standin, tmp_path):
    create(standin, "compat/checked")
    ran = run_job(standin, tmp_path, "replicate", {"secret_ids": "compat/checked", "replica_regions": REPLICA}, args=["--check"])
    assert ran.returncode == 0, ran.output[-3000:]
    assert replica_statuses(standin, "compat/checked") == {}


def test_report_job_writes_its_report(standin, tmp_path):
    # Its own secrets, under a prefix no other test uses: one replicated (with boto3) and one not.
    standin.client("secretsmanager", PRIMARY).create_secret(Name="compat-report/replicated", SecretString="not-a-real-secret",
                                                            AddReplicaRegions=[{"Region": REPLICA}])
    create(standin, "compat-report/alone")
    ran = run_job(standin, tmp_path, "report", {"secret_filters": "name=compat-report/", "report_dir": str(tmp_path / "report")})
    assert ran.returncode == 0, ran.output[-3000:]
    report = json.loads((tmp_path / "report" / "replication-report.json").read_text(encoding="utf-8"))
    assert {entry["name"]: (entry["health"], {replica["region"]: replica["status"] for replica in entry["replication_status"]})
            for entry in report["secrets"]} == {
        "compat-report/replicated": ("in_sync", {REPLICA: "InSync"}),
        "compat-report/alone": ("not_replicated", {}),
    }
    assert report["summary"] == {"secrets": 2, "replicated": 1, "in_sync": 1, "in_progress": 0, "failed": 0, "unreachable": 0,
                                 "split_brain": 0, "not_compliant": 0}


def test_promote_job_promotes_in_the_replica_region(standin, tmp_path):
    create(standin, "compat/promoted")
    assert run_job(standin, tmp_path, "replicate", {"secret_ids": "compat/promoted", "replica_regions": REPLICA}).returncode == 0
    ran = run_job(standin, tmp_path, "promote", {"promote_secrets": "compat/promoted", "promote_region": REPLICA, "promote_confirm": True,
                                                 "promote_verify_sync": False})
    assert ran.returncode == 0, ran.output[-3000:]
    assert "PrimaryRegion" not in standin.client("secretsmanager", REPLICA).describe_secret(SecretId="compat/promoted")


def test_guardrail_job_writes_its_policies(tmp_path, standin):
    ran = run_job(standin, tmp_path, "guardrail", {"guardrail_allowed_regions": "us-east-1, us-west-2", "guardrail_dir": str(tmp_path)})
    assert ran.returncode == 0, ran.output[-3000:]
    policy = json.loads((tmp_path / "replication-guardrail-iam-policy.json").read_text(encoding="utf-8"))
    # As tests/integration/targets/playbook_guardrail checks it: each statement's condition, by Sid.
    assert {statement["Sid"]: statement["Condition"] for statement in policy["Statement"]} == {
        "DenyReplicasOutsideAllowedRegions": {"ForAnyValue:StringNotEquals": {"secretsmanager:AddReplicaRegions": ["us-east-1", "us-west-2"]}},
        "DenyReplicaOverwrite": {"Bool": {"secretsmanager:ForceOverwriteReplicaSecret": "true"}},
    }
    assert json.loads((tmp_path / "replication-guardrail-scp.json").read_text(encoding="utf-8")) == policy
