# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest
from botocore.exceptions import ClientError
from botocore.exceptions import EndpointConnectionError

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import failures
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.errors import SecretsManagerReplicationError


@pytest.mark.parametrize(
    "message, reason",
    [
        ("Replication failed: Secret prod/db already exists in region eu-west-1.", "name_conflict"),
        ("Secret with this name already exists in this region", "name_conflict"),
        ("Access denied to KMS key arn:aws:kms:eu-west-1:1:key/x", "kms_access_denied"),
        ("User is not authorized to perform kms:GenerateDataKey", "kms_access_denied"),
        ("Replication failed: KMS key alias/x not found in region eu-west-1.", "kms_key_unusable"),
        ("Replication failed: KMS key arn:aws:kms:eu-west-1:1:key/x is disabled.", "kms_key_unusable"),
        ("The KMS key is pending deletion", "kms_key_unusable"),
        ("Region me-south-1 is not enabled for this account", "region_disabled"),
        ("Something else went wrong", "unknown"),
        ("", "unknown"),
        (None, "unknown"),
    ],
)
def test_classify_status_message(message, reason):
    assert failures.classify_status_message(message) == reason


def test_describe_failure_names_region_and_fix():
    failure = failures.describe_failure("eu-west-1", "Secret db already exists in region eu-west-1.")
    assert failure["region"] == "eu-west-1"
    assert failure["reason"] == "name_conflict"
    assert "overwrite: true" in failure["remedy"] and "eu-west-1" in failure["remedy"]


def test_every_reason_has_a_remedy_and_the_message_lists_each_region():
    items = [failures.describe_failure(region, message) for region, message in [("eu-west-1", "x already exists"), ("us-west-2", "KMS key disabled")]]
    message = failures.failures_message(items)
    assert "eu-west-1: name_conflict (x already exists): " in message and "us-west-2: kms_key_unusable (KMS key disabled): " in message
    for reason in failures.REASONS:
        assert failures.describe_failure("eu-west-1", "m", reason=reason)["remedy"]


RETRYABLE = {"region_unreachable", "throttled", "wait_timeout", "concurrent_change", "unknown"}


@pytest.mark.parametrize("reason", failures.REASONS)
def test_every_reason_says_whether_retrying_can_help(reason):
    failure = failures.describe_failure("eu-west-1", "m", reason=reason)
    assert failure["retryable"] is (reason in RETRYABLE)


def client_error(code, status=400):
    return ClientError({"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "ReplicateSecretToRegions")


@pytest.mark.parametrize(
    "error, reason",
    [
        (client_error("ThrottlingException"), "throttled"),
        (client_error("Throttling"), "throttled"),
        (client_error("ServiceUnavailable", 503), "region_unreachable"),
        (EndpointConnectionError(endpoint_url="https://secretsmanager.eu-west-1.amazonaws.com"), "region_unreachable"),
        (client_error("AccessDeniedException"), "access_denied"),
        (client_error("ResourceNotFoundException"), "secret_not_found"),
        (client_error("InvalidParameterException"), "refused"),
        (client_error("LimitExceededException"), "unknown"),
        (SecretsManagerReplicationError(message="Failed to x", exception=client_error("ThrottlingException")), "throttled"),
    ],
)
def test_errors_are_classified_by_code_also_when_wrapped(error, reason):
    assert failures.classify_error(error) == reason
