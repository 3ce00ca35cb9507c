# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""StopReplicationToReplica promotes a replica, in the replica's Region only."""

import pytest
from botocore.exceptions import ClientError
from moto.secretsmanager.models import secretsmanager_backends

from standin import ACCOUNT_ID
from standin_test_helpers import PRIMARY, error_code, statuses

REPLICA = "eu-west-1"


def stored_versions(region, name):
    """The stand-in's stored versions (in-process look, so the tests never call GetSecretValue)."""
    return secretsmanager_backends[ACCOUNT_ID][region].secrets[name].versions


def replicated(client, name="app/db", regions=(REPLICA, "us-west-2")):
    primary = client("secretsmanager")
    primary.create_secret(Name=name, SecretString="v1", AddReplicaRegions=[{"Region": r} for r in regions])
    return primary, client("secretsmanager", REPLICA)


@pytest.mark.parametrize("by", ["name", "arn"])
def test_stop_replication_promotes_the_replica(client, by):
    primary, replica_region = replicated(client)
    before = replica_region.describe_secret(SecretId="app/db")
    versions_before = stored_versions(PRIMARY, "app/db")
    secret_id = before["ARN"] if by == "arn" else "app/db"

    answer = replica_region.stop_replication_to_replica(SecretId=secret_id)

    assert answer["ARN"] == before["ARN"]
    promoted = replica_region.describe_secret(SecretId="app/db")
    assert "PrimaryRegion" not in promoted
    assert "ReplicationStatus" not in promoted
    assert (promoted["ARN"], promoted["Name"]) == (before["ARN"], "app/db")
    assert promoted["VersionIdsToStages"] == before["VersionIdsToStages"]
    assert stored_versions(REPLICA, "app/db") == versions_before
    assert set(statuses(primary.describe_secret(SecretId="app/db"))) == {"us-west-2"}


def test_promoted_secret_is_independent_of_the_primary(client):
    primary, replica_region = replicated(client)
    replica_region.stop_replication_to_replica(SecretId="app/db")
    stages_after_promotion = replica_region.describe_secret(SecretId="app/db")["VersionIdsToStages"]

    primary.put_secret_value(SecretId="app/db", SecretString="v2")
    assert replica_region.describe_secret(SecretId="app/db")["VersionIdsToStages"] == stages_after_promotion

    # It can now be written in its own Region (a replica can't).
    written = replica_region.put_secret_value(SecretId="app/db", SecretString="v3")
    assert written["VersionId"] in replica_region.describe_secret(SecretId="app/db")["VersionIdsToStages"]
    assert written["VersionId"] not in primary.describe_secret(SecretId="app/db")["VersionIdsToStages"]


def test_stop_replication_works_while_the_primary_region_is_unavailable(standin, client):
    _primary, replica_region = replicated(client)
    standin.set_faults(unavailable_regions=[PRIMARY])
    standin.clear_request_log()

    replica_region.stop_replication_to_replica(SecretId="app/db")
    assert "PrimaryRegion" not in replica_region.describe_secret(SecretId="app/db")

    log = standin.request_log()
    assert [(r["region"], r["operation"], r["status"]) for r in log] == [
        (REPLICA, "StopReplicationToReplica", 200),
        (REPLICA, "DescribeSecret", 200),
    ]
    standin.clear_faults()
    assert set(statuses(client("secretsmanager").describe_secret(SecretId="app/db"))) == {"us-west-2"}


def test_stop_replication_on_a_secret_that_is_not_a_replica_is_refused(client):
    primary, _replica_region = replicated(client)
    with pytest.raises(ClientError) as excinfo:
        primary.stop_replication_to_replica(SecretId="app/db")
    assert error_code(excinfo) == "InvalidParameterException"
    assert excinfo.value.response["Error"]["Message"] == "The secret is not a replica secret"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize("by", ["name", "arn"])
def test_a_second_promotion_of_the_same_replica_is_refused_as_not_a_replica(client, by):
    """Two runs promote the same replica: the later call is refused, as AWS refuses it, and changes nothing."""
    primary, replica_region = replicated(client)
    arn = replica_region.describe_secret(SecretId="app/db")["ARN"]
    replica_region.stop_replication_to_replica(SecretId="app/db")
    promoted = replica_region.describe_secret(SecretId="app/db")
    with pytest.raises(ClientError) as excinfo:
        replica_region.stop_replication_to_replica(SecretId=arn if by == "arn" else "app/db")
    assert (error_code(excinfo), excinfo.value.response["Error"]["Message"]) == ("InvalidParameterException", "The secret is not a replica secret")
    after = replica_region.describe_secret(SecretId="app/db")
    assert (after["ARN"], after["VersionIdsToStages"]) == (arn, promoted["VersionIdsToStages"])
    assert "PrimaryRegion" not in after
    assert set(statuses(primary.describe_secret(SecretId="app/db"))) == {"us-west-2"}


def test_stop_replication_on_an_unknown_secret_is_not_found(client):
    with pytest.raises(ClientError) as excinfo:
        client("secretsmanager", REPLICA).stop_replication_to_replica(SecretId="nope")
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_primary_can_be_deleted_after_its_replicas_are_promoted(client):
    primary, replica_region = replicated(client, regions=(REPLICA,))
    replica_region.stop_replication_to_replica(SecretId="app/db")
    primary.delete_secret(SecretId="app/db", ForceDeleteWithoutRecovery=True)
    assert replica_region.describe_secret(SecretId="app/db")["Name"] == "app/db"
