# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""describe_fleet's call routing, with in-memory clients (no AWS, no stand-in)."""

import threading

import botocore.exceptions
import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.fleet import describe_fleet

ARN = "arn:aws:secretsmanager:{region}:123456789012:secret:{name}-AbCdEf"
V1 = "11111111-1111-1111-1111-111111111111"


def error(code, http_status):
    return botocore.exceptions.ClientError({"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": http_status}}, "DescribeSecret")


class FakeSecretsManager:
    def __init__(self, region, world):
        self.region = region
        self.world = world

    def _record(self, operation, **params):
        with self.world.lock:
            self.world.calls.append((self.region, operation, params.get("SecretId")))

    def describe_secret(self, SecretId):
        self._record("DescribeSecret", SecretId=SecretId)
        if self.region in self.world.down:
            raise error("ServiceUnavailable", 503)
        if self.region in self.world.denied:
            raise error("AccessDeniedException", 400)
        for secret in self.world.secrets.get(self.region, []):
            if SecretId in (secret["ARN"], secret["Name"]):
                return secret
        raise error("ResourceNotFoundException", 400)

    def list_secrets(self, **params):
        self._record("ListSecrets")
        return {"SecretList": [{"ARN": secret["ARN"], "Name": secret["Name"]} for secret in self.world.secrets.get(self.region, [])]}


class World:
    """Secrets per Region, Regions that are down, and every call made."""

    def __init__(self):
        self.secrets = {}
        self.down = set()
        self.denied = set()
        self.calls = []
        self.lock = threading.Lock()

    def secretsmanager(self, region):
        return FakeSecretsManager(region, self)

    def add(self, region, name, primary_region=None, replicas=()):
        secret = {"ARN": ARN.format(region=region, name=name), "Name": name, "VersionIdsToStages": {V1: ["AWSCURRENT"]}}
        if primary_region or replicas:
            secret["PrimaryRegion"] = primary_region or region
        if replicas:
            secret["ReplicationStatus"] = [{"Region": replica, "Status": "InSync"} for replica in replicas]
        self.secrets.setdefault(region, []).append(secret)
        return secret

    def replicate(self, name, primary, replicas):
        self.add(primary, name, replicas=replicas)
        for replica in replicas:
            self.add(replica, name, primary_region=primary, replicas=replicas)

    def operations(self, region=None):
        return [call for call in self.calls if region is None or call[0] == region]


@pytest.fixture(name="world")
def fixture_world():
    world = World()
    world.add("us-east-1", "plain")
    world.replicate("rep1", "us-east-1", ["eu-west-1", "us-west-2"])
    world.replicate("rep2", "us-east-1", ["eu-west-1"])
    return world


def test_without_replica_view_only_the_region_is_called(world):
    entries = describe_fleet(world, world, "us-east-1", max_workers=4)
    assert [entry["name"] for entry in entries] == ["plain", "rep1", "rep2"]
    assert sorted(operation for dummy, operation, dummy2 in world.calls) == ["DescribeSecret"] * 3 + ["ListSecrets"]
    assert world.operations("us-east-1") == world.calls


def test_replica_view_describes_each_replica_by_its_arn_in_its_region(world):
    entries = describe_fleet(world, world, "us-east-1", replica_view=True)
    peer_calls = sorted(call for call in world.calls if call[0] != "us-east-1")
    assert peer_calls == [
        ("eu-west-1", "DescribeSecret", ARN.format(region="eu-west-1", name="rep1")),
        ("eu-west-1", "DescribeSecret", ARN.format(region="eu-west-1", name="rep2")),
        ("us-west-2", "DescribeSecret", ARN.format(region="us-west-2", name="rep1")),
    ]
    assert all(entry["in_sync"] for entry in entries)


def test_missing_secret_id_gives_no_entry(world):
    assert describe_fleet(world, world, "us-east-1", secret_id="nope", replica_view=True) == []


def test_unreachable_region_is_called_once_then_skipped(world):
    world.down.add("eu-west-1")
    entries = describe_fleet(world, world, "us-east-1", replica_view=True, max_workers=1)
    assert len(world.operations("eu-west-1")) == 1
    assert [entry["health"] for entry in entries] == ["not_replicated", "unreachable", "unreachable"]
    rep1 = entries[1]["replication_status"]
    assert [(replica["region"], replica["reachable"]) for replica in rep1] == [("eu-west-1", False), ("us-west-2", True)]


def test_replica_listed_in_its_region_reads_its_primary_and_siblings(world):
    entries = describe_fleet(world, world, "us-west-2", replica_view=True)
    (entry,) = entries
    assert (entry["name"], entry["is_replica"], entry["primary_region"], entry["primary_reachable"]) == ("rep1", True, "us-east-1", True)
    assert sorted(call[0] for call in world.calls if call[1] == "DescribeSecret") == ["eu-west-1", "us-east-1", "us-west-2"]


def test_primary_region_down_still_reports_the_replica(world):
    world.down.add("us-east-1")
    (entry,) = describe_fleet(world, world, "us-west-2", replica_view=True)
    assert (entry["is_replica"], entry["primary_reachable"], entry["health"], entry["in_sync"]) == (True, False, "unreachable", False)
    assert [replica["region"] for replica in entry["replication_status"]] == ["eu-west-1", "us-west-2"]


def test_other_errors_in_a_replica_region_fail_with_the_region(world):
    world.denied.add("eu-west-1")
    with pytest.raises(Exception, match="Failed to describe secret .* in eu-west-1"):
        describe_fleet(world, world, "us-east-1", replica_view=True)
