# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Is a KMS key usable by Secrets Manager in a given Region? Resolved with moto's KMS backend."""

from moto.kms.models import kms_backends

DEFAULT_KMS_KEY = "alias/aws/secretsmanager"


def _arn_parts(key_ref):
    """(region, account) named by a key or alias ARN, or None for a key id / alias name."""
    if not key_ref.startswith("arn:"):
        return None
    parts = key_ref.split(":", 5)
    if len(parts) < 6:
        return ("", "")
    return (parts[3], parts[4])


def _moto_key(account_id, region, key_ref):
    """moto's KMS key that key_ref (id, ARN, alias name or alias ARN) names in region, or None."""
    backend = kms_backends[account_id][region]
    try:
        key_id = backend.any_id_to_key_id(key_ref)
    except (KeyError, AttributeError, TypeError):
        # moto raises on an alias that does not exist (it resolves to None)
        return None
    return backend.keys.get(key_id)


def key_problem(account_id, region, key_ref):
    """None when key_ref names an enabled key in region, else why not (a sentence naming the key and Region).

    Accepts key id, key ARN, alias name and alias ARN. KMS keys are per Region: a key or alias
    ARN that names another Region (or account) is not found in this one (KMS developer guide,
    "Key identifiers": the key ARN includes the Region). The AWS managed key aws/secretsmanager
    is always usable: Secrets Manager creates it on first use (UpdateSecret API reference, KmsKeyId).
    """
    if not key_ref or key_ref in (DEFAULT_KMS_KEY, f"arn:aws:kms:{region}:{account_id}:{DEFAULT_KMS_KEY}"):
        return None
    not_found = f"The KMS key '{key_ref}' was not found in region {region}."
    arn_parts = _arn_parts(key_ref)
    if arn_parts is not None and arn_parts != (region, account_id):
        return not_found
    key = _moto_key(account_id, region, key_ref)
    if key is None:
        return not_found
    if key.key_state == "Disabled":
        return f"The KMS key '{key_ref}' is disabled in region {region}."
    if key.key_state != "Enabled":
        # e.g. PendingDeletion: the key can't encrypt (KMS developer guide, "Key states of AWS KMS keys")
        return f"The KMS key '{key_ref}' is not usable in region {region} (key state {key.key_state})."
    return None


def is_aws_managed_key(account_id, region, key_ref):
    """Whether key_ref names an AWS managed key: an alias under alias/aws/ (by name or ARN), or a key that moto's
    KMS marks KeyManager AWS. KMS developer guide, "AWS managed keys": their aliases have the form aws/service-name."""
    if key_ref.startswith("alias/aws/") or ":alias/aws/" in key_ref:
        return True
    key = _moto_key(account_id, region, key_ref)
    return key is not None and key.key_manager == "AWS"
