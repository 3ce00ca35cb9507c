# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""First-time replication of N new secrets (default 200) to 2 Regions: role in fleet mode vs the two loops.

For each approach: reset the stand-in, seed N secrets without replicas (boto3), run the approach once as its own
ansible-playbook process, then check with boto3 that every secret has both replicas InSync. Prints a markdown
table and saves a PNG chart and a JSON file in results/.

    BENCH_FIRST_SECRETS=200 python benchmarks/first_replication/run.py
"""

import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fleet_no_change"))

import bench  # noqa: E402, pylint: disable=wrong-import-position

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def main():
    count = int(os.environ.get("BENCH_FIRST_SECRETS", "200"))
    os.makedirs(RESULTS, exist_ok=True)
    rows = []
    with bench.standin_process() as standin:
        for approach, playbook in bench.APPROACHES.items():
            standin.reset()
            print(f"seeding {count} new secrets; {approach} ...", file=sys.stderr)
            bench.seed(standin, count, replicated=False)
            standin.clear_request_log()
            seconds, changed, failed = bench.run_playbook(standin, playbook, count)
            calls = bench.call_counts(standin)
            statuses = bench.replication_of_all(standin, count)
            expected = {f"{region} InSync": count for region in bench.REPLICA_REGIONS}
            if failed or not changed or statuses != expected:
                raise SystemExit(f"{approach}: failed={failed} changed={changed}, replicas {statuses}, expected {expected}")
            rows.append({"secrets": count, "approach": approach, "seconds": round(seconds, 2), "calls": calls})
            print(f"  {seconds:.1f} s, {sum(calls.values())} calls", file=sys.stderr)

    role = rows[0]["seconds"]
    out = [f"Machine: {bench.machine()}", "", f"### First-time replication of {count} new secrets to 2 Regions", "",
           "| approach | wall time (s) | vs role | calls per secret | by operation (total) |", "|---|---:|---:|---:|---|"]
    for row in rows:
        detail = ", ".join(f"{operation} {number}" for operation, number in sorted(row["calls"].items()))
        out.append(f"| {row['approach']} | {row['seconds']:.1f} | {row['seconds'] / role:.2f}x | {sum(row['calls'].values()) / count:.2f} | {detail} |")
    out.append("")
    report = "\n".join(out)
    print(report)
    with open(os.path.join(RESULTS, "first_replication.md"), "w", encoding="utf-8") as handle:
        handle.write(report)
    with open(os.path.join(RESULTS, "first_replication.json"), "w", encoding="utf-8") as handle:
        json.dump({"machine": bench.machine(), "secrets": count, "rows": rows}, handle, indent=1)
    bench.bar_chart(
        os.path.join(RESULTS, "first_replication.png"),
        f"First-time replication of {count} secrets to 2 Regions (lower is better)",
        "wall time (s)",
        ["wall time"],
        {row["approach"]: [row["seconds"]] for row in rows},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
