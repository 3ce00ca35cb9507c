# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What went wrong, why, how to fix it, and whether running again can help.

A Failed replica's StatusMessage is classified into the failure cases the AWS
user guide lists ("Troubleshoot replication"): a secret of the same name exists
in the Region; no permission on a KMS key; the KMS key is disabled or not found;
the Region is not enabled in the account. An error from a call this collection
made is classified by its AWS error code (classify_error). A secret that cannot go on is stopped with a
SecretStop, which carries its failures.
"""

import re

from ..aws.errors import error_code
from ..aws.errors import is_unreachable_error
from ..aws.retries import THROTTLING_ERROR_CODES

# reason -> whether running again, unchanged, can succeed. A retryable failure is
# transient (throttling, an outage, an unknown cause); the others need a fix first.
RETRYABLE = {
    "name_conflict": False,
    "kms_access_denied": False,
    "kms_key_unusable": False,
    "region_disabled": False,
    "region_unreachable": True,
    "throttled": True,
    "access_denied": False,
    "secret_not_found": False,
    "not_a_primary": False,
    "refused": False,
    "wait_timeout": True,
    "concurrent_change": True,
    "cross_account_replica_exists": False,
    "cross_account_replica_missing": False,
    "not_a_replica": False,
    "unverified": False,
    "not_in_sync": False,
    "still_followed": False,
    "newer_version": False,
    "unknown_promotion_time": False,
    "unknown": True,
}
REASONS = tuple(RETRYABLE)

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
    "name_conflict": None,  # name_conflict_remedy()
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
    "throttled": "AWS kept throttling the calls in {region} (another caller is using the Region's quota): run again later",
    "access_denied": (
        "the caller may not make this call in {region}: grant the IAM action named in status_message "
        "(see the collection's IAM policies), then run again"
    ),
    "secret_not_found": "no such secret in {region}: check secret_id and region (the primary's Region), or create the secret first",
    "not_a_primary": "the secret in {region} is a replica: run against its primary (its Region, or its ARN)",
    "refused": "AWS refused the request in {region} (see status_message): correct the input, then run again",
    "wait_timeout": "the replica in {region} is still InProgress: run again later (it waits for it), or raise wait_timeout",
    "concurrent_change": "another run added the replica in {region} at the same time: run again (it clears the extra entry and adds it once)",
    "cross_account_replica_exists": (
        "the primary in {region} already has another cross-account replica (named in status_message) and AWS allows one: "
        "disassociate it first (state: absent with its ARN as cross_account_replica.arn), then run again"
    ),
    "cross_account_replica_missing": (
        "the receiving secret does not exist in the replica account in {region}: create it there first "
        "(secretsmanager.replication.cross_account_replica, state: present, primary_arn: the primary's ARN), then run again"
    ),
    "not_a_replica": (
        "the secret of that name in {region} has another ARN suffix, so it is a different secret, not a copy of this one; "
        "nothing was changed for it: check the secret id (give the primary's ARN), or rename or remove the other secret"
    ),
    "unverified": (
        "the secret in {region} is standalone and carries no promotion marker of this collection, so it may be an unrelated "
        "secret of the same name: give the primary's ARN as secret_id to verify it, or check it and accept it "
        "(promote.yml: promote_accept_unverified: true)"
    ),
    "not_in_sync": (
        "the primary reports the replica in {region} is not InSync on its current version, so promoting it loses the changes "
        "it has not received: wait until it is InSync, or set allow_out_of_sync: true (promote.yml: promote_allow_out_of_sync) "
        "to promote it anyway"
    ),
    "still_followed": (
        "a Region still replicates from the secret in {region}, and AWS cannot overwrite a primary that has replicas: "
        "replicate the winner there first (failover.yml, with that Region in failover_replica_regions), then run again"
    ),
    "newer_version": (
        "the secret in {region} got a new version after the failover, which the winner lacks: copy that change to the winner, "
        "then run again, or set failback_discard_loser_changes: true to discard it"
    ),
    "unknown_promotion_time": (
        "the winner's promotion time is not recorded (no promoted-at marker), so it cannot be shown that the secret in "
        "{region} has no newer change: compare the two versions, then set failback_discard_loser_changes: true"
    ),
    "unknown": "see status_message; fix the cause, then run again (the module retries Failed replicas)",
}

_ACCESS_DENIED_CODES = ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnrecognizedClientException")
_REFUSED_CODES = ("InvalidParameterException", "InvalidRequestException", "ValidationException", "MalformedPolicyDocumentException")


def name_conflict_remedy(region, allow_overwrite="set overwrite: true"):
    """AWS user guide: retry with ForceOverwriteReplicaSecret, which cannot replace a replica of another primary.

    allow_overwrite: how the caller allows overwriting (the module's option, or the role's variable).
    """
    return (
        f"{allow_overwrite} to replace the same-named secret in {region} (ForceOverwriteReplicaSecret), or delete or "
        "rename it there; a replica of another primary must be promoted first"
    )


def classify_status_message(message):
    """One of the replication failure reasons for a Failed replica's StatusMessage, else `unknown`."""
    for reason, pattern in _PATTERNS:
        if pattern.search(message or ""):
            return reason
    return "unknown"


def classify_error(exception):
    """The reason for an error a call raised (a botocore exception), from its AWS error code."""
    if is_unreachable_error(exception):
        return "region_unreachable"
    code = error_code(exception)
    if code in THROTTLING_ERROR_CODES:
        return "throttled"
    if code in _ACCESS_DENIED_CODES or code == "403":
        return "access_denied"
    if code == "ResourceNotFoundException":
        return "secret_not_found"
    if code in _REFUSED_CODES:
        return "refused"
    return "unknown"


def refused_as_not_a_replica(exception):
    """StopReplicationToReplica's answer for a secret that is not (or no longer) a replica: InvalidParameterException,
    "The secret is not a replica secret" (a concurrent run promoted it). Only a new describe tells which secret it is now.
    """
    return error_code(exception) == "InvalidParameterException"


# AssociateCrossAccountReplica's documented errors that name a cross-account cause.
_CROSS_ACCOUNT_CODES = {"ResourceNotFoundException": "cross_account_replica_missing", "LimitExceededException": "cross_account_replica_exists"}


def classify_cross_account_error(exception):
    """The reason for an error AssociateCrossAccountReplica raised: its own codes first, then classify_error."""
    return _CROSS_ACCOUNT_CODES.get(error_code(exception)) or classify_error(exception)


def describe_failure(region, status_message, reason=None):
    """{region, reason, status_message, remedy, retryable} for one failure (reason classified unless given)."""
    reason = reason or classify_status_message(status_message)
    return {
        "region": region,
        "reason": reason,
        "status_message": status_message,
        "remedy": name_conflict_remedy(region) if reason == "name_conflict" else _REMEDIES[reason].format(region=region),
        "retryable": RETRYABLE[reason],
    }


def failures_message(failures):
    """One sentence per failure: where, why, and the fix."""
    return "; ".join(f"{failure['region']}: {failure['reason']} ({failure['status_message']}): {failure['remedy']}" for failure in failures)


class SecretStop(Exception):
    """This secret cannot go on: nothing (more) is changed for it.

    `failures`: describe_failure dicts, one per Region concerned.
    """

    def __init__(self, msg, failures):
        super().__init__(msg)
        self.msg = msg
        self.failures = failures


def stop(reason, region, message):
    return SecretStop(message, [describe_failure(region, message, reason=reason)])


def stop_for_error(error, region, doing):
    """A SecretStop for an AWS error raised while `doing` something in `region`."""
    message = f"{doing} in {region}: {error}"
    return SecretStop(message, [describe_failure(region, message, reason=classify_error(error))])


def refusal(secret_id, reason, problems):
    """A SecretStop refusing the secret before any change; problems: [(region, problem)]."""
    message = f"secret_replica refused secret '{secret_id}', nothing was changed for it: " + "; ".join(problem for dummy, problem in problems)
    return SecretStop(message, [describe_failure(region, problem, reason=reason) for region, problem in problems])
