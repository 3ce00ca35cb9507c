# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The replicate role's decisions between its module calls, on plain data."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication import role_plan

ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:app/api-AbCdEf"
KEY = "alias/aws/secretsmanager"


def replica(region, status="InSync", kms_key_id=KEY):
    return {"region": region, "status": status, "kms_key_id": kms_key_id, "status_message": None}


def read_entry(name, replicas=(), region="us-east-1", is_replica=False, arn=None):
    return {"name": name, "region": region, "is_replica": is_replica, "arn": arn or f"arn:aws:secretsmanager:{region}:123456789012:secret:{name}-AbCdEf",
            "replication_status": list(replicas)}


def plan_of(*secrets, default_replicas=({"region": "eu-west-1"},), overwrite="never"):
    return role_plan.plan_from_secrets(list(secrets), list(default_replicas), "us-east-1", overwrite)


def test_plan_from_secrets_takes_the_arn_region_the_defaults_and_each_secrets_own_overwrite():
    listed = {"secret_id": ARN, "replicas": [{"region": "eu-west-1", "kms_key_id": "alias/k"}], "purge_replicas": True, "overwrite": True}
    plan = plan_of({"secret_id": "app/db"}, listed, overwrite="never")
    assert plan == [
        {"secret_id": "app/db", "primary_region": "us-east-1", "replicas": [{"region": "eu-west-1"}], "purge_replicas": False, "overwrite_on_conflict": False},
        {"secret_id": ARN, "primary_region": "us-west-2", "replicas": [{"region": "eu-west-1", "kms_key_id": "alias/k"}], "purge_replicas": True,
         "overwrite_on_conflict": True},
    ]
    assert plan_of({"secret_id": "a", "overwrite": False}, overwrite="on_conflict")[0]["overwrite_on_conflict"] is False
    assert plan_of({"secret_id": "a", "replicas": []})[0]["replicas"] == []  # an empty list is the secret's own choice (with purge)


@pytest.mark.parametrize("blank", ["", "  ", None])
def test_a_blank_kms_key_means_the_default_key_and_is_never_looked_up(blank):
    listed = {"secret_id": "a", "replicas": [{"region": "eu-west-1", "kms_key_id": blank}, {"region": "us-west-2", "kms_key_id": " alias/k "}]}
    plan = plan_of(listed)
    assert plan[0]["replicas"] == [{"region": "eu-west-1", "kms_key_id": None}, {"region": "us-west-2", "kms_key_id": "alias/k"}]
    assert role_plan.kms_key_lookups(plan) == [{"region": "us-west-2", "kms_key_id": "alias/k"}]
    selected = role_plan.plan_from_selected([read_entry("b")], [{"region": "eu-west-1", "kms_key_id": blank}])
    assert selected[0]["replicas"] == [{"region": "eu-west-1", "kms_key_id": None}]


def test_plan_from_selected_keeps_primaries_only_and_never_purges():
    plan = role_plan.plan_from_selected([read_entry("a"), read_entry("b", is_replica=True)], [{"region": "us-west-2"}], "on_conflict")
    assert plan == [{"secret_id": "a", "primary_region": "us-east-1", "replicas": [{"region": "us-west-2"}], "purge_replicas": False,
                     "overwrite_on_conflict": True}]


def test_reads_group_by_primary_region_and_skip_secrets_that_broke_a_rule():
    plan = plan_of({"secret_id": "a"}, {"secret_id": ARN}, {"secret_id": "b"}, {"secret_id": "bad"})
    problems = [{"secret_id": "bad", "region": None, "about": "secret", "problem": "x"}, {"secret_id": "b", "region": "cn-north-1", "about": "replica"}]
    assert role_plan.secret_reads(plan, problems) == [{"region": "us-east-1", "secret_ids": ["a", "b"]}, {"region": "us-west-2", "secret_ids": [ARN]}]


@pytest.mark.parametrize(
    "replicas, purge, compliant, actions",
    [
        ([replica("eu-west-1")], False, True, []),
        ([replica("eu-west-1", status="InProgress")], False, True, []),  # present: the planner has nothing to do
        ([replica("eu-west-1", status="Failed")], False, False, ["retry"]),
        ([], False, False, ["add"]),
        ([replica("eu-west-1"), replica("us-west-2")], False, True, []),
        ([replica("eu-west-1"), replica("us-west-2")], True, False, ["remove"]),
    ],
)
def test_compliance_is_the_planner_having_nothing_to_do(replicas, purge, compliant, actions):
    plan = [dict(plan_of({"secret_id": "app/db"})[0], purge_replicas=purge)]
    (annotated,) = role_plan.with_compliance(plan, [read_entry("app/db", replicas)])
    assert (annotated["compliant"], annotated["todo"]) == (compliant, not compliant)
    assert [action["action"] for action in annotated["actions"]] == actions


def test_keys_compare_as_strings_so_an_alias_for_the_same_key_is_left_to_the_module():
    key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234"
    plan = plan_of({"secret_id": "app/db", "replicas": [{"region": "eu-west-1", "kms_key_id": "alias/k"}]})
    (annotated,) = role_plan.with_compliance(plan, [read_entry("app/db", [replica("eu-west-1", kms_key_id=key_arn)])])
    assert annotated["todo"] and annotated["actions"] == [{"action": "rekey", "region": "eu-west-1", "kms_key_id": "alias/k"}]


def test_matching_is_by_arn_or_by_exact_name_in_the_primary_region():
    plan = plan_of({"secret_id": "app/db"}, {"secret_id": ARN})
    entries = [read_entry("app/db-old"), read_entry("app/db", region="eu-west-1"), read_entry("app/api", region="us-west-2", arn=ARN)]
    annotated = role_plan.with_compliance(plan, entries)
    assert [(secret["found"], secret["arn"]) for secret in annotated] == [(False, None), (True, ARN)]


def test_missing_replica_and_unread_secrets_are_refused_and_not_applied():
    plan = plan_of({"secret_id": "gone"}, {"secret_id": "rep"}, {"secret_id": ARN})
    annotated = role_plan.with_compliance(plan, [read_entry("rep", is_replica=True)], unread={"us-west-2": "AccessDenied"})
    assert role_plan.todo(annotated) == []
    problems = role_plan.secret_problems(annotated)
    assert [(item["secret_id"], item["region"]) for item in problems] == [("gone", "us-east-1"), ("rep", "us-east-1"), (ARN, "us-west-2")]
    assert "no such secret in 'us-east-1'" in problems[0]["problem"]
    assert "it is a replica in 'us-east-1'" in problems[1]["problem"]
    assert "could not read it in 'us-west-2': AccessDenied" in problems[2]["problem"]


def test_a_secret_listed_twice_or_with_nothing_to_replicate_to_is_a_problem():
    problems = role_plan.plan_problems(plan_of({"secret_id": "a"}, {"secret_id": "a"}, {"secret_id": "b"}))
    assert [item["secret_id"] for item in problems] == ["a"]
    empty = plan_of({"secret_id": "none"}, {"secret_id": "purge", "replicas": [], "purge_replicas": True}, default_replicas=())
    (problem,) = role_plan.plan_problems(empty)
    assert problem["secret_id"] == "none" and "nothing to replicate it to" in problem["problem"]


def test_kms_lookups_are_distinct_customer_keys_without_a_violation():
    plan = plan_of(
        {"secret_id": "a", "replicas": [{"region": "eu-west-1", "kms_key_id": "alias/k"}, {"region": "us-west-2", "kms_key_id": KEY}]},
        {"secret_id": "b", "replicas": [{"region": "eu-west-1", "kms_key_id": "alias/k"}, {"region": "ap-south-1", "kms_key_id": "alias/x"}]},
        {"secret_id": "c", "replicas": [{"region": "eu-west-1"}]},
    )
    problems = [{"secret_id": "b", "region": "ap-south-1", "about": "replica"}]
    assert role_plan.kms_key_lookups(plan, problems) == [{"region": "eu-west-1", "kms_key_id": "alias/k"}]


def result(secret_id, *reasons, retryable=False, changed=True):
    failures = [{"region": "eu-west-1", "reason": reason, "retryable": retryable} for reason in reasons]
    return {"secret_id": secret_id, "changed": changed, "failed": bool(failures), "failures": failures, "actions": []}


def annotated_plan(*secrets, overwrite="never"):
    plan = plan_of(*[{"secret_id": secret_id} for secret_id in secrets], overwrite=overwrite)
    return role_plan.with_compliance(plan, [read_entry(secret_id) for secret_id in secrets])


def test_overwrite_pass_takes_name_conflicts_the_policy_allows():
    plan = annotated_plan("a", "b", "c", overwrite="on_conflict")
    plan[2]["overwrite_on_conflict"] = False
    first = {"results": [result("a", "name_conflict"), result("b", "kms_key_unusable"), result("c", "name_conflict")]}
    assert [secret["secret_id"] for secret in role_plan.overwrite_pass(role_plan.todo(plan), first)] == ["a"]


def test_module_entries_carry_each_secrets_own_overwrite_only_when_asked():
    (secret,) = role_plan.todo(annotated_plan("a", overwrite="on_conflict"))
    assert role_plan.module_entries([secret]) == [
        {"secret_id": "a", "region": "us-east-1", "replicas": [{"region": "eu-west-1", "kms_key_id": None}], "purge_replicas": False}
    ]
    assert role_plan.module_entries([secret], per_secret_overwrite=True)[0]["overwrite"] is True


def test_planned_actions_compare_the_read_replicas_with_the_listed_ones():
    secret = {"secret_id": "app/db", "replicas": [{"region": "eu-west-1", "kms_key_id": KEY}, {"region": "us-west-2", "kms_key_id": "alias/k"},
                                                  {"region": "ap-south-1", "kms_key_id": ""}, {"region": "sa-east-1"}],
              "purge_replicas": True}
    # AWS omits the key of a replica on the AWS managed key; "" or no key listed means any key will do.
    entry = read_entry("app/db", [replica("eu-west-1", kms_key_id=None), replica("us-west-2"), replica("ap-south-1", kms_key_id="alias/own"),
                                  replica("ca-central-1", status="Failed")])
    assert role_plan.planned_actions(secret, entry) == [
        {"action": "remove", "region": "ca-central-1"},
        {"action": "add", "region": "sa-east-1", "overwrite": False},
        {"action": "rekey", "region": "us-west-2", "kms_key_id": "alias/k"},
    ]
    assert role_plan.planned_actions(dict(secret, purge_replicas=False), {"name": "app/db"}) == [
        {"action": "add", "region": region, "overwrite": False, **({"kms_key_id": key} if key else {})}
        for region, key in (("ap-south-1", None), ("eu-west-1", KEY), ("sa-east-1", None), ("us-west-2", "alias/k"))
    ]


def test_results_by_secret_keeps_each_secrets_latest_result_and_ignores_passes_without_results():
    first = {"results": [result("a", "throttled"), result("b", "name_conflict")]}
    retry = {"results": [result("a")]}
    latest = role_plan.results_by_secret(first, None, {"skipped": True}, {"results": [], "msg": "refused"}, retry)
    assert latest == {"a": result("a"), "b": result("b", "name_conflict")}
    assert role_plan.results_by_secret() == {}


def applied(*statuses, failed=False, secret=True):
    shown = {"replication_status": [{"region": region, "status": status} for region, status in statuses]}
    return {"secret_id": "app/db", "failed": failed, **({"secret": shown} if secret else {})}


@pytest.mark.parametrize("result, confirmed", [
    (applied(("eu-west-1", "InSync"), ("us-west-2", "InSync"), ("ap-south-1", "InProgress")), True),  # an unlisted Region does not count
    (applied(("eu-west-1", "InSync"), ("us-west-2", "InProgress")), False),
    (applied(("eu-west-1", "InSync")), False),
    (applied(("eu-west-1", "InSync"), ("us-west-2", "InSync"), failed=True), False),
    (applied(secret=False), False),
    (None, False),
])
def test_apply_confirms_a_secret_only_when_it_shows_every_listed_replica_in_sync(result, confirmed):
    secret = {"secret_id": "app/db", "replicas": [{"region": "eu-west-1"}, {"region": "us-west-2", "kms_key_id": "alias/k"}]}
    assert role_plan.confirmed_by_apply(secret, result) is confirmed


def test_desired_replicas_are_region_and_key_only_with_a_blank_key_meaning_any_key():
    secret = {"secret_id": "app/db", "replicas": [
        {"region": "eu-west-1", "kms_key_id": "alias/k", "status": "InSync", "overwrite": True},
        {"region": "us-west-2", "kms_key_id": ""},
        {"region": "ap-south-1", "kms_key_id": None},
        {"region": "sa-east-1"},
    ]}
    assert role_plan.desired_replicas(secret) == [
        {"region": "eu-west-1", "kms_key_id": "alias/k"},
        {"region": "us-west-2", "kms_key_id": None},
        {"region": "ap-south-1", "kms_key_id": None},
        {"region": "sa-east-1", "kms_key_id": None},
    ]


@pytest.mark.parametrize("secret", [{"secret_id": "a"}, {"secret_id": "a", "replicas": None}, {"secret_id": "a", "replicas": []}])
def test_desired_replicas_of_a_secret_without_replicas_are_none(secret):
    assert role_plan.desired_replicas(secret) == []


def test_desired_replicas_are_new_dicts_so_the_plan_is_never_changed_through_them():
    secret = {"secret_id": "a", "replicas": [{"region": "eu-west-1"}]}
    role_plan.desired_replicas(secret)[0]["region"] = "us-west-2"
    assert secret["replicas"] == [{"region": "eu-west-1"}]


def test_the_index_holds_each_entry_by_arn_and_by_name_in_its_region():
    db, api = read_entry("app/db"), read_entry("app/api", region="us-west-2", arn=ARN)
    assert role_plan.index_entries([db, api]) == {
        db["arn"]: db, ("app/db", "us-east-1"): db,
        ARN: api, ("app/api", "us-west-2"): api,
    }
    assert role_plan.index_entries([]) == {}


def test_the_first_entry_of_an_arn_or_a_name_in_a_region_wins():
    first, same_name, same_arn = read_entry("app/db"), read_entry("app/db", arn=ARN), read_entry("app/other", arn=read_entry("app/db")["arn"])
    index = role_plan.index_entries([first, same_name, same_arn])
    assert index[first["arn"]] is first and index[("app/db", "us-east-1")] is first
    assert index[ARN] is same_name and index[("app/other", "us-east-1")] is same_arn


def test_a_name_read_in_two_regions_is_indexed_once_per_region():
    east, west = read_entry("app/db"), read_entry("app/db", region="eu-west-1")
    index = role_plan.index_entries([east, west])
    assert (index[("app/db", "us-east-1")], index[("app/db", "eu-west-1")]) == (east, west)


def test_find_entry_looks_up_a_name_in_the_secrets_primary_region_only():
    east, west = read_entry("app/db"), read_entry("app/db", region="eu-west-1")
    index = role_plan.index_entries([east, west])
    assert role_plan.find_entry({"secret_id": "app/db", "primary_region": "eu-west-1"}, index) is west
    assert role_plan.find_entry({"secret_id": "app/db", "primary_region": "us-west-2"}, index) is None
    assert role_plan.find_entry({"secret_id": "app/db"}, index) is None  # no primary Region: no Region to look in
    assert role_plan.find_entry({"secret_id": "app/d", "primary_region": "us-east-1"}, index) is None  # names match exactly


def test_find_entry_looks_up_an_arn_by_arn_whatever_the_primary_region_says():
    api = read_entry("app/api", region="us-west-2", arn=ARN)
    index = role_plan.index_entries([api])
    assert role_plan.find_entry({"secret_id": ARN, "primary_region": "us-east-1"}, index) is api
    # Another secret of the same name (another suffix) is not the one the ARN names.
    assert role_plan.find_entry({"secret_id": ARN.replace("AbCdEf", "ZzZzZz"), "primary_region": "us-west-2"}, index) is None
    # A name that happens to be in the index is not read as that ARN.
    assert role_plan.find_entry({"secret_id": "app/api", "primary_region": "us-west-2"}, index) is api


def test_find_entry_in_an_empty_index_finds_nothing():
    assert role_plan.find_entry({"secret_id": ARN, "primary_region": "us-west-2"}, {}) is None
    assert role_plan.find_entry({"secret_id": "app/db", "primary_region": "us-east-1"}, {}) is None


def test_find_entry_takes_a_partial_arn_without_the_suffix_aws_adds_as_that_secret_only():
    api = read_entry("app/api", region="us-west-2", arn=ARN)
    index = role_plan.index_entries([api])
    partial = ARN[: -len("-AbCdEf")]
    assert role_plan.find_entry({"secret_id": partial, "primary_region": "us-west-2"}, index) is api
    # A partial ARN of another name, or in another Region, is not that secret.
    assert role_plan.find_entry({"secret_id": partial[:-1], "primary_region": "us-west-2"}, index) is None
    assert role_plan.find_entry({"secret_id": partial.replace("us-west-2", "eu-west-1"), "primary_region": "eu-west-1"}, index) is None
    # An id read as a partial ARN resolves as AWS resolves it: to the secret whose full ARN it begins.
    named_like = read_entry("app/api-AbCdEf", region="us-west-2", arn=ARN.replace("app/api-AbCdEf", "app/api-AbCdEf-QwErTy"))
    assert role_plan.find_entry({"secret_id": ARN, "primary_region": "us-west-2"}, role_plan.index_entries([named_like])) is named_like
