# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One boto3 client per (service, Region), created on first use and shared between threads."""

import threading


class RegionalClients:
    """Clients built by AnsibleAWSModule.client, so credentials, endpoint_url and profiles apply."""

    def __init__(self, module, **client_params):
        """client_params go to module.client for every client, e.g. config=botocore.config.Config(...)."""
        self._module = module
        self._client_params = client_params
        self._clients = {}
        self._lock = threading.Lock()

    def get(self, service, region):
        key = (service, region)
        with self._lock:
            if key not in self._clients:
                self._clients[key] = self._module.client(service, region=region, **self._client_params)
            return self._clients[key]

    def secretsmanager(self, region):
        return self.get("secretsmanager", region)

    def kms(self, region):
        return self.get("kms", region)
