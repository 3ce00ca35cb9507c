# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which Secrets Manager and KMS operations change AWS state, and which read a secret's value.

The one definition for every suite: the request log marks each call `mutating`, the reliability and
packaging suites check calls against these sets, and the unit tests import them. Cryptographic calls
(Encrypt, Sign, GenerateDataKey...) and reads are not mutating. tests/standin/tests/test_standin_operations.py
checks that every operation botocore knows for these services is either here or deliberately read-only.
"""

MUTATING_OPERATIONS = {
    "secretsmanager": frozenset({
        "AssociateCrossAccountReplica", "CancelRotateSecret", "CreateSecret", "DeleteResourcePolicy", "DeleteSecret",
        "DisassociateCrossAccountReplica", "PutResourcePolicy", "PutSecretValue", "RemoveRegionsFromReplication",
        "ReplicateSecretToRegions", "RestoreSecret", "RotateSecret", "StopReplicationToReplica", "TagResource",
        "UntagResource", "UpdateSecret", "UpdateSecretVersionStage",
    }),
    "kms": frozenset({
        "CancelKeyDeletion", "ConnectCustomKeyStore", "CreateAlias", "CreateCustomKeyStore", "CreateGrant", "CreateKey",
        "DeleteAlias", "DeleteCustomKeyStore", "DeleteImportedKeyMaterial", "DisableKey", "DisableKeyRotation",
        "DisconnectCustomKeyStore", "EnableKey", "EnableKeyRotation", "ImportKeyMaterial", "PutKeyPolicy", "ReplicateKey",
        "RetireGrant", "RevokeGrant", "RotateKeyOnDemand", "ScheduleKeyDeletion", "TagResource", "UntagResource",
        "UpdateAlias", "UpdateCustomKeyStore", "UpdateKeyDescription", "UpdatePrimaryRegion",
    }),
}

# The calls this collection must never make (it works without secretsmanager:GetSecretValue).
SECRET_VALUE_READS = frozenset({"GetSecretValue", "BatchGetSecretValue"})


def is_mutating(service, operation):
    """True for a call that can change Secrets Manager or KMS state (whether or not it succeeded)."""
    return operation in MUTATING_OPERATIONS.get(service, ())


def mutating_calls(requests):
    """The request-log entries ({"service", "operation", ...}) that could change something."""
    return [entry for entry in requests if is_mutating(entry["service"], entry["operation"])]
