# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One boto3 client per (service, Region), created on first use and shared between threads."""

import threading

try:
    from botocore.config import Config
except ImportError:
    pass  # Modules are responsible for handling this.

# Calls in another Region answer "does it answer?": one botocore retry and a short
# connect timeout, so a Region in an outage costs seconds, not minutes.
PEER_RETRIES = {"mode": "standard", "total_max_attempts": 2}
PEER_CONNECT_TIMEOUT = 5


def client_config(max_workers, peer=False):
    """botocore Config for clients shared by `max_workers` threads (botocore's default pool holds 10 connections)."""
    settings = {"max_pool_connections": max(10, max_workers)}
    if peer:
        settings.update(retries=PEER_RETRIES, connect_timeout=PEER_CONNECT_TIMEOUT)
    return Config(**settings)


class RegionalClients:
    """Clients built by AnsibleAWSModule.client, so credentials, endpoint_url and profiles apply.

    With a `pacer` (pacing.WritePacer), every write call a client sends is paced per Region.
    """

    def __init__(self, module, pacer=None, config=None):
        self._module = module
        self._pacer = pacer
        self._client_params = {"config": config} if config is not None else {}
        self._clients = {}
        self._lock = threading.Lock()

    def get(self, service, region):
        key = (service, region)
        with self._lock:
            if key not in self._clients:
                client = self._module.client(service, region=region, **self._client_params)
                if self._pacer is not None:
                    self._pacer.attach(client, region)
                self._clients[key] = client
            return self._clients[key]

    def secretsmanager(self, region):
        return self.get("secretsmanager", region)

    def kms(self, region):
        return self.get("kms", region)
