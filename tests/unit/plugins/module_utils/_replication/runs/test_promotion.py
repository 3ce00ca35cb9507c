# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Verified promotion (state promoted) against the fake AWS: the right secret, marked, and nothing else touched."""

from datetime import datetime
from datetime import timezone

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import provenance
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.promotion import PromotionOptions
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.promotion_report import promotion_report
from ansible_collections.secretsmanager.replication.tests.unit.conftest import NAME
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in

MOMENT = datetime(2026, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
PRIMARY_ARN = arn_in("us-east-1")


def options(**kwargs):
    return PromotionOptions(now=lambda: MOMENT, **kwargs)


@pytest.fixture
def promote(run_secrets):
    def run(secret_id=NAME, regions=("eu-west-1",), check_mode=False, followers=None, **option_values):
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
