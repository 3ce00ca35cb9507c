# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The replication guard's policy: its variables checked once at start, and what a run for one unit gets. For internal
collection use only.

The policy is replicate.yml's selector mode (secret_filters, replica_regions, replica_kms_keys) with the Region allow
and deny lists; the guard's replication_guard_* variables map onto them. Pure functions, standard library only (they
run inside ansible-rulebook).
"""

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.region_policy import policy_problem

from .events import ACCOUNT_ID
from .events import REGION_NAME

OVERWRITE_CHOICES = ("never", "on_conflict")
DEFAULT_WINDOW = 10


class GuardConfigError(ValueError):
    """A replication_guard_* variable the guard cannot use; the message names it and says how to fix it."""


def _regions(value, variable, required=False):
    if value in (None, "") and not required:
        return []
    if not isinstance(value, list) or not value or not all(isinstance(region, str) and REGION_NAME.fullmatch(region) for region in value):
        raise GuardConfigError(f"{variable}: expected a {'non-empty ' if required else ''}list of Region names, for example "
                               f"[us-west-2, eu-west-1], got {value!r}")
    return list(dict.fromkeys(value))


def _secret_filters(value):
    if isinstance(value, (str, dict)) and value:
        return value
    raise GuardConfigError(
        "replication_guard_secret_filters is required: the ListSecrets filters that select the secrets the guard keeps "
        "replicated, as replicate.yml's secret_filters takes them ('tag-key=dr', or {tag-key: dr}); the guard never acts "
        f"on every secret by default. Got {value!r}"
    )


def _kms_keys(value, regions):
    if value in (None, "", {}):
        return {}
    if not isinstance(value, dict) or not all(isinstance(key, str) and key for key in value.values()):
        raise GuardConfigError(f"replication_guard_replica_kms_keys: expected {{Region: KMS key}}, for example "
                               f"{{eu-west-1: alias/prod}}, got {value!r}")
    unlisted = sorted(set(value) - set(regions))
    if unlisted:
        raise GuardConfigError(f"replication_guard_replica_kms_keys names {', '.join(unlisted)}, not in "
                               "replication_guard_replica_regions: list the Region there, or remove its key")
    return dict(value)


def _accounts(value):
    if value in (None, ""):
        return []
    if not isinstance(value, list) or not all(isinstance(account, str) and ACCOUNT_ID.fullmatch(account) for account in value):
        raise GuardConfigError(f"replication_guard_accounts: expected a list of 12-digit account ids (as strings), got {value!r}")
    return sorted(set(value))


def _window(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise GuardConfigError(f"replication_guard_window: expected a number of seconds above 0, got {value!r}")
    return value


def guard_policy(config):
    """The checked policy from the guard's variables as the rulebook hands them over: {secret_filters, replica_regions,
    replica_kms_keys, allowed_regions, denied_regions, overwrite, window, accounts}. GuardConfigError for the first one it
    cannot use.

    config: secret_filters, replica_regions, replica_kms_keys, allowed_regions, denied_regions, overwrite, window, accounts
    (the accounts whose events the guard converges; empty: any), and
    token_length (the length of replication_guard_token: the token itself never leaves the webhook source; a copy of the
    rulebook without the webhook, reading SQS, leaves it out).
    """
    if "token_length" in config and (not isinstance(config["token_length"], int) or config["token_length"] < 1):
        raise GuardConfigError("replication_guard_token is empty: give the token the EventBridge API destination sends "
                               "(Authorization: Bearer <token>); a long random string")
    replica_regions = _regions(config.get("replica_regions"), "replication_guard_replica_regions", required=True)
    allowed = _regions(config.get("allowed_regions"), "replication_guard_allowed_regions")
    denied = _regions(config.get("denied_regions"), "replication_guard_denied_regions")
    problems = [problem for problem in (policy_problem(region, allowed, denied, None) for region in replica_regions) if problem]
    if problems:
        raise GuardConfigError("replication_guard_replica_regions breaks the guard's Region policy: " + "; ".join(problems))
    overwrite = config.get("overwrite") or "never"
    if overwrite not in OVERWRITE_CHOICES:
        raise GuardConfigError(f"replication_guard_overwrite: expected one of {', '.join(OVERWRITE_CHOICES)}, got {overwrite!r}")
    return {
        "secret_filters": _secret_filters(config.get("secret_filters")),
        "replica_regions": replica_regions,
        "replica_kms_keys": _kms_keys(config.get("replica_kms_keys"), replica_regions),
        "allowed_regions": allowed,
        "denied_regions": denied,
        "overwrite": overwrite,
        "window": _window(DEFAULT_WINDOW if config.get("window") is None else config["window"]),
        "accounts": _accounts(config.get("accounts")),
    }


def unit_problem(policy, region, account=None):
    """Why the guard does not act in `region` of `account` at all (None: it does). A primary in a Region outside the
    Region policy is not the guard's to replicate; a unit whose Region is the only policy Region has nowhere to replicate
    to; an account outside replication_guard_accounts is not the one the guard's credentials converge (a run works in
    the guard's own account, whatever account the event came from)."""
    if account and policy["accounts"] and account not in policy["accounts"]:
        return f"account {account} is not in replication_guard_accounts ({', '.join(policy['accounts'])})"
    if policy_problem(region, policy["allowed_regions"], policy["denied_regions"], None):
        allowed = ", ".join(policy["allowed_regions"]) or "any"
        denied = ", ".join(policy["denied_regions"]) or "none"
        return f"{region} is outside the Region policy (allowed: {allowed}; denied: {denied})"
    if not [replica for replica in policy["replica_regions"] if replica != region]:
        return f"{region} is the only Region in replication_guard_replica_regions: there is nowhere to replicate to"
    return None


def run_variables(policy, region):
    """replicate.yml's variables for a converge run of the unit in `region` (selector mode, primaries in that Region).

    The replicas are the policy's Regions except the unit's own (a secret cannot replicate to its own Region). Secrets
    carrying the promotion marker are left out (replicate_skip_promoted), and a same-name secret is replaced only when
    replication_guard_overwrite is on_conflict.
    """
    replica_regions = [replica for replica in policy["replica_regions"] if replica != region]
    return {
        "secret_filters": policy["secret_filters"],
        "replica_regions": replica_regions,
        "replica_kms_keys": {replica: key for replica, key in policy["replica_kms_keys"].items() if replica in replica_regions},
        "replicate_primary_region": region,
        "replicate_allowed_regions": policy["allowed_regions"],
        "replicate_denied_regions": policy["denied_regions"],
        "replicate_overwrite": policy["overwrite"],
        "replicate_skip_promoted": True,
    }
