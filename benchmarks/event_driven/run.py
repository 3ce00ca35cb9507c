# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Event-driven replication: the replication guard (extensions/eda/rulebooks/replication_guard.yml) under a real
ansible-rulebook, against the stand-in with AWS's write quota (50 writes/s per Region) enforced.

1. Latency: a new secret is created and its CreateSecret event posted to the guard's webhook; the time until the
   secret is InSync in both replica Regions (read with boto3), for BENCH_EDA_LATENCY_SAMPLES secrets one after another
   (default 5), each once the guard has settled (its window passed), so each is a lone event. After each, the same
   replicate.yml run for one more new secret, started by hand, is timed: the guard's own share is the difference.
2. Bursts: N secrets are created as a deployment would, each CreateSecret event posted as soon as its call returns
   (AWS delivers an event after its call); the time from the first event until all N are InSync in both Regions, and
   the playbook runs the guard started. Compared with one replicate.yml selector run over the same N secrets (seeded
   first; timed from start to exit, as the guard's run is the same playbook) and with the boto3 floor (one
   ReplicateSecretToRegions per secret paced at 50/s, then DescribeSecret until settled).

Writes results/event_driven.{md,json,png}; exit status 1 when a goal is missed.

    BENCH_EDA_SIZES=200,1000 BENCH_EDA_LATENCY_SAMPLES=5 python benchmarks/event_driven/run.py

Needs ansible-rulebook (RULEBOOK_BIN, the venv `make rulebook-venv` builds) and Java 17 (JAVA_HOME); the guard process
harness is tests/eda/guard_process.py.
"""

import functools
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from common import charts, harness, report, request_log
from first_replication.run import replicate_at_floor
from guard_process import GuardProcess
from standin.process import free_port

RESULTS = harness.results_dir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
GUARD = "guard: burst of N CreateSecret events"
SELECTOR = "one replicate.yml selector run"
FLOOR = "boto3 floor (50 writes/s)"
APPROACHES = (GUARD, SELECTOR, FLOOR)
SELECTOR_FILTER = "name=bench/"
POLICY_REGIONS = [harness.PRIMARY_REGION, *harness.REPLICA_REGIONS]
LATENCY_GOAL_SECONDS = 15
BURST_GOAL = 1.5
RUNS_PER_BURST = 3
GUARD_VARIABLES = {
    "replication_guard_token": "benchmark-token-5b7e1c9d",
    "replication_guard_secret_filters": SELECTOR_FILTER,
    "replication_guard_replica_regions": POLICY_REGIONS,
}


def create_secret_event(name, arn):
    detail = {"eventSource": "secretsmanager.amazonaws.com", "eventName": "CreateSecret", "awsRegion": harness.PRIMARY_REGION,
              "requestParameters": {"name": name}, "responseElements": {"arn": arn}, "recipientAccountId": "123456789012"}
    return {"version": "0", "detail-type": "AWS API Call via CloudTrail", "source": "aws.secretsmanager", "account": "123456789012",
            "region": harness.PRIMARY_REGION, "resources": [], "detail": detail}


def all_listed(standin, names):
    """Every one of `names` has its replica in both replica Regions (ListSecrets there, boto3): the stand-in replicates
    at once, so a listed replica is InSync, which each run checks after its timing with DescribeSecret."""
    for region in harness.REPLICA_REGIONS:
        paginator = standin.client("secretsmanager", region).get_paginator("list_secrets")
        listed = {secret["Name"] for page in paginator.paginate(Filters=[{"Key": "name", "Values": ["bench/"]}]) for secret in page["SecretList"]}
        if not set(names) <= listed:
            return False
    return True


def wait_until(condition, timeout, poll=0.2):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"not within {timeout} s")
        time.sleep(poll)


def latency(standin, guard, samples):
    """[(seconds from a lone CreateSecret event to its secret InSync in both replica Regions, seconds of the same
    replicate.yml run for another new secret started by hand)], one pair per sample."""
    harness.reset(standin)
    primary = standin.client("secretsmanager", harness.PRIMARY_REGION)
    standin.client("ec2", harness.PRIMARY_REGION).describe_regions()  # moto's EC2 warm-up, as harness.seed does
    seconds = []
    for sample in range(samples):
        guard.settle()
        name = f"bench/latency-{sample}"
        arn = primary.create_secret(Name=name, SecretString=harness.SECRET_VALUE)["ARN"]
        posted = time.perf_counter()
        if guard.send(create_secret_event(name, arn)) != 200:
            raise SystemExit("the guard refused an event")

        def in_sync(secret=name):
            statuses = primary.describe_secret(SecretId=secret).get("ReplicationStatus", [])
            return sorted(status["Region"] for status in statuses if status["Status"] == "InSync") == sorted(harness.REPLICA_REGIONS)

        wait_until(in_sync, 120)
        event_to_in_sync = round(time.perf_counter() - posted, 2)
        guard.settle()
        primary.create_secret(Name=f"bench/by-hand-{sample}", SecretString=harness.SECRET_VALUE)
        by_hand = round(harness.run_playbook(standin, "secretsmanager.replication.replicate", selector_run_variables())[0], 2)
        seconds.append((event_to_in_sync, by_hand))
        print(f"latency sample {sample + 1}: {event_to_in_sync:.1f} s; the run by hand {by_hand:.1f} s", file=sys.stderr)
    return seconds


def burst(standin, guard, count, outcome):
    """Seconds from the first event until all `count` secrets are replicated; outcome["runs"]: the runs the guard started."""
    guard.settle()
    harness.reset(standin)
    standin.client("ec2", harness.PRIMARY_REGION).describe_regions()
    primary = standin.client("secretsmanager", harness.PRIMARY_REGION)
    names = harness.secret_names(count)
    since = guard.mark()
    started = []

    def create_and_post(name):
        arn = primary.create_secret(Name=name, SecretString=harness.SECRET_VALUE)["ARN"]
        started.append(time.perf_counter())
        if guard.send(create_secret_event(name, arn)) != 200:
            raise SystemExit("the guard refused an event")

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create_and_post, names))
    wait_until(lambda: all_listed(standin, names), 900, poll=1)
    seconds = time.perf_counter() - min(started)
    guard.settle()
    outcome["runs"] = guard.runs_started(since)
    return seconds


def measured_row(standin, approach, count, run):
    """harness.measure, then the request log without the benchmark's own calls (CreateSecret of the burst, the
    replica-Region reads of its polling), so the calls are the guard's runs'. Exits unless every replica is InSync."""
    started_at = time.time()
    row = harness.measure(standin, approach, count, run)
    own = [entry for entry in standin.request_log()
           if entry["operation"] != "CreateSecret" and not (entry["operation"] == "ListSecrets" and entry["region"] != harness.PRIMARY_REGION)]
    row.update(request_log.metrics(own, count), timeline=request_log.timeline(own, started_at))
    if harness.replica_statuses(standin, count) != harness.all_in_sync(count):
        raise SystemExit(f"{approach} at N={count}: not every replica InSync")
    return row


def selector_run_variables():
    """replicate.yml's variables for the selector run the guard would start for the primary Region."""
    return {"secret_filters": SELECTOR_FILTER, "replica_regions": list(harness.REPLICA_REGIONS), "replicate_primary_region": harness.PRIMARY_REGION,
            "replicate_skip_promoted": True}


def run_selector(standin, count):
    harness.reset(standin)
    harness.seed(standin, count, replica_regions=())
    return measured_row(standin, SELECTOR, count, lambda: harness.run_playbook(standin, "secretsmanager.replication.replicate", selector_run_variables())[0])


def run_floor(standin, count):
    harness.reset(standin)
    harness.seed(standin, count, replica_regions=())
    return measured_row(standin, FLOOR, count, lambda: replicate_at_floor(standin, count))


def goals(rows, latencies):
    to_in_sync = [event_to_in_sync for event_to_in_sync, by_hand in latencies]
    found = [report.goal(f"one secret InSync within {LATENCY_GOAL_SECONDS} s of its event (median of {len(to_in_sync)})",
                         statistics.median(to_in_sync) <= LATENCY_GOAL_SECONDS,
                         f"median {statistics.median(to_in_sync):.1f} s, max {max(to_in_sync):.1f} s")]
    over_selector = report.ratio(report.seconds_of(rows, GUARD, 1000), report.seconds_of(rows, SELECTOR, 1000))
    if over_selector is not None:
        found.append(report.goal(f"{GUARD}: at N=1,000 within {BURST_GOAL}x of {SELECTOR}", over_selector <= BURST_GOAL,
                                 f"{over_selector:.2f}x"))
    runs = {row["secrets"]: row["runs"] for row in rows if row["approach"] == GUARD}
    if runs:
        found.append(report.goal(f"{GUARD}: at most {RUNS_PER_BURST} playbook runs per burst", max(runs.values()) <= RUNS_PER_BURST,
                                 ", ".join(f"N={count:,}: {number}" for count, number in sorted(runs.items()))))
    found.append(report.unthrottled_goal(rows, (GUARD, SELECTOR)))
    return found


def latency_lines(latencies):
    """The samples, and event to InSync minus the same run started by hand (start to exit: it ends after InSync)."""
    lines = ["| sample | event to InSync (s) | the same replicate.yml run by hand, start to exit (s) | difference (s) |", "|---:|---:|---:|---:|"]
    lines += [f"| {number} | {event:.1f} | {by_hand:.1f} | {event - by_hand:.1f} |" for number, (event, by_hand) in enumerate(latencies, 1)]
    event, by_hand = (statistics.median(column) for column in zip(*latencies))
    share = statistics.median(event_to_in_sync - run for event_to_in_sync, run in latencies)
    return lines + [f"| median | {event:.1f} | {by_hand:.1f} | {share:.1f} |"]


def main():
    sizes = harness.sizes("BENCH_EDA_SIZES", "200,1000")
    samples = int(os.environ.get("BENCH_EDA_LATENCY_SAMPLES", "5"))
    before = harness.conditions()
    rows = []
    with harness.standin_process() as standin, tempfile.TemporaryDirectory(prefix="bench-eda-") as workdir:
        guard = GuardProcess(workdir, GUARD_VARIABLES, standin.environment(harness.PRIMARY_REGION), port=free_port()).start()
        try:
            guard.wait_ready()
            latencies = latency(standin, guard, samples)
            for count in sizes:
                for approach in harness.selected(APPROACHES):
                    if approach == GUARD:
                        outcome = {}
                        row = dict(measured_row(standin, GUARD, count, functools.partial(burst, standin, guard, count, outcome)), **outcome)
                    else:
                        row = (run_selector if approach == SELECTOR else run_floor)(standin, count)
                    rows.append(row)
        finally:
            guard.stop()
    after = harness.conditions()
    found = goals(rows, latencies)
    lines = report.conditions_lines(before, after) + [
        "", f"Guard variables: {GUARD_VARIABLES['replication_guard_secret_filters']} to {', '.join(harness.REPLICA_REGIONS)}, "
        "window 10 s (the default)",
        "", "### Latency: a lone CreateSecret event to InSync in both replica Regions", "",
    ] + latency_lines(latencies) + [
        "", f"### Bursts of N CreateSecret events, write quota 50/s enforced (sizes {', '.join(map(str, sizes))})", "",
    ] + report.runs_table(rows, baseline=FLOOR) + [
        "", "Playbook runs the guard started per burst: " + ", ".join(f"N={row['secrets']:,}: {row['runs']}" for row in rows if row["approach"] == GUARD),
        "", "### Goals", "",
    ] + report.goal_lines(found)
    data = {"before": before, "after": after, "sizes": sizes, "latencies": latencies, "rows": rows, "goals": found}
    report.write_results(RESULTS, "event_driven", lines, data)
    charts.bar_chart(os.path.join(RESULTS, "event_driven.png"), "Converging a burst of N new secrets (lower is better)", "wall time (s)",
                     [f"N={count}" for count in sizes],
                     {approach: [report.seconds_of(rows, approach, count) for count in sizes] for approach in APPROACHES}, labels=True)
    return 0 if all(item["met"] for item in found) else 1


if __name__ == "__main__":
    sys.exit(main())
