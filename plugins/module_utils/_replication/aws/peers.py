# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Describe a secret in another Region, where the question is also "does that Region answer?"."""

import threading
from dataclasses import dataclass
from typing import Optional

try:
    import botocore
except ImportError:
    pass  # Modules are responsible for handling this.

from .errors import SecretsManagerReplicationError
from .errors import error_code
from .errors import is_unreachable_error
from .retries import throttling_retry


@throttling_retry
def _describe_secret(client, secret_id):
    return client.describe_secret(SecretId=secret_id)


@dataclass(frozen=True)
class PeerView:
    """What a Region answered about one secret: whether it answered, and its DescribeSecret (None: no such secret there)."""

    reachable: bool
    description: Optional[dict] = None


UNREACHABLE = PeerView(reachable=False)


class PeerReader:
    """DescribeSecret in other Regions; a Region found unreachable once is not called again in this run.

    Give it clients made with clients.client_config(peer=True), so an outage costs seconds.
    """

    def __init__(self, clients):
        self._clients = clients
        self._unreachable = set()
        self._lock = threading.Lock()

    def is_unreachable(self, region):
        with self._lock:
            return region in self._unreachable

    def view(self, region, secret_id):
        """A PeerView of `secret_id` in `region`.

        Raises SecretsManagerReplicationError for any other error (e.g. access denied), naming the Region.
        """
        if self.is_unreachable(region):
            return UNREACHABLE
        try:
            return PeerView(reachable=True, description=_describe_secret(self._clients.secretsmanager(region), secret_id))
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as e:
            if error_code(e) == "ResourceNotFoundException":
                return PeerView(reachable=True)
            if is_unreachable_error(e):
                with self._lock:
                    self._unreachable.add(region)
                return UNREACHABLE
            raise SecretsManagerReplicationError(message=f"Failed to describe secret {secret_id} in {region}", exception=e) from e
