# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Peak memory (RSS) of the secret_replica module process for one batch of N secrets (default 5,000).

Resets the stand-in (write quota on), seeds N secrets without replicas, then runs the module file itself as a child
process with an args file (`python plugins/modules/secret_replica.py args.json`, as Ansible runs it on the host, without
Ansible's wrapper) to replicate every secret to us-west-2 and eu-west-1 in one batch, and reads the child's peak RSS
(ru_maxrss from wait4). Checks with boto3 that every replica is InSync. Writes results/module_memory.{md,json}; exit
status 1 when the peak is 500 MB or more.

    BENCH_MEMORY_SECRETS=5000 python benchmarks/module_memory/run.py
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time

from common import harness, report

RESULTS = harness.results_dir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
MODULE = "ansible_collections.secretsmanager.replication.plugins.modules.secret_replica"
LIMIT_MB = 500


def run_module(standin, count, peak):
    """Run secret_replica on the first `count` secrets; records the child's peak RSS (MB) in peak["mb"]; returns seconds."""
    arguments = {"ANSIBLE_MODULE_ARGS": {
        "region": harness.PRIMARY_REGION,
        "secrets": [{"secret_id": name} for name in harness.secret_names(count)],
        "replicas": [{"region": region} for region in harness.REPLICA_REGIONS],
    }}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(arguments, handle)
    env = dict(harness.ansible_environment(standin), PYTHONPATH=os.environ.get("PYTHONPATH", ""))
    try:
        started = time.perf_counter()
        with tempfile.TemporaryFile("w+") as output:
            child = subprocess.Popen([sys.executable, importlib.util.find_spec(MODULE).origin, handle.name], env=env, stdout=output, stderr=subprocess.STDOUT)
            status, usage = os.wait4(child.pid, 0)[1:]
            child.returncode = os.waitstatus_to_exitcode(status)
            seconds = time.perf_counter() - started
            output.seek(0)
            text = output.read()
    finally:
        os.unlink(handle.name)
    result = json.loads(text[text.index("{"):])
    if result.get("failed") or result.get("summary", {}).get("changed") != count:
        raise SystemExit(f"secret_replica on {count} secrets (exit {child.returncode}): {result.get('msg')} {result.get('summary')}")
    peak["mb"] = usage.ru_maxrss / 1024  # Linux: KiB
    return seconds


def main():
    count = int(os.environ.get("BENCH_MEMORY_SECRETS", "5000"))
    before = harness.conditions()
    peak = {}
    with harness.standin_process() as standin:
        harness.reset(standin)
        print(f"seeding {count} secrets ...", file=sys.stderr)
        harness.seed(standin, count, replica_regions=())
        row = harness.measure(standin, "secret_replica, one batch", count, lambda: run_module(standin, count, peak))
        statuses = harness.replica_statuses(standin, count)
    after = harness.conditions()
    if statuses != harness.all_in_sync(count):
        raise SystemExit(f"replicas {statuses}, expected {harness.all_in_sync(count)}")
    row["peak_rss_mb"] = round(peak["mb"], 1)
    found = [report.goal(f"peak RSS of the module process under {LIMIT_MB} MB at {count:,} secrets", peak["mb"] < LIMIT_MB, f"{peak['mb']:.1f} MB"),
             report.unthrottled_goal([row], (row["approach"],))]
    lines = report.conditions_lines(before, after) + [
        "", f"### secret_replica, one batch replicating {count:,} new secrets to {' and '.join(harness.REPLICA_REGIONS)}, write quota 50/s enforced", "",
        f"Peak RSS of the module process (ru_maxrss): **{peak['mb']:.1f} MB**", "",
    ] + report.runs_table([row]) + ["", "### Goals", ""] + report.goal_lines(found)
    report.write_results(RESULTS, "module_memory", lines, {"before": before, "after": after, "secrets": count, "row": row, "goals": found})
    return 0 if all(item["met"] for item in found) else 1


if __name__ == "__main__":
    sys.exit(main())
