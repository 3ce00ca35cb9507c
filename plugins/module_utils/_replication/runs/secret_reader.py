# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The multi-secret reader: the replication health of one secret, a list of secrets, or every secret in a Region.

Calls: one ListSecrets page per 100 secrets (ListSecrets has no
ReplicationStatus), one DescribeSecret per secret, and with replica_view one
DescribeSecret per replica in its own Region (plus one of the primary, for a
secret listed in a replica Region). The describes run on a bounded thread pool.
Never GetSecretValue or BatchGetSecretValue.
"""

from concurrent.futures import ThreadPoolExecutor

from ..aws.errors import SecretsManagerReplicationError
from ..rules.health import is_replica
from ..rules.health import replication_source
from ..rules.health import secret_entry
from ..rules.inputs import filter_problems
from ..aws.peers import PeerReader
from ..aws.peers import PeerView
from ..aws.secrets import describe_secret
from ..aws.secrets import list_secrets
from ..rules.shaping import replica_arn
from ..rules.shaping import replication_status


def list_secrets_filters(filters):
    """The `filters` option as ListSecrets Filters [{Key, Values}].

    Raises SecretsManagerReplicationError naming every bad key or value (inputs.filter_problems).
    """
    problems = filter_problems(filters)
    if problems:
        raise SecretsManagerReplicationError(message="; ".join(problems))
    return [
        {"Key": str(key).replace("_", "-"), "Values": [str(value) for value in (values if isinstance(values, list) else [values])]}
        for key, values in (filters or {}).items()
    ]


def _call_in_region(region, what, hint, call, *args):
    """call(*args) in the Region described in; a failure names that Region and where else to run."""
    try:
        return call(*args)
    except SecretsManagerReplicationError as e:
        raise SecretsManagerReplicationError(
            message=f"Failed to {what} in {region} (if {region} is unavailable, {hint})", exception=e.exception
        ) from e.exception


def _describe_in_region(client, region, secret_id):
    return _call_in_region(region, f"describe secret {secret_id}", "run in one of the secret's replica Regions", describe_secret, client, secret_id)


def _list_in_region(client, region, filters):
    return _call_in_region(region, "list secrets", "run in a replica Region", list_secrets, client, filters)


def _peer_views(pool, peers, region, descriptions, primary_views):
    """{replica Region: peer view} per secret; the Region described in needs no call."""
    jobs = []
    for index, (description, primary_view) in enumerate(zip(descriptions, primary_views)):
        for replica in replication_status(replication_source(description, primary_view)):
            jobs.append((index, replica["region"], replica["arn"]))

    def read(job):
        index, replica_region, arn = job
        if replica_region == region:
            return PeerView(reachable=True, description=descriptions[index])
        return peers.view(replica_region, arn)

    views = [{} for dummy in descriptions]
    for (index, replica_region, dummy), view in zip(jobs, pool.map(read, jobs)):
        views[index][replica_region] = view
    return views


def read_secrets(clients, peer_clients, region, secret_ids=None, filters=None, replica_view=False, max_workers=8, peers=None):
    """Entries (health.secret_entry) for `secret_ids`, or for every secret ListSecrets returns in `region`.

    clients / peer_clients: RegionalClients for the Region described in and, with
    replica_view, for the other Regions (see clients.client_config).
    peers: a PeerReader over peer_clients to share with other reads of the run (its unreachable Regions), or None.
    secret_ids: names or ARNs, described one by one (a missing one is left out);
    None lists the secrets instead. filters: ListSecrets Filters (list_secrets_filters).
    """
    client = clients.secretsmanager(region)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        if secret_ids is not None:
            descriptions = list(pool.map(lambda secret_id: _describe_in_region(client, region, secret_id), secret_ids))
        else:
            listed = _list_in_region(client, region, filters)
            descriptions = list(pool.map(lambda item: _describe_in_region(client, region, item["ARN"]), listed))
        # A secret deleted between ListSecrets and DescribeSecret is simply gone.
        descriptions = [description for description in descriptions if description is not None]
        if not replica_view:
            return [secret_entry(description, region) for description in descriptions]

        peers = peers or PeerReader(peer_clients)

        def read_primary(description):
            if not is_replica(description, region):
                return None
            primary_region = description["PrimaryRegion"]
            return peers.view(primary_region, replica_arn(description["ARN"], primary_region))

        primary_views = list(pool.map(read_primary, descriptions))
        views = _peer_views(pool, peers, region, descriptions, primary_views)
    return [
        secret_entry(description, region, primary_view=primary_view, peer_views=peer_views)
        for description, primary_view, peer_views in zip(descriptions, primary_views, views)
    ]
