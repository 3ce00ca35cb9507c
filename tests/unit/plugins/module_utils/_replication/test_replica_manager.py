# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ReplicaManager against an in-memory fake of the few Secrets Manager and KMS calls it makes.

The fake records every call as (region, operation), so these tests pin the call
budget: one DescribeSecret for a no-op run, no mutating call in check mode or on
refused input, nothing in the primary's Region for a promotion.
"""

import pytest

from botocore.exceptions import ClientError

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.replica_manager import ReplicaManager
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.replica_manager import ReplicaRunError

ACCOUNT = "123456789012"
NAME = "db"
SUFFIX = "AbCdEf"
DEFAULT_KEY = "alias/aws/secretsmanager"
MUTATING = {"ReplicateSecretToRegions", "RemoveRegionsFromReplication", "UpdateSecret", "StopReplicationToReplica"}


def arn_in(region):
    return f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:{NAME}-{SUFFIX}"


def not_found(operation):
    return ClientError({"Error": {"Code": "ResourceNotFoundException", "Message": "not found"}}, operation)


def unavailable(operation):
    return ClientError(
        {"Error": {"Code": "ServiceUnavailable", "Message": "Region down"}, "ResponseMetadata": {"HTTPStatusCode": 503}}, operation
    )


class FakeAWS:
    def __init__(self, primary_region="us-east-1"):
        self.primary_region = primary_region
        self.secrets = {primary_region: {"ARN": arn_in(primary_region), "Name": NAME}}
        self.replicas = {}  # region -> {"KmsKeyId", "Status", "StatusMessage"}
        self.keys = {}  # (region, reference) -> key ARN
        self.fail_with = {}  # region -> StatusMessage for the next replication
        self.down = set()  # Regions whose calls answer 503, as in an outage
        self.in_progress_describes = 0  # how many primary DescribeSecret calls see new replicas InProgress
        self.calls = []

    def add_key(self, region, key_id, alias=None):
        arn = f"arn:aws:kms:{region}:{ACCOUNT}:key/{key_id}"
        for reference in (key_id, arn) + ((alias,) if alias else ()):
            self.keys[(region, reference)] = arn
        return arn

    def add_replica(self, region, key=DEFAULT_KEY, status="InSync", message=None):
        self.replicas[region] = {"KmsKeyId": key, "Status": status, "StatusMessage": message or f"{status} message"}
        self.secrets[region] = {"ARN": arn_in(region), "Name": NAME, "PrimaryRegion": self.primary_region}

    def mutating_calls(self):
        return [call for call in self.calls if call[1] in MUTATING]

    def describe(self, region, secret_id):
        secret = self.secrets.get(region)
        if secret is None or secret_id not in (secret["Name"], secret["ARN"]):
            raise not_found("DescribeSecret")
        answer = dict(secret)
        if region == self.primary_region and self.replicas:
            answer["PrimaryRegion"] = self.primary_region
            statuses = []
            for replica_region, replica in self.replicas.items():
                status = dict(replica, Region=replica_region)
                if status["Status"] == "InProgress":
                    if self.in_progress_describes > 0:
                        self.in_progress_describes -= 1
                    else:
                        replica["Status"] = status["Status"] = "InSync"
                statuses.append(status)
            answer["ReplicationStatus"] = statuses
        return answer


class FakeSecretsManager:
    def __init__(self, aws, region):
        self.aws, self.region = aws, region

    def _log(self, operation):
        self.aws.calls.append((self.region, operation))
        if self.region in self.aws.down:
            raise unavailable(operation)

    def describe_secret(self, SecretId):
        self._log("DescribeSecret")
        return self.aws.describe(self.region, SecretId)

    def replicate_secret_to_regions(self, SecretId, AddReplicaRegions, ForceOverwriteReplicaSecret):
        self._log("ReplicateSecretToRegions")
        for spec in AddReplicaRegions:
            region = spec["Region"]
            assert region not in self.aws.replicas, "a listed Region must never be replicated again"
            message = self.aws.fail_with.pop(region, None)
            if message and not (ForceOverwriteReplicaSecret and "already exists" in message):
                self.aws.replicas[region] = {"KmsKeyId": spec.get("KmsKeyId", DEFAULT_KEY), "Status": "Failed", "StatusMessage": message}
            else:
                self.aws.add_replica(region, spec.get("KmsKeyId", DEFAULT_KEY), "InProgress")
        return {"ARN": arn_in(self.region)}

    def remove_regions_from_replication(self, SecretId, RemoveReplicaRegions):
        self._log("RemoveRegionsFromReplication")
        for region in RemoveReplicaRegions:
            self.aws.replicas.pop(region, None)
            self.aws.secrets.pop(region, None)
        return {"ARN": arn_in(self.region)}

    def update_secret(self, SecretId, KmsKeyId):
        self._log("UpdateSecret")
        assert SecretId == arn_in(self.region)
        self.aws.replicas[self.region]["KmsKeyId"] = KmsKeyId
        return {"ARN": SecretId}

    def stop_replication_to_replica(self, SecretId):
        self._log("StopReplicationToReplica")
        self.aws.secrets[self.region].pop("PrimaryRegion")
        self.aws.replicas.pop(self.region, None)
        return {"ARN": SecretId}


class FakeKMS:
    def __init__(self, aws, region):
        self.aws, self.region = aws, region

    def describe_key(self, KeyId):
        self.aws.calls.append((self.region, "DescribeKey"))
        if self.region in self.aws.down:
            raise unavailable("DescribeKey")
        arn = self.aws.keys.get((self.region, KeyId))
        if arn is None:
            raise ClientError({"Error": {"Code": "NotFoundException", "Message": "no key"}}, "DescribeKey")
        return {"KeyMetadata": {"Arn": arn, "KeyId": arn.rsplit("/", 1)[1]}}


class FakeClients:
    def __init__(self, aws):
        self.aws = aws

    def secretsmanager(self, region):
        return FakeSecretsManager(self.aws, region)

    def kms(self, region):
        return FakeKMS(self.aws, region)


@pytest.fixture
def aws(monkeypatch):
    # AWSRetry's backoff sleeps are real; an outage test must not wait for them.
    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.module_utils.cloud.time.sleep", lambda seconds: None)
    return FakeAWS()


def run(aws, check_mode=False, diff=True, region="us-east-1", **params):
    defaults = {"secret_id": NAME, "replicas": [], "state": "present", "purge_replicas": False, "overwrite": False, "wait": True, "wait_timeout": 30}
    defaults.update(params)
    clock = {"now": 0.0}

    def sleep(seconds):
        clock["now"] += seconds

    manager = ReplicaManager(defaults, region, FakeClients(aws), check_mode=check_mode, diff=diff, sleep=sleep, clock=lambda: clock["now"])
    return manager.run()


def replicas(*regions, key=None):
    return [{"region": region, "kms_key_id": key} for region in regions]


def test_add_then_no_op_is_one_describe(aws):
    result = run(aws, replicas=replicas("eu-west-1", "us-west-2"))
    assert result["changed"]
    assert [a["action"] for a in result["actions"]] == ["add", "add"]
    assert [(r["region"], r["status"]) for r in result["secret"]["replication_status"]] == [("eu-west-1", "InSync"), ("us-west-2", "InSync")]
    assert [c[1] for c in aws.mutating_calls()] == ["ReplicateSecretToRegions"]

    aws.calls.clear()
    again = run(aws, replicas=replicas("us-west-2", "eu-west-1"))
    assert not again["changed"] and again["actions"] == []
    assert aws.calls == [("us-east-1", "DescribeSecret")]


def test_check_mode_predicts_without_mutating(aws):
    aws.add_replica("ap-south-1")
    result = run(aws, check_mode=True, replicas=replicas("eu-west-1"), purge_replicas=True)
    assert result["changed"]
    assert result["actions"] == [{"action": "remove", "region": "ap-south-1"}, {"action": "add", "region": "eu-west-1", "overwrite": False}]
    assert [(r["region"], r["status"]) for r in result["secret"]["replication_status"]] == [("eu-west-1", "InSync")]
    assert result["diff"]["before"]["replicas"][0]["region"] == "ap-south-1"
    assert [r["region"] for r in result["diff"]["after"]["replicas"]] == ["eu-west-1"]
    assert aws.calls == [("us-east-1", "DescribeSecret")]

    no_wait = run(aws, check_mode=True, replicas=replicas("eu-west-1"), wait=False)
    assert [r["status"] for r in no_wait["secret"]["replication_status"] if r["region"] == "eu-west-1"] == ["InProgress"]


def test_waits_until_in_sync(aws):
    aws.in_progress_describes = 3
    result = run(aws, replicas=replicas("eu-west-1"))
    assert result["secret"]["replication_status"][0]["status"] == "InSync"
    assert [c[1] for c in aws.calls].count("DescribeSecret") == 1 + 4


def test_no_wait_returns_in_progress(aws):
    aws.in_progress_describes = 3
    result = run(aws, replicas=replicas("eu-west-1"), wait=False)
    assert result["secret"]["replication_status"][0]["status"] == "InProgress"


def test_wait_timeout_names_the_regions(aws):
    aws.in_progress_describes = 10_000
    with pytest.raises(ReplicaRunError) as error:
        run(aws, replicas=replicas("eu-west-1"), wait_timeout=5)
    assert "still InProgress after 5 s in: eu-west-1" in error.value.msg
    assert error.value.result["changed"]


def test_rekey_only_resolves_differing_keys_in_the_replica_region(aws):
    key_arn = aws.add_key("eu-west-1", "k1", alias="alias/k1")
    aws.add_replica("eu-west-1", key="alias/k1")
    aws.add_replica("us-west-2", key="alias/same")

    # alias vs its key ARN: the same key, so no change; one DescribeKey per distinct string, in eu-west-1 only
    result = run(aws, replicas=[{"region": "eu-west-1", "kms_key_id": key_arn}, {"region": "us-west-2", "kms_key_id": "alias/same"}])
    assert not result["changed"]
    assert sorted(aws.calls) == [("eu-west-1", "DescribeKey"), ("eu-west-1", "DescribeKey"), ("us-east-1", "DescribeSecret")]

    aws.add_key("eu-west-1", "k2", alias="alias/k2")
    aws.calls.clear()
    result = run(aws, replicas=[{"region": "eu-west-1", "kms_key_id": "alias/k2"}])
    assert result["actions"] == [{"action": "rekey", "region": "eu-west-1", "kms_key_id": "alias/k2"}]
    assert ("eu-west-1", "UpdateSecret") in aws.calls
    assert aws.replicas["eu-west-1"]["KmsKeyId"] == "alias/k2"


def test_missing_wanted_key_for_rekey_fails_before_any_change(aws):
    aws.add_replica("eu-west-1")
    with pytest.raises(ReplicaRunError) as error:
        run(aws, replicas=[{"region": "eu-west-1", "kms_key_id": "alias/nope"}, {"region": "us-west-2"}])
    assert "KMS key 'alias/nope' wanted for the replica in 'eu-west-1' does not exist there" in error.value.msg
    assert aws.mutating_calls() == []


def test_failed_replica_is_retried_with_remove_then_add(aws):
    aws.add_replica("eu-west-1", status="Failed", message="boom")
    result = run(aws, replicas=replicas("eu-west-1"), overwrite=True)
    assert result["actions"] == [{"action": "retry", "region": "eu-west-1", "overwrite": True}]
    assert [c[1] for c in aws.mutating_calls()] == ["RemoveRegionsFromReplication", "ReplicateSecretToRegions"]
    assert aws.replicas["eu-west-1"]["Status"] == "InSync"


def test_name_conflict_fails_with_classified_failure_and_keeps_the_successes(aws):
    aws.fail_with["eu-west-1"] = "Replication failed: Secret db already exists in region eu-west-1."
    with pytest.raises(ReplicaRunError) as error:
        run(aws, replicas=replicas("eu-west-1", "us-west-2"))
    failure = error.value.result["failures"]
    assert [(f["region"], f["reason"]) for f in failure] == [("eu-west-1", "name_conflict")]
    assert "overwrite: true" in error.value.msg
    assert error.value.result["changed"]
    assert aws.replicas["us-west-2"]["Status"] == "InSync"

    aws.fail_with["eu-west-1"] = "Replication failed: Secret db already exists in region eu-west-1."
    result = run(aws, replicas=replicas("eu-west-1", "us-west-2"), overwrite=True)
    assert result["actions"] == [{"action": "retry", "region": "eu-west-1", "overwrite": True}]
    assert aws.replicas["eu-west-1"]["Status"] == "InSync"


def test_absent(aws):
    aws.add_replica("eu-west-1", status="Failed")
    aws.add_replica("us-west-2")
    result = run(aws, replicas=replicas("eu-west-1", "ap-south-1"), state="absent")
    assert result["actions"] == [{"action": "remove", "region": "eu-west-1"}]
    assert set(aws.replicas) == {"us-west-2"}
    aws.calls.clear()
    assert not run(aws, replicas=replicas("eu-west-1"), state="absent")["changed"]
    assert aws.calls == [("us-east-1", "DescribeSecret")]


def test_absent_on_a_missing_secret_is_ok_present_is_not(aws):
    assert run(aws, secret_id="nope", replicas=replicas("eu-west-1"), state="absent") == {"changed": False, "actions": []}
    with pytest.raises(ReplicaRunError) as error:
        run(aws, secret_id="nope", replicas=replicas("eu-west-1"))
    assert "does not exist in 'us-east-1'" in error.value.msg


def test_secret_that_is_a_replica_is_refused_naming_its_primary(aws):
    aws.add_replica("eu-west-1")
    with pytest.raises(ReplicaRunError) as error:
        run(aws, region="eu-west-1", replicas=replicas("us-west-2"))
    assert "its primary is in 'us-east-1'" in error.value.msg and "set region to 'us-east-1'" in error.value.msg
    assert aws.mutating_calls() == []


def test_refused_input_makes_no_call(aws):
    with pytest.raises(ReplicaRunError) as error:
        run(aws, replicas=replicas("eu-west-1", "eu-west-1", "us-east-1", "cn-north-1", "mars-1"))
    assert "nothing was changed: 4 problems: (1) 'eu-west-1' is listed 2 times" in error.value.msg
    for fragment in ("(2) 'us-east-1' is the primary", "(3) 'cn-north-1' is in partition 'aws-cn'", "(4) 'mars-1' is not"):
        assert fragment in error.value.msg
    assert aws.calls == []


def test_promotion_calls_only_the_replica_regions_and_is_idempotent(aws):
    aws.add_replica("eu-west-1")
    aws.add_replica("us-west-2")
    result = run(aws, secret_id=arn_in("us-east-1"), region=None, state="promoted", replicas=replicas("eu-west-1"))
    assert result["actions"] == [{"action": "promote", "region": "eu-west-1"}]
    assert result["promoted"] == [{"region": "eu-west-1", "arn": arn_in("eu-west-1"), "name": NAME, "changed": True}]
    assert {call[0] for call in aws.calls} == {"eu-west-1"}
    assert "PrimaryRegion" not in aws.secrets["eu-west-1"]

    aws.calls.clear()
    again = run(aws, state="promoted", replicas=replicas("eu-west-1"))
    assert not again["changed"] and again["promoted"][0]["changed"] is False
    assert aws.calls == [("eu-west-1", "DescribeSecret")]


def test_promotion_check_mode_and_missing_region(aws):
    aws.add_replica("eu-west-1")
    result = run(aws, check_mode=True, state="promoted", replicas=replicas("eu-west-1"))
    assert result["changed"] and aws.mutating_calls() == []
    assert result["diff"]["after"]["replicas"] == [{"region": "eu-west-1", "primary_region": None}]
    with pytest.raises(ReplicaRunError) as error:
        run(aws, state="promoted", replicas=replicas("eu-west-1", "ap-south-1"))
    assert "no secret 'db' in 'ap-south-1'" in error.value.msg
    assert aws.mutating_calls() == []


def test_unreachable_replica_region_is_reported_and_the_others_go_on(aws):
    aws.add_key("us-west-2", "k2", alias="alias/k2")
    aws.add_replica("us-west-2", key="alias/old")
    aws.add_replica("eu-west-1")
    aws.down.add("us-west-2")
    with pytest.raises(ReplicaRunError) as error:
        run(aws, replicas=[{"region": "us-west-2", "kms_key_id": "alias/k2"}, {"region": "eu-west-1"}, {"region": "ap-southeast-2"}], purge_replicas=True)
    result = error.value.result
    assert [(f["region"], f["reason"]) for f in result["failures"]] == [("us-west-2", "region_unreachable")]
    assert "us-west-2 did not answer" in error.value.msg
    # The reachable Region was added; nothing was removed or re-keyed in the Region that is down.
    assert result["actions"] == [{"action": "add", "region": "ap-southeast-2", "overwrite": False}]
    assert set(aws.replicas) == {"us-west-2", "eu-west-1", "ap-southeast-2"}
    assert aws.replicas["us-west-2"]["KmsKeyId"] == "alias/old"


def test_rekey_in_a_region_that_goes_down_is_not_reported_as_done(aws):
    aws.add_key("us-west-2", "k2", alias="alias/k2")
    aws.add_key("us-west-2", "k1", alias="alias/old")
    aws.add_replica("us-west-2", key="alias/old")

    describe_key = FakeKMS.describe_key

    def describe_key_then_go_down(kms, KeyId):
        answer = describe_key(kms, KeyId)
        if len([call for call in aws.calls if call[1] == "DescribeKey"]) == 2:
            aws.down.add(kms.region)  # the Region fails between the key comparison and the re-key
        return answer

    FakeKMS.describe_key = describe_key_then_go_down
    try:
        with pytest.raises(ReplicaRunError) as error:
            run(aws, replicas=[{"region": "us-west-2", "kms_key_id": "alias/k2"}])
    finally:
        FakeKMS.describe_key = describe_key
    assert ("us-west-2", "UpdateSecret") in aws.calls
    assert not error.value.result["changed"]
    assert error.value.result["actions"] == []
    assert [f["reason"] for f in error.value.result["failures"]] == ["region_unreachable"]
