# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import planning
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.shaping import DEFAULT_KMS_KEY

PRIMARY_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"


def replica(key=DEFAULT_KMS_KEY, status="InSync"):
    return {"kms_key_id": key, "status": status}


def spec(region, key=None):
    return {"region": region, "kms_key_id": key}


# --- plan_present -----------------------------------------------------------


def test_nothing_to_do_when_listed_replicas_are_in_sync():
    current = {"eu-west-1": replica(), "us-west-2": replica("alias/k")}
    assert planning.plan_present(current, [spec("us-west-2", "alias/k"), spec("eu-west-1")]) == []


def test_order_of_the_list_never_matters():
    current = {"eu-west-1": replica(), "us-west-2": replica(), "ap-south-1": replica()}
    forward = [spec("eu-west-1"), spec("us-west-2"), spec("ap-south-1")]
    assert planning.plan_present(current, forward, purge=True) == []
    assert planning.plan_present(current, list(reversed(forward)), purge=True) == []


def test_missing_region_is_added_with_its_key_and_overwrite_flag():
    actions = planning.plan_present({}, [spec("us-west-2", "alias/k"), spec("eu-west-1")], overwrite=True)
    assert actions == [
        {"action": "add", "region": "eu-west-1", "overwrite": True},
        {"action": "add", "region": "us-west-2", "kms_key_id": "alias/k", "overwrite": True},
    ]


def test_failed_replica_is_retried_not_treated_as_present():
    actions = planning.plan_present({"eu-west-1": replica(status="Failed")}, [spec("eu-west-1")])
    assert actions == [{"action": "retry", "region": "eu-west-1", "overwrite": False}]


def test_retry_keeps_a_failed_replicas_custom_key_when_none_is_listed():
    actions = planning.plan_present({"eu-west-1": replica("alias/k", "Failed")}, [spec("eu-west-1")])
    assert actions == [{"action": "retry", "region": "eu-west-1", "kms_key_id": "alias/k", "overwrite": False}]


def test_retry_uses_the_listed_key():
    actions = planning.plan_present({"eu-west-1": replica("alias/old", "Failed")}, [spec("eu-west-1", "alias/new")])
    assert actions == [{"action": "retry", "region": "eu-west-1", "kms_key_id": "alias/new", "overwrite": False}]


def test_in_progress_replica_is_present_and_not_retried():
    assert planning.plan_present({"eu-west-1": replica(status="InProgress")}, [spec("eu-west-1")]) == []


def test_different_key_is_rekeyed():
    actions = planning.plan_present({"eu-west-1": replica()}, [spec("eu-west-1", "alias/k")])
    assert actions == [{"action": "rekey", "region": "eu-west-1", "kms_key_id": "alias/k"}]


def test_omitted_key_keeps_the_replicas_key():
    assert planning.plan_present({"eu-west-1": replica("alias/k")}, [spec("eu-west-1")]) == []


def test_keys_match_callback_decides_equivalence():
    calls = []

    def keys_match(region, wanted, reported):
        calls.append((region, wanted, reported))
        return True

    current = {"eu-west-1": replica("arn:aws:kms:eu-west-1:123456789012:key/1"), "us-west-2": replica("alias/k")}
    desired = [spec("eu-west-1", "alias/k1"), spec("us-west-2", "alias/k")]
    assert planning.plan_present(current, desired, keys_match=keys_match) == []
    # called only where a key is listed; plan_present leaves the string shortcut to the callback
    assert ("eu-west-1", "alias/k1", "arn:aws:kms:eu-west-1:123456789012:key/1") in calls


def test_unlisted_replicas_are_kept_without_purge_and_removed_with_it():
    current = {"eu-west-1": replica(), "us-west-2": replica(status="Failed"), "ap-south-1": replica(status="InProgress")}
    assert planning.plan_present(current, [spec("eu-west-1")]) == []
    assert planning.plan_present(current, [spec("eu-west-1")], purge=True) == [
        {"action": "remove", "region": "ap-south-1"},
        {"action": "remove", "region": "us-west-2"},
    ]


def test_purge_with_empty_list_removes_everything():
    current = {"eu-west-1": replica(), "us-west-2": replica()}
    assert [a["action"] for a in planning.plan_present(current, [], purge=True)] == ["remove", "remove"]


def test_actions_are_in_execution_order():
    current = {"eu-west-1": replica(status="Failed"), "us-west-2": replica(), "ap-south-1": replica()}
    desired = [spec("sa-east-1"), spec("eu-west-1"), spec("us-west-2", "alias/k")]
    actions = planning.plan_present(current, desired, purge=True)
    assert [(a["action"], a["region"]) for a in actions] == [
        ("remove", "ap-south-1"),
        ("retry", "eu-west-1"),
        ("add", "sa-east-1"),
        ("rekey", "us-west-2"),
    ]


# --- key comparison -----------------------------------------------------------


def test_same_key_does_not_resolve_equal_strings():
    def resolve(key):
        raise AssertionError("DescribeKey must not be called for equal strings")

    assert planning.same_key("alias/k", "alias/k", resolve)


def test_same_key_resolves_alias_and_key_to_the_same_arn():
    arn = "arn:aws:kms:eu-west-1:123456789012:key/1"
    table = {"alias/k": arn, "1": arn, arn: arn}
    assert planning.same_key("alias/k", "1", table.get)
    assert not planning.same_key("alias/other", "1", {"alias/other": "arn:x", "1": arn}.get)


def test_same_key_unknown_wanted_key_never_matches():
    assert not planning.same_key("alias/missing", "alias/also-missing", lambda key: None)


def test_key_comparisons_only_where_strings_differ_on_present_replicas():
    current = {
        "eu-west-1": replica("alias/a"),
        "us-west-2": replica("alias/b"),
        "ap-south-1": replica("alias/c", "Failed"),
    }
    desired = [spec("eu-west-1", "alias/a"), spec("us-west-2", "key-b"), spec("ap-south-1", "alias/x"), spec("sa-east-1", "alias/y"), spec("ca-central-1")]
    assert planning.key_comparisons(current, desired) == [("us-west-2", "key-b", "alias/b")]


# --- absent ----------------------------------------------------------


def test_absent_removes_listed_present_regions_of_any_status():
    current = {"eu-west-1": replica(status="Failed"), "us-west-2": replica(status="InProgress"), "ap-south-1": replica()}
    actions = planning.plan_absent(current, [spec("us-west-2"), spec("eu-west-1"), spec("sa-east-1")])
    assert actions == [{"action": "remove", "region": "eu-west-1"}, {"action": "remove", "region": "us-west-2"}]


# --- predictions and views -----------------------------------------------------------


def test_predicted_replication_status_for_check_mode():
    entries = [
        {"region": "eu-west-1", "kms_key_id": DEFAULT_KMS_KEY, "status": "Failed", "status_message": "boom", "last_accessed_date": None, "arn": "x"},
        {"region": "us-west-2", "kms_key_id": DEFAULT_KMS_KEY, "status": "InSync", "status_message": "ok", "last_accessed_date": "d", "arn": "y"},
        {"region": "ap-south-1", "kms_key_id": DEFAULT_KMS_KEY, "status": "InSync", "status_message": "ok", "last_accessed_date": "d", "arn": "z"},
    ]
    actions = [
        {"action": "remove", "region": "ap-south-1"},
        {"action": "retry", "region": "eu-west-1", "overwrite": False},
        {"action": "add", "region": "sa-east-1", "kms_key_id": "alias/k", "overwrite": False},
        {"action": "rekey", "region": "us-west-2", "kms_key_id": "alias/n"},
    ]
    predicted = planning.predicted_replication_status(entries, actions, PRIMARY_ARN, new_status="InProgress")
    assert predicted == [
        {
            "region": "eu-west-1",
            "kms_key_id": DEFAULT_KMS_KEY,
            "status": "InProgress",
            "status_message": None,
            "last_accessed_date": None,
            "arn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf",
        },
        {
            "region": "sa-east-1",
            "kms_key_id": "alias/k",
            "status": "InProgress",
            "status_message": None,
            "last_accessed_date": None,
            "arn": "arn:aws:secretsmanager:sa-east-1:123456789012:secret:db-AbCdEf",
        },
        {
            "region": "us-west-2",
            "kms_key_id": "alias/n",
            "status": "InSync",
            "status_message": "ok",
            "last_accessed_date": "d",
            "arn": "arn:aws:secretsmanager:us-west-2:123456789012:secret:db-AbCdEf",
        },
    ]


def test_replica_set_and_touched_regions():
    current = {"us-west-2": replica("alias/k"), "eu-west-1": replica(status="Failed")}
    assert planning.replica_set(current) == [
        {"region": "eu-west-1", "kms_key_id": DEFAULT_KMS_KEY, "status": "Failed"},
        {"region": "us-west-2", "kms_key_id": "alias/k", "status": "InSync"},
    ]
    actions = [{"action": "remove", "region": "a"}, {"action": "add", "region": "c"}, {"action": "rekey", "region": "b"}, {"action": "retry", "region": "c"}]
    assert planning.touched_regions(actions) == ["b", "c"]


def test_current_replicas_defaults_missing_key():
    assert planning.current_replicas([{"region": "eu-west-1", "kms_key_id": None, "status": "InSync"}]) == {"eu-west-1": replica()}


# --- properties -----------------------------------------------------------------

REGIONS = ["eu-west-1", "eu-west-2", "us-west-2", "ap-south-1", "sa-east-1"]
# Several spellings of one key: an alias, its key id and its ARN resolve to the same key.
KEY_SPELLINGS = {
    "alias/a": "arn:aws:kms:r:1:key/a",
    "a": "arn:aws:kms:r:1:key/a",
    "arn:aws:kms:r:1:key/a": "arn:aws:kms:r:1:key/a",
    "alias/b": "arn:aws:kms:r:1:key/b",
    "b": "arn:aws:kms:r:1:key/b",
    DEFAULT_KMS_KEY: "arn:aws:kms:r:1:key/default",
}
KEYS = sorted(KEY_SPELLINGS)
STATUSES = ["InSync", "InProgress", "Failed"]

current_states = st.dictionaries(
    st.sampled_from(REGIONS),
    st.builds(lambda key, status: {"kms_key_id": key, "status": status}, st.sampled_from(KEYS), st.sampled_from(STATUSES)),
)
desired_specs = st.lists(
    st.builds(lambda region, key: {"region": region, "kms_key_id": key}, st.sampled_from(REGIONS), st.one_of(st.none(), st.sampled_from(KEYS))),
    unique_by=lambda item: item["region"],
)


def resolving_keys_match(region, wanted, reported):
    return planning.same_key(wanted, reported, KEY_SPELLINGS.get)


def assert_reached(state, current, desired, purge):
    for item in desired:
        assert item["region"] in state
        replica_now = state[item["region"]]
        assert replica_now["status"] != "Failed"
        if item["kms_key_id"] is not None:
            assert KEY_SPELLINGS[replica_now["kms_key_id"]] == KEY_SPELLINGS[item["kms_key_id"]]
        elif item["region"] in current:
            # an omitted key keeps the replica's key
            assert KEY_SPELLINGS[replica_now["kms_key_id"]] == KEY_SPELLINGS[current[item["region"]]["kms_key_id"]]
    listed = {item["region"] for item in desired}
    if purge:
        assert set(state) == listed
    else:
        assert set(state) == set(current) | listed
        for region in set(current) - listed:
            assert state[region] == current[region]


@settings(max_examples=400, deadline=None)
@given(current=current_states, desired=desired_specs, purge=st.booleans(), overwrite=st.booleans(), key_compare=st.booleans())
def test_present_plan_reaches_the_desired_set_and_is_then_empty(current, desired, purge, overwrite, key_compare):
    keys_match = resolving_keys_match if key_compare else planning.strings_equal
    actions = planning.plan_present(current, desired, purge=purge, overwrite=overwrite, keys_match=keys_match)
    state = planning.apply_actions(current, actions)
    assert_reached(state, current, desired, purge)
    assert planning.plan_present(state, desired, purge=purge, overwrite=overwrite, keys_match=keys_match) == []
    # each Region gets at most one action, so no Region is ever replicated twice
    assert len({action["region"] for action in actions}) == len(actions)


@settings(max_examples=200, deadline=None)
@given(current=current_states, desired=desired_specs, purge=st.booleans(), data=st.data())
def test_present_plan_ignores_the_order_of_the_list(current, desired, purge, data):
    shuffled = data.draw(st.permutations(desired))
    assert planning.plan_present(current, desired, purge=purge) == planning.plan_present(current, shuffled, purge=purge)


@settings(max_examples=200, deadline=None)
@given(current=current_states, desired=desired_specs)
def test_absent_plan_removes_listed_and_keeps_the_rest(current, desired):
    actions = planning.plan_absent(current, desired)
    state = planning.apply_actions(current, actions)
    listed = {item["region"] for item in desired}
    assert not listed & set(state)
    assert state == {region: value for region, value in current.items() if region not in listed}
    assert planning.plan_absent(state, desired) == []


@pytest.mark.parametrize("status", STATUSES)
def test_unknown_action_kinds_are_not_produced(status):
    actions = planning.plan_present({"eu-west-1": replica(status=status)}, [spec("eu-west-1", "alias/b"), spec("us-west-2")], purge=True)
    assert {action["action"] for action in actions} <= set(planning.ACTION_ORDER)


PRIMARY_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"


@pytest.mark.parametrize(
    "found, finding",
    [
        (None, planning.FREE),
        ({"ARN": PRIMARY_ARN.replace("us-east-1", "eu-west-1"), "PrimaryRegion": "us-east-1"}, planning.OUR_REPLICA),
        # Same suffix, but following another Region: the old primary's replica after a failover, not ours.
        ({"ARN": PRIMARY_ARN.replace("us-east-1", "eu-west-1"), "PrimaryRegion": "us-west-2"}, planning.OTHER_PRIMARYS_REPLICA),
        ({"ARN": PRIMARY_ARN.replace("us-east-1", "eu-west-1").replace("AbCdEf", "ZzZzZz"), "PrimaryRegion": "ap-south-1"},
         planning.OTHER_PRIMARYS_REPLICA),
        ({"ARN": "x", "DeletedDate": "2026-11-30"}, planning.SCHEDULED_FOR_DELETION),
        ({"ARN": "x"}, planning.OTHER_SECRET),
        ({"ARN": "x", "PrimaryRegion": "eu-west-1"}, planning.OTHER_SECRET),  # a primary of its own in that Region
    ],
)
def test_same_name_finding(found, finding):
    assert planning.same_name_finding(found, PRIMARY_ARN, "eu-west-1") == finding


@pytest.mark.parametrize(
    "finding, overwrite, conflict",
    [
        (planning.FREE, False, None),
        (planning.OUR_REPLICA, False, None),
        (planning.OTHER_SECRET, False, "already exists"),
        (planning.OTHER_SECRET, True, None),
        (planning.SCHEDULED_FOR_DELETION, False, "scheduled for deletion"),
        (planning.SCHEDULED_FOR_DELETION, True, None),
        (planning.OTHER_PRIMARYS_REPLICA, True, "promote it there first"),
    ],
)
def test_name_conflict(finding, overwrite, conflict):
    message = planning.name_conflict(finding, overwrite)
    assert (message is None) if conflict is None else (conflict in message.format(region="eu-west-1"))


def test_only_an_add_that_finds_its_own_replica_is_skipped():
    assert planning.already_replicated(planning.OUR_REPLICA, "add")
    assert not planning.already_replicated(planning.OUR_REPLICA, "retry")
    assert not planning.already_replicated(planning.OTHER_SECRET, "add")


def test_a_region_listed_twice_counts_as_failed_so_it_is_retried_once():
    entries = [{"region": "eu-west-1", "status": "InSync"}, {"region": "eu-west-1", "status": "Failed"}, {"region": "us-west-2", "status": "InSync"}]
    assert planning.listed_twice(entries) == ["eu-west-1"]
    current = planning.current_replicas(entries)
    assert current["eu-west-1"]["status"] == "Failed"
    assert planning.current_replicas(list(reversed(entries)))["eu-west-1"]["status"] == "Failed"
    assert planning.plan_present(current, [{"region": "eu-west-1"}, {"region": "us-west-2"}]) == [
        {"action": "retry", "region": "eu-west-1", "overwrite": False}]
