# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Event-Driven guard's documents (docs/eda/, event_driven.rst) say what the guard's code does."""

import json
import re
import textwrap
from pathlib import Path

import parliament
import pytest
import yaml

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard import events
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.policy import guard_policy
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.policy import run_variables

COLLECTION = Path(__file__).resolve().parents[3]
EDA_DOCS = COLLECTION / "docs" / "eda"
GUIDE = (COLLECTION / "docs" / "docsite" / "rst" / "event_driven.rst").read_text(encoding="utf-8")
IDENTITY_POLICIES = ("api-destination-role-policy", "sqs-consumer-policy")
FORBIDDEN = ("GetSecretValue", "BatchGetSecretValue")


def load(name):
    return json.loads((EDA_DOCS / f"{name}.json").read_text(encoding="utf-8"))


def code_block_after(marker, language):
    """The indented code block of `language` that follows `marker` in the guide."""
    start = GUIDE.index(f".. code-block:: {language}", GUIDE.index(marker))
    lines = GUIDE[start:].splitlines()[2:]
    block = []
    for line in lines:
        if line and not line.startswith(" "):
            break
        block.append(line)
    return textwrap.dedent("\n".join(block))


def test_the_rule_sends_exactly_the_calls_the_guard_acts_on_or_logs():
    pattern = load("eventbridge-rule")
    assert pattern["source"] == [events.EVENT_SOURCE]
    assert pattern["detail-type"] == [events.DETAIL_TYPE]
    assert pattern["detail"]["eventSource"] == [events.CLOUDTRAIL_EVENT_SOURCE]
    assert sorted(pattern["detail"]["eventName"]) == sorted({*events.CONVERGE_EVENTS, *events.LOG_ONLY_EVENTS})
    assert pattern["detail"]["errorCode"] == [{"exists": False}]


def test_the_guide_shows_the_rule_as_shipped():
    assert json.loads(code_block_after("The pattern, also in the collection", "json")) == load("eventbridge-rule")


@pytest.mark.parametrize("name", sorted({*events.CONVERGE_EVENTS, *events.LOG_ONLY_EVENTS}))
def test_the_guides_table_says_what_the_guard_does_for_each_call(name):
    action = "converge" if name in events.CONVERGE_EVENTS else "log only"
    assert re.search(r"\* - [^\n]*``%s``[^\n]*\n\s+- %s\n" % (name, action), GUIDE), name


def test_the_guides_job_template_passes_every_variable_of_a_run():
    [action] = yaml.safe_load(code_block_after("Run the job on Automation Controller", "yaml"))
    policy = guard_policy({"secret_filters": "tag-key=dr", "replica_regions": ["us-west-2"]})
    expected = {key: "{{ event.replication_guard.run.%s }}" % key for key in run_variables(policy, "us-east-1")}
    assert action["run_job_template"]["job_args"]["extra_vars"] == expected


@pytest.mark.parametrize("name", IDENTITY_POLICIES)
def test_identity_policies_lint_clean_and_never_read_a_secret_value(name):
    text = (EDA_DOCS / f"{name}.json").read_text(encoding="utf-8")
    assert [(finding.issue, finding.detail) for finding in parliament.analyze_policy_string(text).findings] == []
    assert not any(forbidden in text for forbidden in FORBIDDEN)


def test_only_eventbridge_may_use_the_api_destination_role_and_send_to_the_queue():
    trust, queue = load("api-destination-role-trust"), load("sqs-queue-policy")
    assert [statement["Principal"] for statement in trust["Statement"]] == [{"Service": "events.amazonaws.com"}]
    [send] = queue["Statement"]
    assert send["Principal"] == {"Service": "events.amazonaws.com"} and send["Action"] == "sqs:SendMessage"
    assert "aws:SourceArn" in send["Condition"]["ArnEquals"]
