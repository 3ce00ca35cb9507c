# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import json

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.events import CONVERGE
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.events import CONVERGE_EVENTS
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.events import IGNORE
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.events import LOG_ONLY
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.events import NotAnEvent
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.events import classify
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.events import shown
from ansible_collections.secretsmanager.replication.tests.eda import eventbridge

ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf"


def webhook(message):
    """What eda.builtin.webhook delivers: the request's JSON body under payload."""
    return {"payload": message, "meta": {"endpoint": "events", "headers": {"Content-Type": "application/json"}}}


def sqs(body):
    """What ansible.eda.aws_sqs_queue delivers: the message under body (parsed when it is JSON)."""
    return {"body": body, "meta": {"MessageId": "m-1"}}


def test_a_create_secret_converges_the_unit_of_its_account_and_region():
    decision = classify(webhook(eventbridge.create_secret("app/db", ARN, "us-east-1")))
    assert decision == {
        "action": CONVERGE,
        "reason": CONVERGE_EVENTS["CreateSecret"],
        "event_name": "CreateSecret",
        "account": "123456789012",
        "region": "us-east-1",
        "unit": "123456789012/us-east-1",
        "secret": ARN,
    }


@pytest.mark.parametrize("name", sorted(CONVERGE_EVENTS))
def test_each_call_that_can_break_the_policy_converges(name):
    event = eventbridge.cloudtrail_event(name, "eu-west-1", {"secretId": "app/db"})
    assert classify(webhook(event))["action"] == CONVERGE


@pytest.mark.parametrize("name", ["StopReplicationToReplica", "DeleteSecret"])
def test_disaster_recovery_calls_are_only_logged(name):
    decision = classify(webhook(eventbridge.cloudtrail_event(name, "us-west-2", {"secretId": "app/db"})))
    assert decision["action"] == LOG_ONLY
    assert decision["unit"] == "123456789012/us-west-2"
    assert "never" in decision["reason"]


@pytest.mark.parametrize("name", ["GetSecretValue", "PutSecretValue", "RotateSecret", "DescribeSecret", "RestoreSecret"])
def test_other_secrets_manager_calls_are_ignored(name):
    decision = classify(webhook(eventbridge.cloudtrail_event(name, "us-east-1", {"secretId": "app/db"})))
    assert decision["action"] == IGNORE
    assert decision["event_name"] == name


def test_a_failed_call_changed_nothing_and_is_ignored():
    event = eventbridge.cloudtrail_event("CreateSecret", "us-east-1", {"name": "app/db"}, error_code="ResourceExistsException")
    decision = classify(webhook(event))
    assert decision["action"] == IGNORE
    assert "ResourceExistsException" in decision["reason"]


def test_the_region_is_the_records_aws_region_not_the_bus_region():
    event = eventbridge.create_secret("app/db", ARN.replace("us-east-1", "eu-west-1"), "eu-west-1")
    event["region"] = "us-east-1"  # a rule forwarding events from eu-west-1 to a bus in us-east-1
    assert classify(webhook(event))["unit"] == "123456789012/eu-west-1"


def test_the_account_falls_back_to_the_recipient_account():
    event = eventbridge.create_secret("app/db", ARN, "us-east-1")
    del event["account"]
    event["detail"]["recipientAccountId"] = "210987654321"
    assert classify(webhook(event))["unit"] == "210987654321/us-east-1"


@pytest.mark.parametrize(
    "response, request_parameters, expected",
    [
        ({"arn": ARN}, {"secretId": "app/db"}, ARN),
        ({"aRN": ARN}, {"secretId": "app/db"}, ARN),  # the spelling before February 2024
        (None, {"secretId": "app/db"}, "app/db"),
        (None, {"name": "app/db"}, "app/db"),
        (None, None, None),
        ({"arn": "{{ lookup('pipe', 'id') }}"}, {"secretId": "app/db"}, "app/db"),  # not a secret id: never passed on
    ],
)
def test_the_secret_is_the_response_arn_else_the_request_id(response, request_parameters, expected):
    event = eventbridge.cloudtrail_event("TagResource", "us-east-1", request_parameters, response)
    assert classify(webhook(event))["secret"] == expected


def test_the_old_arn_spelling_of_remove_regions_is_read():
    event = eventbridge.remove_regions_from_replication("app/db", ARN, "us-east-1", ["us-west-2"], old_arn_key=True)
    assert classify(webhook(event))["secret"] == ARN


def test_an_sqs_body_is_read_parsed_or_as_json_text():
    event = eventbridge.create_secret("app/db", ARN, "us-east-1")
    assert classify(sqs(event)) == classify(sqs(json.dumps(event))) == classify(webhook(event))


@pytest.mark.parametrize(
    "delivered, why",
    [
        ("text", "not an object"),
        ({"something": 1}, "neither a webhook payload nor an SQS body"),
        (sqs("{not json"), "not JSON"),
        (webhook(["a", "list"]), "not a JSON object"),
        (webhook(dict(eventbridge.create_secret("a", ARN, "us-east-1"), source="aws.ec2")), "source is aws.ec2"),
        (webhook(dict(eventbridge.create_secret("a", ARN, "us-east-1"), **{"detail-type": "Object Created"})), "detail-type"),
        (webhook({"source": "aws.secretsmanager", "detail-type": "AWS API Call via CloudTrail"}), "no detail"),
        (webhook(eventbridge.cloudtrail_event("", "us-east-1")), "eventName is missing"),
        (webhook(eventbridge.cloudtrail_event("CreateSecret", "")), "awsRegion"),
        (webhook(eventbridge.cloudtrail_event("CreateSecret", "us-east-1 && id")), "not a Region name"),
        (webhook(eventbridge.cloudtrail_event("CreateSecret", "us-east-1", account="12")), "not a 12-digit account id"),
    ],
)
def test_anything_else_is_not_an_event_and_says_why(delivered, why):
    with pytest.raises(NotAnEvent, match=why):
        classify(delivered)


def test_another_services_record_under_the_right_source_is_refused():
    event = eventbridge.create_secret("app/db", ARN, "us-east-1")
    event["detail"]["eventSource"] = "kms.amazonaws.com"
    with pytest.raises(NotAnEvent, match="eventSource is kms.amazonaws.com"):
        classify(webhook(event))


def test_shown_keeps_log_lines_short_and_printable():
    assert shown("a\nb") == "a?b"
    assert shown("x" * 500).endswith("...") and len(shown("x" * 500)) == 123
    assert shown(None) == "null"
