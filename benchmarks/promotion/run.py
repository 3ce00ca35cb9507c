# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Promotion of N replicas while the primary's Region is down, with AWS's write quota (50 writes/s per Region) enforced.

Approaches, all in one run: playbooks/promote.yml (one secret_replica batch call), a shell loop of the AWS CLI
(`aws secretsmanager stop-replication-to-replica`, one process per secret), and the boto3 floor
(StopReplicationToReplica per secret in the replica's Region, paced at 50/s).

For each N and approach: reset the stand-in, turn the quota on, seed N secrets replicated to us-west-2 and eu-west-1,
make the primary's Region unavailable (fault `unavailable_regions`), promote every replica in us-west-2, then check with
boto3 in us-west-2 that every secret there is standalone. promote.yml runs with its defaults, so it tries the primary's
Region once (promote_verify_sync) and goes on when it does not answer. Writes results/promotion.{md,json,png}; exit
status 1 when a goal is missed.

    BENCH_AWS_CLI=.tmp/bench/awscli-venv/bin/aws BENCH_PROMOTION_SIZES=200,1000 BENCH_PROMOTION_LOOP_SIZES=200 \\
        python benchmarks/promotion/run.py

BENCH_AWS_CLI: the `aws` command (benchmarks/Makefile installs awscli v1 in a venv of its own).
BENCH_PROMOTION_LOOP_SIZES: the N for the CLI loop (default 200; at 1,000 it would take about 5 minutes, 0.3 s per secret).
"""

import os
import sys
import time

from common import comparison, floor, harness, report

RESULTS = harness.results_dir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
PROMOTE_REGION = "us-west-2"
PLAYBOOK = "promote.yml (one secret_replica batch call)"
CLI_LOOP = "shell loop of aws secretsmanager stop-replication-to-replica"
FLOOR = "boto3 floor (50 writes/s)"
APPROACHES = (PLAYBOOK, CLI_LOOP, FLOOR)
# promote.yml verifies sync by default (promote_verify_sync, issue 13): it describes each primary in its Region until that
# Region fails to answer once, then calls it no more. Each of secret_replica's 8 workers (max_workers' default) may be
# in such a call, of 2 attempts (a peer read's retries), before the first failure is seen: at most 16 calls in a run.
PRIMARY_REGION_PROBE_CALLS = 16
# What a shell loop over the CLI is: one `aws` process per secret, names on standard input, the Region as $1.
CLI_LOOP_SCRIPT = 'while read -r name; do aws secretsmanager stop-replication-to-replica --secret-id "$name" --region "$1" > /dev/null; done'


def promote_with_playbook(standin, count):
    extra_vars = {"promote_secrets": harness.secret_names(count), "promote_region": PROMOTE_REGION, "promote_confirm": True}
    seconds, changed, failed = harness.run_playbook(standin, "secretsmanager.replication.promote", extra_vars)
    if failed or not changed:
        raise SystemExit(f"promote.yml at N={count}: changed={changed} failed={failed}")
    return seconds


def promote_with_cli_loop(standin, count):
    aws = os.environ.get("BENCH_AWS_CLI", "aws")
    env = dict(os.environ, **standin.environment(PROMOTE_REGION))
    env["PATH"] = os.pathsep.join((os.path.dirname(os.path.abspath(aws)), env["PATH"])) if os.sep in aws else env["PATH"]
    names = "".join(f"{name}\n" for name in harness.secret_names(count))
    seconds, completed = harness.run_command(["bash", "-euo", "pipefail", "-c", CLI_LOOP_SCRIPT, "cli-loop", PROMOTE_REGION], env, names)
    if completed.returncode != 0:
        raise SystemExit(f"the CLI loop failed (exit {completed.returncode}): {completed.stderr[-2000:]}")
    return seconds


def promote_at_floor(standin, count):
    """The minimal calls: one StopReplicationToReplica per secret in the replica's Region, at the quota."""
    started = time.perf_counter()
    client = standin.client("secretsmanager", PROMOTE_REGION)
    floor.paced(lambda name: client.stop_replication_to_replica(SecretId=name), harness.secret_names(count), harness.AWS_WRITE_QUOTA_PER_SECOND)
    return time.perf_counter() - started


PROMOTERS = {PLAYBOOK: promote_with_playbook, CLI_LOOP: promote_with_cli_loop, FLOOR: promote_at_floor}


def run_approach(standin, approach, count):
    row = harness.measure_with_primary_down(standin, approach, count, lambda: PROMOTERS[approach](standin, count))
    primaries = harness.primary_regions(standin, count, PROMOTE_REGION)
    if primaries != {PROMOTE_REGION: count}:
        raise SystemExit(f"{approach} at N={count}: primaries of the copies in {PROMOTE_REGION} {primaries}, expected all standalone")
    return row


def goals(rows):
    found = [report.speedup_goal(rows, PLAYBOOK, CLI_LOOP, 200, 10), report.floor_goal(rows, PLAYBOOK, FLOOR, 1000, 1.5)]
    return [item for item in found if item] + [
        report.unthrottled_goal(rows, (PLAYBOOK,)),
        report.region_calls_goal(rows, PLAYBOOK, harness.PRIMARY_REGION, PRIMARY_REGION_PROBE_CALLS, "the primary's Region, down: "
                                 "promote_verify_sync's one short try, not a call per secret"),
    ]


def main():
    return comparison.compare(
        "promotion", RESULTS,
        f"Promotion of N replicas in {PROMOTE_REGION}, primary's Region {harness.PRIMARY_REGION} down, write quota 50/s enforced",
        f"Promotion in {PROMOTE_REGION} with the primary's Region down, write quota on",
        APPROACHES, FLOOR, CLI_LOOP,
        harness.sizes("BENCH_PROMOTION_SIZES", "200,1000"), harness.sizes("BENCH_PROMOTION_LOOP_SIZES", "200"),
        run_approach, goals,
    )


if __name__ == "__main__":
    sys.exit(main())
