# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""pytest fixtures for an in-process stand-in: `pytest -p standin.pytest_plugin` (with PYTHONPATH=tests/standin).

The stand-in's own tests use them; the other suites run it in a process of their own (standin.process).

- standin_server (session): one in-process stand-in on a free port.
- standin (function): that server, reset before the test (moto state, faults, config, request log).
- standin_env (function): standin, with AWS_ENDPOINT_URL and dummy credentials set in os.environ.
"""

import pytest

from .server import StandIn


@pytest.fixture(scope="session")
def standin_server():
    server = StandIn(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def standin(standin_server):  # pylint: disable=redefined-outer-name
    standin_server.reset()
    yield standin_server


@pytest.fixture
def standin_env(standin, monkeypatch):  # pylint: disable=redefined-outer-name
    for name, value in standin.environment().items():
        monkeypatch.setenv(name, value)
    yield standin
