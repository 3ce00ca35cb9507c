# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""No-change runs over N secrets x 2 replicas: the role in selector mode vs loops of community.aws and secret_replica.

For each N: reset the stand-in (write quota on, as in every benchmark), seed N secrets already replicated to 2 Regions
(boto3), then run each approach once as its own ansible-playbook process and record the wall time, that it changed
nothing, and every call it made (stand-in request log). Writes results/no_change.{md,json}, no_change_wall.png and
no_change_calls.png; exit status 1 when a goal is missed.

    BENCH_SIZES=100,300,1000 BENCH_LOOP_SIZES=100,300 python benchmarks/fleet_no_change/run.py

BENCH_SIZES: the N for the role (default 100,300,1000). BENCH_LOOP_SIZES: the N for the two loops (default 100,300;
a loop over 1,000 secrets takes 5-8 minutes each).
"""

import math
import os
import sys

from common import charts, harness, report

RESULTS = harness.results_dir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
ROLE = "role, selector mode"
COMMUNITY = "loop of community.aws secretsmanager_secret"
SECRET_REPLICA = "loop of secret_replica"
PLAYBOOKS = {ROLE: "role_selector.yml", COMMUNITY: "community_loop.yml", SECRET_REPLICA: "secret_replica_loop.yml"}


def run_unchanged(standin, approach, count):
    seconds, changed, failed = harness.run_playbook(standin, PLAYBOOKS[approach], harness.playbook_vars(count))
    if changed or failed:
        raise SystemExit(f"{approach} at N={count}: changed={changed} failed={failed}; a no-change run must change nothing")
    return seconds


def main():
    role_sizes = harness.sizes("BENCH_SIZES", "100,300,1000")
    loop_sizes = [size for size in harness.sizes("BENCH_LOOP_SIZES", "100,300") if size in role_sizes]
    before = harness.conditions()
    rows = []
    with harness.standin_process() as standin:
        for count in role_sizes:
            harness.reset(standin)
            print(f"seeding {count} secrets x {len(harness.REPLICA_REGIONS)} replicas ...", file=sys.stderr)
            harness.seed(standin, count)
            for approach in harness.selected(PLAYBOOKS):
                if approach == ROLE or count in loop_sizes:
                    rows.append(harness.measure(standin, approach, count, lambda approach=approach: run_unchanged(standin, approach, count)))
        statuses = harness.replica_statuses(standin, role_sizes[-1])
    after = harness.conditions()
    if statuses != harness.all_in_sync(role_sizes[-1]):
        raise SystemExit(f"replication changed during the no-change runs: {statuses}")

    found = goals(rows)
    lines = report.conditions_lines(before, after) + [
        "", f"Sizes: role at N = {', '.join(map(str, role_sizes))}; loops at N = {', '.join(map(str, loop_sizes)) or 'none'}", "",
    ] + wall_table(rows, role_sizes) + ["", "### No-change runs (stand-in request log)", ""] + report.runs_table(rows, baseline=ROLE)
    lines += ["", "### Goals", ""] + report.goal_lines(found)
    data = {"before": before, "after": after, "sizes": role_sizes, "loop_sizes": loop_sizes, "rows": rows, "goals": found}
    report.write_results(RESULTS, "no_change", lines, data)
    draw(rows, role_sizes)
    return 0 if all(item["met"] for item in found) else 1


def goals(rows):
    found = []
    role_1000 = report.seconds_of(rows, ROLE, 1000)
    if role_1000 is not None:
        found.append(report.goal("selector mode, no-change run over 1,000 secrets under 15 s", role_1000 < 15, f"{role_1000:.1f} s"))
    # At small N Ansible's start-up dominates every approach, so the ratio is judged from N=300 on.
    community_sizes = [row["secrets"] for row in rows if row["approach"] == COMMUNITY and row["secrets"] >= 300]
    if community_sizes:
        largest = max(community_sizes)
        speedup = report.ratio(report.seconds_of(rows, COMMUNITY, largest), report.seconds_of(rows, ROLE, largest))
        found.append(report.goal(f"at N={largest} (the largest N the loop ran at) at least 30x faster than the community.aws loop",
                                 speedup >= 30, f"{speedup:.1f}x"))
    for row in rows:
        if row["approach"] == ROLE:
            calls, count = row["calls"], row["secrets"]
            reads = calls.get("ListSecrets", 0) + calls.get("DescribeSecret", 0)
            ok = calls.get("ListSecrets", 0) <= math.ceil(count / 100) and calls.get("DescribeSecret", 0) <= count and row["calls_total"] == reads
            found.append(report.goal(
                f"N={count}: at most {math.ceil(count / 100)} ListSecrets and {count} DescribeSecret, nothing else",
                ok, ", ".join(f"{operation} {number}" for operation, number in calls.items())))
    return found


def wall_table(rows, role_sizes):
    out = ["### No-change run, wall time (s)", "",
           "| N secrets (x2 replicas) | " + " | ".join(PLAYBOOKS) + " | community.aws / role | secret_replica / role |",
           "|---:|" + "---:|" * (len(PLAYBOOKS) + 2)]
    for count in role_sizes:
        values = [report.seconds_of(rows, approach, count) for approach in PLAYBOOKS]
        ratios = [report.ratio(value, values[0]) for value in values[1:]]
        out.append(f"| {count} | " + " | ".join(f"{value:.1f}" if value is not None else "not run" for value in values) + " | "
                   + " | ".join(f"{value:.1f}x" if value else "-" for value in ratios) + " |")
    return out


def draw(rows, role_sizes):
    charts.chart(
        os.path.join(RESULTS, "no_change_wall.png"),
        "No-change run over N secrets x 2 replicas (lower is better)",
        "secrets", "wall time (s, log scale)",
        {approach: [report.seconds_of(rows, approach, count) for count in role_sizes] for approach in PLAYBOOKS},
        role_sizes, log=True,
    )
    largest = max((row["secrets"] for row in rows if row["approach"] != ROLE), default=role_sizes[-1])
    chosen = [row for row in rows if row["secrets"] == largest]
    operations = sorted({operation for row in chosen for operation in row["calls"]})
    charts.bar_chart(
        os.path.join(RESULTS, "no_change_calls.png"),
        f"API calls per secret, no-change run, N={largest}",
        "calls per secret",
        operations,
        {row["approach"]: [row["calls"].get(operation, 0) / largest for operation in operations] for row in chosen},
    )


if __name__ == "__main__":
    sys.exit(main())
