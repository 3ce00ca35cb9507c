# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""standin.process: the stand-in in a process of its own, as the reliability and packaging suites and the benchmarks use it."""

import os
import subprocess
import sys
import urllib.error

import pytest

import standin
from standin.process import PACKAGE_PARENT, StandInProcess
from standin_test_helpers import NO_RETRIES


def test_a_process_starts_answers_the_control_api_and_stops(tmp_path):
    with StandInProcess(tmp_path) as server:
        pid = int(server.pidfile.read_text(encoding="utf-8"))
        assert server.status()["pid"] == pid
        assert server.url == f"http://127.0.0.1:{server.port}"

        server.client("secretsmanager").create_secret(Name="p", SecretString="v")
        assert [(entry["operation"], entry["mutating"]) for entry in server.request_log()] == [("CreateSecret", True)]
        server.clear_request_log()
        assert server.request_log() == []

        assert server.set_faults(unavailable_regions=["us-west-2"])["unavailable_regions"] == ["us-west-2"]
        assert server.faults()["unavailable_regions"] == ["us-west-2"]
        assert server.clear_faults()["unavailable_regions"] == []
        assert server.configure(replication_delay_seconds=0.5)["replication_delay_seconds"] == 0.5
        assert server.config()["replication_delay_seconds"] == 0.5

        server.reset()
        assert server.client("secretsmanager").list_secrets()["SecretList"] == []
        assert server.config()["replication_delay_seconds"] == 0
        assert "serving on" in server.logfile.read_text(encoding="utf-8")

    assert not server.pidfile.exists()
    with pytest.raises(urllib.error.URLError):
        server.status()


def test_a_taken_port_is_refused_with_the_reason(tmp_path):
    with StandInProcess(tmp_path / "first") as first:
        second = StandInProcess(tmp_path / "second", port=first.port)
        with pytest.raises(standin.StandInError, match="already in use"):
            second.start()
        assert first.status()["running"]


def test_clients_and_environment_use_the_one_set_of_credentials(tmp_path):
    server = StandInProcess(tmp_path)  # not started: nothing here calls it
    assert server.environment("eu-west-1") == {
        "AWS_ENDPOINT_URL": server.url,
        "AWS_ACCESS_KEY_ID": standin.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": standin.SECRET_KEY,
        "AWS_DEFAULT_REGION": "eu-west-1",
        "AWS_REGION": "eu-west-1",
    }
    assert server.client_kwargs("eu-west-1") == {
        "endpoint_url": server.url,
        "region_name": "eu-west-1",
        "aws_access_key_id": standin.ACCESS_KEY,
        "aws_secret_access_key": standin.SECRET_KEY,
    }


def test_client_config_applies_to_every_client(tmp_path):
    server = StandInProcess(tmp_path, client_config=NO_RETRIES)
    client = server.client("secretsmanager", "eu-west-1")
    assert (client.meta.endpoint_url, client.meta.region_name) == (server.url, "eu-west-1")
    assert client.meta.config.retries["total_max_attempts"] == 1


def test_env_command_prints_the_same_variables_for_make_and_shells():
    def env_command(*args):
        completed = subprocess.run([sys.executable, "-m", "standin", "env", *args], capture_output=True, text=True, check=True,
                                   env=dict(os.environ, PYTHONPATH=PACKAGE_PARENT))
        return dict(line.split("=", 1) for line in completed.stdout.splitlines())

    assert env_command() == {
        "AWS_ACCESS_KEY_ID": standin.ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": standin.SECRET_KEY,
        "AWS_DEFAULT_REGION": standin.DEFAULT_REGION,
        "AWS_REGION": standin.DEFAULT_REGION,
    }
    assert env_command("--port", "4631", "--region", "eu-west-1")["AWS_ENDPOINT_URL"] == "http://127.0.0.1:4631"
