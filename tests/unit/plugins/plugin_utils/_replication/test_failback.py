# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""failback.yml's decisions on secret_replica_info entries: identity, stale links, the data-loss guard, the report."""

from datetime import datetime
from datetime import timezone

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication import failback
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.dr_jobs import failback_job_vars
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.provenance import PROMOTED_AT_TAG
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.provenance import PROMOTED_FROM_TAG
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in

LOSER, WINNER, THIRD = "us-east-1", "us-west-2", "eu-west-1"
PROMOTED_AT = "2026-03-01T12:00:00.000000Z"
BEFORE, AFTER = "2026-03-01T11:59:59.999000+00:00", "2026-03-01T12:00:00.001000+00:00"
JOB = {"secrets": ["db"], "region": LOSER, "winner_region": WINNER, "kms_keys": {}, "discard_loser_changes": False, "make_primary": False}


def listed(region, follows, reachable=True):
    return {"region": region, "status": "InSync", "reachable": reachable, "follows_primary": follows if reachable else None}


def loser(links=(), created=BEFORE, suffix="AbCdEf", primary_region=None):
    return {"name": "db", "region": LOSER, "arn": arn_in(LOSER, suffix=suffix), "is_replica": bool(primary_region),
            "primary_region": primary_region or LOSER, "tags": {}, "replication_status": list(links),
            "current_version_id": "v-loser", "current_version_created_date": created}


def winner(promoted_at=PROMOTED_AT, replicas=(THIRD,), is_replica=False):
    tags = {PROMOTED_FROM_TAG: arn_in(LOSER)}
    if promoted_at:
        tags[PROMOTED_AT_TAG] = promoted_at
    return {"name": "db", "region": WINNER, "arn": arn_in(WINNER), "is_replica": is_replica, "primary_region": LOSER if is_replica else WINNER,
            "tags": tags, "kms_key_id": "alias/aws/secretsmanager", "replication_status": [listed(region, True) for region in replicas]}


def plan(*entries, **job):
    read = {"secrets": [entry for entry in entries if entry], "unreachable_regions": job.pop("unreachable", [])}
    return failback.failback_plan(read, dict(JOB, **job))


def reasons(secret):
    return [(failure["region"], failure["reason"]) for failure in secret["failures"]]


def test_stale_links_are_removed_then_the_loser_is_replaced():
    # The loser lists the winner and the third Region as it did before the outage; neither follows it now.
    result = plan(loser([listed(WINNER, False), listed(THIRD, False)]), winner())
    secret = result["secrets"]["db"]
    assert (secret["state"], secret["unlink"], secret["failures"]) == ("replace", [THIRD, WINNER], [])
    assert result["unlink_entries"] == [{"secret_id": arn_in(LOSER), "replicas": [{"region": THIRD}, {"region": WINNER}]}]
    assert result["replace_entries"] == [{"secret_id": arn_in(WINNER), "replicas": [{"region": LOSER}]}]


def test_an_up_to_date_list_needs_no_unlink():
    result = plan(loser(), winner())
    assert result["secrets"]["db"]["state"] == "replace" and result["unlink_entries"] == []


def test_a_loser_changed_after_the_promotion_is_refused_with_both_dates():
    result = plan(loser(created=AFTER), winner())
    secret = result["secrets"]["db"]
    assert secret["state"] == "refused" and reasons(secret) == [(LOSER, "newer_version")]
    message = secret["failures"][0]["status_message"]
    assert AFTER in message and PROMOTED_AT in message and "v-loser" in message and "nothing was changed" in message
    assert result["unlink_entries"] == [] and result["replace_entries"] == []


def test_discarding_the_loser_changes_is_explicit_and_recorded():
    result = plan(loser(created=AFTER), winner(), discard_loser_changes=True)
    secret = result["secrets"]["db"]
    assert secret["state"] == "replace" and AFTER in secret["discarded"]


def test_an_unknown_promotion_time_is_refused_unless_discarded():
    assert reasons(plan(loser(), winner(promoted_at=None))["secrets"]["db"]) == [(LOSER, "unknown_promotion_time")]
    assert plan(loser(), winner(promoted_at=None), discard_loser_changes=True)["secrets"]["db"]["state"] == "replace"


@pytest.mark.parametrize(
    "links, expected",
    [
        ([listed(THIRD, True)], [(THIRD, "still_followed")]),
        ([listed(THIRD, None, reachable=False)], [(THIRD, "region_unreachable")]),
    ],
)
def test_a_region_still_following_the_loser_or_silent_refuses_it(links, expected):
    result = plan(loser(links), winner())
    assert reasons(result["secrets"]["db"]) == expected and result["replace_entries"] == []


@pytest.mark.parametrize(
    "entries, expected",
    [
        ((loser(suffix="ZzZzZz"), winner()), [(LOSER, "not_a_replica")]),
        ((loser(), None), [(WINNER, "secret_not_found")]),
        ((loser(), winner(is_replica=True)), [(WINNER, "not_a_primary")]),
        ((loser(primary_region=THIRD), winner()), [(LOSER, "refused")]),
    ],
)
def test_identity_problems_refuse_before_anything_is_sent(entries, expected):
    result = plan(*entries)
    assert reasons(result["secrets"]["db"]) == expected and result["unlink_entries"] == result["replace_entries"] == []


def test_by_arn_the_winner_must_be_that_secret():
    other = dict(winner(), arn=arn_in(WINNER, suffix="ZzZzZz"))
    result = plan(loser(), other, secrets=[arn_in(LOSER)])
    assert reasons(result["secrets"][arn_in(LOSER)]) == [(WINNER, "not_a_replica")]


def test_a_loser_already_following_the_winner_is_done_and_nothing_is_sent():
    result = plan(loser(primary_region=WINNER), winner())
    assert result["secrets"]["db"]["state"] == "follows_winner" and result["replace_entries"] == []
    report = failback.failback_report(result, {"secrets": []}, JOB)
    assert report["succeeded"] == ["db"] and report["secrets"]["db"]["replica_status"] == "InSync"


def test_nothing_in_the_returning_region_is_simply_replicated_to():
    result = plan(winner())
    assert result["secrets"]["db"]["state"] == "replace" and result["replace_entries"][0]["replicas"] == [{"region": LOSER}]


def test_an_unreadable_side_refuses_the_secret():
    result = plan(winner(), unreachable=[LOSER])
    assert reasons(result["secrets"]["db"]) == [(LOSER, "region_unreachable")] and result["replace_entries"] == []


def test_report_takes_the_replica_status_from_the_replace_call_and_lists_moves_back():
    read = {"secrets": [loser(), winner()]}
    job = dict(JOB, make_primary=True)
    result = failback.failback_plan(read, job)
    replaced = {"results": [{"secret_id": arn_in(WINNER), "failures": [], "secret": {"replication_status": [{"region": LOSER, "status": "InSync"}]}}]}
    report = failback.failback_report(result, read, job, replace=replaced)
    assert report["succeeded"] == ["db"] and report["make_primary"] is None
    assert report["make_primary_entries"] == [{"secret_id": arn_in(WINNER), "follower_regions": [THIRD, WINNER]}]
    failed = failback.failback_report(result, read, job, replace={"results": [{"secret_id": arn_in(WINNER), "failures": [], "secret": {}}]})
    assert failed["failed"] == ["db"] and failed["make_primary_entries"] == []
    assert "not there after the run" in failed["secrets"]["db"]["failures"][0]["status_message"]


def test_check_mode_predicts_the_replacement_and_the_move_back():
    read = {"secrets": [loser([listed(WINNER, False)]), winner()]}
    job = dict(JOB, make_primary=True)
    report = failback.failback_report(failback.failback_plan(read, job), read, job, check_mode=True)
    assert report["secrets"]["db"]["replica_status"] == "InSync" and report["secrets"]["db"]["predicted"]
    move = report["make_primary"]["secrets"][arn_in(WINNER)]
    assert move["new_primary_arn"] == arn_in(LOSER)
    assert {region: line["copy"] for region, line in move["regions"].items()} == {THIRD: "follows_old_primary", WINNER: "old_primary_region"}


def test_failback_job_vars():
    job = failback_job_vars({"failback_secrets": f"db\n{arn_in(LOSER, name='api')}", "failback_region": LOSER, "failback_winner_region": WINNER,
                             "failback_confirm": True, "failback_make_primary": "true", "failback_kms_keys": {LOSER: "alias/back"}})
    assert job["problems"] == []
    assert (job["names"], job["make_primary"], job["discard_loser_changes"]) == (["api", "db"], True, False)
    refused = failback_job_vars({"failback_secrets": "db", "failback_region": LOSER, "failback_winner_region": LOSER})
    assert refused["problems"][0].startswith("failback_confirm is not true")
    assert any("failback_region and failback_winner_region are both us-east-1" in problem for problem in refused["problems"])


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2026-03-01T12:00:00.000000Z", datetime(2026, 3, 1, 12, tzinfo=timezone.utc)),
        ("2026-03-01T13:00:00+01:00", datetime(2026, 3, 1, 12, tzinfo=timezone.utc)),
        ("2026-03-01T12:00:00", datetime(2026, 3, 1, 12, tzinfo=timezone.utc)),  # naive: AWS dates are UTC
        (datetime(2026, 3, 1, 12, tzinfo=timezone.utc), datetime(2026, 3, 1, 12, tzinfo=timezone.utc)),
        ("yesterday", None),
        (None, None),
        ("", None),
    ],
)
def test_parse_time(value, expected):
    assert failback.parse_time(value) == expected
