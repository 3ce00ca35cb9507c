# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HTTP control API (/_standin/...) and the request log."""

import json
import urllib.error
import urllib.request

import pytest
from botocore.exceptions import ClientError

from standin import ACCOUNT_ID
from standin_test_helpers import statuses


def control(standin, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{standin.url}/_standin{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_request_log_lists_calls_in_order_with_region_service_operation_mutating_status(standin, client):
    sm = client("secretsmanager")
    sm.create_secret(Name="s", SecretString="v")
    with pytest.raises(ClientError):
        client("secretsmanager", "eu-west-1").describe_secret(SecretId="s")
    client("kms", "eu-west-1").list_keys()
    client("sts").get_caller_identity()
    client("ec2").describe_regions()
    client("iam").list_users()
    with pytest.raises(ClientError):
        client("iam").get_user(UserName="nobody")
    control(standin, "GET", "/faults")  # control calls are not logged

    status, body = control(standin, "GET", "/requests")
    assert status == 200
    assert standin.request_log() == body["requests"]
    arrivals = [entry.pop("at") for entry in body["requests"]]
    assert arrivals == sorted(arrivals) and arrivals[-1] - arrivals[0] < 60
    ok = {"account": ACCOUNT_ID, "error_code": None, "throttled_by": None, "mutating": False}
    assert body["requests"] == [
        {"region": "us-east-1", "service": "secretsmanager", "operation": "CreateSecret", "status": 200, **ok, "mutating": True},
        {"region": "eu-west-1", "service": "secretsmanager", "operation": "DescribeSecret", "status": 404,
         **ok, "error_code": "ResourceNotFoundException"},
        {"region": "eu-west-1", "service": "kms", "operation": "ListKeys", "status": 200, **ok},
        {"region": "us-east-1", "service": "sts", "operation": "GetCallerIdentity", "status": 200, **ok},
        {"region": "us-east-1", "service": "ec2", "operation": "DescribeRegions", "status": 200, **ok},
        {"region": "us-east-1", "service": "iam", "operation": "ListUsers", "status": 200, **ok},
        # query protocol: the code is read from the XML body
        {"region": "us-east-1", "service": "iam", "operation": "GetUser", "status": 404, **ok, "error_code": "NoSuchEntity"},
    ]

    assert control(standin, "DELETE", "/requests") == (200, {"requests": []})
    assert control(standin, "GET", "/requests")[1] == {"requests": []}


def test_request_log_shows_the_account_a_call_acted_in(standin):
    other_account = standin.client("secretsmanager", account="222222222222")
    other_account.list_secrets()
    assert [(r["operation"], r["account"]) for r in standin.request_log()] == [("AssumeRole", ACCOUNT_ID), ("ListSecrets", "222222222222")]


def test_faults_over_http_merge_show_and_clear(standin, client):
    status, faults = control(standin, "POST", "/faults", {"unavailable_regions": ["us-west-2"], "seed": 3})
    assert status == 200
    assert faults["unavailable_regions"] == ["us-west-2"]
    _status, faults = control(standin, "POST", "/faults", {"latency_ms": 5})
    assert (faults["unavailable_regions"], faults["latency_ms"]) == (["us-west-2"], 5)
    assert control(standin, "GET", "/faults")[1] == faults
    with pytest.raises(ClientError):
        client("secretsmanager", "us-west-2").list_secrets()

    _status, cleared = control(standin, "DELETE", "/faults")
    assert cleared == {"throttle_rate": 0.0, "unavailable_regions": [], "latency_ms": 0, "throttle_operations": None, "seed": None,
                       "deny_assume_role": []}
    client("secretsmanager", "us-west-2").list_secrets()


def test_bad_control_bodies_are_refused_with_400(standin):
    assert control(standin, "POST", "/faults", {"throttle_rate": 1.5})[0] == 400
    assert control(standin, "POST", "/faults", {"nonsense": 1})[0] == 400
    assert control(standin, "POST", "/config", {"replication_delay_seconds": -1})[0] == 400
    assert control(standin, "POST", "/config", {"write_quota_per_second": -5})[0] == 400
    assert control(standin, "POST", "/config", {"write_quota_per_second": True})[0] == 400
    assert control(standin, "POST", "/config", {"stale_replica_status_after_promotion": "yes"})[0] == 400
    assert control(standin, "GET", "/nowhere")[0] == 404


def test_config_over_http(standin, client):
    defaults = {"replication_delay_seconds": 0.0, "write_quota_per_second": None, "stale_replica_status_after_promotion": False}
    assert control(standin, "GET", "/config") == (200, defaults)
    assert control(standin, "POST", "/config", {"replication_delay_seconds": 30}) == (200, {**defaults, "replication_delay_seconds": 30.0})
    sm = client("secretsmanager")
    sm.create_secret(Name="s", SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1"}])
    assert statuses(sm.describe_secret(SecretId="s"))["eu-west-1"]["Status"] == "InProgress"


def test_reset_wipes_every_region_faults_config_and_log(standin, client):
    client("secretsmanager").create_secret(Name="s", SecretString="v", AddReplicaRegions=[{"Region": "eu-west-1"}])
    client("kms", "ap-south-1").create_key()
    control(standin, "POST", "/faults", {"latency_ms": 1, "unavailable_regions": ["sa-east-1"]})
    control(standin, "POST", "/config", {"replication_delay_seconds": 5})

    assert control(standin, "POST", "/reset") == (200, {"reset": True})

    assert standin.request_log() == []
    assert control(standin, "GET", "/config")[1]["replication_delay_seconds"] == 0.0
    assert control(standin, "GET", "/faults")[1]["unavailable_regions"] == []
    assert client("secretsmanager").list_secrets()["SecretList"] == []
    assert client("secretsmanager", "eu-west-1").list_secrets()["SecretList"] == []
    assert client("kms", "ap-south-1").list_keys()["Keys"] == []


def test_status_endpoint(standin):
    status, body = control(standin, "GET", "/status")
    assert status == 200 and body["running"] is True


def test_standin_env_fixture_points_boto3_at_the_standin(standin_env):
    import boto3  # pylint: disable=import-outside-toplevel

    boto3.client("secretsmanager", region_name="us-east-1").create_secret(Name="via-env", SecretString="v")
    assert [r["operation"] for r in standin_env.request_log()] == ["CreateSecret"]
