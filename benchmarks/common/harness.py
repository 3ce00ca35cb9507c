# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A stand-in in a process of its own, fast seeding, timed runs, and the machine and its load.

Each run is timed from start to exit, as a user sees it (for ansible-playbook, Ansible's start-up included), with the
stand-in's request log cleared before and read after, and the load average taken before and after.
"""

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
from standin.quota import AWS_WRITE_QUOTA_PER_SECOND

from . import request_log

PRIMARY_REGION = "us-east-1"
REPLICA_REGIONS = ("us-west-2", "eu-west-1")
SECRET_VALUE = "benchmark-not-a-real-secret"
BENCHMARKS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(BENCHMARKS)
PLAYBOOKS = os.path.join(BENCHMARKS, "playbooks")
RECAP = re.compile(r"localhost\s*:\s*ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)")


def standin_process():
    """A stand-in on a free port, in a process of its own so its threads do not share the GIL with seeding or measuring."""
    return StandInProcess(os.path.join(REPO, ".tmp", "bench"))


def reset(standin, write_quota=True):
    """Empty stand-in; with AWS's write quota enforced unless write_quota=False (reset turns it off)."""
    standin.reset()
    if write_quota:
        standin.configure(write_quota_per_second=AWS_WRITE_QUOTA_PER_SECOND)


def sizes(variable, default):
    """The sorted N in the environment variable `variable` (comma-separated), else in `default`."""
    return sorted({int(size) for size in os.environ.get(variable, default).replace(" ", "").split(",") if size})


def selected(approaches):
    """The approaches to run: those whose label contains one of BENCH_ONLY's comma-separated words, else all."""
    words = [word.strip() for word in os.environ.get("BENCH_ONLY", "").split(",") if word.strip()]
    return tuple(approach for approach in approaches if not words or any(word in approach for word in words))


def results_dir(default):
    """Where a benchmark writes its results: BENCH_RESULTS_DIR when set (so an extra run keeps results/ as committed)."""
    return os.environ.get("BENCH_RESULTS_DIR") or default


def secret_names(count):
    return [f"bench/secret-{index:05d}" for index in range(count)]


def seed(standin, count, replica_regions=REPLICA_REGIONS):
    """`count` secrets named bench/secret-NNNNN in the primary Region, each with replicas in `replica_regions`.

    CreateSecret is not one of the six operations of the write quota, so seeding is not throttled.
    """
    client = standin.client("secretsmanager", PRIMARY_REGION)

    def create(name):
        params = {"Name": name, "SecretString": SECRET_VALUE}
        if replica_regions:
            params["AddReplicaRegions"] = [{"Region": region} for region in replica_regions]
        client.create_secret(**params)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create, secret_names(count)))
    # moto builds its EC2 backend (AMIs, instance types) on the first EC2 call after a reset, which takes seconds;
    # AWS answers DescribeRegions in milliseconds, so that is warmed up here rather than charged to the run measured.
    standin.client("ec2", PRIMARY_REGION).describe_regions()


def replica_statuses(standin, count, region=PRIMARY_REGION):
    """{"Region Status": secrets} over the first `count` secrets as their copies in `region` (the primary) list them."""
    return _tally(standin, count, region, lambda secret: [f"{status['Region']} {status['Status']}" for status in secret.get("ReplicationStatus", [])])


def primary_regions(standin, count, region):
    """{primary's Region: secrets} over the first `count` secrets as their copies in `region` name it (`region` itself when
    the copy there is a primary)."""
    return _tally(standin, count, region, lambda secret: [secret.get("PrimaryRegion", region)])


def _tally(standin, count, region, keys_of):
    """{key: secrets} over keys_of(DescribeSecret answer) of the first `count` secrets in `region`, read with boto3
    (independent of the code measured)."""
    client = standin.client("secretsmanager", region)
    counts = {}
    with ThreadPoolExecutor(max_workers=8) as pool:
        for keys in pool.map(lambda name: keys_of(client.describe_secret(SecretId=name)), secret_names(count)):
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
    return counts


def all_in_sync(count, replica_regions=REPLICA_REGIONS):
    """What replica_statuses returns when every one of `count` secrets has every replica InSync."""
    return {f"{region} InSync": count for region in replica_regions}


def playbook_vars(count):
    """The extra vars of benchmarks/playbooks/*.yml for the first `count` secrets."""
    names = secret_names(count)
    return {
        "bench_primary_region": PRIMARY_REGION,
        "bench_replicas": [{"region": region} for region in REPLICA_REGIONS],
        "bench_secret_names": names,
        "bench_secrets": [{"secret_id": name} for name in names],
        "bench_secret_value": SECRET_VALUE,
    }


def ansible_environment(standin):
    return dict(os.environ, **standin.environment(PRIMARY_REGION), ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")


def playbook_command(playbook, extra_vars_file):
    """ansible-playbook of `playbook` (a file in benchmarks/playbooks, or a collection playbook by FQCN)."""
    ansible_playbook = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
    if not playbook.startswith("secretsmanager."):
        playbook = os.path.join(PLAYBOOKS, playbook)
    return [ansible_playbook, playbook, "-e", f"@{extra_vars_file}"]


def run_playbook(standin, playbook, extra_vars):
    """Run one ansible-playbook process; returns (seconds, changed, failed) from its recap. Exits when it failed.

    BENCH_EXTRA_VARS (JSON) adds extra vars, e.g. {"replicate_max_write_rate": 50}. With BENCH_PROFILE_DIR set, the run
    has ansible.posix.profile_tasks on and its output is saved in that directory.
    """
    env = ansible_environment(standin)
    extra_vars = dict(extra_vars, **added_extra_vars())
    env.update(profile_environment())
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(extra_vars, handle)
    try:
        seconds, completed = run_command(playbook_command(playbook, handle.name), env)
    finally:
        os.unlink(handle.name)
    save_profile(playbook, completed.stdout)
    recap = RECAP.search(completed.stdout)
    if completed.returncode != 0 or recap is None:
        tail = "\n".join(completed.stdout.splitlines()[-30:])
        raise SystemExit(f"{playbook} failed (exit {completed.returncode}):\n{tail}\n{completed.stderr[-2000:]}")
    return seconds, int(recap.group(2)), int(recap.group(4))


def profile_environment():
    """With BENCH_PROFILE_DIR set: the environment that turns ansible.posix.profile_tasks on."""
    if not os.environ.get("BENCH_PROFILE_DIR"):
        return {}
    return {"ANSIBLE_CALLBACKS_ENABLED": "ansible.posix.profile_tasks", "PROFILE_TASKS_TASK_OUTPUT_LIMIT": "all"}


def save_profile(playbook, output):
    """With BENCH_PROFILE_DIR set: keep a playbook run's output (its profile) in that directory."""
    profile_dir = os.environ.get("BENCH_PROFILE_DIR")
    if not profile_dir:
        return
    os.makedirs(profile_dir, exist_ok=True)
    name = f"{os.path.basename(playbook).replace('.yml', '').split('.')[-1]}-{time.strftime('%H%M%S')}.txt"
    with open(os.path.join(profile_dir, name), "w", encoding="utf-8") as handle:
        handle.write(output)


def added_extra_vars():
    """The extra vars BENCH_EXTRA_VARS (JSON) adds to every playbook run: {} when the playbooks run at their defaults."""
    return json.loads(os.environ.get("BENCH_EXTRA_VARS") or "{}")


def run_command(command, env, stdin_text=None):
    """(seconds, CompletedProcess) of one command, timed from start to exit."""
    started = time.perf_counter()
    completed = subprocess.run(command, env=env, input=stdin_text, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, completed


def measure(standin, label, count, run):
    """One measured run: clear the request log, call run() -> seconds, then describe what it sent and the load.

    Returns the result row: approach, secrets, seconds, the request-log metrics and the load average before and after.
    """
    standin.clear_request_log()
    load_before = load_average()
    print(f"N={count}: {label} ...", file=sys.stderr)
    started_at = time.time()
    seconds = run()
    load_after = load_average()
    requests = standin.request_log()
    row = {"approach": label, "secrets": count, "seconds": round(seconds, 2), **request_log.metrics(requests, count),
           "timeline": request_log.timeline(requests, started_at), "load_before": load_before, "load_after": load_after}
    print(f"  {row['seconds']:.1f} s, {row['calls_total']} calls, {row['throttled']} throttled, "
          f"peak {row['peak_writes_per_second']} writes/s", file=sys.stderr)
    return row


def measure_with_primary_down(standin, label, count, run):
    """measure() from the state of a disaster: reset (quota on), `count` secrets in the primary Region replicated to
    REPLICA_REGIONS, and the primary's Region unavailable (every call to it answers 503)."""
    reset(standin)
    seed(standin, count)
    standin.set_faults(unavailable_regions=[PRIMARY_REGION])
    return measure(standin, label, count, run)


def load_average():
    """The 1, 5 and 15 minute load averages (`uptime`)."""
    return [round(value, 2) for value in os.getloadavg()]


def busiest_processes(limit=8):
    """The processes using the most CPU now (top's second sample over one second), as 'command %CPU' strings."""
    try:
        top = ["top", "-b", "-c", "-n", "2", "-d", "1", "-o", "%CPU", "-w", "200"]
        output = subprocess.run(top, capture_output=True, text=True, check=False, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    last_frame = output.rsplit("PID USER", 1)[-1].splitlines()[1:]
    busy = []
    for line in last_frame:
        fields = line.split(None, 11)
        if len(fields) == 12 and float(fields[8]) >= 5.0:
            busy.append(f"{fields[11][:80]} {fields[8]}%")
    return busy[:limit]


def machine():
    """The machine as the results state it: CPUs (nproc), model, memory, Python, ansible-core, boto3, moto."""
    cpu = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="utf-8") as handle:
        memory_kb = int(handle.readline().split()[1])
    versions = ", ".join(f"{name} {_version(name)}" for name in ("ansible-core", "boto3", "moto"))
    return f"{len(os.sched_getaffinity(0))} CPUs (nproc; {cpu}), {memory_kb / 1024 / 1024:.1f} GiB memory, Python {platform.python_version()}, {versions}"


def _version(distribution):
    from importlib.metadata import PackageNotFoundError, version  # pylint: disable=import-outside-toplevel

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "not installed"


def conditions():
    """The machine, what else was running and the playbooks' added extra vars (e.g. a write rate), for the results: taken
    at the start and at the end of a benchmark."""
    return {"machine": machine(), "load_average": load_average(), "busiest_processes": busiest_processes(),
            "at": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "extra_vars": added_extra_vars()}
