# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures for the Event-Driven Ansible suite: a stand-in, and the replication guard running under ansible-rulebook.

`make eda` builds ansible-rulebook's venv (tests/eda/requirements.txt), installs Java 17 where missing and runs this
suite from the collection copy. Ports: the stand-in on EDA_PORT_BASE (default 4640), the guard's webhook on the next.
One guard serves the whole session (ansible-rulebook and its JVM take seconds to start); each test starts from a reset
stand-in and leaves the guard settled: no run going or due, and its window passed.
"""

import os
from pathlib import Path

import pytest
from botocore.config import Config
from guard_process import GuardProcess
from standin.process import StandInProcess

REPO = Path(__file__).resolve().parents[2]
PORT_BASE = int(os.environ.get("EDA_PORT_BASE", "4640"))
PRIMARY = "us-east-1"
POLICY_REGIONS = ["us-east-1", "us-west-2", "eu-west-1"]
TOKEN = "eda-suite-token-6f1c2d0b9a4e"
# The guard's variables for the session: replicate every secret tagged dr to every policy Region, inside the allow list.
GUARD_VARIABLES = {
    "replication_guard_token": TOKEN,
    "replication_guard_secret_filters": "tag-key=dr",
    "replication_guard_replica_regions": POLICY_REGIONS,
    "replication_guard_allowed_regions": POLICY_REGIONS,
}
# No botocore retries for the tests' own reads: a read must not hide a fault.
NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})


@pytest.fixture(scope="session")
def standin_process():
    server = StandInProcess(REPO / ".tmp" / "eda", port=PORT_BASE, client_config=NO_RETRIES)
    server.stop()  # one left over on this port by an interrupted run of this suite
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def guard(standin_process, tmp_path_factory):
    process = GuardProcess(tmp_path_factory.mktemp("guard"), GUARD_VARIABLES, standin_process.environment(), port=PORT_BASE + 1)
    process.start()
    try:
        process.wait_ready()
        yield process
    finally:
        process.stop()


@pytest.fixture
def standin(standin_process, guard):
    """A reset stand-in; the guard is settled after the test, so the next one starts from quiet."""
    standin_process.reset()
    yield standin_process
    guard.settle()
    standin_process.clear_faults()
