# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Thin wrappers for the KMS calls this collection makes."""

from .errors import KMSErrorHandler
from .retries import throttling_retry


# Called in replica Regions, where "the Region does not answer" is an answer (reported, not retried).
@KMSErrorHandler.list_error_handler("describe KMS key", default_value=None)
@throttling_retry
def describe_key(client, key_id):
    """DescribeKey's KeyMetadata (accepts key id, key ARN, alias name, alias ARN), or None if not found."""
    return client.describe_key(KeyId=key_id)["KeyMetadata"]
