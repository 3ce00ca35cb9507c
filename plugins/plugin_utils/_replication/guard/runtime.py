# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The replication guard inside ansible-rulebook: the state behind the event filter secretsmanager.replication.replication_guard.
For internal collection use only.

The rulebook feeds the filter two streams. The webhook (or SQS) source delivers EventBridge events; an
eda.builtin.generic source delivers a clock event every second carrying the guard's variables, because ansible-rulebook
templates a source's arguments with the rulebook's variables but never an event filter's (nor a throttle's window).
Both filter instances share the one Guard of this module. A delivered event goes out as at most one event for the
rules: a run to start (action converge), or a disaster-recovery event to log (action log_only); everything else is
ignored with one log line. The clock event goes out as the runs whose window has passed.
"""

import logging
import time

from .coalescing import Coalescer
from .events import CONVERGE
from .events import IGNORE
from .events import LOG_ONLY
from .events import NotAnEvent
from .events import classify
from .policy import GuardConfigError
from .policy import guard_policy
from .policy import run_variables
from .policy import unit_problem

# The key of the clock event's payload (the rulebook's eda.builtin.generic source).
CLOCK_KEY = "replication_guard_clock"
# The key the filter's outgoing events carry, which the rulebook's conditions test.
OUT_KEY = "replication_guard"
LOGGER = logging.getLogger("secretsmanager.replication.replication_guard")


def _counts(events):
    return ", ".join(f"{name} x{count}" for name, count in events.items())


class Guard:
    """Policy (from the clock), coalescing per unit, and what goes out to the rules."""

    def __init__(self, clock=time.monotonic, logger=LOGGER):
        self.clock = clock
        self.logger = logger
        self.policy = None
        self._config = None
        self.coalescer = Coalescer()

    def handle(self, event):
        """The events for the rules that `event` (as a source delivered it) gives: a list, often empty."""
        try:
            if isinstance(event, dict) and CLOCK_KEY in event:
                return self.clock_tick(event[CLOCK_KEY])
            return self.receive(event)
        except GuardConfigError:
            raise  # the guard's variables are wrong: stop the rulebook with the message
        except Exception as error:  # pylint: disable=broad-exception-caught
            self.logger.exception("replication guard: internal error on an event, which is dropped: %s", error)
            return []

    def _window(self):
        return self.policy["window"] if self.policy else None

    def clock_tick(self, config):
        if config != self._config:
            self.policy = guard_policy(config)  # GuardConfigError stops the rulebook before it acts on anything
            self._config = config
            self.logger.info(
                "replication guard: secrets matching %s converge to %s (overwrite %s) at most once per unit every %s s",
                self.policy["secret_filters"], ", ".join(self.policy["replica_regions"]), self.policy["overwrite"], self.policy["window"],
            )
        return [out for out in (self._converge(batch) for batch in self.coalescer.due(self.clock(), self._window())) if out]

    def receive(self, event):
        try:
            decision = classify(event)
        except NotAnEvent as error:
            self.logger.warning("replication guard: ignored, not a Secrets Manager CloudTrail event: %s", error)
            return []
        about = f"{decision['event_name']} of {decision['secret'] or 'a secret'} in {decision['unit']}"
        if decision["action"] == IGNORE:
            self.logger.warning("replication guard: ignored %s: %s", about, decision["reason"])
            return []
        if decision["action"] == LOG_ONLY:
            message = f"{about}: no change, {decision['reason']}"
            self.logger.warning("replication guard: %s", message)
            return [{OUT_KEY: dict(decision, message=message)}]
        problem = self.policy and unit_problem(self.policy, decision["region"], decision["account"])
        if problem:
            self.logger.warning("replication guard: ignored %s: %s", about, problem)
            return []
        batch = self.coalescer.add(decision, self.clock(), self._window())
        if batch is None:
            self.logger.info("replication guard: %s waits for the next run of %s (%s)", about, decision["unit"], decision["reason"])
            return []
        return [out for out in [self._converge(batch)] if out]

    def _converge(self, batch):
        problem = unit_problem(self.policy, batch["region"], batch.get("account"))
        if problem:
            self.logger.warning("replication guard: ignored %s event(s) in %s: %s", batch["event_count"], batch["unit"], problem)
            return None
        message = (f"converging {batch['unit']} after {batch['event_count']} event(s) ({_counts(batch['events'])}; "
                   f"{', '.join(batch['secrets']) or 'no secret named'})")
        self.logger.info("replication guard: %s", message)
        return {OUT_KEY: dict(batch, action=CONVERGE, message=message, run=run_variables(self.policy, batch["region"]))}


_SHARED = []


def shared_guard():
    """The one Guard of this process, shared by every instance of the event filter (ansible-rulebook loads the filter
    once per source; this module is imported once)."""
    if not _SHARED:
        _SHARED.append(Guard())
    return _SHARED[0]
