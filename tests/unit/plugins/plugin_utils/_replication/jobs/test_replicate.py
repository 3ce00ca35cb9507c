# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The replicate role's steps, on registered results shaped as Ansible registers them, in the order the role runs them."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import InputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs import replicate

REPLICAS = [{"region": "eu-west-1"}]
MARKER = "secretsmanager.replication:promoted-from"


def registered_loop(*results):
    return {"changed": False, "msg": "All items completed", "results": list(results)}


def skipped_loop():
    return {"changed": False, "skipped": True, "skipped_reason": "No items in the list", "results": []}


def read_of(*entries, region="us-east-1", **item):
    return registered_loop({"item": dict({"region": region}, **item), "secrets": list(entries)})


def entry(name, *statuses, region="us-east-1", tags=None, is_replica=False):
    return {"name": name, "region": region, "arn": f"arn:aws:secretsmanager:{region}:123456789012:secret:{name}-AbCdEf", "is_replica": is_replica,
            "tags": tags or {}, "replication_status": [{"region": replica, "status": status} for replica, status in statuses]}


def conflict_result(name):
    return {"secret_id": name, "changed": False, "failed": True, "actions": [],
            "failures": [{"region": "eu-west-1", "reason": "name_conflict", "status_message": "m", "remedy": "r", "retryable": False}]}


def test_a_list_flows_from_plan_to_report():
    plan = replicate.plan(secrets=[{"secret_id": "a"}, {"secret_id": "gone"}, {"secret_id": "ok"}], default_replicas=REPLICAS,
                          default_region="us-east-1", overwrite="on_conflict")
    assert plan["mode"] == "list" and plan["rule_problems"] == []
    assert plan["reads"] == [{"region": "us-east-1", "secret_ids": ["a", "gone", "ok"]}]

    check = replicate.check(plan, read_of(entry("a"), entry("ok", ("eu-west-1", "InSync"))))
    assert [(secret["secret_id"], secret["todo"], secret["compliant"]) for secret in check["secrets"]] == [
        ("a", True, False), ("gone", False, False), ("ok", False, True)]
    # eu-west-1 is enabled in every account (launched before March 20, 2019): nothing to read.
    assert check["opt_in_regions"] == [] and check["kms_lookups"] == []

    region_info = registered_loop({"item": "us-east-1", "regions": [{"region_name": "eu-west-1", "opt_in_status": "opt-in-not-required"}]})
    preflight = replicate.preflight(check, region_info=region_info, kms_results=skipped_loop())
    assert preflight["todo"] == ["a"] and [item["secret_id"] for item in preflight["problems"]] == ["gone"]
    assert preflight["message"].startswith("Preflight refused 1 replica setting(s)")
    assert preflight["preview"] == "replicate: 1 secret(s) to change (1 to add)"
    assert preflight["entries"] == [{"secret_id": "a", "region": "us-east-1", "replicas": [{"region": "eu-west-1", "kms_key_id": None}],
                                     "purge_replicas": False}]

    first = {"changed": False, "results": [conflict_result("a")], "summary": {"failures_by_reason": {"name_conflict": 1}}}
    assert [item["secret_id"] for item in replicate.overwrite(check["secrets"], first)["entries"]] == ["a"]
    assert replicate.verify(check["secrets"], [first, {"skipped": True}])["reads"] == [{"region": "us-east-1", "secret_ids": ["a"]}]

    result = replicate.report(check["secrets"], passes=[first, {"skipped": True}], read_back=skipped_loop())
    assert result["lines"][0].startswith("replicate: 3 secret(s), 0 changed, 1 failed")
    assert "secret 'a', Region 'eu-west-1' (name_conflict)" in result["failure"]
    assert [item["secret_id"] for item in result["report"]["secrets"]] == ["a", "gone", "ok"]


def test_the_overwrite_pass_is_only_for_the_secrets_whose_policy_allows_it():
    plan = replicate.plan(secrets=[{"secret_id": "a"}, {"secret_id": "b", "overwrite": True}], default_replicas=REPLICAS, default_region="us-east-1")
    check = replicate.check(plan, read_of(entry("a"), entry("b")))
    first = {"results": [conflict_result("a"), conflict_result("b")]}
    assert [item["secret_id"] for item in replicate.overwrite(check["secrets"], first)["entries"]] == ["b"]


def test_a_selector_gives_the_same_plan_entries_once_read():
    plan = replicate.plan(selector={"tag-key": "dr"}, default_replicas=REPLICAS, default_region="us-east-1")
    assert (plan["mode"], plan["secrets"], plan["reads"]) == ("selector", [], [{"region": "us-east-1", "filters": {"tag-key": "dr"}}])
    read = read_of(entry("a"), entry("b", ("eu-west-1", "InSync")), entry("other", region="us-east-1", is_replica=True), filters={"tag-key": "dr"})
    check = replicate.check(plan, read)
    listed = replicate.check(replicate.plan(secrets=[{"secret_id": "a"}, {"secret_id": "b"}], default_replicas=REPLICAS, default_region="us-east-1"),
                             read)
    assert check["secrets"] == listed["secrets"]
    # The Region rules are checked once, for one entry standing for every selected secret.
    assert [item["secret_id"] for item in check["to_check"]] == ["every secret replicate_selector matches in us-east-1"]


def test_a_selector_that_breaks_a_rule_reads_nothing_and_is_refused_with_every_problem():
    plan = replicate.plan(selector={}, default_replicas=[{"region": "cn-north-1"}, {"region": "us-west-2"}], default_region="us-east-1",
                          denied_regions=["us-west-2"])
    assert plan["reads"] == []
    check = replicate.check(plan, skipped_loop())
    preflight = replicate.preflight(check)
    assert [item["region"] for item in preflight["problems"]] == ["cn-north-1", "us-west-2"]


def test_skip_promoted_leaves_out_the_selected_secrets_carrying_the_promotion_marker():
    plan = replicate.plan(selector={"tag-key": "dr"}, default_replicas=REPLICAS, default_region="us-east-1")
    read = read_of(entry("a"), entry("promoted", tags={MARKER: "arn:aws:secretsmanager:us-west-2:123456789012:secret:promoted-AbCdEf"}))
    assert [secret["secret_id"] for secret in replicate.check(plan, read, skip_promoted=True)["secrets"]] == ["a"]
    assert [secret["secret_id"] for secret in replicate.check(plan, read)["secrets"]] == ["a", "promoted"]


def test_a_failed_read_in_a_loop_is_refused_not_read_as_missing():
    plan = replicate.plan(secrets=[{"secret_id": "a"}], default_replicas=REPLICAS, default_region="us-east-1")
    read = registered_loop({"item": {"region": "us-east-1", "secret_ids": ["a"]}, "failed": False, "msg": "Failed to describe: AccessDenied"})
    (problem,) = replicate.preflight(replicate.check(plan, read))["problems"]
    assert "could not read it in 'us-east-1': Failed to describe: AccessDenied" in problem["problem"]


def test_the_opt_in_check_reads_region_info_as_registered_and_refuses_a_region_not_enabled():
    plan = replicate.plan(secrets=[{"secret_id": "a", "replicas": [{"region": "eu-west-1"}, {"region": "me-south-1"}]}], default_region="us-east-1")
    check = replicate.check(plan, read_of(entry("a")))
    assert check["opt_in_regions"] == ["us-east-1"]  # me-south-1 is an opt-in Region
    region_info = registered_loop({"item": "us-east-1", "regions": [{"region_name": "eu-west-1", "opt_in_status": "opt-in-not-required"},
                                                                    {"region_name": "me-south-1", "opt_in_status": "not-opted-in"}]})
    problems = replicate.preflight(check, region_info=region_info)["problems"]
    assert [(item["region"], "not enabled" in item["problem"]) for item in problems] == [("me-south-1", True)]
    assert replicate.preflight(check, region_info=skipped_loop())["problems"] == []


def test_the_enabled_regions_are_read_once_per_partition_whatever_the_primary_regions():
    b_arn = "arn:aws:secretsmanager:us-west-2:111122223333:secret:b-AbCdEf"
    c_arn = "arn:aws-cn:secretsmanager:cn-northwest-1:111122223333:secret:c-AbCdEf"
    plan = replicate.plan(secrets=[
        {"secret_id": b_arn, "replicas": [{"region": "me-south-1"}]},
        {"secret_id": "a", "replicas": [{"region": "af-south-1"}]},
        {"secret_id": c_arn, "replicas": [{"region": "cn-north-1"}]},
        {"secret_id": "d", "replicas": [{"region": "eu-west-1"}]},
    ], default_region="us-east-1")
    reads = registered_loop(
        {"item": {"region": "us-east-1"}, "secrets": [entry("a"), entry("d")]},
        {"item": {"region": "us-west-2"}, "secrets": [dict(entry("b", region="us-west-2"), arn=b_arn)]},
        {"item": {"region": "cn-northwest-1"}, "secrets": [dict(entry("c", region="cn-northwest-1"), arn=c_arn)]},
    )
    check = replicate.check(plan, reads)
    assert sorted(secret["primary_region"] for secret in check["to_check"]) == ["cn-northwest-1", "us-east-1", "us-east-1", "us-west-2"]
    # One read in aws (for b in us-west-2 and a in us-east-1), one in aws-cn; d needs none (eu-west-1 is enabled everywhere).
    assert check["opt_in_regions"] == ["cn-northwest-1", "us-east-1"]


def test_verify_reads_only_what_apply_did_not_confirm():
    plan = replicate.plan(secrets=[{"secret_id": "done"}, {"secret_id": "pending"}], default_replicas=REPLICAS, default_region="us-east-1")
    check = replicate.check(plan, read_of(entry("done"), entry("pending")))
    first = {"results": [
        {"secret_id": "done", "failed": False, "secret": {"replication_status": [{"region": "eu-west-1", "status": "InSync"}]}},
        {"secret_id": "pending", "failed": False, "secret": {"replication_status": [{"region": "eu-west-1", "status": "InProgress"}]}},
    ]}
    assert replicate.verify(check["secrets"], [first, {"skipped": True}])["reads"] == [{"region": "us-east-1", "secret_ids": ["pending"]}]


@pytest.mark.parametrize("inputs, message", [
    ({"default_replicas": REPLICAS}, "^Give either replicate_secrets"),
    ({"secrets": [], "selector": {}, "default_replicas": REPLICAS}, "^Give either replicate_secrets"),
    ({"selector": {"tag-key": "dr"}}, "^replicate_selector needs replicate_default_replicas"),
    ({"secrets": "app/db"}, "^replicate.plan expects replicate_secrets"),
    ({"secrets": [], "overwrite": "always"}, "^replicate_overwrite must be one of never, on_conflict"),
])
def test_inputs_the_plan_cannot_use_are_refused_in_the_users_terms(inputs, message):
    with pytest.raises(InputError, match=message):
        replicate.plan(default_region="us-east-1", **inputs)
