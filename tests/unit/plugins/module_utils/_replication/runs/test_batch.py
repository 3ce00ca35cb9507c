# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Many secrets in one run (batch.py): isolation, the concurrency bound, one shared wait, summary and messages."""

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs import batch
from ansible_collections.secretsmanager.replication.tests.unit.conftest import NAME
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in

NAMES = ["a", "b", "c"]


def entry(name, *regions, **options):
    return dict({"secret_id": name, "replicas": [{"region": region} for region in regions]}, **options)


def test_each_secret_fails_or_succeeds_on_its_own(aws, run_secrets):
    for name in NAMES:
        aws.add_primary(name)
    aws.add_other_secret("eu-west-1", name="b")
    results = run_secrets([entry("missing", "eu-west-1"), entry("a", "eu-west-1"), entry("b", "eu-west-1", "us-west-2"), entry("c", "eu-west-1")])
    assert [result["secret_id"] for result in results] == ["missing", "a", "b", "c"]  # input order
    assert [(result["changed"], result["failed"]) for result in results] == [(False, True), (True, False), (True, True), (True, False)]
    assert [failure["reason"] for failure in results[0]["failures"]] == ["secret_not_found"]
    assert [failure["reason"] for failure in results[2]["failures"]] == ["name_conflict"]
    assert set(aws.replicas["a"]) == set(aws.replicas["c"]) == {"eu-west-1"}
    assert set(aws.replicas["b"]) == {"us-west-2"}


def test_at_most_max_workers_secrets_are_worked_on_at_once(aws, run_secrets):
    names = [f"s{number}" for number in range(12)]
    for name in names:
        aws.add_primary(name)
    aws.call_seconds = 0.01
    results = run_secrets([entry(name, "eu-west-1") for name in names], max_workers=3)
    assert all(result["changed"] and not result["failed"] for result in results)
    assert 1 < aws.most_concurrent <= 3


def test_waits_overlap_the_total_is_the_slowest_not_the_sum(aws, run_secrets, fake_clock):
    for name, describes in zip(NAMES, (1, 3, 5)):
        aws.add_primary(name)
        aws.in_progress_for[name] = describes
    results = run_secrets([entry(name, "eu-west-1") for name in NAMES])
    assert all(result["secret"]["replication_status"][0]["status"] == "InSync" for result in results)
    assert fake_clock.slept == [1] * 5  # polled together: 5 rounds for the slowest, not 1 + 3 + 5
    describes = [request[2] for request in aws.requests if request[:2] == ("us-east-1", "DescribeSecret")]
    # One describe before planning, then one per round until that secret was InSync.
    assert [describes.count(name) for name in NAMES] == [1 + 2, 1 + 4, 1 + 6]


def test_a_wait_timeout_is_shared_and_only_the_slow_secret_fails(aws, run_secrets, fake_clock):
    for name, describes in zip(NAMES, (0, 1, 100)):
        aws.add_primary(name)
        aws.in_progress_for[name] = describes
    results = run_secrets([entry(name, "eu-west-1") for name in NAMES], wait_timeout=4)
    assert [result["failed"] for result in results] == [False, False, True]
    assert [failure["reason"] for failure in results[2]["failures"]] == ["wait_timeout"]
    assert sum(fake_clock.slept) == 4


def test_no_op_batch_is_one_describe_per_secret(aws, run_secrets):
    for name in NAMES:
        aws.add_primary(name)
        aws.add_replica("eu-west-1", name=name)
    results = run_secrets([entry(name, "eu-west-1") for name in NAMES])
    assert not any(result["changed"] for result in results)
    assert sorted(aws.requests) == sorted(("us-east-1", "DescribeSecret", name) for name in NAMES)


def test_promotion_of_many_never_calls_the_primary_region(aws, run_secrets):
    for name in NAMES:
        aws.add_primary(name)
        aws.add_replica("eu-west-1", name=name)
    aws.down.add("us-east-1")
    results = run_secrets([{"secret_id": name, "replicas": [{"region": "eu-west-1"}]} for name in NAMES], state="promoted")
    assert [(result["changed"], result["failed"]) for result in results] == [(True, False)] * 3
    assert {call[0] for call in aws.calls} == {"eu-west-1"}
    assert aws.operations().count("StopReplicationToReplica") == 3
    assert [(entry["region"], entry["arn"], entry["outcome"]) for entry in results[0]["promoted"]] == [("eu-west-1", arn_in("eu-west-1", "a"), "promoted")]


def test_promotion_of_a_missing_secret_fails_only_that_secret(aws, run_secrets):
    aws.add_replica("eu-west-1")
    results = run_secrets([{"secret_id": NAME, "replicas": [{"region": "eu-west-1"}]}, {"secret_id": "nope", "replicas": [{"region": "eu-west-1"}]}],
                          state="promoted")
    assert [(result["changed"], result["failed"]) for result in results] == [(True, False), (False, True)]
    assert "no secret 'nope' in eu-west-1" in results[1]["msg"]


def test_summary_counts_secrets_and_failures_by_reason():
    results = [
        {"secret_id": "a", "changed": True, "failed": False, "failures": []},
        {"secret_id": "b", "changed": True, "failed": True, "failures": [
            {"region": "eu-west-1", "reason": "name_conflict", "retryable": False},
            {"region": "us-west-2", "reason": "name_conflict", "retryable": False},
        ]},
        {"secret_id": "c", "changed": False, "failed": True, "failures": [{"region": "us-east-1", "reason": "throttled", "retryable": True}]},
    ]
    assert batch.summary(results) == {"secrets": 3, "changed": 2, "failed": 2, "failures_by_reason": {"name_conflict": 2, "throttled": 1}}
    message = batch.batch_failure_message(results)
    assert message.startswith("secret_replica failed for 2 of 3 secret(s): ")
    assert "'b' in eu-west-1: name_conflict; 'b' in us-west-2: name_conflict; 'c' in us-east-1: throttled (retryable)" in message


def test_diff_is_keyed_by_secret(aws, run_secrets):
    for name in NAMES[:2]:
        aws.add_primary(name)
    results = run_secrets([entry(name, "eu-west-1") for name in NAMES[:2]], check_mode=True)
    diff = batch.batch_diff(results)
    assert diff["before"] == {"a": {"replicas": []}, "b": {"replicas": []}}
    assert diff["after"]["b"] == {"replicas": [{"region": "eu-west-1", "kms_key_id": "alias/aws/secretsmanager", "status": "InSync"}]}


def test_an_unexpected_error_in_one_secret_does_not_stop_the_others(aws, run_secrets, monkeypatch):
    for name in NAMES[:2]:
        aws.add_primary(name)
    describe = aws.describe

    def broken_for_a(region, secret_id):
        if secret_id == "a":
            raise RuntimeError("bug")
        return describe(region, secret_id)

    monkeypatch.setattr(aws, "describe", broken_for_a)
    results = run_secrets([entry(name, "eu-west-1") for name in NAMES[:2]])
    assert [(result["failed"], result["changed"]) for result in results] == [(True, False), (False, True)]
    assert results[0]["failures"][0]["reason"] == "unknown" and "bug" in results[0]["msg"]


def test_a_secret_whose_failures_are_all_retryable_runs_again_and_sends_only_what_is_still_wrong(aws, run_secrets, fake_clock):
    aws.add_primary("a")
    aws.add_replica("eu-west-1", status="Failed", message="something went wrong", name="a")
    aws.errors[("us-east-1", "ReplicateSecretToRegions")] = "ThrottlingException"
    real_sleep = fake_clock.sleep

    def quota_frees_up_during_the_delay(seconds):
        if seconds == 7:
            aws.errors.clear()
        real_sleep(seconds)

    fake_clock.sleep = quota_frees_up_during_the_delay
    result = run_secrets([entry("a", "eu-west-1")], retries=3, retry_delay=7)[0]
    assert (result["failed"], result["changed"], result["attempts"], result["failures"]) == (False, True, 2, [])
    assert aws.replicas["a"]["eu-west-1"]["Status"] == "InSync"
    # The first attempt's retry removed the Failed replica, then its add was throttled; the second attempt re-planned
    # from a new describe and only added the Region back: it did not remove anything again.
    assert [action["action"] for action in result["actions"]] == ["retry", "add"]
    assert aws.operations().count("RemoveRegionsFromReplication") == 1
    assert fake_clock.slept.count(7) == 1


def test_a_failure_a_rerun_cannot_fix_is_not_retried(aws, run_secrets, fake_clock):
    aws.add_primary("a")
    aws.add_other_secret("eu-west-1", name="a")
    results = run_secrets([entry("a", "eu-west-1")], retries=3, retry_delay=7)
    assert [failure["reason"] for failure in results[0]["failures"]] == ["name_conflict"]
    assert "attempts" not in results[0]
    assert 7 not in fake_clock.slept


def test_retries_give_up_after_the_last_attempt_and_keep_every_failure(aws, run_secrets, fake_clock):
    aws.add_primary("a")
    aws.errors[("us-east-1", "ReplicateSecretToRegions")] = "ThrottlingException"
    results = run_secrets([entry("a", "eu-west-1")], retries=2, retry_delay=7)
    assert results[0]["failed"] and results[0]["attempts"] == 3
    assert [failure["reason"] for failure in results[0]["failures"]] == ["throttled"]
    assert fake_clock.slept.count(7) == 2


def test_check_mode_is_never_retried(aws, run_secrets, fake_clock):
    aws.add_primary("a")
    aws.down.add("eu-west-1")
    results = run_secrets([entry("a", "eu-west-1")], check_mode=True, retries=3, retry_delay=7)
    assert [failure["reason"] for failure in results[0]["failures"]] == ["region_unreachable"]
    assert "attempts" not in results[0] and aws.mutating_calls() == []
    assert 7 not in fake_clock.slept


def test_the_retry_delay_is_jittered_so_two_runs_do_not_retry_in_step():
    waits = {round(batch.jittered(10), 6) for dummy in range(50)}
    assert len(waits) > 40 and all(5 <= wait <= 15 for wait in waits)
