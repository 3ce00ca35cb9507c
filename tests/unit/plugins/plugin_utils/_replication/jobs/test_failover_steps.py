# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""failover.yml's steps (and move_primary.yml's replicate step) on registered results: refusal, replication, report."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import InputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.failover import inputs
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.failover import replicate
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.failover import report
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in

OLD, NEW, THIRD = "us-east-1", "us-west-2", "eu-west-1"
ANSWERS = {"failover_secrets": "db", "failover_region": NEW, "failover_replica_regions": THIRD, "failover_confirm": "true"}


def test_confirmed_complete_inputs_give_the_promotion_entries():
    job = inputs(**ANSWERS)
    assert (job["refusal"], job["problems"]) == (None, [])
    assert job["secrets"] == [{"secret_id": "db", "follower_regions": [THIRD]}] and job["region"] == NEW


def test_every_problem_is_in_one_refusal_the_missing_confirmation_first():
    refusal = inputs(failover_secrets="db", failover_region="us-wset-2", failover_replica_regions=THIRD, failover_confirm="no")["refusal"]
    assert refusal.startswith("Failover refused, nothing was called: failover_confirm is not true: ")
    assert "; failover_region: 'us-wset-2' is not a Secrets Manager Region" in refusal


def promotion_result(failures=()):
    """db promoted in us-west-2, with eu-west-1 still following the old primary in us-east-1."""
    return {"secret_id": "db", "failures": list(failures),
            "promoted": [{"region": NEW, "arn": arn_in(NEW), "outcome": "promoted", "promoted_from": arn_in(OLD), "promoted_at": "t", "replica_status": None}],
            "followers": [{"region": THIRD, "finding": "follows_old_primary", "arn": arn_in(THIRD), "kms_key_id": "alias/x", "changed": True},
                          {"region": OLD, "finding": "old_primary_region", "arn": None, "kms_key_id": None, "changed": False}]}


def test_the_replication_replicates_each_new_primary_by_arn_and_replaces_the_old_primary_only_when_asked():
    promotion = {"results": [promotion_result()]}
    assert replicate(promotion) == {"entries": [{"secret_id": arn_in(NEW), "replicas": [{"region": THIRD, "kms_key_id": "alias/x"}]}]}
    moved_back = replicate(promotion, {OLD: "alias/home"}, replace_old_primary=True)
    assert moved_back["entries"][0]["replicas"] == [{"region": THIRD, "kms_key_id": "alias/x"}, {"region": OLD, "kms_key_id": "alias/home"}]


@pytest.mark.parametrize("promotion, message", [
    (None, "^failover.replicate expects the registered result of secret_replica with state promoted, got NoneType$"),
    ({"results": [], "msg": "max_write_rate is 51"}, "^promotion refused: max_write_rate is 51$"),
])
def test_a_promotion_refused_as_a_whole_stops_the_move(promotion, message):
    with pytest.raises(InputError, match=message):
        replicate(promotion)


JOB = {"secrets": [{"secret_id": "db", "follower_regions": [THIRD, OLD]}], "region": NEW, "kms_keys": {}}


def test_the_report_matches_the_replication_by_the_new_primary_and_shows_the_outcome():
    replication = {"results": [{"secret_id": arn_in(NEW), "failures": [], "secret": {"replication_status": [{"region": THIRD, "status": "InSync"}]}}]}
    outcome = report(JOB, {"results": [promotion_result()]}, replication, report_file="/jobs/failover-report.json")
    assert (outcome["report"]["succeeded"], outcome["report"]["deferred"], outcome["failure"]) == (["db"], [OLD], None)
    assert outcome["report"]["secrets"]["db"]["regions"][THIRD]["status"] == "InSync"
    assert outcome["lines"] == [f"failed over to {NEW}: db", "failed: none",
                                f"old primary Regions not called, to re-protect with failback.yml when they return: {OLD}",
                                "report: /jobs/failover-report.json"]


def test_check_mode_predicts_and_says_so_when_the_replication_was_skipped():
    outcome = report(JOB, {"results": [promotion_result()]}, {"skipped": True}, check_mode=True, report_file="f.json")
    assert outcome["report"]["check_mode"] and outcome["lines"][0] == f"would fail over to {NEW}: db"
    assert outcome["report"]["secrets"]["db"]["regions"][THIRD] == {"copy": "follows_old_primary", "promoted": True, "step": "replicate",
                                                                    "status": "InSync", "predicted": True, "failure": None}


def test_the_failure_names_each_secret_and_region_out_of_the_jobs_secrets():
    denied = {"region": NEW, "reason": "access_denied", "status_message": "not allowed", "remedy": "grant it"}
    job = dict(JOB, secrets=JOB["secrets"] * 2)
    outcome = report(job, {"results": [promotion_result([denied])]}, None)
    assert outcome["report"]["failed"] == ["db"]
    assert outcome["failure"] == "Failover incomplete for 1 of 2 secret(s):\n- db in us-west-2: access_denied: not allowed. grant it\n"
