# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A stand-in in a process of its own, started and stopped with the CLI and driven over the control API.

StandInProcess is what the reliability and packaging suites and the benchmarks use: its own process keeps the
server's threads off the caller's GIL, and a test can stop it or read its log. RemoteStandIn drives a stand-in that
something else started (`make demo`). Neither imports moto. The method names are those of the in-process
standin.server.StandIn, so a test reads the same either way.
"""

import json
import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

from . import StandInError
from .endpoint import Endpoint

PACKAGE_PARENT = str(Path(__file__).resolve().parents[1])


def free_port(host="127.0.0.1"):
    """A TCP port nothing listens on now (the CLI still refuses it if something takes it first)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class RemoteStandIn(Endpoint):
    """The control API of the stand-in at `url`."""

    def __init__(self, url, client_config=None):
        self.url = url.rstrip("/")
        self.client_config = client_config

    def control(self, path, method="GET", body=None, prefix="/_standin"):
        """One control call; `body` is sent as JSON, or as is when it is bytes. Returns the decoded JSON answer."""
        data, headers = None, {}
        if isinstance(body, bytes):
            data, headers["Content-Type"] = body, "text/plain"
        elif body is not None:
            data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
        elif method == "POST":
            data = b""
        request = urllib.request.Request(f"{self.url}{prefix}{path}", data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"{}")

    def status(self):
        return self.control("/status")

    def reset(self):
        """Wipe moto state (all services, all Regions), faults, config and the request log."""
        self.control("/reset", "POST")

    def request_log(self):
        """[{"region", "service", "operation", "mutating", "status"}, ...] in arrival order."""
        return self.control("/requests")["requests"]

    def clear_request_log(self):
        self.control("/requests", "DELETE")

    def faults(self):
        return self.control("/faults")

    def set_faults(self, **faults):
        """Merge fault settings: throttle_rate, unavailable_regions, latency_ms, throttle_operations, seed."""
        return self.control("/faults", "POST", faults)

    def clear_faults(self):
        return self.control("/faults", "DELETE")

    def config(self):
        return self.control("/config")

    def configure(self, **config):
        """Merge config settings: replication_delay_seconds."""
        return self.control("/config", "POST", config)

    def enforce_iam(self, enforce):
        """moto's own switch (POST /moto-api/reset-auth): once on, every AWS call is authorised against moto's IAM."""
        self.control("/reset-auth", "POST", b"0" if enforce else b"inf", prefix="/moto-api")


class StandInProcess(RemoteStandIn):
    """`python -m standin start` on host:port (port 0: a free one), with its pidfile and logfile in `workdir`.

    The files are named by port, so a stand-in left over on that port by an interrupted run is found and stopped.
    """

    def __init__(self, workdir, port=0, host="127.0.0.1", client_config=None):
        self.host = host
        self.port = port or free_port(host)
        super().__init__(f"http://{host}:{self.port}", client_config)
        self.workdir = Path(workdir)
        self.pidfile = self.workdir / f"standin-{self.port}.pid"
        self.logfile = self.workdir / f"standin-{self.port}.log"

    def _cli(self, *args):
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, (PACKAGE_PARENT, os.environ.get("PYTHONPATH")))))
        return subprocess.run([sys.executable, "-m", "standin", *args], env=env, capture_output=True, text=True, timeout=90, check=False)

    def start(self):
        """Returns once the server answers; StandInError (with the CLI's reason) when it does not."""
        self.workdir.mkdir(parents=True, exist_ok=True)
        started = self._cli("start", "--host", self.host, "--port", str(self.port), "--pidfile", str(self.pidfile), "--logfile", str(self.logfile))
        if started.returncode != 0:
            raise StandInError(f"could not start a stand-in on {self.url}: {started.stderr.strip()}")
        return self

    def stop(self):
        """Stop the stand-in named by the pidfile, if there is one."""
        self._cli("stop", "--pidfile", str(self.pidfile))

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
