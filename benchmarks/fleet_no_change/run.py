# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""No-change runs over N secrets x 2 replicas: the role in fleet mode vs loops of community.aws and secret_replica.

For each N: reset the stand-in, seed N secrets already replicated to 2 Regions (boto3), then run each approach
once as its own ansible-playbook process and record the wall time, that it changed nothing, and every call it
made (stand-in request log). Prints two markdown tables (wall time with ratios; API calls per secret) and saves
two PNG charts and a JSON file in results/.

    BENCH_SIZES=100,300,1000 BENCH_LOOP_SIZES=100,300 python benchmarks/fleet_no_change/run.py

BENCH_SIZES: the N for the role (default 100,300,1000). BENCH_LOOP_SIZES: the N for the two loops (default 100,300;
a loop over 1,000 secrets takes 5-8 minutes each).
"""

import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import bench  # noqa: E402, pylint: disable=wrong-import-position

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
ROLE = "role, fleet mode"
COMMUNITY = "loop of community.aws.secretsmanager_secret"
SECRET_REPLICA = "loop of secret_replica"


def sizes(name, default):
    return sorted({int(size) for size in os.environ.get(name, default).replace(" ", "").split(",") if size})


def main():
    role_sizes = sizes("BENCH_SIZES", "100,300,1000")
    loop_sizes = [size for size in sizes("BENCH_LOOP_SIZES", "100,300") if size in role_sizes]
    os.makedirs(RESULTS, exist_ok=True)
    rows = []
    with bench.standin_process() as standin:
        for count in role_sizes:
            standin.reset()
            print(f"seeding {count} secrets x {len(bench.REPLICA_REGIONS)} replicas ...", file=sys.stderr)
            bench.seed(standin, count)
            for approach, playbook in bench.APPROACHES.items():
                if approach != ROLE and count not in loop_sizes:
                    continue
                print(f"N={count}: {approach} ...", file=sys.stderr)
                standin.clear_request_log()
                seconds, changed, failed = bench.run_playbook(standin, playbook, count)
                calls = bench.call_counts(standin)
                if changed or failed:
                    raise SystemExit(f"{approach} at N={count}: changed={changed} failed={failed}; a no-change run must change nothing")
                rows.append({"secrets": count, "approach": approach, "seconds": round(seconds, 2), "calls": calls})
                print(f"  {seconds:.1f} s, {sum(calls.values())} calls", file=sys.stderr)
        statuses = bench.replication_of_all(standin, role_sizes[-1])
    if statuses != {f"{region} InSync": role_sizes[-1] for region in bench.REPLICA_REGIONS}:
        raise SystemExit(f"replication changed during the no-change runs: {statuses}")

    report = render(rows, role_sizes, loop_sizes)
    print(report)
    with open(os.path.join(RESULTS, "no_change.md"), "w", encoding="utf-8") as handle:
        handle.write(report)
    with open(os.path.join(RESULTS, "no_change.json"), "w", encoding="utf-8") as handle:
        json.dump({"machine": bench.machine(), "sizes": role_sizes, "loop_sizes": loop_sizes, "rows": rows}, handle, indent=1)
    charts(rows, role_sizes)
    return 0 if goals(rows)[1] else 1


def seconds_of(rows, approach, count):
    return next((row["seconds"] for row in rows if row["approach"] == approach and row["secrets"] == count), None)


def goals(rows):
    lines, met = [], True
    role_1000 = seconds_of(rows, ROLE, 1000)
    if role_1000 is not None:
        ok = role_1000 < 15
        met &= ok
        lines.append(f"- {'met' if ok else 'NOT MET'}: fleet mode, no-change run over 1,000 secrets under 15 s ({role_1000:.1f} s)")
    role_300, community_300 = seconds_of(rows, ROLE, 300), seconds_of(rows, COMMUNITY, 300)
    if role_300 and community_300:
        ratio = community_300 / role_300
        ok = ratio >= 30
        met &= ok
        lines.append(f"- {'met' if ok else 'NOT MET'}: at N=300 at least 30x faster than the community.aws loop ({ratio:.1f}x)")
    for row in rows:
        if row["approach"] != ROLE:
            continue
        calls, count = row["calls"], row["secrets"]
        ok = (calls.get("ListSecrets", 0) <= math.ceil(count / 100) and calls.get("DescribeSecret", 0) <= count
              and not calls.get("GetSecretValue") and not calls.get("BatchGetSecretValue"))
        met &= ok
        lines.append(
            f"- {'met' if ok else 'NOT MET'}: N={count}: {calls.get('ListSecrets', 0)} ListSecrets (at most {math.ceil(count / 100)}), "
            f"{calls.get('DescribeSecret', 0)} DescribeSecret (at most {count}), {calls.get('GetSecretValue', 0)} GetSecretValue"
        )
    return lines, met


def render(rows, role_sizes, loop_sizes):
    loops = ", ".join(map(str, loop_sizes)) or "none"
    out = [f"Machine: {bench.machine()}", f"Sizes: role at N = {', '.join(map(str, role_sizes))}; loops at N = {loops}", ""]
    header = "| N secrets (x2 replicas) | " + " | ".join(bench.APPROACHES) + " | community.aws / role | secret_replica / role |"
    out += ["### No-change run, wall time (s)", "", header, "|---:|" + "---:|" * (len(bench.APPROACHES) + 2)]
    for count in role_sizes:
        values = [seconds_of(rows, approach, count) for approach in bench.APPROACHES]
        role = values[0]
        ratios = [f"{value / role:.1f}x" if value and role else "-" for value in values[1:]]
        out.append(f"| {count} | " + " | ".join(f"{value:.1f}" if value is not None else "not run" for value in values) + " | " + " | ".join(ratios) + " |")
    out += ["", "### No-change run, API calls per secret (stand-in request log)", "",
            "| N | approach | calls per secret | by operation (total) |", "|---:|---|---:|---|"]
    for row in rows:
        total = sum(row["calls"].values())
        detail = ", ".join(f"{operation} {number}" for operation, number in sorted(row["calls"].items()))
        out.append(f"| {row['secrets']} | {row['approach']} | {total / row['secrets']:.2f} | {detail} |")
    out += ["", "### Goals", ""] + goals(rows)[0] + [""]
    return "\n".join(out)


def charts(rows, role_sizes):
    bench.chart(
        os.path.join(RESULTS, "no_change_wall.png"),
        "No-change run over N secrets x 2 replicas (lower is better)",
        "secrets", "wall time (s, log scale)",
        {approach: [seconds_of(rows, approach, count) for count in role_sizes] for approach in bench.APPROACHES},
        role_sizes, log=True,
    )
    largest = max(row["secrets"] for row in rows if row["approach"] != ROLE) if any(row["approach"] != ROLE for row in rows) else role_sizes[-1]
    chosen = [row for row in rows if row["secrets"] == largest]
    operations = sorted({operation for row in chosen for operation in row["calls"]})
    bench.bar_chart(
        os.path.join(RESULTS, "no_change_calls.png"),
        f"API calls per secret, no-change run, N={largest}",
        "calls per secret",
        operations,
        {row["approach"]: [row["calls"].get(operation, 0) / largest for operation in operations] for row in chosen},
    )


if __name__ == "__main__":
    sys.exit(main())
