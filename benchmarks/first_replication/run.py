# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""First-time replication of N new secrets to 2 Regions, with AWS's write quota (50 writes/s per Region) enforced.

Approaches, all in one run: the replicate role with a list (replicate_secrets), the role with a selector
(replicate_selector), a loop of community.aws secretsmanager_secret with its replica option, and the boto3 floor
(ReplicateSecretToRegions per secret paced at 50/s, then DescribeSecret until no replica is InProgress).

For each N and approach: reset the stand-in, turn the quota on, seed N secrets without replicas (boto3), run the
approach once (a playbook as its own ansible-playbook process), then check with boto3 that every secret has both
replicas InSync. Writes results/first_replication.{md,json,png}; exit status 1 when a goal is missed.

    BENCH_FIRST_SIZES=200,1000 BENCH_FIRST_LOOP_SIZES=200 python benchmarks/first_replication/run.py

BENCH_FIRST_LOOP_SIZES: the N for the community.aws loop (default 200; at 1,000 it would take about 15 minutes).
"""

import os
import sys
import time

from common import charts, floor, harness, report

RESULTS = harness.results_dir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
ROLE_LIST = "role with a list (replicate_secrets)"
ROLE_SELECTOR = "role with a selector (replicate_selector)"
COMMUNITY = "loop of community.aws secretsmanager_secret"
FLOOR = "boto3 floor (50 writes/s)"
PLAYBOOKS = {ROLE_LIST: "role_list.yml", ROLE_SELECTOR: "role_selector.yml", COMMUNITY: "community_loop.yml"}
APPROACHES = (ROLE_LIST, ROLE_SELECTOR, COMMUNITY, FLOOR)


def replicate_with_playbook(standin, approach, count):
    seconds, changed, failed = harness.run_playbook(standin, PLAYBOOKS[approach], harness.playbook_vars(count))
    if failed or not changed:
        raise SystemExit(f"{approach} at N={count}: changed={changed} failed={failed}")
    return seconds


def replicate_at_floor(standin, count):
    """The minimal calls: one ReplicateSecretToRegions per secret at the quota, then DescribeSecret until settled."""
    started = time.perf_counter()
    client = standin.client("secretsmanager", harness.PRIMARY_REGION)
    names = harness.secret_names(count)
    replicas = [{"Region": region} for region in harness.REPLICA_REGIONS]
    floor.paced(lambda name: client.replicate_secret_to_regions(SecretId=name, AddReplicaRegions=replicas), names, harness.AWS_WRITE_QUOTA_PER_SECOND)

    def settled(name):
        return all(status["Status"] != "InProgress" for status in client.describe_secret(SecretId=name)["ReplicationStatus"])

    floor.until_settled(settled, names)
    return time.perf_counter() - started


def run_approach(standin, approach, count):
    harness.reset(standin)
    harness.seed(standin, count, replica_regions=())
    if approach == FLOOR:
        row = harness.measure(standin, approach, count, lambda: replicate_at_floor(standin, count))
    else:
        row = harness.measure(standin, approach, count, lambda: replicate_with_playbook(standin, approach, count))
    statuses = harness.replica_statuses(standin, count)
    if statuses != harness.all_in_sync(count):
        raise SystemExit(f"{approach} at N={count}: replicas {statuses}, expected {harness.all_in_sync(count)}")
    return row


def goals(rows):
    found = []
    for role in (ROLE_LIST, ROLE_SELECTOR):
        speedup = report.ratio(report.seconds_of(rows, COMMUNITY, 200), report.seconds_of(rows, role, 200))
        if speedup is not None:
            found.append(report.goal(f"{role}: at N=200 at least 10x faster than the community.aws loop", speedup >= 10, f"{speedup:.1f}x"))
        over_floor = report.ratio(report.seconds_of(rows, role, 1000), report.seconds_of(rows, FLOOR, 1000))
        if over_floor is not None:
            found.append(report.goal(f"{role}: at N=1,000 within 1.5x of the boto3 floor", over_floor <= 1.5, f"{over_floor:.2f}x the floor"))
    ours = [row for row in rows if row["approach"] in (ROLE_LIST, ROLE_SELECTOR)]
    throttled = sum(row["throttled"] for row in ours)
    found.append(report.goal("the role: no throttled response (its own writes are paced)", throttled == 0, f"{throttled} throttled"))
    return found


def main():
    sizes = harness.sizes("BENCH_FIRST_SIZES", "200,1000")
    loop_sizes = harness.sizes("BENCH_FIRST_LOOP_SIZES", "200")
    before = harness.conditions()
    rows = []
    with harness.standin_process() as standin:
        for count in sizes:
            for approach in harness.selected(APPROACHES):
                if approach != COMMUNITY or count in loop_sizes:
                    rows.append(run_approach(standin, approach, count))
    after = harness.conditions()
    found = goals(rows)
    lines = report.conditions_lines(before, after) + [
        "", f"Sizes: N = {', '.join(map(str, sizes))}; the community.aws loop at N = {', '.join(map(str, loop_sizes)) or 'none'}",
        "", f"### First-time replication of N secrets to {' and '.join(harness.REPLICA_REGIONS)}, write quota 50/s enforced", "",
    ] + report.runs_table(rows, baseline=FLOOR) + ["", "### Goals", ""] + report.goal_lines(found)
    report.write_results(RESULTS, "first_replication", lines, {"before": before, "after": after, "sizes": sizes, "loop_sizes": loop_sizes, "rows": rows, "goals": found})
    draw(rows, sizes)
    return 0 if all(item["met"] for item in found) else 1


def draw(rows, sizes):
    """The wall-time chart: one group of bars per N, one bar per approach (log scale)."""
    charts.bar_chart(
        os.path.join(RESULTS, "first_replication.png"),
        "First-time replication to 2 Regions, write quota on (lower is better)",
        "wall time (s, log scale)",
        [f"N={count}" for count in sizes],
        {approach: [report.seconds_of(rows, approach, count) for count in sizes] for approach in APPROACHES},
        log=True, labels=True,
    )


if __name__ == "__main__":
    sys.exit(main())
