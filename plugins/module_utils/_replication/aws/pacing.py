# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pace AWS write calls so a run never meets Secrets Manager's per-Region request quotas.

AWS Secrets Manager quotas (user guide, "Secrets Manager quotas"), per Region and
not adjustable: PutSecretValue, RemoveRegionsFromReplication,
ReplicateSecretToRegions, StopReplicationToReplica, UpdateSecret and
UpdateSecretVersionStage share 50 requests per second; TagResource and
UntagResource share another 50; DeleteResourcePolicy, GetResourcePolicy,
PutResourcePolicy and ValidateResourcePolicy another 50. Reads
(DescribeSecret) are allowed thousands per second and are not paced.

Every attempt is paced, botocore's own retries included: the pacer hooks
botocore's `before-send` event, which fires once per HTTP request.

The quota is shared with every other caller in the account and Region (applications
rotating secrets, other jobs). A run starts safely under the quota and, when AWS throttles
a call anyway (someone else is using it), slows that quota down and recovers gradually:
additive increase, multiplicative decrease, so it yields to the others instead of
competing with them.
"""

import threading
import time

from .retries import THROTTLING_ERROR_CODES

# operation -> the quota it counts against; operations not listed are not paced.
QUOTA_GROUPS = {
    "PutSecretValue": "secret-writes",
    "RemoveRegionsFromReplication": "secret-writes",
    "ReplicateSecretToRegions": "secret-writes",
    "StopReplicationToReplica": "secret-writes",
    "UpdateSecret": "secret-writes",
    "UpdateSecretVersionStage": "secret-writes",
    "TagResource": "tags",
    "UntagResource": "tags",
    "DeleteResourcePolicy": "resource-policies",
    "GetResourcePolicy": "resource-policies",
    "PutResourcePolicy": "resource-policies",
    "ValidateResourcePolicy": "resource-policies",
    # Not in AWS's quota table (newer than it): paced at the same rate, each on its own.
    "CreateSecret": "create-secret",
    "DeleteSecret": "delete-secret",
    "AssociateCrossAccountReplica": "cross-account",
    "DisassociateCrossAccountReplica": "cross-account",
}

AWS_WRITE_QUOTA_PER_SECOND = 50
# Safely under the quota: calls are spaced evenly, so any one second holds at most 46 even when two arrive
# closer together than they were sent, and 4 or more a second are left to other callers.
DEFAULT_WRITE_RATE = 45
# After a throttled response the quota's rate is multiplied by this; it never goes below MIN_WRITE_RATE.
BACKOFF_FACTOR = 0.8
MIN_WRITE_RATE = 1.0
# Regained per second of unthrottled calls, up to the rate asked for.
RECOVERY_PER_SECOND = 1.0


class WritePacer:
    """Spaces calls of each (Region, quota group) at least 1/rate seconds apart, across threads.

    A call reserves the next free slot under a lock and sleeps outside it, so
    concurrent workers queue in order and never burst. Each (Region, group) has its
    own rate: rate_per_second at first, lowered by throttled() and raised back by
    answered() (see the module docstring).
    """

    def __init__(self, rate_per_second=DEFAULT_WRITE_RATE, clock=time.monotonic, sleep=time.sleep):
        if not 0 < rate_per_second <= AWS_WRITE_QUOTA_PER_SECOND:
            raise ValueError(f"rate_per_second must be more than 0 and at most {AWS_WRITE_QUOTA_PER_SECOND}")
        self.max_rate = float(rate_per_second)
        self._clock = clock
        self._sleep = sleep
        self._next_slot = {}
        self._rates = {}
        self._lock = threading.Lock()

    def rate(self, region, group):
        """The calls per second `group` in `region` is paced at now."""
        with self._lock:
            return self._rates.get((region, group), self.max_rate)

    def acquire(self, region, group):
        """Wait for the next slot of `group` in `region`; returns the seconds waited."""
        key = (region, group)
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot.get(key, now))
            self._next_slot[key] = slot + 1.0 / self._rates.get(key, self.max_rate)
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return delay

    def throttled(self, region, group):
        """AWS throttled a call of `group` in `region`: someone else uses the quota, so slow down."""
        key = (region, group)
        with self._lock:
            self._rates[key] = max(MIN_WRITE_RATE, self._rates.get(key, self.max_rate) * BACKOFF_FACTOR)

    def answered(self, region, group):
        """A call went through unthrottled: regain RECOVERY_PER_SECOND per second's worth of calls."""
        key = (region, group)
        with self._lock:
            rate = self._rates.get(key, self.max_rate)
            if rate < self.max_rate:
                self._rates[key] = min(self.max_rate, rate + RECOVERY_PER_SECOND / rate)

    def attach(self, client, region):
        """Pace every paced operation `client` sends: before-send waits for a slot, needs-retry (once per response,
        retried or not) adjusts the rate."""
        service_id = client.meta.service_model.service_id.hyphenize()
        operations = set(client.meta.service_model.operation_names)
        for operation, group in QUOTA_GROUPS.items():
            if operation in operations:
                client.meta.events.register(f"before-send.{service_id}.{operation}", self._pace_handler(region, group))
                client.meta.events.register(f"needs-retry.{service_id}.{operation}", self._response_handler(region, group))
        return client

    def _pace_handler(self, region, group):
        def pace(**kwargs):  # pylint: disable=unused-argument
            self.acquire(region, group)
            # None lets botocore send the request.

        return pace

    def _response_handler(self, region, group):
        def observe(response=None, **kwargs):  # pylint: disable=unused-argument
            if response is not None:  # None: no answer at all (a connection error), which says nothing of the quota
                if throttling_code(response[1]):
                    self.throttled(region, group)
                else:
                    self.answered(region, group)
            # None leaves the retry decision to botocore.

        return observe


def throttling_code(parsed_response):
    """The throttling error code of a parsed botocore response, or None."""
    code = ((parsed_response or {}).get("Error") or {}).get("Code")
    return code if code in THROTTLING_ERROR_CODES else None
