# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Classify a Failed replica's StatusMessage into one of the failure cases the AWS user guide lists.

User guide, "Troubleshoot replication": a secret of the same name exists in the
Region; no permission on a KMS key; the KMS key is disabled or not found; the
Region is not enabled in the account. Anything else is `unknown`. A Region that
did not answer a call this collection made there is `region_unreachable` (an
outage, not a replication status).
"""

import re

REASONS = ("name_conflict", "kms_access_denied", "kms_key_unusable", "region_disabled", "region_unreachable", "unknown")

# Order matters: the first matching pattern wins.
_PATTERNS = (
    ("name_conflict", re.compile(r"already exists", re.IGNORECASE)),
    (
        "kms_access_denied",
        re.compile(r"(access ?denied|not authorized|not allowed|permission).*kms|kms.*(access ?denied|not authorized|not allowed|permission)", re.IGNORECASE),
    ),
    (
        "kms_key_unusable",
        re.compile(r"kms.*(disabled|not found|does not exist|pending deletion|invalid ?state)|(disabled|not found|pending deletion).*kms", re.IGNORECASE),
    ),
    ("region_disabled", re.compile(r"region.*(not enabled|disabled|opt.?in)|(not enabled|opt.?in).*region", re.IGNORECASE)),
)

_REMEDIES = {
    "name_conflict": (
        "a different secret with the same name already exists in {region}: set overwrite: true to replace it "
        "(ForceOverwriteReplicaSecret), or delete or rename that secret in {region}"
    ),
    "kms_access_denied": (
        "grant kms:Decrypt on the primary's key (unless it is aws/secretsmanager) and kms:GenerateDataKey and "
        "kms:Encrypt on the replica's key in {region}, then run again"
    ),
    "kms_key_unusable": (
        "the KMS key for {region} is disabled or not found: enable it, or choose a key that exists and is enabled "
        "in {region}; if old labelled versions use a disabled key, re-create them under the current key; then run again"
    ),
    "region_disabled": "{region} is not enabled in this account: enable the opt-in Region (AWS Account settings), then run again",
    "region_unreachable": "{region} did not answer (an outage or a network problem): nothing was changed there; run again once it is reachable",
    "unknown": "see status_message; fix the cause, then run again (the module retries Failed replicas)",
}


def classify_status_message(message):
    """One of REASONS for a Failed replica's StatusMessage."""
    for reason, pattern in _PATTERNS:
        if pattern.search(message or ""):
            return reason
    return "unknown"


def describe_failure(region, status_message, reason=None):
    """{region, reason, status_message, remedy} for one Failed replica (reason classified unless given)."""
    reason = reason or classify_status_message(status_message)
    return {
        "region": region,
        "reason": reason,
        "status_message": status_message,
        "remedy": _REMEDIES[reason].format(region=region),
    }


def failures_message(failures):
    """One sentence per failed Region: where, why, and the fix."""
    return "; ".join(
        f"replica in {failure['region']} failed ({failure['reason']}: {failure['status_message']}): {failure['remedy']}"
        for failure in failures
    )
