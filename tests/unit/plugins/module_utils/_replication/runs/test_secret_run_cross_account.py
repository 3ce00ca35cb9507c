# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""secret_replica's cross-account replica against the fake AWS: associate, repair, disassociate, wait, refusals, shapes."""

from ansible_collections.secretsmanager.replication.tests.unit.conftest import ACCOUNT
from ansible_collections.secretsmanager.replication.tests.unit.conftest import REPLICA_ACCOUNT
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in_account

REPLICA_ARN = arn_in_account(REPLICA_ACCOUNT)
OTHER_ARN = arn_in_account(REPLICA_ACCOUNT, name="other", suffix="QqQqQq")
ROLE = f"arn:aws:iam::{ACCOUNT}:role/replication"


def link(arn=REPLICA_ARN, **options):
    return dict({"arn": arn}, **options)


def cross_account_calls(aws):
    return [call for call in aws.calls if "CrossAccount" in call[1]]


def test_associate_waits_for_in_sync_then_a_rerun_is_one_describe(aws, run_one, fake_clock):
    aws.link_in_progress_describes = 2
    result = run_one(cross_account_replica=link(replication_role_arn=ROLE))
    assert result["changed"] and not result["failed"]
    assert result["actions"] == [{"action": "associate", "region": "us-east-1", "cross_account_replica_arn": REPLICA_ARN,
                                  "restriction": "same_org", "replication_role_arn": ROLE}]
    assert result["secret"]["cross_account_replicas"] == [
        {"arn": REPLICA_ARN, "status": "InSync", "status_message": "Replication succeeded", "replication_role_arn": ROLE}]
    assert cross_account_calls(aws) == [("us-east-1", "AssociateCrossAccountReplica")]
    assert fake_clock.slept == [1, 1]
    assert result["diff"]["before"]["cross_account_replicas"] == []
    assert result["diff"]["after"]["cross_account_replicas"] == [{"arn": REPLICA_ARN, "status": "InSync"}]

    aws.calls.clear()
    again = run_one(cross_account_replica=link())
    assert not again["changed"] and again["actions"] == [] and again["failures"] == []
    assert aws.calls == [("us-east-1", "DescribeSecret")]


def test_no_restriction_is_sent_as_aws_spells_it(aws, run_one):
    result = run_one(cross_account_replica=link(restriction="no_restriction"))
    assert result["actions"][0]["restriction"] == "no_restriction"
    assert aws.restrictions_sent == ["NoRestriction"]
    run_one(cross_account_replica=link(arn=OTHER_ARN, replication_role_arn=ROLE))
    assert aws.restrictions_sent == ["NoRestriction"], "a second replica was refused before any write"


def test_regions_and_the_link_in_one_call(aws, run_one):
    result = run_one(replicas=[{"region": "eu-west-1", "kms_key_id": None}], cross_account_replica=link())
    assert [a["action"] for a in result["actions"]] == ["add", "associate"]
    assert [c[1] for c in aws.mutating_calls()] == ["ReplicateSecretToRegions", "AssociateCrossAccountReplica"]
    assert [r["status"] for r in result["secret"]["replication_status"]] == ["InSync"]
    assert [r["status"] for r in result["secret"]["cross_account_replicas"]] == ["InSync"]


def test_check_mode_predicts_without_a_call(aws, run_one):
    result = run_one(check_mode=True, cross_account_replica=link())
    assert result["changed"] and result["actions"][0]["action"] == "associate"
    assert result["secret"]["cross_account_replicas"] == [{"arn": REPLICA_ARN, "status": "InSync", "status_message": None, "replication_role_arn": None}]
    assert aws.mutating_calls() == []
    no_wait = run_one(check_mode=True, wait=False, cross_account_replica=link())
    assert no_wait["secret"]["cross_account_replicas"][0]["status"] == "InProgress"

    aws.add_link(REPLICA_ARN)
    absent = run_one(check_mode=True, state="absent", cross_account_replica=link())
    assert absent["actions"] == [{"action": "disassociate", "region": "us-east-1", "cross_account_replica_arn": REPLICA_ARN}]
    assert absent["secret"]["cross_account_replicas"][0]["status"] == "Detached"
    assert aws.mutating_calls() == []


def test_a_failed_link_is_repaired_and_a_detached_one_associated_again(aws, run_one):
    aws.add_link(REPLICA_ARN, status="Failed", message="Replication failed: The KMS key 'k' is disabled in region us-east-1.")
    repaired = run_one(cross_account_replica=link())
    assert [a["action"] for a in repaired["actions"]] == ["repair"]
    assert repaired["secret"]["cross_account_replicas"][0]["status"] == "InSync"

    aws.links["db"][0]["ReplicationStatus"] = "Detached"
    again = run_one(cross_account_replica=link())
    assert [a["action"] for a in again["actions"]] == ["associate"]


def test_a_link_that_ends_failed_is_a_classified_failure(aws, run_one):
    aws.link_fail_with = "Replication failed: The KMS key 'alias/k' is disabled in region us-east-1."
    result = run_one(cross_account_replica=link())
    assert result["failed"] and result["changed"]
    assert [(f["region"], f["reason"], f["retryable"]) for f in result["failures"]] == [("us-east-1", "kms_key_unusable", False)]
    assert REPLICA_ARN in result["failures"][0]["status_message"]


def test_disassociate_keeps_the_replica_detached_and_is_idempotent(aws, run_one):
    aws.add_link(REPLICA_ARN)
    result = run_one(state="absent", cross_account_replica=link())
    assert result["changed"] and not result["failed"]
    assert [c[1] for c in aws.mutating_calls()] == ["DisassociateCrossAccountReplica"]
    assert result["secret"]["cross_account_replicas"][0]["status"] == "Detached"
    aws.calls.clear()
    assert not run_one(state="absent", cross_account_replica=link())["changed"]
    assert aws.calls == [("us-east-1", "DescribeSecret")]


def test_a_second_replica_is_refused_after_the_describe_before_any_write(aws, run_one):
    aws.add_link(OTHER_ARN)
    aws.add_key("eu-west-1", "k1", alias="alias/k")
    result = run_one(replicas=[{"region": "eu-west-1", "kms_key_id": "alias/k"}], cross_account_replica=link())
    assert result["failed"] and not result["changed"]
    assert [(f["reason"], f["retryable"]) for f in result["failures"]] == [("cross_account_replica_exists", False)]
    assert OTHER_ARN in result["msg"] and "at most one" in result["msg"]
    # Refused before the Regional checks too: nothing but the primary's describe.
    assert aws.calls == [("us-east-1", "DescribeSecret")]


def test_a_replica_in_the_primarys_own_account_is_refused_after_the_describe(aws, run_one):
    result = run_one(cross_account_replica=link(arn_in_account(ACCOUNT)))
    assert result["failed"] and "own account" in result["msg"] and result["failures"][0]["reason"] == "refused"
    assert aws.mutating_calls() == []


def test_a_missing_receiving_secret_is_named_with_its_fix(aws, run_one):
    aws.errors[("us-east-1", "AssociateCrossAccountReplica")] = "ResourceNotFoundException"
    result = run_one(replicas=[{"region": "eu-west-1", "kms_key_id": None}], cross_account_replica=link())
    assert result["failed"]
    assert [(f["reason"], f["retryable"]) for f in result["failures"]] == [("cross_account_replica_missing", False)]
    assert "cross_account_replica, state: present" in result["failures"][0]["remedy"]
    # The Regional replica was added all the same; the link is not reported as done.
    assert [a["action"] for a in result["actions"]] == ["add"]


def test_a_race_for_the_one_replica_is_classified(aws, run_one):
    aws.errors[("us-east-1", "AssociateCrossAccountReplica")] = "LimitExceededException"
    assert run_one(cross_account_replica=link())["failures"][0]["reason"] == "cross_account_replica_exists"


def test_the_link_is_waited_for_with_the_batch_and_times_out_honestly(aws, run_secrets):
    aws.add_primary("other")
    aws.link_in_progress_describes = 1000
    results = run_secrets([
        {"secret_id": "db", "replicas": [], "cross_account_replica": link()},
        {"secret_id": "other", "replicas": [{"region": "eu-west-1"}]},
    ], wait_timeout=5)
    by_id = {result["secret_id"]: result for result in results}
    assert [(f["reason"], f["retryable"]) for f in by_id["db"]["failures"]] == [("wait_timeout", True)]
    assert "still InProgress after 5 s" in by_id["db"]["failures"][0]["status_message"]
    assert not by_id["other"]["failed"]


def test_without_wait_the_link_is_read_back_once(aws, run_one, fake_clock):
    aws.link_in_progress_describes = 5
    result = run_one(wait=False, cross_account_replica=link())
    assert result["secret"]["cross_account_replicas"][0]["status"] == "InProgress" and not result["failed"]
    assert fake_clock.slept == []


def test_secrets_without_the_option_report_an_empty_list_and_no_diff_key(aws, run_one):
    result = run_one(replicas=[])
    assert result["secret"]["cross_account_replicas"] == []
    assert "cross_account_replicas" not in result["diff"]["after"]
    assert arn_in("us-east-1") == result["secret"]["arn"]
