# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The report and disaster-recovery filters are thin adapters: input checks, and Ansible's result shapes.

Registration under each file's name is checked for every filter in test_filter_registration.py.
"""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.filter import dr_job_vars
from ansible_collections.secretsmanager.replication.plugins.filter import failback_plan
from ansible_collections.secretsmanager.replication.plugins.filter import failback_report
from ansible_collections.secretsmanager.replication.plugins.filter import failover_replication
from ansible_collections.secretsmanager.replication.plugins.filter import failover_report
from ansible_collections.secretsmanager.replication.plugins.filter import promotion_report
from ansible_collections.secretsmanager.replication.plugins.filter import replication_health_report
from ansible_collections.secretsmanager.replication.plugins.filter import replication_report_html
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.provenance import PROMOTED_AT_TAG
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in


@pytest.mark.parametrize("call, message", [
    (lambda: dr_job_vars.dr_job_vars({}, "sideways"), "'failover' or 'failback'"),
    (lambda: failover_replication.failover_replication([]), "registered result of secret_replica"),
    (lambda: failover_replication.failover_replication({"msg": "promotion refused: no region"}), "promotion refused"),
    (lambda: replication_report_html.replication_report_html({"summary": {}}), "replication_health_report builds"),
    (lambda: failback_plan.failback_plan({"results": []}, {}), "registered result of secret_replica_info"),
    (lambda: failback_plan.failback_plan({"secrets": []}, "us-east-1"), "the failback job's inputs"),
    (lambda: failback_report.failback_report({"unlink_entries": []}, {}, {}), "the plan from failback_plan"),
    (lambda: failover_report.failover_report(None), "registered result of secret_replica with state promoted"),
    (lambda: promotion_report.promotion_report([], "eu-west-1"), "registered result of secret_replica"),
    (lambda: promotion_report.promotion_report({"results": [], "msg": "no secret 'db' in eu-west-1"}, "eu-west-1"),
     "^promotion refused: no secret 'db' in eu-west-1$"),
])
def test_wrong_input_is_named(call, message):
    with pytest.raises(AnsibleFilterError, match=message):
        call()


def test_the_health_report_reads_a_registered_loop_and_skips_skipped_reads():
    entry = {"arn": "arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf", "name": "db", "region": "us-east-1", "primary_region": "us-east-1",
             "is_replica": False, "health": "in_sync", "replication_status": [{"region": "eu-west-1", "status": "InSync"}]}
    registered = {"results": [{"region": "us-east-1", "secrets": [entry]}, {"skipped": True}]}
    shaped = replication_health_report.replication_health_report(registered, required_regions=["eu-west-1", "us-west-2"])
    assert [secret["missing_regions"] for secret in shaped["report"]["secrets"]] == [["us-west-2"]]
    assert shaped["table"][-1].endswith("1 missing a required replica (eu-west-1, us-west-2)")
    page = replication_report_html.replication_report_html(shaped["report"])
    assert page.startswith("<!DOCTYPE html>") and 'id="summary-not_compliant">1<' in page


# A failback: db was promoted in us-west-2 (the winner) while us-east-1 (the loser) was away.
LOSER = "us-east-1"
WINNER = "us-west-2"
FAILBACK_JOB = {"secrets": ["db"], "region": LOSER, "winner_region": WINNER, "kms_keys": {LOSER: "alias/prod"}, "discard_loser_changes": False,
                "make_primary": False}
FAILBACK_READ = {"unreachable_regions": [], "secrets": [
    {"name": "db", "region": LOSER, "arn": arn_in(LOSER), "is_replica": False, "primary_region": LOSER, "tags": {},
     "replication_status": [{"region": WINNER, "status": "InSync", "reachable": True, "follows_primary": False}],
     "current_version_id": "v1", "current_version_created_date": "2026-03-01T11:00:00+00:00"},
    {"name": "db", "region": WINNER, "arn": arn_in(WINNER), "is_replica": False, "primary_region": WINNER,
     "tags": {PROMOTED_AT_TAG: "2026-03-01T12:00:00.000000Z"}, "replication_status": []},
]}


def test_the_failback_filters_plan_by_the_read_and_report_on_the_registered_passes():
    plan = failback_plan.failback_plan(FAILBACK_READ, FAILBACK_JOB)
    assert plan["unlink_entries"] == [{"secret_id": arn_in(LOSER), "replicas": [{"region": WINNER}]}]
    assert plan["replace_entries"] == [{"secret_id": arn_in(WINNER), "replicas": [{"region": LOSER, "kms_key_id": "alias/prod"}]}]
    replaced = {"results": [{"secret_id": arn_in(WINNER), "failures": [], "secret": {"replication_status": [{"region": LOSER, "status": "InSync"}]}}]}
    # A skipped task's registered dict is read as "not run"; anything else that is not a dict (none, "") is ignored.
    report = failback_report.failback_report(plan, FAILBACK_READ, FAILBACK_JOB, unlink="", replace=replaced)
    assert (report["succeeded"], report["failed"], report["check_mode"]) == (["db"], [], False)
    assert report["secrets"]["db"]["replica_status"] == "InSync" and report["secrets"]["db"]["unlink"] == [WINNER]
    unreplaced = failback_report.failback_report(plan, FAILBACK_READ, FAILBACK_JOB, unlink=None, replace="")
    assert unreplaced["failed"] == ["db"] and "not there after the run" in unreplaced["secrets"]["db"]["failures"][0]["status_message"]
    predicted = failback_report.failback_report(plan, FAILBACK_READ, FAILBACK_JOB, check_mode=True)
    assert predicted["check_mode"] and predicted["succeeded"] == ["db"] and predicted["secrets"]["db"]["predicted"]


def promotion_result(outcome="promoted", failures=()):
    """secret_replica's result for db promoted in us-west-2, with eu-west-1 still following the old primary in us-east-1."""
    return {"secret_id": "db", "failures": list(failures),
            "promoted": [{"region": WINNER, "arn": arn_in(WINNER), "outcome": outcome, "promoted_from": arn_in(LOSER), "promoted_at": "t",
                          "replica_status": None}],
            "followers": [{"region": "eu-west-1", "finding": "follows_old_primary", "arn": arn_in("eu-west-1"), "kms_key_id": "alias/x", "changed": True},
                          {"region": LOSER, "finding": "old_primary_region", "arn": None, "kms_key_id": None, "changed": False}]}


def test_the_failover_report_matches_the_replication_by_the_new_primary_and_passes_its_options_on():
    promotion = {"results": [promotion_result()]}
    replication = {"results": [{"secret_id": arn_in(WINNER), "failures": [], "secret": {"replication_status": [{"region": "eu-west-1", "status": "InSync"}]}}]}
    report = failover_report.failover_report(promotion, replication)
    assert (report["succeeded"], report["deferred"]) == (["db"], [LOSER])
    assert report["secrets"]["db"]["regions"]["eu-west-1"]["status"] == "InSync"
    # A replication that did not run (none, or "" from a template) is no result; in check mode the steps are predicted.
    predicted = failover_report.failover_report(promotion, "", replace_old_primary=True, check_mode=True)
    assert predicted["check_mode"] and predicted["deferred"] == []
    assert {region: (line["step"], line["status"], line["predicted"]) for region, line in predicted["secrets"]["db"]["regions"].items()} == {
        "eu-west-1": ("replicate", "InSync", True), LOSER: ("replicate", "InSync", True)}


def test_the_promotion_report_sorts_the_registered_results_and_a_skipped_call_reports_nothing():
    unverified = {"region": WINNER, "reason": "unverified", "status_message": "standalone", "remedy": "check it"}
    registered = {"changed": True, "results": [promotion_result(), dict(promotion_result(), secret_id="api", failures=[unverified])]}
    report = promotion_report.promotion_report(registered, WINNER)
    assert report["region"] == WINNER
    assert [(line["secret_id"], line["promoted_from"]) for line in report["promoted"]] == [("db", arn_in(LOSER))]
    assert [(line["secret_id"], line["reason"]) for line in report["unverified"]] == [("api", "unverified")]
    assert promotion_report.promotion_report({"skipped": True}, WINNER) == {
        "region": WINNER, "promoted": [], "already_promoted": [], "unverified": [], "failed": []}
