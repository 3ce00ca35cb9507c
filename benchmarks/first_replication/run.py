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

BENCH_FIRST_LOOP_SIZES: the N for the community.aws loop (default 200; at 1,000 it would take about 7 minutes, 0.4 s per secret).
"""

import os
import sys
import time

from common import comparison, floor, harness, report

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
    found = [report.speedup_goal(rows, role, COMMUNITY, 200, 10) for role in (ROLE_LIST, ROLE_SELECTOR)]
    found += [report.floor_goal(rows, role, FLOOR, 1000, 1.5) for role in (ROLE_LIST, ROLE_SELECTOR)]
    return [item for item in found if item] + [report.unthrottled_goal(rows, (ROLE_LIST, ROLE_SELECTOR))]


def main():
    return comparison.compare(
        "first_replication", RESULTS,
        f"First-time replication of N secrets to {' and '.join(harness.REPLICA_REGIONS)}, write quota 50/s enforced",
        "First-time replication to 2 Regions, write quota on",
        APPROACHES, FLOOR, COMMUNITY,
        harness.sizes("BENCH_FIRST_SIZES", "200,1000"), harness.sizes("BENCH_FIRST_LOOP_SIZES", "200"),
        run_approach, goals,
    )


if __name__ == "__main__":
    sys.exit(main())
