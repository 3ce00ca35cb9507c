# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The contract between batch.py and the per-secret runs: every run a batch makes is a PerSecretRun, and batch.py
knows nothing else of them."""

import ast
import dataclasses
from pathlib import Path

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs import batch
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.context import RunContext
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.promotion import PromotionRun
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.protocol import PerSecretRun
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.secret_run import SecretRun
from ansible_collections.secretsmanager.replication.tests.unit.conftest import NAME
from ansible_collections.secretsmanager.replication.tests.unit.conftest import FakeClients


@pytest.mark.parametrize("state, run_class", [("present", SecretRun), ("absent", SecretRun), ("promoted", PromotionRun)])
def test_each_state_gets_its_run_and_every_run_keeps_the_contract(aws, state, run_class):
    context = dataclasses.replace(RunContext(FakeClients(aws), FakeClients(aws)), state=state)
    run = context.new_run({"secret_id": NAME, "replicas": [{"region": "eu-west-1"}]}, "us-east-1")
    assert type(run) is run_class  # pylint: disable=unidiomatic-typecheck
    assert isinstance(run, PerSecretRun)
    assert aws.calls == []  # making a run calls nothing


def test_batch_imports_the_protocol_and_no_run():
    tree = ast.parse(Path(batch.__file__).read_text(encoding="utf-8"))
    relative = sorted(f"{'.' * node.level}{node.module}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level)
    assert relative == ["..rules.failures", "..rules.failures", ".protocol"]
