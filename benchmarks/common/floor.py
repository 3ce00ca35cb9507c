# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The floor: a bare boto3 script making only the calls a job needs, its writes paced at AWS's write quota.

No tool can do the job faster without being throttled, so each approach is compared with it.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

READ_WORKERS = 8


def paced(call, items, rate, workers=8):
    """call(item) for every item, the k-th call started no earlier than k / rate seconds after the first.

    Several workers, so a slow answer does not hold the next call back from its slot. Returns the results in input
    order; an exception is raised as is (the floor makes no call that may fail).
    """
    started = time.monotonic()
    lock = threading.Lock()
    slots = iter(range(len(items)))

    def next_slot():
        with lock:
            return next(slots, None)

    results = [None] * len(items)

    def worker():
        while (slot := next_slot()) is not None:
            delay = started + slot / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            results[slot] = call(items[slot])

    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(worker) for worker_number in range(workers)]:
            future.result()
    return results


def until_settled(is_settled, items, poll_interval=1.0, timeout=600):
    """Poll is_settled(item) for the items not yet settled, READ_WORKERS at a time, until none is left."""
    pending = list(items)
    deadline = time.monotonic() + timeout
    with ThreadPoolExecutor(max_workers=READ_WORKERS) as pool:
        while pending:
            pending = [item for item, settled in zip(pending, pool.map(is_settled, pending)) if not settled]
            if pending and time.monotonic() > deadline:
                raise SystemExit(f"floor: {len(pending)} still not settled after {timeout} s")
            if pending:
                time.sleep(poll_interval)
