# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Each (account, Region) unit's result, and one report for the organization. For internal collection use only.

AWX job slicing runs each slice as a job of its own and hands the next workflow node the slices' set_stats artifacts
merged with a shallow dict.update: a top-level key that two slices publish keeps only one slice's value, a key of one
unit survives. So each unit publishes its result under a key of its own, replication_unit_<account_id>_<region with
dashes as underscores> (unit_key), and the report is built from every such key it receives, matched by key, never by
position.

A unit's result: {account_id, region, host, account_name, organizational_unit_path, status ("ok" | "failed"), reason,
unreachable, message, summary (the role's replicate_report summary), failures: [{secret_id, region, reason, message,
retryable}]}. A failed unit is either unreachable (reason account_unreachable: its IAM role could not be assumed;
region_unreachable: its Region did not answer) or reached (refused: the role refused the plan before any change;
secrets_failed: secrets broke a rule or failed; error: anything else), so the two are told apart.
"""

import json
import re
from html import escape

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.errors import is_unreachable_error
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.failures import describe_failure

from .filter_inputs import InputError
from .report_html import STYLE
from .report_html import svg_bar_chart
from .role_report import PREFLIGHT_REFUSAL
from .role_report import replication_report

UNIT_KEY_PREFIX = "replication_unit_"
UNIT_KEY = re.compile(r"^replication_unit_(\d{12}|unknown)_([a-z0-9_]+)$")
UNIT_FILE_PATTERN = UNIT_KEY_PREFIX + "*.json"
OK, FAILED = "ok", "failed"
UNREACHABLE_REASONS = ("account_unreachable", "region_unreachable")
REMEDIES = {
    "account_unreachable": (
        "the unit's IAM role {role_arn} could not be assumed, so nothing was read or changed in account {account_id}: check that the "
        "role exists there and that its trust policy allows the identity that runs the job (sts:AssumeRole), then run again"
    ),
    "refused": "the replicate role refused the unit's plan before any change: fix what the message lists, then run again",
    "error": "see the message; fix the cause, then run again",
}
UNIT_STATES = ("unreachable", "failed", "ok")
UNIT_STATE_LABELS = {"unreachable": "unreachable", "failed": "failed", "ok": "converged"}


def unit_key(account_id, region):
    """The set_stats key of one unit: replication_unit_<account_id>_<region with dashes as underscores>."""
    return f"{UNIT_KEY_PREFIX}{account_id or 'unknown'}_{(region or 'unknown').replace('-', '_')}"


def account_of_role(role_arn):
    """The account id of an IAM role ARN (arn:<partition>:iam::<account>:role/<name>), else None."""
    parts = (role_arn or "").split(":")
    return parts[4] if len(parts) > 5 and parts[2] == "iam" and parts[4] else None


def _failed_call(result):
    """(message, HTTP status, AWS error code) of a failed task's result (a module's, through fail_json_aws, or a fail); of a
    loop, its first failed item's."""
    result = result or {}
    failed_items = [item for item in result.get("results") or [] if isinstance(item, dict) and item.get("failed")]
    if failed_items:
        result = failed_items[0]
    message = str(result.get("msg") or "the task failed without a message")
    status = (result.get("response_metadata") or {}).get("http_status_code")
    code = (result.get("error") or {}).get("code")
    return message, status, code


def _one_failure(reason, region, message, role_arn=None, account_id=None):
    if reason == "region_unreachable":
        failure = describe_failure(region, message, reason=reason)
        remedy, retryable = failure["remedy"], failure["retryable"]
    else:
        remedy, retryable = REMEDIES[reason].format(role_arn=role_arn, account_id=account_id), reason != "refused"
    return {"secret_id": None, "region": region, "reason": reason, "message": f"{message}: {remedy}", "retryable": retryable}


def _report_failures(report):
    """Every failure of the role's report, each with its secret id."""
    return [dict({"secret_id": entry["secret_id"]}, **failure) for entry in report.get("secrets") or [] for failure in entry.get("failures") or []]


def _classified(region, role_arn, account_id, unreachable, failed, report):
    """(reason, message, failures) of a unit; reason None when it converged."""
    if unreachable is not None:
        message, status, code = _failed_call(unreachable)
        if is_unreachable_error(status_code=status, message=message):
            reason = "region_unreachable"
        else:
            # An answer from AWS (AccessDenied, ...) says the account refused us; anything else is a local error.
            reason = "account_unreachable" if code or status else "error"
        return reason, message, [_one_failure(reason, region, message, role_arn, account_id)]
    failures = _report_failures(report) if report else []
    if failures:
        if all(failure["reason"] == "region_unreachable" for failure in failures):
            return "region_unreachable", f"{region} did not answer", failures
        return "secrets_failed", f"{len({failure['secret_id'] for failure in failures})} secret(s) failed", failures
    if failed is None:
        return None, None, []
    message, status, dummy = _failed_call(failed)
    if is_unreachable_error(status_code=status, message=message):
        reason = "region_unreachable"
    else:
        reason = "refused" if message.startswith(PREFLIGHT_REFUSAL) else "error"
    return reason, message, [_one_failure(reason, region, message)]


def unit_result(host, region, account_id=None, role_arn=None, caller_account_id=None, account_name=None, organizational_unit_path=None,
                unreachable=None, failed=None, report=None):
    """{key, unit} of one unit.

    account_id: the inventory's aws_account_id, else the account of role_arn, else the caller's (caller_account_id).
    unreachable: the failed result of reaching the account (AssumeRole); failed: the failed result of the role;
    report: the role's replicate_report (absent when the role stopped before its report).
    """
    account_id = str(account_id or account_of_role(role_arn) or caller_account_id or "") or None
    reason, message, failures = _classified(region, role_arn, account_id, unreachable, failed, report)
    unit = {
        "account_id": account_id,
        "region": region,
        "host": host,
        "account_name": account_name,
        "organizational_unit_path": organizational_unit_path,
        "status": FAILED if reason else OK,
        "reason": reason,
        "unreachable": reason in UNREACHABLE_REASONS,
        "message": message,
        "summary": (report or {}).get("summary") or replication_report([], [])["summary"],
        "failures": failures,
    }
    return {"key": unit_key(account_id, region), "unit": unit}


def unit_state(unit):
    """unreachable, failed or ok: the order of the report's units."""
    if unit["status"] != FAILED:
        return "ok"
    return "unreachable" if unit.get("unreachable") else "failed"


def _checked_unit(key, value, source):
    if not isinstance(value, dict) or not {"account_id", "region", "status", "summary", "failures"} <= set(value):
        raise InputError(f"{source}: {key} is not a unit's result (a dict with account_id, region, status, summary and failures), "
                         "as replicate_scale_out.yml publishes it")
    if unit_key(value["account_id"], value["region"]) != key:
        raise InputError(f"{source}: {key} holds the unit {value['account_id']} in {value['region']}, whose key is "
                         f"{unit_key(value['account_id'], value['region'])}")
    return value


def collect_units(variables=None, files=None):
    """{key: unit} from the replication_unit_* variables and the contents of per-unit files ({path: JSON text}).

    A unit both in a file and in the variables: the variables win (they come from the run the workflow just made).
    """
    units = {}
    for path, text in sorted((files or {}).items()):
        try:
            value = json.loads(text)
        except ValueError as e:
            raise InputError(f"{path} is not JSON ({e}): it must hold one unit's result as replicate_scale_out.yml writes it") from e
        key = path.rsplit("/", 1)[-1][: -len(".json")]
        units[key] = _checked_unit(key, value, path)
    for key, value in (variables or {}).items():
        if not UNIT_KEY.match(key):
            raise InputError(f"{key} is not a unit key (replication_unit_<account_id>_<region with dashes as underscores>)")
        units[key] = _checked_unit(key, value, "extra vars")
    if not units:
        raise InputError(
            "no unit results: give the replication_unit_* variables replicate_scale_out.yml publishes (the previous workflow "
            "node's artifacts, or extra vars), or organization_report_input_dir with the files it writes when "
            "replicate_scale_out_report_dir is set"
        )
    return units


def _totals(units, field):
    """Per account or per Region: units, units failed, secrets, failures."""
    totals = {}
    for unit in units:
        entry = totals.setdefault(unit[field], {field: unit[field], "units": 0, "units_failed": 0, "units_unreachable": 0, "secrets": 0, "failures": 0})
        if field == "account_id":
            entry["account_name"] = unit.get("account_name")
        entry["units"] += 1
        entry["units_failed"] += unit["status"] == FAILED
        entry["units_unreachable"] += bool(unit.get("unreachable"))
        entry["secrets"] += unit["summary"].get("secrets", 0)
        entry["failures"] += len(unit["failures"])
    return [totals[name] for name in sorted(totals)]


def organization_report(units, generated_at=None):
    """The report of every unit ({key: unit}): units failing first, totals for the organization, per account, per Region."""
    ordered = sorted(units.values(), key=lambda unit: (UNIT_STATES.index(unit_state(unit)), unit["account_id"] or "", unit["region"] or ""))
    summary = {
        "units": len(ordered),
        "units_failed": sum(1 for unit in ordered if unit["status"] == FAILED),
        "units_unreachable": sum(1 for unit in ordered if unit.get("unreachable")),
        "secrets": sum(unit["summary"].get("secrets", 0) for unit in ordered),
        "secrets_changed": sum(unit["summary"].get("changed", 0) for unit in ordered),
        "failures": sum(len(unit["failures"]) for unit in ordered),
    }
    return {
        "generated_at": generated_at,
        "summary": summary,
        "accounts": _totals(ordered, "account_id"),
        "regions": _totals(ordered, "region"),
        "units": ordered,
    }


def published_summary(report):
    """organization_report_summary: the counts a workflow node decides on."""
    return {key: report["summary"][key] for key in ("units", "units_failed", "units_unreachable", "secrets", "failures")}


def summary_lines(report):
    summary = report["summary"]
    lines = [f"organization: {summary['units']} unit(s), {summary['units_failed']} failed ({summary['units_unreachable']} unreachable), "
             f"{summary['secrets']} secret(s), {summary['secrets_changed']} changed, {summary['failures']} failure(s)"]
    lines.extend(f"{unit['account_id']} {unit['region']}: {unit['reason']}: {unit['message']}" for unit in report["units"] if unit["status"] == FAILED)
    return lines


# The HTML page


ORGANIZATION_STYLE = STYLE + """
td.number { text-align: right; }
tr.unit.ok td.state { background: #d8f3dc; color: #1b4332; }
"""


def _totals_table(table_id, heading, rows, field):
    head = "".join(f"<th>{label}</th>" for label in (heading, "Units", "Failed", "Unreachable", "Secrets", "Failures"))
    body = ""
    for row in rows:
        name = escape(row[field] or "unknown")
        if row.get("account_name"):
            name += f'<span class="detail">{escape(row["account_name"])}</span>'
        css = "failed" if row["units_failed"] else "in-sync"
        body += (f'<tr class="{css}" data-{field.replace("_", "-")}="{escape(row[field] or "")}"><td>{name}</td>'
                 + "".join(f'<td class="number">{row[key]}</td>' for key in ("units", "units_failed", "units_unreachable", "secrets", "failures"))
                 + "</tr>")
    return f'<table id="{table_id}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _unit_row(unit):
    state = unit_state(unit)
    css = {"unreachable": "unreachable", "failed": "failed", "ok": "ok"}[state]
    where = escape(unit.get("organizational_unit_path") or "")
    summary = unit["summary"]
    row = (f'<tr class="unit {css}" data-unit="{escape(unit_key(unit["account_id"], unit["region"]))}" data-state="{state}">'
           f'<td><strong>{escape(unit["account_id"] or "unknown")}</strong><span class="detail">{escape(unit.get("account_name") or "")}</span></td>'
           f'<td>{escape(unit["region"] or "")}</td><td>{where}</td><td class="state {css}">{UNIT_STATE_LABELS[state]}</td>'
           f'<td>{escape(unit.get("reason") or "")}</td>'
           + "".join(f'<td class="number">{summary.get(key, 0)}</td>' for key in ("secrets", "changed", "failed"))
           + "</tr>")
    if unit["failures"]:
        items = "".join(
            f'<li><strong>{escape(failure["reason"])}</strong>{" " + escape(failure["secret_id"]) if failure.get("secret_id") else ""}'
            f' in {escape(failure.get("region") or "")}: {escape(failure.get("message") or "")}</li>'
            for failure in unit["failures"])
        row += f'<tr class="findings {css}"><td colspan="8"><ul>{items}</ul></td></tr>'
    return row


def report_html(report):
    """The organization report as one self-contained page (inline CSS and SVG, nothing fetched), failing units first."""
    summary = report["summary"]
    counts = {state: sum(1 for unit in report["units"] if unit_state(unit) == state) for state in UNIT_STATES}
    charts = (svg_bar_chart("Units", [(UNIT_STATE_LABELS[state], counts[state], "in-sync" if state == "ok" else state) for state in UNIT_STATES])
              + svg_bar_chart("Failures by Region", [(row["region"], row["failures"], "failed") for row in report["regions"]] or [("none", 0, "none")]))
    items = "".join(f'<li>{key.replace("_", " ").capitalize()}: <strong id="summary-{key}">{summary[key]}</strong></li>' for key in summary)
    units = "".join(_unit_row(unit) for unit in report["units"])
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Secrets Manager replication: organization report</title>\n'
        f"<style>{ORGANIZATION_STYLE}</style>\n</head>\n<body>\n<h1>Secrets Manager replication: organization report</h1>\n"
        f'<p class="meta">{summary["units"]} (account, Region) unit(s) &middot; generated {escape(str(report.get("generated_at") or ""))}</p>\n'
        f'<ul class="summary" id="summary">{items}</ul>\n<div class="charts">{charts}</div>\n'
        '<h2>Units, failing first</h2>\n<table id="units"><thead><tr><th>Account</th><th>Region</th><th>Organizational unit</th><th>State</th>'
        f"<th>Reason</th><th>Secrets</th><th>Changed</th><th>Failed</th></tr></thead>\n<tbody>{units}</tbody></table>\n"
        f'<h2>Per account</h2>\n{_totals_table("accounts", "Account", report["accounts"], "account_id")}\n'
        f'<h2>Per Region</h2>\n{_totals_table("regions", "Region", report["regions"], "region")}\n</body>\n</html>\n'
    )
