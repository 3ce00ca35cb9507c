# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Least privilege, enforced by moto's IAM: each documented policy (docs/iam/*.json) is enough for its use,
and every action in it is needed (the run fails naming the action when it is taken away).

moto enforces IAM after POST /moto-api/reset-auth with 0 (the in-process form of the
INITIAL_NO_AUTH_ACTION_COUNT environment variable, which moto reads once, at import, into
moto.settings). What moto 5.2.5 can and cannot check:
- It authorises every call against the resource "*" (only SQS, IAM and STS compute a resource ARN),
  so a statement whose Resource is an ARN pattern never matches. The test therefore gives the user
  each policy's exact Action lists with Resource "*", and checks separately that each Resource
  pattern covers the ARNs the use touches.
- kms:Decrypt, kms:Encrypt and kms:GenerateDataKey are used by Secrets Manager itself (kms:ViaService)
  to re-encrypt a replica; moto's Secrets Manager never calls KMS, so their need cannot be shown here.
  The test shows the use succeeds without them (NOT_ENFORCEABLE) and keeps them out of the
  remove-one-action cases.
"""

import fnmatch
import json
import time
from pathlib import Path

import pytest
from standin.operations import SECRET_VALUE_READS

from conftest import PRIMARY, REPO, run_playbook, write_playbook

POLICY_DIR = REPO / "docs" / "iam"
NOT_ENFORCEABLE = {"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"}
KEY_ALIAS = "alias/least-privilege"
SECRET = "lp/app"


def load_policy(use):
    return json.loads((POLICY_DIR / f"{use}.json").read_text(encoding="utf-8"))


def actions(policy):
    listed = []
    for statement in policy["Statement"]:
        listed.extend([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])
    return listed


def value_read_error(client, secret_id):
    """The error GetSecretValue answers with for this identity, or None when it could read the value."""
    try:
        client.get_secret_value(SecretId=secret_id)
    except client.exceptions.ClientError as error:
        return error.response["Error"]
    return None


def for_moto(policy, without=()):
    """The policy's actions (minus `without`) with Resource "*" and no Condition: see the module docstring."""
    statements = []
    for statement in policy["Statement"]:
        kept = [action for action in actions({"Statement": [statement]}) if action not in without]
        if kept:
            statements.append({"Sid": statement["Sid"], "Effect": "Allow", "Action": kept, "Resource": "*"})
    return {"Version": "2012-10-17", "Statement": statements}


def assert_resources_cover(use, policy, touched):
    """moto ignores Resource (see the module docstring): each statement's documented patterns must cover every ARN the use
    touched with its service (`touched`: {service: [ARN, ...]})."""
    for statement in policy["Statement"]:
        resources = [statement["Resource"]] if isinstance(statement["Resource"], str) else statement["Resource"]
        for arn in touched[actions({"Statement": [statement]})[0].split(":")[0]]:
            assert any(fnmatch.fnmatchcase(arn, pattern) for pattern in resources), (use, statement["Sid"], arn)


def seed(standin):
    """A primary with replicas in eu-west-1 and us-west-2 (AWS managed key) and a customer key in eu-west-1."""
    primary = standin.client("secretsmanager", PRIMARY)
    arn = primary.create_secret(Name=SECRET, SecretString="lp-value")["ARN"]
    primary.replicate_secret_to_regions(SecretId=SECRET, AddReplicaRegions=[{"Region": "eu-west-1"}, {"Region": "us-west-2"}])
    kms = standin.client("kms", "eu-west-1")
    key_arn = kms.create_key()["KeyMetadata"]["Arn"]
    kms.create_alias(AliasName=KEY_ALIAS, TargetKeyId=key_arn)
    return {"secret_arn": arn, "key_arn": key_arn}


def create_user(standin, policy):
    iam = standin.client("iam", PRIMARY)
    iam.create_user(UserName="replication-user")
    iam.put_user_policy(UserName="replication-user", PolicyName="documented", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="replication-user")["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


MODULE_TASKS = [
    # Re-key eu-west-1 (DescribeKey, UpdateSecret in eu-west-1) and add ap-southeast-2 (ReplicateSecretToRegions).
    {"secretsmanager.replication.secret_replica": {"region": PRIMARY, "secret_id": SECRET, "replicas": [
        {"region": "eu-west-1", "kms_key_id": KEY_ALIAS}, {"region": "ap-southeast-2"}]}},
    {"secretsmanager.replication.secret_replica": {"region": PRIMARY, "secret_id": SECRET, "state": "absent", "replicas": [{"region": "us-west-2"}]}},
    {"secretsmanager.replication.secret_replica_info": {"region": PRIMARY, "filters": {"name": "lp/"}}},
    {"secretsmanager.replication.secret_replica_info": {"region": PRIMARY, "secret_id": SECRET, "version_dates": True}},
    {"secretsmanager.replication.secret_replica": {"secret_id": SECRET, "state": "promoted", "replicas": [{"region": "eu-west-1"}]}},
]


def split_brain(standin):
    """As after a failover to eu-west-1 during an outage of the primary's Region: eu-west-1 promoted (and marked),
    us-west-2 re-protected from it, and us-east-1 back with a stale list of both (made as the stand-in's admin)."""
    standin.configure(stale_replica_status_after_promotion=True)
    standin.set_faults(unavailable_regions=[PRIMARY])
    winner = standin.client("secretsmanager", "eu-west-1")
    winner.stop_replication_to_replica(SecretId=SECRET)
    old_arn = winner.describe_secret(SecretId=SECRET)["ARN"].replace("eu-west-1", PRIMARY)
    promoted_at = time.strftime("%Y-%m-%dT%H:%M:%S.999999Z", time.gmtime())
    winner.tag_resource(SecretId=SECRET, Tags=[{"Key": "secretsmanager.replication:promoted-from", "Value": old_arn},
                                               {"Key": "secretsmanager.replication:promoted-at", "Value": promoted_at}])
    standin.client("secretsmanager", "us-west-2").stop_replication_to_replica(SecretId=SECRET)
    winner.replicate_secret_to_regions(SecretId=SECRET, AddReplicaRegions=[{"Region": "us-west-2"}], ForceOverwriteReplicaSecret=True)
    standin.clear_faults()


def run_use(standin, tmp_path, use, env):
    if use == "modules":
        playbook = write_playbook(tmp_path, "modules.json", [{"hosts": "localhost", "gather_facts": False, "tasks": MODULE_TASKS}])
        return run_playbook(standin, tmp_path, playbook, env=env)
    if use == "role":
        # eu-south-1 is an opt-in Region (launched in 2020; the stand-in has it enabled), so the role reads the account's
        # Regions (ec2:DescribeRegions); for Regions AWS enables in every account it would not.
        listed = run_playbook(standin, tmp_path, "secretsmanager.replication.replicate", env=env, extra_vars={
            "replicate_secrets": [{"secret_id": SECRET, "purge_replicas": True,
                                   "replicas": [{"region": "eu-west-1", "kms_key_id": KEY_ALIAS}, {"region": "eu-south-1"}]}],
            "replicate_retries": 0})
        if listed.returncode != 0:
            return listed
        # Selector mode reads the secrets with ListSecrets.
        return run_playbook(standin, tmp_path, "secretsmanager.replication.replicate", env=env, extra_vars={
            "replicate_selector": {"name": SECRET}, "replicate_default_replicas": [{"region": "us-west-2"}], "replicate_retries": 0})
    if use == "promote":
        return run_playbook(standin, tmp_path, "secretsmanager.replication.promote", env=env,
                            extra_vars={"promote_secrets": SECRET, "promote_region": "eu-west-1", "promote_confirm": True})
    if use == "failover":
        # Promote and mark in eu-west-1 and us-west-2, then replicate from eu-west-1 to us-west-2 with overwrite.
        return run_playbook(standin, tmp_path, "secretsmanager.replication.failover", env=env, extra_vars={
            "failover_secrets": SECRET, "failover_region": "eu-west-1", "failover_replica_regions": "us-west-2", "failover_confirm": True})
    if use == "failback":
        # Read with version dates, unlink the stale list, replace us-east-1, then move the primary back to it.
        return run_playbook(standin, tmp_path, "secretsmanager.replication.failback", env=env, extra_vars={
            "failback_secrets": SECRET, "failback_region": PRIMARY, "failback_winner_region": "eu-west-1", "failback_confirm": True,
            "failback_make_primary": True})
    return run_playbook(standin, tmp_path, "secretsmanager.replication.report", env=env,
                        extra_vars={"report_region": PRIMARY, "report_dir": str(tmp_path / "report")})


def run_as_user(standin, tmp_path, use, policy):
    seeded = seed(standin)
    if use == "failback":
        split_brain(standin)
    access_key, secret_key = create_user(standin, policy)
    env = {"AWS_ACCESS_KEY_ID": access_key, "AWS_SECRET_ACCESS_KEY": secret_key}
    standin.clear_request_log()
    standin.enforce_iam(True)
    try:
        result = run_use(standin, tmp_path, use, env)
        denied = value_read_error(standin.client("secretsmanager", PRIMARY, aws_access_key_id=access_key, aws_secret_access_key=secret_key), SECRET)
    finally:
        standin.enforce_iam(False)
    return result, seeded, denied


USES = ("modules", "role", "promote", "report")
# failover.yml and failback.yml make calls the uses above already prove needed, one by one (with the same code); to keep
# the suite's time, they get their exact policy and removal cases only for what no other use proves in their context.
CASES = [(use, None) for use in USES + ("failover", "failback")] + [
    (use, action) for use in USES for action in sorted(set(actions(load_policy(use))) - NOT_ENFORCEABLE)
] + [("failback", "secretsmanager:ListSecretVersionIds")]


@pytest.mark.parametrize("use,removed", CASES, ids=[f"{use}-{removed or 'exact-policy'}" for use, removed in CASES])
def test_documented_policy_is_enough_and_each_action_is_needed(standin, tmp_path, use, removed):
    policy = load_policy(use)
    assert not {f"secretsmanager:{operation}" for operation in SECRET_VALUE_READS} & set(actions(policy))
    without = set(NOT_ENFORCEABLE) if removed is None else {removed}
    result, seeded, denied = run_as_user(standin, tmp_path, use, for_moto(policy, without=without))

    # Whatever the policy, the user may never read the value.
    # (moto answers this JSON-protocol call with an XML error body, so botocore reports the code as "403".)
    assert denied and "AccessDenied" in str(denied) and "not authorized to perform: secretsmanager:GetSecretValue" in str(denied), denied
    assert "Traceback" not in result.output
    if removed is None:
        assert result.returncode == 0, result.output[-4000:]
        assert "not authorized" not in result.output
        assert_resources_cover(use, policy, {"secretsmanager": [seeded["secret_arn"], seeded["secret_arn"].replace(PRIMARY, "eu-west-1")],
                                             "kms": [seeded["key_arn"]], "ec2": ["*"]})
    else:
        assert result.returncode != 0, f"{use} still succeeded without {removed}:\n{result.output[-3000:]}"
        assert f"not authorized to perform: {removed}" in result.output, result.output[-4000:]


def test_policies_in_the_table_are_the_shipped_ones():
    assert sorted(path.stem for path in Path(POLICY_DIR).glob("*.json")) == [
        "cross_account_primary", "cross_account_replica", "failback", "failover", "modules", "organization_inventory", "promote", "report", "role"]


# Cross-account replication: the primary account's user runs replicate_cross_account.yml (which assumes a role in the
# replica account) and then unlinks; the replica account's role runs cross_account_replica through every state.
# moto cannot check iam:PassRole (no ReplicationRoleARN is given here) nor AcceptCrossAccountReplication (a resource
# policy check AWS makes on the receiving secret), as it cannot check the KMS permissions.
REPLICA_ACCOUNT = "222222222222"
XA_SECRET = "lp/xa"
XA_KEY_ALIAS = "alias/lp-recovery"
XA_ROLE_ARN = f"arn:aws:iam::{REPLICA_ACCOUNT}:role/lp-recovery"
XA_NOT_ENFORCEABLE = NOT_ENFORCEABLE | {"iam:PassRole", "secretsmanager:AcceptCrossAccountReplication"}
XA_USES = ("cross_account_primary", "cross_account_replica")


def seed_cross_account(standin, replica_policy):
    """The primary (with a value), a customer managed key and two receiving secrets in the replica account (one to promote, one
    to delete), and the replica account's role with `replica_policy`."""
    primary_arn = standin.client("secretsmanager", PRIMARY).create_secret(Name=XA_SECRET, SecretString="lp-xa-value")["ARN"]
    admin = standin.account_credentials(REPLICA_ACCOUNT)
    kms = standin.client("kms", PRIMARY, **admin)
    key_arn = kms.create_key()["KeyMetadata"]["Arn"]
    kms.create_alias(AliasName=XA_KEY_ALIAS, TargetKeyId=key_arn)
    receiving = standin.client("secretsmanager", PRIMARY, **admin)
    for name in ("lp/xa-promote", "lp/xa-delete"):
        receiving.create_secret(Name=name, CrossAccountPrimaryARN=primary_arn, KmsKeyId=key_arn)
    iam = standin.client("iam", PRIMARY, **admin)
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName="lp-recovery", AssumeRolePolicyDocument=json.dumps(trust))
    iam.put_role_policy(RoleName="lp-recovery", PolicyName="documented", PolicyDocument=json.dumps(replica_policy))
    return {"secret_arn": primary_arn, "key_arn": key_arn}


def receiving_side_tasks():
    """cross_account_replica through every state: create with tags, change the tags, promote one, delete one; then read."""
    def receiving(**options):
        return {"secretsmanager.replication.cross_account_replica": dict({"region": PRIMARY, "primary_arn": "{{ primary_arn }}"}, **options)}

    return [
        receiving(kms_key_id=XA_KEY_ALIAS, tags={"a": "1"}),
        receiving(kms_key_id=XA_KEY_ALIAS, tags={"b": "2"}),
        receiving(name="lp/xa-promote", state="promoted"),
        receiving(name="lp/xa-delete", state="absent", recovery_window_in_days=7),
        {"secretsmanager.replication.secret_replica_info": {"region": PRIMARY, "secret_ids": [XA_SECRET]}},
    ]


def run_cross_account_use(standin, tmp_path, use, policy):
    """(ansible result, seeded ARNs, the request log of the run, the error of a value read by the use's identity)."""
    replica_policy = policy if use == "cross_account_replica" else for_moto(load_policy("cross_account_replica"), without=XA_NOT_ENFORCEABLE)
    seeded = seed_cross_account(standin, replica_policy)
    if use == "cross_account_primary":
        access_key, secret_key = create_user(standin, policy)
        identity = {"aws_access_key_id": access_key, "aws_secret_access_key": secret_key}
        plays = [{"ansible.builtin.import_playbook": "secretsmanager.replication.replicate_cross_account"},
                 {"hosts": "localhost", "gather_facts": False, "tasks": [{"secretsmanager.replication.secret_replica": {
                     "region": PRIMARY, "secret_id": XA_SECRET, "state": "absent",
                     "cross_account_replica": {"arn": "{{ cross_account_report.lines[0].replica_arn }}"}}}]}]
        extra_vars = {"cross_account_secrets": XA_SECRET, "cross_account_role_arn": XA_ROLE_ARN, "cross_account_kms_key_id": XA_KEY_ALIAS,
                      "cross_account_report_dir": str(tmp_path / "report")}
    else:
        identity = standin.role_credentials(XA_ROLE_ARN)
        plays = [{"hosts": "localhost", "gather_facts": False, "tasks": receiving_side_tasks()}]
        extra_vars = {"primary_arn": seeded["secret_arn"]}
    env = {"AWS_ACCESS_KEY_ID": identity["aws_access_key_id"], "AWS_SECRET_ACCESS_KEY": identity["aws_secret_access_key"]}
    if "aws_session_token" in identity:
        env["AWS_SESSION_TOKEN"] = identity["aws_session_token"]
    playbook = write_playbook(tmp_path, f"{use}.json", plays)
    standin.clear_request_log()
    standin.enforce_iam(True)
    try:
        result = run_playbook(standin, tmp_path, playbook, extra_vars=extra_vars, env=env)
        requests = standin.request_log()
        denied = value_read_error(standin.client("secretsmanager", PRIMARY, **identity), XA_SECRET)
    finally:
        standin.enforce_iam(False)
    return result, seeded, requests, denied


XA_CASES = [(use, None) for use in XA_USES] + [
    (use, action) for use in XA_USES for action in sorted(set(actions(load_policy(use))) - XA_NOT_ENFORCEABLE)
]


@pytest.mark.parametrize("use,removed", XA_CASES, ids=[f"{use}-{removed or 'exact-policy'}" for use, removed in XA_CASES])
def test_cross_account_policy_is_enough_and_each_action_is_needed(standin, tmp_path, use, removed):
    policy = load_policy(use)
    without = set(XA_NOT_ENFORCEABLE) if removed is None else {removed}
    result, seeded, requests, denied = run_cross_account_use(standin, tmp_path, use, for_moto(policy, without=without))

    # Even with the primary side's GetSecretValue (AWS's requirement), the collection never reads a value.
    assert not SECRET_VALUE_READS & {request["operation"] for request in requests}
    if use == "cross_account_replica":
        assert denied and "not authorized to perform: secretsmanager:GetSecretValue" in str(denied), denied
    assert "Traceback" not in result.output
    if removed is not None:
        assert result.returncode != 0, f"{use} still succeeded without {removed}:\n{result.output[-3000:]}"
        assert f"not authorized to perform: {removed}" in result.output, result.output[-4000:]
        return
    assert result.returncode == 0, result.output[-4000:]
    assert "not authorized" not in result.output
    operations = {(request["account"], request["operation"]) for request in requests}
    if use == "cross_account_primary":
        assert {("123456789012", "AssociateCrossAccountReplica"), ("123456789012", "DisassociateCrossAccountReplica"),
                (REPLICA_ACCOUNT, "CreateSecret")} <= operations
    else:
        assert {(REPLICA_ACCOUNT, operation) for operation in ("CreateSecret", "TagResource", "UntagResource", "StopReplicationToReplica",
                                                               "DeleteSecret")} <= operations
    receiving_arn = f"arn:aws:secretsmanager:{PRIMARY}:{REPLICA_ACCOUNT}:secret:{XA_SECRET}-AbCdEf"
    assert_resources_cover(use, policy, {"secretsmanager": [seeded["secret_arn"], receiving_arn], "kms": [seeded["key_arn"]],
                                         "sts": [XA_ROLE_ARN], "iam": [XA_ROLE_ARN]})
