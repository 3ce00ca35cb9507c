# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Bursts of events become few runs: at most one run start per unit per window. For internal collection use only.

The first event for a unit that has not started a run within the window starts one at once, so a lone event is acted
on without waiting. Events that come while that run's window lasts wait, all together, and start one more run when the
window has passed: that run begins after every one of them arrived, and a run re-reads AWS, so none is lost. A burst of
any size within one window is two runs; events spread over T seconds start at most T / window + 1.

Pure: the caller passes the time (`now`, seconds from any fixed point) and the window; None for the window holds
every event until it is known.
"""

import collections

# How many secret ids a batch keeps for its log line; the counts cover every event.
SHOWN_SECRETS = 10


class Batch:
    """The events for one unit that one run answers."""

    def __init__(self, decision, now):
        self.unit = decision["unit"]
        self.account = decision["account"]
        self.region = decision["region"]
        self.first_at = now
        self.event_counts = collections.Counter()
        self.secrets = []
        self.add(decision)

    def add(self, decision):
        self.event_counts[decision["event_name"]] += 1
        if decision.get("secret") and decision["secret"] not in self.secrets and len(self.secrets) < SHOWN_SECRETS:
            self.secrets.append(decision["secret"])

    def summary(self):
        """{unit, account, region, event_count, events: {name: count}, secrets: [the first SHOWN_SECRETS ids]}."""
        return {
            "unit": self.unit,
            "account": self.account,
            "region": self.region,
            "event_count": sum(self.event_counts.values()),
            "events": dict(sorted(self.event_counts.items())),
            "secrets": list(self.secrets),
        }


class Coalescer:
    """Per unit: when its last run started, and the batch waiting for the next one."""

    def __init__(self):
        self._started = {}
        self._waiting = {}

    def _may_start(self, unit, now, window):
        return window is not None and (unit not in self._started or now - self._started[unit] >= window)

    def _start(self, unit, now):
        self._started[unit] = now
        return self._waiting.pop(unit).summary()

    def add(self, decision, now, window):
        """Record a converge decision (events.classify); the summary of the batch to run now, or None when it waits."""
        unit = decision["unit"]
        if unit in self._waiting:
            self._waiting[unit].add(decision)
        else:
            self._waiting[unit] = Batch(decision, now)
        return self._start(unit, now) if self._may_start(unit, now, window) else None

    def due(self, now, window):
        """The summaries of the waiting batches whose unit's window has passed, oldest first; they are run now."""
        ready = sorted(self._waiting, key=lambda unit: self._waiting[unit].first_at)
        return [self._start(unit, now) for unit in ready if self._may_start(unit, now, window)]

    def waiting(self):
        """{unit: number of events waiting}."""
        return {unit: sum(batch.event_counts.values()) for unit, batch in self._waiting.items()}
