# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import logging

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.policy import GuardConfigError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.runtime import CLOCK_KEY
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.runtime import Guard
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.runtime import shared_guard
from ansible_collections.secretsmanager.replication.tests.eda import eventbridge

ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf"
CONFIG = {
    "token_length": 32,
    "secret_filters": "tag-key=dr",
    "replica_regions": ["us-east-1", "us-west-2", "eu-west-1"],
    "replica_kms_keys": None,
    "allowed_regions": ["us-east-1", "us-west-2", "eu-west-1"],
    "denied_regions": None,
    "overwrite": None,
    "window": 10,
}


@pytest.fixture
def guard(fake_clock):
    guard = Guard(clock=fake_clock, logger=logging.getLogger("test.replication_guard"))
    assert guard.handle({CLOCK_KEY: CONFIG}) == []
    return guard


def posted(event):
    return {"payload": event, "meta": {"endpoint": "", "headers": {}}}


def created(name="app/db", region="us-east-1"):
    return posted(eventbridge.create_secret(name, ARN.replace("app/db", name).replace("us-east-1", region), region))


def test_an_event_starts_a_run_with_the_replicate_jobs_variables(guard):
    [out] = guard.handle(created())
    run = out["replication_guard"]
    assert run["action"] == "converge"
    assert run["unit"] == "123456789012/us-east-1"
    assert run["run"]["replica_regions"] == ["us-west-2", "eu-west-1"]
    assert run["run"]["replicate_primary_region"] == "us-east-1"
    assert run["message"].startswith("converging 123456789012/us-east-1 after 1 event(s) (CreateSecret x1;")


def test_a_burst_waits_for_the_clock_after_the_window(guard, fake_clock, caplog):
    caplog.set_level(logging.INFO)
    assert len(guard.handle(created("app/0"))) == 1
    assert all(guard.handle(created(f"app/{n}")) == [] for n in range(1, 200))
    assert "waits for the next run of 123456789012/us-east-1" in caplog.text
    fake_clock.now += 9
    assert guard.handle({CLOCK_KEY: CONFIG}) == []
    fake_clock.now += 1
    [out] = guard.handle({CLOCK_KEY: CONFIG})
    assert out["replication_guard"]["event_count"] == 199


def test_disaster_recovery_events_go_out_as_log_only_and_start_nothing(guard, caplog):
    [out] = guard.handle(posted(eventbridge.stop_replication_to_replica("app/db", ARN.replace("us-east-1", "us-west-2"), "us-west-2")))
    assert out["replication_guard"]["action"] == "log_only"
    assert "no change" in out["replication_guard"]["message"]
    assert "run" not in out["replication_guard"]
    assert "StopReplicationToReplica" in caplog.text
    assert guard.coalescer.waiting() == {}


@pytest.mark.parametrize(
    "delivered, logged",
    [
        ({"payload": "not an object"}, "not a Secrets Manager CloudTrail event: the message is not a JSON object"),
        (posted(dict(eventbridge.create_secret("a", ARN, "us-east-1"), source="aws.ec2")), "source is aws.ec2"),
        (created(region="ap-south-1"), "ap-south-1 is outside the Region policy"),
        (posted(eventbridge.cloudtrail_event("GetSecretValue", "us-east-1", {"secretId": "a"})), "does not act on this call"),
    ],
)
def test_anything_else_is_dropped_with_one_log_line(guard, delivered, logged, caplog):
    assert guard.handle(delivered) == []
    assert logged in caplog.text
    assert len([record for record in caplog.records if record.levelno >= logging.WARNING]) == 1
    assert guard.coalescer.waiting() == {}


def test_events_before_the_first_clock_wait_for_the_policy(fake_clock):
    guard = Guard(clock=fake_clock)
    assert guard.handle(created()) == []
    assert guard.handle(created(region="ap-south-1")) == []
    [out] = guard.handle({CLOCK_KEY: CONFIG})  # the ap-south-1 one is outside the policy, now known
    assert out["replication_guard"]["unit"] == "123456789012/us-east-1"


def test_a_variable_it_cannot_use_stops_the_rulebook(fake_clock):
    with pytest.raises(GuardConfigError, match="replication_guard_token is empty"):
        Guard(clock=fake_clock).handle({CLOCK_KEY: dict(CONFIG, token_length=0)})


def test_an_internal_error_drops_the_event_and_keeps_the_guard(guard, caplog, monkeypatch):
    def broken(*args):
        raise KeyError("boom")

    monkeypatch.setattr(guard.coalescer, "add", broken)
    assert guard.handle(created()) == []
    assert "internal error" in caplog.text
    monkeypatch.undo()
    assert len(guard.handle(created())) == 1


def test_the_guard_is_one_per_process():
    assert shared_guard() is shared_guard()
