# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""promote.yml's steps: the refusal before any call, and the report of the registered secret_replica call."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import InputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.promote import inputs
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.promote import report
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in

REFUSAL = ("Promotion refused, nothing was called: promotion cuts replicas off their primary for good. Set promote_confirm=true to confirm, "
           "promote_region to the replica Region to promote in (given: '{region}'), and promote_secrets to the secret names or ARNs (given: {count}).")


def test_survey_answers_give_the_modules_entries():
    assert inputs(promote_secrets="app/db\napp/api, app/db", promote_region="eu-west-1", promote_confirm="true") == {
        "secrets": [{"secret_id": "app/db"}, {"secret_id": "app/api"}], "region": "eu-west-1", "refusal": None}


@pytest.mark.parametrize("job, region, count", [
    ({}, "", 0),
    ({"promote_secrets": "app/db", "promote_region": "eu-west-1"}, "eu-west-1", 1),
    ({"promote_secrets": "app/db", "promote_region": "eu-west-1", "promote_confirm": "false"}, "eu-west-1", 1),
    ({"promote_secrets": "a b", "promote_confirm": True}, "", 2),
    ({"promote_secrets": "", "promote_region": "eu-west-1", "promote_confirm": "yes"}, "eu-west-1", 0),
])
def test_an_unconfirmed_or_incomplete_promotion_is_refused_naming_what_was_given(job, region, count):
    assert inputs(**job)["refusal"] == REFUSAL.format(region=region, count=count)


def test_a_secrets_answer_of_another_type_is_refused_naming_the_variable():
    assert inputs(promote_secrets=42, promote_region="eu-west-1", promote_confirm=True)["refusal"] == (
        "promote_secrets: expected a list or a comma-separated string, got int")


def promoted(secret_id, failures=()):
    return {"secret_id": secret_id, "failures": list(failures),
            "promoted": [{"region": "eu-west-1", "arn": arn_in("eu-west-1"), "outcome": "promoted", "promoted_from": arn_in("us-east-1"),
                          "promoted_at": "t", "replica_status": None}]}


UNVERIFIED = {"region": "eu-west-1", "reason": "unverified", "status_message": "standalone", "remedy": "check it"}


def test_the_report_sorts_the_registered_results_shows_them_and_fails_on_unverified_unless_accepted():
    registered = {"changed": True, "results": [promoted("db"), promoted("api", [UNVERIFIED])]}
    outcome = report(registered, "eu-west-1")
    assert [(line["secret_id"], line["promoted_from"]) for line in outcome["report"]["promoted"]] == [("db", arn_in("us-east-1"))]
    assert [(line["secret_id"], line["reason"]) for line in outcome["report"]["unverified"]] == [("api", "unverified")]
    assert outcome["lines"][:4] == ["promoted in eu-west-1: db", "already promoted: none", "unverified: api", "failed: none"]
    assert outcome["failure"] == "Promotion incomplete in eu-west-1:\n- api: unverified: standalone. check it\n"
    assert report(registered, "eu-west-1", accept_unverified=True)["failure"] is None


def test_a_skipped_call_reports_nothing():
    empty = {"region": "eu-west-1", "promoted": [], "already_promoted": [], "unverified": [], "failed": []}
    assert report({"skipped": True}, "eu-west-1")["report"] == empty


@pytest.mark.parametrize("promotion, message", [
    ([], "^promote.report expects the registered result of secret_replica"),
    ({"results": [], "msg": "max_write_rate is 51, more than AWS's quota"}, "^promotion refused: max_write_rate is 51, more than AWS's quota$"),
])
def test_a_call_refused_as_a_whole_fails_the_step(promotion, message):
    with pytest.raises(InputError, match=message):
        report(promotion, "eu-west-1")
