# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What one run sent, from the stand-in's request log (entries with operation, region, mutating, throttled_by, at).

Pure functions over the log, so every benchmark counts the same way.
"""

import collections

from standin.quota import peak_writes_per_second


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
