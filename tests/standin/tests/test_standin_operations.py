# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""standin.operations: every Secrets Manager and KMS operation is classified, and the request log uses it."""

import botocore.session
import pytest

from standin.operations import MUTATING_OPERATIONS, SECRET_VALUE_READS, is_mutating, mutating_calls

# Everything else botocore knows for these services: reads, and cryptographic calls that change no resource.
READ_ONLY_OPERATIONS = {
    "secretsmanager": {
        "BatchGetSecretValue", "DescribeSecret", "GetRandomPassword", "GetResourcePolicy", "GetSecretValue",
        "ListResourcePolicies", "ListSecretVersionIds", "ListSecrets", "ValidateResourcePolicy",
    },
    "kms": {
        "Decapsulate", "Decrypt", "DeriveSharedSecret", "DescribeCustomKeyStores", "DescribeKey", "Encapsulate", "Encrypt",
        "GenerateDataKey", "GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext", "GenerateDataKeyWithoutPlaintext",
        "GenerateMac", "GenerateRandom", "GetKeyLastUsage", "GetKeyPolicy", "GetKeyRotationStatus", "GetParametersForImport",
        "GetPublicKey", "ListAliases", "ListGrants", "ListKeyPolicies", "ListKeyRotations", "ListKeys", "ListResourceTags",
        "ListRetirableGrants", "ReEncrypt", "Sign", "Verify", "VerifyMac",
    },
}


@pytest.mark.parametrize("service", sorted(MUTATING_OPERATIONS))
def test_every_botocore_operation_is_classified_once(service):
    known = set(botocore.session.get_session().get_service_model(service).operation_names)
    mutating, read_only = MUTATING_OPERATIONS[service], READ_ONLY_OPERATIONS[service]
    assert not mutating & read_only
    assert known - mutating - read_only == set(), "classify the new operations in standin/operations.py or READ_ONLY_OPERATIONS"
    assert (mutating | read_only) - known == set(), "operations botocore does not know"


def test_value_reads_are_reads_not_mutations():
    assert SECRET_VALUE_READS <= READ_ONLY_OPERATIONS["secretsmanager"]


def test_is_mutating_looks_at_the_service_too():
    assert is_mutating("secretsmanager", "TagResource") and is_mutating("kms", "TagResource")
    assert not is_mutating("secretsmanager", "DescribeSecret")
    assert not is_mutating("sts", "AssumeRole") and not is_mutating("ec2", "DescribeRegions")
    assert not is_mutating(None, None)  # a call the stand-in could not attribute


def test_the_request_log_marks_mutating_calls(standin, client):
    sm, kms = client("secretsmanager"), client("kms", "eu-west-1")
    sm.create_secret(Name="s", SecretString="v")
    sm.describe_secret(SecretId="s")
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.describe_key(KeyId=key)

    log = standin.request_log()

    assert [(entry["operation"], entry["mutating"]) for entry in log] == [
        ("CreateSecret", True), ("DescribeSecret", False), ("CreateKey", True), ("DescribeKey", False),
    ]
    assert [entry["operation"] for entry in mutating_calls(log)] == ["CreateSecret", "CreateKey"]
