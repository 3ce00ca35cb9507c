# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""secret_replica's run over one secret or many: every secret concurrently, then one shared wait.

1. Each secret's run (a protocol.PerSecretRun, made by context.RunContext.new_run) describes,
   plans, checks and writes, on a bounded thread pool. Writes are paced per Region
   by the clients (pacing.py), so the batch stays under AWS's write quota.
2. Then the secrets with replicas still InProgress are polled together, so the
   total wait is that of the slowest replica, not the sum.
3. One result per secret, in input order; a failure of one never stops the others.
4. With retries, the secrets whose every failure is retryable run again (describe, plan, apply, wait anew), so only
   what is still wrong is sent; each result then sums up its attempts.
"""

import random
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from ..rules.failures import SecretStop
from ..rules.failures import describe_failure
from .protocol import PerSecretRun

# DescribeSecret is cheap (quota: thousands per second); a new replica usually syncs in seconds.
POLL_INTERVAL_SECONDS = 1


def _start(run: PerSecretRun):
    try:
        run.start()
    # One secret's unexpected error must not stop the batch.
    except Exception as e:  # pylint: disable=broad-exception-caught
        failure = describe_failure(run.primary_region, str(e), reason="unknown")
        run.stopped = SecretStop(f"unexpected error for secret '{run.secret_id}': {e}", [failure])


def wait_for_replicas(pool, runs, context, wait_timeout, clock=time.monotonic, sleep=time.sleep, interval=POLL_INTERVAL_SECONDS):
    """Read back every secret that wrote something, then poll the ones still InProgress together until the deadline."""
    deadline = clock() + (wait_timeout or 0)
    pending = [run for run in runs if run.needs_refresh and not run.stopped and not run.settled_by_writes()]
    while pending:
        list(pool.map(lambda run: run.refresh(), pending))
        pending = [run for run in pending if context.wait and not run.stopped and run.in_progress()]
        if not pending:
            return
        if clock() >= deadline:
            for run in pending:
                run.time_out(wait_timeout)
            return
        sleep(interval)


def _run_once(entries, primary_regions, context, max_workers, wait_timeout, clock, sleep):
    runs = [context.new_run(entry, region) for entry, region in zip(entries, primary_regions)]
    with ThreadPoolExecutor(max_workers=max_workers) as pool:
        list(pool.map(_start, runs))
        wait_for_replicas(pool, runs, context, wait_timeout, clock=clock, sleep=sleep)
    return [run.result() for run in runs]


def worth_retrying(result):
    """Failed, and every failure is one a re-run can fix (failures[].retryable)."""
    return bool(result["failures"]) and all(failure["retryable"] for failure in result["failures"])


def merge_attempt(earlier, later):
    """The latest attempt's result, with every action sent over the attempts and changed if any attempt changed."""
    merged = dict(later)
    merged["changed"] = earlier["changed"] or later["changed"]
    merged["actions"] = earlier["actions"] + later["actions"]
    merged["attempts"] = earlier.get("attempts", 1) + 1
    return merged


def jittered(delay):
    """Between half and one and a half times `delay`: two runs that collided on the same secrets (concurrent_change)
    do not retry in step and collide again (AWS Architecture Blog, "Exponential Backoff And Jitter")."""
    return delay * random.uniform(0.5, 1.5)


def run_batch(entries, primary_regions, context, max_workers=8, wait_timeout=300, retries=0, retry_delay=0,
              clock=time.monotonic, sleep=time.sleep, jitter=jittered):
    """One result dict per entry, in input order (protocol.PerSecretRun.result); context: context.RunContext.

    retries: how many more times a secret runs whose failures are all retryable, about retry_delay seconds apart
    (jitter(retry_delay)); never in check mode, where nothing was sent.
    """
    results = _run_once(entries, primary_regions, context, max_workers, wait_timeout, clock, sleep)
    for dummy in range(0 if context.check_mode else retries):
        again = [index for index, result in enumerate(results) if worth_retrying(result)]
        if not again:
            break
        sleep(jitter(retry_delay))
        rerun = _run_once([entries[index] for index in again], [primary_regions[index] for index in again], context, max_workers,
                          wait_timeout, clock, sleep)
        for index, result in zip(again, rerun):
            results[index] = merge_attempt(results[index], result)
    return results


def summary(results):
    """{secrets, changed, failed, failures_by_reason}."""
    reasons = Counter(failure["reason"] for result in results for failure in result["failures"])
    return {
        "secrets": len(results),
        "changed": sum(1 for result in results if result["changed"]),
        "failed": sum(1 for result in results if result["failed"]),
        "failures_by_reason": dict(sorted(reasons.items())),
    }


def batch_failure_message(results):
    """Names each failed secret, Region and reason."""
    failed = [result for result in results if result["failed"]]
    lines = [
        f"'{result['secret_id']}' in {failure['region']}: {failure['reason']}{' (retryable)' if failure['retryable'] else ''}"
        for result in failed
        for failure in result["failures"]
    ]
    return f"secret_replica failed for {len(failed)} of {len(results)} secret(s): " + "; ".join(lines) + ". Each result's msg and failures say how to fix it."


def batch_diff(results):
    """Each secret's diff, keyed by secret id."""
    with_diff = [result for result in results if "diff" in result]
    return {
        "before": {result["secret_id"]: result["diff"]["before"] for result in with_diff},
        "after": {result["secret_id"]: result["diff"]["after"] for result in with_diff},
    }
