# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures for the reliability suite: one stand-in per pytest worker, and ansible runs as subprocesses.

Each worker (pytest-xdist gw0, gw1, ...) starts its own stand-in (standin.process.StandInProcess) on its own port
(RELIABILITY_PORT_BASE + worker number, default 4596), so tests on different workers never share
AWS state. Every test starts from a reset stand-in (moto state, faults, config, request log).
The collection is taken from ANSIBLE_COLLECTIONS_PATH (`make collection` refreshes .tmp/collections).
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from botocore.config import Config
from standin.process import StandInProcess

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PRIMARY = "us-east-1"
# No botocore retries for the tests' own reads: a test read must not hide a fault.
NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def collections_path():
    return os.environ.get("RELIABILITY_COLLECTIONS_PATH") or str(REPO / ".tmp" / "collections")


def worker_port():
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker[2:]) if worker.startswith("gw") and worker[2:].isdigit() else 0
    return int(os.environ.get("RELIABILITY_PORT_BASE", "4596")) + number


@pytest.fixture(scope="session")
def standin_process():
    # A fixed place per port, so a stand-in left over by an interrupted run of this suite is found and stopped.
    server = StandInProcess(REPO / ".tmp" / "reliability", port=worker_port(), client_config=NO_RETRIES)
    server.stop()  # a stand-in left over on this port from an interrupted run of this suite
    server.start()
    yield server
    server.stop()


@pytest.fixture
def standin(standin_process):
    standin_process.reset()
    yield standin_process
    standin_process.clear_faults()


def ansible_environment(standin_server, workdir, **extra):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "ANSIBLE_"))}
    env.update(standin_server.environment())
    env.update({
        "ANSIBLE_COLLECTIONS_PATH": collections_path(),
        "ANSIBLE_LOCALHOST_WARNING": "false",
        "ANSIBLE_INVENTORY_UNPARSED_WARNING": "false",
        "ANSIBLE_NOCOLOR": "true",
        "ANSIBLE_FORCE_COLOR": "false",
        "ANSIBLE_RETRY_FILES_ENABLED": "false",
        "ANSIBLE_PYTHON_INTERPRETER": sys.executable,
        "ANSIBLE_PIPELINING": "true",
        "ANSIBLE_LOCAL_TEMP": str(workdir / "ansible-local"),
        "ANSIBLE_HOME": str(workdir / "ansible-home"),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    })
    env.update(extra)
    return env


def playbook_command(playbook, extra_vars=None, args=()):
    """The ansible-playbook command line for `playbook` (a collection playbook name or a path) on localhost."""
    command = [str(BIN / "ansible-playbook"), "-i", "localhost,", "-c", "local", str(playbook)]
    if extra_vars is not None:
        command += ["--extra-vars", json.dumps(extra_vars)]
    return command + list(args)


def run_playbook(standin_server, workdir, playbook, extra_vars=None, args=(), env=None, timeout=300):
    """ansible-playbook `playbook` (a collection playbook name or a path); CompletedProcess with .output."""
    result = subprocess.run(
        playbook_command(playbook, extra_vars, args), cwd=workdir, env=ansible_environment(standin_server, workdir, **(env or {})),
        capture_output=True, text=True, timeout=timeout, check=False,
    )
    result.output = result.stdout + result.stderr
    return result


def descendants(pid):
    """Every process below `pid` (ansible's workers start sessions of their own, so a process group kill misses them)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_process_tree(pid):
    """SIGKILL a job and everything it started, as a lost node would: nothing of it runs on."""
    for process in [pid] + descendants(pid):
        try:
            os.kill(process, signal.SIGKILL)
        except ProcessLookupError:
            pass


def count_requests(standin_server, operation):
    return len([entry for entry in standin_server.request_log() if entry["operation"] == operation])


def run_killed(standin_server, workdir, playbook, extra_vars, operation, calls, timeout=120):
    """Run `playbook` and SIGKILL the whole job (ansible-playbook, its workers and the module process), as a lost node
    would, once the stand-in has logged `calls` requests of `operation`.

    (that count when it was killed, the count a second later: a request that was on the wire has arrived).
    """
    with subprocess.Popen(  # pylint: disable=consider-using-with
        playbook_command(playbook, extra_vars), cwd=workdir, env=ansible_environment(standin_server, workdir),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    ) as job:
        deadline = time.monotonic() + timeout
        at_kill = 0
        while time.monotonic() < deadline and job.poll() is None:
            at_kill = count_requests(standin_server, operation)
            if at_kill >= calls:
                break
            time.sleep(0.1)
        assert job.poll() is None, "the run ended before it could be killed"
        kill_process_tree(job.pid)
        job.wait(timeout=30)
    time.sleep(1)
    return at_kill, count_requests(standin_server, operation)


def write_playbook(workdir, name, plays):
    """A playbook file from Python data (JSON is YAML), kept out of the checkout so ansible-lint does not see it."""
    path = workdir / name
    path.write_text(json.dumps(plays, indent=1), encoding="utf-8")
    return path


def recap(output):
    """The play recap's counts for localhost, e.g. {'ok': 3, 'changed': 1, 'failed': 0, ...}."""
    lines = [line for line in output.splitlines() if line.startswith("localhost") and "ok=" in line]
    assert lines, f"no play recap in the output:\n{output[-3000:]}"
    return {key: int(value) for key, value in (item.split("=") for item in lines[-1].split(":", 1)[1].split())}


def replication_of(standin_server, name, region=PRIMARY):
    """The primary's ReplicationStatus as {region: entry}, asserting each Region appears exactly once."""
    entries = standin_server.client("secretsmanager", region).describe_secret(SecretId=name).get("ReplicationStatus", [])
    regions = [entry["Region"] for entry in entries]
    assert len(regions) == len(set(regions)), f"{name}: duplicate replica entries {sorted(regions)}"
    return {entry["Region"]: entry for entry in entries}


def everything_written(standin_server, workdir, outputs, requests):
    """{where: text} of everything a run could show a secret value in: each of `outputs`, every file under `workdir`
    (ansible log, runner artifacts, reports, temp files), the stand-in's log and its request log (`requests`)."""
    texts = {f"output {index}": text for index, text in enumerate(outputs)}
    texts.update({str(path): path.read_bytes().decode("utf-8", "replace") for path in workdir.rglob("*") if path.is_file()})
    texts["stand-in log"] = standin_server.logfile.read_bytes().decode("utf-8", "replace")
    texts["request log"] = json.dumps(requests)
    return texts


def create_primaries(standin_server, names):
    """A primary secret in PRIMARY for each of `names`, each with a value of its own."""
    primary = standin_server.client("secretsmanager", PRIMARY)
    for name in names:
        primary.create_secret(Name=name, SecretString=f"value-of-{name}")


def replicate_vars(names, regions, **extra):
    """Extra vars of the replicate role for `names`, each to `regions`, plus `extra`."""
    return dict({"replicate_secrets": [{"secret_id": name, "replicas": [{"region": region} for region in regions]} for name in names]}, **extra)


def assert_converged(standin_server, names, regions):
    """Each of `names` has exactly `regions` as replicas, all InSync, and each Region holds exactly `names` (read with boto3)."""
    for name in names:
        replicas = replication_of(standin_server, name)  # each Region listed once
        assert sorted(replicas) == sorted(regions), (name, replicas)
        assert {entry["Status"] for entry in replicas.values()} == {"InSync"}, (name, replicas)
    for region in regions:
        listed = [secret["Name"] for secret in standin_server.client("secretsmanager", region).list_secrets(MaxResults=100)["SecretList"]]
        assert sorted(listed) == sorted(names), region
