# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Split brain grouping (pure), and reading several Regions for it against the fake AWS."""

from datetime import datetime
from datetime import timezone

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.multi_region import current_version_date
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.multi_region import read_in_regions
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.split_brain import mark_split_brain
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.split_brain import split_brain_findings
from ansible_collections.secretsmanager.replication.tests.unit.conftest import VERSION
from ansible_collections.secretsmanager.replication.tests.unit.conftest import FakeClients
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in


def entry(region, is_replica=False, name="db", suffix="AbCdEf"):
    return {"arn": arn_in(region, name, suffix), "name": name, "region": region, "is_replica": is_replica}


def test_a_secret_primary_in_two_regions_is_split_and_its_replicas_are_flagged_too():
    entries = [entry("us-east-1"), entry("us-west-2"), entry("eu-west-1", is_replica=True)]
    marked = mark_split_brain(entries)
    assert [(e["region"], e["split_brain"], e["primary_regions"]) for e in marked] == [
        ("us-east-1", True, ["us-east-1", "us-west-2"]),
        ("us-west-2", True, ["us-east-1", "us-west-2"]),
        ("eu-west-1", True, ["us-east-1", "us-west-2"]),
    ]
    assert split_brain_findings(entries) == [
        {"name": "db", "primary_regions": ["us-east-1", "us-west-2"], "arns": [arn_in("us-east-1"), arn_in("us-west-2")]}]


def test_same_name_with_another_suffix_or_one_primary_with_replicas_is_not_split():
    entries = [entry("us-east-1"), entry("us-west-2", suffix="ZzZzZz"), entry("eu-west-1", is_replica=True),
               entry("us-east-1", name="api"), entry("eu-west-1", name="api", is_replica=True)]
    assert split_brain_findings(entries) == []
    assert {(e["name"], e["region"]): e["primary_regions"] for e in mark_split_brain(entries)} == {
        ("db", "us-east-1"): ["us-east-1"], ("db", "us-west-2"): ["us-west-2"], ("db", "eu-west-1"): ["us-east-1"],
        ("api", "us-east-1"): ["us-east-1"], ("api", "eu-west-1"): ["us-east-1"]}


def test_a_replica_whose_primary_was_not_read_names_no_primary_region():
    assert mark_split_brain([entry("eu-west-1", is_replica=True)])[0]["primary_regions"] == []


def after_failover(aws):
    """db: old primary us-east-1 (back, standalone), promoted in us-west-2, replicated from there to eu-west-1."""
    aws.add_replica("us-west-2")
    aws.secrets[("us-west-2", "db")].pop("PrimaryRegion")
    aws.secrets[("eu-west-1", "db")] = {"ARN": arn_in("eu-west-1"), "Name": "db", "PrimaryRegion": "us-west-2", "VersionIdsToStages": {VERSION: ["AWSCURRENT"]}}


def test_read_in_regions_reads_each_region_itself_and_flags_split_brain(aws):
    after_failover(aws)
    clients = FakeClients(aws)
    read = read_in_regions(clients, clients, ["us-east-1", "us-west-2", "eu-west-1"], secret_ids=["db"])
    assert read["unreachable_regions"] == []
    assert read["split_brain"] == [{"name": "db", "primary_regions": ["us-east-1", "us-west-2"], "arns": [arn_in("us-east-1"), arn_in("us-west-2")]}]
    assert [(e["region"], e["split_brain"]) for e in read["secrets"]] == [("us-east-1", True), ("us-west-2", True), ("eu-west-1", True)]


def test_a_region_that_does_not_answer_is_set_aside_after_one_call(aws):
    after_failover(aws)
    aws.down.add("us-east-1")
    clients = FakeClients(aws)
    read = read_in_regions(clients, clients, ["us-east-1", "us-west-2"], filters=None)
    assert read["unreachable_regions"] == ["us-east-1"]
    assert [call for call in aws.calls if call[0] == "us-east-1"] == [("us-east-1", "ListSecrets")]
    assert read["split_brain"] == [] and [e["region"] for e in read["secrets"]] == ["us-west-2"]


def test_version_dates_come_from_list_secret_version_ids_in_each_region(aws):
    created = datetime(2026, 3, 1, 12, 0, 0, 123000, tzinfo=timezone.utc)
    aws.secrets[("us-east-1", "db")]["VersionDates"] = {VERSION: created}
    clients = FakeClients(aws)
    read = read_in_regions(clients, clients, ["us-east-1"], secret_ids=["db"], version_dates=True)
    [secret] = read["secrets"]
    assert (secret["current_version_id"], secret["current_version_created_date"]) == (VERSION, "2026-03-01T12:00:00.123000+00:00")
    assert ("us-east-1", "ListSecretVersionIds", arn_in("us-east-1")) in aws.requests


def test_current_version_date_picks_awscurrent():
    versions = [{"VersionId": "old", "VersionStages": ["AWSPREVIOUS"], "CreatedDate": "a"},
                {"VersionId": "new", "VersionStages": ["AWSCURRENT"], "CreatedDate": "b"}]
    assert current_version_date(versions) == ("new", "b")
    assert current_version_date([]) == (None, None)
