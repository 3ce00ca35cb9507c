# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""failover.yml's steps: the promotion with follower Regions against the fake AWS, then the replication plan and the report."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication import failover
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.dr_jobs import failover_job_vars
from ansible_collections.secretsmanager.replication.tests.unit.conftest import NAME
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in

NEW, THIRD = "us-west-2", "eu-west-1"


@pytest.fixture
def outage(aws):
    """db replicated from us-east-1 to us-west-2 and eu-west-1; us-east-1 is down."""
    aws.add_replica(NEW)
    aws.add_replica(THIRD, key="alias/third")
    aws.down.add("us-east-1")
    return aws


def promote(run_secrets, followers, check_mode=False, secret_id=NAME):
    results = run_secrets([{"secret_id": secret_id, "replicas": [{"region": NEW}], "follower_regions": followers}], state="promoted", check_mode=check_mode)
    return {"results": results}


def test_followers_are_promoted_and_then_replicated_to_keeping_their_key(outage, run_secrets):
    promotion = promote(run_secrets, [THIRD, "us-east-1", "ap-south-1"])
    assert failover.replication_entries(promotion) == [
        {"secret_id": arn_in(NEW), "replicas": [{"region": "ap-south-1"}, {"region": THIRD, "kms_key_id": "alias/third"}]}]
    # An explicit key wins over the copy's.
    entries = failover.replication_entries(promotion, {THIRD: "alias/new"})
    assert entries[0]["replicas"][1] == {"region": THIRD, "kms_key_id": "alias/new"}
    assert not [call for call in outage.calls if call[0] == "us-east-1"]


def test_the_report_matches_the_replication_by_the_new_primary_arn_and_has_every_region(outage, run_secrets):
    promotion = promote(run_secrets, [THIRD, "us-east-1"])
    replication = {"results": [{"secret_id": arn_in(NEW), "failures": [],
                                "secret": {"replication_status": [{"region": THIRD, "status": "InSync"}]}}]}
    report = failover.failover_report(promotion, replication)
    assert report["succeeded"] == [NAME] and report["failed"] == [] and report["deferred"] == ["us-east-1"]
    secret = report["secrets"][NAME]
    assert (secret["new_primary_arn"], secret["old_primary_arn"], secret["promotion"]) == (arn_in(NEW), arn_in("us-east-1"), "promoted")
    assert secret["regions"][THIRD] == {"copy": "follows_old_primary", "promoted": True, "step": "replicate", "status": "InSync",
                                        "predicted": False, "failure": None}
    assert secret["regions"]["us-east-1"]["step"] == "deferred" and secret["regions"]["us-east-1"]["status"] is None


def test_check_mode_predicts_the_replication_from_the_promotion_plan(outage, run_secrets):
    promotion = promote(run_secrets, [THIRD], check_mode=True)
    assert outage.mutating_calls() == []
    report = failover.failover_report(promotion, None, check_mode=True)
    assert report["check_mode"] and report["succeeded"] == [NAME]
    expected = {"copy": "follows_old_primary", "promoted": True, "step": "replicate", "status": "InSync", "predicted": True, "failure": None}
    assert report["secrets"][NAME]["regions"][THIRD] == expected


def test_another_secret_of_the_same_name_is_never_replaced_and_fails_that_region(outage, run_secrets):
    outage.add_other_secret("ap-south-1")
    promotion = promote(run_secrets, [THIRD, "ap-south-1"])
    entries = failover.replication_entries(promotion)
    assert [replica["region"] for replica in entries[0]["replicas"]] == [THIRD]
    report = failover.failover_report(promotion, None)
    assert report["failed"] == [NAME]
    assert report["secrets"][NAME]["regions"]["ap-south-1"]["failure"]["reason"] == "not_a_replica"


def test_an_unverified_secret_goes_no_further(outage, run_secrets):
    outage.secrets[(NEW, NAME)].pop("PrimaryRegion")  # a standalone secret of that name, no marker
    promotion = promote(run_secrets, [THIRD])
    assert failover.replication_entries(promotion) == []
    report = failover.failover_report(promotion, None)
    assert report["failed"] == [NAME] and report["secrets"][NAME]["new_primary_arn"] is None
    assert [failure["reason"] for failure in report["secrets"][NAME]["failures"]] == ["unverified"]


def test_replication_failures_are_reported_in_their_region():
    promotion = {"results": [{"secret_id": "db", "failures": [],
                              "promoted": [{"region": NEW, "arn": arn_in(NEW), "outcome": "promoted", "promoted_from": arn_in("us-east-1"),
                                            "promoted_at": "t"}],
                              "followers": [{"region": THIRD, "finding": "follows_old_primary", "arn": arn_in(THIRD), "kms_key_id": None, "changed": True}]}]}
    failure = {"region": THIRD, "reason": "kms_key_unusable", "status_message": "m", "remedy": "r", "retryable": False}
    replication = {"results": [{"secret_id": arn_in(NEW), "failures": [failure],
                                "secret": {"replication_status": [{"region": THIRD, "status": "Failed"}]}}]}
    report = failover.failover_report(promotion, replication)
    assert report["failed"] == ["db"]
    assert (report["secrets"]["db"]["regions"][THIRD]["status"], report["secrets"]["db"]["regions"][THIRD]["failure"]) == ("Failed", failure)


def test_a_planned_move_replaces_the_old_primary_region_too():
    follower = {"region": "us-east-1", "finding": "old_primary_region", "arn": arn_in("us-east-1"), "kms_key_id": "alias/k", "changed": False}
    assert failover.follower_step(follower) == ("deferred", None)
    assert failover.follower_step(follower, replace_old_primary=True) == ("replicate", None)
    promotion = {"results": [{"secret_id": "db", "failures": [], "followers": [follower],
                              "promoted": [{"region": NEW, "arn": arn_in(NEW), "outcome": "promoted"}]}]}
    assert failover.replication_entries(promotion, replace_old_primary=True) == [
        {"secret_id": arn_in(NEW), "replicas": [{"region": "us-east-1", "kms_key_id": "alias/k"}]}]


JOB = {"failover_secrets": "app/db, app/api", "failover_region": NEW, "failover_replica_regions": "eu-west-1\nap-south-1",
       "failover_kms_keys": "eu-west-1=alias/prod", "failover_confirm": "true"}


def test_failover_job_vars_from_survey_strings():
    job = failover_job_vars(JOB)
    assert job["problems"] == []
    assert job["secrets"] == [{"secret_id": "app/db", "follower_regions": ["eu-west-1", "ap-south-1"]},
                              {"secret_id": "app/api", "follower_regions": ["eu-west-1", "ap-south-1"]}]
    assert (job["region"], job["kms_keys"]) == (NEW, {"eu-west-1": "alias/prod"})


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"failover_confirm": "false"}, "failover_confirm is not true"),
        ({"failover_confirm": "maybe"}, "failover_confirm is 'maybe': answer true or false"),
        ({"failover_secrets": ""}, "failover_secrets is empty"),
        ({"failover_region": None}, "failover_region is not set"),
        ({"failover_region": "mars-1"}, "failover_region: 'mars-1' is not a Secrets Manager Region"),
        ({"failover_replica_regions": "us-west-2"}, "failover_replica_regions: 'us-west-2' is the primary secret's own Region"),
        ({"failover_replica_regions": "cn-north-1"}, "failover_replica_regions: 'cn-north-1' is in partition 'aws-cn'"),
        ({"failover_kms_keys": "us-east-2=alias/x"}, "failover_kms_keys names us-east-2, where no replica is made"),
        ({"failover_kms_keys": "eu-west-1=arn:aws:kms:us-east-1:123456789012:key/1"}, "failover_kms_keys: kms_key_id"),
        ({"failover_secrets": "arn:aws:secretsmanager:us-east-1:1:secret:x"}, "is not a secret ARN"),
    ],
)
def test_failover_job_problems_are_all_named(change, problem):
    problems = failover_job_vars(dict(JOB, **change))["problems"]
    assert any(text.startswith(problem) or problem in text for text in problems), problems


def test_a_missing_confirmation_comes_first():
    problems = failover_job_vars({"failover_region": "mars-1"})["problems"]
    assert problems[0].startswith("failover_confirm is not true") and len(problems) == 3
