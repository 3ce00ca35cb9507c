# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""secret_replica_info over several Regions: each Region read itself, a Region that does not answer set aside.

Per Region: one short-timeout probe (a peer DescribeSecret of the first secret id, or one ListSecrets page of one
entry), then secret_reader.read_secrets as for one Region. With version_dates, one ListSecretVersionIds per secret
read, for the creation date of its AWSCURRENT version (never a value). Split brain is found from the answers
(split_brain.py).
"""

from concurrent.futures import ThreadPoolExecutor

try:
    import botocore
except ImportError:
    pass  # Modules are responsible for handling this.

from ..aws.errors import SecretsManagerReplicationError
from ..aws.errors import is_unreachable_error
from ..rules.health import CURRENT_STAGE
from ..aws.peers import PeerReader
from ..aws.retries import throttling_retry
from .secret_reader import read_secrets
from ..aws.secrets import list_secret_version_ids
from ..rules.shaping import iso_date
from ..rules.split_brain import mark_split_brain
from ..rules.split_brain import split_brain_findings


def current_version_date(versions):
    """(version id, creation date in ISO 8601) of the AWSCURRENT version in ListSecretVersionIds' Versions, or (None, None)."""
    for version in versions or []:
        if CURRENT_STAGE in (version.get("VersionStages") or []):
            return version.get("VersionId"), iso_date(version.get("CreatedDate"))
    return None, None


def add_version_dates(clients, entries, max_workers=8):
    """Each entry with current_version_id and current_version_created_date, read in its own Region."""

    def dated(entry):
        versions = list_secret_version_ids(clients.secretsmanager(entry["region"]), entry["arn"])
        version_id, created = current_version_date(versions)
        return dict(entry, current_version_id=version_id, current_version_created_date=created)

    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        return list(pool.map(dated, entries))


@throttling_retry
def _list_one(client):
    return client.list_secrets(MaxResults=1)


def region_answers(peer_clients, peers, region, secret_ids):
    """Whether `region` answers one short-timeout call (throttling is retried; anything but an outage is raised)."""
    if secret_ids:
        return peers.view(region, secret_ids[0]).reachable
    try:
        _list_one(peer_clients.secretsmanager(region))
    except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
        if is_unreachable_error(e):
            return False
        raise SecretsManagerReplicationError(message=f"Failed to list secrets in {region}", exception=e) from e
    return True


def read_in_regions(clients, peer_clients, regions, secret_ids=None, filters=None, replica_view=False, version_dates=False, max_workers=8):
    """{secrets, unreachable_regions, split_brain}: secret_replica_info's entries from every Region that answers.

    Each entry carries split_brain and primary_regions (split_brain.mark_split_brain). One PeerReader serves the
    probes and the replica views, so a Region found unreachable is not called again in this run.
    """
    peers = PeerReader(peer_clients)
    entries = []
    unreachable = []
    for region in regions:
        if not region_answers(peer_clients, peers, region, secret_ids):
            unreachable.append(region)
            continue
        entries.extend(read_secrets(clients, peer_clients, region, secret_ids=secret_ids, filters=filters,
                                    replica_view=replica_view, max_workers=max_workers, peers=peers))
    if version_dates:
        entries = add_version_dates(clients, entries, max_workers)
    return {"secrets": mark_split_brain(entries), "unreachable_regions": unreachable, "split_brain": split_brain_findings(entries)}
