# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The rulebook and its event filter as ansible-rulebook loads them, and their agreement with the guard's Python."""

import json
import re
import runpy
from pathlib import Path

import pytest
import yaml

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard import runtime
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.policy import guard_policy
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.policy import run_variables
from ansible_collections.secretsmanager.replication.tests.eda import eventbridge

COLLECTION = Path(__file__).resolve().parents[4]
FILTER = COLLECTION / "extensions" / "eda" / "plugins" / "event_filter" / "replication_guard.py"
RULEBOOK = COLLECTION / "extensions" / "eda" / "rulebooks" / "replication_guard.yml"
ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf"


@pytest.fixture
def ruleset():
    [ruleset] = yaml.safe_load(RULEBOOK.read_text(encoding="utf-8"))
    return ruleset


@pytest.fixture
def fresh_guard(monkeypatch):
    monkeypatch.setattr(runtime, "_SHARED", [])


def source(ruleset, name):
    return next(item for item in ruleset["sources"] if item["name"] == name)


def test_every_source_of_the_rulebook_uses_the_filter(ruleset):
    assert [item["filters"] for item in ruleset["sources"]] == [[{"secretsmanager.replication.replication_guard": None}]] * 2


def test_the_filter_loaded_once_per_source_shares_one_guard(fresh_guard, ruleset):
    """ansible-rulebook runs the filter file with runpy once per source: the clock's policy reaches the webhook's events."""
    webhook_filter, clock_filter = runpy.run_path(str(FILTER))["main"], runpy.run_path(str(FILTER))["main"]
    clock = source(ruleset, "Guard clock")["eda.builtin.generic"]["payload"][0]
    rendered = {runtime.CLOCK_KEY: dict.fromkeys(clock[runtime.CLOCK_KEY])}
    rendered[runtime.CLOCK_KEY].update(token_length=16, secret_filters="tag-key=dr", replica_regions=["us-east-1", "us-west-2"])
    assert clock_filter(rendered) == []
    [out] = webhook_filter({"payload": eventbridge.create_secret("app/db", ARN, "us-east-1"), "meta": {}})
    assert out["replication_guard"]["run"]["replica_regions"] == ["us-west-2"]
    # ansible.eda.aws_sqs_queue's shape, a body still in JSON text: the same decision (it waits: the window is running).
    sqs_event = {"body": json.dumps(eventbridge.create_secret("app/other", ARN, "us-east-1")), "meta": {"MessageId": "m-1"}}
    assert webhook_filter(sqs_event) == []
    assert runtime.shared_guard().coalescer.waiting() == {"123456789012/us-east-1": 1}


def test_the_clock_hands_over_every_variable_the_policy_reads(ruleset):
    clock = source(ruleset, "Guard clock")["eda.builtin.generic"]
    assert clock["loop_count"] == -1
    variables = clock["payload"][0][runtime.CLOCK_KEY]
    assert set(variables) == {"token_length", "secret_filters", "replica_regions", "replica_kms_keys", "allowed_regions",
                              "denied_regions", "overwrite", "window", "accounts"}
    for key, template in variables.items():
        if key != "token_length":
            assert re.fullmatch(r"\{\{ replication_guard_%s \| default\(.+\) \}\}" % key, template), key
    assert variables["token_length"] == "{{ replication_guard_token | string | length }}"


def test_the_webhook_requires_the_token(ruleset):
    webhook = source(ruleset, "EventBridge events")["eda.builtin.webhook"]
    assert webhook["token"] == "{{ replication_guard_token | string }}"
    assert webhook["port"] == "{{ replication_guard_port | default(5000) }}"
    assert webhook["host"] == "{{ replication_guard_host | default('0.0.0.0') }}"


def test_the_rules_only_test_the_filters_decision(ruleset):
    assert ruleset["execution_strategy"] == "sequential"
    assert {rule["condition"] for rule in ruleset["rules"]} == {
        'event.replication_guard.action == "converge"',
        'event.replication_guard.action == "log_only"',
    }


def test_the_run_is_the_replicate_job_with_every_variable_the_guard_computes(ruleset):
    [converge] = [rule for rule in ruleset["rules"] if "converge" in rule["condition"]]
    [run] = [action["run_playbook"] for action in converge["actions"] if "run_playbook" in action]
    assert run["name"] == "secretsmanager.replication.replicate"
    policy = guard_policy({"token_length": 1, "secret_filters": "tag-key=dr", "replica_regions": ["us-west-2"]})
    assert run["extra_vars"] == {key: "{{ event.replication_guard.run.%s }}" % key for key in run_variables(policy, "us-east-1")}
