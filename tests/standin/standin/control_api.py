# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The stand-in's control API under /_standin/ (JSON in, JSON out). Its calls are not logged."""

import json
import os

from moto.moto_api._internal.models import moto_api_backend

from .state import StandInConfigError

PREFIX = "/_standin"


def reset_everything(state):
    """Wipe moto (all services, all Regions) and the stand-in's own state; config back to defaults."""
    moto_api_backend.reset()
    state.reset()


def _read_json(environ):
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    raw = environ["wsgi.input"].read(length) if length else b""
    if not raw.strip():
        return {}
    body = json.loads(raw)
    if not isinstance(body, dict):
        raise StandInConfigError("the body must be a JSON object")
    return body


def _status(state):
    return {"running": True, "pid": os.getpid(), "config": state.config(), "faults": state.faults()}


def _route(environ, state):
    """(HTTP status, JSON-able body) for one control request."""
    method = environ.get("REQUEST_METHOD", "GET").upper()
    path = environ.get("PATH_INFO", "")[len(PREFIX):].rstrip("/")
    if path == "/reset" and method == "POST":
        reset_everything(state)
        return 200, {"reset": True}
    if path == "/requests":
        if method == "GET":
            return 200, {"requests": state.requests()}
        if method == "DELETE":
            state.clear_requests()
            return 200, {"requests": []}
    if path == "/faults":
        if method == "GET":
            return 200, state.faults()
        if method == "POST":
            return 200, state.set_faults(**_read_json(environ))
        if method == "DELETE":
            return 200, state.clear_faults()
    if path == "/config":
        if method == "GET":
            return 200, state.config()
        if method == "POST":
            return 200, state.configure(**_read_json(environ))
    if path in ("", "/status") and method == "GET":
        return 200, _status(state)
    return 404, {"error": f"no control endpoint {method} {PREFIX}{path}",
                 "endpoints": ["POST /reset", "GET|DELETE /requests", "GET|POST|DELETE /faults", "GET|POST /config", "GET /status"]}


def handle(environ, start_response, state):
    try:
        status, body = _route(environ, state)
    except (StandInConfigError, ValueError) as error:  # json.JSONDecodeError is a ValueError
        status, body = 400, {"error": str(error)}
    payload = json.dumps(body).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found"}[status]
    start_response(f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]
