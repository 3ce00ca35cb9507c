# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The replication guard end to end: ansible-rulebook (Java 17) runs the collection's rulebook against the stand-in, and
each test makes Secrets Manager calls with boto3 and posts their EventBridge events, as AWS would deliver them, to the
guard's webhook. State is read back with boto3 and the stand-in's request log, never from the guard's own answer.
"""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from standin.operations import SECRET_VALUE_READS
from standin.operations import mutating_calls

import eventbridge
from conftest import GUARD_VARIABLES
from conftest import POLICY_REGIONS
from conftest import PORT_BASE
from conftest import PRIMARY
from guard_process import GuardProcess

REPLICA_REGIONS = [region for region in POLICY_REGIONS if region != PRIMARY]
PROMOTED_FROM = "secretsmanager.replication:promoted-from"
DR_TAG = ({"Key": "dr", "Value": "yes"},)


def wait_until(condition, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"not within {timeout} s: {what}")


def replication_of(standin, name, region=PRIMARY):
    """{Region: status} of a secret's replicas, read with boto3; each Region must appear once."""
    entries = standin.client("secretsmanager", region).describe_secret(SecretId=name).get("ReplicationStatus", [])
    assert len({entry["Region"] for entry in entries}) == len(entries), entries
    return {entry["Region"]: entry["Status"] for entry in entries}


def in_sync(standin, name, regions=tuple(REPLICA_REGIONS)):
    return replication_of(standin, name) == dict.fromkeys(regions, "InSync")


def names_in(standin, region):
    paginator = standin.client("secretsmanager", region).get_paginator("list_secrets")
    return sorted(secret["Name"] for page in paginator.paginate() for secret in page["SecretList"])


def create(standin, name, tags=DR_TAG, replicas=(), region=PRIMARY):
    arguments = {"Name": name, "SecretString": f"value-of-{name}", "Tags": list(tags)}
    if replicas:
        arguments["AddReplicaRegions"] = [{"Region": replica} for replica in replicas]
    return standin.client("secretsmanager", region).create_secret(**arguments)["ARN"]


def assert_no_value_read(standin, guard, since):
    """No secret value was read (request log), and none is in the guard's output."""
    assert [entry for entry in standin.request_log() if entry["operation"] in SECRET_VALUE_READS] == []
    assert "value-of-" not in guard.log()[since:]


def test_a_new_tagged_secret_is_in_sync_in_every_policy_region_within_60_s_and_an_untagged_one_is_untouched(standin, guard):
    untagged = create(standin, "app/untagged", tags=())
    tagged = create(standin, "app/tagged")
    since = guard.mark()
    assert guard.send(eventbridge.create_secret("app/untagged", untagged, PRIMARY)) == 200
    posted = time.monotonic()
    assert guard.send(eventbridge.create_secret("app/tagged", tagged, PRIMARY)) == 200

    wait_until(lambda: in_sync(standin, "app/tagged"), 60, "app/tagged InSync in us-west-2 and eu-west-1")
    print(f"app/tagged InSync {time.monotonic() - posted:.1f} s after its event")
    guard.settle()
    assert replication_of(standin, "app/untagged") == {}
    for region in REPLICA_REGIONS:
        assert names_in(standin, region) == ["app/tagged"]
    assert {unit for unit, events in guard.triggers(since)} == {"123456789012/us-east-1"}
    assert sum(events for unit, events in guard.triggers(since)) == 2
    assert_no_value_read(standin, guard, since)


def test_a_replica_removed_behind_the_collections_back_is_restored(standin, guard):
    arn = create(standin, "app/removed", replicas=REPLICA_REGIONS)
    wait_until(lambda: in_sync(standin, "app/removed"), 30, "the seeded replicas")
    standin.client("secretsmanager", PRIMARY).remove_regions_from_replication(SecretId="app/removed", RemoveReplicaRegions=["us-west-2"])
    assert replication_of(standin, "app/removed") == {"eu-west-1": "InSync"}
    standin.clear_request_log()

    assert guard.send(eventbridge.remove_regions_from_replication("app/removed", arn, PRIMARY, ["us-west-2"])) == 200
    wait_until(lambda: in_sync(standin, "app/removed"), 60, "the us-west-2 replica back")
    guard.settle()
    writes = [(entry["region"], entry["operation"]) for entry in mutating_calls(standin.request_log())]
    assert writes == [(PRIMARY, "ReplicateSecretToRegions")]


def test_a_promoted_secret_is_left_alone(standin, guard):
    """A disaster-recovery promotion in us-west-2, then the marker tagged on the promoted copy: the promotion's event
    starts nothing, and the run the TagResource event starts in us-west-2 leaves the marked secret out."""
    primary_arn = create(standin, "app/promoted", replicas=REPLICA_REGIONS)
    wait_until(lambda: in_sync(standin, "app/promoted"), 30, "the seeded replicas")
    west = standin.client("secretsmanager", "us-west-2")
    replica_arn = primary_arn.replace(f":{PRIMARY}:", ":us-west-2:")
    west.stop_replication_to_replica(SecretId=replica_arn)
    west.tag_resource(SecretId=replica_arn, Tags=[{"Key": PROMOTED_FROM, "Value": primary_arn}])
    standin.clear_request_log()
    since = guard.mark()

    assert guard.send(eventbridge.stop_replication_to_replica(replica_arn, replica_arn, "us-west-2")) == 200
    assert guard.send(eventbridge.tag_resource(replica_arn, "us-west-2", {PROMOTED_FROM: primary_arn})) == 200
    wait_until(lambda: guard.runs_finished(since) >= 1, 60, "the run the TagResource event starts")
    guard.settle()

    assert "StopReplicationToReplica of " + replica_arn in guard.log()[since:]
    assert [unit for unit, events in guard.triggers(since)] == ["123456789012/us-west-2"]
    assert mutating_calls(standin.request_log()) == []
    promoted = west.describe_secret(SecretId=replica_arn)
    assert "PrimaryRegion" not in promoted or promoted["PrimaryRegion"] == "us-west-2"
    assert not promoted.get("ReplicationStatus")


def test_a_burst_of_200_creations_is_all_replicated_by_at_most_3_runs_without_a_throttled_write(standin, guard):
    standin.configure(write_quota_per_second=50)  # AWS's write quota, per Region
    names = [f"burst/{number:03d}" for number in range(200)]
    arns = {name: create(standin, name) for name in names}
    since = guard.mark()
    standin.clear_request_log()

    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda name: guard.send(eventbridge.create_secret(name, arns[name], PRIMARY)), names))
    assert statuses == [200] * 200
    wait_until(lambda: all(names_in(standin, region) == names for region in REPLICA_REGIONS), 180, "200 replicas in each Region")
    guard.settle()

    assert all(in_sync(standin, name) for name in names)
    assert guard.runs_started(since) <= 3, guard.triggers(since)
    assert guard.plays(since) == guard.runs_started(since)
    assert sum(events for unit, events in guard.triggers(since)) == 200
    writes = mutating_calls(standin.request_log())
    assert [entry for entry in writes if entry["throttled_by"] or entry["error_code"]] == []
    assert sorted(entry["operation"] for entry in writes) == ["ReplicateSecretToRegions"] * 200
    assert_no_value_read(standin, guard, since)


def test_a_request_without_the_token_gets_401_and_starts_nothing(standin, guard):
    arn = create(standin, "app/unsigned")
    since = guard.mark()
    standin.clear_request_log()
    event = eventbridge.create_secret("app/unsigned", arn, PRIMARY)
    assert guard.send(event, token=None) == 401  # no Authorization header at all
    assert guard.send(event, token="not-the-token") == 401
    time.sleep(GUARD_VARIABLES.get("replication_guard_window", 10) + 2)  # a coalesced run would have started by now
    assert guard.triggers(since) == [] and guard.runs_started(since) == 0
    assert replication_of(standin, "app/unsigned") == {}
    assert mutating_calls(standin.request_log()) == []


def test_malformed_json_a_foreign_source_and_a_region_outside_the_allow_list_start_nothing(standin, guard):
    outside = create(standin, "app/outside", region="ap-south-1")
    since = guard.mark()
    standin.clear_request_log()
    assert guard.send(b'{"source": "aws.secretsmanager", "detail-type": ') == 400
    assert guard.send(dict(eventbridge.create_secret("app/x", outside, PRIMARY), source="aws.ec2")) == 200
    assert guard.send({"source": "aws.secretsmanager", "detail-type": "AWS API Call via CloudTrail"}) == 200
    assert guard.send(eventbridge.create_secret("app/outside", outside, "ap-south-1")) == 200
    time.sleep(2)

    assert guard.running()
    log = guard.log()[since:]
    assert "ignored, not a Secrets Manager CloudTrail event: source is aws.ec2" in log
    assert "ignored, not a Secrets Manager CloudTrail event: it has no detail object" in log
    assert "ap-south-1 is outside the Region policy" in log
    assert guard.triggers(since) == [] and guard.runs_started(since) == 0
    assert mutating_calls(standin.request_log()) == []
    assert replication_of(standin, "app/outside", region="ap-south-1") == {}
    # Still serving: a real event afterwards is acted on.
    arn = create(standin, "app/after")
    assert guard.send(eventbridge.create_secret("app/after", arn, PRIMARY)) == 200
    wait_until(lambda: in_sync(standin, "app/after"), 60, "app/after InSync")


def test_a_run_that_fails_is_logged_with_its_failures_overwrites_nothing_and_the_guard_keeps_running(standin, guard):
    """A same-name secret in us-west-2 the policy does not let an automatic run replace (replication_guard_overwrite)."""
    bystander = create(standin, "app/clash", tags=(), region="us-west-2")
    arn = create(standin, "app/clash")
    since = guard.mark()
    assert guard.send(eventbridge.create_secret("app/clash", arn, PRIMARY)) == 200
    wait_until(lambda: guard.runs_finished(since) >= 1, 60, "the run")
    guard.settle()

    log = guard.log()[since:]
    assert "failed=1" in log
    # The role's failure line (role_report.failure_message), not the guard's own "converging ..." line that names the secret.
    assert "secret 'app/clash', Region 'us-west-2' (name_conflict)" in log
    assert guard.running()
    assert standin.client("secretsmanager", "us-west-2").describe_secret(SecretId="app/clash")["ARN"] == bystander
    assert replication_of(standin, "app/clash")["eu-west-1"] == "InSync"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"replication_guard_token": None}, "'replication_guard_token' is undefined"),
        ({"replication_guard_replica_regions": ["us-west-2", "ap-south-1"]}, "'ap-south-1' is not an allowed Region"),
    ],
)
def test_the_guard_refuses_to_start_without_its_token_or_with_a_policy_it_cannot_use(standin_process, tmp_path, changes, message):
    variables = {key: value for key, value in dict(GUARD_VARIABLES, **changes).items() if value is not None}
    refused = GuardProcess(tmp_path, variables, standin_process.environment(), port=PORT_BASE + 2).start()
    try:
        assert refused.wait_exit(timeout=120) != 0
    finally:
        refused.stop()
    assert message in refused.log()
    assert "Loading rulebook" in refused.log()
