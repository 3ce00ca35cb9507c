# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cross-account replication (botocore 1.44.2+), which moto 5.2.5 lacks, across moto's per-account state.

The replica account creates a receiving secret (CreateSecret with CrossAccountPrimaryARN); the primary
account links it (AssociateCrossAccountReplica) and unlinks it (DisassociateCrossAccountReplica); the
replica account promotes it (StopReplicationToReplica). One CrossAccountLink object is shared by the
receiving secret and its primary, and computes the status both sides report.
Quotes are from the documentation strings of botocore's service model (secretsmanager 2017-10-17).
Every call already runs under replication.LOCK (see replication._serialised_call_action).
"""

import copy
import functools
import json
import re
import time
from urllib.parse import urlparse

from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import JsonRESTError
from moto.iam.access_control import IAMRequest
from moto.secretsmanager.exceptions import (
    InvalidParameterException,
    InvalidRequestException,
    OperationNotPermittedOnReplica,
    ResourceExistsException,
    ResourceNotFoundException,
)
from moto.secretsmanager.models import FakeSecret, ReplicaSecret, SecretsManagerBackend, secretsmanager_backends
from moto.secretsmanager.responses import SecretsManagerResponse
from moto.utilities.utils import get_partition

from .kms_keys import is_aws_managed_key, key_problem
from .replication import IN_PROGRESS, IN_PROGRESS_MESSAGE, FAILED
from .secret_lifecycle import refuse_name_in_recovery_window
from .state import STATE

PENDING = "Pending"
IN_SYNC = "InSync"
DETACHED = "Detached"
ASSOCIATED = "Associated"  # the link's own state (not an AWS status): replication runs

PENDING_MESSAGE = "Waiting for the primary account to associate this replica (AssociateCrossAccountReplica)."
IN_SYNC_MESSAGE = "Replication succeeded"
DISASSOCIATED_MESSAGE = "Replication stopped: the primary account disassociated this replica (DisassociateCrossAccountReplica)."
PROMOTED_MESSAGE = "Replication stopped: the replica account promoted this replica to a standalone secret (StopReplicationToReplica)."

# CreateSecret CrossAccountPrimaryARN: "You can't include SecretString, SecretBinary, Description, AddReplicaRegions, or Type."
REFUSED_WITH_PRIMARY_ARN = ("SecretString", "SecretBinary", "Description", "AddReplicaRegions", "Type")
RESTRICTIONS = ("SameOrg", "NoRestriction")
# The managed resource policy AWS attaches to a receiving secret (aws-replication.md, "Cross-account replicas").
POLICY_NAME = "cross-account-replication"
DEFAULT_POLICY_NAME = "default"
PRIMARY_LINK = "cross_account_link"  # attribute of a primary FakeSecret: its CrossAccountLink, if any

_SECRET_ARN = re.compile(r"^arn:(?P<partition>[^:]+):secretsmanager:(?P<region>[^:]+):(?P<account>\d{12}):secret:(?P<name>.+)$")
_ROLE_ARN = re.compile(r"^arn:(?P<partition>[^:]+):iam::(?P<account>\d{12}):role/.+$")

_installed = False


class LimitExceededException(JsonRESTError):
    """Documented error of AssociateCrossAccountReplica: "The request failed because it would exceed one of
    the Secrets Manager quotas." (at most one cross-account replica per primary)."""

    code = 400

    def __init__(self, message):
        super().__init__("LimitExceededException", message)


def parse_secret_arn(arn, parameter):
    """{"partition", "region", "account", "name"} of a full secret ARN; InvalidParameterException otherwise."""
    match = _SECRET_ARN.match(arn or "")
    if not match:
        raise InvalidParameterException(
            f"{parameter} '{arn}' is not a secret ARN: expected arn:PARTITION:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX.")
    return match.groupdict()


def refuse_other_region_or_account(parts, arn, parameter, region, account_id):
    """"The primary and replica secrets must be in the same Amazon Web Services Region and partition", in
    different accounts ("a replica secret in a different Amazon Web Services account")."""
    if parts["partition"] != get_partition(region) or parts["region"] != region:
        raise InvalidParameterException(
            f"{parameter} '{arn}' is in region {parts['region']} (partition {parts['partition']}), but this call is in region {region} "
            f"(partition {get_partition(region)}): a cross-account primary and its replica must be in the same Region and partition.")
    if parts["account"] == account_id:
        raise InvalidParameterException(
            f"{parameter} '{arn}' is in this account ({account_id}): cross-account replication needs two accounts. "
            "For a replica in another Region of this account, use ReplicateSecretToRegions.")


class CrossAccountLink:
    """Replication from one primary to one receiving secret; its status is computed when read.

    Pending until associated; then InProgress for replication_delay_seconds, then InSync, or Failed when
    the receiving secret's KMS key is missing or not enabled (checked after the delay at every read of
    either side and before every write to the primary; a failure stays until the primary account
    associates again); Detached after disassociation or promotion.
    """

    def __init__(self, primary_arn, replica):
        self.primary_arn = primary_arn
        self.replica = replica
        self.replica_arn = replica.arn
        self.primary = None
        self.role_arn = None
        self.restriction = None
        self.state = PENDING
        self.ready_at = 0.0
        self.failure = None
        self.synced = False  # InSync was seen since the last association: the replica holds the primary's versions
        self.detached_message = None

    def status(self):
        """(ReplicationStatus, StatusMessage) now."""
        if self.state == PENDING:
            return PENDING, PENDING_MESSAGE
        if self.state == DETACHED:
            return DETACHED, self.detached_message
        if time.monotonic() < self.ready_at:
            return IN_PROGRESS, IN_PROGRESS_MESSAGE
        if self.failure is None:
            problem = key_problem(self.replica.account_id, self.replica.region, self.replica.kms_key_id)
            if problem:
                self._keep_versions()
                # User guide, replication troubleshooting: "The KMS key is disabled or not found".
                self.failure = f"Replication failed: {problem}"
        if self.failure:
            return FAILED, self.failure
        self.synced = True
        return IN_SYNC, IN_SYNC_MESSAGE

    def in_sync(self):
        return self.state == ASSOCIATED and self.status()[0] == IN_SYNC

    def associate(self, primary, role_arn, restriction):
        """Start (or restart, repairing a Failed or Detached link) replication from primary."""
        self.primary = primary
        self.role_arn = role_arn
        self.restriction = restriction
        self.state = ASSOCIATED
        self.failure = None
        self.synced = False
        self.ready_at = time.monotonic() + STATE.replication_delay_seconds()

    def detach(self, message):
        """Stop replication; the receiving secret keeps the versions it had."""
        if self.state == ASSOCIATED and self.status()[0] == IN_SYNC:
            self._keep_versions()
        self.state = DETACHED
        self.detached_message = message

    def _keep_versions(self):
        if self.synced:
            self.replica.versions = copy.deepcopy(self.primary.versions)
            self.replica.default_version_id = self.primary.default_version_id

    def replica_entry(self):
        """The primary's CrossAccountReplicas entry."""
        status, message = self.status()
        entry = {"ReplicaSecretARN": self.replica_arn, "ReplicationStatus": status, "StatusMessage": message}
        if self.role_arn:
            entry["ReplicationRoleARN"] = self.role_arn
        return entry

    def primary_entry(self):
        """The receiving secret's CrossAccountPrimary."""
        status, message = self.status()
        return {"PrimarySecretARN": self.primary_arn, "ReplicationStatus": status, "StatusMessage": message}


class ReceivingSecret(FakeSecret):
    """A secret created with CrossAccountPrimaryARN. While its link is InSync it shows the primary's versions
    (as moto's ReplicaSecret does); otherwise the versions it kept. After promotion (link None) it is a plain secret.
    """

    def __init__(self, account_id, region_name, name, kms_key_id, tags, primary_arn):
        self.link = None
        self._versions = {}
        self._default_version_id = None
        now = int(time.time())
        super().__init__(account_id=account_id, region_name=region_name, secret_id=name, secret_version={}, version_id="",
                         tags=tags, kms_key_id=kms_key_id, created_date=now, last_changed_date=now)
        self.link = CrossAccountLink(primary_arn, self)

    def _live_primary(self):
        return self.link.primary if self.link is not None and self.link.in_sync() else None

    @property
    def versions(self):
        primary = self._live_primary()
        return primary.versions if primary is not None else self._versions

    @versions.setter
    def versions(self, value):
        self._versions = value

    @property
    def default_version_id(self):
        primary = self._live_primary()
        return primary.default_version_id if primary is not None else self._default_version_id

    @default_version_id.setter
    def default_version_id(self, value):
        self._default_version_id = value

    def managed_policy(self):
        """The cross-account-replication policy (its text is the stand-in's own: AWS does not publish it)."""
        primary_account = parse_secret_arn(self.link.primary_arn, "CrossAccountPrimaryARN")["account"]
        return json.dumps({"Version": "2012-10-17", "Statement": [{
            "Sid": "CrossAccountReplication", "Effect": "Allow",
            "Principal": {"AWS": f"arn:{get_partition(self.region)}:iam::{primary_account}:root"},
            "Action": "secretsmanager:AcceptCrossAccountReplication", "Resource": "*"}]})

    def to_dict(self):
        dct = super().to_dict()
        if self.link is not None:
            dct["CrossAccountPrimary"] = self.link.primary_entry()
        return dct


def linked_receiving_secret(secret):
    """Whether secret is a receiving secret that has not been promoted (Pending, associated or Detached)."""
    return isinstance(secret, ReceivingSecret) and secret.link is not None


def create_receiving_secret(backend, name, primary_arn, kms_key_id, tags, refused):
    """CreateSecret with CrossAccountPrimaryARN, in the replica account. `refused`: the parameters given that
    AWS refuses with it. CrossAccountPrimaryARN: "you must specify a customer managed KMS key in KmsKeyId"."""
    if refused:
        raise InvalidParameterException(
            f"You can't include {', '.join(refused)} with CrossAccountPrimaryARN: a cross-account replica gets its value from its primary.")
    parts = parse_secret_arn(primary_arn, "CrossAccountPrimaryARN")
    refuse_other_region_or_account(parts, primary_arn, "CrossAccountPrimaryARN", backend.region_name, backend.account_id)
    if not kms_key_id:
        raise InvalidParameterException(
            f"CrossAccountPrimaryARN needs KmsKeyId: a customer managed KMS key in region {backend.region_name} "
            "(a cross-account replica can't use the AWS managed key aws/secretsmanager).")
    if is_aws_managed_key(backend.account_id, backend.region_name, kms_key_id):
        raise InvalidParameterException(
            f"KmsKeyId '{kms_key_id}' is an AWS managed key: a cross-account replica needs a customer managed KMS key.")
    refuse_name_in_recovery_window(backend, name)
    if name in backend.secrets:
        raise ResourceExistsException(f"The operation failed because the secret {name} already exists.")
    secret = ReceivingSecret(backend.account_id, backend.region_name, name, kms_key_id, tags, primary_arn)
    backend.secrets[name] = secret
    return secret


def _primary_for_link(backend, secret_id):
    """The primary secret (name or ARN) in backend, refusing regional replicas, receiving and deleted secrets."""
    primary = backend.describe_secret(secret_id)
    if isinstance(primary, ReplicaSecret):
        raise OperationNotPermittedOnReplica
    if linked_receiving_secret(primary):
        raise InvalidRequestException(f"Secret {primary.arn} is itself a cross-account replica; it can't be a cross-account primary.")
    if primary.is_deleted():
        raise InvalidRequestException(f"Secret {primary.arn} is scheduled for deletion; restore it (RestoreSecret) first.")
    return primary


def associate(backend, secret_id, replica_arn, restriction, role_arn):
    """AssociateCrossAccountReplica in the primary account; returns the link.

    "This operation is idempotent, so you can call it again for the same replica to repair replication.
    If the association fails, Secrets Manager does not modify either the primary or replica secret."
    ReplicaRestriction is recorded, not checked: the stand-in has no AWS Organizations model.
    """
    primary = _primary_for_link(backend, secret_id)
    if restriction not in RESTRICTIONS:
        raise InvalidParameterException(f"ReplicaRestriction '{restriction}' is not valid: use one of {', '.join(RESTRICTIONS)}.")
    if role_arn is not None:
        role = _ROLE_ARN.match(role_arn)
        if not role or role["account"] != backend.account_id:
            raise InvalidParameterException(
                f"ReplicationRoleARN '{role_arn}' is not an IAM role ARN in the primary account ({backend.account_id}).")
    parts = parse_secret_arn(replica_arn, "CrossAccountReplicaARN")
    refuse_other_region_or_account(parts, replica_arn, "CrossAccountReplicaARN", backend.region_name, backend.account_id)
    existing = getattr(primary, PRIMARY_LINK, None)
    if existing is not None and existing.replica_arn != replica_arn and existing.state != DETACHED:
        # "A primary secret can have at most one cross-account replica."
        raise LimitExceededException(
            f"Secret {primary.arn} already has a cross-account replica, {existing.replica_arn}; a primary can have at most one. "
            "Disassociate it (DisassociateCrossAccountReplica) first.")
    replica = secretsmanager_backends[parts["account"]][parts["region"]].secrets.get(replica_arn)
    if replica is None or replica.arn != replica_arn:
        raise ResourceNotFoundException(
            f"Secrets Manager can't find the cross-account replica {replica_arn} (account {parts['account']}, region {parts['region']}). "
            "Create it there first: CreateSecret with CrossAccountPrimaryARN set to this primary's ARN.")
    if not linked_receiving_secret(replica) or replica.link.primary_arn != primary.arn:
        # CrossAccountReplicaARN: "the replica account owner must have created the replica secret as a
        # cross-account replica of the primary secret."
        raise InvalidRequestException(
            f"Secret {replica_arn} was not created as a cross-account replica of {primary.arn}: "
            "the replica account must create it with CreateSecret and CrossAccountPrimaryARN set to this primary's ARN.")
    if replica.is_deleted():
        raise InvalidRequestException(f"The cross-account replica {replica_arn} is scheduled for deletion.")
    link = replica.link
    if link.state != ASSOCIATED or link.status()[0] == FAILED:
        link.associate(primary, role_arn, restriction)
    elif role_arn is not None:
        link.role_arn = role_arn
    setattr(primary, PRIMARY_LINK, link)
    return link


def disassociate(backend, secret_id, replica_arn):
    """DisassociateCrossAccountReplica in the primary account: "The replica secret remains in the other
    account and its replication status changes to Detached." Again on a Detached replica: no change."""
    primary = _primary_for_link(backend, secret_id)
    link = getattr(primary, PRIMARY_LINK, None)
    if link is None or link.replica_arn != replica_arn:
        raise ResourceNotFoundException(f"Secret {replica_arn} is not a cross-account replica of {primary.arn}.")
    if link.state != DETACHED:
        link.detach(DISASSOCIATED_MESSAGE)
    return link


def promote(secret):
    """StopReplicationToReplica on a receiving secret, in the replica account: "promotes the replica in your
    account to a standalone secret ... Secrets Manager updates the primary secret's replication status to
    Detached for this replica." The managed resource policy goes with the link."""
    secret.link.detach(PROMOTED_MESSAGE)
    secret.link = None
    return secret.arn


def refuse_delete(secret):
    """DeleteSecret: "You can't delete a cross-account primary secret that is associated with a cross-account
    replica secret ... Similarly, you can't delete a cross-account replica secret without first stopping
    replication." The stand-in refuses both while the link replicates (InProgress, InSync or Failed); a
    Pending or Detached receiving secret replicates nothing and can be deleted."""
    link = getattr(secret, PRIMARY_LINK, None)
    if link is not None and link.state == ASSOCIATED:
        raise InvalidRequestException(
            f"You can't delete secret {secret.name}: it has an associated cross-account replica, {link.replica_arn}. "
            "Call DisassociateCrossAccountReplica first.")
    if linked_receiving_secret(secret) and secret.link.state == ASSOCIATED:
        raise InvalidRequestException(
            f"You can't delete secret {secret.name}: it is an associated cross-account replica of {secret.link.primary_arn}. "
            "Call StopReplicationToReplica in this account (or DisassociateCrossAccountReplica in the primary account) first.")


def require_action(response, action):
    """AccessDenied unless the caller may also do secretsmanager:<action>, when moto enforces IAM.

    moto checks only the action named by the call; AWS requires more for some cross-account calls
    (their "Required permissions"). Same check as moto's own, for another action, with Resource "*"
    (moto authorises Secrets Manager calls against "*"). moto enforces once request_count reaches
    INITIAL_NO_AUTH_ACTION_COUNT (POST /moto-api/reset-auth sets both).
    """
    if ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
        return
    path = response.raw_path
    query = urlparse(response.uri).query
    IAMRequest(account_id=response.current_account, method=response.method, path=f"{path}?{query}" if query else path,
               data=response.data, body=response.raw_body, headers=response.headers, action=action).check_action_permitted("*")


# Responses (JSON in and out). SecretsManagerResponse has none of the cross-account operations.

# What install() wraps, captured there (after replication.install() has patched some of them).
_WRAPPED = {}


def _create_secret_response(self):
    """CreateSecret; with CrossAccountPrimaryARN it also needs secretsmanager:PutResourcePolicy
    ("To create a cross-account replica secret, you must also have secretsmanager:PutResourcePolicy")."""
    primary_arn = self._get_param("CrossAccountPrimaryARN")
    if primary_arn is None:
        return _WRAPPED["create_secret"](self)
    require_action(self, "PutResourcePolicy")
    refused = [name for name in REFUSED_WITH_PRIMARY_ARN if self._get_param(name) not in (None, "", [])]
    secret = create_receiving_secret(self.backend, self._get_param("Name"), primary_arn, self._get_param("KmsKeyId"),
                                     self._get_param("Tags", if_none=[]), refused)
    return json.dumps({"ARN": secret.arn, "Name": secret.name})


def _associate_response(self):
    """AssociateCrossAccountReplica; also needs "secretsmanager:GetSecretValue on the primary secret"."""
    require_action(self, "GetSecretValue")
    link = associate(self.backend, self._get_param("SecretId"), self._get_param("CrossAccountReplicaARN"),
                     self._get_param("ReplicaRestriction") or "SameOrg", self._get_param("ReplicationRoleARN"))
    return json.dumps({"ARN": link.primary.arn, "CrossAccountReplicaARN": link.replica_arn, "ReplicationStatus": link.status()[0]})


def _disassociate_response(self):
    link = disassociate(self.backend, self._get_param("SecretId"), self._get_param("CrossAccountReplicaARN"))
    return json.dumps({"ARN": link.primary.arn, "CrossAccountReplicaARN": link.replica_arn})


def _stop_replication_response(self):
    """StopReplicationToReplica: a receiving secret is promoted here (needs secretsmanager:DeleteResourcePolicy
    too: "For cross-account replica secrets, you must also have secretsmanager:DeleteResourcePolicy");
    anything else goes to the regional promotion."""
    secret_id = self._get_param("SecretId")
    secret = self.backend.secrets.get(secret_id)
    if not linked_receiving_secret(secret):
        answer = _WRAPPED["stop_replication_to_replica"](self)
        promoted = self.backend.secrets.get(secret_id)
        # The regional promotion copies the primary: a cross-account link stays with the primary.
        vars(promoted).pop(PRIMARY_LINK, None)
        return answer
    require_action(self, "DeleteResourcePolicy")
    return json.dumps({"ARN": promote(secret)})


def _policy_name(self):
    return self._get_param("PolicyName") or DEFAULT_POLICY_NAME


def _get_resource_policy_response(self):
    """GetResourcePolicy with PolicyName: "If you specify a name other than default and no policy with that
    name exists, the operation returns a ResourceNotFoundException"."""
    name = _policy_name(self)
    if name == DEFAULT_POLICY_NAME:
        return json.dumps(dict(json.loads(_WRAPPED["get_resource_policy"](self)), PolicyName=name))
    secret = self.backend.describe_secret(self._get_param("SecretId"))
    if name != POLICY_NAME or not linked_receiving_secret(secret):
        raise ResourceNotFoundException(f"Secrets Manager can't find the resource policy {name} of secret {secret.name}.")
    return json.dumps({"ARN": secret.arn, "Name": secret.name, "ResourcePolicy": secret.managed_policy(), "PolicyName": name})


def _list_resource_policies_response(self):
    """ListResourcePolicies: names only, "default first, followed by any other policies in alphabetical order"."""
    secret = self.backend.describe_secret(self._get_param("SecretId"))
    names = [DEFAULT_POLICY_NAME] if getattr(secret, "policy", None) else []
    if linked_receiving_secret(secret):
        names.append(POLICY_NAME)
    return json.dumps({"ResourcePolicies": [{"PolicyName": name} for name in names]})


def _default_policy_only(response_method, verb):
    """Put/DeleteResourcePolicy: "You can only {verb} the default policy; if you specify any other name,
    the operation returns an InvalidParameterException" (moto ignores PolicyName)."""

    @functools.wraps(response_method)
    def checked(self):
        name = _policy_name(self)
        if name != DEFAULT_POLICY_NAME:
            raise InvalidParameterException(f"You can only {verb} the default resource policy, not '{name}'.")
        return response_method(self)

    return checked


def _checked_write(backend_method, allowed_on_receiving=lambda kwargs: False):
    """A write, checked first against cross-account replication:
    - refused on a receiving secret (not promoted): its versions come from the primary, as a regional
      replica "can't be updated independently from its primary secret, except for its encryption key";
    - on an associated primary, the link looks at the replica's key before the change can reach it
      (a Failed link keeps the versions the replica had)."""

    @functools.wraps(backend_method)
    def checked(self, *args, **kwargs):
        secret_id = kwargs["secret_id"] if "secret_id" in kwargs else args[0]
        secret = self.secrets.get(secret_id)
        if linked_receiving_secret(secret) and not allowed_on_receiving(kwargs):
            raise InvalidRequestException(
                f"Secret {secret.arn} is a cross-account replica of {secret.link.primary_arn}: it can't be changed here. "
                "Call StopReplicationToReplica to make it a standalone secret first.")
        link = getattr(secret, PRIMARY_LINK, None)
        if link is not None and link.state == ASSOCIATED:
            link.status()
        return backend_method(self, *args, **kwargs)

    return checked


def _only_kms_key(kwargs):
    return all(kwargs.get(name) is None for name in ("secret_string", "secret_binary", "description"))


def delete_secret(self, secret_id, *args, **kwargs):
    secret = self.secrets.get(secret_id)
    if secret is not None:
        refuse_delete(secret)
    return _WRAPPED["delete_secret"](self, secret_id, *args, **kwargs)


def fake_secret_to_dict(self):
    """Plus CrossAccountReplicas on a primary that has (or had) one: "A list of this secret's cross-account
    replica secrets and their replication status ... omitted if the secret has no cross-account replicas"."""
    dct = _WRAPPED["to_dict"](self)
    link = getattr(self, PRIMARY_LINK, None)
    if link is not None:
        dct["CrossAccountReplicas"] = [link.replica_entry()]
    return dct


def install():
    """Apply the patches once per process, after replication.install() (whose patches these wrap)."""
    global _installed  # pylint: disable=global-statement
    if _installed:
        return
    _WRAPPED.update(create_secret=SecretsManagerResponse.create_secret,
                    stop_replication_to_replica=SecretsManagerResponse.stop_replication_to_replica,
                    get_resource_policy=SecretsManagerResponse.get_resource_policy,
                    delete_secret=SecretsManagerBackend.delete_secret,
                    to_dict=FakeSecret.to_dict)
    SecretsManagerResponse.create_secret = _create_secret_response
    SecretsManagerResponse.associate_cross_account_replica = _associate_response
    SecretsManagerResponse.disassociate_cross_account_replica = _disassociate_response
    SecretsManagerResponse.stop_replication_to_replica = _stop_replication_response
    SecretsManagerResponse.get_resource_policy = _get_resource_policy_response
    SecretsManagerResponse.list_resource_policies = _list_resource_policies_response
    SecretsManagerResponse.put_resource_policy = _default_policy_only(SecretsManagerResponse.put_resource_policy, "attach")
    SecretsManagerResponse.delete_resource_policy = _default_policy_only(SecretsManagerResponse.delete_resource_policy, "delete")
    for name in ("put_secret_value", "update_secret_version_stage", "rotate_secret", "replicate_secret_to_regions"):
        setattr(SecretsManagerBackend, name, _checked_write(getattr(SecretsManagerBackend, name)))
    SecretsManagerBackend.update_secret = _checked_write(SecretsManagerBackend.update_secret, allowed_on_receiving=_only_kms_key)
    SecretsManagerBackend.delete_secret = delete_secret
    FakeSecret.to_dict = fake_secret_to_dict
    _installed = True
