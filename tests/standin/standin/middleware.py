# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""WSGI middleware in front of moto: control API routing, request log, fault injection."""

import io
import re
import time
from urllib.parse import parse_qs

from . import account_regions, control_api, faults, operations
from .accounts import account_of_request

# SigV4 Authorization header: "Credential=AKID/20240101/us-east-1/secretsmanager/aws4_request, ..."
_CREDENTIAL_SCOPE = re.compile(r"Credential=([^/,\s]+)/\d{8}/([^/,\s]+)/([^/,\s]+)/aws4_request")


def _form_action(environ):
    """The query protocol's Action parameter (query string or form body); the body is put back for moto."""
    action = parse_qs(environ.get("QUERY_STRING", "")).get("Action")
    if action:
        return action[0]
    if not environ.get("CONTENT_TYPE", "").startswith("application/x-www-form-urlencoded"):
        return None
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if not length:
        return None
    body = environ["wsgi.input"].read(length)
    environ["wsgi.input"] = io.BytesIO(body)
    action = parse_qs(body.decode("utf-8", "replace")).get("Action")
    return action[0] if action else None


def describe_request(environ):
    """{"account", "region", "service", "operation"} of an AWS call, plus its protocol (kept out of the log)."""
    match = _CREDENTIAL_SCOPE.search(environ.get("HTTP_AUTHORIZATION", ""))
    access_key, region, service = match.groups() if match else (None, None, None)
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        operation = target.rsplit(".", 1)[-1]
    else:
        operation = _form_action(environ) or account_regions.operation_of(service, environ.get("PATH_INFO", ""))
    return {
        "account": account_of_request(environ, access_key),
        "region": region,
        "service": service,
        "operation": operation,
        "protocol": faults.protocol_of(service, bool(target), operation is not None),
    }


class StandInMiddleware:
    def __init__(self, app, state):
        self.app = app
        self.state = state

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == control_api.PREFIX or path.startswith(control_api.PREFIX + "/"):
            return control_api.handle(environ, start_response, self.state)
        if path.startswith("/moto-api"):
            return self.app(environ, start_response)

        request = describe_request(environ)
        entry = self.state.log_request({
            "region": request["region"],
            "service": request["service"],
            "operation": request["operation"],
            "mutating": operations.is_mutating(request["service"], request["operation"]),
            "status": None,
            "account": request["account"],
            "error_code": None,  # the AWS error code answered, from a fault or from moto
            "throttled_by": None,  # "quota" | "fault" | None
            "at": time.time(),  # when it arrived (epoch seconds), to measure request rates
        })

        delay = faults.latency_seconds(self.state)
        if delay > 0:
            time.sleep(delay)

        fault = faults.choose_fault(self.state, request)
        if fault:
            status, headers, body = faults.error_response(request, fault)
            entry.update(status=int(status.split()[0]), error_code=faults.error_code(request, fault), throttled_by=faults.throttled_by(fault))
            start_response(status, headers)
            return [body]

        response_headers = []

        def logging_start_response(status, headers, exc_info=None):
            entry["status"] = int(status.split()[0])
            response_headers[:] = headers
            return start_response(status, headers, exc_info)

        result = self.app(environ, logging_start_response)
        if (entry["status"] or 0) < 400:
            return result
        body = b"".join(result)  # error bodies are small: read the code, then pass them on
        if hasattr(result, "close"):
            result.close()
        entry["error_code"] = faults.error_code_in_response(response_headers, body)
        return [body]
