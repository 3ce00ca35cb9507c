# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection and the write quota: which fault (if any) a request gets, and the error response in the service's protocol."""

import json
import re
import uuid
from xml.sax.saxutils import escape

from .quota import counts_against_write_quota

THROTTLING_MESSAGE = "Rate exceeded"
# REST-XML services: errors are <ErrorResponse><Error>... like the query protocol.
_REST_XML_SERVICES = {"s3", "route53", "cloudfront"}


def unavailable_message(region):
    return f"Service unavailable in region {region}: the stand-in made this Region unavailable (fault injection)."


def choose_fault(state, request):
    """("unavailable" | "throttle" | "quota" | None) for a request dict with account, region, service and operation.

    An unavailable Region answers every call for it; otherwise a call is throttled with probability
    throttle_rate (only for throttle_operations when that is a list), drawn from the seedable source;
    otherwise one of the quota-limited writes is throttled when its (account, Region) bucket is empty.
    A call throttled by the random fault takes no quota token.
    """
    faults = state.faults()
    if request.get("region") in faults["unavailable_regions"]:
        return "unavailable"
    operations = faults["throttle_operations"]
    if faults["throttle_rate"] > 0 and (operations is None or request.get("operation") in operations):
        if state.random() < faults["throttle_rate"]:
            return "throttle"
    if counts_against_write_quota(request) and not state.write_quota_allows(request.get("account"), request.get("region")):
        return "quota"
    return None


def throttled_by(fault):
    """The request log's throttled_by for a fault: "fault" (random throttle_rate), "quota" or None."""
    return {"throttle": "fault", "quota": "quota"}.get(fault)


def error_code(request, fault):
    """The error code a fault answers with, in the request's protocol."""
    if fault == "unavailable":
        return "ServiceUnavailable"
    # EC2 API reference, "Request throttling": throttled calls get RequestLimitExceeded.
    return {"json": "ThrottlingException", "ec2": "RequestLimitExceeded"}.get(request["protocol"], "Throttling")


_XML_CODE = re.compile(rb"<Code>([^<]+)</Code>")


def error_code_in_response(headers, body):
    """The AWS error code of an error response: x-amzn-ErrorType, a JSON __type, or an XML <Code>; else None.

    botocore reads the same places (its JSON parser drops a "prefix#" and a ":suffix" from the code).
    """
    for name, value in headers:
        if name.lower() == "x-amzn-errortype" and value:
            return value.split(":", 1)[0]
    try:
        code = json.loads(body).get("__type")
    except (ValueError, AttributeError):
        code = None
    if code:
        return code.rsplit("#", 1)[-1]
    match = _XML_CODE.search(body)
    return match.group(1).decode("utf-8", "replace") if match else None


def latency_seconds(state):
    return state.faults()["latency_ms"] / 1000.0


def error_response(request, fault):
    """(status line, headers, body bytes) for a fault, shaped for the request's protocol.

    JSON protocols (X-Amz-Target: secretsmanager, kms): {"__type": code, "message": ...}.
    Query protocol (Action=..., e.g. sts, iam): <ErrorResponse><Error><Code>.
    EC2 protocol: <Response><Errors><Error><Code>. botocore treats the codes ThrottlingException,
    Throttling and RequestLimitExceeded as throttling, and HTTP 503 as a transient error.
    """
    request_id = str(uuid.uuid4())
    code = error_code(request, fault)
    if fault == "unavailable":
        status = "503 Service Unavailable"
        message = unavailable_message(request.get("region"))
        fault_type = "Receiver"
    else:
        status = "400 Bad Request"
        message = THROTTLING_MESSAGE
        fault_type = "Sender"
    if request["protocol"] == "json":
        body = json.dumps({"__type": code, "message": message}).encode()
        headers = [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", code), ("x-amzn-RequestId", request_id)]
    elif request["protocol"] == "ec2":
        body = (
            f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code>"
            f"<Message>{escape(message)}</Message></Error></Errors><RequestID>{request_id}</RequestID></Response>"
        ).encode()
        headers = [("Content-Type", "text/xml")]
    else:
        body = (
            f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse><Error><Type>{fault_type}</Type><Code>{code}</Code>"
            f"<Message>{escape(message)}</Message></Error><RequestId>{request_id}</RequestId></ErrorResponse>"
        ).encode()
        headers = [("Content-Type", "text/xml"), ("x-amzn-RequestId", request_id)]
    headers.append(("Content-Length", str(len(body))))
    return status, headers, body


def protocol_of(service, has_target, has_action):
    if has_target:
        return "json"
    if service == "ec2":
        return "ec2"
    if has_action or service in _REST_XML_SERVICES:
        return "query"
    return "json"
