# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS's per-Region write quota of Secrets Manager, as token buckets per (account, Region).

User guide, "AWS Secrets Manager quotas": "Combined rate of PutSecretValue, RemoveRegionsFromReplication,
ReplicateSecretToRegion, StopReplicationToReplica, UpdateSecret, and UpdateSecretVersionStage API
requests | Each supported Region: 50 per second | Adjustable: No", and "each quota is specific to each
region"; "For cross-account requests, Secrets Manager throttles the account of the identity that makes the
requests". So the bucket belongs to the caller's account and the Region the call is signed for.
"""

import collections

QUOTA_SERVICE = "secretsmanager"
AWS_WRITE_QUOTA_PER_SECOND = 50
WRITE_OPERATIONS = frozenset({
    "PutSecretValue",
    "RemoveRegionsFromReplication",
    "ReplicateSecretToRegions",
    "StopReplicationToReplica",
    "UpdateSecret",
    "UpdateSecretVersionStage",
})


def counts_against_write_quota(request):
    """Whether a request ({"service", "operation", ...}) is one of the six quota-limited writes."""
    return request.get("service") == QUOTA_SERVICE and request.get("operation") in WRITE_OPERATIONS


def peak_writes_per_second(requests):
    """(most writes of the quota that arrived within any one second, in one Region; that Region), over request-log
    entries ({"service", "operation", "region", "at", ...}).

    A sliding window (every write starts one), so it is never lower than a count per calendar second. The buckets
    below hold one second's worth and refill at the quota, so up to twice the quota can arrive within one second
    without a throttle; a sustained rate shows as about the quota.
    """
    arrivals = collections.defaultdict(list)
    for entry in requests:
        if counts_against_write_quota(entry):
            arrivals[entry["region"]].append(entry["at"])
    peak, peak_region = 0, None
    for region, times in arrivals.items():
        times.sort()
        start = 0
        for end, arrived in enumerate(times):
            while arrived - times[start] >= 1.0:
                start += 1
            if end - start + 1 > peak:
                peak, peak_region = end - start + 1, region
    return peak, peak_region


class TokenBucket:
    """Holds up to `rate` tokens, refilled continuously at `rate` per second; a call takes one.

    The usual throttling model of AWS APIs (a burst up to the quota, then the steady rate); the
    quota page gives only the rate, so the burst size equal to one second's worth is this model's choice.
    A refused call takes no token.
    """

    def __init__(self, rate, now):
        self.rate = float(rate)
        self.tokens = float(rate)
        self.updated = now

    def take(self, now):
        """True (one token taken) or False (empty: throttle the call)."""
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(self.rate, self.tokens + elapsed * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


class WriteQuota:
    """One TokenBucket per (account, Region), created on first use; not thread-safe (the caller locks)."""

    def __init__(self, rate):
        self.rate = rate
        self._buckets = {}

    def allows(self, account, region, now):
        if not self.rate:
            return True
        bucket = self._buckets.get((account, region))
        if bucket is None:
            bucket = self._buckets[(account, region)] = TokenBucket(self.rate, now)
        return bucket.take(now)
