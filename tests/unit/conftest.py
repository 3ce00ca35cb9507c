# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Unit-test fakes: an in-memory AWS of the few Secrets Manager and KMS calls the modules make, a fake clock,
canned botocore responses, and a stand-in for AnsibleAWSModule's input checks.

The fake AWS records every call as (region, operation) in `calls` (and with the secret id in `requests`),
so tests pin the call budget: one DescribeSecret per secret for a no-op run, no mutating call in check
mode or on refused input, nothing in the primary's Region for a promotion.
"""

import json
import threading
import time
from unittest import mock

import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ClientError

from ansible_collections.secretsmanager.replication.tests.standin.standin.operations import is_mutating

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19 (the compatibility leg runs 2.17)
    import contextlib

    from ansible.module_utils import basic

    @contextlib.contextmanager
    def patch_module_args(args):
        """The module arguments main() reads, as ansible-core 2.19's own helper sets them."""
        with mock.patch.object(basic, "_ANSIBLE_ARGS", json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()):
            yield

ACCOUNT = "123456789012"
PRIMARY = "us-east-1"
NAME = "db"
SUFFIX = "AbCdEf"
DEFAULT_KEY = "alias/aws/secretsmanager"
VERSION = "11111111-1111-1111-1111-111111111111"
# no_backoff replaces time.sleep itself (AWSRetry's module holds the time module); calls that must take real time use this.
REAL_SLEEP = time.sleep
# The services this fake stands in for; which of their operations mutate is defined once, for every suite, in the stand-in.
FAKED_SERVICES = ("secretsmanager", "kms")
# Cross-account replication: the primary account is this fake's (ACCOUNT); the replica account is another.
REPLICA_ACCOUNT = "210987654321"


def arn_in(region, name=NAME, suffix=SUFFIX):
    return f"arn:aws:secretsmanager:{region}:{ACCOUNT}:secret:{name}-{suffix}"


def arn_in_account(account, region=PRIMARY, name=NAME, suffix="RcVaBc"):
    return f"arn:aws:secretsmanager:{region}:{account}:secret:{name}-{suffix}"


def client_error(code, operation, status=400, message="fake error"):
    return ClientError({"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": status}}, operation)


class FakeAWS:
    """Secrets by (Region, name); a primary's replicas by name and Region."""

    def __init__(self, primary_region=PRIMARY, names=(NAME,)):
        self.primary_region = primary_region
        self.lock = threading.RLock()
        self.secrets = {}  # (region, name) -> DescribeSecret-like dict (without ReplicationStatus)
        self.replicas = {}  # name -> {region: {"KmsKeyId", "Status", "StatusMessage"}}
        self.keys = {}  # (region, reference) -> {"Arn", "KeyState"}
        self.fail_with = {}  # (name, region) -> StatusMessage of the next replication there
        self.down = set()  # Regions whose calls answer 503, as in an outage
        self.errors = {}  # (region, operation) -> error code every such call raises
        self.in_progress_describes = 0  # how many primary DescribeSecret calls see new replicas InProgress
        self.in_progress_for = {}  # name -> the same, for one secret (wins over in_progress_describes)
        self.concurrent = 0
        self.most_concurrent = 0
        self.call_seconds = 0.0  # real time each call takes, to let calls overlap
        self.links = {}  # name -> the primary's CrossAccountReplicas entries
        self.link_in_progress_describes = 0  # how many primary DescribeSecret calls see a new link still InProgress
        self.link_fail_with = None  # StatusMessage a new link ends Failed with
        self.restrictions_sent = []  # AssociateCrossAccountReplica's ReplicaRestriction, per call
        self.before = {}  # (region, operation) -> what another caller does just before the next such call is handled
        self.calls = []
        self.requests = []
        for name in names:
            self.add_primary(name)

    # --- seeding ---

    def add_primary(self, name=NAME):
        self.secrets[(self.primary_region, name)] = {"ARN": arn_in(self.primary_region, name), "Name": name, "VersionIdsToStages": {VERSION: ["AWSCURRENT"]}}
        self.replicas[name] = {}

    def add_key(self, region, key_id, alias=None, state="Enabled", manager="CUSTOMER"):
        arn = f"arn:aws:kms:{region}:{ACCOUNT}:key/{key_id}"
        for reference in (key_id, arn) + ((alias,) if alias else ()):
            self.keys[(region, reference)] = {"Arn": arn, "KeyId": key_id, "KeyState": state, "Enabled": state == "Enabled", "KeyManager": manager,
                                              "AWSAccountId": ACCOUNT}
        return arn

    def add_link(self, replica_arn, status="InSync", message=None, role=None, name=NAME):
        """A cross-account replica of primary `name`, as its CrossAccountReplicas entry shows it."""
        entry = {"ReplicaSecretARN": replica_arn, "ReplicationStatus": status, "StatusMessage": message or f"{status} message"}
        if role:
            entry["ReplicationRoleARN"] = role
        self.links.setdefault(name, []).append(entry)

    def add_receiving(self, primary_arn, name=NAME, key="alias/receiving", status="Pending", region=None, tags=None):
        """A receiving secret in this account (CreateSecret with CrossAccountPrimaryARN), replicating `primary_arn`."""
        region = region or self.primary_region
        secret = {"ARN": arn_in(region, name, "RcVaBc"), "Name": name, "KmsKeyId": key,
                  "CrossAccountPrimary": {"PrimarySecretARN": primary_arn, "ReplicationStatus": status, "StatusMessage": f"{status} message"}}
        if tags:
            secret["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
        self.secrets[(region, name)] = secret
        return secret["ARN"]

    def add_replica(self, region, key=DEFAULT_KEY, status="InSync", message=None, name=NAME):
        self.replicas[name][region] = {"KmsKeyId": key, "Status": status, "StatusMessage": message or f"{status} message"}
        if status != "Failed":
            self.secrets[(region, name)] = {
                "ARN": arn_in(region, name), "Name": name, "PrimaryRegion": self.primary_region, "VersionIdsToStages": {VERSION: ["AWSCURRENT"]}
            }
            if key != DEFAULT_KEY:
                # A replica's own DescribeSecret shows its own key; AWS omits KmsKeyId for aws/secretsmanager.
                self.secrets[(region, name)]["KmsKeyId"] = key

    def promote(self, region, name=NAME, tags=None):
        """What another run's StopReplicationToReplica (and TagResource, `tags`) does to the replica in `region`."""
        with self.lock:
            secret = self.secrets[(region, name)]
            secret.pop("PrimaryRegion")
            self.replicas[name].pop(region, None)
            if tags:
                secret["Tags"] = [{"Key": key, "Value": value} for key, value in tags.items()]

    def add_other_secret(self, region, name=NAME, primary_region=None, deleted=False):
        """A same-named secret that is not the primary's replica (another suffix)."""
        secret = {"ARN": arn_in(region, name, "ZzZzZz"), "Name": name}
        if primary_region:
            secret["PrimaryRegion"] = primary_region
        if deleted:
            secret["DeletedDate"] = "2026-11-30T00:00:00+00:00"
        self.secrets[(region, name)] = secret

    # --- reading what happened ---

    def mutating_calls(self):
        return [call for call in self.calls if any(is_mutating(service, call[1]) for service in FAKED_SERVICES)]

    def operations(self):
        return [call[1] for call in self.calls]

    # --- the calls ---

    def record(self, region, operation, secret_id=None):
        with self.lock:
            self.calls.append((region, operation))
            self.requests.append((region, operation, secret_id))
            self.concurrent += 1
            self.most_concurrent = max(self.most_concurrent, self.concurrent)
        try:
            if self.call_seconds:
                REAL_SLEEP(self.call_seconds)
        finally:
            with self.lock:
                self.concurrent -= 1
        with self.lock:
            concurrent_change = self.before.pop((region, operation), None)
        if concurrent_change:
            concurrent_change()
        if region in self.down:
            raise client_error("ServiceUnavailable", operation, status=503, message="Region down")
        if (region, operation) in self.errors:
            raise client_error(self.errors[(region, operation)], operation)

    def find(self, region, secret_id):
        for (secret_region, name), secret in self.secrets.items():
            if secret_region == region and secret_id in (name, secret["ARN"]):
                return name, secret
        raise client_error("ResourceNotFoundException", "DescribeSecret")

    def status_list(self, name):
        return [dict(replica, Region=region) for region, replica in sorted(self.replicas[name].items())]

    def describe(self, region, secret_id):
        with self.lock:
            name, secret = self.find(region, secret_id)
            answer = dict(secret)
            if secret.get("PrimaryRegion") == self.primary_region and region != self.primary_region:
                # A replica's own answer carries its primary's replication status, as AWS's does.
                answer["ReplicationStatus"] = self.status_list(name)
            if region == self.primary_region and self.replicas.get(name):
                answer["PrimaryRegion"] = self.primary_region
                for replica in self.replicas[name].values():
                    if replica["Status"] == "InProgress":
                        if self.in_progress_for.get(name, 0) > 0:
                            self.in_progress_for[name] -= 1
                        elif name not in self.in_progress_for and self.in_progress_describes > 0:
                            self.in_progress_describes -= 1
                        else:
                            replica["Status"] = "InSync"
                answer["ReplicationStatus"] = self.status_list(name)
            if region == self.primary_region and self.links.get(name):
                self._settle_links(name)
                answer["CrossAccountReplicas"] = [dict(entry) for entry in self.links[name]]
            return answer

    def _settle_links(self, name):
        for entry in self.links[name]:
            if entry["ReplicationStatus"] != "InProgress":
                continue
            if self.link_in_progress_describes > 0:
                self.link_in_progress_describes -= 1
            elif self.link_fail_with:
                entry.update(ReplicationStatus="Failed", StatusMessage=self.link_fail_with)
            else:
                entry.update(ReplicationStatus="InSync", StatusMessage="Replication succeeded")


class FakeSecretsManager:
    def __init__(self, aws, region):
        self.aws, self.region = aws, region

    def describe_secret(self, SecretId):
        self.aws.record(self.region, "DescribeSecret", SecretId)
        return self.aws.describe(self.region, SecretId)

    def list_secrets(self, **params):
        self.aws.record(self.region, "ListSecrets")
        listed = [secret for (region, dummy), secret in sorted(self.aws.secrets.items()) if region == self.region]
        return {"SecretList": [{"ARN": secret["ARN"], "Name": secret["Name"]} for secret in listed]}

    def replicate_secret_to_regions(self, SecretId, AddReplicaRegions, ForceOverwriteReplicaSecret):
        self.aws.record(self.region, "ReplicateSecretToRegions", SecretId)
        with self.aws.lock:
            name, dummy = self.aws.find(self.region, SecretId)
            for spec in AddReplicaRegions:
                region = spec["Region"]
                assert region not in self.aws.replicas[name], "a listed Region must never be replicated again"
                message = self.aws.fail_with.pop((name, region), None)
                if message and not (ForceOverwriteReplicaSecret and "already exists" in message):
                    self.aws.replicas[name][region] = {"KmsKeyId": spec.get("KmsKeyId", DEFAULT_KEY), "Status": "Failed", "StatusMessage": message}
                else:
                    self.aws.add_replica(region, spec.get("KmsKeyId", DEFAULT_KEY), "InProgress", name=name)
            return {"ARN": arn_in(self.region, name), "ReplicationStatus": self.aws.status_list(name)}

    def remove_regions_from_replication(self, SecretId, RemoveReplicaRegions):
        self.aws.record(self.region, "RemoveRegionsFromReplication", SecretId)
        with self.aws.lock:
            name, dummy = self.aws.find(self.region, SecretId)
            for region in RemoveReplicaRegions:
                self.aws.replicas[name].pop(region, None)
                self.aws.secrets.pop((region, name), None)
            return {"ARN": arn_in(self.region, name), "ReplicationStatus": self.aws.status_list(name)}

    def update_secret(self, SecretId, KmsKeyId):
        self.aws.record(self.region, "UpdateSecret", SecretId)
        with self.aws.lock:
            name, dummy = self.aws.find(self.region, SecretId)
            assert SecretId == arn_in(self.region, name)
            self.aws.replicas[name][self.region]["KmsKeyId"] = KmsKeyId
            return {"ARN": SecretId}

    def stop_replication_to_replica(self, SecretId):
        self.aws.record(self.region, "StopReplicationToReplica", SecretId)
        with self.aws.lock:
            name, secret = self.aws.find(self.region, SecretId)
            if secret.pop("CrossAccountPrimary", None):
                return {"ARN": secret["ARN"]}
            if not secret.get("PrimaryRegion") or secret["PrimaryRegion"] == self.region:
                raise client_error("InvalidParameterException", "StopReplicationToReplica", message="The secret is not a replica secret")
            secret.pop("PrimaryRegion")
            self.aws.replicas[name].pop(self.region, None)
            return {"ARN": SecretId}

    def associate_cross_account_replica(self, SecretId, CrossAccountReplicaARN, ReplicaRestriction, ReplicationRoleARN=None):
        self.aws.record(self.region, "AssociateCrossAccountReplica", SecretId)
        self.aws.restrictions_sent.append(ReplicaRestriction)
        with self.aws.lock:
            name, secret = self.aws.find(self.region, SecretId)
            entry = {"ReplicaSecretARN": CrossAccountReplicaARN, "ReplicationStatus": "InProgress", "StatusMessage": "Replication in progress"}
            if ReplicationRoleARN:
                entry["ReplicationRoleARN"] = ReplicationRoleARN
            self.aws.links[name] = [entry]
            return {"ARN": secret["ARN"], "CrossAccountReplicaARN": CrossAccountReplicaARN, "ReplicationStatus": "InProgress"}

    def disassociate_cross_account_replica(self, SecretId, CrossAccountReplicaARN):
        self.aws.record(self.region, "DisassociateCrossAccountReplica", SecretId)
        with self.aws.lock:
            name, secret = self.aws.find(self.region, SecretId)
            for entry in self.aws.links.get(name, []):
                if entry["ReplicaSecretARN"] == CrossAccountReplicaARN:
                    entry.update(ReplicationStatus="Detached", StatusMessage="Replication stopped")
            return {"ARN": secret["ARN"], "CrossAccountReplicaARN": CrossAccountReplicaARN}

    def create_secret(self, Name, CrossAccountPrimaryARN, KmsKeyId, Tags=None):
        self.aws.record(self.region, "CreateSecret", Name)
        with self.aws.lock:
            if (self.region, Name) in self.aws.secrets:
                raise client_error("ResourceExistsException", "CreateSecret")
            tags = {tag["Key"]: tag["Value"] for tag in Tags or []}
            arn = self.aws.add_receiving(CrossAccountPrimaryARN, name=Name, key=KmsKeyId, region=self.region, tags=tags)
            return {"ARN": arn, "Name": Name}

    def delete_secret(self, SecretId, RecoveryWindowInDays):
        self.aws.record(self.region, "DeleteSecret", SecretId)
        assert 7 <= RecoveryWindowInDays <= 30
        with self.aws.lock:
            dummy, secret = self.aws.find(self.region, SecretId)
            secret["DeletedDate"] = "2026-12-01T00:00:00+00:00"
            return {"ARN": secret["ARN"], "Name": secret["Name"], "DeletionDate": f"+{RecoveryWindowInDays} days"}

    def tag_resource(self, SecretId, Tags):
        self.aws.record(self.region, "TagResource", SecretId)
        with self.aws.lock:
            dummy, secret = self.aws.find(self.region, SecretId)
            if secret.get("PrimaryRegion") and secret["PrimaryRegion"] != self.region:
                raise client_error("InvalidParameterException", "TagResource", message="Operation not permitted on a replica secret.")
            kept = [tag for tag in secret.get("Tags", []) if tag["Key"] not in {new["Key"] for new in Tags}]
            secret["Tags"] = kept + [dict(tag) for tag in Tags]
            return {}

    def untag_resource(self, SecretId, TagKeys):
        self.aws.record(self.region, "UntagResource", SecretId)
        with self.aws.lock:
            dummy, secret = self.aws.find(self.region, SecretId)
            secret["Tags"] = [tag for tag in secret.get("Tags", []) if tag["Key"] not in TagKeys]
            return {}

    def list_secret_version_ids(self, SecretId, MaxResults):  # pylint: disable=unused-argument
        self.aws.record(self.region, "ListSecretVersionIds", SecretId)
        with self.aws.lock:
            dummy, secret = self.aws.find(self.region, SecretId)
            dates = secret.get("VersionDates", {})
            versions = [{"VersionId": version, "VersionStages": stages, "CreatedDate": dates.get(version)}
                        for version, stages in secret.get("VersionIdsToStages", {}).items()]
            return {"ARN": secret["ARN"], "Versions": versions}


class FakeKMS:
    def __init__(self, aws, region):
        self.aws, self.region = aws, region

    def describe_key(self, KeyId):
        self.aws.record(self.region, "DescribeKey", KeyId)
        metadata = self.aws.keys.get((self.region, KeyId))
        if metadata is None:
            raise client_error("NotFoundException", "DescribeKey", message="no key")
        return {"KeyMetadata": dict(metadata)}


class FakeClients:
    """Stands in for clients.RegionalClients."""

    def __init__(self, aws):
        self.aws = aws

    def secretsmanager(self, region):
        return FakeSecretsManager(self.aws, region)

    def kms(self, region):
        return FakeKMS(self.aws, region)


def run_module_main(module, aws, capsys, args):
    """module.main() run with `args` and its RegionalClients replaced by FakeClients(aws): the JSON result it printed."""
    with patch_module_args(args), mock.patch.object(module, "RegionalClients", lambda ansible_module, **kwargs: FakeClients(aws)):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


class FakeClock:
    """clock() and sleep() that only move when slept: waits and pacing cost no real time. Every sleep is kept in `slept`.

    A still clock (moves=False) never moves: each sleep asked of it is how far in the future a slot is, whichever
    thread asked first.
    """

    def __init__(self, moves=True):
        self.now = 0.0
        self.moves = moves
        self.lock = threading.Lock()
        self.slept = []

    def __call__(self):
        with self.lock:
            return self.now

    def sleep(self, seconds):
        with self.lock:
            self.slept.append(seconds)
            if self.moves:
                self.now += seconds


class CannedResponses:
    """A botocore before-send handler answering each HTTP attempt from a list of (status, body) instead of the network.

    Then 200 with an empty JSON body. `sent` holds the URL of every attempt.
    """

    def __init__(self, answers):
        self.answers = list(answers)
        self.sent = []

    def __call__(self, request, **kwargs):
        status, body = self.answers.pop(0) if self.answers else (200, b"{}")
        self.sent.append(request.url)

        class Raw:
            def stream(self, **kwargs):
                yield body

        return AWSResponse(request.url, status, {"Content-Type": "application/x-amz-json-1.1"}, Raw())


class Failed(Exception):
    """A FakeModule's fail_json was called; the exception's text is its msg."""


class FakeModule:
    """What a module's input checks use of AnsibleAWSModule: params, region (the params' region) and fail_json, which raises Failed.

    Creating a client is an error: bad input must be refused before any AWS call.
    """

    def __init__(self, params):
        self.params = dict(params)
        self.region = self.params.get("region")
        self.clients_made = 0

    def fail_json(self, msg, **kwargs):  # pylint: disable=unused-argument
        raise Failed(msg)

    def client(self, *args, **kwargs):  # pylint: disable=unused-argument
        self.clients_made += 1
        raise AssertionError("no client may be created for bad input")


@pytest.fixture
def no_backoff(monkeypatch):
    """AWSRetry's backoff sleeps are real; a test of retried errors must not wait for them."""
    monkeypatch.setattr("ansible_collections.amazon.aws.plugins.module_utils.cloud.time.sleep", lambda seconds: None)


@pytest.fixture
def aws(no_backoff):  # pylint: disable=redefined-outer-name,unused-argument
    return FakeAWS()


@pytest.fixture
def fake_clock():
    return FakeClock()


@pytest.fixture
def still_clock():
    return FakeClock(moves=False)


@pytest.fixture
def run_secrets(aws, fake_clock):  # pylint: disable=redefined-outer-name
    """run_secrets(entries, state=..., check_mode=..., wait=..., wait_timeout=..., max_workers=..., diff=..., promotion=..., retries=...,
    retry_delay=...) -> results.

    Runs batch.run_batch against the fake AWS (clients and peer clients alike) on the fake clock.
    Each entry is a dict of secret_id, region (the primary's), replicas, purge_replicas, overwrite.
    """
    # pylint: disable-next=import-outside-toplevel
    from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.context import RunContext
    # pylint: disable-next=import-outside-toplevel
    from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.batch import run_batch

    def run(entries, state="present", check_mode=False, wait=True, wait_timeout=30, max_workers=4, diff=True, promotion=None, retries=0, retry_delay=0):
        clients = FakeClients(aws)
        context = RunContext(clients, clients, state=state, check_mode=check_mode, diff=diff, wait=wait, promotion=promotion)
        regions = [entry.get("region", aws.primary_region) if state != "promoted" else None for entry in entries]
        return run_batch(entries, regions, context, max_workers=max_workers, wait_timeout=wait_timeout, retries=retries, retry_delay=retry_delay,
                         clock=fake_clock, sleep=fake_clock.sleep, jitter=lambda delay: delay)

    return run


@pytest.fixture
def run_one(run_secrets):  # pylint: disable=redefined-outer-name
    """run_one(state=..., check_mode=..., **entry) -> the one result; the entry defaults to secret 'db' with no replicas."""

    def run(state="present", check_mode=False, wait=True, wait_timeout=30, diff=True, **entry):
        entry = dict({"secret_id": NAME, "replicas": [], "purge_replicas": False, "overwrite": False}, **entry)
        return run_secrets([entry], state=state, check_mode=check_mode, wait=wait, wait_timeout=wait_timeout, diff=diff)[0]

    return run


@pytest.fixture
def botocore_version(monkeypatch):
    """botocore_version("1.44.1") makes amazon.aws's version checks see that botocore; the fakes need none of its models."""
    import botocore  # pylint: disable=import-outside-toplevel

    def pretend(version):
        monkeypatch.setattr(botocore, "__version__", version)

    return pretend


@pytest.fixture
def cross_account_botocore(botocore_version):  # pylint: disable=redefined-outer-name
    """At least the botocore the cross-account options need, also on the compatibility leg's older botocore."""
    from ansible_collections.amazon.aws.plugins.module_utils.botocore import botocore_at_least  # pylint: disable=import-outside-toplevel
    # pylint: disable-next=import-outside-toplevel
    from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.cross_account import CROSS_ACCOUNT_BOTOCORE

    if not botocore_at_least(CROSS_ACCOUNT_BOTOCORE):
        botocore_version(CROSS_ACCOUNT_BOTOCORE)
