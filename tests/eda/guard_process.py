# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The replication guard as users run it: `ansible-rulebook -r secretsmanager.replication.replication_guard -i ... --vars ...`
in a process of its own, with Java 17, against a stand-in; and what its log says it did.

Used by the EDA suite (tests/eda) and the event-driven benchmark (benchmarks/event_driven). ansible-rulebook comes from
its own venv (tests/eda/requirements.txt, `make eda` builds it): RULEBOOK_BIN names its bin directory. Playbooks run
with the ansible-playbook of the Python running this (the dev venv), which has boto3 and amazon.aws's needs.
"""

import datetime
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PLAY = "PLAY [Replicate Secrets Manager secrets to other Regions]"
# The rulebook's debug actions around each run (ansible-rulebook prints a message on a line of its own, and repeats a
# failed run's output in an error log, so the playbook's own lines can appear twice).
_RUN_STARTED = re.compile(r"^converging \S+ after \d+ event", re.MULTILINE)
_RUN_ENDED = re.compile(r"^converge run of \S+ ended$", re.MULTILINE)
_TRIGGER = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) - \S+ - INFO - replication guard: converging (\S+) after (\d+) event")
_WAITS = re.compile(r"waits for the next run of (\S+) \(")
_POLICY = "replication guard: secrets matching"
OWN_TOKEN = object()


def rulebook_bin():
    return Path(os.environ.get("RULEBOOK_BIN") or REPO / ".tmp" / "venv-rulebook" / "bin")


def java_home():
    return os.environ.get("JAVA_HOME") or "/usr/lib/jvm/java-17-openjdk-amd64"


def collections_path():
    return os.environ.get("EDA_COLLECTIONS_PATH") or os.environ.get("ANSIBLE_COLLECTIONS_PATH") or str(REPO / ".tmp" / "collections")


def post(url, body, token=None, timeout=30):
    """POST `body` (a dict as JSON, or bytes as they are), with `token` as a bearer token (None: no Authorization
    header); the HTTP status."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers, method="POST"), timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class GuardProcess:
    """One ansible-rulebook running the replication guard; its output in `workdir`/guard.log."""

    def __init__(self, workdir, variables, aws_environment, port, host="127.0.0.1"):
        self.workdir = Path(workdir)
        self.variables = dict(variables, replication_guard_host=host, replication_guard_port=port)
        self.aws_environment = aws_environment
        self.url = f"http://{host}:{port}/events"
        self.port = port
        self.host = host
        self.logfile = self.workdir / "guard.log"
        self.process = None

    @property
    def token(self):
        return self.variables.get("replication_guard_token")

    def environment(self):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "ANSIBLE_"))}
        env.update(self.aws_environment)
        env.update({
            "JAVA_HOME": java_home(),
            "PATH": os.pathsep.join([str(rulebook_bin()), str(VENV_BIN), env.get("PATH", "")]),
            "ANSIBLE_COLLECTIONS_PATH": collections_path(),
            "ANSIBLE_LOCALHOST_WARNING": "false",
            "ANSIBLE_NOCOLOR": "true",
            "ANSIBLE_FORCE_COLOR": "false",
            "ANSIBLE_PIPELINING": "true",
            "ANSIBLE_HOME": str(self.workdir / "ansible-home"),
            "ANSIBLE_LOCAL_TEMP": str(self.workdir / "ansible-local"),
            "TMPDIR": str(self.workdir / "tmp"),
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def command(self):
        inventory = self.workdir / "inventory.yml"
        inventory.write_text(json.dumps({"all": {"hosts": {"localhost": {
            "ansible_connection": "local", "ansible_python_interpreter": sys.executable}}}}), encoding="utf-8")
        variables = self.workdir / "guard_vars.yml"
        variables.write_text(json.dumps(self.variables), encoding="utf-8")
        return [str(rulebook_bin() / "ansible-rulebook"), "-r", "secretsmanager.replication.replication_guard",
                "-i", str(inventory), "--vars", str(variables), "-v"]

    def start(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "tmp").mkdir(exist_ok=True)
        with open(self.logfile, "wb") as log:
            self.process = subprocess.Popen(self.command(), cwd=self.workdir, env=self.environment(), stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        return self

    def wait_ready(self, timeout=120):
        """Returns once the guard has its policy and its webhook answers; AssertionError with the log otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"the guard exited ({self.process.returncode}):\n{self.log()[-4000:]}"
            if _POLICY in self.log() and self._listening():
                return self
            time.sleep(0.2)
        raise AssertionError(f"the guard was not ready within {timeout} s:\n{self.log()[-4000:]}")

    def _listening(self):
        with socket.socket() as probe:
            probe.settimeout(0.5)
            return probe.connect_ex((self.host, self.port)) == 0

    def wait_exit(self, timeout):
        """The exit status, once the process ends within `timeout` seconds."""
        return self.process.wait(timeout=timeout)

    def running(self):
        return self.process is not None and self.process.poll() is None

    def stop(self):
        """SIGTERM to the guard's process group (ansible-rulebook and any playbook it runs), then SIGKILL if it lingers."""
        if not self.running():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def send(self, event, token=OWN_TOKEN):
        """POST an event with the guard's token, or with `token` (None: without one); the HTTP status."""
        return post(self.url, event, self.token if token is OWN_TOKEN else token)

    def log(self):
        return self.logfile.read_bytes().decode("utf-8", "replace") if self.logfile.exists() else ""

    def mark(self):
        """A position in the log; the counts below take one to count only what came after it."""
        return len(self.log())

    def triggers(self, since=0):
        """[(unit, events)] of every converge run the guard asked for after `since`."""
        return [(match.group(2), int(match.group(3))) for match in map(_TRIGGER.match, self.log()[since:].splitlines()) if match]

    def runs_started(self, since=0):
        """The converge runs the rulebook started after `since` (its debug action before run_playbook)."""
        return len(_RUN_STARTED.findall(self.log()[since:]))

    def runs_finished(self, since=0):
        """The converge runs that ended after `since`, failed or not (its debug action after run_playbook)."""
        return len(_RUN_ENDED.findall(self.log()[since:]))

    def plays(self, since=0):
        """The replicate.yml plays that started after `since`, counted from the playbook's own output (exact while no
        run fails: ansible-rulebook repeats a failed run's output)."""
        return self.log()[since:].count(PLAY)

    def waiting_units(self):
        """Units with events waiting for their next run: a waits line after the unit's last converge line."""
        waiting = set()
        for line in self.log().splitlines():
            trigger, waits = _TRIGGER.match(line), _WAITS.search(line)
            if trigger:
                waiting.discard(trigger.group(2))
            elif waits:
                waiting.add(waits.group(1))
        return waiting

    def _last_trigger_at(self):
        stamps = [match.group(1) for match in map(_TRIGGER.match, self.log().splitlines()) if match]
        return datetime.datetime.strptime(stamps[-1], "%Y-%m-%d %H:%M:%S,%f").timestamp() if stamps else None

    def settle(self, timeout=300):
        """Wait until no run is going or due, and the window since the last run's start has passed, so the next event
        starts a run at once."""
        window = self.variables.get("replication_guard_window", 10)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.running(), f"the guard exited:\n{self.log()[-4000:]}"
            started, finished = len(self.triggers()), self.runs_finished()
            last = self._last_trigger_at()
            if started == finished and not self.waiting_units() and (last is None or time.time() - last >= window):
                return
            time.sleep(0.5)
        raise AssertionError(f"the guard did not settle within {timeout} s:\n{self.log()[-4000:]}")
