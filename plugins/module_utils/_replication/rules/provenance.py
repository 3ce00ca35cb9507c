# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Whose copy is this? Pure rules for promoting the right secret, and the marker that records a promotion.

No client here. Facts they rest on (AWS user guide, replication; reference notes, "Disaster recovery facts"):
- A replica's ARN is its primary's with the Region swapped, same 6-character suffix; a promoted replica keeps it.
  A same-named secret created independently has another suffix.
- After promotion nothing marks a secret as formerly a replica, so this collection tags each secret it promotes
  (TagResource, after StopReplicationToReplica: a replica itself refuses writes).
"""

from datetime import datetime
from datetime import timezone

from .health import current_version_id
from .health import is_replica
from .shaping import parse_secret_arn
from .shaping import replica_arn
from .shaping import secret_name_of_arn
from .shaping import tags_dict

# Tag keys in this collection's namespace (AWS reserves the "aws:" prefix). Values: the former primary's ARN, and the
# control node's UTC time taken just before StopReplicationToReplica, so a version created after it is after the promotion.
PROMOTED_FROM_TAG = "secretsmanager.replication:promoted-from"
PROMOTED_AT_TAG = "secretsmanager.replication:promoted-at"
MARKER_TIME_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

# What a promotion finds in a Region it was asked to promote in.
MISSING = "missing"
REPLICA = "replica"
ALREADY_PROMOTED = "already_promoted"
MARKER_MISSING = "marker_missing"  # standalone, provably this primary's copy by ARN, but not marked (a run stopped between the two calls)
UNVERIFIED = "unverified"
NOT_A_REPLICA = "not_a_replica"

# What a promotion finds in a follower Region (where the old primary's other replicas may be).
ABSENT = "absent"
FOLLOWS_OLD_PRIMARY = "follows_old_primary"
FOLLOWS_NEW_PRIMARY = "follows_new_primary"
FOLLOWS_OTHER_REGION = "follows_other_region"
STANDALONE_COPY = "standalone_copy"
OTHER_SECRET = "other_secret"
OLD_PRIMARY_REGION = "old_primary_region"  # never called: in a failover it is the Region that is down
# Follower findings whose Region the new primary can then replicate to (after the promotion, for FOLLOWS_OLD_PRIMARY).
REPLACEABLE = (ABSENT, FOLLOWS_OLD_PRIMARY, FOLLOWS_NEW_PRIMARY, STANDALONE_COPY)


def format_time(moment):
    return moment.astimezone(timezone.utc).strftime(MARKER_TIME_FORMAT)



def marker_tags(former_primary_arn, promoted_at=None):
    """TagResource Tags recording a promotion; without promoted_at (a repaired marker) the time stays unknown."""
    tags = [{"Key": PROMOTED_FROM_TAG, "Value": former_primary_arn}]
    if promoted_at is not None:
        tags.append({"Key": PROMOTED_AT_TAG, "Value": format_time(promoted_at)})
    return tags


def promotion_marker(tags):
    """{promoted_from, promoted_at} from a secret's tags (a dict); each None when not recorded."""
    return {"promoted_from": tags.get(PROMOTED_FROM_TAG) or None, "promoted_at": tags.get(PROMOTED_AT_TAG) or None}


def marked_as_copy(description, region):
    """True when the secret carries this collection's marker naming a former primary it is provably a copy of."""
    promoted_from = promotion_marker(tags_dict(description))["promoted_from"]
    return bool(promoted_from) and parse_secret_arn(promoted_from) is not None and replica_arn(promoted_from, region) == description["ARN"]


def lookup_name(secret_id):
    """The name to describe a secret by in any Region: a name as given, or the name inside an ARN."""
    return secret_name_of_arn(secret_id) if secret_id.startswith("arn:") else secret_id


def promotion_finding(description, secret_id, region):
    """(finding, former primary's ARN or None) for promoting `secret_id` (a name, or the primary's ARN) in `region`.

    description: DescribeSecret by name in `region`, or None.
    - By the primary's ARN, the secret there must have that ARN with the Region swapped (NOT_A_REPLICA otherwise).
    - A replica is promoted; a standalone secret with this collection's marker is ALREADY_PROMOTED.
    - A standalone secret without the marker is MARKER_MISSING by ARN (still provably this primary's copy), UNVERIFIED by name.
    """
    if description is None:
        return MISSING, None
    by_arn = secret_id.startswith("arn:")
    if by_arn and description["ARN"] != replica_arn(secret_id, region):
        return NOT_A_REPLICA, None
    if is_replica(description, region):
        return REPLICA, replica_arn(description["ARN"], description["PrimaryRegion"])
    if marked_as_copy(description, region):
        return ALREADY_PROMOTED, promotion_marker(tags_dict(description))["promoted_from"]
    if by_arn:
        return MARKER_MISSING, secret_id
    return UNVERIFIED, None


def follower_finding(description, old_primary_arn, new_primary_region, region):
    """What the copy in a follower Region is, relative to the old primary (whose replica it may still be).

    description: DescribeSecret by name in `region`, or None. A copy has the old primary's ARN with the Region
    swapped; anything else of that name is OTHER_SECRET and is never touched.
    """
    if region == parse_secret_arn(old_primary_arn)["region"]:
        return OLD_PRIMARY_REGION
    if description is None:
        return ABSENT
    if description["ARN"] != replica_arn(old_primary_arn, region):
        return OTHER_SECRET
    if not is_replica(description, region):
        return STANDALONE_COPY
    following = description["PrimaryRegion"]
    if following == parse_secret_arn(old_primary_arn)["region"]:
        return FOLLOWS_OLD_PRIMARY
    return FOLLOWS_NEW_PRIMARY if following == new_primary_region else FOLLOWS_OTHER_REGION


def own_replication_entry(description, region):
    """The ReplicationStatus entry for `region` in a DescribeSecret answer, or None."""
    for status in description.get("ReplicationStatus") or []:
        if status.get("Region") == region:
            return status
    return None


def sync_problem(replica_description, primary_view, region):
    """Why the replica in `region` is not safe to promote, as its primary reports it; None when it is, or when unknown.

    primary_view: the primary's peers.PeerView from its Region. A primary Region that does not answer is the
    outage a promotion is for: nothing can be compared, so there is no problem to report.
    """
    if not primary_view.reachable:
        return None
    primary = primary_view.description
    if primary is None:
        return f"its primary {replica_arn(replica_description['ARN'], replica_description['PrimaryRegion'])} no longer exists"
    entry = own_replication_entry(primary, region)
    if entry is None:
        return f"its primary in {replica_description['PrimaryRegion']} does not list {region} as a replica"
    if entry.get("Status") != "InSync":
        return f"its primary reports it {entry.get('Status')} ({entry.get('StatusMessage') or 'no message'})"
    primary_version, replica_version = current_version_id(primary), current_version_id(replica_description)
    if primary_version != replica_version:
        return f"its current version {replica_version} is not the primary's current version {primary_version}"
    return None


def secret_lineage(arn):
    """One key for every Regional copy of a secret: its ARN without the Region (same partition, account, name and suffix)."""
    parsed = parse_secret_arn(arn)
    return None if parsed is None else f"arn:{parsed['partition']}:secretsmanager::{parsed['account_id']}:{parsed['resource']}"
