# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Read the replication health of one secret or of every secret in a Region.

Calls: one ListSecrets page per 100 secrets (ListSecrets has no
ReplicationStatus), one DescribeSecret per secret, and with replica_view one
DescribeSecret per replica in its own Region (plus one of the primary, for a
secret listed in a replica Region). The describes run on a bounded thread pool.
Never GetSecretValue or BatchGetSecretValue.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

try:
    import botocore
    from botocore.config import Config
except ImportError:
    pass  # Modules are responsible for handling this.

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

from .common import RETRY_ATTEMPTS
from .common import RETRY_DELAY
from .common import RETRY_MAX_DELAY
from .common import SecretsManagerReplicationError
from .common import is_unreachable_error
from .health import is_replica
from .health import replication_source
from .health import secret_entry
from .secrets import describe_secret
from .secrets import list_secrets
from .shaping import replica_arn
from .shaping import replication_status

# ListSecrets filter keys (API reference, ListSecrets, Filter.Key).
FILTER_KEYS = ("name", "tag-key", "tag-value", "description", "primary-region", "owning-service", "all")

THROTTLING_CODES = ("Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded")

# Describes in another Region answer "is it reachable?": one botocore retry, short
# connect timeout, and no AWSRetry on ServiceUnavailable (throttling still retried),
# so a Region in an outage costs seconds, not minutes.
PEER_RETRIES = {"mode": "standard", "total_max_attempts": 2}
PEER_CONNECT_TIMEOUT = 5


def client_params(max_workers, peer=False):
    """Extra module.client parameters: a connection pool as large as the thread pool (botocore's default is 10)."""
    settings = {"max_pool_connections": max(10, max_workers)}
    if peer:
        settings.update(retries=PEER_RETRIES, connect_timeout=PEER_CONNECT_TIMEOUT)
    return {"config": Config(**settings)}


def list_secrets_filters(filters):
    """The `filters` option as ListSecrets Filters [{Key, Values}].

    Keys are FILTER_KEYS (underscores accepted for dashes), values a string or a
    list of strings. Raises SecretsManagerReplicationError naming the bad key.
    """
    result = []
    for key, values in (filters or {}).items():
        api_key = str(key).replace("_", "-")
        if api_key not in FILTER_KEYS:
            raise SecretsManagerReplicationError(
                message=f"filters: unknown key '{key}': use one of {', '.join(FILTER_KEYS)} (ListSecrets filter keys)"
            )
        if not isinstance(values, list):
            values = [values]
        if not values or any(value is None or isinstance(value, (dict, list)) or str(value) == "" for value in values):
            raise SecretsManagerReplicationError(
                message=f"filters: '{key}' needs a non-empty string or a list of non-empty strings, got {values!r}"
            )
        result.append({"Key": api_key, "Values": [str(value) for value in values]})
    return result


class _PeerRetry(AWSRetry):
    """AWSRetry that retries throttling only: ServiceUnavailable means the Region is unreachable."""

    @staticmethod
    def found(response_code, catch_extra_error_codes=None):
        return response_code in THROTTLING_CODES


@_PeerRetry.jittered_backoff(retries=RETRY_ATTEMPTS, delay=RETRY_DELAY, max_delay=RETRY_MAX_DELAY)
def _describe_secret_for_peer_view(client, secret_id):
    """DescribeSecret in another Region; errors are classified by PeerReader."""
    return client.describe_secret(SecretId=secret_id)


class PeerReader:
    """Describes a secret in other Regions; a Region found unreachable once is not called again in this run."""

    def __init__(self, clients):
        self._clients = clients
        self._unreachable = set()
        self._lock = threading.Lock()

    def _mark_unreachable(self, region):
        with self._lock:
            self._unreachable.add(region)
        return {"reachable": False, "description": None}

    def view(self, region, secret_id):
        """{"reachable": bool, "description": DescribeSecret answer, or None when not found there}."""
        with self._lock:
            if region in self._unreachable:
                return {"reachable": False, "description": None}
        try:
            return {"reachable": True, "description": _describe_secret_for_peer_view(self._clients.secretsmanager(region), secret_id)}
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            if isinstance(e, botocore.exceptions.ClientError) and e.response["Error"]["Code"] == "ResourceNotFoundException":
                return {"reachable": True, "description": None}
            if is_unreachable_error(e):
                return self._mark_unreachable(region)
            raise SecretsManagerReplicationError(message=f"Failed to describe secret {secret_id} in {region}", exception=e) from e


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
            return {"reachable": True, "description": descriptions[index]}
        return peers.view(replica_region, arn)

    views = [{} for dummy in descriptions]
    for (index, replica_region, dummy), view in zip(jobs, pool.map(read, jobs)):
        views[index][replica_region] = view
    return views


def describe_fleet(clients, peer_clients, region, secret_id=None, filters=None, replica_view=False, max_workers=8):
    """Entries (health.secret_entry) for `secret_id`, or for every secret ListSecrets returns in `region`.

    clients / peer_clients: RegionalClients for the Region described in and, with
    replica_view, for the other Regions (see client_params).
    filters: ListSecrets Filters (list_secrets_filters). A missing secret_id gives [].
    """
    client = clients.secretsmanager(region)
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        if secret_id:
            descriptions = [_describe_in_region(client, region, secret_id)]
        else:
            listed = _list_in_region(client, region, filters)
            descriptions = list(pool.map(lambda item: _describe_in_region(client, region, item["ARN"]), listed))
        # A secret deleted between ListSecrets and DescribeSecret is simply gone.
        descriptions = [description for description in descriptions if description is not None]
        if not replica_view:
            return [secret_entry(description, region) for description in descriptions]

        peers = PeerReader(peer_clients)

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
