# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Extension state of the stand-in: config, faults, request log and write-quota buckets.

moto keeps its backends process-wide, so this state is process-wide too (one
stand-in server per process). Every access goes through one lock because the
server answers requests on many threads.
"""

import copy
import random
import threading
import time

from .quota import WriteQuota

DEFAULT_CONFIG = {
    "replication_delay_seconds": 0.0,
    # null (or 0): no quota. Otherwise AWS's write quota per (account, Region): see quota.py.
    "write_quota_per_second": None,
    # What an old primary lists after its replica was promoted while the primary's Region was unavailable.
    "stale_replica_status_after_promotion": False,
}
DEFAULT_FAULTS = {
    "throttle_rate": 0.0,
    "unavailable_regions": [],
    "latency_ms": 0,
    "throttle_operations": None,
    "seed": None,
    # Role ARNs whose sts:AssumeRole is denied (assume_role_faults.py).
    "deny_assume_role": [],
}


class StandInConfigError(ValueError):
    """A control API body (or Python keyword) that the stand-in refuses."""


def _validated_config(changes):
    unknown = set(changes) - set(DEFAULT_CONFIG)
    if unknown:
        raise StandInConfigError(f"unknown config keys: {sorted(unknown)}; known: {sorted(DEFAULT_CONFIG)}")
    result = {}
    if "replication_delay_seconds" in changes:
        delay = changes["replication_delay_seconds"]
        if isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0:
            raise StandInConfigError("replication_delay_seconds must be a number >= 0")
        result["replication_delay_seconds"] = float(delay)
    if "write_quota_per_second" in changes:
        quota = changes["write_quota_per_second"]
        if quota is not None and (isinstance(quota, bool) or not isinstance(quota, (int, float)) or quota < 0):
            raise StandInConfigError("write_quota_per_second must be null (off) or a number >= 0 (0 is off)")
        result["write_quota_per_second"] = float(quota) if quota else None
    if "stale_replica_status_after_promotion" in changes:
        stale = changes["stale_replica_status_after_promotion"]
        if not isinstance(stale, bool):
            raise StandInConfigError("stale_replica_status_after_promotion must be true or false")
        result["stale_replica_status_after_promotion"] = stale
    return result


def _validated_faults(changes):
    unknown = set(changes) - set(DEFAULT_FAULTS)
    if unknown:
        raise StandInConfigError(f"unknown fault keys: {sorted(unknown)}; known: {sorted(DEFAULT_FAULTS)}")
    result = {}
    if "throttle_rate" in changes:
        rate = changes["throttle_rate"]
        if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not 0.0 <= rate <= 1.0:
            raise StandInConfigError("throttle_rate must be a number from 0.0 to 1.0")
        result["throttle_rate"] = float(rate)
    if "unavailable_regions" in changes:
        regions = changes["unavailable_regions"] or []
        if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
            raise StandInConfigError("unavailable_regions must be a list of Region names")
        result["unavailable_regions"] = list(regions)
    if "latency_ms" in changes:
        latency = changes["latency_ms"]
        if isinstance(latency, bool) or not isinstance(latency, (int, float)) or latency < 0:
            raise StandInConfigError("latency_ms must be a number >= 0")
        result["latency_ms"] = latency
    if "throttle_operations" in changes:
        operations = changes["throttle_operations"]
        if operations is not None and (not isinstance(operations, list) or not all(isinstance(o, str) for o in operations)):
            raise StandInConfigError("throttle_operations must be null or a list of operation names")
        result["throttle_operations"] = None if operations is None else list(operations)
    if "seed" in changes:
        seed = changes["seed"]
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise StandInConfigError("seed must be an integer or null")
        result["seed"] = seed
    if "deny_assume_role" in changes:
        roles = changes["deny_assume_role"] or []
        if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
            raise StandInConfigError("deny_assume_role must be a list of IAM role ARNs")
        result["deny_assume_role"] = list(roles)
    return result


class StandInState:
    """Config, faults and request log shared by the middleware and the Python API."""

    def __init__(self):
        self.lock = threading.RLock()
        self._config = copy.deepcopy(DEFAULT_CONFIG)
        self._faults = copy.deepcopy(DEFAULT_FAULTS)
        self._random = random.Random()
        self._requests = []
        self._write_quota = WriteQuota(None)

    # config
    def config(self):
        with self.lock:
            return copy.deepcopy(self._config)

    def configure(self, **changes):
        valid = _validated_config(changes)
        with self.lock:
            self._config.update(valid)
            if "write_quota_per_second" in valid:
                self._write_quota = WriteQuota(valid["write_quota_per_second"])
            return copy.deepcopy(self._config)

    def replication_delay_seconds(self):
        with self.lock:
            return self._config["replication_delay_seconds"]

    def stale_replica_status_after_promotion(self):
        with self.lock:
            return self._config["stale_replica_status_after_promotion"]

    def write_quota_allows(self, account, region):
        """Take a write-quota token for (account, region) now; False when the bucket is empty (throttle)."""
        with self.lock:
            return self._write_quota.allows(account, region, time.monotonic())

    # faults
    def faults(self):
        with self.lock:
            return copy.deepcopy(self._faults)

    def set_faults(self, **changes):
        """Merge the given fault settings into the current ones; "seed" re-seeds the random source."""
        valid = _validated_faults(changes)
        with self.lock:
            self._faults.update(valid)
            if "seed" in valid:
                self._random.seed(valid["seed"])
            return copy.deepcopy(self._faults)

    def clear_faults(self):
        with self.lock:
            self._faults = copy.deepcopy(DEFAULT_FAULTS)
            self._random = random.Random()
            return copy.deepcopy(self._faults)

    def random(self):
        """One draw from the (seedable) random source used for throttling."""
        with self.lock:
            return self._random.random()

    # request log
    def log_request(self, entry):
        """Append an entry (a dict the caller may still fill in, e.g. the status) in arrival order."""
        with self.lock:
            self._requests.append(entry)
        return entry

    def requests(self):
        with self.lock:
            return [dict(entry) for entry in self._requests]

    def clear_requests(self):
        with self.lock:
            self._requests = []

    def reset(self):
        with self.lock:
            self._config = copy.deepcopy(DEFAULT_CONFIG)
            self._requests = []
            self._write_quota = WriteQuota(None)
        self.clear_faults()


STATE = StandInState()
