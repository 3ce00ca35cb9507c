# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""failback.yml's steps on registered results: refusal, plan, what moves back, and the report with the move back."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.provenance import PROMOTED_AT_TAG
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import InputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.failback import inputs
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.failback import move
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.failback import plan
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.failback import report
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in

# db was promoted in us-west-2 (the winner) while us-east-1 (the loser) was away.
LOSER, WINNER, THIRD = "us-east-1", "us-west-2", "eu-west-1"
ANSWERS = {"failback_secrets": "db", "failback_region": LOSER, "failback_winner_region": WINNER, "failback_kms_keys": f"{LOSER}=alias/prod",
           "failback_confirm": "true"}
READ = {"unreachable_regions": [], "secrets": [
    {"name": "db", "region": LOSER, "arn": arn_in(LOSER), "is_replica": False, "primary_region": LOSER, "tags": {},
     "replication_status": [{"region": WINNER, "status": "InSync", "reachable": True, "follows_primary": False}],
     "current_version_id": "v1", "current_version_created_date": "2026-03-01T11:00:00+00:00"},
    {"name": "db", "region": WINNER, "arn": arn_in(WINNER), "is_replica": False, "primary_region": WINNER,
     "tags": {PROMOTED_AT_TAG: "2026-03-01T12:00:00.000000Z"}, "replication_status": [{"region": THIRD, "status": "InSync"}]},
]}
REPLACED = {"results": [{"secret_id": arn_in(WINNER), "failures": [], "secret": {"replication_status": [{"region": LOSER, "status": "InSync"}]}}]}


def job(**answers):
    return inputs(**dict(ANSWERS, **answers))


def test_confirmed_complete_inputs_may_run_and_unconfirmed_ones_are_refused():
    assert job()["refusal"] is None and job()["names"] == ["db"]
    refused = job(failback_confirm="false", failback_winner_region=LOSER)["refusal"]
    assert refused.startswith("Failback refused, nothing was called: failback_confirm is not true: ")
    assert "; failback_region and failback_winner_region are both us-east-1" in refused


def test_the_plan_unlinks_the_stale_link_then_replaces_the_loser_with_the_key_asked_for():
    planned = plan(READ, job())
    assert planned["unlink_entries"] == [{"secret_id": arn_in(LOSER), "replicas": [{"region": WINNER}]}]
    assert planned["replace_entries"] == [{"secret_id": arn_in(WINNER), "replicas": [{"region": LOSER, "kms_key_id": "alias/prod"}]}]


def test_the_plan_needs_the_registered_read():
    with pytest.raises(InputError, match="^failback.plan expects the registered result of secret_replica_info$"):
        plan({"results": []}, job())


def test_the_report_reads_skipped_calls_as_not_run():
    planned = plan(READ, job())
    outcome = report(planned, READ, job(), unlink={"skipped": True}, replace=REPLACED, report_file="/jobs/failback-report.json")
    assert (outcome["report"]["succeeded"], outcome["report"]["failed"], outcome["failure"]) == (["db"], [], None)
    assert outcome["lines"] == [f"following the winner in {WINNER}: db", "refused or failed: none", f"primary moved back to {LOSER}: none",
                                "report: /jobs/failback-report.json"]
    unreplaced = report(planned, READ, job(), unlink=None, replace={"skipped": True})
    assert unreplaced["report"]["failed"] == ["db"]
    assert unreplaced["failure"] == (f"Failback incomplete:\n- db in {LOSER}: unknown: the winner's replica in {LOSER} is not there after the run. "
                                     f"{unreplaced['report']['secrets']['db']['failures'][0]['remedy']}\n")


def test_only_a_complete_failback_moves_back_and_only_with_make_primary():
    planned = plan(READ, job(failback_make_primary="true"))
    assert move(planned, READ, job(failback_make_primary="true"), replace=REPLACED) == {
        "entries": [{"secret_id": arn_in(WINNER), "follower_regions": [THIRD, WINNER]}]}
    assert move(planned, READ, job(failback_make_primary="true"), replace={"skipped": True}) == {"entries": []}
    assert move(planned, READ, job(), replace=REPLACED) == {"entries": []}


def moved_back(failures=()):
    """The promotion of the move back: db's copy in us-east-1 promoted, us-west-2 (the winner) and eu-west-1 to replicate to."""
    return {"results": [{"secret_id": arn_in(WINNER), "failures": list(failures),
                         "promoted": [{"region": LOSER, "arn": arn_in(LOSER), "outcome": "promoted", "promoted_from": arn_in(WINNER),
                                       "promoted_at": "t", "replica_status": None}],
                         "followers": [{"region": WINNER, "finding": "old_primary_region", "arn": arn_in(WINNER), "kms_key_id": None, "changed": False},
                                       {"region": THIRD, "finding": "follows_old_primary", "arn": arn_in(THIRD), "kms_key_id": None, "changed": True}]}]}


def test_the_report_adds_the_move_back_and_fails_naming_a_secret_that_did_not_move():
    answers = job(failback_make_primary="true")
    planned = plan(READ, answers)
    replication = {"results": [{"secret_id": arn_in(LOSER), "failures": [],
                                "secret": {"replication_status": [{"region": WINNER, "status": "InSync"}, {"region": THIRD, "status": "InSync"}]}}]}
    outcome = report(planned, READ, answers, replace=REPLACED, move_promotion=moved_back(), move_replication=replication)
    assert outcome["report"]["make_primary"]["succeeded"] == [arn_in(WINNER)] and outcome["failure"] is None
    assert outcome["lines"][2] == f"primary moved back to {LOSER}: {arn_in(WINNER)}"
    denied = {"region": THIRD, "reason": "access_denied", "status_message": "not allowed in eu-west-1", "remedy": "grant it"}
    failed = report(planned, READ, answers, replace=REPLACED, move_promotion=moved_back([denied]), move_replication={"skipped": True})
    assert (failed["report"]["succeeded"], failed["report"]["make_primary"]["failed"]) == (["db"], [arn_in(WINNER)])
    assert failed["failure"] == f"Failback incomplete:\n- moving {arn_in(WINNER)} back: not allowed in eu-west-1\n"


def test_check_mode_predicts_the_move_back_without_running_it():
    answers = job(failback_make_primary="true")
    outcome = report(plan(READ, answers), READ, answers, check_mode=True)
    assert outcome["report"]["check_mode"] and outcome["report"]["secrets"]["db"]["predicted"]
    assert outcome["report"]["make_primary"]["check_mode"] and outcome["report"]["make_primary"]["succeeded"] == [arn_in(WINNER)]
    assert outcome["failure"] is None
