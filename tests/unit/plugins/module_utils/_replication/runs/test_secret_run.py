# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One secret's run (state present and absent) against the in-memory fake AWS of tests/unit/conftest.py.

The fake records every call, so these tests pin the call budget: one DescribeSecret for a no-op run,
no mutating call in check mode or when a secret is refused, look-aheads only where a replica is added.
"""

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.context import RunContext
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.retries import RETRY_ATTEMPTS
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.secret_run import SecretRun
from ansible_collections.secretsmanager.replication.tests.unit.conftest import NAME
from ansible_collections.secretsmanager.replication.tests.unit.conftest import REPLICA_ACCOUNT
from ansible_collections.secretsmanager.replication.tests.unit.conftest import FakeClients
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in_account


def replicas(*regions, key=None):
    return [{"region": region, "kms_key_id": key} for region in regions]


def failure_reasons(result):
    return [(failure["region"], failure["reason"]) for failure in result["failures"]]


def test_add_then_no_op_is_one_describe(aws, run_one):
    result = run_one(replicas=replicas("eu-west-1", "us-west-2"))
    assert result["changed"] and not result["failed"]
    assert [a["action"] for a in result["actions"]] == ["add", "add"]
    assert [(r["region"], r["status"]) for r in result["secret"]["replication_status"]] == [("eu-west-1", "InSync"), ("us-west-2", "InSync")]
    assert [c[1] for c in aws.mutating_calls()] == ["ReplicateSecretToRegions"]
    assert {region: replica["Status"] for region, replica in aws.replicas[NAME].items()} == {"eu-west-1": "InSync", "us-west-2": "InSync"}
    # One look-ahead by name in each Region about to get a replica.
    assert sorted(call for call in aws.calls if call[0] != "us-east-1") == [("eu-west-1", "DescribeSecret"), ("us-west-2", "DescribeSecret")]

    aws.calls.clear()
    again = run_one(replicas=replicas("us-west-2", "eu-west-1"))
    assert not again["changed"] and again["actions"] == [] and again["failures"] == []
    assert aws.calls == [("us-east-1", "DescribeSecret")]


def test_check_mode_predicts_without_mutating(aws, run_one):
    aws.add_replica("ap-south-1")
    result = run_one(check_mode=True, replicas=replicas("eu-west-1"), purge_replicas=True)
    assert result["changed"]
    assert result["actions"] == [{"action": "remove", "region": "ap-south-1"}, {"action": "add", "region": "eu-west-1", "overwrite": False}]
    assert [(r["region"], r["status"]) for r in result["secret"]["replication_status"]] == [("eu-west-1", "InSync")]
    assert result["diff"]["before"]["replicas"][0]["region"] == "ap-south-1"
    assert [r["region"] for r in result["diff"]["after"]["replicas"]] == ["eu-west-1"]
    assert aws.mutating_calls() == []

    no_wait = run_one(check_mode=True, replicas=replicas("eu-west-1"), wait=False)
    assert [r["status"] for r in no_wait["secret"]["replication_status"] if r["region"] == "eu-west-1"] == ["InProgress"]


def test_waits_until_in_sync(aws, run_one, fake_clock):
    aws.in_progress_describes = 3
    result = run_one(replicas=replicas("eu-west-1"))
    assert result["secret"]["replication_status"][0]["status"] == "InSync"
    # The write's answer showed InProgress; then four describes, three of them still InProgress.
    assert [call for call in aws.calls if call == ("us-east-1", "DescribeSecret")] == [("us-east-1", "DescribeSecret")] * 5
    assert fake_clock.slept == [1, 1, 1]


def test_no_wait_returns_in_progress(aws, run_one):
    aws.in_progress_describes = 3
    result = run_one(replicas=replicas("eu-west-1"), wait=False)
    assert result["secret"]["replication_status"][0]["status"] == "InProgress"
    assert not result["failed"]
    # The write was made, and the fake still holds the replica InProgress: nothing waited for it.
    assert [call[1] for call in aws.mutating_calls()] == ["ReplicateSecretToRegions"]
    assert aws.replicas[NAME]["eu-west-1"]["Status"] == "InProgress"


def test_wait_timeout_names_the_regions_and_is_retryable(aws, run_one):
    aws.in_progress_describes = 10_000
    result = run_one(replicas=replicas("eu-west-1"), wait_timeout=5)
    assert result["failed"] and result["changed"]
    (failure,) = result["failures"]
    assert (failure["region"], failure["reason"], failure["retryable"]) == ("eu-west-1", "wait_timeout", True)
    assert "still InProgress after 5 s" in result["msg"]


def test_rekey_only_resolves_differing_keys_in_the_replica_region(aws, run_one):
    key_arn = aws.add_key("eu-west-1", "k1", alias="alias/k1")
    aws.add_replica("eu-west-1", key="alias/k1")
    aws.add_replica("us-west-2", key="alias/same")

    # alias vs its key ARN: the same key, so no change; one DescribeKey per distinct string, in eu-west-1 only
    result = run_one(replicas=[{"region": "eu-west-1", "kms_key_id": key_arn}, {"region": "us-west-2", "kms_key_id": "alias/same"}])
    assert not result["changed"]
    assert sorted(aws.calls) == [("eu-west-1", "DescribeKey"), ("eu-west-1", "DescribeKey"), ("us-east-1", "DescribeSecret")]

    aws.add_key("eu-west-1", "k2", alias="alias/k2")
    aws.calls.clear()
    result = run_one(replicas=[{"region": "eu-west-1", "kms_key_id": "alias/k2"}])
    assert result["actions"] == [{"action": "rekey", "region": "eu-west-1", "kms_key_id": "alias/k2"}]
    assert ("eu-west-1", "UpdateSecret") in aws.calls
    assert aws.replicas[NAME]["eu-west-1"]["KmsKeyId"] == "alias/k2"
    assert result["secret"]["replication_status"][0]["kms_key_id"] == "alias/k2"


def test_missing_wanted_key_for_rekey_refuses_the_secret_before_any_change(aws, run_one):
    aws.add_replica("eu-west-1")
    result = run_one(replicas=[{"region": "eu-west-1", "kms_key_id": "alias/nope"}, {"region": "us-west-2"}])
    assert result["failed"] and not result["changed"]
    assert failure_reasons(result) == [("eu-west-1", "kms_key_unusable")]
    assert "KMS key 'alias/nope' does not exist in 'eu-west-1'" in result["msg"] and "nothing was changed" in result["msg"]
    assert aws.mutating_calls() == []


def test_new_replica_with_a_missing_or_disabled_key_is_refused_with_one_describe_key_per_region_and_key(aws, run_secrets):
    aws.add_primary("other")
    aws.add_key("us-west-2", "off", alias="alias/off", state="Disabled")
    entries = [
        {"secret_id": name, "replicas": [{"region": "eu-west-1", "kms_key_id": "alias/nope"}, {"region": "us-west-2", "kms_key_id": "alias/off"}]}
        for name in (NAME, "other")
    ]
    results = run_secrets(entries)
    for result in results:
        assert result["failed"] and not result["changed"] and result["actions"] == []
        assert failure_reasons(result) == [("eu-west-1", "kms_key_unusable"), ("us-west-2", "kms_key_unusable")]
        assert [failure["retryable"] for failure in result["failures"]] == [False, False]
        assert "us-west-2' is Disabled" in result["msg"]
    assert aws.mutating_calls() == []
    assert sorted(call for call in aws.calls if call[1] == "DescribeKey") == [("eu-west-1", "DescribeKey"), ("us-west-2", "DescribeKey")]


def test_the_aws_managed_key_is_never_looked_up(aws, run_one):
    run_one(replicas=replicas("eu-west-1", key="alias/aws/secretsmanager"))
    assert "DescribeKey" not in aws.operations()


def test_failed_replica_is_retried_with_remove_then_add(aws, run_one):
    aws.add_replica("eu-west-1", status="Failed", message="boom")
    result = run_one(replicas=replicas("eu-west-1"), overwrite=True)
    assert result["actions"] == [{"action": "retry", "region": "eu-west-1", "overwrite": True}]
    assert [c[1] for c in aws.mutating_calls()] == ["RemoveRegionsFromReplication", "ReplicateSecretToRegions"]
    assert aws.replicas[NAME]["eu-west-1"]["Status"] == "InSync"


def test_name_conflict_is_seen_before_the_add_and_the_other_regions_proceed(aws, run_one):
    aws.add_other_secret("eu-west-1")
    result = run_one(replicas=replicas("eu-west-1", "us-west-2"))
    assert result["failed"] and result["changed"]
    (failure,) = result["failures"]
    assert (failure["region"], failure["reason"], failure["retryable"]) == ("eu-west-1", "name_conflict", False)
    assert "overwrite: true" in result["msg"]
    assert result["actions"] == [{"action": "add", "region": "us-west-2", "overwrite": False}]
    # Nothing was sent for eu-west-1, so no Failed replica is left behind.
    assert set(aws.replicas[NAME]) == {"us-west-2"}
    assert aws.secrets[("eu-west-1", NAME)]["ARN"] != arn_in("eu-west-1")

    result = run_one(replicas=replicas("eu-west-1", "us-west-2"), overwrite=True)
    assert result["actions"] == [{"action": "add", "region": "eu-west-1", "overwrite": True}]
    assert aws.replicas[NAME]["eu-west-1"]["Status"] == "InSync" and not result["failed"]


def test_check_mode_predicts_the_conflict_instead_of_a_clean_add(aws, run_one):
    aws.add_other_secret("eu-west-1")
    result = run_one(check_mode=True, replicas=replicas("eu-west-1", "us-west-2"))
    assert result["failed"] and failure_reasons(result) == [("eu-west-1", "name_conflict")]
    assert result["actions"] == [{"action": "add", "region": "us-west-2", "overwrite": False}]
    assert [entry["region"] for entry in result["secret"]["replication_status"]] == ["us-west-2"]
    assert aws.mutating_calls() == []


def test_a_denied_look_ahead_sends_the_add_and_aws_decides(aws, run_one):
    aws.errors[("eu-west-1", "DescribeSecret")] = "AccessDeniedException"
    aws.fail_with[(NAME, "eu-west-1")] = "Replication failed: Secret db already exists in region eu-west-1."
    result = run_one(replicas=replicas("eu-west-1"))
    assert ("us-east-1", "ReplicateSecretToRegions") in aws.calls
    assert failure_reasons(result) == [("eu-west-1", "name_conflict")]
    assert aws.replicas[NAME]["eu-west-1"]["Status"] == "Failed"


def test_a_replica_of_another_primary_is_a_conflict_even_with_overwrite(aws, run_one):
    aws.add_other_secret("eu-west-1", primary_region="ap-south-1")
    result = run_one(replicas=replicas("eu-west-1"), overwrite=True)
    assert failure_reasons(result) == [("eu-west-1", "name_conflict")]
    assert "promote it there first" in result["msg"]
    assert aws.mutating_calls() == []


def test_a_secret_scheduled_for_deletion_is_a_conflict_without_overwrite(aws, run_one):
    aws.add_other_secret("eu-west-1", deleted=True)
    result = run_one(replicas=replicas("eu-west-1"))
    assert failure_reasons(result) == [("eu-west-1", "name_conflict")]
    assert "scheduled for deletion" in result["msg"]


def test_an_add_that_finds_its_own_replica_already_there_is_skipped(aws, run_one):
    # Another run added it between this run's describe and its add: adding it again would list the Region twice.
    aws.secrets[("eu-west-1", NAME)] = {"ARN": arn_in("eu-west-1"), "Name": NAME, "PrimaryRegion": "us-east-1"}
    result = run_one(replicas=replicas("eu-west-1"))
    assert not result["changed"] and not result["failed"]
    assert aws.mutating_calls() == []


def test_absent(aws, run_one):
    aws.add_replica("eu-west-1", status="Failed")
    aws.add_replica("us-west-2")
    result = run_one(state="absent", replicas=replicas("eu-west-1", "ap-south-1"))
    assert result["actions"] == [{"action": "remove", "region": "eu-west-1"}]
    assert set(aws.replicas[NAME]) == {"us-west-2"}
    aws.calls.clear()
    assert not run_one(state="absent", replicas=replicas("eu-west-1"))["changed"]
    assert aws.calls == [("us-east-1", "DescribeSecret")]


def test_absent_on_a_missing_secret_is_ok_present_is_not(run_one):
    gone = run_one(state="absent", secret_id="nope", replicas=replicas("eu-west-1"))
    assert (gone["changed"], gone["failed"], gone["actions"]) == (False, False, [])
    result = run_one(secret_id="nope", replicas=replicas("eu-west-1"))
    assert failure_reasons(result) == [("us-east-1", "secret_not_found")]
    assert result["failures"][0]["retryable"] is False
    assert "does not exist in 'us-east-1'" in result["msg"]


def test_secret_that_is_a_replica_is_refused_naming_its_primary(aws, run_one):
    aws.add_replica("eu-west-1")
    result = run_one(region="eu-west-1", replicas=replicas("us-west-2"))
    assert failure_reasons(result) == [("eu-west-1", "not_a_primary")]
    assert "its primary is in 'us-east-1'" in result["msg"] and "set region to 'us-east-1'" in result["msg"]
    assert aws.mutating_calls() == []


def test_unreachable_replica_region_is_reported_and_the_others_go_on(aws, run_one):
    aws.add_key("us-west-2", "k2", alias="alias/k2")
    aws.add_replica("us-west-2", key="alias/old")
    aws.add_replica("eu-west-1")
    aws.down.add("us-west-2")
    result = run_one(replicas=[{"region": "us-west-2", "kms_key_id": "alias/k2"}, {"region": "eu-west-1"}, {"region": "ap-southeast-2"}], purge_replicas=True)
    assert failure_reasons(result) == [("us-west-2", "region_unreachable")]
    assert result["failures"][0]["retryable"] is True
    assert "did not answer" in result["msg"]
    # The reachable Region was added; nothing was removed or re-keyed in the Region that is down.
    assert result["actions"] == [{"action": "add", "region": "ap-southeast-2", "overwrite": False}]
    assert set(aws.replicas[NAME]) == {"us-west-2", "eu-west-1", "ap-southeast-2"}
    assert aws.replicas[NAME]["us-west-2"]["KmsKeyId"] == "alias/old"


def test_adding_into_an_unreachable_region_is_not_sent(aws, run_one):
    aws.down.add("eu-west-1")
    result = run_one(replicas=replicas("eu-west-1", "us-west-2"))
    assert failure_reasons(result) == [("eu-west-1", "region_unreachable")]
    assert result["actions"] == [{"action": "add", "region": "us-west-2", "overwrite": False}]


def test_rekey_in_a_region_that_goes_down_is_not_reported_as_done(aws, run_one, monkeypatch):
    aws.add_key("us-west-2", "k2", alias="alias/k2")
    aws.add_key("us-west-2", "k1", alias="alias/old")
    aws.add_replica("us-west-2", key="alias/old")
    record = aws.record

    def record_then_go_down(region, operation, secret_id=None):
        record(region, operation, secret_id)
        if operation == "DescribeKey" and aws.operations().count("DescribeKey") == 2:
            aws.down.add(region)  # the Region fails between the key comparison and the re-key

    monkeypatch.setattr(aws, "record", record_then_go_down)
    result = run_one(replicas=[{"region": "us-west-2", "kms_key_id": "alias/k2"}])
    assert ("us-west-2", "UpdateSecret") in aws.calls
    assert not result["changed"] and result["actions"] == []
    assert failure_reasons(result) == [("us-west-2", "region_unreachable")]


def test_throttling_that_outlasts_the_retries_is_a_retryable_failure_of_that_secret(aws, run_one):
    aws.errors[("us-east-1", "ReplicateSecretToRegions")] = "ThrottlingException"
    result = run_one(replicas=replicas("eu-west-1"))
    assert failure_reasons(result) == [("us-east-1", "throttled")]
    assert result["failures"][0]["retryable"] is True and not result["changed"]
    assert aws.operations().count("ReplicateSecretToRegions") == RETRY_ATTEMPTS


def test_access_denied_is_not_retryable(aws, run_one):
    aws.errors[("us-east-1", "ReplicateSecretToRegions")] = "AccessDeniedException"
    result = run_one(replicas=replicas("eu-west-1"))
    assert failure_reasons(result) == [("us-east-1", "access_denied")]
    assert result["failures"][0]["retryable"] is False
    assert aws.operations().count("ReplicateSecretToRegions") == 1


def test_an_add_that_raced_another_run_is_a_retryable_concurrent_change(aws):
    # Two runs added eu-west-1 at once: the primary lists it twice, once Failed ("already exists").
    run = SecretRun({"secret_id": NAME, "replicas": [{"region": "eu-west-1"}]}, "us-east-1", RunContext(FakeClients(aws), FakeClients(aws)))
    run.description = {"ARN": arn_in("us-east-1"), "Name": NAME}
    run.actions = [{"action": "add", "region": "eu-west-1", "overwrite": False}]
    run.entries = [{"region": "eu-west-1", "status": "InSync"}, {"region": "eu-west-1", "status": "Failed", "status_message": "... already exists ..."}]
    assert [(failure["reason"], failure["retryable"]) for failure in run.result()["failures"]] == [("concurrent_change", True)]


def test_a_secret_refused_after_its_cross_account_plan_reports_no_cross_account_action(aws, run_one):
    # The cross-account action is planned right after the describe; the KMS refusal comes later and nothing is sent.
    aws.add_replica("eu-west-1")
    link = {"arn": arn_in_account(REPLICA_ACCOUNT)}
    result = run_one(replicas=[{"region": "eu-west-1", "kms_key_id": "alias/nope"}], cross_account_replica=link)
    assert failure_reasons(result) == [("eu-west-1", "kms_key_unusable")] and "nothing was changed" in result["msg"]
    assert (result["changed"], result["actions"]) == (False, [])
    assert aws.mutating_calls() == [] and aws.links == {}


def test_a_cross_account_action_never_sent_is_not_reported_as_done(aws, run_one):
    # The Regional write fails first, so the secret stops before its cross-account write.
    aws.errors[("us-east-1", "ReplicateSecretToRegions")] = "AccessDeniedException"
    result = run_one(replicas=replicas("eu-west-1"), cross_account_replica={"arn": arn_in_account(REPLICA_ACCOUNT)})
    assert failure_reasons(result) == [("us-east-1", "access_denied")]
    assert (result["changed"], result["actions"]) == (False, [])
    assert "AssociateCrossAccountReplica" not in aws.operations() and aws.links == {}
