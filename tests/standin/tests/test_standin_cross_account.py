# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cross-account replication across two accounts: receiving secret, association, statuses, values, promotion, refusals."""

import json
import re
import time
import urllib.request

import boto3
import pytest
from botocore.exceptions import ClientError

from standin import ACCOUNT_ID
from standin_test_helpers import NO_RETRIES, PRIMARY, error_code

REPLICA_ACCOUNT = "222222222222"
THIRD_ACCOUNT = "333333333333"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT_ID}:role/replication"


class Accounts:
    """Clients of both accounts in PRIMARY, a primary secret 'app/db' and a customer managed key in the replica account."""

    def __init__(self, client):
        self.primary = client("secretsmanager")
        self.replica = client("secretsmanager", account=REPLICA_ACCOUNT)
        self.replica_kms = client("kms", account=REPLICA_ACCOUNT)
        self.primary_arn = self.primary.create_secret(Name="app/db", SecretString="v1")["ARN"]
        key = self.replica_kms.create_key()["KeyMetadata"]
        self.key_arn, self.key_id = key["Arn"], key["KeyId"]

    def create_receiving(self, name="app/db", primary_arn=None, **kwargs):
        kwargs.setdefault("KmsKeyId", self.key_arn)
        return self.replica.create_secret(Name=name, CrossAccountPrimaryARN=primary_arn or self.primary_arn, **kwargs)["ARN"]

    def associate(self, replica_arn, **kwargs):
        return self.primary.associate_cross_account_replica(SecretId="app/db", CrossAccountReplicaARN=replica_arn, **kwargs)

    def primary_side(self):
        return self.primary.describe_secret(SecretId="app/db").get("CrossAccountReplicas")

    def replica_side(self, secret_id="app/db"):
        return self.replica.describe_secret(SecretId=secret_id).get("CrossAccountPrimary")

    def replica_value(self, secret_id="app/db"):
        return self.replica.get_secret_value(SecretId=secret_id)["SecretString"]


@pytest.fixture
def accounts(client):
    return Accounts(client)


def statuses_of(accounts):
    """(primary side, replica side) ReplicationStatus."""
    return accounts.primary_side()[0]["ReplicationStatus"], accounts.replica_side()["ReplicationStatus"]


def test_the_whole_two_account_flow(standin, accounts):
    replica_arn = accounts.create_receiving()
    assert replica_arn.split(":")[3:5] == [PRIMARY, REPLICA_ACCOUNT]
    pending = accounts.replica.describe_secret(SecretId="app/db")
    assert pending["CrossAccountPrimary"]["PrimarySecretARN"] == accounts.primary_arn
    assert pending["CrossAccountPrimary"]["ReplicationStatus"] == "Pending"
    assert pending["CrossAccountPrimary"]["StatusMessage"]
    assert pending["KmsKeyId"] == accounts.key_arn
    assert "VersionIdsToStages" not in pending
    assert accounts.primary_side() is None

    standin.configure(replication_delay_seconds=0.3)
    answer = accounts.associate(replica_arn, ReplicationRoleARN=ROLE_ARN)
    assert (answer["ARN"], answer["CrossAccountReplicaARN"], answer["ReplicationStatus"]) == (accounts.primary_arn, replica_arn, "InProgress")
    entry = accounts.primary_side()
    assert [(e["ReplicaSecretARN"], e["ReplicationRoleARN"], e["ReplicationStatus"]) for e in entry] == [(replica_arn, ROLE_ARN, "InProgress")]
    assert accounts.replica_side()["ReplicationStatus"] == "InProgress"
    with pytest.raises(ClientError):
        accounts.replica_value()  # nothing has arrived yet

    time.sleep(0.35)
    assert statuses_of(accounts) == ("InSync", "InSync")
    assert accounts.replica_value() == "v1"

    accounts.primary.put_secret_value(SecretId="app/db", SecretString="v2")
    assert accounts.replica_value() == "v2"
    stages = accounts.primary.describe_secret(SecretId="app/db")["VersionIdsToStages"]
    assert accounts.replica.describe_secret(SecretId="app/db")["VersionIdsToStages"] == stages

    answer = accounts.primary.disassociate_cross_account_replica(SecretId="app/db", CrossAccountReplicaARN=replica_arn)
    assert (answer["ARN"], answer["CrossAccountReplicaARN"]) == (accounts.primary_arn, replica_arn)
    assert statuses_of(accounts) == ("Detached", "Detached")
    accounts.primary.put_secret_value(SecretId="app/db", SecretString="v3")
    assert accounts.replica_value() == "v2"
    assert accounts.replica.describe_secret(SecretId="app/db")["VersionIdsToStages"] == stages

    assert accounts.replica.stop_replication_to_replica(SecretId=replica_arn)["ARN"] == replica_arn
    promoted = accounts.replica.describe_secret(SecretId="app/db")
    assert "CrossAccountPrimary" not in promoted and promoted["ARN"] == replica_arn
    assert accounts.primary_side()[0]["ReplicationStatus"] == "Detached"
    assert accounts.replica_value() == "v2"
    accounts.replica.put_secret_value(SecretId="app/db", SecretString="own")  # standalone now
    assert accounts.replica_value() == "own"
    assert accounts.primary.get_secret_value(SecretId="app/db")["SecretString"] == "v3"

    by_operation = {r["operation"]: r["account"] for r in standin.request_log() if r["service"] == "secretsmanager"}
    assert (by_operation["AssociateCrossAccountReplica"], by_operation["StopReplicationToReplica"]) == (ACCOUNT_ID, REPLICA_ACCOUNT)


def test_promotion_of_an_associated_replica_detaches_it_on_the_primary(accounts):
    replica_arn = accounts.create_receiving()
    accounts.associate(replica_arn)
    accounts.replica.stop_replication_to_replica(SecretId="app/db")

    entry = accounts.primary_side()[0]
    assert (entry["ReplicaSecretARN"], entry["ReplicationStatus"]) == (replica_arn, "Detached")
    assert "promoted" in entry["StatusMessage"]
    assert "CrossAccountPrimary" not in accounts.replica.describe_secret(SecretId="app/db")
    accounts.primary.put_secret_value(SecretId="app/db", SecretString="v2")
    assert accounts.replica_value() == "v1"
    # The primary may now be deleted: nothing is associated any more.
    accounts.primary.delete_secret(SecretId="app/db", ForceDeleteWithoutRecovery=True)


@pytest.mark.parametrize("refused", [
    {"SecretString": "v"}, {"SecretBinary": b"v"}, {"Description": "d"}, {"AddReplicaRegions": [{"Region": "eu-west-1"}]},
    {"Type": "partner"},
])
def test_create_refuses_what_a_receiving_secret_cannot_carry(accounts, refused):
    with pytest.raises(ClientError) as excinfo:
        accounts.create_receiving(**refused)
    assert error_code(excinfo) == "InvalidParameterException"
    assert f"You can't include {next(iter(refused))} with CrossAccountPrimaryARN" in excinfo.value.response["Error"]["Message"]
    assert accounts.replica.list_secrets()["SecretList"] == []


@pytest.mark.parametrize("key, says", [
    (None, "CrossAccountPrimaryARN needs KmsKeyId"),
    ("alias/aws/secretsmanager", "is an AWS managed key"),
    (f"arn:aws:kms:{PRIMARY}:{REPLICA_ACCOUNT}:alias/aws/secretsmanager", "is an AWS managed key"),
])
def test_create_requires_a_customer_managed_key(accounts, key, says):
    with pytest.raises(ClientError) as excinfo:
        accounts.replica.create_secret(Name="app/db", CrossAccountPrimaryARN=accounts.primary_arn, **({"KmsKeyId": key} if key else {}))
    assert error_code(excinfo) == "InvalidParameterException"
    assert says in excinfo.value.response["Error"]["Message"]
    assert accounts.replica.list_secrets()["SecretList"] == []


@pytest.mark.parametrize("where, says", [
    ("other-region", "is in region eu-west-1 (partition aws)"),
    ("other-partition", "(partition aws-cn)"),
    ("same-account", f"is in this account ({REPLICA_ACCOUNT})"),
    ("not-an-arn", "is not a secret ARN"),
])
def test_create_refuses_a_primary_arn_in_another_region_partition_or_the_same_account(accounts, where, says):
    primary_arn = {
        "other-region": accounts.primary_arn.replace(PRIMARY, "eu-west-1"),
        "other-partition": accounts.primary_arn.replace("arn:aws:", "arn:aws-cn:"),
        "same-account": accounts.primary_arn.replace(ACCOUNT_ID, REPLICA_ACCOUNT),
        "not-an-arn": "arn:aws:s3:::bucket/app/db",
    }[where]
    with pytest.raises(ClientError) as excinfo:
        accounts.create_receiving(primary_arn=primary_arn)
    assert error_code(excinfo) == "InvalidParameterException"
    assert says in excinfo.value.response["Error"]["Message"]


def test_create_refuses_a_taken_name(accounts):
    accounts.create_receiving()
    with pytest.raises(ClientError) as excinfo:
        accounts.create_receiving()
    assert error_code(excinfo) == "ResourceExistsException"


def associate_refused(accounts, replica_arn, **kwargs):
    with pytest.raises(ClientError) as excinfo:
        accounts.associate(replica_arn, **kwargs)
    return error_code(excinfo), excinfo.value.response["Error"]["Message"]


def test_associate_refusals_change_neither_secret(client, accounts):
    replica_arn = accounts.create_receiving()
    in_eu = client("secretsmanager", "eu-west-1", account=REPLICA_ACCOUNT)
    eu_arn = in_eu.create_secret(Name="app/db", CrossAccountPrimaryARN=accounts.primary_arn.replace(PRIMARY, "eu-west-1"),
                                 KmsKeyId=client("kms", "eu-west-1", account=REPLICA_ACCOUNT).create_key()["KeyMetadata"]["Arn"])["ARN"]
    plain_arn = accounts.replica.create_secret(Name="plain", SecretString="v")["ARN"]
    other_primary_arn = accounts.primary.create_secret(Name="other", SecretString="v")["ARN"]
    for_other = accounts.create_receiving(name="for-other", primary_arn=other_primary_arn)
    missing = replica_arn.replace("app/db", "missing")

    code, message = associate_refused(accounts, missing)
    assert code == "ResourceNotFoundException" and missing in message
    code, message = associate_refused(accounts, for_other)
    assert code == "InvalidRequestException" and f"was not created as a cross-account replica of {accounts.primary_arn}" in message
    assert associate_refused(accounts, plain_arn)[0] == "InvalidRequestException"
    code, message = associate_refused(accounts, eu_arn)
    assert code == "InvalidParameterException" and "same Region and partition" in message
    code, message = associate_refused(accounts, replica_arn.replace("arn:aws:", "arn:aws-cn:"))
    assert code == "InvalidParameterException" and "partition aws-cn" in message
    code, message = associate_refused(accounts, other_primary_arn)
    assert code == "InvalidParameterException" and f"is in this account ({ACCOUNT_ID})" in message
    assert associate_refused(accounts, replica_arn, ReplicaRestriction="Anyone")[0] == "InvalidParameterException"
    assert associate_refused(accounts, replica_arn, ReplicationRoleARN=f"arn:aws:iam::{REPLICA_ACCOUNT}:role/x")[0] == "InvalidParameterException"

    assert accounts.primary_side() is None
    assert accounts.replica_side()["ReplicationStatus"] == "Pending"
    assert accounts.replica_side("for-other")["ReplicationStatus"] == "Pending"


def test_a_second_different_replica_is_refused_naming_the_first(client, accounts):
    first = accounts.create_receiving()
    accounts.associate(first)
    third_account = client("secretsmanager", account=THIRD_ACCOUNT)
    key = client("kms", account=THIRD_ACCOUNT).create_key()["KeyMetadata"]["Arn"]
    second = third_account.create_secret(Name="app/db", CrossAccountPrimaryARN=accounts.primary_arn, KmsKeyId=key)["ARN"]

    code, message = associate_refused(accounts, second)
    assert code == "LimitExceededException" and first in message
    assert [e["ReplicaSecretARN"] for e in accounts.primary_side()] == [first]
    assert third_account.describe_secret(SecretId="app/db")["CrossAccountPrimary"]["ReplicationStatus"] == "Pending"

    # Once the first is detached, another can be associated (the primary then lists that one).
    accounts.primary.disassociate_cross_account_replica(SecretId="app/db", CrossAccountReplicaARN=first)
    accounts.associate(second)
    assert [(e["ReplicaSecretARN"], e["ReplicationStatus"]) for e in accounts.primary_side()] == [(second, "InSync")]


def test_associating_again_is_idempotent(standin, accounts):
    replica_arn = accounts.create_receiving()
    accounts.associate(replica_arn)
    standin.configure(replication_delay_seconds=30)
    assert accounts.associate(replica_arn)["ReplicationStatus"] == "InSync"  # not restarted
    assert statuses_of(accounts) == ("InSync", "InSync")
    assert len(accounts.primary_side()) == 1


def test_a_disabled_replica_key_fails_the_link_and_associating_again_repairs_it(accounts):
    replica_arn = accounts.create_receiving()
    accounts.associate(replica_arn)
    assert accounts.replica_value() == "v1"

    accounts.replica_kms.disable_key(KeyId=accounts.key_id)
    accounts.primary.put_secret_value(SecretId="app/db", SecretString="v2")
    entry = accounts.primary_side()[0]
    assert entry["ReplicationStatus"] == "Failed"
    assert entry["StatusMessage"] == f"Replication failed: The KMS key '{accounts.key_arn}' is disabled in region {PRIMARY}."
    assert accounts.replica_side()["ReplicationStatus"] == "Failed"
    assert accounts.replica_value() == "v1"  # kept what it had

    accounts.replica_kms.enable_key(KeyId=accounts.key_id)
    assert statuses_of(accounts) == ("Failed", "Failed")  # a failure stays until the primary account repairs it
    assert accounts.associate(replica_arn)["ReplicationStatus"] == "InSync"
    assert statuses_of(accounts) == ("InSync", "InSync")
    assert accounts.replica_value() == "v2"


def test_a_missing_replica_key_fails_the_association(accounts):
    missing_key = accounts.key_arn.rsplit("/", 1)[0] + "/1234abcd-12ab-34cd-56ef-1234567890ab"
    replica_arn = accounts.create_receiving(KmsKeyId=missing_key)
    accounts.associate(replica_arn)
    assert statuses_of(accounts) == ("Failed", "Failed")
    assert "was not found in region" in accounts.primary_side()[0]["StatusMessage"]
    with pytest.raises(ClientError):
        accounts.replica_value()


def test_disassociate_refuses_a_replica_that_is_not_linked_and_is_idempotent(accounts):
    replica_arn = accounts.create_receiving()
    with pytest.raises(ClientError) as excinfo:
        accounts.primary.disassociate_cross_account_replica(SecretId="app/db", CrossAccountReplicaARN=replica_arn)
    assert error_code(excinfo) == "ResourceNotFoundException"
    accounts.associate(replica_arn)
    for _call in range(2):
        accounts.primary.disassociate_cross_account_replica(SecretId="app/db", CrossAccountReplicaARN=replica_arn)
    assert statuses_of(accounts) == ("Detached", "Detached")


def test_delete_is_refused_on_both_sides_while_associated(accounts):
    replica_arn = accounts.create_receiving()
    accounts.associate(replica_arn)

    with pytest.raises(ClientError) as excinfo:
        accounts.primary.delete_secret(SecretId="app/db", RecoveryWindowInDays=7)
    assert error_code(excinfo) == "InvalidRequestException"
    assert "DisassociateCrossAccountReplica" in excinfo.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as excinfo:
        accounts.replica.delete_secret(SecretId="app/db", ForceDeleteWithoutRecovery=True)
    assert error_code(excinfo) == "InvalidRequestException"
    assert "StopReplicationToReplica" in excinfo.value.response["Error"]["Message"]
    assert "DeletedDate" not in accounts.primary.describe_secret(SecretId="app/db")

    accounts.primary.disassociate_cross_account_replica(SecretId="app/db", CrossAccountReplicaARN=replica_arn)
    accounts.replica.delete_secret(SecretId="app/db", RecoveryWindowInDays=7)  # Detached: deletable
    accounts.primary.delete_secret(SecretId="app/db", RecoveryWindowInDays=7)


def test_a_pending_receiving_secret_can_be_deleted(accounts):
    accounts.create_receiving()
    accounts.replica.delete_secret(SecretId="app/db", ForceDeleteWithoutRecovery=True)
    assert accounts.replica.list_secrets()["SecretList"] == []


def test_a_receiving_secret_refuses_writes_but_can_be_rekeyed(accounts):
    replica_arn = accounts.create_receiving()
    accounts.associate(replica_arn)
    for write in (lambda: accounts.replica.put_secret_value(SecretId="app/db", SecretString="x"),
                  lambda: accounts.replica.update_secret(SecretId="app/db", Description="d"),
                  lambda: accounts.replica.replicate_secret_to_regions(SecretId="app/db", AddReplicaRegions=[{"Region": "eu-west-1"}])):
        with pytest.raises(ClientError) as excinfo:
            write()
        assert error_code(excinfo) == "InvalidRequestException"
        assert "StopReplicationToReplica" in excinfo.value.response["Error"]["Message"]
    new_key = accounts.replica_kms.create_key()["KeyMetadata"]["Arn"]
    accounts.replica.update_secret(SecretId="app/db", KmsKeyId=new_key)
    assert accounts.replica.describe_secret(SecretId="app/db")["KmsKeyId"] == new_key
    assert accounts.replica_value() == "v1"


def test_the_receiving_secret_carries_the_managed_resource_policy_until_promoted(accounts):
    accounts.create_receiving()
    policy = accounts.replica.get_resource_policy(SecretId="app/db", PolicyName="cross-account-replication")
    assert policy["PolicyName"] == "cross-account-replication"
    assert json.loads(policy["ResourcePolicy"])["Statement"][0]["Principal"] == {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}
    assert accounts.replica.list_resource_policies(SecretId="app/db")["ResourcePolicies"] == [{"PolicyName": "cross-account-replication"}]
    default = accounts.replica.get_resource_policy(SecretId="app/db")
    assert default["PolicyName"] == "default" and "ResourcePolicy" not in default
    with pytest.raises(ClientError) as excinfo:
        accounts.replica.delete_resource_policy(SecretId="app/db", PolicyName="cross-account-replication")
    assert error_code(excinfo) == "InvalidParameterException"

    accounts.replica.stop_replication_to_replica(SecretId="app/db")
    with pytest.raises(ClientError) as excinfo:
        accounts.replica.get_resource_policy(SecretId="app/db", PolicyName="cross-account-replication")
    assert error_code(excinfo) == "ResourceNotFoundException"
    assert accounts.replica.list_resource_policies(SecretId="app/db")["ResourcePolicies"] == []


def test_a_regional_promotion_of_a_cross_account_primary_leaves_the_link_on_the_primary(client, accounts):
    accounts.primary.replicate_secret_to_regions(SecretId="app/db", AddReplicaRegions=[{"Region": "eu-west-1"}])
    accounts.associate(accounts.create_receiving())
    in_eu = client("secretsmanager", "eu-west-1")
    in_eu.stop_replication_to_replica(SecretId="app/db")
    assert "CrossAccountReplicas" not in in_eu.describe_secret(SecretId="app/db")
    assert accounts.primary_side()[0]["ReplicationStatus"] == "InSync"


# IAM: the extra actions AWS requires, checked when moto enforces IAM.

def set_iam_enforcement(standin, enforce):
    request = urllib.request.Request(f"{standin.url}/moto-api/reset-auth", data=b"0" if enforce else b"inf", method="POST",
                                     headers={"Content-Type": "text/plain"})
    with urllib.request.urlopen(request, timeout=10):
        pass


def user_client(standin, iam, name, actions):
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.client("secretsmanager", region_name=PRIMARY, endpoint_url=standin.url, config=NO_RETRIES,
                        aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])


def denied_action(call):
    """The action named by the AccessDenied a call gets. moto answers it as it answers its own denials: HTTP 403 with
    an XML body, which botocore's JSON parser reports as code "403" with the XML as message."""
    with pytest.raises(ClientError) as excinfo:
        call()
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    return re.search(r"<Code>AccessDenied</Code><Message>[^<]* is not authorized to perform: ([^<]+)<",
                     excinfo.value.response["Error"]["Message"]).group(1)


def test_iam_the_extra_actions_aws_requires_are_needed(standin, client, accounts):
    replica_arn = accounts.create_receiving()
    primary_iam, replica_iam = client("iam"), client("iam", account=REPLICA_ACCOUNT)
    associate = ["secretsmanager:AssociateCrossAccountReplica"]
    stop = ["secretsmanager:StopReplicationToReplica"]
    create = ["secretsmanager:CreateSecret"]
    without_value = user_client(standin, primary_iam, "no-get", associate)
    with_value = user_client(standin, primary_iam, "get", associate + ["secretsmanager:GetSecretValue"])
    without_policy = user_client(standin, replica_iam, "no-policy", stop + create)
    with_policy = user_client(standin, replica_iam, "policy", stop + create + ["secretsmanager:DeleteResourcePolicy", "secretsmanager:PutResourcePolicy"])

    set_iam_enforcement(standin, True)
    try:
        def associate_as(user):
            return user.associate_cross_account_replica(SecretId=accounts.primary_arn, CrossAccountReplicaARN=replica_arn)

        assert denied_action(lambda: associate_as(without_value)) == "secretsmanager:GetSecretValue"
        associate_as(with_value)
        assert denied_action(lambda: without_policy.stop_replication_to_replica(SecretId="app/db")) == "secretsmanager:DeleteResourcePolicy"
        with_policy.stop_replication_to_replica(SecretId="app/db")

        def create_as(user):
            return user.create_secret(Name="second", CrossAccountPrimaryARN=accounts.primary_arn, KmsKeyId=accounts.key_arn)

        assert denied_action(lambda: create_as(without_policy)) == "secretsmanager:PutResourcePolicy"
        create_as(with_policy)
    finally:
        set_iam_enforcement(standin, False)
    assert accounts.primary_side()[0]["ReplicationStatus"] == "Detached"
