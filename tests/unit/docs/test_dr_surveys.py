# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The failover and failback AWX surveys ask exactly what the playbooks read, and their string answers pass the input checks."""

import json
import re
from pathlib import Path

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs import failback
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs import failover

COLLECTION = Path(__file__).resolve().parents[3]
ANSWERS = {
    "failover": {"failover_secrets": "app/db\napp/api", "failover_region": "us-west-2", "failover_replica_regions": "eu-west-1, us-east-1",
                 "failover_kms_keys": "eu-west-1=alias/prod", "failover_confirm": "true"},
    "failback": {"failback_secrets": "app/db", "failback_region": "us-east-1", "failback_winner_region": "us-west-2",
                 "failback_kms_keys": "us-east-1=alias/prod", "failback_confirm": "true"},
}
# Each playbook's first task hands its variables, each under its own name, to this step.
INPUTS = {"failover": failover.inputs, "failback": failback.inputs}


def survey(playbook):
    return json.loads((COLLECTION / "docs" / "awx" / f"{playbook}-survey.json").read_text(encoding="utf-8"))


def as_awx_sends(playbook, answers):
    """Every question answered or defaulted, as the strings AWX sends."""
    extra_vars = {}
    for question in survey(playbook)["spec"]:
        value = answers.get(question["variable"], question["default"])
        if question["type"] == "multiplechoice":
            assert value in question["choices"], question["variable"]
        if value != "":
            extra_vars[question["variable"]] = value
    return extra_vars


@pytest.mark.parametrize("playbook", ["failover", "failback"])
def test_survey_asks_the_playbook_variables_and_nothing_else(playbook):
    playbook_text = (COLLECTION / "playbooks" / f"{playbook}.yml").read_text(encoding="utf-8")
    read = set(re.findall(rf'^ +({playbook}_\w+): "{{{{ \1 \| default\(omit\) }}}}"$', playbook_text, re.M))
    asked = {question["variable"] for question in survey(playbook)["spec"]}
    assert asked == read


@pytest.mark.parametrize("playbook", ["failover", "failback"])
def test_survey_answers_pass_the_input_checks_and_the_defaults_refuse(playbook):
    job = INPUTS[playbook](**as_awx_sends(playbook, ANSWERS[playbook]))
    assert (job["problems"], job["refusal"]) == ([], None)
    unconfirmed = dict(ANSWERS[playbook])
    del unconfirmed[f"{playbook}_confirm"]
    job = INPUTS[playbook](**as_awx_sends(playbook, unconfirmed))
    assert job["problems"][0].startswith(f"{playbook}_confirm is not true")
    assert job["refusal"].startswith(f"{playbook.capitalize()} refused, nothing was called: {playbook}_confirm is not true")
