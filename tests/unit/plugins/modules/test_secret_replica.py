# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""main() wiring: argument spec, check mode, diff, and how a refused run and a failed replica are reported."""

import json
from unittest import mock

import pytest

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19 (the compatibility leg runs 2.17)
    import contextlib

    from ansible.module_utils import basic

    @contextlib.contextmanager
    def patch_module_args(args):
        with mock.patch.object(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()):
            yield

from ansible_collections.secretsmanager.replication.plugins.modules import secret_replica
from ansible_collections.secretsmanager.replication.tests.unit.plugins.module_utils._replication.test_replica_manager import FakeAWS
from ansible_collections.secretsmanager.replication.tests.unit.plugins.module_utils._replication.test_replica_manager import FakeClients


def run_main(aws, capsys, **args):
    args.setdefault("region", "us-east-1")
    with patch_module_args(args), mock.patch.object(secret_replica, "RegionalClients", lambda module: FakeClients(aws)):
        with pytest.raises(SystemExit):
            secret_replica.main()
    return json.loads(capsys.readouterr().out)


def test_apply_then_no_op(capsys):
    aws = FakeAWS()
    result = run_main(aws, capsys, secret_id="db", replicas=[{"region": "eu-west-1"}], _ansible_diff=True)
    assert result["changed"] and not result.get("failed")
    assert result["actions"] == [{"action": "add", "region": "eu-west-1", "overwrite": False}]
    assert result["diff"]["after"]["replicas"][0]["region"] == "eu-west-1"

    aws.calls.clear()
    again = run_main(aws, capsys, name="db", replicas=[{"region": "eu-west-1"}])
    assert not again["changed"]
    assert aws.calls == [("us-east-1", "DescribeSecret")]


def test_check_mode_makes_no_mutating_call(capsys):
    aws = FakeAWS()
    result = run_main(aws, capsys, secret_id="db", replicas=[{"region": "eu-west-1"}], _ansible_check_mode=True)
    assert result["changed"]
    assert result["secret"]["replication_status"][0]["status"] == "InSync"
    assert aws.mutating_calls() == []


def test_refused_input_is_a_failure_with_no_call(capsys):
    aws = FakeAWS()
    result = run_main(aws, capsys, secret_id="db", replicas=[{"region": "us-east-1"}])
    assert result["failed"] and result["changed"] is False
    assert "primary secret's own Region" in result["msg"]
    assert aws.calls == []


def test_failed_replica_reports_failures(capsys):
    aws = FakeAWS()
    aws.fail_with["eu-west-1"] = "Replication failed: Secret db already exists in region eu-west-1."
    result = run_main(aws, capsys, secret_id="db", replicas=[{"region": "eu-west-1"}])
    assert result["failed"] and result["changed"]
    assert result["failures"][0]["reason"] == "name_conflict"
    assert result["secret"]["replication_status"][0]["status"] == "Failed"


def test_region_is_required_per_replica(capsys):
    result = run_main(FakeAWS(), capsys, secret_id="db", replicas=[{"kms_key_id": "alias/k"}])
    assert result["failed"] and "region" in result["msg"]
