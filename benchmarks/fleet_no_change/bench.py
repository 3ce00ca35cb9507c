# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Shared by the fleet benchmarks: a stand-in in a process of its own, fast seeding, timed ansible-playbook runs.

Each run is one `ansible-playbook` process, timed from start to exit (Ansible's start-up included, as a user
sees it), with the stand-in's request log cleared before and counted after.
"""

import collections
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from standin.process import StandInProcess

PRIMARY_REGION = "us-east-1"
REPLICA_REGIONS = ("us-west-2", "eu-west-1")
SECRET_VALUE = "benchmark-not-a-real-secret"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "playbooks")
APPROACHES = {
    "role, fleet mode": "role_fleet.yml",
    "loop of community.aws.secretsmanager_secret": "community_loop.yml",
    "loop of secret_replica": "secret_replica_loop.yml",
}
RECAP = re.compile(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")


def standin_process():
    """A stand-in on a free port, in a process of its own so its threads do not share the GIL with seeding or measuring."""
    return StandInProcess(os.path.join(REPO, ".tmp", "bench"))


def call_counts(standin):
    """{operation: calls} in the stand-in's request log."""
    return dict(collections.Counter(entry["operation"] for entry in standin.request_log()))


def secret_names(count):
    return [f"bench/secret-{index:05d}" for index in range(count)]


def seed(standin, count, replicated=True):
    """`count` secrets named bench/secret-NNNNN in the primary Region, with both replicas unless replicated=False."""
    client = standin.client("secretsmanager", PRIMARY_REGION)

    def create(name):
        params = {"Name": name, "SecretString": SECRET_VALUE}
        if replicated:
            params["AddReplicaRegions"] = [{"Region": region} for region in REPLICA_REGIONS]
        client.create_secret(**params)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create, secret_names(count)))
    # moto builds its EC2 backend (AMIs, instance types) on the first EC2 call after a reset, which takes seconds;
    # AWS answers DescribeRegions in milliseconds, so that is warmed up here rather than charged to the run measured.
    standin.client("ec2", PRIMARY_REGION).describe_regions()


def replication_of_all(standin, count):
    """{Region: Status} counts over every seeded secret, read with boto3 (independent of the code measured)."""
    client = standin.client("secretsmanager", PRIMARY_REGION)
    statuses = {}
    for name in secret_names(count):
        for status in client.describe_secret(SecretId=name).get("ReplicationStatus", []):
            key = f"{status['Region']} {status['Status']}"
            statuses[key] = statuses.get(key, 0) + 1
    return statuses


def run_playbook(standin, playbook, count):
    """(seconds, changed, failed) of one ansible-playbook run over the first `count` secrets."""
    extra = {
        "bench_primary_region": PRIMARY_REGION,
        "bench_replicas": [{"region": region} for region in REPLICA_REGIONS],
        "bench_secret_names": secret_names(count),
        "bench_secret_value": SECRET_VALUE,
    }
    env = dict(os.environ, **standin.environment(PRIMARY_REGION), ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(extra, handle)
    ansible_playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    try:
        started = time.perf_counter()
        completed = subprocess.run(
            [ansible_playbook, os.path.join(PLAYBOOKS, playbook), "-e", f"@{handle.name}"],
            env=env, capture_output=True, text=True, check=False,
        )
        seconds = time.perf_counter() - started
    finally:
        os.unlink(handle.name)
    recap = RECAP.search(completed.stdout)
    if completed.returncode != 0 or recap is None:
        tail = "\n".join(completed.stdout.splitlines()[-30:])
        raise SystemExit(f"{playbook} failed (exit {completed.returncode}):\n{tail}\n{completed.stderr[-2000:]}")
    return seconds, int(recap.group(2)), int(recap.group(4))


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        memory_kb = int(handle.readline().split()[1])
    return f"{os.cpu_count()} CPUs ({cpu}), {memory_kb / 1024 / 1024:.1f} GiB memory, Python {platform.python_version()}"


def chart(path, title, xlabel, ylabel, series, xs, log=False):
    import matplotlib  # pylint: disable=import-outside-toplevel

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel

    figure, axes = plt.subplots(figsize=(8, 4.5))
    for label, ys in series.items():
        points = [(x, y) for x, y in zip(xs, ys) if y is not None]
        axes.plot([p[0] for p in points], [p[1] for p in points], marker="o", label=label)
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    axes.set_ylabel(ylabel)
    if log:
        axes.set_yscale("log")
    axes.grid(True, alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def bar_chart(path, title, ylabel, groups, series):
    import matplotlib  # pylint: disable=import-outside-toplevel

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # pylint: disable=import-outside-toplevel

    figure, axes = plt.subplots(figsize=(8, 4.5))
    width = 0.8 / max(1, len(series))
    for index, (label, values) in enumerate(series.items()):
        axes.bar([g + index * width for g in range(len(groups))], values, width, label=label)
    axes.set_xticks([g + width * (len(series) - 1) / 2 for g in range(len(groups))])
    axes.set_xticklabels(groups, fontsize=8)
    axes.set_title(title)
    axes.set_ylabel(ylabel)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
