# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pure planning for secret_replica: current replicas + desired spec -> ordered actions.

No AWS client here. `current` is a dict {region: {"kms_key_id": str, "status": str}}
built from DescribeSecret's ReplicationStatus (`current_replicas`); `desired` is
the module's `replicas` option, a list of {"region": str, "kms_key_id": str or None}.
"""

from .actions import ADD
from .actions import PROMOTE
from .actions import REKEY
from .actions import REMOVE
from .actions import RETRY
from .shaping import DEFAULT_KMS_KEY
from .shaping import parse_secret_arn
from .shaping import replica_arn

IN_SYNC = "InSync"
IN_PROGRESS = "InProgress"
FAILED = "Failed"

# Execution order: removals first (RemoveRegionsFromReplication, which also
# clears the Failed replicas to retry), then one ReplicateSecretToRegions for
# retries and additions, then the in-place re-keys, then promotions.
ACTION_ORDER = (REMOVE, RETRY, ADD, REKEY, PROMOTE)

# Actions that make AWS (re)build a replica, so there is something to wait for.
REPLICATING_ACTIONS = (ADD, RETRY, REKEY)
# Actions that send ReplicateSecretToRegions for a Region, so a same-named secret there matters.
REPLICATING_TO_REGION = (ADD, RETRY)


def strings_equal(region, wanted, reported):  # pylint: disable=unused-argument
    """Default key comparison: exact string match."""
    return wanted == reported


def same_key(wanted, reported, resolve):
    """True when two key references name the same KMS key.

    Strings first; only when they differ is `resolve(key)` called for both, so an
    alias and the key it points to (or a key id and its ARN) count as the same key.
    `resolve` returns a canonical identifier (the key ARN) or None when the key is
    unknown; an unresolvable key never matches.
    """
    if wanted == reported:
        return True
    resolved_wanted = resolve(wanted)
    if resolved_wanted is None:
        return False
    return resolved_wanted == resolve(reported)


def current_replicas(replication_status):
    """{region: {kms_key_id, status}} from shaping.replication_status() entries.

    A Region listed twice (two runs added it at once) counts as Failed when either entry is, so the
    planner retries it: RemoveRegionsFromReplication clears every entry, then it is added once.
    """
    current = {}
    for entry in replication_status:
        replica = {"kms_key_id": entry.get("kms_key_id") or DEFAULT_KMS_KEY, "status": entry.get("status")}
        if current.get(entry["region"], {}).get("status") != FAILED:
            current[entry["region"]] = replica
    return current


def listed_twice(replication_status):
    """Regions that appear more than once in a replication status (a concurrent run added them too)."""
    regions = [entry["region"] for entry in replication_status]
    return sorted({region for region in regions if regions.count(region) > 1})


def _action(kind, region, kms_key_id=None, overwrite=None):
    action = {"action": kind, "region": region}
    if kms_key_id is not None:
        action["kms_key_id"] = kms_key_id
    if overwrite is not None:
        action["overwrite"] = overwrite
    return action


def sort_actions(actions):
    return sorted(actions, key=lambda action: (ACTION_ORDER.index(action["action"]), action["region"]))


def key_comparisons(current, desired):
    """(region, wanted, reported) for each listed replica whose key strings differ.

    Only these need KMS DescribeKey. Failed replicas are retried with the wanted
    key anyway, and missing ones are added with it, so neither is compared.
    """
    comparisons = []
    for spec in desired:
        region, wanted = spec["region"], spec.get("kms_key_id")
        replica = current.get(region)
        if wanted is None or replica is None or replica["status"] == FAILED:
            continue
        if wanted != replica["kms_key_id"]:
            comparisons.append((region, wanted, replica["kms_key_id"]))
    return sorted(comparisons)


def _retry_key(wanted, replica):
    # An omitted key keeps the replica's key; the default key is not sent (AWS uses it when KmsKeyId is absent).
    if wanted is not None:
        return wanted
    reported = replica.get("kms_key_id")
    return None if reported in (None, DEFAULT_KMS_KEY) else reported


def plan_present(current, desired, purge=False, overwrite=False, keys_match=strings_equal):
    """Actions that make every listed replica exist with its key (and, with purge, nothing else).

    - missing Region -> add (with the listed key, if any)
    - Failed replica -> retry (remove then replicate again); a Failed replica is not present
    - InSync/InProgress replica with another key -> rekey (UpdateSecret KmsKeyId in that Region)
    - with purge, a replica not listed -> remove (any status)
    `keys_match(region, wanted, reported)` decides key equality (see same_key).
    """
    actions = []
    listed = set()
    for spec in desired:
        region, wanted = spec["region"], spec.get("kms_key_id")
        listed.add(region)
        replica = current.get(region)
        if replica is None:
            actions.append(_action(ADD, region, wanted, overwrite))
        elif replica["status"] == FAILED:
            actions.append(_action(RETRY, region, _retry_key(wanted, replica), overwrite))
        elif wanted is not None and not keys_match(region, wanted, replica["kms_key_id"]):
            actions.append(_action(REKEY, region, wanted))
    if purge:
        actions.extend(_action(REMOVE, region) for region in current if region not in listed)
    return sort_actions(actions)


def plan_absent(current, desired):
    """Remove each listed Region that has a replica, whatever its status."""
    return sort_actions(_action(REMOVE, spec["region"]) for spec in desired if spec["region"] in current)


def apply_actions(current, actions, new_status=IN_SYNC):
    """The replica set after `actions`, as plan_present/plan_absent understand it.

    add/retry -> the Region with the action's key (default key when none) and
    `new_status`; rekey -> the key changes, status kept; remove -> gone;
    promote -> the Region no longer replicates from the primary (gone).
    Used for check-mode predictions and by the property tests.
    """
    state = {region: dict(replica) for region, replica in current.items()}
    for action in actions:
        region, kind = action["region"], action["action"]
        if kind in REPLICATING_TO_REGION:
            key = action.get("kms_key_id")
            if key is None and kind == RETRY:
                key = state.get(region, {}).get("kms_key_id")
            state[region] = {"kms_key_id": key or DEFAULT_KMS_KEY, "status": new_status}
        elif kind == REKEY:
            state[region] = dict(state[region], kms_key_id=action["kms_key_id"])
        elif kind in (REMOVE, PROMOTE):
            state.pop(region, None)
    return state


def predicted_replication_status(entries, actions, primary_arn=None, new_status=IN_SYNC):
    """shaping.replication_status()-style entries after `actions` (check mode).

    Untouched entries are kept as reported; added or retried ones get `new_status`
    and no status message or last access date.
    """
    by_region = {entry["region"]: dict(entry) for entry in entries}
    after = apply_actions(current_replicas(entries), actions, new_status=new_status)
    touched = {action["region"] for action in actions}
    result = []
    for region in sorted(after):
        replica = after[region]
        if region in by_region and region not in touched:
            result.append(by_region[region])
            continue
        entry = dict(by_region.get(region, {}))
        rebuilt = region not in by_region or entry.get("status") != replica["status"]
        entry.update(
            region=region,
            kms_key_id=replica["kms_key_id"],
            status=replica["status"],
            status_message=None if rebuilt else entry.get("status_message"),
            last_accessed_date=None if rebuilt else entry.get("last_accessed_date"),
            arn=replica_arn(primary_arn, region) if primary_arn else entry.get("arn"),
        )
        result.append(entry)
    return result


def replica_set(current):
    """Diff view: sorted [{region, kms_key_id, status}]."""
    return [
        {"region": region, "kms_key_id": current[region]["kms_key_id"], "status": current[region]["status"]}
        for region in sorted(current)
    ]


def touched_regions(actions):
    """Regions whose replica is (re)built by `actions`, so worth waiting for."""
    return sorted({action["region"] for action in actions if action["action"] in REPLICATING_ACTIONS})


# What a same-named secret found in a Region where a replica is about to be added means.
FREE = "free"
OUR_REPLICA = "our_replica"
OTHER_SECRET = "other_secret"
OTHER_PRIMARYS_REPLICA = "other_primarys_replica"
SCHEDULED_FOR_DELETION = "scheduled_for_deletion"


def same_name_finding(found, primary_arn, region):
    """Classify DescribeSecret (by name) in `region` before replicating there; `found` None means nothing there.

    A replica's ARN is the primary's with the Region swapped; a same-named secret
    created independently has another 6-character suffix (AWS user guide).
    """
    if found is None:
        return FREE
    primary_region = found.get("PrimaryRegion")
    if primary_region and primary_region != region:
        # Same suffix is not enough: after a failover, the old primary's replicas keep the ARN its new primary replicates to.
        ours = found.get("ARN") == replica_arn(primary_arn, region) and parse_secret_arn(primary_arn)["region"] == primary_region
        return OUR_REPLICA if ours else OTHER_PRIMARYS_REPLICA
    if found.get("DeletedDate"):
        return SCHEDULED_FOR_DELETION
    return OTHER_SECRET


def name_conflict(finding, overwrite):
    """The conflict message for adding/retrying a replica given the same-name finding, or None to go ahead.

    AWS: ForceOverwriteReplicaSecret replaces a same-named secret, but not one that is itself a replica of
    another primary (promote it first); a secret scheduled for deletion keeps its name for its recovery window.
    """
    if finding in (FREE, OUR_REPLICA):
        return None
    if finding == OTHER_PRIMARYS_REPLICA:
        return (
            "a secret with the same name in {region} is a replica of another primary: overwrite cannot replace it; "
            "promote it there first (state: promoted), then replicate with overwrite: true"
        )
    if overwrite:
        return None
    if finding == SCHEDULED_FOR_DELETION:
        return (
            "a secret with the same name in {region} is scheduled for deletion and keeps its name until then: restore and "
            "delete it without recovery, or set overwrite: true to replace it"
        )
    return "a different secret with the same name already exists in {region}"


def already_replicated(finding, action):
    """True when an add finds this primary's own replica already there (a concurrent run added it): skip it."""
    return finding == OUR_REPLICA and action == ADD
