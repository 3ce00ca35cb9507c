# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One thin wrapper per Secrets Manager call: retries, error mapping, nothing else.

None of these reads a secret value: GetSecretValue and BatchGetSecretValue are
never called by this collection.
"""

from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list

from .errors import SecretsManagerErrorHandler
from .retries import aws_retry


@SecretsManagerErrorHandler.list_error_handler("describe secret", default_value=None)
@aws_retry
def describe_secret(client, secret_id):
    """DescribeSecret, or None when the secret does not exist."""
    return client.describe_secret(SecretId=secret_id)


def _every_page(call, key, params):
    """The `key` items of every page of a paginated call; each page is retried on its own."""
    items = []
    while True:
        page = aws_retry(call)(**params)
        items.extend(page.get(key, []))
        if not page.get("NextToken"):
            return items
        params = dict(params, NextToken=page["NextToken"])


@SecretsManagerErrorHandler.common_error_handler("list secrets")
def list_secrets(client, filters=None):
    """ListSecrets, every page."""
    params = {"MaxResults": 100}
    if filters:
        params["Filters"] = filters
    return _every_page(client.list_secrets, "SecretList", params)


@SecretsManagerErrorHandler.common_error_handler("replicate secret to regions")
@aws_retry
def replicate_secret_to_regions(client, secret_id, add_replica_regions, force_overwrite=False):
    """ReplicateSecretToRegions, on the primary in its Region.

    add_replica_regions: list of {"Region": ..., "KmsKeyId": ...(optional)}.
    """
    return client.replicate_secret_to_regions(
        SecretId=secret_id,
        AddReplicaRegions=add_replica_regions,
        ForceOverwriteReplicaSecret=force_overwrite,
    )


@SecretsManagerErrorHandler.common_error_handler("remove regions from replication")
@aws_retry
def remove_regions_from_replication(client, secret_id, regions):
    """RemoveRegionsFromReplication, on the primary in its Region; deletes those replicas."""
    return client.remove_regions_from_replication(SecretId=secret_id, RemoveReplicaRegions=list(regions))


@SecretsManagerErrorHandler.common_error_handler("promote replica")
@aws_retry
def stop_replication_to_replica(client, secret_id):
    """StopReplicationToReplica, in the replica's Region: promotes it to a standalone secret."""
    return client.stop_replication_to_replica(SecretId=secret_id)


@SecretsManagerErrorHandler.common_error_handler("tag secret")
@aws_retry
def tag_resource(client, secret_id, tags):
    """TagResource, in the secret's Region; tags: [{"Key": ..., "Value": ...}]. Adds or overwrites those keys."""
    return client.tag_resource(SecretId=secret_id, Tags=tags)


@SecretsManagerErrorHandler.list_error_handler("list secret versions", default_value=None)
def list_secret_version_ids(client, secret_id):
    """ListSecretVersionIds, every page: each version's id, stages and CreatedDate, never its value. None when no such secret."""
    return _every_page(client.list_secret_version_ids, "Versions", {"SecretId": secret_id, "MaxResults": 100})


@SecretsManagerErrorHandler.common_error_handler("re-key replica")
@aws_retry
def update_replica_kms_key(client, secret_id, kms_key_id):
    """UpdateSecret with only KmsKeyId, in the replica's Region.

    AWS user guide: a replica "can't be updated independently from its primary
    secret, except for its encryption key".
    """
    return client.update_secret(SecretId=secret_id, KmsKeyId=kms_key_id)


@SecretsManagerErrorHandler.common_error_handler("associate cross-account replica")
@aws_retry
def associate_cross_account_replica(client, secret_id, replica_arn, restriction, role_arn=None):
    """AssociateCrossAccountReplica, on the primary in its account and Region (botocore 1.44.2+).

    restriction: SameOrg or NoRestriction. AWS also requires secretsmanager:GetSecretValue on the primary
    for this call (AWS reads the value to replicate it); this code never calls GetSecretValue.
    """
    params = {"SecretId": secret_id, "CrossAccountReplicaARN": replica_arn, "ReplicaRestriction": restriction}
    if role_arn:
        params["ReplicationRoleARN"] = role_arn
    return client.associate_cross_account_replica(**params)


@SecretsManagerErrorHandler.common_error_handler("disassociate cross-account replica")
@aws_retry
def disassociate_cross_account_replica(client, secret_id, replica_arn):
    """DisassociateCrossAccountReplica, on the primary: the replica stays, Detached."""
    return client.disassociate_cross_account_replica(SecretId=secret_id, CrossAccountReplicaARN=replica_arn)


@SecretsManagerErrorHandler.common_error_handler("create cross-account replica secret")
@aws_retry
def create_receiving_secret(client, name, primary_arn, kms_key_id, tags=None):
    """CreateSecret with CrossAccountPrimaryARN, in the replica account: a secret without a value that waits for its primary.

    AWS: it carries no SecretString, SecretBinary, Description, AddReplicaRegions or Type, and needs a
    customer managed KMS key.
    """
    params = {"Name": name, "CrossAccountPrimaryARN": primary_arn, "KmsKeyId": kms_key_id}
    if tags:
        params["Tags"] = ansible_dict_to_boto3_tag_list(tags)
    return client.create_secret(**params)


@SecretsManagerErrorHandler.common_error_handler("delete secret")
@aws_retry
def delete_secret(client, secret_id, recovery_window_in_days):
    """DeleteSecret with a recovery window (never ForceDeleteWithoutRecovery)."""
    return client.delete_secret(SecretId=secret_id, RecoveryWindowInDays=recovery_window_in_days)


@SecretsManagerErrorHandler.common_error_handler("untag secret")
@aws_retry
def untag_secret(client, secret_id, keys):
    return client.untag_resource(SecretId=secret_id, TagKeys=sorted(keys))
