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
"""

import threading
import time

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
# Safely under the quota: the pacer spaces calls evenly, so at 40 per second any
# one-second window holds at most 41 calls, leaving room for other callers and
# for requests that arrive closer together than they were sent.
DEFAULT_WRITE_RATE = 40


class WritePacer:
    """Spaces calls of each (Region, quota group) at least 1/rate seconds apart, across threads.

    A call reserves the next free slot under a lock and sleeps outside it, so
    concurrent workers queue in order and never burst.
    """

    def __init__(self, rate_per_second=DEFAULT_WRITE_RATE, clock=time.monotonic, sleep=time.sleep):
        if not 0 < rate_per_second <= AWS_WRITE_QUOTA_PER_SECOND:
            raise ValueError(f"rate_per_second must be more than 0 and at most {AWS_WRITE_QUOTA_PER_SECOND}")
        self.interval = 1.0 / rate_per_second
        self._clock = clock
        self._sleep = sleep
        self._next_slot = {}
        self._lock = threading.Lock()

    def acquire(self, region, group):
        """Wait for the next slot of `group` in `region`; returns the seconds waited."""
        key = (region, group)
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot.get(key, now))
            self._next_slot[key] = slot + self.interval
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return delay

    def attach(self, client, region):
        """Pace every paced operation `client` sends (one handler per operation, on botocore's before-send)."""
        service_id = client.meta.service_model.service_id.hyphenize()
        operations = set(client.meta.service_model.operation_names)
        for operation, group in QUOTA_GROUPS.items():
            if operation in operations:
                client.meta.events.register(f"before-send.{service_id}.{operation}", self._handler(region, group))
        return client

    def _handler(self, region, group):
        def pace(**kwargs):  # pylint: disable=unused-argument
            self.acquire(region, group)
            # None lets botocore send the request.

        return pace
