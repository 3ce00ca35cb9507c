# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Throttling: the role converges through 30% throttled calls; a permanently throttled endpoint fails in bounded time;
with AWS's write quota enforced, the role's own pacing is never throttled, and it yields to another caller's writes."""

import threading
import time

from botocore.config import Config
from standin.quota import AWS_WRITE_QUOTA_PER_SECOND, counts_against_write_quota, peak_writes_per_second

from conftest import PRIMARY, assert_converged, create_primaries, recap, replicate_vars, replication_of, run_playbook, write_playbook

REPLICA_REGIONS = ("eu-west-1", "us-west-2", "ap-southeast-2")
SECRET_COUNT = 100
REPLICATE = "secretsmanager.replication.replicate"

# Retry bound for one secret_replica call against an endpoint that throttles every call.
# botocore (standard mode, the default): 3 attempts per API call, sleeps rand(0,1)*1 s and rand(0,1)*2 s, so <= 3 s.
# The collection's aws_retry (common.py): 5 attempts, jittered sleeps rand(0, min(2**n, 10)) for n = 0..3, so <= 15 s.
# The pacer slows down by 0.8x after each throttled attempt: 15 slots starting 1/45 s apart sum to at most 2.5 s.
# So at most 5 x 3 = 15 HTTP calls and 5 x 3 s + 15 s + 2.5 s = 32.5 s of sleeping; with ansible's start-up
# (a few seconds on a loaded 2-core machine) the task must end within 48 s.
BOTOCORE_ATTEMPTS = 3
AWS_RETRY_ATTEMPTS = 5
PACING_SECONDS = sum(1 / 45 / 0.8 ** attempt for attempt in range(AWS_RETRY_ATTEMPTS * BOTOCORE_ATTEMPTS))
MAX_SLEEP_SECONDS = AWS_RETRY_ATTEMPTS * (1 + 2) + (1 + 2 + 4 + 8) + PACING_SECONDS
STARTUP_ALLOWANCE_SECONDS = 15
BOUND_SECONDS = MAX_SLEEP_SECONDS + STARTUP_ALLOWANCE_SECONDS


def test_role_converges_with_30_percent_of_calls_throttled(standin, tmp_path):
    names = [f"throttle/app-{number:02d}" for number in range(SECRET_COUNT)]
    create_primaries(standin, names)
    standin.configure(replication_delay_seconds=0.2)
    standin.set_faults(throttle_rate=0.3, seed=20260101)

    result = run_playbook(standin, tmp_path, REPLICATE, extra_vars=replicate_vars(names, REPLICA_REGIONS, replicate_retry_delay=1))
    requests = standin.request_log()
    standin.clear_faults()

    assert result.returncode == 0, result.output[-5000:]
    assert recap(result.output)["failed"] == 0
    throttled = [entry for entry in requests if entry["status"] == 400]
    # The fault really bit: close to 30% of the calls were throttled, of every kind the role makes.
    assert len(throttled) / len(requests) > 0.2, (len(throttled), len(requests))
    assert {"DescribeSecret", "ReplicateSecretToRegions"} <= {entry["operation"] for entry in throttled}
    # Each replication reached AWS once per secret: a throttled call is refused before it is applied,
    # and the retried call adds all three Regions in one request.
    applied = [entry for entry in requests if entry["operation"] == "ReplicateSecretToRegions" and entry["status"] == 200]
    assert len(applied) == SECRET_COUNT

    assert_converged(standin, names, REPLICA_REGIONS)


def test_with_the_write_quota_enforced_the_paced_writes_are_never_throttled(standin, tmp_path):
    names = [f"quota/app-{number:03d}" for number in range(160)]
    create_primaries(standin, names)
    standin.configure(write_quota_per_second=AWS_WRITE_QUOTA_PER_SECOND)
    standin.clear_request_log()

    result = run_playbook(standin, tmp_path, REPLICATE, extra_vars=replicate_vars(names, ["eu-west-1"], replicate_retry_delay=1))
    requests = standin.request_log()

    assert result.returncode == 0, result.output[-5000:]
    writes = [entry for entry in requests if counts_against_write_quota(entry)]
    assert len(writes) == len(names)  # one ReplicateSecretToRegions per secret, none retried
    assert [entry for entry in requests if entry["throttled_by"]] == []
    # The run pressed against the quota (default max_write_rate 45): unpaced, 160 writes would arrive well above 50 in a
    # second. Sent 22 ms apart, two may arrive a little closer, so a sliding one-second window can hold one more.
    peak, region = peak_writes_per_second(requests)
    assert 40 <= peak <= 47 and region == PRIMARY, (peak, region)
    assert all(len(replication_of(standin, name)) == 1 for name in names)
    print(f"{len(writes)} paced writes, at most {peak} in one second, none throttled")


class RotatingApplication:
    """Another caller in the same account and Region: PutSecretValue at `rate` per second, no retries, each answer kept."""

    def __init__(self, standin, secret_id, rate):
        self.client = standin.client("secretsmanager", PRIMARY, config=Config(retries={"total_max_attempts": 1}))
        self.secret_id, self.interval = secret_id, 1.0 / rate
        self.answers, self.stop = [], threading.Event()
        self.thread = threading.Thread(target=self._run)

    def _run(self):
        while not self.stop.wait(self.interval):
            try:
                self.client.put_secret_value(SecretId=self.secret_id, SecretString="rotated")
                self.answers.append("ok")
            except self.client.exceptions.ClientError as error:
                self.answers.append(error.response["Error"]["Code"])

    def throttled_share(self):
        return self.answers.count("ThrottlingException") / len(self.answers)


def test_with_another_caller_using_the_quota_the_run_slows_down_and_leaves_it_room(standin, tmp_path):
    names = [f"quota/shared-{number:03d}" for number in range(250)]
    create_primaries(standin, names + ["quota/rotated"])
    standin.configure(write_quota_per_second=AWS_WRITE_QUOTA_PER_SECOND)
    standin.clear_request_log()
    application = RotatingApplication(standin, "quota/rotated", rate=25)

    application.thread.start()
    try:
        result = run_playbook(standin, tmp_path, REPLICATE, extra_vars=replicate_vars(names, ["eu-west-1"], replicate_retry_delay=1))
    finally:
        application.stop.set()
        application.thread.join()

    assert result.returncode == 0, result.output[-5000:]
    assert all(len(replication_of(standin, name)) == 1 for name in names)
    ours = [entry for entry in standin.request_log() if entry["operation"] == "ReplicateSecretToRegions"]
    our_throttled = [entry for entry in ours if entry["throttled_by"]]
    # 45 of ours plus 25 of theirs is more than the quota. With the rate held at 45 (no slowing down), about one in eight
    # of the application's writes was throttled here (13%); slowed down by its first throttled writes, the run leaves the
    # application nearly all of them (about 1%), and is itself throttled only now and then.
    assert len(application.answers) > 100, len(application.answers)
    assert application.throttled_share() < 0.08, application.throttled_share()
    assert len(our_throttled) < 0.08 * len(ours), (len(our_throttled), len(ours))
    print(f"application: {len(application.answers)} writes, {application.throttled_share():.0%} throttled; "
          f"the run: {len(ours)} writes, {len(our_throttled)} throttled")


def test_permanently_throttled_endpoint_fails_within_the_stated_bound(standin, tmp_path):
    standin.client("secretsmanager", PRIMARY).create_secret(Name="throttle/always", SecretString="x-value")
    standin.clear_request_log()
    standin.set_faults(throttle_rate=1.0, seed=1)
    playbook = write_playbook(tmp_path, "one.json", [{
        "hosts": "localhost", "gather_facts": False,
        "tasks": [{"secretsmanager.replication.secret_replica": {
            "region": PRIMARY, "secret_id": "throttle/always", "replicas": [{"region": "eu-west-1"}]}}],
    }])

    started = time.monotonic()
    result = run_playbook(standin, tmp_path, playbook, timeout=BOUND_SECONDS * 3)
    elapsed = time.monotonic() - started
    requests = standin.request_log()

    assert result.returncode == 2, result.output[-3000:]
    assert elapsed < BOUND_SECONDS, f"took {elapsed:.1f} s, bound {BOUND_SECONDS} s"
    # Every attempt is accounted for: 5 aws_retry attempts of 3 botocore attempts each, all throttled.
    assert [entry["operation"] for entry in requests] == ["DescribeSecret"] * (AWS_RETRY_ATTEMPTS * BOTOCORE_ATTEMPTS)
    assert "Failed to describe secret" in result.output
    assert "ThrottlingException" in result.output and "Rate exceeded" in result.output
    assert "Traceback" not in result.output
    print(f"permanently throttled secret_replica failed after {elapsed:.1f} s (bound {BOUND_SECONDS} s)")
