# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What one run sent, from the stand-in's request log (entries with operation, region, mutating, throttled_by, at).

Pure functions over the log, so every benchmark counts the same way.
"""

import collections

from standin.quota import counts_against_write_quota


def metrics(requests, secrets):
    """Calls (total, per secret, by operation), throttled responses (by cause) and the peak writes in one second."""
    calls = collections.Counter(entry["operation"] for entry in requests)
    throttled = collections.Counter(entry["throttled_by"] for entry in requests if entry.get("throttled_by"))
    peak, peak_region = peak_writes_per_second(requests)
    return {
        "calls": dict(sorted(calls.items())),
        "calls_total": sum(calls.values()),
        "calls_per_secret": round(sum(calls.values()) / secrets, 2) if secrets else None,
        "throttled": sum(throttled.values()),
        "throttled_by": dict(throttled),
        "peak_writes_per_second": peak,
        "peak_writes_region": peak_region,
        "calls_by_region": dict(sorted(collections.Counter(entry["region"] for entry in requests).items())),
    }


def peak_writes_per_second(requests):
    """(most writes of AWS's write quota that arrived within any one second, in one Region; that Region).

    Only the six operations that share the quota count (the stand-in's definition): a TagResource, for example, has a
    quota of its own.

    A sliding window (every write starts one), so it is never lower than a count per calendar second. The stand-in's
    quota bucket holds one second's worth and refills at the quota, so up to twice the quota can arrive within one
    second without a throttle; a sustained rate shows as about the quota.
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


def timeline(requests, started_at):
    """Seconds from the run's start (epoch `started_at`) to its first call, first write, last write and last call.

    Where a run's time goes, seen from AWS's side: start-up and reads before the first write, the writes, then waits
    and reads after the last write.
    """
    calls = [entry["at"] for entry in requests]
    writes = [entry["at"] for entry in requests if entry.get("mutating")]

    def offset(times, pick):
        return round(pick(times) - started_at, 2) if times else None

    return {"first_call": offset(calls, min), "first_write": offset(writes, min), "last_write": offset(writes, max), "last_call": offset(calls, max)}
