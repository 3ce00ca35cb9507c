# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.coalescing import SHOWN_SECRETS
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.coalescing import Coalescer

WINDOW = 10


def decision(name="CreateSecret", region="us-east-1", secret=None, account="123456789012"):
    return {"event_name": name, "account": account, "region": region, "unit": f"{account}/{region}", "secret": secret}


def test_a_lone_event_starts_a_run_at_once():
    coalescer = Coalescer()
    batch = coalescer.add(decision(secret="app/a"), now=0, window=WINDOW)
    assert batch == {"unit": "123456789012/us-east-1", "account": "123456789012", "region": "us-east-1", "event_count": 1,
                     "events": {"CreateSecret": 1}, "secrets": ["app/a"]}
    assert coalescer.due(now=100, window=WINDOW) == []


def test_a_burst_is_two_runs_one_at_once_and_one_after_the_window():
    coalescer = Coalescer()
    started = [coalescer.add(decision(secret=f"app/{n}"), now=n / 100, window=WINDOW) for n in range(200)]
    assert [batch["event_count"] for batch in started if batch] == [1]
    assert coalescer.waiting() == {"123456789012/us-east-1": 199}
    assert coalescer.due(now=9.9, window=WINDOW) == []
    [trailing] = coalescer.due(now=10, window=WINDOW)
    assert trailing["event_count"] == 199
    assert trailing["events"] == {"CreateSecret": 199}
    assert len(trailing["secrets"]) == SHOWN_SECRETS
    assert coalescer.waiting() == {}


def test_an_event_after_the_window_starts_its_run_with_those_waiting():
    coalescer = Coalescer()
    coalescer.add(decision(), now=0, window=WINDOW)
    assert coalescer.add(decision("TagResource"), now=4, window=WINDOW) is None
    batch = coalescer.add(decision("UpdateSecret"), now=10.5, window=WINDOW)
    assert batch["events"] == {"TagResource": 1, "UpdateSecret": 1}


def test_units_are_independent():
    coalescer = Coalescer()
    assert coalescer.add(decision(region="us-east-1"), now=0, window=WINDOW)
    assert coalescer.add(decision(region="eu-west-1"), now=1, window=WINDOW)
    assert coalescer.add(decision(account="210987654321"), now=2, window=WINDOW)
    assert coalescer.add(decision(region="us-east-1"), now=3, window=WINDOW) is None


def test_without_a_window_everything_waits_and_the_oldest_unit_goes_first():
    coalescer = Coalescer()
    assert coalescer.add(decision(region="eu-west-1"), now=0, window=None) is None
    assert coalescer.add(decision(region="us-east-1"), now=1, window=None) is None
    assert coalescer.due(now=2, window=None) == []
    assert [batch["region"] for batch in coalescer.due(now=2, window=WINDOW)] == ["eu-west-1", "us-east-1"]


def test_a_secret_is_shown_once():
    coalescer = Coalescer()
    coalescer.add(decision(), now=0, window=WINDOW)
    for second in (1, 2, 3):
        coalescer.add(decision(secret="app/a"), now=second, window=WINDOW)
    assert coalescer.due(now=10, window=WINDOW)[0]["secrets"] == ["app/a"]


@given(st.lists(st.floats(min_value=0, max_value=120, allow_nan=False), min_size=1, max_size=300), st.sampled_from([0.5, 1, 10, 30]))
def test_runs_start_a_window_apart_and_every_event_is_answered(arrivals, window):
    """Events at `arrivals`, the clock ticking every second until all is done; a batch is only ever started at or after
    the arrival of each of its events, so every event is answered by a run that starts after it."""
    coalescer = Coalescer()
    starts, answered = [], 0
    clock = 0.0
    for arrival in sorted(arrivals):
        while clock + 1 <= arrival:
            clock += 1
            for batch in coalescer.due(clock, window):
                starts.append(clock)
                answered += batch["event_count"]
        batch = coalescer.add(decision(), arrival, window)
        if batch:
            starts.append(arrival)
            answered += batch["event_count"]
    while coalescer.waiting():
        clock += 1
        for batch in coalescer.due(clock, window):
            starts.append(clock)
            answered += batch["event_count"]
    assert answered == len(arrivals)
    assert all(later - earlier >= window for earlier, later in zip(starts, starts[1:]))
    # Every start lies between the first arrival and a window and a tick after the last.
    assert len(starts) <= (max(arrivals) - min(arrivals) + window + 1) // window + 1
