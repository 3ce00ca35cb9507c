# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Verified promotion (state promoted) against the fake AWS: the right secret, marked, and nothing else touched."""

from datetime import datetime
from datetime import timezone

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import provenance
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.promotion import MARKER_GRACE_SECONDS
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.promotion import PromotionOptions
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.promotion_report import promotion_report
from ansible_collections.secretsmanager.replication.tests.unit.conftest import NAME
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in

MOMENT = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
PRIMARY_ARN = arn_in("us-east-1")


def options(**kwargs):
    return PromotionOptions(now=lambda: MOMENT, **kwargs)


@pytest.fixture
def promote(run_secrets, fake_clock):
    def run(secret_id=NAME, regions=("eu-west-1",), check_mode=False, followers=None, **option_values):
        option_values.setdefault("sleep", fake_clock.sleep)
        entry = {"secret_id": secret_id, "replicas": [{"region": region} for region in regions]}
        if followers is not None:
            entry["follower_regions"] = followers
        return run_secrets([entry], state="promoted", check_mode=check_mode, promotion=options(**option_values))[0]

    return run


def tags_in(aws, region, name=NAME):
    return {tag["Key"]: tag["Value"] for tag in aws.secrets[(region, name)].get("Tags", [])}


def reasons(result):
    return [(failure["region"], failure["reason"]) for failure in result["failures"]]


def test_a_replica_is_promoted_then_marked_in_its_region_only(aws, promote):
    aws.add_replica("eu-west-1")
    aws.down.add("us-east-1")
    result = promote()
    assert not result["failed"], result
    assert aws.requests == [
        ("eu-west-1", "DescribeSecret", NAME),
        ("eu-west-1", "StopReplicationToReplica", arn_in("eu-west-1")),
        ("eu-west-1", "TagResource", arn_in("eu-west-1")),
    ]
    assert "PrimaryRegion" not in aws.secrets[("eu-west-1", NAME)]
    assert tags_in(aws, "eu-west-1") == {provenance.PROMOTED_FROM_TAG: PRIMARY_ARN, provenance.PROMOTED_AT_TAG: "2026-03-01T12:00:00.000000Z"}
    [entry] = result["promoted"]
    assert entry["outcome"] == "promoted" and entry["changed"]
    assert (entry["promoted_from"], entry["promoted_at"]) == (PRIMARY_ARN, "2026-03-01T12:00:00.000000Z")
    # What was promoted: the replica's last known state, from its own Region.
    assert entry["replica_status"] == {"status": "InSync", "status_message": "InSync message"}
    assert result["actions"] == [{"action": "promote", "region": "eu-west-1"}, {"action": "mark", "region": "eu-west-1"}]


def test_a_rerun_by_name_recognises_its_own_promotion(aws, promote):
    aws.add_replica("eu-west-1")
    promote()
    aws.calls.clear()
    again = promote()
    assert not again["changed"] and not again["failed"]
    assert aws.mutating_calls() == []
    assert again["promoted"][0]["outcome"] == "already_promoted"
    assert again["promoted"][0]["promoted_at"] == "2026-03-01T12:00:00.000000Z"


def test_an_unrelated_standalone_secret_of_the_same_name_is_unverified_never_a_success(aws, promote):
    aws.add_other_secret("eu-west-1")
    result = promote()
    assert result["failed"] and not result["changed"]
    assert reasons(result) == [("eu-west-1", "unverified")]
    assert result["promoted"][0]["outcome"] == "unverified" and result["promoted"][0]["promoted_from"] is None
    assert aws.mutating_calls() == []


@pytest.mark.parametrize("other_primary", [None, "ap-south-1"])
def test_by_arn_a_same_named_secret_with_another_suffix_is_refused(aws, promote, other_primary):
    aws.add_other_secret("eu-west-1", primary_region=other_primary)
    result = promote(secret_id=PRIMARY_ARN)
    assert reasons(result) == [("eu-west-1", "not_a_replica")]
    assert arn_in("eu-west-1", suffix="ZzZzZz") in result["msg"] and arn_in("eu-west-1") in result["msg"]
    assert aws.mutating_calls() == [] and result["promoted"] == []


def test_by_arn_nothing_is_promoted_when_one_region_holds_another_secret(aws, promote):
    aws.add_replica("eu-west-1")
    aws.add_other_secret("us-west-2")
    result = promote(secret_id=PRIMARY_ARN, regions=("eu-west-1", "us-west-2"))
    assert reasons(result) == [("us-west-2", "not_a_replica")]
    assert aws.mutating_calls() == []
    assert aws.secrets[("eu-west-1", NAME)]["PrimaryRegion"] == "us-east-1"


def test_by_arn_a_promotion_whose_marker_was_not_written_is_repaired_without_a_time(aws, promote):
    aws.add_replica("eu-west-1")
    aws.secrets[("eu-west-1", NAME)].pop("PrimaryRegion")  # promoted by a run that stopped before TagResource
    aws.replicas[NAME].pop("eu-west-1")
    result = promote(secret_id=PRIMARY_ARN)
    assert not result["failed"] and result["changed"]
    assert aws.mutating_calls() == [("eu-west-1", "TagResource")]
    assert tags_in(aws, "eu-west-1") == {provenance.PROMOTED_FROM_TAG: PRIMARY_ARN}
    assert (result["promoted"][0]["outcome"], result["promoted"][0]["promoted_at"]) == ("already_promoted", None)
    # By name, the repaired marker is now recognised.
    assert promote()["promoted"][0]["outcome"] == "already_promoted"


def test_a_marker_that_cannot_be_written_fails_the_secret_and_says_the_promotion_happened(aws, promote):
    aws.add_replica("eu-west-1")
    aws.add_replica("ap-south-1")
    aws.errors[("eu-west-1", "TagResource")] = "AccessDeniedException"
    result = promote(followers=["ap-south-1"])
    assert reasons(result) == [("eu-west-1", "access_denied")]
    assert "promoted in eu-west-1, but could not record the promotion marker" in result["msg"]
    assert "PrimaryRegion" not in aws.secrets[("eu-west-1", NAME)]
    assert result["promoted"][0]["outcome"] == "promoted"
    # The follower is left following its primary when the promotion it depends on is not complete.
    assert aws.secrets[("ap-south-1", NAME)]["PrimaryRegion"] == "us-east-1"
    report = promotion_report([result], "eu-west-1")
    assert [line["secret_id"] for line in report["failed"]] == [NAME] and report["promoted"] == []


def test_check_mode_predicts_promotion_and_marker_without_a_write(aws, promote):
    aws.add_replica("eu-west-1")
    result = promote(check_mode=True)
    assert result["changed"] and result["promoted"][0]["outcome"] == "promoted"
    assert [action["action"] for action in result["actions"]] == ["promote", "mark"]
    assert aws.mutating_calls() == []


def test_verify_sync_promotes_a_replica_its_primary_reports_in_sync(aws, promote):
    aws.add_replica("eu-west-1")
    result = promote(verify_sync=True)
    assert not result["failed"] and result["promoted"][0]["primary_reachable"] is True
    assert ("us-east-1", "DescribeSecret", arn_in("us-east-1")) in aws.requests
    assert [call for call in aws.calls if call[0] == "us-east-1"] == [("us-east-1", "DescribeSecret")]


def test_verify_sync_reads_the_primary_once_for_every_region_promoted(aws, promote):
    aws.add_replica("eu-west-1")
    aws.add_replica("us-west-2")
    result = promote(regions=("eu-west-1", "us-west-2"), verify_sync=True)
    assert not result["failed"], result
    assert [entry["primary_reachable"] for entry in result["promoted"]] == [True, True]
    assert [call for call in aws.calls if call[0] == "us-east-1"] == [("us-east-1", "DescribeSecret")]
    assert "PrimaryRegion" not in aws.secrets[("eu-west-1", NAME)] and "PrimaryRegion" not in aws.secrets[("us-west-2", NAME)]


def test_verify_sync_refuses_a_replica_behind_its_primary_unless_allowed(aws, promote):
    aws.add_replica("eu-west-1")
    aws.secrets[("eu-west-1", NAME)]["VersionIdsToStages"] = {"old-version": ["AWSCURRENT"]}
    refused = promote(verify_sync=True)
    assert reasons(refused) == [("eu-west-1", "not_in_sync")]
    assert "not the primary's current version" in refused["msg"]
    assert aws.mutating_calls() == []

    forced = promote(verify_sync=True, allow_out_of_sync=True)
    assert not forced["failed"] and forced["promoted"][0]["outcome"] == "promoted"
    assert "not the primary's current version" in forced["promoted"][0]["sync_problem"]


def test_verify_sync_refuses_a_replica_still_in_progress(aws, promote):
    aws.add_replica("eu-west-1", status="InProgress")
    aws.in_progress_for[NAME] = 5
    result = promote(verify_sync=True)
    assert reasons(result) == [("eu-west-1", "not_in_sync")] and "InProgress" in result["msg"]


def test_verify_sync_goes_on_when_the_primary_region_does_not_answer(aws, promote):
    aws.add_replica("eu-west-1")
    aws.down.add("us-east-1")
    result = promote(verify_sync=True)
    assert not result["failed"] and result["promoted"][0]["primary_reachable"] is False
    assert [call for call in aws.calls if call[0] == "us-east-1"] == [("us-east-1", "DescribeSecret")]


def test_followers_of_the_old_primary_are_promoted_and_the_old_primary_region_is_never_called(aws, promote):
    for region in ("us-west-2", "eu-west-1"):
        aws.add_replica(region)
    aws.add_other_secret("ca-central-1")
    aws.down.add("us-east-1")
    result = promote(regions=("us-west-2",), followers=["eu-west-1", "us-east-1", "ap-south-1", "ca-central-1"])
    assert not result["failed"], result
    assert not [call for call in aws.calls if call[0] == "us-east-1"]
    findings = {entry["region"]: (entry["finding"], entry["changed"]) for entry in result["followers"]}
    assert findings == {
        "eu-west-1": ("follows_old_primary", True),
        "us-east-1": ("old_primary_region", False),
        "ap-south-1": ("absent", False),
        "ca-central-1": ("other_secret", False),
    }
    assert "PrimaryRegion" not in aws.secrets[("eu-west-1", NAME)]
    assert tags_in(aws, "eu-west-1")[provenance.PROMOTED_FROM_TAG] == PRIMARY_ARN
    assert aws.secrets[("ca-central-1", NAME)]["ARN"] == arn_in("ca-central-1", suffix="ZzZzZz")

    aws.calls.clear()
    again = promote(regions=("us-west-2",), followers=["eu-west-1"])
    assert not again["changed"] and aws.mutating_calls() == []
    assert again["followers"][0]["finding"] == "standalone_copy"


def test_a_follower_already_following_the_new_primary_is_left_alone(aws, promote):
    aws.add_replica("us-west-2")
    aws.secrets[("us-west-2", NAME)].pop("PrimaryRegion")
    aws.secrets[("us-west-2", NAME)]["Tags"] = [{"Key": provenance.PROMOTED_FROM_TAG, "Value": PRIMARY_ARN}]
    aws.secrets[("eu-west-1", NAME)] = {"ARN": arn_in("eu-west-1"), "Name": NAME, "PrimaryRegion": "us-west-2"}
    result = promote(regions=("us-west-2",), followers=["eu-west-1"])
    assert not result["changed"] and aws.mutating_calls() == []
    assert result["followers"][0]["finding"] == "follows_new_primary"


def test_an_unverified_promotion_leaves_its_followers_unread(aws, promote):
    aws.add_other_secret("us-west-2")
    aws.add_replica("eu-west-1")
    result = promote(regions=("us-west-2",), followers=["eu-west-1"])
    assert reasons(result) == [("us-west-2", "unverified")]
    assert result["followers"] == [] and aws.mutating_calls() == []


def test_a_planned_move_knows_the_old_primary_from_verify_sync_without_another_call(aws, promote):
    aws.add_replica("us-west-2")
    aws.secrets[("us-east-1", NAME)]["KmsKeyId"] = "alias/primary-key"
    result = promote(regions=("us-west-2",), followers=["us-east-1"], verify_sync=True)
    assert not result["failed"], result
    assert result["followers"] == [{"region": "us-east-1", "finding": "old_primary_region", "arn": PRIMARY_ARN,
                                    "kms_key_id": "alias/primary-key", "changed": False}]
    assert [call for call in aws.calls if call[0] == "us-east-1"] == [("us-east-1", "DescribeSecret")]


# --- two runs promoting the same secret at once: this run described a replica, another run promoted it first ---

EARLIER = "2026-03-01T11:59:59.000000Z"
MARKED_BY_THE_OTHER_RUN = {provenance.PROMOTED_FROM_TAG: PRIMARY_ARN, provenance.PROMOTED_AT_TAG: EARLIER}


def promoted_first_by_another_run(aws, region="eu-west-1", tags=None, before="StopReplicationToReplica"):
    """The other run's StopReplicationToReplica (and TagResource, with `tags`) lands just before this run's `before` call."""
    aws.before[(region, before)] = lambda: aws.promote(region, tags=tags)


@pytest.mark.parametrize("secret_id", [NAME, PRIMARY_ARN])
def test_a_promotion_another_run_made_first_is_verified_and_reported_as_theirs(aws, promote, secret_id):
    aws.add_replica("eu-west-1")
    promoted_first_by_another_run(aws, tags=MARKED_BY_THE_OTHER_RUN)
    result = promote(secret_id=secret_id)
    assert not result["failed"] and not result["changed"], result
    # AWS refused the promotion (not a replica any more); the copy, described again, is the same secret, marked.
    assert aws.requests == [
        ("eu-west-1", "DescribeSecret", NAME),
        ("eu-west-1", "StopReplicationToReplica", arn_in("eu-west-1")),
        ("eu-west-1", "DescribeSecret", NAME),
    ]
    assert result["actions"] == []
    [entry] = result["promoted"]
    assert (entry["outcome"], entry["promoted_by_another_run"], entry["changed"]) == ("already_promoted", True, False)
    assert (entry["promoted_from"], entry["promoted_at"]) == (PRIMARY_ARN, EARLIER)  # the other run's marker, not this run's time
    assert entry["replica_status"] == {"status": "InSync", "status_message": "InSync message"}  # what this run found
    assert result["diff"]["after"]["replicas"] == [{"region": "eu-west-1", "primary_region": None}]
    report = promotion_report([result], "eu-west-1")
    assert [line["secret_id"] for line in report["already_promoted"]] == [secret_id] and report["failed"] == []


@pytest.mark.parametrize("secret_id", [NAME, PRIMARY_ARN])
def test_a_promotion_another_run_made_without_its_marker_gets_the_marker_without_a_time(aws, promote, secret_id):
    aws.add_replica("eu-west-1")
    promoted_first_by_another_run(aws)  # that run was killed between its two calls
    result = promote(secret_id=secret_id)
    assert not result["failed"] and result["changed"], result
    assert aws.mutating_calls() == [("eu-west-1", "StopReplicationToReplica"), ("eu-west-1", "TagResource")]
    assert tags_in(aws, "eu-west-1") == {provenance.PROMOTED_FROM_TAG: PRIMARY_ARN}
    assert result["actions"] == [{"action": "mark", "region": "eu-west-1"}]
    [entry] = result["promoted"]
    assert (entry["outcome"], entry["promoted_by_another_run"], entry["promoted_at"]) == ("already_promoted", True, None)
    # By name, the next run recognises it by the marker recorded.
    assert promote()["promoted"][0]["outcome"] == "already_promoted"


def then_before_the_next_describe(aws, change, region="eu-west-1"):
    """Another run promotes the replica just before this run's StopReplicationToReplica, then `change` happens just
    before this run describes it again."""

    def promoted():
        aws.promote(region)
        aws.before[(region, "DescribeSecret")] = change

    aws.before[(region, "StopReplicationToReplica")] = promoted


def test_a_different_secret_found_after_the_refusal_is_a_failure_not_a_success(aws, promote):
    aws.add_replica("eu-west-1")

    def replaced_by_another_secret():
        del aws.secrets[("eu-west-1", NAME)]
        aws.add_other_secret("eu-west-1")

    then_before_the_next_describe(aws, replaced_by_another_secret)
    result = promote()
    assert result["failed"] and not result["changed"]
    assert reasons(result) == [("eu-west-1", "not_a_replica")]
    assert arn_in("eu-west-1", suffix="ZzZzZz") in result["msg"] and "another secret took its name" in result["msg"]
    assert aws.mutating_calls() == [("eu-west-1", "StopReplicationToReplica")]  # nothing written to the other secret
    assert (result["promoted"][0]["outcome"], result["promoted"][0]["promoted_by_another_run"]) == ("failed", False)
    report = promotion_report([result], "eu-west-1")
    assert [line["secret_id"] for line in report["failed"]] == [NAME] and report["already_promoted"] == []


def test_a_secret_gone_after_the_refusal_is_a_failure(aws, promote):
    aws.add_replica("eu-west-1")
    then_before_the_next_describe(aws, lambda: aws.secrets.pop(("eu-west-1", NAME)))
    result = promote()
    assert reasons(result) == [("eu-west-1", "secret_not_found")] and "is there any more" in result["msg"]
    assert aws.mutating_calls() == [("eu-west-1", "StopReplicationToReplica")]


def test_an_invalid_parameter_answer_for_a_secret_still_a_replica_stays_a_failure(aws, promote):
    aws.add_replica("eu-west-1")
    aws.errors[("eu-west-1", "StopReplicationToReplica")] = "InvalidParameterException"
    result = promote()
    assert reasons(result) == [("eu-west-1", "refused")] and "could not promote in eu-west-1" in result["msg"]
    assert result["promoted"][0]["promoted_by_another_run"] is False
    assert aws.operations() == ["DescribeSecret", "StopReplicationToReplica", "DescribeSecret"]


@pytest.mark.parametrize("tags, marked_by_this_run", [(None, True), ({provenance.PROMOTED_FROM_TAG: PRIMARY_ARN}, False)])
def test_a_follower_another_run_promoted_first_is_not_a_failure(aws, promote, tags, marked_by_this_run):
    for region in ("us-west-2", "eu-west-1"):
        aws.add_replica(region)
    aws.down.add("us-east-1")
    promoted_first_by_another_run(aws, region="eu-west-1", tags=tags)
    result = promote(regions=("us-west-2",), followers=["eu-west-1", "us-east-1"])
    assert not result["failed"], result
    assert not [call for call in aws.calls if call[0] == "us-east-1"]
    assert {(entry["region"], entry["finding"], entry["changed"]) for entry in result["followers"]} == {
        ("eu-west-1", "follows_old_primary", False), ("us-east-1", "old_primary_region", False)}
    follower_writes = [call for call in aws.mutating_calls() if call[0] == "eu-west-1"]
    assert follower_writes == [("eu-west-1", "StopReplicationToReplica")] + ([("eu-west-1", "TagResource")] if marked_by_this_run else [])
    assert tags_in(aws, "eu-west-1")[provenance.PROMOTED_FROM_TAG] == PRIMARY_ARN
    assert result["promoted"][0]["outcome"] == "promoted"


def test_a_follower_the_other_run_already_replicated_to_again_is_left_alone(aws, promote):
    for region in ("us-west-2", "eu-west-1"):
        aws.add_replica(region)

    def protected_again():  # the other run's new primary already replicates there
        aws.secrets[("eu-west-1", NAME)]["PrimaryRegion"] = "us-west-2"

    then_before_the_next_describe(aws, protected_again)
    result = promote(regions=("us-west-2",), followers=["eu-west-1"])
    assert not result["failed"], result
    # A replica (of the new primary) takes no tag.
    assert [call for call in aws.mutating_calls() if call[0] == "eu-west-1"] == [("eu-west-1", "StopReplicationToReplica")]
    assert result["followers"][0]["changed"] is False


def test_verify_sync_sees_the_other_runs_promotion_not_a_sync_problem(aws, promote):
    aws.add_replica("eu-west-1")
    # The other run promotes between this run's describe of the replica and its look at the primary, which then no longer lists it.
    aws.before[("us-east-1", "DescribeSecret")] = lambda: aws.promote("eu-west-1", tags=MARKED_BY_THE_OTHER_RUN)
    result = promote(verify_sync=True)
    assert not result["failed"] and not result["changed"], result
    assert aws.mutating_calls() == []
    [entry] = result["promoted"]
    assert (entry["outcome"], entry["promoted_by_another_run"], entry["sync_problem"]) == ("already_promoted", True, None)


def test_by_name_a_copy_the_other_run_is_about_to_mark_is_recognised_after_one_more_look(aws, promote):
    aws.add_replica("eu-west-1")
    aws.promote("eu-west-1")  # the other run's StopReplicationToReplica, just before this run's describe
    paused = []

    def other_run_marks_meanwhile(seconds):
        paused.append(seconds)
        aws.secrets[("eu-west-1", NAME)]["Tags"] = [{"Key": key, "Value": value} for key, value in MARKED_BY_THE_OTHER_RUN.items()]

    result = promote(sleep=other_run_marks_meanwhile)
    assert not result["failed"] and not result["changed"], result
    assert paused == [MARKER_GRACE_SECONDS]
    assert aws.operations() == ["DescribeSecret", "DescribeSecret"]
    [entry] = result["promoted"]
    assert (entry["outcome"], entry["promoted_by_another_run"], entry["promoted_from"], entry["promoted_at"]) == (
        "already_promoted", True, PRIMARY_ARN, EARLIER)


def test_by_name_an_unmarked_standalone_secret_stays_unverified_after_one_more_look(aws, promote, fake_clock):
    aws.add_replica("eu-west-1")
    aws.promote("eu-west-1")  # a run that was killed between its two calls: by name, nothing proves whose copy it is
    result = promote()
    assert reasons(result) == [("eu-west-1", "unverified")]
    assert fake_clock.slept == [MARKER_GRACE_SECONDS] and aws.operations() == ["DescribeSecret", "DescribeSecret"]
    assert result["promoted"][0]["promoted_by_another_run"] is False and aws.mutating_calls() == []


def test_by_name_a_marker_on_another_secret_found_on_the_second_look_is_still_unverified(aws, promote):
    aws.add_other_secret("eu-west-1")

    def replaced_by_a_marked_copy(seconds):  # pylint: disable=unused-argument
        aws.add_replica("eu-west-1")
        aws.promote("eu-west-1", tags=MARKED_BY_THE_OTHER_RUN)

    result = promote(sleep=replaced_by_a_marked_copy)
    assert reasons(result) == [("eu-west-1", "unverified")] and aws.mutating_calls() == []
