# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""python -m standin start/status/reset/stop: a background server that outlives the command."""

import json
import os
import subprocess
import sys
import urllib.request

import boto3

import standin
from standin.process import PACKAGE_PARENT, free_port


def cli(*args):
    env = dict(os.environ, PYTHONPATH=PACKAGE_PARENT)
    return subprocess.run([sys.executable, "-m", "standin", *args], capture_output=True, text=True, env=env, timeout=60, check=False)


def test_start_status_reset_stop(tmp_path):
    port = str(free_port())
    pidfile, logfile = tmp_path / "standin.pid", tmp_path / "standin.log"
    started = cli("start", "--port", port, "--pidfile", str(pidfile), "--logfile", str(logfile))
    try:
        assert started.returncode == 0, started.stderr
        pid = int(pidfile.read_text())
        assert f"pid {pid}" in started.stdout

        sm = boto3.client("secretsmanager", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{port}",
                          aws_access_key_id=standin.ACCESS_KEY, aws_secret_access_key=standin.SECRET_KEY)
        sm.create_secret(Name="s", SecretString="v")
        status = cli("status", "--port", port)
        assert status.returncode == 0 and json.loads(status.stdout)["pid"] == pid

        taken = cli("start", "--port", port)
        assert taken.returncode == 1 and "already in use" in taken.stderr

        assert cli("reset", "--port", port).returncode == 0
        assert sm.list_secrets()["SecretList"] == []
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_standin/requests", timeout=5) as response:
            (logged,) = json.loads(response.read())["requests"]
        assert isinstance(logged.pop("at"), float)
        assert logged == {"region": "us-east-1", "service": "secretsmanager", "operation": "ListSecrets", "mutating": False, "status": 200,
                          "account": standin.ACCOUNT_ID, "error_code": None, "throttled_by": None}
    finally:
        stopped = cli("stop", "--pidfile", str(pidfile))
    assert stopped.returncode == 0, stopped.stderr
    assert not pidfile.exists()
    assert cli("status", "--port", port).returncode == 1
