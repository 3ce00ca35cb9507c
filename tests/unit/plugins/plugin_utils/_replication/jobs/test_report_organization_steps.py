# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""report_organization.yml's step: what the playbook passes (variables by name, files by path) and what it uses."""

import json

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import InputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs import report_organization as organization
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization_report import unit_result
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.steps import find_step


def published(account_id, region, **kwargs):
    result = unit_result(f"{account_id}-{region}", region, account_id=account_id, **kwargs)
    return result["key"], result["unit"]


def test_the_step_is_registered():
    assert find_step("report_organization.report") is organization.report


def test_the_report_from_variables_and_files_with_what_the_playbook_writes_and_publishes():
    ok_key, ok_unit = published("111111111111", "us-east-1", report={"secrets": [], "summary": {"secrets": 3, "changed": 1}})
    failed_key, failed_unit = published("222222222222", "eu-west-1", unreachable={"msg": "denied", "error": {"code": "AccessDenied"}})
    reported = organization.report(variables={ok_key: ok_unit}, files={f"/units/{failed_key}.json": json.dumps(failed_unit)},
                                   generated_at="2026-01-01T00:00:00Z")
    assert reported["summary"] == {"units": 2, "units_failed": 1, "units_unreachable": 1, "secrets": 3, "failures": 1}
    assert [unit["account_id"] for unit in reported["report"]["units"]] == ["222222222222", "111111111111"]
    assert reported["html"].startswith("<!DOCTYPE html>") and "2026-01-01T00:00:00Z" in reported["html"]
    assert reported["lines"][0].startswith("organization: 2 unit(s), 1 failed (1 unreachable)")


def test_nothing_to_report_is_refused():
    with pytest.raises(InputError, match="no unit results"):
        organization.report(variables={}, files={})
