# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Replica status timing, replica KMS keys, name conflicts, ARNs and PrimaryRegion."""

import time

import pytest
from botocore.exceptions import ClientError

from standin_test_helpers import PRIMARY, error_code, statuses


def test_new_replica_is_in_progress_for_the_delay_then_in_sync(standin, client):
    standin.configure(replication_delay_seconds=0.5)
    primary, replica_region = client("secretsmanager"), client("secretsmanager", "eu-west-1")
    created = primary.create_secret(Name="app/db", SecretString="v1", AddReplicaRegions=[{"Region": "eu-west-1"}])
    assert created["ReplicationStatus"][0]["Status"] == "InProgress"

    assert statuses(primary.describe_secret(SecretId="app/db"))["eu-west-1"]["Status"] == "InProgress"
    in_region = statuses(replica_region.describe_secret(SecretId="app/db"))["eu-west-1"]
    assert in_region["Status"] == "InProgress"
    assert in_region["StatusMessage"] == "Replication in progress..."

    time.sleep(0.6)
    assert statuses(primary.describe_secret(SecretId="app/db"))["eu-west-1"]["Status"] == "InSync"
    assert statuses(replica_region.describe_secret(SecretId="app/db"))["eu-west-1"]["Status"] == "InSync"


def test_replicate_secret_to_regions_also_starts_in_progress(standin, client):
    primary = client("secretsmanager")
    primary.create_secret(Name="s", SecretString="v")
    standin.configure(replication_delay_seconds=0.5)
    answer = primary.replicate_secret_to_regions(SecretId="s", AddReplicaRegions=[{"Region": "eu-west-1"}])
    assert statuses(answer)["eu-west-1"]["Status"] == "InProgress"
    time.sleep(0.6)
    assert statuses(primary.describe_secret(SecretId="s"))["eu-west-1"]["Status"] == "InSync"


def test_with_no_delay_a_replica_is_in_sync_at_once(client):
    primary = client("secretsmanager")
    created = primary.create_secret(Name="s", SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1"}])
    assert created["ReplicationStatus"][0]["Status"] == "InSync"


def test_replica_reports_the_kms_key_asked_for_or_the_default(client):
    kms = client("kms", "eu-west-1")
    key = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/replica", TargetKeyId=key["KeyId"])
    alias_arn = f"arn:aws:kms:eu-west-1:{key['AWSAccountId']}:alias/replica"
    primary = client("secretsmanager")
    asked = {"by-id": key["KeyId"], "by-arn": key["Arn"], "by-alias": "alias/replica", "by-alias-arn": alias_arn}
    for name, key_ref in asked.items():
        primary.create_secret(Name=name, SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1", "KmsKeyId": key_ref}])
        entry = statuses(primary.describe_secret(SecretId=name))["eu-west-1"]
        assert (entry["KmsKeyId"], entry["Status"]) == (key_ref, "InSync"), name
    primary.create_secret(Name="default", SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1"}])
    assert statuses(primary.describe_secret(SecretId="default"))["eu-west-1"]["KmsKeyId"] == "alias/aws/secretsmanager"
    # The replica's own DescribeSecret shows its key (omitted for aws/secretsmanager, as AWS does).
    assert client("secretsmanager", "eu-west-1").describe_secret(SecretId="by-arn")["KmsKeyId"] == key["Arn"]
    assert "KmsKeyId" not in client("secretsmanager", "eu-west-1").describe_secret(SecretId="default")


@pytest.mark.parametrize("key_ref", ["alias/missing", "1234abcd-12ab-34cd-56ef-1234567890ab"])
def test_missing_replica_key_fails_replication_and_leaves_no_replica(client, key_ref):
    primary = client("secretsmanager")
    primary.create_secret(Name="s", SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1", "KmsKeyId": key_ref}])
    entry = statuses(primary.describe_secret(SecretId="s"))["eu-west-1"]
    assert entry["Status"] == "Failed"
    assert entry["KmsKeyId"] == key_ref
    assert entry["StatusMessage"] == f"Replication failed: The KMS key '{key_ref}' was not found in region eu-west-1."
    with pytest.raises(ClientError) as excinfo:
        client("secretsmanager", "eu-west-1").describe_secret(SecretId="s")
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_key_of_another_region_is_not_found_in_the_replica_region(client):
    key_in_primary_region = client("kms").create_key()["KeyMetadata"]["Arn"]
    primary = client("secretsmanager")
    primary.create_secret(Name="s", SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1", "KmsKeyId": key_in_primary_region}])
    entry = statuses(primary.describe_secret(SecretId="s"))["eu-west-1"]
    assert entry["Status"] == "Failed"
    assert "not found in region eu-west-1" in entry["StatusMessage"]


def test_disabled_replica_key_fails_replication(standin, client):
    kms = client("kms", "eu-west-1")
    key_id = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.disable_key(KeyId=key_id)
    standin.configure(replication_delay_seconds=0.5)
    primary = client("secretsmanager")
    primary.create_secret(Name="s", SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1", "KmsKeyId": key_id}])
    assert statuses(primary.describe_secret(SecretId="s"))["eu-west-1"]["Status"] == "InProgress"
    time.sleep(0.6)
    entry = statuses(primary.describe_secret(SecretId="s"))["eu-west-1"]
    assert entry["Status"] == "Failed"
    assert entry["StatusMessage"] == f"Replication failed: The KMS key '{key_id}' is disabled in region eu-west-1."
    with pytest.raises(ClientError):
        client("secretsmanager", "eu-west-1").describe_secret(SecretId="s")


def test_default_key_named_explicitly_is_always_usable(client):
    primary = client("secretsmanager")
    primary.create_secret(Name="s", SecretString="v",
                          AddReplicaRegions=[{"Region": "eu-west-1", "KmsKeyId": "alias/aws/secretsmanager"}])
    assert statuses(primary.describe_secret(SecretId="s"))["eu-west-1"]["Status"] == "InSync"


def test_name_conflict_message_names_the_secret_and_force_overwrite_replaces_it(client):
    other_region = client("secretsmanager", "eu-west-1")
    other = other_region.create_secret(Name="app/db", SecretString="theirs")
    primary = client("secretsmanager")
    primary.create_secret(Name="app/db", SecretString="ours")

    primary.replicate_secret_to_regions(SecretId="app/db", AddReplicaRegions=[{"Region": "eu-west-1"}])
    entry = statuses(primary.describe_secret(SecretId="app/db"))["eu-west-1"]
    assert entry["Status"] == "Failed"
    assert entry["StatusMessage"] == "Replication failed: Secret app/db already exists in region eu-west-1."
    assert other_region.describe_secret(SecretId="app/db")["ARN"] == other["ARN"]  # untouched

    # The module retries a Failed replica by remove-then-replicate.
    primary.remove_regions_from_replication(SecretId="app/db", RemoveReplicaRegions=["eu-west-1"])
    answer = primary.replicate_secret_to_regions(SecretId="app/db", AddReplicaRegions=[{"Region": "eu-west-1"}],
                                                 ForceOverwriteReplicaSecret=True)
    assert [(e["Region"], e["Status"]) for e in answer["ReplicationStatus"]] == [("eu-west-1", "InSync")]
    in_region = other_region.describe_secret(SecretId="app/db")
    assert in_region["PrimaryRegion"] == PRIMARY
    assert in_region["ARN"] != other["ARN"]
    assert len(other_region.list_secrets()["SecretList"]) == 1


def test_force_overwrite_on_create_replaces_the_other_secret(client):
    other_region = client("secretsmanager", "eu-west-1")
    other_region.create_secret(Name="s", SecretString="theirs")
    primary = client("secretsmanager")
    created = primary.create_secret(Name="s", SecretString="ours", AddReplicaRegions=[{"Region": "eu-west-1"}],
                                    ForceOverwriteReplicaSecret=True)
    assert created["ReplicationStatus"][0]["Status"] == "InSync"
    assert other_region.describe_secret(SecretId="s")["ARN"] == created["ARN"].replace(PRIMARY, "eu-west-1")


def test_replicate_and_remove_answer_the_primary_arn(client):
    primary = client("secretsmanager")
    arn = primary.create_secret(Name="s", SecretString="v")["ARN"]
    assert primary.replicate_secret_to_regions(SecretId="s", AddReplicaRegions=[{"Region": "eu-west-1"}])["ARN"] == arn
    assert primary.remove_regions_from_replication(SecretId="s", RemoveReplicaRegions=["eu-west-1"])["ARN"] == arn


def test_primary_region_on_replicated_primary_only(client):
    primary = client("secretsmanager")
    primary.create_secret(Name="plain", SecretString="v")
    primary.create_secret(Name="replicated", SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1"}])
    assert "PrimaryRegion" not in primary.describe_secret(SecretId="plain")
    assert primary.describe_secret(SecretId="replicated")["PrimaryRegion"] == PRIMARY
    assert client("secretsmanager", "eu-west-1").describe_secret(SecretId="replicated")["PrimaryRegion"] == PRIMARY


def test_removing_a_failed_replica_removes_the_entry_and_the_region_can_be_added_again(client):
    primary = client("secretsmanager")
    primary.create_secret(Name="s", SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1", "KmsKeyId": "alias/missing"}])
    answer = primary.remove_regions_from_replication(SecretId="s", RemoveReplicaRegions=["eu-west-1"])
    assert answer["ReplicationStatus"] == []
    assert "ReplicationStatus" not in primary.describe_secret(SecretId="s")

    primary.replicate_secret_to_regions(SecretId="s", AddReplicaRegions=[{"Region": "eu-west-1"}])
    assert [(e["Region"], e["Status"]) for e in primary.describe_secret(SecretId="s")["ReplicationStatus"]] == [("eu-west-1", "InSync")]
    assert client("secretsmanager", "eu-west-1").describe_secret(SecretId="s")["PrimaryRegion"] == PRIMARY


def test_readding_a_listed_region_does_not_crash_and_removal_cleans_up(client):
    """moto adds a duplicate entry (not fixed); removal afterwards must still work (moto: HTTP 500)."""
    primary = client("secretsmanager")
    primary.create_secret(Name="s", SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1"}])
    primary.replicate_secret_to_regions(SecretId="s", AddReplicaRegions=[{"Region": "eu-west-1"}], ForceOverwriteReplicaSecret=True)
    primary.replicate_secret_to_regions(SecretId="s", AddReplicaRegions=[{"Region": "eu-west-1"}])
    answer = primary.remove_regions_from_replication(SecretId="s", RemoveReplicaRegions=["eu-west-1"])
    assert answer["ReplicationStatus"] == []
    assert client("secretsmanager", "eu-west-1").list_secrets()["SecretList"] == []


def test_replicating_to_the_primary_region_is_refused(client):
    primary = client("secretsmanager")
    primary.create_secret(Name="s", SecretString="v")
    with pytest.raises(ClientError) as excinfo:
        primary.replicate_secret_to_regions(SecretId="s", AddReplicaRegions=[{"Region": PRIMARY}])
    assert error_code(excinfo) == "InvalidParameterException"
    assert excinfo.value.response["Error"]["Message"] == "Invalid replica region."
