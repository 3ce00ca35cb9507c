# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The replica account's receiving secret: input problems, the plan, and runs against the fake AWS (this account)."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs import receiving_secret
from ansible_collections.secretsmanager.replication.tests.unit.conftest import ACCOUNT
from ansible_collections.secretsmanager.replication.tests.unit.conftest import FakeAWS
from ansible_collections.secretsmanager.replication.tests.unit.conftest import FakeClients
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in_account

PRIMARY_ACCOUNT = "111122223333"
PRIMARY_ARN = arn_in_account(PRIMARY_ACCOUNT, name="app/db", suffix="AbCdEf")
OTHER_PRIMARY_ARN = arn_in_account(PRIMARY_ACCOUNT, name="app/other", suffix="ZzZzZz")
KEY = "alias/receiving"


def params(**overrides):
    values = {"primary_arn": PRIMARY_ARN, "name": None, "kms_key_id": KEY, "tags": None, "purge_tags": True, "state": "present",
              "recovery_window_in_days": 30}
    values.update(overrides)
    return values


@pytest.fixture
def replica_account(no_backoff):  # pylint: disable=unused-argument
    """This account is the replica account: no primary here, one customer managed key in us-east-1."""
    aws = FakeAWS(names=())
    aws.key_arn = aws.add_key("us-east-1", "k1", alias=KEY)
    return aws


@pytest.fixture
def run(replica_account):  # pylint: disable=redefined-outer-name
    def run_module(check_mode=False, **overrides):
        return receiving_secret.ReceivingSecretRun(FakeClients(replica_account), params(**overrides), "us-east-1", check_mode=check_mode).run()

    return run_module


def test_default_name_is_the_primarys():
    assert receiving_secret.default_name(PRIMARY_ARN) == "app/db"
    assert receiving_secret.default_name("arn:aws:secretsmanager:us-east-1:111122223333:secret:short") == "short"
    assert receiving_secret.default_name("app/db") is None


def test_good_input_has_no_problem():
    assert receiving_secret.input_problems(params(), None) == ("us-east-1", [])
    assert receiving_secret.input_problems(params(kms_key_id=None, state="promoted"), "us-east-1") == ("us-east-1", [])


@pytest.mark.parametrize(
    "overrides, region, expected",
    [
        ({"primary_arn": "app/db"}, None, "primary_arn 'app/db' is not a secret ARN"),
        ({}, "eu-west-1", "region 'eu-west-1' conflicts with primary_arn, which is in 'us-east-1'"),
        ({"kms_key_id": "alias/aws/secretsmanager"}, None, "is an AWS managed key"),
        ({"kms_key_id": "alias/aws/ebs"}, None, "is an AWS managed key"),
        ({"kms_key_id": "arn:aws:kms:us-east-1:210987654321:alias/aws/secretsmanager"}, None, "is an AWS managed key"),
        ({"kms_key_id": "arn:aws:kms:eu-west-1:210987654321:key/k1"}, None, "is a key in 'eu-west-1': KMS keys are per Region"),
        ({"kms_key_id": f"arn:aws:kms:us-east-1:{PRIMARY_ACCOUNT}:key/k1"}, None, "is a key of the primary's account"),
        ({"kms_key_id": " "}, None, "is empty"),
        ({"name": ""}, None, "name is empty"),
        ({"state": "absent", "tags": {"a": "b"}}, None, "tags mean nothing with state=absent"),
        ({"state": "absent", "recovery_window_in_days": 6}, None, "AWS accepts 7 to 30 days"),
    ],
)
def test_refused_before_any_call(overrides, region, expected):
    dummy, problems = receiving_secret.input_problems(params(**overrides), region)
    assert len(problems) == 1 and expected in problems[0], problems


def test_plan_for_each_state_and_finding():
    plan = receiving_secret.plan
    ours = {"Name": "app/db", "CrossAccountPrimary": {"PrimarySecretARN": PRIMARY_ARN, "ReplicationStatus": "InSync"}}
    assert plan(None, PRIMARY_ARN, "present") == "create"
    assert plan(ours, PRIMARY_ARN, "present") is None
    assert plan(ours, PRIMARY_ARN, "promoted") == "promote"
    assert plan({"Name": "app/db"}, PRIMARY_ARN, "promoted") is None
    assert plan(None, PRIMARY_ARN, "absent") is None
    for status in ("Pending", "Detached"):
        assert plan({"Name": "app/db", "CrossAccountPrimary": {"PrimarySecretARN": PRIMARY_ARN, "ReplicationStatus": status}},
                    PRIMARY_ARN, "absent") == "delete"
    assert plan(dict(ours, DeletedDate="2026-12-01"), PRIMARY_ARN, "absent") is None


@pytest.mark.parametrize(
    "description, state, expected",
    [
        (None, "promoted", "nothing to promote"),
        ({"Name": "app/db"}, "present", "is not a cross-account replica (a standalone or promoted secret): choose another name"),
        ({"Name": "app/db"}, "absent", "this module deletes only receiving secrets"),
        ({"Name": "app/db", "CrossAccountPrimary": {"PrimarySecretARN": OTHER_PRIMARY_ARN}}, "present", f"of another primary, {OTHER_PRIMARY_ARN}"),
        ({"Name": "app/db", "DeletedDate": "2026-12-01"}, "present", "scheduled for deletion"),
        ({"Name": "app/db", "CrossAccountPrimary": {"PrimarySecretARN": PRIMARY_ARN, "ReplicationStatus": "Failed"}}, "absent",
         "still receives replication (Failed): AWS refuses to delete it; first disassociate it in the primary account"),
    ],
)
def test_plan_refusals(description, state, expected):
    with pytest.raises(receiving_secret.ReceivingSecretRefused, match=expected.replace("(", r"\(").replace(")", r"\)")):
        receiving_secret.plan(description, PRIMARY_ARN, state)


def test_create_then_no_op(replica_account, run):
    result = run(tags={"purpose": "recovery"})
    assert result["changed"] and result["actions"] == [{"action": "create"}]
    secret = result["secret"]
    assert secret["name"] == "app/db" and secret["arn"].split(":")[4] == ACCOUNT
    assert secret["cross_account_primary"]["arn"] == PRIMARY_ARN and secret["cross_account_primary"]["status"] == "Pending"
    assert secret["tags"] == {"purpose": "recovery"} and secret["kms_key_id"] == KEY and secret["deletion_date"] is None
    assert [c[1] for c in replica_account.calls] == ["DescribeSecret", "DescribeKey", "CreateSecret", "DescribeSecret"]
    assert result["diff"]["before"] == {}

    replica_account.calls.clear()
    again = run(tags={"purpose": "recovery"})
    assert not again["changed"] and again["actions"] == []
    assert replica_account.calls == [("us-east-1", "DescribeSecret")]


def test_check_mode_predicts_without_a_mutating_call(replica_account, run):
    result = run(check_mode=True, name="copy", tags={"a": "1"})
    assert result["changed"] and result["actions"] == [{"action": "create"}]
    assert result["secret"]["arn"] is None and result["secret"]["name"] == "copy" and result["secret"]["tags"] == {"a": "1"}
    assert result["secret"]["cross_account_primary"] == {"arn": PRIMARY_ARN, "status": "Pending", "status_message": None}
    assert replica_account.mutating_calls() == []


@pytest.mark.parametrize("state, manager, expected", [
    ("Enabled", "AWS", "managed by AWS (KeyManager AWS)"),
    ("Disabled", "CUSTOMER", "is Disabled"),
])
def test_an_unusable_key_is_refused_before_any_change(replica_account, run, state, manager, expected):
    replica_account.add_key("us-east-1", "k2", alias="alias/other", state=state, manager=manager)
    with pytest.raises(receiving_secret.ReceivingSecretRefused, match=expected.replace("(", r"\(").replace(")", r"\)")):
        run(kms_key_id="alias/other")
    assert replica_account.mutating_calls() == []


def test_a_missing_key_is_refused(replica_account, run):
    with pytest.raises(receiving_secret.ReceivingSecretRefused, match="does not exist in 'us-east-1'"):
        run(kms_key_id="alias/missing")
    assert replica_account.mutating_calls() == []


def test_an_existing_secret_is_compared_by_key_arn_and_never_rekeyed(replica_account, run):
    replica_account.add_receiving(PRIMARY_ARN, name="app/db", key=replica_account.key_arn)
    assert not run()["changed"]  # the alias and the ARN are the same key
    replica_account.add_key("us-east-1", "k2", alias="alias/other")
    with pytest.raises(receiving_secret.ReceivingSecretRefused, match="does not re-key a cross-account replica; set kms_key_id to"):
        run(kms_key_id="alias/other")
    assert replica_account.mutating_calls() == []


def test_tags_are_set_and_purged(replica_account, run):
    replica_account.add_receiving(PRIMARY_ARN, name="app/db", key=KEY, tags={"old": "x", "keep": "1"})
    result = run(tags={"keep": "2"})
    assert result["actions"] == [{"action": "tag", "tags": {"keep": "2"}}, {"action": "untag", "tag_keys": ["old"]}]
    assert result["secret"]["tags"] == {"keep": "2"}
    assert not run(tags={"keep": "2"})["changed"]
    assert not run(tags={}, purge_tags=False)["changed"]
    assert not run()["changed"], "tags left out are not managed"


def test_promote_then_already_standalone(replica_account, run):
    replica_account.add_receiving(PRIMARY_ARN, name="app/db", key=KEY, status="InSync")
    assert run(check_mode=True, state="promoted", kms_key_id=None)["secret"]["cross_account_primary"] is None
    assert replica_account.mutating_calls() == []
    result = run(state="promoted", kms_key_id=None)
    assert result["changed"] and result["actions"] == [{"action": "promote"}]
    assert result["secret"]["cross_account_primary"] is None
    assert [c[1] for c in replica_account.mutating_calls()] == ["StopReplicationToReplica"]
    assert not run(state="promoted", kms_key_id=None)["changed"]


def test_absent_deletes_an_unassociated_receiving_secret_with_a_recovery_window(replica_account, run):
    replica_account.add_receiving(PRIMARY_ARN, name="app/db", key=KEY, status="Detached")
    result = run(state="absent", kms_key_id=None, recovery_window_in_days=7)
    assert result["actions"] == [{"action": "delete", "recovery_window_in_days": 7}]
    assert result["secret"]["deletion_date"]
    assert [c[1] for c in replica_account.mutating_calls()] == ["DeleteSecret"]
    assert not run(state="absent", kms_key_id=None)["changed"]


def test_absent_refuses_an_associated_or_promoted_secret(replica_account, run):
    replica_account.add_receiving(PRIMARY_ARN, name="app/db", key=KEY, status="InSync")
    with pytest.raises(receiving_secret.ReceivingSecretRefused, match="still receives replication"):
        run(state="absent", kms_key_id=None)
    replica_account.secrets[("us-east-1", "app/db")].pop("CrossAccountPrimary")
    with pytest.raises(receiving_secret.ReceivingSecretRefused, match="deletes only receiving secrets"):
        run(state="absent", kms_key_id=None)
    assert replica_account.mutating_calls() == []
