# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Failover of N secrets with the primary's Region down and one third Region, with AWS's write quota (50 writes/s per
Region) enforced.

Approaches, all in one run: playbooks/failover.yml (its own ansible-playbook process) to us-west-2, with eu-west-1
re-protected, and the boto3 floor. No other tool can fail over (community.aws, the AWS CLI alone, Terraform and
CloudFormation cannot promote and re-protect), so there is no loop to compare with.

The floor makes only the calls a failover needs, per secret: StopReplicationToReplica and TagResource (the promotion's
marker) in us-west-2 and in eu-west-1, ReplicateSecretToRegions with ForceOverwriteReplicaSecret from us-west-2 to
eu-west-1, then DescribeSecret until that replica is no longer InProgress. us-west-2 is the busiest Region: two writes
of the quota per secret, so the floor paces the secrets at 25 per second and takes about N / 25 seconds.

For each N and approach: reset the stand-in, turn the quota on, seed N secrets in us-east-1 replicated to us-west-2 and
eu-west-1, make us-east-1 unavailable (fault `unavailable_regions`), fail over, then check with boto3 that every secret
is a primary in us-west-2 with its eu-west-1 replica InSync, and that every eu-west-1 copy names us-west-2 as its
primary. Writes results/failover.{md,json,png}; exit status 1 when a goal is missed.

    BENCH_FAILOVER_SIZES=200,1000 python benchmarks/failover/run.py
"""

import os
import sys
import tempfile
import time

from common import comparison, floor, harness, report

RESULTS = harness.results_dir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
NEW_PRIMARY_REGION = "us-west-2"
THIRD_REGION = "eu-west-1"
PLAYBOOK = "failover.yml"
FLOOR = "boto3 floor (50 writes/s)"
APPROACHES = (PLAYBOOK, FLOOR)
# StopReplicationToReplica and ReplicateSecretToRegions, both in the new primary's Region and both of the write quota.
QUOTA_WRITES_PER_SECRET_IN_NEW_PRIMARY_REGION = 2


def fail_over_with_playbook(standin, count):
    with tempfile.TemporaryDirectory() as workdir:
        extra_vars = {"failover_secrets": harness.secret_names(count), "failover_region": NEW_PRIMARY_REGION,
                      "failover_replica_regions": [THIRD_REGION], "failover_confirm": True,
                      "failover_report_file": os.path.join(workdir, "failover-report.json")}
        seconds, changed, failed = harness.run_playbook(standin, "secretsmanager.replication.failover", extra_vars)
    if failed or not changed:
        raise SystemExit(f"failover.yml at N={count}: changed={changed} failed={failed}")
    return seconds


def fail_over_at_floor(standin, count):
    """The minimal calls, each secret's writes in the new primary's Region at the quota; reads overlap the pacing."""
    started = time.perf_counter()
    clients = {region: standin.client("secretsmanager", region) for region in (NEW_PRIMARY_REGION, THIRD_REGION)}

    def settled(name):
        replication = clients[NEW_PRIMARY_REGION].describe_secret(SecretId=name)["ReplicationStatus"]
        return all(status["Status"] != "InProgress" for status in replication)

    def fail_over(name):
        for region, client in clients.items():
            arn = client.stop_replication_to_replica(SecretId=name)["ARN"]
            client.tag_resource(SecretId=arn, Tags=[{"Key": "promoted-from", "Value": arn.replace(f":{region}:", f":{harness.PRIMARY_REGION}:")}])
        clients[NEW_PRIMARY_REGION].replicate_secret_to_regions(SecretId=name, AddReplicaRegions=[{"Region": THIRD_REGION}], ForceOverwriteReplicaSecret=True)
        return settled(name)

    names = harness.secret_names(count)
    done = floor.paced(fail_over, names, harness.AWS_WRITE_QUOTA_PER_SECOND / QUOTA_WRITES_PER_SECRET_IN_NEW_PRIMARY_REGION)
    floor.until_settled(settled, [name for name, is_settled in zip(names, done) if not is_settled])
    return time.perf_counter() - started


FAILOVERS = {PLAYBOOK: fail_over_with_playbook, FLOOR: fail_over_at_floor}


def run_approach(standin, approach, count):
    row = harness.measure_with_primary_down(standin, approach, count, lambda: FAILOVERS[approach](standin, count))
    statuses = harness.replica_statuses(standin, count, NEW_PRIMARY_REGION)
    followers = harness.primary_regions(standin, count, THIRD_REGION)
    if statuses != harness.all_in_sync(count, (THIRD_REGION,)) or followers != {NEW_PRIMARY_REGION: count}:
        raise SystemExit(f"{approach} at N={count}: replicas of {NEW_PRIMARY_REGION} {statuses}, primaries seen in {THIRD_REGION} {followers}; "
                         f"expected every secret a primary in {NEW_PRIMARY_REGION} with its {THIRD_REGION} replica InSync")
    return row


def goals(rows):
    found = report.floor_goal(rows, PLAYBOOK, FLOOR, 1000, 1.5)
    return ([found] if found else []) + [
        report.unthrottled_goal(rows, (PLAYBOOK,)),
        report.region_calls_goal(rows, PLAYBOOK, harness.PRIMARY_REGION, 0, "the old primary's Region, down"),
    ]


def main():
    return comparison.compare(
        "failover", RESULTS,
        f"Failover of N secrets to {NEW_PRIMARY_REGION}, {THIRD_REGION} re-protected, {harness.PRIMARY_REGION} down, write quota 50/s enforced",
        f"Failover to {NEW_PRIMARY_REGION}, {harness.PRIMARY_REGION} down, write quota on",
        APPROACHES, FLOOR, None,
        harness.sizes("BENCH_FAILOVER_SIZES", "200,1000"), [],
        run_approach, goals,
    )


if __name__ == "__main__":
    sys.exit(main())
