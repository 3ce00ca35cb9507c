# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""main() wiring: argument spec, single and batch form, check mode, diff, refused input, failures."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.modules import secret_replica
from ansible_collections.secretsmanager.replication.tests.unit.conftest import run_module_main


@pytest.fixture
def run_main(aws, capsys):
    def run(**args):
        args.setdefault("region", "us-east-1")
        return run_module_main(secret_replica, aws, capsys, args)

    return run


def test_apply_then_no_op(aws, run_main):
    result = run_main(secret_id="db", replicas=[{"region": "eu-west-1"}], _ansible_diff=True)
    assert result["changed"] and not result.get("failed")
    assert result["actions"] == [{"action": "add", "region": "eu-west-1", "overwrite": False}]
    assert result["diff"]["after"]["replicas"][0]["region"] == "eu-west-1"
    assert "results" not in result and "secret_id" not in result
    assert {region: replica["Status"] for region, replica in aws.replicas["db"].items()} == {"eu-west-1": "InSync"}

    aws.calls.clear()
    again = run_main(name="db", replicas=[{"region": "eu-west-1"}])
    assert not again["changed"]
    assert aws.calls == [("us-east-1", "DescribeSecret")]


def test_check_mode_makes_no_mutating_call(aws, run_main):
    result = run_main(secret_id="db", replicas=[{"region": "eu-west-1"}], _ansible_check_mode=True)
    assert result["changed"]
    assert result["secret"]["replication_status"][0]["status"] == "InSync"
    assert aws.mutating_calls() == []


def test_refused_input_is_a_failure_with_no_call(aws, run_main):
    result = run_main(secret_id="db", replicas=[{"region": "us-east-1"}])
    assert result["failed"] and result["changed"] is False
    assert "primary secret's own Region" in result["msg"]
    assert aws.calls == []


def test_a_name_conflict_is_a_classified_failure(aws, run_main):
    aws.add_other_secret("eu-west-1")
    result = run_main(secret_id="db", replicas=[{"region": "eu-west-1"}])
    assert result["failed"] and not result["changed"]
    assert [(f["reason"], f["retryable"]) for f in result["failures"]] == [("name_conflict", False)]
    assert aws.mutating_calls() == []


def test_region_is_required_per_replica(aws, run_main):
    result = run_main(secret_id="db", replicas=[{"kms_key_id": "alias/k"}])
    assert result["failed"] and "region" in result["msg"]


def test_secret_id_and_secrets_are_exclusive_and_one_is_required(run_main):
    assert "mutually exclusive" in run_main(secret_id="db", secrets=[{"secret_id": "a"}], replicas=[])["msg"]
    assert "one of the following is required" in run_main(replicas=[])["msg"]


def test_batch_results_in_input_order_with_a_summary_and_a_final_failure(aws, run_main):
    aws.add_primary("b")
    aws.add_other_secret("eu-west-1", name="b")
    result = run_main(secrets=[{"secret_id": "db"}, {"secret_id": "b"}, {"secret_id": "gone"}], replicas=[{"region": "eu-west-1"}], _ansible_diff=True)
    assert result["failed"] and result["changed"]
    assert [(r["secret_id"], r["changed"], r["failed"]) for r in result["results"]] == [("db", True, False), ("b", False, True), ("gone", False, True)]
    assert result["summary"] == {"secrets": 3, "changed": 1, "failed": 2, "failures_by_reason": {"name_conflict": 1, "secret_not_found": 1}}
    assert "'b' in eu-west-1: name_conflict" in result["msg"] and "'gone' in us-east-1: secret_not_found" in result["msg"]
    assert set(result["diff"]["after"]) == {"db", "b"}


def test_batch_refusal_lists_every_problem_and_makes_no_call(aws, run_main):
    result = run_main(state="promoted", purge_replicas=True, replicas=[{"region": "eu-west-1"}],
                      secrets=[{"secret_id": "db", "overwrite": True}, {"secret_id": "b", "replicas": [{"region": "eu-west-1", "kms_key_id": "k"}]}])
    assert result["failed"] and result["results"] == []
    assert result["msg"].startswith("secret_replica refused the input, nothing was changed: 3 problems: (1) purge_replicas means nothing")
    assert "(2) secrets[0] (db): overwrite means nothing with state=promoted" in result["msg"]
    assert "(3) secrets[1] (b): replicas[].kms_key_id means nothing with state=promoted" in result["msg"]
    assert aws.calls == []


def test_batch_of_no_ops_succeeds_unchanged(aws, run_main):
    aws.add_replica("eu-west-1")
    result = run_main(secrets=[{"secret_id": "db", "replicas": [{"region": "eu-west-1"}]}])
    assert not result.get("failed") and not result["changed"]
    assert result["summary"] == {"secrets": 1, "changed": 0, "failed": 0, "failures_by_reason": {}}


REPLICA_ARN = "arn:aws:secretsmanager:us-east-1:210987654321:secret:db-RcVaBc"


def test_cross_account_replica_needs_botocore_1_44_2_and_nothing_else_does(aws, run_main, botocore_version):
    # On the compatibility leg botocore really is older; elsewhere the check is shown an older one.
    botocore_version("1.44.1")
    result = run_main(secret_id="db", cross_account_replica={"arn": REPLICA_ARN})
    assert result["failed"] and "botocore>=1.44.2" in result["msg"] and "to manage cross-account replicas" in result["msg"]
    batch = run_main(secrets=[{"secret_id": "db", "cross_account_replica": {"arn": REPLICA_ARN}}], replicas=[])
    assert batch["failed"] and "botocore>=1.44.2" in batch["msg"]
    assert aws.calls == []
    assert not run_main(secret_id="db", replicas=[]).get("failed")


def test_cross_account_replica_alone_and_per_batch_entry(aws, run_main, cross_account_botocore):  # pylint: disable=unused-argument
    single = run_main(secret_id="db", cross_account_replica={"arn": REPLICA_ARN, "restriction": "no_restriction"})
    assert single["changed"] and single["actions"][0]["action"] == "associate"
    assert single["secret"]["cross_account_replicas"][0]["status"] == "InSync"
    aws.add_primary("b")
    batch = run_main(secrets=[{"secret_id": "db", "cross_account_replica": {"arn": REPLICA_ARN}}, {"secret_id": "b"}], replicas=[])
    assert [(r["secret_id"], r["changed"]) for r in batch["results"]] == [("db", False), ("b", False)]
    refused = run_main(secret_id="db", state="promoted", replicas=[{"region": "eu-west-1"}], cross_account_replica={"arn": REPLICA_ARN})
    assert refused["failed"] and "cross_account_replica means nothing with state=promoted" in refused["msg"]
