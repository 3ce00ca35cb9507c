# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The replicate role's filters are thin adapters: input checks, and Ansible's result shapes.

Registration under each file's name is checked for every filter in test_filter_registration.py.
"""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.filter import kms_key_lookups
from ansible_collections.secretsmanager.replication.plugins.filter import preflight_problems
from ansible_collections.secretsmanager.replication.plugins.filter import region_rule_problems
from ansible_collections.secretsmanager.replication.plugins.filter import replication_compliance
from ansible_collections.secretsmanager.replication.plugins.filter import replication_pass
from ansible_collections.secretsmanager.replication.plugins.filter import replication_plan
from ansible_collections.secretsmanager.replication.plugins.filter import replication_reads
from ansible_collections.secretsmanager.replication.plugins.filter import replication_report
from ansible_collections.secretsmanager.replication.plugins.filter import replication_summary


@pytest.mark.parametrize("name, call", [
    ("replication_plan", lambda: replication_plan.replication_plan("app/db")),
    ("replication_reads", lambda: replication_reads.replication_reads([1])),
    ("region_rule_problems", lambda: region_rule_problems.region_rule_problems({"secret_id": "x"})),
    ("replication_compliance", lambda: replication_compliance.replication_compliance("x", [])),
    ("kms_key_lookups", lambda: kms_key_lookups.kms_key_lookups("x")),
    ("preflight_problems", lambda: preflight_problems.preflight_problems([], rule_problems="x")),
    ("replication_pass", lambda: replication_pass.replication_pass([], "sideways")),
    ("replication_report", lambda: replication_report.replication_report(3)),
    ("replication_summary", lambda: replication_summary.replication_summary({"secrets": []})),
])
def test_wrong_input_fails_naming_the_filter(name, call):
    with pytest.raises(AnsibleFilterError, match=f"^{name}"):
        call()


def registered_loop(*results):
    return {"changed": False, "msg": "All items completed", "results": list(results)}


def test_the_role_flow_on_registered_results():
    plan = replication_plan.replication_plan([{"secret_id": "a"}, {"secret_id": "gone"}, {"secret_id": "ok"}],
                                             default_replicas=[{"region": "eu-west-1"}], default_region="us-east-1", overwrite="on_conflict")
    assert replication_reads.replication_reads(plan) == [{"region": "us-east-1", "secret_ids": ["a", "gone", "ok"]}]
    read = registered_loop({"item": {"region": "us-east-1"}, "secrets": [
        {"name": "a", "region": "us-east-1", "arn": "arn:a", "replication_status": []},
        {"name": "ok", "region": "us-east-1", "arn": "arn:ok", "replication_status": [{"region": "eu-west-1", "status": "InSync"}]},
    ]})
    annotated = replication_compliance.replication_compliance(plan, read)
    assert [(secret["secret_id"], secret["todo"], secret["compliant"]) for secret in annotated] == [
        ("a", True, False), ("gone", False, False), ("ok", False, True)]
    region_info = registered_loop({"regions": [{"region_name": "eu-west-1", "opt_in_status": "opt-in-not-required"}]})
    rules = region_rule_problems.region_rule_problems(plan, region_info=region_info)
    preflight = preflight_problems.preflight_problems(annotated, rule_problems=rules, kms_results=[])
    assert preflight["todo"] == ["a"] and [item["secret_id"] for item in preflight["problems"]] == ["gone"]
    assert preflight["message"].startswith("Preflight refused 1 replica setting(s)")
    assert preflight["preview"] == "replicate: 1 secret(s) to change (1 to add)"

    first = {"changed": False, "results": [{"secret_id": "a", "changed": False, "failed": True, "actions": [],
                                            "failures": [{"region": "eu-west-1", "reason": "name_conflict", "status_message": "m", "remedy": "r",
                                                          "retryable": False}]}]}
    assert replication_pass.replication_pass(annotated, "first") == [
        {"secret_id": "a", "region": "us-east-1", "replicas": [{"region": "eu-west-1", "kms_key_id": None}], "purge_replicas": False}]
    assert [entry["secret_id"] for entry in replication_pass.replication_pass(annotated, "overwrite", first)] == ["a"]
    assert replication_pass.replication_pass(annotated, "retry", first, {"skipped": True}) == []
    report = replication_report.replication_report(annotated, passes=[first, {"skipped": True}, {"skipped": True}],
                                                   reads={"skipped": True, "results": []})
    summary = replication_summary.replication_summary(report)
    assert summary["lines"][0].startswith("replicate: 3 secret(s), 0 changed, 1 failed")
    assert "secret 'a', Region 'eu-west-1' (name_conflict)" in summary["failure"]


def test_a_failed_read_in_a_loop_is_refused_not_read_as_missing():
    plan = replication_plan.replication_plan([{"secret_id": "a"}], default_replicas=[{"region": "eu-west-1"}], default_region="us-east-1")
    read = registered_loop({"item": {"region": "us-east-1"}, "failed": False, "msg": "Failed to describe: AccessDenied"})
    annotated = replication_compliance.replication_compliance(plan, read)
    (problem,) = preflight_problems.preflight_problems(annotated)["problems"]
    assert "could not read it in 'us-east-1': Failed to describe: AccessDenied" in problem["problem"]


def test_replication_reads_with_the_passes_reads_only_what_apply_did_not_confirm():
    plan = [{"secret_id": name, "primary_region": "us-east-1", "replicas": [{"region": "eu-west-1"}]} for name in ("done", "pending")]
    first = {"results": [
        {"secret_id": "done", "failed": False, "secret": {"replication_status": [{"region": "eu-west-1", "status": "InSync"}]}},
        {"secret_id": "pending", "failed": False, "secret": {"replication_status": [{"region": "eu-west-1", "status": "InProgress"}]}},
    ]}
    assert replication_reads.replication_reads(plan) == [{"region": "us-east-1", "secret_ids": ["done", "pending"]}]
    assert replication_reads.replication_reads(plan, passes=[first, {"skipped": True}, None]) == [{"region": "us-east-1", "secret_ids": ["pending"]}]


@pytest.mark.parametrize("region_info", [
    {"results": [{"regions": [{"region_name": "eu-west-1", "opt_in_status": "opt-in-not-required"}]}, {"skipped": True}]},
    [{"regions": [{"region_name": "eu-west-1", "opt_in_status": "opt-in-not-required"}]}],
    {"regions": [{"region_name": "eu-west-1", "opt_in_status": "opt-in-not-required"}]},
])
def test_region_rule_problems_reads_region_info_as_a_registered_loop_a_list_or_one_result(region_info):
    plan = [{"secret_id": "a", "primary_region": "us-east-1", "replicas": [{"region": "eu-west-1"}, {"region": "me-south-1"}]}]
    problems = region_rule_problems.region_rule_problems(plan, region_info=region_info)
    assert [(item["region"], "not enabled" in item["problem"]) for item in problems] == [("me-south-1", True)]
    assert region_rule_problems.region_rule_problems(plan) == []
