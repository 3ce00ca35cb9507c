# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""UpdateSecret(KmsKeyId) on a replica, in its own Region, changes that replica's key; nothing else is allowed."""

import pytest
from botocore.exceptions import ClientError

from standin_test_helpers import error_code, statuses

REPLICA = "eu-west-1"
NOT_PERMITTED = "Operation not permitted on a replica secret. Call must be made in primary secret's region."


@pytest.fixture
def replica(client):
    client("secretsmanager").create_secret(Name="s", SecretString="v", AddReplicaRegions=[{"Region": REPLICA}])
    return client("secretsmanager", REPLICA)


def test_update_secret_kms_key_rekeys_the_replica(client, replica):
    key_arn = client("kms", REPLICA).create_key()["KeyMetadata"]["Arn"]
    answer = replica.update_secret(SecretId="s", KmsKeyId=key_arn)
    assert answer["ARN"].split(":")[3] == REPLICA
    assert "VersionId" not in answer
    entry = statuses(client("secretsmanager").describe_secret(SecretId="s"))[REPLICA]
    assert (entry["KmsKeyId"], entry["Status"]) == (key_arn, "InSync")
    assert replica.describe_secret(SecretId="s")["KmsKeyId"] == key_arn
    assert "KmsKeyId" not in client("secretsmanager").describe_secret(SecretId="s")  # the primary keeps its key


def test_update_secret_empty_kms_key_goes_back_to_the_default(client, replica):
    replica.update_secret(SecretId="s", KmsKeyId=client("kms", REPLICA).create_key()["KeyMetadata"]["KeyId"])
    replica.update_secret(SecretId="s", KmsKeyId="")
    assert statuses(client("secretsmanager").describe_secret(SecretId="s"))[REPLICA]["KmsKeyId"] == "alias/aws/secretsmanager"


@pytest.mark.parametrize("disabled", [False, True])
def test_update_secret_with_an_unusable_key_is_refused(client, replica, disabled):
    if disabled:
        kms = client("kms", REPLICA)
        key_ref = kms.create_key()["KeyMetadata"]["KeyId"]
        kms.disable_key(KeyId=key_ref)
    else:
        key_ref = "alias/missing"
    with pytest.raises(ClientError) as excinfo:
        replica.update_secret(SecretId="s", KmsKeyId=key_ref)
    assert error_code(excinfo) == "EncryptionFailure"
    assert ("is disabled in region" if disabled else "was not found in region") in excinfo.value.response["Error"]["Message"]
    assert statuses(client("secretsmanager").describe_secret(SecretId="s"))[REPLICA]["KmsKeyId"] == "alias/aws/secretsmanager"


@pytest.mark.parametrize("change", [{"Description": "d"}, {"SecretString": "v2"}, {"Description": "d", "KmsKeyId": "alias/aws/secretsmanager"}])
def test_any_other_update_on_a_replica_stays_refused(replica, change):
    with pytest.raises(ClientError) as excinfo:
        replica.update_secret(SecretId="s", **change)
    assert error_code(excinfo) == "InvalidParameterException"
    assert excinfo.value.response["Error"]["Message"] == NOT_PERMITTED


def test_update_secret_kms_key_on_a_primary_is_moto_as_usual(client, replica):
    primary = client("secretsmanager")
    key_id = client("kms").create_key()["KeyMetadata"]["KeyId"]
    primary.update_secret(SecretId="s", KmsKeyId=key_id)
    assert primary.describe_secret(SecretId="s")["KmsKeyId"] == key_id
    assert statuses(primary.describe_secret(SecretId="s"))[REPLICA]["KmsKeyId"] == "alias/aws/secretsmanager"
