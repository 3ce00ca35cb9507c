# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""One boto3 client per (service, Region), created on first use and shared between threads."""

import threading


class RegionalClients:
    """Clients built by AnsibleAWSModule.client, so credentials, endpoint_url and profiles apply."""

    def __init__(self, module):
        self._module = module
        self._clients = {}
        self._lock = threading.Lock()

    def get(self, service, region):
        key = (service, region)
        with self._lock:
            if key not in self._clients:
                self._clients[key] = self._module.client(service, region=region)
            return self._clients[key]

    def secretsmanager(self, region):
        return self.get("secretsmanager", region)

    def kms(self, region):
        return self.get("kms", region)
