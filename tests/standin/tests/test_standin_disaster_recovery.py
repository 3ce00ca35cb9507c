# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Disaster-recovery behaviour: the old primary after a promotion during its outage, overwrite refusals,
names held by deleted secrets, version dates, tags on promoted secrets."""

import datetime
import time

import pytest
from botocore.exceptions import ClientError

from standin_test_helpers import PRIMARY, error_code, statuses

NEW_PRIMARY, THIRD = "eu-west-1", "us-west-2"


def replicated(client, name="app/db"):
    primary = client("secretsmanager")
    arn = primary.create_secret(Name=name, SecretString="v1", AddReplicaRegions=[{"Region": NEW_PRIMARY}, {"Region": THIRD}])["ARN"]
    return primary, arn


def promote_during_outage(standin, client):
    standin.set_faults(unavailable_regions=[PRIMARY])
    promoted = client("secretsmanager", NEW_PRIMARY).stop_replication_to_replica(SecretId="app/db")["ARN"]
    standin.clear_faults()
    return promoted


def test_by_default_the_old_primary_drops_a_region_promoted_during_its_outage(standin, client):
    primary, _arn = replicated(client)
    promote_during_outage(standin, client)
    assert set(statuses(primary.describe_secret(SecretId="app/db"))) == {THIRD}


def test_stale_config_keeps_the_promoted_region_listed_as_before_the_outage(standin, client):
    primary, _arn = replicated(client)
    standin.configure(stale_replica_status_after_promotion=True)
    promoted_arn = promote_during_outage(standin, client)

    entry = statuses(primary.describe_secret(SecretId="app/db"))[NEW_PRIMARY]
    assert entry["Status"] == "InSync"
    promoted = client("secretsmanager", NEW_PRIMARY).describe_secret(SecretId="app/db")
    assert "PrimaryRegion" not in promoted and promoted["ARN"] == promoted_arn

    primary.remove_regions_from_replication(SecretId="app/db", RemoveReplicaRegions=[THIRD])
    with pytest.raises(ClientError) as excinfo:
        primary.delete_secret(SecretId="app/db", ForceDeleteWithoutRecovery=True)
    assert NEW_PRIMARY in excinfo.value.response["Error"]["Message"]  # "still has replica regions"

    # Removing the stale entry drops it and leaves the now-standalone secret alone.
    answer = primary.remove_regions_from_replication(SecretId="app/db", RemoveReplicaRegions=[NEW_PRIMARY])
    assert answer["ReplicationStatus"] == []
    assert "ReplicationStatus" not in primary.describe_secret(SecretId="app/db")
    after = client("secretsmanager", NEW_PRIMARY).describe_secret(SecretId="app/db")
    assert (after["ARN"], after["VersionIdsToStages"]) == (promoted_arn, promoted["VersionIdsToStages"])


def test_stale_config_changes_nothing_when_the_primary_region_is_up(standin, client):
    primary, _arn = replicated(client)
    standin.configure(stale_replica_status_after_promotion=True)
    client("secretsmanager", NEW_PRIMARY).stop_replication_to_replica(SecretId="app/db")
    assert set(statuses(primary.describe_secret(SecretId="app/db"))) == {THIRD}


def test_overwrite_cannot_replace_a_replica_of_another_primary_until_it_is_promoted(standin, client):
    _primary, old_arn = replicated(client)
    promote_during_outage(standin, client)
    new_primary, third = client("secretsmanager", NEW_PRIMARY), client("secretsmanager", THIRD)

    answer = new_primary.replicate_secret_to_regions(SecretId="app/db", AddReplicaRegions=[{"Region": THIRD}], ForceOverwriteReplicaSecret=True)

    entry = statuses(answer)[THIRD]
    assert entry["Status"] == "Failed"
    assert entry["StatusMessage"] == (
        f"Replication failed: Secret app/db in region {THIRD} is a replica of {old_arn}; ForceOverwriteReplicaSecret can't replace "
        f"a replica of another primary. Promote it first (StopReplicationToReplica in {THIRD}), then replicate again.")
    untouched = third.describe_secret(SecretId="app/db")
    assert (untouched["PrimaryRegion"], untouched["ARN"]) == (PRIMARY, old_arn.replace(PRIMARY, THIRD))

    # The runbook's way: promote the old replica there, then replicate with overwrite.
    third.stop_replication_to_replica(SecretId="app/db")
    new_primary.remove_regions_from_replication(SecretId="app/db", RemoveReplicaRegions=[THIRD])
    answer = new_primary.replicate_secret_to_regions(SecretId="app/db", AddReplicaRegions=[{"Region": THIRD}], ForceOverwriteReplicaSecret=True)
    assert statuses(answer)[THIRD]["Status"] == "InSync"
    assert third.describe_secret(SecretId="app/db")["PrimaryRegion"] == NEW_PRIMARY


def test_overwrite_cannot_replace_a_primary_that_has_replicas(client):
    other = client("secretsmanager", NEW_PRIMARY)
    other_arn = other.create_secret(Name="s", SecretString="theirs", AddReplicaRegions=[{"Region": THIRD}])["ARN"]
    primary = client("secretsmanager")
    primary.create_secret(Name="s", SecretString="ours")

    answer = primary.replicate_secret_to_regions(SecretId="s", AddReplicaRegions=[{"Region": NEW_PRIMARY}], ForceOverwriteReplicaSecret=True)

    entry = statuses(answer)[NEW_PRIMARY]
    assert entry["Status"] == "Failed"
    assert f"is a primary with replicas in {THIRD}; ForceOverwriteReplicaSecret can't replace it" in entry["StatusMessage"]
    kept = other.describe_secret(SecretId="s")
    assert (kept["ARN"], set(statuses(kept))) == (other_arn, {THIRD})


def test_a_name_scheduled_for_deletion_is_kept_for_its_recovery_window(client):
    region = client("secretsmanager", NEW_PRIMARY)
    region.create_secret(Name="s", SecretString="old")
    region.delete_secret(SecretId="s", RecoveryWindowInDays=7)

    with pytest.raises(ClientError) as excinfo:
        region.create_secret(Name="s", SecretString="new")
    assert error_code(excinfo) == "InvalidRequestException"
    assert excinfo.value.response["Error"]["Message"] == (
        "You can't create this secret because a secret with this name is already scheduled for deletion.")

    primary = client("secretsmanager")
    primary.create_secret(Name="s", SecretString="v", AddReplicaRegions=[{"Region": NEW_PRIMARY}])
    entry = statuses(primary.describe_secret(SecretId="s"))[NEW_PRIMARY]
    assert (entry["Status"], entry["StatusMessage"]) == ("Failed", f"Replication failed: Secret s already exists in region {NEW_PRIMARY}.")
    assert "DeletedDate" in region.describe_secret(SecretId="s")


def as_epoch(value):
    return value.timestamp() if isinstance(value, datetime.datetime) else value


def test_list_secret_version_ids_gives_creation_dates_and_stages_without_values(client):
    primary = client("secretsmanager")
    before = time.time()
    first = primary.create_secret(Name="app/db", SecretString="v1", AddReplicaRegions=[{"Region": NEW_PRIMARY}])
    second = primary.put_secret_value(SecretId="app/db", SecretString="v2")["VersionId"]
    after = time.time()
    time.sleep(0.3)  # the listing must report creation, not the time of the listing

    listed = {}
    for region in (PRIMARY, NEW_PRIMARY):
        answer = client("secretsmanager", region).list_secret_version_ids(SecretId="app/db")
        assert answer["ARN"] == first["ARN"].replace(PRIMARY, region)
        listed[region] = {v["VersionId"]: (v["VersionStages"], as_epoch(v["CreatedDate"])) for v in answer["Versions"]}
        assert all("SecretString" not in v and "LastAccessedDate" not in v for v in answer["Versions"])
    assert listed[PRIMARY] == listed[NEW_PRIMARY]
    assert {version: stages for version, (stages, _date) in listed[PRIMARY].items()} == {
        first["VersionId"]: ["AWSPREVIOUS"], second: ["AWSCURRENT"]}
    assert all(before - 0.001 <= created <= after + 0.001 for _stages, created in listed[PRIMARY].values())

    client("secretsmanager", NEW_PRIMARY).stop_replication_to_replica(SecretId="app/db")
    promoted = client("secretsmanager", NEW_PRIMARY).list_secret_version_ids(SecretId="app/db")
    assert {v["VersionId"]: (v["VersionStages"], as_epoch(v["CreatedDate"])) for v in promoted["Versions"]} == listed[NEW_PRIMARY]


def test_a_version_written_after_a_promotion_in_the_same_second_is_dated_after_it(client):
    """Millisecond dates: the failback data-loss guard compares them with a promotion time."""
    primary = client("secretsmanager")
    primary.create_secret(Name="s", SecretString="v1")
    promoted_at = time.time()
    time.sleep(0.01)
    written = primary.put_secret_value(SecretId="s", SecretString="v2")["VersionId"]
    created = {v["VersionId"]: as_epoch(v["CreatedDate"]) for v in primary.list_secret_version_ids(SecretId="s")["Versions"]}
    assert created[written] > promoted_at


def test_deprecated_versions_are_listed_only_on_request(client):
    primary = client("secretsmanager")
    first = primary.create_secret(Name="s", SecretString="v1")["VersionId"]
    primary.put_secret_value(SecretId="s", SecretString="v2")
    primary.put_secret_value(SecretId="s", SecretString="v3")  # v1 loses AWSPREVIOUS: no label left
    assert first not in [v["VersionId"] for v in primary.list_secret_version_ids(SecretId="s")["Versions"]]
    assert first in [v["VersionId"] for v in primary.list_secret_version_ids(SecretId="s", IncludeDeprecated=True)["Versions"]]


@pytest.mark.parametrize("by", ["name", "arn"])
def test_tags_on_a_promoted_secret_in_its_region(client, by):
    primary, _arn = replicated(client)
    region = client("secretsmanager", NEW_PRIMARY)
    arn = region.stop_replication_to_replica(SecretId="app/db")["ARN"]
    secret_id = arn if by == "arn" else "app/db"

    region.tag_resource(SecretId=secret_id, Tags=[{"Key": "promoted-from", "Value": "us-east-1"}, {"Key": "drop", "Value": "x"}])
    region.untag_resource(SecretId=secret_id, TagKeys=["drop"])

    assert region.describe_secret(SecretId="app/db")["Tags"] == [{"Key": "promoted-from", "Value": "us-east-1"}]
    assert "Tags" not in primary.describe_secret(SecretId="app/db")
