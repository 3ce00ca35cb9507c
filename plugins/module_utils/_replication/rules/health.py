# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pure functions: DescribeSecret answers in, replication health entries and a summary out.

No client here. A "peer view" (peers.PeerView) is what a describe in another Region found: whether the Region
answered (reachable), and the DescribeSecret answer (description, None when not found).
"""

from .cross_account import links_of
from .cross_account import primary_of
from .shaping import DEFAULT_KMS_KEY
from .shaping import replication_status
from .shaping import tags_dict

CURRENT_STAGE = "AWSCURRENT"

NOT_REPLICATED = "not_replicated"
# Worst first: a secret's health is that of its worst replica.
HEALTH_ORDER = ("unreachable", "failed", "in_progress", "in_sync")
SUMMARY_KEYS = ("secrets", "replicated") + HEALTH_ORDER
# A cross-account link's status -> health. Detached (unlinked or promoted) replicates nothing and counts for nothing;
# Pending (created, not associated yet) waits like InProgress.
LINK_HEALTH = {"InSync": "in_sync", "InProgress": "in_progress", "Pending": "in_progress", "Failed": "failed"}


def current_version_id(description):
    """The version id labelled AWSCURRENT in VersionIdsToStages, or None."""
    for version_id, stages in (description.get("VersionIdsToStages") or {}).items():
        if CURRENT_STAGE in (stages or []):
            return version_id
    return None


def is_replica(description, region):
    """A secret described in `region` is a replica when its PrimaryRegion is another Region."""
    primary_region = description.get("PrimaryRegion")
    return bool(primary_region) and primary_region != region


def primary_region_of(description, region):
    """PrimaryRegion, or `region` itself for a standalone (or promoted) secret, which is its own primary."""
    return description.get("PrimaryRegion") or region


def peer_fields(view, primary_version_id, primary_region=None):
    """{reachable, exists, current_version_id, version_in_sync, follows_primary} for one replica, from its own Region's describe.

    Unknown facts are None: nothing is known about a replica whose Region was
    unreachable, and versions cannot be compared without the primary's.
    follows_primary: whether the secret there names `primary_region` as its primary; a primary's list can still show a
    replica that was promoted, or now follows another primary, while the primary's Region was down.
    """
    if not view.reachable:
        return {"reachable": False, "exists": None, "current_version_id": None, "version_in_sync": None, "follows_primary": None}
    description = view.description
    if description is None:
        return {"reachable": True, "exists": False, "current_version_id": None, "version_in_sync": False, "follows_primary": False}
    version_id = current_version_id(description)
    version_in_sync = None if primary_version_id is None else version_id == primary_version_id
    follows = None if primary_region is None else description.get("PrimaryRegion") == primary_region
    return {"reachable": True, "exists": True, "current_version_id": version_id, "version_in_sync": version_in_sync, "follows_primary": follows}


def replica_health(replica):
    """One of HEALTH_ORDER for one replication_status entry (with peer fields when replica_view was asked).

    ReplicationStatus.Status is InSync, InProgress or Failed (DescribeSecret API
    reference). A replica that its own Region reports missing, or following
    another primary, or whose current version differs from (or cannot be
    compared with) the primary's, although its status is InSync, is not serving
    the primary's value: failed.
    """
    if replica.get("reachable") is False:
        return "unreachable"
    if replica["status"] == "Failed":
        return "failed"
    if replica["status"] != "InSync":
        return "in_progress"
    if "reachable" in replica and (not replica["exists"] or replica["version_in_sync"] is not True or replica.get("follows_primary") is False):
        return "failed"
    return "in_sync"


def worst(healths):
    for health in HEALTH_ORDER:
        if health in healths:
            return health
    return None


def cross_account_links(entry):
    """An entry's cross-account links on either side: the replicas it sends to, then the primary it follows."""
    return list(entry.get("cross_account_replicas") or []) + ([entry["cross_account_primary"]] if entry.get("cross_account_primary") else [])


def link_healths(entry):
    """The healths of an entry's live cross-account links, on either side (LINK_HEALTH)."""
    return {LINK_HEALTH[link["status"]] for link in cross_account_links(entry) if link["status"] in LINK_HEALTH}


def secret_health(entry):
    """Worst health over the replicas and cross-account links; an unreachable primary (seen from a replica) counts as unreachable."""
    healths = {replica_health(replica) for replica in entry["replication_status"]} | link_healths(entry)
    if entry.get("primary_reachable") is False:
        healths.add("unreachable")
    return worst(healths) or NOT_REPLICATED


def _primary_description(primary_view):
    return primary_view.description if primary_view and primary_view.reachable else None


def replication_source(description, primary_view=None):
    """The DescribeSecret answer whose ReplicationStatus counts.

    The primary's, when it was described in its own Region (the primary owns
    replication); otherwise the answer from the Region described in.
    """
    primary_description = _primary_description(primary_view)
    if primary_description and "ReplicationStatus" in primary_description:
        return primary_description
    return description


def secret_entry(description, region, primary_view=None, peer_views=None):
    """The returned entry for one secret described in `region`.

    primary_view: for a replica with replica_view, the describe of its primary in
    the primary's Region (None when not looked up).
    peer_views: with replica_view, {replica Region: peer view}; None otherwise.
    ReplicationStatus comes from replication_source.
    """
    primary_description = _primary_description(primary_view)
    replicas = replication_status(replication_source(description, primary_view))

    entry = {
        "arn": description["ARN"],
        "name": description["Name"],
        "region": region,
        "primary_region": primary_region_of(description, region),
        "is_replica": is_replica(description, region),
        "kms_key_id": description.get("KmsKeyId", DEFAULT_KMS_KEY),
        "tags": tags_dict(description),
        "primary_reachable": None if primary_view is None else primary_view.reachable,
        "replication_status": replicas,
        "cross_account_replicas": links_of(description),
        "cross_account_primary": primary_of(description),
    }
    if peer_views is not None:
        primary_version_id = current_version_id(primary_description) if primary_description else None
        if not entry["is_replica"]:
            primary_version_id = current_version_id(description)
        for replica in replicas:
            replica.update(peer_fields(peer_views[replica["region"]], primary_version_id, entry["primary_region"]))
    entry["health"] = secret_health(entry)
    entry["in_sync"] = entry["health"] in ("in_sync", NOT_REPLICATED)
    return entry


def summary(entries):
    """{secrets, replicated, unreachable, failed, in_progress, in_sync}.

    `replicated` counts entries with at least one replica entry (any status) or a live cross-account link
    (not Detached, on either side); the health counts split exactly those by their worst replica or link,
    so a secret without either (in_sync itself) is in none of them.
    """
    counts = dict.fromkeys(SUMMARY_KEYS, 0)
    counts["secrets"] = len(entries)
    for entry in entries:
        if not entry["replication_status"] and not link_healths(entry):
            continue
        counts["replicated"] += 1
        counts[entry["health"]] += 1
    return counts
