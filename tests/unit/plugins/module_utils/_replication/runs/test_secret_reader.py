# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The multi-secret reader: call routing against the in-memory fake AWS, and the ListSecrets filters."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.errors import SecretsManagerReplicationError
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.secret_reader import list_secrets_filters
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.secret_reader import read_secrets
from ansible_collections.secretsmanager.replication.tests.unit.conftest import FakeClients
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in


@pytest.fixture(name="world")
def fixture_world(aws):
    """us-east-1 holds 'db' (not replicated), 'rep1' (replicas eu-west-1, us-west-2) and 'rep2' (replica eu-west-1)."""
    for name, regions in (("rep1", ("eu-west-1", "us-west-2")), ("rep2", ("eu-west-1",))):
        aws.add_primary(name)
        for region in regions:
            aws.add_replica(region, name=name)
    return aws


def read(world, region, **options):
    clients = FakeClients(world)
    return read_secrets(clients, clients, region, **options)


def test_without_replica_view_only_the_region_is_called(world):
    entries = read(world, "us-east-1", max_workers=4)
    assert [entry["name"] for entry in entries] == ["db", "rep1", "rep2"]
    assert sorted(world.operations()) == ["DescribeSecret"] * 3 + ["ListSecrets"]
    assert {call[0] for call in world.calls} == {"us-east-1"}


def test_a_list_of_secret_ids_is_described_without_listing_and_missing_ones_are_left_out(world):
    entries = read(world, "us-east-1", secret_ids=["rep2", "nope", arn_in("us-east-1", "rep1")])
    assert [entry["name"] for entry in entries] == ["rep2", "rep1"]
    assert "ListSecrets" not in world.operations()


def test_replica_view_describes_each_replica_by_its_arn_in_its_region(world):
    entries = read(world, "us-east-1", replica_view=True)
    peer_calls = sorted(request for request in world.requests if request[0] != "us-east-1")
    assert peer_calls == [
        ("eu-west-1", "DescribeSecret", arn_in("eu-west-1", "rep1")),
        ("eu-west-1", "DescribeSecret", arn_in("eu-west-1", "rep2")),
        ("us-west-2", "DescribeSecret", arn_in("us-west-2", "rep1")),
    ]
    assert all(entry["in_sync"] for entry in entries)


def test_missing_secret_id_gives_no_entry(world):
    assert read(world, "us-east-1", secret_ids=["nope"], replica_view=True) == []


def test_unreachable_region_is_called_once_then_skipped(world):
    world.down.add("eu-west-1")
    entries = read(world, "us-east-1", replica_view=True, max_workers=1)
    assert len([call for call in world.calls if call[0] == "eu-west-1"]) == 1
    assert [entry["health"] for entry in entries] == ["not_replicated", "unreachable", "unreachable"]
    rep1 = entries[1]["replication_status"]
    assert [(replica["region"], replica["reachable"]) for replica in rep1] == [("eu-west-1", False), ("us-west-2", True)]


def test_replica_listed_in_its_region_reads_its_primary_and_siblings(world):
    (entry,) = read(world, "us-west-2", replica_view=True)
    assert (entry["name"], entry["is_replica"], entry["primary_region"], entry["primary_reachable"]) == ("rep1", True, "us-east-1", True)
    assert sorted(call[0] for call in world.calls if call[1] == "DescribeSecret") == ["eu-west-1", "us-east-1", "us-west-2"]


def test_primary_region_down_still_reports_the_replica(world):
    world.down.add("us-east-1")
    (entry,) = read(world, "us-west-2", replica_view=True)
    assert (entry["is_replica"], entry["primary_reachable"], entry["health"], entry["in_sync"]) == (True, False, "unreachable", False)
    assert [replica["region"] for replica in entry["replication_status"]] == ["eu-west-1", "us-west-2"]


def test_other_errors_in_a_replica_region_fail_with_the_region(world):
    world.errors[("eu-west-1", "DescribeSecret")] = "AccessDeniedException"
    with pytest.raises(SecretsManagerReplicationError, match="Failed to describe secret .* in eu-west-1"):
        read(world, "us-east-1", replica_view=True)


def test_no_filters():
    assert list_secrets_filters(None) == []
    assert list_secrets_filters({}) == []


def test_strings_and_lists_and_underscores():
    assert list_secrets_filters({"name": "prod/", "tag_key": ["team", "owner"], "primary-region": "us-east-1"}) == [
        {"Key": "name", "Values": ["prod/"]},
        {"Key": "tag-key", "Values": ["team", "owner"]},
        {"Key": "primary-region", "Values": ["us-east-1"]},
    ]


def test_unknown_key_names_it_and_lists_allowed_keys():
    with pytest.raises(SecretsManagerReplicationError) as error:
        list_secrets_filters({"tags": "x"})
    assert "'tags'" in error.value.message
    assert "name, tag-key, tag-value, description, primary-region, owning-service, all" in error.value.message


@pytest.mark.parametrize("value", [[], "", [""], [None], {"a": 1}])
def test_empty_or_non_string_values_are_refused(value):
    with pytest.raises(SecretsManagerReplicationError, match="filters: 'name' needs"):
        list_secrets_filters({"name": value})
