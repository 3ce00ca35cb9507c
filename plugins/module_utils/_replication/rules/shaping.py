# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pure functions turning DescribeSecret output into this collection's return values."""

import re

DEFAULT_KMS_KEY = "alias/aws/secretsmanager"
# AWS appends a hyphen and 6 random characters to a secret's name to make its ARN.
_NAME_AND_SUFFIX = re.compile(r"(.+)-[A-Za-z0-9]{6}")


def parse_secret_arn(arn):
    """The parts of a Secrets Manager ARN as a dict, or None when `arn` is not one.

    arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 chars>
    """
    if not isinstance(arn, str):
        return None
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "secretsmanager" or not parts[5].startswith("secret:"):
        return None
    if not parts[1] or not parts[3] or not parts[4] or len(parts[5]) <= len("secret:"):
        return None
    return {"partition": parts[1], "region": parts[3], "account_id": parts[4], "resource": parts[5]}


def secret_name_of_arn(arn):
    """The secret's name in a full secret ARN (the name, a hyphen and AWS's 6 characters); None for anything else,
    a partial ARN (without the suffix) included."""
    parsed = parse_secret_arn(arn)
    match = _NAME_AND_SUFFIX.fullmatch(parsed["resource"][len("secret:"):]) if parsed else None
    return match.group(1) if match else None


def replica_arn(primary_arn, region):
    """A replica's ARN is the primary's with the Region swapped (AWS user guide, replica ARNs)."""
    parts = primary_arn.split(":")
    parts[3] = region
    return ":".join(parts)


def iso_date(value):
    """A botocore datetime as ISO 8601 text; anything else (None, text already) as it is."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def replica_entry(status, primary_arn):
    """One ReplicationStatus item as {region, kms_key_id, status, status_message, last_accessed_date, arn}."""
    region = status["Region"]
    return {
        "region": region,
        "kms_key_id": status.get("KmsKeyId", DEFAULT_KMS_KEY),
        "status": status.get("Status"),
        "status_message": status.get("StatusMessage"),
        "last_accessed_date": iso_date(status.get("LastAccessedDate")),
        "arn": replica_arn(primary_arn, region) if primary_arn else None,
    }


def replication_status(description):
    """The ReplicationStatus of a DescribeSecret answer, shaped and sorted by Region."""
    arn = description.get("ARN")
    entries = [replica_entry(status, arn) for status in description.get("ReplicationStatus", [])]
    return sorted(entries, key=lambda entry: entry["region"])


def tags_dict(description):
    return {tag["Key"]: tag.get("Value", "") for tag in description.get("Tags", []) or []}
