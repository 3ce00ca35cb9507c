# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection: throttling share, unavailable Regions, latency; switchable at run time, seedable."""

import time

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from standin import StandInConfigError
from standin_test_helpers import error_code


def outcomes(sm, calls):
    """'ok' or the error code of each of `calls` ListSecrets calls."""
    result = []
    for _call in range(calls):
        try:
            sm.list_secrets()
            result.append("ok")
        except ClientError as error:
            result.append(error.response["Error"]["Code"])
    return result


def test_throttle_rate_throttles_that_share_reproducibly_with_a_seed(standin, client):
    sm = client("secretsmanager")
    standin.set_faults(throttle_rate=0.5, seed=7)
    first = outcomes(sm, 60)
    standin.set_faults(seed=7)
    second = outcomes(sm, 60)
    assert first == second
    assert set(first) == {"ok", "ThrottlingException"}
    assert 15 <= first.count("ThrottlingException") <= 45


def test_throttled_call_is_a_retryable_throttling_error(standin, client):
    standin.set_faults(throttle_rate=1.0)
    with pytest.raises(ClientError) as excinfo:
        client("secretsmanager").list_secrets()
    response = excinfo.value.response
    assert (response["Error"]["Code"], response["Error"]["Message"]) == ("ThrottlingException", "Rate exceeded")
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 400

    # botocore's standard retry mode treats it as retryable: it calls again (one retry allowed here).
    retrying = standin.client("secretsmanager", config=Config(retries={"total_max_attempts": 2, "mode": "standard"}))
    standin.clear_request_log()
    with pytest.raises(ClientError) as excinfo:
        retrying.list_secrets()
    assert excinfo.value.response["ResponseMetadata"]["RetryAttempts"] == 1
    assert [(r["operation"], r["status"]) for r in standin.request_log()] == [("ListSecrets", 400), ("ListSecrets", 400)]


def test_throttle_operations_limits_throttling_to_those_operations(standin, client):
    sm = client("secretsmanager")
    sm.create_secret(Name="s", SecretString="v")
    standin.set_faults(throttle_rate=1.0, throttle_operations=["DescribeSecret"])
    sm.list_secrets()
    with pytest.raises(ClientError) as excinfo:
        sm.describe_secret(SecretId="s")
    assert error_code(excinfo) == "ThrottlingException"


def test_query_protocol_services_get_xml_throttling_errors(standin, client):
    standin.set_faults(throttle_rate=1.0)
    with pytest.raises(ClientError) as excinfo:
        client("sts").get_caller_identity()
    assert error_code(excinfo) == "Throttling"
    with pytest.raises(ClientError) as excinfo:
        client("ec2").describe_regions()
    assert error_code(excinfo) == "RequestLimitExceeded"


def test_unavailable_region_answers_503_for_every_call_there_only(standin, client):
    standin.set_faults(unavailable_regions=["us-west-2"])
    for service, call in (("secretsmanager", "list_secrets"), ("kms", "list_keys"), ("sts", "get_caller_identity")):
        with pytest.raises(ClientError) as excinfo:
            getattr(client(service, "us-west-2"), call)()
        response = excinfo.value.response
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 503, service
        assert response["Error"]["Code"] == "ServiceUnavailable", service
        assert "us-west-2" in response["Error"]["Message"] and "stand-in" in response["Error"]["Message"]
    client("secretsmanager", "eu-west-1").list_secrets()

    standin.set_faults(unavailable_regions=[])  # switchable at run time
    client("secretsmanager", "us-west-2").list_secrets()


def test_latency_delays_every_call(standin, client):
    sm = client("secretsmanager")
    sm.list_secrets()
    standin.set_faults(latency_ms=300)
    started = time.monotonic()
    sm.list_secrets()
    assert time.monotonic() - started >= 0.3
    standin.clear_faults()
    started = time.monotonic()
    sm.list_secrets()
    assert time.monotonic() - started < 0.3


def test_bad_fault_settings_are_refused(standin):
    with pytest.raises(StandInConfigError):
        standin.set_faults(throttle_rate=2)
    with pytest.raises(StandInConfigError):
        standin.set_faults(throttle_rates=0.1)
    assert standin.faults()["throttle_rate"] == 0.0
