# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What an event the replication guard receives is, and what the guard does about it. For internal collection use only.

Pure functions on plain data, standard library only: they run inside ansible-rulebook (the event filter
secretsmanager.replication.replication_guard), whose decision environment need not have ansible-core or botocore.

AWS facts (user guide, "Match Secrets Manager events with EventBridge" and "AWS CloudTrail entries for Secrets
Manager"): Secrets Manager sends every API call to EventBridge with "source": "aws.secretsmanager" and "detail-type":
"AWS API Call via CloudTrail"; `detail` is the CloudTrail record: eventSource secretsmanager.amazonaws.com, eventName
(the API name), awsRegion, requestParameters, responseElements, and errorCode when the call failed. Before February
2024 some records spelled the ARN key `aRN`. Delivery is best effort, so an event is only ever a trigger: the run it
starts re-reads AWS.
"""

import json
import re

EVENT_SOURCE = "aws.secretsmanager"
DETAIL_TYPE = "AWS API Call via CloudTrail"
CLOUDTRAIL_EVENT_SOURCE = "secretsmanager.amazonaws.com"

CONVERGE = "converge"
LOG_ONLY = "log_only"
IGNORE = "ignore"

# The calls after which the policy may no longer hold in the secret's (account, Region): converge that unit.
CONVERGE_EVENTS = {
    "CreateSecret": "a new secret, which the policy may select",
    "TagResource": "tags changed, and the policy may select secrets by tag",
    "UntagResource": "tags changed, and the policy may select secrets by tag",
    "RemoveRegionsFromReplication": "replicas were removed, perhaps ones the policy requires",
    "ReplicateSecretToRegions": "the replicas changed",
    "UpdateSecret": "the secret changed (description, KMS key), and the policy may select secrets by description",
}
# Disaster recovery in progress: logged and passed on for notification, never acted on.
LOG_ONLY_EVENTS = {
    "StopReplicationToReplica": "a replica was promoted to a standalone secret (disaster recovery): the guard never fights a "
    "promotion, and never replicates a secret carrying this collection's promotion marker",
    "DeleteSecret": "a secret is being deleted: the guard never recreates or re-replicates it",
}

# Strict shapes for the values an event hands to a run or to a log line. Events are not trusted: a forged Region or
# secret id must not reach a playbook's variables as anything but a plain name. Whether a Region exists is the run's
# check (botocore's partition data); this is only its syntax.
REGION_NAME = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]{1,2}")
ACCOUNT_ID = re.compile(r"[0-9]{12}")
# Secret names: ASCII letters, digits and /_+=.@- (CreateSecret, Name); ARNs add ':'.
_SECRET_ID = re.compile(r"[A-Za-z0-9/_+=.@:-]{1,2048}")
_SHOWN_CHARACTERS = 120


class NotAnEvent(Exception):
    """What arrived is not a Secrets Manager CloudTrail event; the message says why, for the one log line."""


def shown(value):
    """`value` made safe and short for a log line."""
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = "".join(character if character.isprintable() else "?" for character in text)
    return text if len(text) <= _SHOWN_CHARACTERS else text[:_SHOWN_CHARACTERS] + "..."


def eventbridge_event(event):
    """The EventBridge event inside what an ansible-rulebook source delivers.

    eda.builtin.webhook puts the request's JSON body under `payload`; ansible.eda.aws_sqs_queue puts the message under
    `body`, parsed when it is JSON and the raw text otherwise. Raises NotAnEvent for anything else.
    """
    if not isinstance(event, dict):
        raise NotAnEvent(f"not an object but {type(event).__name__}")
    if "payload" in event:
        message = event["payload"]
    elif "body" in event:
        message = event["body"]
        if isinstance(message, str):
            try:
                message = json.loads(message)
            except ValueError:
                raise NotAnEvent(f"the SQS message body is not JSON: {shown(message)}") from None
    else:
        raise NotAnEvent(f"neither a webhook payload nor an SQS body (keys: {shown(sorted(event))})")
    if not isinstance(message, dict):
        raise NotAnEvent(f"the message is not a JSON object: {shown(message)}")
    return message


def cloudtrail_record(message):
    """The CloudTrail record (`detail`) of a Secrets Manager API-call event; NotAnEvent naming the first thing wrong."""
    if message.get("source") != EVENT_SOURCE:
        raise NotAnEvent(f"source is {shown(message.get('source'))}, not {EVENT_SOURCE}")
    if message.get("detail-type") != DETAIL_TYPE:
        raise NotAnEvent(f"detail-type is {shown(message.get('detail-type'))}, not {DETAIL_TYPE!r}")
    detail = message.get("detail")
    if not isinstance(detail, dict):
        raise NotAnEvent("it has no detail object (the CloudTrail record)")
    if detail.get("eventSource", CLOUDTRAIL_EVENT_SOURCE) != CLOUDTRAIL_EVENT_SOURCE:
        raise NotAnEvent(f"detail.eventSource is {shown(detail['eventSource'])}, not {CLOUDTRAIL_EVENT_SOURCE}")
    if not isinstance(detail.get("eventName"), str) or not detail["eventName"]:
        raise NotAnEvent("detail.eventName is missing")
    if not isinstance(detail.get("awsRegion"), str) or not REGION_NAME.fullmatch(detail["awsRegion"]):
        raise NotAnEvent(f"detail.awsRegion is {shown(detail.get('awsRegion'))}, not a Region name")
    return detail


def account_of(message, detail):
    """The account the call was made in: EventBridge's `account`, else CloudTrail's recipientAccountId."""
    account = message.get("account") or detail.get("recipientAccountId")
    if not isinstance(account, str) or not ACCOUNT_ID.fullmatch(account):
        raise NotAnEvent(f"the account is {shown(account)}, not a 12-digit account id")
    return account


def secret_of(detail):
    """The secret the call was about, for log lines: its ARN from the response (`arn`, or `aRN` before February 2024),
    else the id or name in the request; None when there is none or it is not a secret id."""
    response = detail.get("responseElements") if isinstance(detail.get("responseElements"), dict) else {}
    request = detail.get("requestParameters") if isinstance(detail.get("requestParameters"), dict) else {}
    for candidate in (response.get("arn"), response.get("aRN"), response.get("ARN"), request.get("secretId"), request.get("name")):
        if isinstance(candidate, str) and _SECRET_ID.fullmatch(candidate):
            return candidate
    return None


def classify(event):
    """What the guard does about one delivered event: {action, reason, event_name, account, region, unit, secret}.

    action: CONVERGE (run the policy for the unit, the secret's account and Region), LOG_ONLY (disaster recovery: log
    and notify, change nothing) or IGNORE. Raises NotAnEvent when it is not a Secrets Manager CloudTrail event.
    """
    message = eventbridge_event(event)
    detail = cloudtrail_record(message)
    account = account_of(message, detail)
    name = detail["eventName"]
    decision = {
        "event_name": name if name in CONVERGE_EVENTS or name in LOG_ONLY_EVENTS else shown(name),
        "account": account,
        "region": detail["awsRegion"],
        "unit": f"{account}/{detail['awsRegion']}",
        "secret": secret_of(detail),
    }
    if detail.get("errorCode"):
        return dict(decision, action=IGNORE, reason=f"the call failed ({shown(detail['errorCode'])}), so nothing changed")
    if name in LOG_ONLY_EVENTS:
        return dict(decision, action=LOG_ONLY, reason=LOG_ONLY_EVENTS[name])
    if name in CONVERGE_EVENTS:
        return dict(decision, action=CONVERGE, reason=CONVERGE_EVENTS[name])
    return dict(decision, action=IGNORE, reason="the guard does not act on this call")
