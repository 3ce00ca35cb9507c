# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Each unit's result (its key, its status and the reason it failed) and the organization report, on plain data."""

import json
import re
from html.parser import HTMLParser

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication import organization_report
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import InputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_report import preflight_refusal

ROLE = "arn:aws:iam::222222222222:role/secretsmanager-replication"
DENIED = {
    "failed": True,
    "msg": "An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::111111111111:user/ci is not "
           "authorized to perform: sts:AssumeRole on resource: " + ROLE,
    "error": {"code": "AccessDenied", "message": "not authorized"},
    "response_metadata": {"http_status_code": 403},
}
REGION_DOWN = {"failed": True, "msg": "An error occurred (ServiceUnavailable) when calling the AssumeRole operation (reached max retries: 4)",
               "error": {"code": "ServiceUnavailable"}, "response_metadata": {"http_status_code": 503}}


def role_report(*failures, secrets=2):
    """A replicate_report with `secrets` secrets, the first ones failing with the given reasons."""
    entries = [{"secret_id": f"app/{index}", "failures": [{"region": "us-west-2", "reason": reason, "message": f"{reason} there", "retryable": False}]
                if index < len(failures) else []} for index, reason in enumerate(failures + ("",) * (secrets - len(failures)))]
    for entry in entries:
        entry["failures"] = [failure for failure in entry["failures"] if failure["reason"]]
    return {"secrets": entries, "summary": {"secrets": secrets, "changed": 1, "failed": len(failures), "replicas_in_sync": 1, "overwritten": 0}}


def test_unit_key_is_the_account_and_the_region_with_underscores():
    assert organization_report.unit_key("222222222222", "us-east-1") == "replication_unit_222222222222_us_east_1"
    assert organization_report.UNIT_KEY.match("replication_unit_222222222222_ap_southeast_2")


@pytest.mark.parametrize("account_id,role_arn,caller,expected", [
    ("333333333333", ROLE, None, "333333333333"),  # the inventory's aws_account_id first
    (None, ROLE, None, "222222222222"),  # else the role's account
    (None, None, "444444444444", "444444444444"),  # else the controller's
    (None, None, None, None),
])
def test_the_units_account(account_id, role_arn, caller, expected):
    result = organization_report.unit_result("h", "eu-west-1", account_id=account_id, role_arn=role_arn, caller_account_id=caller, report=role_report())
    assert result["unit"]["account_id"] == expected
    assert result["key"] == f"replication_unit_{expected or 'unknown'}_eu_west_1"


def test_a_converged_unit():
    unit = organization_report.unit_result("222222222222-eu-west-1", "eu-west-1", role_arn=ROLE, account_name="payments",
                                           organizational_unit_path="Root/Prod", report=role_report())["unit"]
    assert (unit["status"], unit["reason"], unit["unreachable"], unit["failures"]) == ("ok", None, False, [])
    assert unit["summary"]["secrets"] == 2
    assert (unit["account_name"], unit["organizational_unit_path"], unit["host"]) == ("payments", "Root/Prod", "222222222222-eu-west-1")


def test_assume_role_denied_is_an_unreachable_account_with_the_reason():
    unit = organization_report.unit_result("h", "eu-west-1", role_arn=ROLE, unreachable=DENIED)["unit"]
    assert (unit["status"], unit["reason"], unit["unreachable"]) == ("failed", "account_unreachable", True)
    assert "not authorized to perform: sts:AssumeRole" in unit["message"]
    (failure,) = unit["failures"]
    assert failure["reason"] == "account_unreachable" and ROLE in failure["message"] and "trust policy" in failure["message"]
    assert unit["summary"] == {"secrets": 0, "changed": 0, "failed": 0, "replicas_in_sync": 0, "overwritten": 0}


def test_a_region_that_does_not_answer_is_unreachable_too():
    unit = organization_report.unit_result("h", "eu-west-1", role_arn=ROLE, unreachable=REGION_DOWN)["unit"]
    assert (unit["reason"], unit["unreachable"]) == ("region_unreachable", True)
    assert unit["failures"][0]["retryable"] is True
    # The role's reads failing because the Region is down (a loop's failed item), without a report.
    unanswered = 'Could not connect to the endpoint URL: "https://secretsmanager.eu-west-1.amazonaws.com/"'
    loop = {"failed": True, "msg": "One or more items failed", "results": [{"failed": False}, {"failed": True, "msg": unanswered}]}
    assert organization_report.unit_result("h", "eu-west-1", failed=loop)["unit"]["reason"] == "region_unreachable"
    # Every secret failing only because its Region did not answer.
    unit = organization_report.unit_result("h", "eu-west-1", failed={"msg": "Replication failed"}, report=role_report("region_unreachable"))["unit"]
    assert (unit["reason"], unit["unreachable"]) == ("region_unreachable", True)


def test_a_unit_whose_secrets_broke_a_rule_is_reached_and_failed():
    report = role_report("name_conflict", "region_unreachable", secrets=3)
    unit = organization_report.unit_result("h", "eu-west-1", role_arn=ROLE, failed={"msg": "Replication failed for 2 of 3"}, report=report)["unit"]
    assert (unit["status"], unit["reason"], unit["unreachable"]) == ("failed", "secrets_failed", False)
    assert [(failure["secret_id"], failure["reason"]) for failure in unit["failures"]] == [("app/0", "name_conflict"), ("app/1", "region_unreachable")]


def test_a_refused_plan_and_any_other_error():
    refusal = preflight_refusal([{"secret_id": "app/db", "region": "mars-1", "about": "replica", "problem": "not a Region"}])
    unit = organization_report.unit_result("h", "eu-west-1", failed={"msg": refusal})["unit"]
    assert (unit["reason"], unit["unreachable"], unit["failures"][0]["retryable"]) == ("refused", False, False)
    assert organization_report.unit_result("h", "eu-west-1", failed={"msg": "boom"})["unit"]["reason"] == "error"
    # A local failure while reaching the account (no answer from AWS) is not an unreachable account.
    assert organization_report.unit_result("h", "eu-west-1", unreachable={"msg": "interpreter not found"})["unit"]["reason"] == "error"


def unit(account_id, region, status="ok", unreachable=False, secrets=2, failures=0, name=None):
    return {"account_id": account_id, "region": region, "host": f"{account_id}-{region}", "account_name": name, "organizational_unit_path": "Root",
            "status": status, "reason": None if status == "ok" else ("account_unreachable" if unreachable else "secrets_failed"),
            "unreachable": unreachable, "message": None, "summary": {"secrets": secrets, "changed": 0, "failed": failures},
            "failures": [{"secret_id": f"s{index}", "region": region, "reason": "name_conflict", "message": "<b>conflict</b>: fix it", "retryable": False}
                         for index in range(failures)]}


UNITS = [unit("222222222222", "us-east-1", name="payments"), unit("222222222222", "eu-west-1", "failed", failures=2, name="payments"),
         unit("333333333333", "us-east-1", "failed", unreachable=True, secrets=0, failures=1), unit("111111111111", "eu-west-1")]


def variables(units):
    return {organization_report.unit_key(entry["account_id"], entry["region"]): entry for entry in units}


def test_the_report_puts_failing_units_first_and_totals_per_account_and_region():
    report = organization_report.organization_report(variables(UNITS), generated_at="2026-01-01T00:00:00Z")
    assert [(entry["account_id"], entry["region"]) for entry in report["units"]] == [
        ("333333333333", "us-east-1"), ("222222222222", "eu-west-1"), ("111111111111", "eu-west-1"), ("222222222222", "us-east-1")]
    assert report["summary"] == {"units": 4, "units_failed": 2, "units_unreachable": 1, "secrets": 6, "secrets_changed": 0, "failures": 3}
    assert organization_report.published_summary(report) == {"units": 4, "units_failed": 2, "units_unreachable": 1, "secrets": 6, "failures": 3}
    accounts = {entry["account_id"]: entry for entry in report["accounts"]}
    assert (accounts["222222222222"]["units"], accounts["222222222222"]["units_failed"], accounts["222222222222"]["failures"]) == (2, 1, 2)
    assert accounts["222222222222"]["account_name"] == "payments"
    regions = {entry["region"]: entry for entry in report["regions"]}
    assert (regions["us-east-1"]["units"], regions["us-east-1"]["units_unreachable"], regions["eu-west-1"]["secrets"]) == (2, 1, 4)


def test_the_report_does_not_depend_on_the_order_units_arrive_in():
    one = organization_report.organization_report(variables(UNITS))
    other = organization_report.organization_report(variables(list(reversed(UNITS))))
    assert json.dumps(one) == json.dumps(other)


def test_units_from_files_and_variables_merge_by_key_the_variables_winning():
    newer = dict(UNITS[1], status="ok", failures=[])
    files = {f"/in/{key}.json": json.dumps(value) for key, value in variables(UNITS).items()}
    units = organization_report.collect_units({organization_report.unit_key("222222222222", "eu-west-1"): newer}, files)
    assert len(units) == 4 and units["replication_unit_222222222222_eu_west_1"]["status"] == "ok"


@pytest.mark.parametrize("variables_,files,message", [
    ({}, {}, "no unit results"),
    ({"replication_unit_x": UNITS[0]}, {}, "is not a unit key"),
    ({"replication_unit_222222222222_eu_west_1": UNITS[0]}, {}, "whose key is replication_unit_222222222222_us_east_1"),
    ({"replication_unit_222222222222_us_east_1": {"summary": {}}}, {}, "is not a unit's result"),
    ({}, {"/in/replication_unit_222222222222_us_east_1.json": "{not json"}, "is not JSON"),
])
def test_input_that_is_not_a_units_result_is_refused_naming_it(variables_, files, message):
    with pytest.raises(InputError, match=message):
        organization_report.collect_units(variables_, files)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.tags = [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if tag == "tr" and "data-unit" in attrs:
            self.rows.append((attrs["data-unit"], attrs["data-state"]))


def test_the_html_page_is_self_contained_failing_units_first_with_remedies_escaped():
    page = organization_report.report_html(organization_report.organization_report(variables(UNITS), generated_at="2026-01-01T00:00:00Z"))
    parsed = _Page()
    parsed.feed(page)
    assert parsed.rows == [("replication_unit_333333333333_us_east_1", "unreachable"), ("replication_unit_222222222222_eu_west_1", "failed"),
                           ("replication_unit_111111111111_eu_west_1", "ok"), ("replication_unit_222222222222_us_east_1", "ok")]
    assert "<b>conflict</b>" not in page and "&lt;b&gt;conflict&lt;/b&gt;: fix it" in page
    assert not {"script", "link", "img"} & parsed.tags and not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)
    for table in ("units", "accounts", "regions"):
        assert f'<table id="{table}">' in page
    assert '<strong id="summary-units_failed">2</strong>' in page
