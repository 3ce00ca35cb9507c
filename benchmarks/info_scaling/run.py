# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""How long secret_replica_info takes to report N secrets x 2 replicas, by max_workers, against the stand-in.

Runs the module's own code path (secret_reader.read_secrets with replica_view, then
health.summary) beside a plain sequential boto3 loop doing the same calls
(ListSecrets pages, DescribeSecret per secret and per replica), once as is and
once with the stand-in adding latency to every call. Prints a markdown table.
The stand-in runs in a process of its own, so its server threads do not share
this process's GIL with the client threads being measured.

    PYTHONPATH=<collections root>:tests/standin python benchmarks/info_scaling/run.py [--secrets 1000]
"""

import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.clients import RegionalClients
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.clients import client_config
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.health import summary
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.secret_reader import read_secrets
from standin.process import StandInProcess

PRIMARY_REGION = "us-east-1"
REPLICA_REGIONS = ("us-west-2", "eu-west-1")
WORKERS = (1, 4, 8, 16)
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def seed(standin, count):
    client = standin.client("secretsmanager", PRIMARY_REGION)

    def create(index):
        client.create_secret(
            Name=f"bench/secret-{index:05d}",
            SecretString="benchmark",
            AddReplicaRegions=[{"Region": region} for region in REPLICA_REGIONS],
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create, range(count)))


def sequential_loop(standin):
    """The baseline: one client per Region, one call after another."""
    clients = {region: standin.client("secretsmanager", region) for region in (PRIMARY_REGION,) + REPLICA_REGIONS}
    primary = clients[PRIMARY_REGION]
    described = 0
    for page in primary.get_paginator("list_secrets").paginate(PaginationConfig={"PageSize": 100}):
        for listed in page["SecretList"]:
            description = primary.describe_secret(SecretId=listed["ARN"])
            described += 1
            for status in description.get("ReplicationStatus", []):
                region = status["Region"]
                clients[region].describe_secret(SecretId=listed["ARN"].replace(f":{PRIMARY_REGION}:", f":{region}:"))
                described += 1
    return described


def module_path(standin, max_workers):
    """The module's code path; the stand-in is the client factory, as AnsibleAWSModule is: client(service, region, config=...)."""
    clients = RegionalClients(standin, config=client_config(max_workers))
    peer_clients = RegionalClients(standin, config=client_config(max_workers, peer=True))
    return summary(read_secrets(clients, peer_clients, PRIMARY_REGION, replica_view=True, max_workers=max_workers))


def timed(function, *args):
    started = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - started, result


def measure(standin, count, latency_ms):
    standin.set_faults(latency_ms=latency_ms)
    standin.clear_request_log()
    loop_seconds, described = timed(sequential_loop, standin)
    calls = len(standin.request_log())
    if described != count * (1 + len(REPLICA_REGIONS)):
        raise SystemExit(f"sequential loop described {described} secrets, expected {count * (1 + len(REPLICA_REGIONS))}")
    rows = {"sequential boto3 loop": loop_seconds}
    for workers in WORKERS:
        standin.clear_request_log()
        seconds, counts = timed(module_path, standin, workers)
        module_calls = len(standin.request_log())
        if counts["secrets"] != count or counts["in_sync"] != count or module_calls != calls:
            raise SystemExit(f"max_workers={workers}: summary {counts}, {module_calls} calls (loop made {calls}): not the same work")
        rows[f"secret_replica_info, max_workers={workers}"] = seconds
    standin.clear_faults()
    return rows, calls


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--secrets", type=int, default=1000, help="number of secrets, each replicated to 2 Regions (default 1000)")
    parser.add_argument("--latency-ms", type=int, default=20, help="latency added to every call in the second run (default 20)")
    args = parser.parse_args(argv)

    with StandInProcess(os.path.join(REPO, ".tmp", "bench")) as standin:
        print(f"seeding {args.secrets} secrets x {len(REPLICA_REGIONS)} replicas on {standin.url} ...", file=sys.stderr)
        seed(standin, args.secrets)
        print("warming up (one untimed report) ...", file=sys.stderr)
        module_path(standin, 8)
        results = {}
        for latency in (0, args.latency_ms):
            print(f"measuring with {latency} ms added latency ...", file=sys.stderr)
            results[latency], calls = measure(standin, args.secrets, latency)

    loop = "sequential boto3 loop"
    print(f"\n{args.secrets} secrets x {len(REPLICA_REGIONS)} replicas: {calls} calls per run (ListSecrets pages + DescribeSecret per secret and replica)\n")
    print(f"| method | no added latency (s) | vs loop | {args.latency_ms} ms per call (s) | vs loop |")
    print("|---|---:|---:|---:|---:|")
    for name in results[0]:
        fast, slow = results[0][name], results[args.latency_ms][name]
        print(f"| {name} | {fast:.2f} | {results[0][loop] / fast:.1f}x | {slow:.2f} | {results[args.latency_ms][loop] / slow:.1f}x |")

    eight = "secret_replica_info, max_workers=8"
    speedup = results[args.latency_ms][loop] / results[args.latency_ms][eight]
    ratio = results[0][eight] / results[0][loop]
    goals = [
        (f"with {args.latency_ms} ms latency, 8 workers at least 4x faster than the loop", speedup >= 4, f"{speedup:.1f}x"),
        ("without added latency, 8 workers no slower than the loop", ratio <= 1.0, f"{ratio:.2f} of the loop's time"),
    ]
    print()
    for goal, met, value in goals:
        print(f"- {'met' if met else 'NOT MET'}: {goal} ({value})")
    return 0 if all(met for dummy, met, dummy2 in goals) else 1


if __name__ == "__main__":
    sys.exit(main())
