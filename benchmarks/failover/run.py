# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Failover of N secrets (default 1,000) with the primary's Region down and one third Region, at AWS's write quota.

Each approach starts from the same state: N secrets in us-east-1 replicated to us-west-2 and eu-west-1 (boto3), the
stand-in's write quota on (50 per second per Region, the six write operations) and us-east-1 unavailable. Then:

- failover.yml, as one ansible-playbook process (start-up included), to us-west-2 with eu-west-1 re-protected;
- the floor: plain boto3 making only the writes a failover needs - per secret StopReplicationToReplica and TagResource
  in us-west-2 and in eu-west-1, then ReplicateSecretToRegions with ForceOverwriteReplicaSecret in us-west-2 - each
  (Region, quota group) paced at exactly the quota, on 16 threads, with no read at all.

Every run is checked with boto3 (each secret's eu-west-1 copy follows us-west-2, InSync). us-west-2 is the busiest
Region: 2 x N quota-limited writes, so the floor is about N / 25 seconds. Reports wall time, calls per secret by
operation, and throttled answers (the request log's throttled_by). Results go to results/.

    make bench    # every benchmark; this one alone, with what make exports (the stand-in's dummy credentials, the collection):
    AWS_ACCESS_KEY_ID=standinaccesskey AWS_SECRET_ACCESS_KEY=standinsecretkey ANSIBLE_COLLECTIONS_PATH=.tmp/collections \
      BENCH_FAILOVER_SECRETS=200 make -C benchmarks failover
"""

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import boto3

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "fleet_no_change"))

import bench  # noqa: E402, pylint: disable=wrong-import-position

# The collection's own pacer (the floor paces at the quota itself, 50 per second).
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.pacing import AWS_WRITE_QUOTA_PER_SECOND  # noqa: E402
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.pacing import QUOTA_GROUPS  # noqa: E402
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.pacing import WritePacer  # noqa: E402

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
OLD, NEW, THIRD = bench.PRIMARY_REGION, "us-west-2", "eu-west-1"
MARKER = "secretsmanager.replication:promoted-from"


def client(url, region):
    # The stand-in's dummy credentials come from the environment, as `make bench` exports them.
    return boto3.client("secretsmanager", region_name=region, endpoint_url=url)


def standin_process():
    """The benchmarks' stand-in in a process of its own (bench.standin_process once the shared stand-in helper is merged)."""
    return bench.standin_process() if hasattr(bench, "standin_process") else bench.StandInProcess()


def control(url, path, method="POST", body=None):
    """The stand-in's control API (/_standin/...), the same whichever helper started it."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"{url}/_standin{path}", data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"{}")


def prepare(standin, count):
    control(standin.url, "/reset")
    bench.seed(standin if hasattr(bench, "standin_process") else standin.url, count, replicated=True)
    control(standin.url, "/config", body={"write_quota_per_second": AWS_WRITE_QUOTA_PER_SECOND})
    control(standin.url, "/faults", body={"unavailable_regions": [OLD]})
    control(standin.url, "/requests", method="DELETE")


def run_failover(url, count):
    names = bench.secret_names(count)
    extra = {"failover_secrets": names, "failover_region": NEW, "failover_replica_regions": [THIRD], "failover_confirm": True}
    env = dict(os.environ, AWS_ENDPOINT_URL=url, AWS_DEFAULT_REGION=OLD, ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    ansible_playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    with tempfile.TemporaryDirectory() as workdir:
        with open(os.path.join(workdir, "vars.json"), "w", encoding="utf-8") as handle:
            json.dump(extra, handle)
        started = time.perf_counter()
        completed = subprocess.run([ansible_playbook, "secretsmanager.replication.failover", "-e", "@vars.json"],
                                   cwd=workdir, env=env, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise SystemExit(f"failover.yml failed (exit {completed.returncode}):\n{completed.stdout[-4000:]}\n{completed.stderr[-2000:]}")
    return seconds


def run_floor(url, count):
    pacer = WritePacer(AWS_WRITE_QUOTA_PER_SECOND)
    clients = {region: client(url, region) for region in (NEW, THIRD)}

    def paced(region, operation, call, **params):
        pacer.acquire(region, QUOTA_GROUPS[operation])
        return call(**params)

    def fail_over(name):
        arns = {}
        for region in (NEW, THIRD):
            arns[region] = paced(region, "StopReplicationToReplica", clients[region].stop_replication_to_replica, SecretId=name)["ARN"]
            paced(region, "TagResource", clients[region].tag_resource, SecretId=name,
                  Tags=[{"Key": MARKER, "Value": arns[region].replace(f":{region}:", f":{OLD}:")}])
        paced(NEW, "ReplicateSecretToRegions", clients[NEW].replicate_secret_to_regions, SecretId=name,
              AddReplicaRegions=[{"Region": THIRD}], ForceOverwriteReplicaSecret=True)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(fail_over, bench.secret_names(count)))
    return time.perf_counter() - started


def check(url, count):
    """Each secret is a primary in us-west-2 with its eu-west-1 replica InSync (boto3, independent of the runs)."""
    new, third = client(url, NEW), client(url, THIRD)
    wrong = []
    for name in bench.secret_names(count):
        statuses = {entry["Region"]: entry["Status"] for entry in new.describe_secret(SecretId=name).get("ReplicationStatus", [])}
        if statuses != {THIRD: "InSync"} or third.describe_secret(SecretId=name).get("PrimaryRegion") != NEW:
            wrong.append(name)
    if wrong:
        raise SystemExit(f"{len(wrong)} secret(s) not failed over, e.g. {wrong[:3]}")


def calls(url):
    requests = control(url, "/requests", method="GET")["requests"]
    return {
        "by_operation": dict(sorted(Counter(request["operation"] for request in requests).items())),
        "by_region": dict(sorted(Counter(request["region"] for request in requests).items())),
        "throttled": dict(Counter(request.get("throttled_by") for request in requests if request.get("throttled_by"))),
        "to_failed_region": sum(1 for request in requests if request["region"] == OLD),
    }


def load():
    with open("/proc/loadavg", encoding="utf-8") as handle:
        return handle.read().split()[0]


def main():
    count = int(os.environ.get("BENCH_FAILOVER_SECRETS", "1000"))
    os.makedirs(RESULTS, exist_ok=True)
    rows = []
    with standin_process() as standin:
        for approach, run in (("failover.yml", run_failover), ("boto3 floor (writes only, at the quota)", run_floor)):
            prepare(standin, count)
            before = load()
            print(f"{count} secrets seeded; {approach} (load {before}) ...", file=sys.stderr)
            seconds = run(standin.url, count)
            made = calls(standin.url)
            control(standin.url, "/faults", method="DELETE")
            check(standin.url, count)
            rows.append({"approach": approach, "secrets": count, "seconds": round(seconds, 1), "load_before": before, **made})
            print(f"  {seconds:.1f} s, {sum(made['by_operation'].values())} calls, throttled {made['throttled']}", file=sys.stderr)

    floor = rows[1]["seconds"]
    out = [f"Machine: {bench.machine()}; load average (1 min) before each run in the table; the machine is shared.", "",
           f"### Failover of {count} secrets, us-east-1 down, to us-west-2 with eu-west-1 re-protected; write quota 50/s per Region", "",
           "| approach | wall time (s) | vs floor | calls per secret | throttled | calls to us-east-1 | load | by operation (total) |",
           "|---|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        detail = ", ".join(f"{operation} {number}" for operation, number in row["by_operation"].items())
        out.append(f"| {row['approach']} | {row['seconds']:.1f} | {row['seconds'] / floor:.2f}x | {sum(row['by_operation'].values()) / count:.2f} | "
                   f"{sum(row['throttled'].values())} | {row['to_failed_region']} | {row['load_before']} | {detail} |")
    out.append("")
    report = "\n".join(out)
    print(report)
    with open(os.path.join(RESULTS, "failover.md"), "w", encoding="utf-8") as handle:
        handle.write(report)
    with open(os.path.join(RESULTS, "failover.json"), "w", encoding="utf-8") as handle:
        json.dump({"machine": bench.machine(), "secrets": count, "rows": rows}, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
