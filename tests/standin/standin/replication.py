# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Secrets Manager replication fidelity patches for moto 5.2.5, applied in-process by install().

moto keeps a replica as a ReplicaSecret stored in the replica Region's backend under its ARN,
and lists it in the primary FakeSecret's `replicas`. We replace how replicas are created and
removed, compute their status at read time, and add StopReplicationToReplica.
Facts quoted below are from the Secrets Manager API reference and the user guide page
"Replicate an AWS Secrets Manager secret to other AWS Regions" (see /work/shared/reference).
"""

import copy
import json
import threading
import time

from moto.core.exceptions import JsonRESTError
from moto.secretsmanager.exceptions import InvalidParameterException, OperationNotPermittedOnReplica, SecretNotFoundException
from moto.secretsmanager.models import FakeSecret, ReplicaSecret, SecretsManagerBackend, secretsmanager_backends
from moto.secretsmanager.responses import SecretsManagerResponse

from .kms_keys import DEFAULT_KMS_KEY, key_problem
from .state import STATE

# Guards replica creation, removal, promotion and re-keying (the server is multi-threaded).
LOCK = threading.RLock()

IN_PROGRESS = "InProgress"
IN_PROGRESS_MESSAGE = "Replication in progress..."
FAILED = "Failed"

_installed = False


class EncryptionFailure(JsonRESTError):
    """Documented UpdateSecret error: "Secrets Manager can't encrypt the protected secret text using
    the provided KMS key. Check that the KMS key is available, enabled, and not in an invalid state."
    """

    code = 400

    def __init__(self, reason):
        super().__init__(
            "EncryptionFailure",
            f"Secrets Manager can't encrypt the protected secret text using the provided KMS key: {reason}",
        )


class StandInReplica(ReplicaSecret):
    """A moto replica whose status is computed when read.

    API reference (ReplicateSecretToRegions, ReplicationStatusType): replication is asynchronous,
    a new replica is InProgress, then InSync or Failed. moto's own status/message attributes hold
    the final outcome; `config` reports InProgress until `ready_at`.
    """

    def __init__(self, source, region, kms_key_id, failure_message=None, delay_seconds=0.0):
        super().__init__(source, region, FAILED if failure_message else None, failure_message)
        self.kms_key_id = kms_key_id
        self.ready_at = time.monotonic() + delay_seconds

    @property
    def config(self):
        in_progress = time.monotonic() < self.ready_at
        return {
            "Region": self.region,
            # The key asked for (id, ARN or alias as given), aws/secretsmanager when none was.
            "KmsKeyId": self.kms_key_id,
            "Status": IN_PROGRESS if in_progress else self.status,
            "StatusMessage": IN_PROGRESS_MESSAGE if in_progress else self.message,
        }

    @config.setter
    def config(self, _static):
        # moto's __init__ assigns a fixed dict; the property above replaces it.
        pass

    def to_dict(self):
        dct = super().to_dict()
        # DescribeSecret KmsKeyId: "the KMS key that Secrets Manager uses to encrypt the secret value.
        # If the secret is encrypted with ... aws/secretsmanager, this field is omitted." A replica is
        # encrypted with its own key, not the primary's.
        dct.pop("KmsKeyId", None)
        if self.kms_key_id not in (None, "", DEFAULT_KMS_KEY):
            dct["KmsKeyId"] = self.kms_key_id
        return dct


def _discard_by_name(backend, name):
    """Remove every secret called name from a Region's store (moto keys replicas by ARN, primaries by name)."""
    for key in [k for k, secret in dict.items(backend.secrets) if secret.name == name]:
        dict.pop(backend.secrets, key)


def _drop_replica_from_store(replica):
    """Delete the replica secret from its Region, if it is the one stored there (tolerates duplicates)."""
    backend = secretsmanager_backends[replica.source.account_id][replica.region]
    if dict.get(backend.secrets, replica.arn) is replica:
        dict.pop(backend.secrets, replica.arn)


def create_replicas(self, replica_regions, force_overwrite):
    """Replacement for FakeSecret.create_replicas."""
    # Replicating to the primary's own Region: InvalidParameterException "Invalid replica region." (moto's, as AWS).
    for replica_config in replica_regions or []:
        if replica_config["Region"] == self.region:
            raise InvalidParameterException("Invalid replica region.")
    delay = STATE.replication_delay_seconds()
    replicas = []
    with LOCK:
        for replica_config in replica_regions or []:
            region = replica_config["Region"]
            kms_key_id = replica_config.get("KmsKeyId") or DEFAULT_KMS_KEY
            backend = secretsmanager_backends[self.account_id][region]
            existing = backend.secrets.get(self.name)
            failure = None
            if existing is not None and not force_overwrite:
                # User guide, troubleshooting: "A secret with the same name exists in the selected Region".
                failure = f"Replication failed: Secret {self.name} already exists in region {region}."
            elif existing is not None and (refusal := overwrite_refusal(existing, self)):
                failure = refusal
            else:
                problem = key_problem(self.account_id, region, kms_key_id)
                if problem:
                    # User guide, troubleshooting: "The KMS key is disabled or not found".
                    failure = f"Replication failed: {problem}"
            replica = StandInReplica(self, region, kms_key_id, failure, delay)
            if failure is None:
                if force_overwrite:
                    # API reference, ForceOverwriteReplicaSecret: "Specifies whether to overwrite a secret with the
                    # same name in the destination Region."
                    _discard_by_name(backend, self.name)
                dict.__setitem__(backend.secrets, replica.arn, replica)
            # else: when a replication fails and no version replicated, AWS removes the replica (user guide,
            # troubleshooting, as summarised in aws-replication.md): nothing is stored in that Region.
            replicas.append(replica)
    return replicas


def overwrite_refusal(existing, primary):
    """Why ForceOverwriteReplicaSecret can't replace `existing` with a replica of `primary` (a Failed
    StatusMessage), or None when it can.

    - A replica of another primary: "A secret that is itself a replica of another primary cannot be replaced
      this way: promote it first" (reference notes, "Disaster recovery facts"). Nothing is replaced.
    - A primary that still has replicas of its own: AWS does not document this case; the stand-in refuses
      (the safe choice), as DeleteSecret refuses such a primary.
    A re-added Region whose secret is already this primary's replica is replaced as before (moto's duplicate).
    """
    region = existing.region
    if isinstance(existing, ReplicaSecret) and existing.source is not primary:
        return (f"Replication failed: Secret {primary.name} in region {region} is a replica of {existing.source.arn}; "
                f"ForceOverwriteReplicaSecret can't replace a replica of another primary. Promote it first "
                f"(StopReplicationToReplica in {region}), then replicate again.")
    if not isinstance(existing, ReplicaSecret) and existing.replicas:
        regions = ", ".join(sorted({replica.region for replica in existing.replicas}))
        return (f"Replication failed: Secret {primary.name} in region {region} is a primary with replicas in {regions}; "
                f"ForceOverwriteReplicaSecret can't replace it. Remove its replicas first "
                f"(RemoveRegionsFromReplication in {region}), then replicate again.")
    return None


_moto_replicate_secret_to_regions = SecretsManagerBackend.replicate_secret_to_regions


def replicate_secret_to_regions(self, secret_id, replica_regions, force_overwrite):
    """moto's, but answers the primary's ARN (API reference, ReplicateSecretToRegions response ARN: "The ARN of the primary secret")."""
    with LOCK:
        _echoed_id, statuses = _moto_replicate_secret_to_regions(self, secret_id, replica_regions, force_overwrite)
        return self.describe_secret(secret_id).arn, statuses


def remove_regions_from_replication(self, secret_id, replica_regions):
    """Replacement: "deletes the secret replicas from the Regions you specify" (API reference).

    Failed entries (nothing stored) and moto's duplicate entries for one Region are removed without error;
    Regions that are not replicated are ignored, as moto does. Answers the primary's ARN (response ARN:
    "The ARN of the primary secret").
    """
    secret = self.describe_secret(secret_id)
    if isinstance(secret, ReplicaSecret):
        raise OperationNotPermittedOnReplica
    with LOCK:
        for replica in list(secret.replicas):
            if replica.region in replica_regions:
                _drop_replica_from_store(replica)
                secret.replicas.remove(replica)
        return secret.arn, [replica.config for replica in secret.replicas]


_moto_fake_secret_to_dict = FakeSecret.to_dict


def fake_secret_to_dict(self):
    """moto's, plus PrimaryRegion on a primary that has replicas.

    API reference, DescribeSecret PrimaryRegion: "The Region the secret is in. If a secret is
    replicated to other Regions, the replicas are listed in ReplicationStatus."
    """
    dct = _moto_fake_secret_to_dict(self)
    if self.replicas:
        dct["PrimaryRegion"] = self.region
    return dct


_moto_update_secret = SecretsManagerBackend.update_secret


def update_secret(self, secret_id, secret_string=None, secret_binary=None, client_request_token=None, kms_key_id=None, description=None):
    """moto's, except UpdateSecret(SecretId, KmsKeyId) on a replica in its own Region re-keys that replica.

    User guide: a replica "can't be updated independently from its primary secret, except for its
    encryption key". ClientRequestToken is ignored here: botocore always fills it in.
    """
    secret = self.secrets.get(secret_id)
    only_key = kms_key_id is not None and secret_string is None and secret_binary is None and description is None
    if isinstance(secret, ReplicaSecret) and only_key:
        return rekey_replica(self, secret, kms_key_id)
    return _moto_update_secret(self, secret_id, secret_string, secret_binary, client_request_token, kms_key_id, description)


def rekey_replica(backend, replica, kms_key_id):
    # UpdateSecret KmsKeyId: "If you set this to an empty string, Secrets Manager uses ... aws/secretsmanager".
    kms_key_id = kms_key_id or DEFAULT_KMS_KEY
    problem = key_problem(backend.account_id, backend.region_name, kms_key_id)
    if problem:
        raise EncryptionFailure(problem)
    with LOCK:
        replica.kms_key_id = kms_key_id
    return json.dumps({"ARN": replica.arn, "Name": replica.name})


NOT_A_REPLICA_MESSAGE = "The secret is not a replica secret"


def stop_replication_to_replica(backend, secret_id):
    """Promote the replica called secret_id in backend's Region to a standalone secret; returns its ARN.

    API reference, StopReplicationToReplica: "You call this operation from the replica account or
    Region ... promotes the replica to a standalone primary secret in the replica Region." Only this
    process's state is touched: no call goes to the primary's Region.

    What the old primary reports afterwards, when its Region was unavailable at promotion time, is not
    documented: by default it drops the Region (as when its Region is up); with the config
    stale_replica_status_after_promotion it keeps listing it.
    """
    with LOCK:
        if secret_id not in backend.secrets:
            raise SecretNotFoundException()
        replica = backend.secrets[secret_id]
        if not isinstance(replica, ReplicaSecret):
            # AWS's answer for a secret that is not (or no longer: another caller promoted it) a replica.
            raise InvalidParameterException(NOT_A_REPLICA_MESSAGE)
        source = replica.source
        promoted = copy.copy(source)
        promoted.region = replica.region
        promoted.arn = replica.arn
        promoted.replicas = []
        promoted.versions = copy.deepcopy(source.versions)
        promoted.tags = copy.deepcopy(source.tags)
        replica_key = getattr(replica, "kms_key_id", DEFAULT_KMS_KEY)
        promoted.kms_key_id = None if replica_key == DEFAULT_KMS_KEY else replica_key
        dict.pop(backend.secrets, replica.arn, None)
        dict.__setitem__(backend.secrets, promoted.name, promoted)
        if not (source.region in STATE.faults()["unavailable_regions"] and STATE.stale_replica_status_after_promotion()):
            source.replicas[:] = [r for r in source.replicas if r.region != replica.region]
        # else: the old primary keeps listing that Region as it did before the outage (a stale entry;
        # RemoveRegionsFromReplication drops it and leaves the promoted secret alone).
        # Response ARN: "the same as the original primary secret's ARN except that the Region is changed".
        return promoted.arn


def _stop_replication_to_replica_response(self):
    """SecretsManagerResponse.stop_replication_to_replica (moto has none: HTTP 500)."""
    arn = stop_replication_to_replica(self.backend, self._get_param("SecretId"))
    return json.dumps({"ARN": arn})


_moto_call_action = SecretsManagerResponse.call_action


def _serialised_call_action(self):
    """Run each Secrets Manager call under LOCK: moto's SecretsStore scans its dict on every lookup,
    which a concurrent insert on another server thread could break ("dictionary changed size")."""
    with LOCK:
        return _moto_call_action(self)


def install():
    """Apply the patches once per process (idempotent)."""
    global _installed  # pylint: disable=global-statement
    with LOCK:
        if _installed:
            return
        FakeSecret.create_replicas = create_replicas
        FakeSecret.to_dict = fake_secret_to_dict
        SecretsManagerBackend.replicate_secret_to_regions = replicate_secret_to_regions
        SecretsManagerBackend.remove_regions_from_replication = remove_regions_from_replication
        SecretsManagerBackend.update_secret = update_secret
        SecretsManagerResponse.stop_replication_to_replica = _stop_replication_to_replica_response
        SecretsManagerResponse.call_action = _serialised_call_action
        _installed = True
