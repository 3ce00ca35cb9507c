# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Secret hygiene: with distinctive secret values seeded, no output, artifact or log of any use contains them."""

import json
import subprocess
import uuid

from standin.operations import SECRET_VALUE_READS

from conftest import BIN, PRIMARY, ansible_environment, everything_written, run_playbook, write_playbook


def test_secret_values_never_leave_aws(standin, tmp_path):
    canaries = {name: f"HYGIENE-CANARY-{uuid.uuid4()}" for name in ("hygiene/db", "hygiene/api", "hygiene/conflict")}
    primary = standin.client("secretsmanager", PRIMARY)
    for name, value in canaries.items():
        primary.create_secret(Name=name, SecretString=json.dumps({"password": value}) if name == "hygiene/api" else value)
    # A different secret of the same name in a replica Region (its own value is a secret too): a name conflict.
    conflict_value = f"HYGIENE-CANARY-{uuid.uuid4()}"
    canaries["conflict in eu-west-1"] = conflict_value
    standin.client("secretsmanager", "eu-west-1").create_secret(Name="hygiene/conflict", SecretString=conflict_value)
    standin.client("secretsmanager", PRIMARY).put_secret_value(SecretId="hygiene/db", SecretString=canaries["hygiene/db"] + "-v2")

    log_path = tmp_path / "ansible.log"
    env = {"ANSIBLE_LOG_PATH": str(log_path)}
    outputs = []

    def playbook(target, extra_vars=None, args=()):
        result = run_playbook(standin, tmp_path, target, extra_vars=extra_vars, args=["-vvvv", *args], env=env)
        outputs.append(result.output)
        return result

    secrets = [{"secret_id": name, "replicas": [{"region": "eu-west-1"}, {"region": "ap-southeast-2"}]}
               for name in ("hygiene/db", "hygiene/api", "hygiene/conflict")]
    # The role: check mode with diff (it predicts the conflict: secret_replica looks for a same-named secret before adding),
    # then apply (one secret fails on the conflict), with diff.
    assert playbook("secretsmanager.replication.replicate", {"replicate_secrets": secrets}, ["--check", "--diff"]).returncode == 2
    assert playbook("secretsmanager.replication.replicate", {"replicate_secrets": secrets, "replicate_retries": 0}, ["--diff"]).returncode == 2

    # Every module, in check mode and for real, with successes and failures.
    tasks = [
        {"secretsmanager.replication.secret_replica": {"region": PRIMARY, "secret_id": "hygiene/db", "replicas": [{"region": "us-west-2"}]},
         "check_mode": True},
        {"secretsmanager.replication.secret_replica": {"region": PRIMARY, "secret_id": "hygiene/db", "replicas": [{"region": "us-west-2"}]}},
        {"secretsmanager.replication.secret_replica": {"region": PRIMARY, "secret_id": "hygiene/conflict", "replicas": [{"region": "eu-west-1"}]},
         "ignore_errors": True},
        {"secretsmanager.replication.secret_replica": {"region": PRIMARY, "secret_id": "hygiene/db", "replicas": [{"region": "mars-west-1"}]},
         "ignore_errors": True},
        {"secretsmanager.replication.secret_replica": {"region": PRIMARY, "secret_id": "hygiene/db", "state": "absent", "replicas": [{"region": "us-west-2"}]}},
        {"secretsmanager.replication.secret_replica_info": {"region": PRIMARY, "replica_view": True}},
        {"secretsmanager.replication.secret_replica_info": {"region": "eu-west-1", "secret_id": "hygiene/db", "replica_view": True}},
        {"secretsmanager.replication.secret_replica": {"secret_id": "hygiene/api", "state": "promoted", "replicas": [{"region": "ap-southeast-2"}]},
         "check_mode": True},
    ]
    modules = write_playbook(tmp_path, "modules.json", [{"hosts": "localhost", "gather_facts": False, "tasks": tasks}])
    assert playbook(modules, args=["--diff"]).returncode == 0
    adhoc = subprocess.run(
        [str(BIN / "ansible"), "localhost", "-vvvv", "--diff", "-m", "secretsmanager.replication.secret_replica",
         "-a", json.dumps({"region": PRIMARY, "secret_id": "hygiene/nope", "replicas": [{"region": "eu-west-1"}]})],
        cwd=tmp_path, env=ansible_environment(standin, tmp_path, **env), capture_output=True, text=True, timeout=120, check=False,
    )
    outputs.append(adhoc.stdout + adhoc.stderr)
    assert adhoc.returncode == 2

    report_dir = tmp_path / "report"
    assert playbook("secretsmanager.replication.report", {"report_region": PRIMARY, "report_dir": str(report_dir)}).returncode == 0
    assert (report_dir / "replication-report.html").is_file()
    assert playbook("secretsmanager.replication.promote", {"promote_secrets": "hygiene/db", "promote_region": "eu-west-1",
                                                           "promote_confirm": True}, ["--diff"]).returncode == 0

    # As AWX runs it: ansible-runner with its artifacts (job events, stdout, env) on disk.
    runner_dir = tmp_path / "runner"
    (runner_dir / "project").mkdir(parents=True)
    (runner_dir / "project" / "replicate.yml").write_text(
        json.dumps([{"ansible.builtin.import_playbook": "secretsmanager.replication.replicate"}]), encoding="utf-8")
    (runner_dir / "env").mkdir()
    (runner_dir / "inventory").mkdir()
    (runner_dir / "inventory" / "hosts").write_text("localhost ansible_connection=local\n", encoding="utf-8")
    (runner_dir / "env" / "extravars").write_text(json.dumps({"replicate_secrets": secrets[1:2]}), encoding="utf-8")
    runner = subprocess.run(
        [str(BIN / "ansible-runner"), "run", str(runner_dir), "-p", "replicate.yml", "-v"],
        cwd=tmp_path, env=ansible_environment(standin, tmp_path, **env), capture_output=True, text=True, timeout=300, check=False,
    )
    outputs.append(runner.stdout + runner.stderr)
    assert runner.returncode == 0, outputs[-1][-3000:]
    assert list((runner_dir / "artifacts").rglob("job_events/*.json")), "ansible-runner wrote no job events"

    requests = standin.request_log()
    texts = everything_written(standin, tmp_path, outputs, requests)
    assert log_path.is_file() and "secret_replica" in log_path.read_text(encoding="utf-8")
    for where, text in texts.items():
        for name, value in canaries.items():
            assert value not in text, f"the value of {name} appears in {where}"
        assert "HYGIENE-CANARY" not in text, f"part of a secret value appears in {where}"
    assert not SECRET_VALUE_READS & {entry["operation"] for entry in requests}
    assert len(requests) > 50 and len(texts) > 10
