# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""KMS keys looked up once per (Region, key) for a whole run, however many secrets use them."""

import threading
from dataclasses import dataclass
from dataclasses import field
from typing import Any
from typing import Optional

from .kms import describe_key
from ..rules.shaping import DEFAULT_KMS_KEY

# The AWS managed key is created on first use and always usable (UpdateSecret API reference, KmsKeyId).
AWS_MANAGED_KEY_REFERENCES = (DEFAULT_KMS_KEY, "aws/secretsmanager")


@dataclass
class _Slot:
    """One key's computation: done once, under its own lock; then its value, or the error it raised."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    done: bool = False
    value: Any = None
    error: Optional[Exception] = None


class Memo:
    """compute() once per key across threads; later callers get the value (or the error) it gave."""

    def __init__(self):
        self._lock = threading.Lock()
        self._slots = {}

    def get(self, key, compute):
        with self._lock:
            slot = self._slots.setdefault(key, _Slot())
        with slot.lock:
            if not slot.done:
                try:
                    slot.value = compute()
                # Kept and re-raised to every caller below.
                except Exception as e:  # pylint: disable=broad-exception-caught
                    slot.error = e
                slot.done = True
        if slot.error is not None:
            raise slot.error
        return slot.value


def key_problem(region, key, metadata):
    """Why `key` cannot encrypt a replica in `region`, given its DescribeKey metadata (None: not found); or None.

    AWS user guide, "Troubleshoot replication": replication fails when the KMS key is disabled or not found.
    """
    if metadata is None:
        return f"KMS key '{key}' does not exist in '{region}': create it there, or give a key that exists in '{region}'"
    state = metadata.get("KeyState") or ("Enabled" if metadata.get("Enabled") else "Disabled")
    if state != "Enabled":
        return f"KMS key '{key}' in '{region}' is {state}: enable it, or give a key that is enabled in '{region}'"
    return None


class KeyDirectory:
    """DescribeKey through `clients` (RegionalClients), at most once per (Region, key) per run."""

    def __init__(self, clients):
        self._clients = clients
        self._memo = Memo()

    def metadata(self, region, key):
        """KeyMetadata, or None when the key does not exist in `region`. Raises SecretsManagerReplicationError."""
        return self._memo.get((region, key), lambda: describe_key(self._clients.kms(region), key))

    def arn(self, region, key):
        metadata = self.metadata(region, key)
        return metadata.get("Arn") if metadata else None
