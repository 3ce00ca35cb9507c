# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The primary side's cross-account rules as pure functions: input problems, the plan, predictions, shapes."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import cross_account
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import inputs as replica_inputs

PRIMARY_ACCOUNT = "123456789012"
REPLICA_ARN = "arn:aws:secretsmanager:us-east-1:210987654321:secret:db-RcVaBc"
OTHER_ARN = "arn:aws:secretsmanager:us-east-1:210987654321:secret:other-QqQqQq"
ROLE = f"arn:aws:iam::{PRIMARY_ACCOUNT}:role/replication"


def link(arn=REPLICA_ARN, restriction=None, role=None):
    return cross_account.replica_link({"arn": arn, "restriction": restriction, "replication_role_arn": role})


def entry(arn=REPLICA_ARN, status="InSync", role=None):
    return {"arn": arn, "status": status, "status_message": f"{status} message", "replication_role_arn": role}


def test_the_option_gets_aws_default_restriction():
    assert link() == {"arn": REPLICA_ARN, "restriction": "same_org", "replication_role_arn": None}
    assert cross_account.replica_link(None) is None
    assert cross_account.RESTRICTIONS == {"same_org": "SameOrg", "no_restriction": "NoRestriction"}


def test_a_good_link_has_no_problem():
    spec = {"arn": REPLICA_ARN, "replication_role_arn": ROLE}
    assert cross_account.link_problems(spec, "us-east-1", PRIMARY_ACCOUNT) == []
    assert cross_account.link_problems(None, "us-east-1") == []


@pytest.mark.parametrize(
    "arn, expected",
    [
        ("arn:aws:secretsmanager:eu-west-1:210987654321:secret:db-RcVaBc", "is in Region 'eu-west-1' (partition 'aws') but the primary is in 'us-east-1'"),
        ("arn:aws-cn:secretsmanager:cn-north-1:210987654321:secret:db-RcVaBc", "partition 'aws-cn'"),
        ("arn:aws-us-gov:secretsmanager:us-east-1:210987654321:secret:db-RcVaBc", "must be in its primary's Region and partition"),
        ("db-RcVaBc", "is not a secret ARN"),
        ("arn:aws:kms:us-east-1:210987654321:key/1", "is not a secret ARN"),
        (f"arn:aws:secretsmanager:us-east-1:{PRIMARY_ACCOUNT}:secret:db-RcVaBc", "in the primary's own account (123456789012)"),
    ],
)
def test_static_refusals_name_the_problem_and_the_fix(arn, expected):
    problems = cross_account.link_problems({"arn": arn}, "us-east-1", PRIMARY_ACCOUNT)
    assert len(problems) == 1 and expected in problems[0], problems


def test_own_account_is_checked_only_when_the_primary_account_is_known():
    own = f"arn:aws:secretsmanager:us-east-1:{PRIMARY_ACCOUNT}:secret:db-RcVaBc"
    assert cross_account.link_problems({"arn": own}, "us-east-1", None) == []
    assert "two accounts" in cross_account.own_account_problems(own, PRIMARY_ACCOUNT)[0]
    assert cross_account.own_account_problems(REPLICA_ARN, PRIMARY_ACCOUNT) == []


@pytest.mark.parametrize(
    "role, expected",
    [
        ("replication", "is not an IAM role ARN"),
        (f"arn:aws:iam::{PRIMARY_ACCOUNT}:user/replication", "is not an IAM role ARN"),
        ("arn:aws:iam::210987654321:role/replication", "not the primary's (123456789012)"),
        (f"arn:aws-cn:iam::{PRIMARY_ACCOUNT}:role/replication", "partition 'aws-cn'"),
    ],
)
def test_replication_role_must_be_a_role_of_the_primary_account(role, expected):
    problems = cross_account.link_problems({"arn": REPLICA_ARN, "replication_role_arn": role}, "us-east-1", PRIMARY_ACCOUNT)
    assert len(problems) == 1 and expected in problems[0], problems


def test_options_that_mean_nothing_with_the_state_are_refused():
    assert "means nothing with state=promoted" in cross_account.link_problems({"arn": REPLICA_ARN}, "us-east-1", state="promoted")[0]
    problems = cross_account.link_problems({"arn": REPLICA_ARN, "restriction": "no_restriction", "replication_role_arn": ROLE}, "us-east-1",
                                           state="absent")
    assert problems == ["cross_account_replica.restriction and cross_account_replica.replication_role_arn mean nothing with state=absent: remove them"]
    assert cross_account.link_problems({"arn": REPLICA_ARN}, "us-east-1", state="absent") == []


def test_plan_present():
    plan = cross_account.plan_link
    associate = {"action": "associate", "region": "us-east-1", "cross_account_replica_arn": REPLICA_ARN, "restriction": "same_org"}
    assert plan([], link(), "present", "us-east-1") == (associate, None)
    assert plan([entry(status="Detached")], link(), "present", "us-east-1") == (associate, None)
    assert plan([entry(status="Failed")], link(), "present", "us-east-1") == (dict(associate, action="repair"), None)
    for status in ("InSync", "InProgress"):
        assert plan([entry(status=status)], link(), "present", "us-east-1") == (None, None)
    # A role only when given and different; an omitted role keeps the link's.
    assert plan([entry(role="arn:aws:iam::123456789012:role/old")], link(), "present", "us-east-1") == (None, None)
    assert plan([entry(role=ROLE)], link(role=ROLE), "present", "us-east-1") == (None, None)
    assert plan([entry()], link(role=ROLE, restriction="no_restriction"), "present", "us-east-1") == (
        dict(associate, restriction="no_restriction", replication_role_arn=ROLE), None)
    # Another replica once Detached does not stand in the way (AWS then lists only the new one).
    assert plan([entry(OTHER_ARN, status="Detached")], link(), "present", "us-east-1") == (associate, None)


@pytest.mark.parametrize("status", ["InSync", "InProgress", "Failed"])
def test_a_second_replica_is_refused_naming_the_first(status):
    action, refused = cross_account.plan_link([entry(OTHER_ARN, status=status)], link(), "present", "us-east-1")
    assert action is None
    assert f"already has a cross-account replica, {OTHER_ARN} ({status})" in refused and "at most one" in refused
    assert "disassociate it first" in refused


def test_plan_absent():
    disassociate = {"action": "disassociate", "region": "us-east-1", "cross_account_replica_arn": REPLICA_ARN}
    for status in ("InSync", "InProgress", "Failed"):
        assert cross_account.plan_link([entry(status=status)], link(), "absent", "us-east-1") == (disassociate, None)
    assert cross_account.plan_link([entry(status="Detached")], link(), "absent", "us-east-1") == (None, None)
    assert cross_account.plan_link([], link(), "absent", "us-east-1") == (None, None)
    # Another primary's link is not ours to remove.
    assert cross_account.plan_link([entry(OTHER_ARN)], link(), "absent", "us-east-1") == (None, None)


def test_predictions():
    associate, dummy = cross_account.plan_link([entry(OTHER_ARN, status="Detached")], link(role=ROLE), "present", "us-east-1")
    assert cross_account.predicted_links([entry(OTHER_ARN, status="Detached")], associate, new_status="InProgress") == [
        {"arn": REPLICA_ARN, "status": "InProgress", "status_message": None, "replication_role_arn": ROLE}]
    repair, dummy = cross_account.plan_link([entry(status="Failed", role=ROLE)], link(), "present", "us-east-1")
    assert cross_account.predicted_links([entry(status="Failed", role=ROLE)], repair)[0]["replication_role_arn"] == ROLE
    disassociate, dummy = cross_account.plan_link([entry()], link(), "absent", "us-east-1")
    assert [e["status"] for e in cross_account.predicted_links([entry()], disassociate)] == ["Detached"]
    assert cross_account.predicted_links([entry()], None) == [entry()]


def test_waiting_only_for_a_link_this_run_made():
    associate = {"action": "associate", "cross_account_replica_arn": REPLICA_ARN}
    assert cross_account.waiting([entry(status="InProgress")], associate)
    assert cross_account.waiting([entry(status="Pending")], dict(associate, action="repair"))
    assert not cross_account.waiting([entry(status="InSync")], associate)
    assert not cross_account.waiting([entry(status="InProgress")], None)
    assert not cross_account.waiting([entry(status="InProgress")], dict(associate, action="disassociate"))


def test_shapes_of_describe_secret():
    description = {"CrossAccountReplicas": [
        {"ReplicaSecretARN": REPLICA_ARN, "ReplicationStatus": "InSync", "StatusMessage": "ok", "ReplicationRoleARN": ROLE},
        {"ReplicaSecretARN": OTHER_ARN, "ReplicationStatus": "Detached"},
    ]}
    assert cross_account.links_of(description) == [
        {"arn": REPLICA_ARN, "status": "InSync", "status_message": "ok", "replication_role_arn": ROLE},
        {"arn": OTHER_ARN, "status": "Detached", "status_message": None, "replication_role_arn": None},
    ]
    assert cross_account.links_of({}) == []
    receiving = {"CrossAccountPrimary": {"PrimarySecretARN": "arn:p", "ReplicationStatus": "Pending", "StatusMessage": "waiting"}}
    assert cross_account.primary_of(receiving) == {"arn": "arn:p", "status": "Pending", "status_message": "waiting"}
    assert cross_account.primary_of({}) is None


def test_module_inputs_allow_only_the_cross_account_replica():
    params = {"secret_id": "db", "replicas": None, "state": "present", "cross_account_replica": {"arn": REPLICA_ARN}}
    assert replica_inputs.input_problems(params, "us-east-1") == ("us-east-1", [])
    assert "replicas is not set" in replica_inputs.input_problems(dict(params, cross_account_replica=None), "us-east-1")[1][0]
    # Leaving replicas out must never mean "no replicas" to purge_replicas.
    assert "purge_replicas is true but replicas is not set" in replica_inputs.input_problems(dict(params, purge_replicas=True), "us-east-1")[1][0]
    assert replica_inputs.input_problems(dict(params, purge_replicas=True, replicas=[]), "us-east-1") == ("us-east-1", [])


def test_module_inputs_check_the_own_account_from_an_arn_secret_id():
    primary_arn = f"arn:aws:secretsmanager:us-east-1:{PRIMARY_ACCOUNT}:secret:db-AbCdEf"
    own = f"arn:aws:secretsmanager:us-east-1:{PRIMARY_ACCOUNT}:secret:db-RcVaBc"
    params = {"secret_id": primary_arn, "replicas": [], "state": "present", "cross_account_replica": {"arn": own}}
    assert "own account" in replica_inputs.input_problems(params, None)[1][0]


def test_batch_refuses_a_batch_wide_link_and_a_shared_receiving_secret():
    params = {"secrets": [{"secret_id": "a", "cross_account_replica": {"arn": REPLICA_ARN}},
                          {"secret_id": "b", "cross_account_replica": {"arn": REPLICA_ARN}}],
              "cross_account_replica": {"arn": OTHER_ARN}, "region": "us-east-1", "state": "present"}
    entries = replica_inputs.secret_entries(params, "us-east-1")
    assert [e["cross_account_replica"]["arn"] for e in entries] == [REPLICA_ARN, REPLICA_ARN]
    dummy, problems = replica_inputs.batch_problems(params, entries)
    assert any("give it per entry (secrets[].cross_account_replica)" in problem for problem in problems)
    assert any(f"'{REPLICA_ARN}' is given for 2 secrets (a, b)" in problem for problem in problems)
