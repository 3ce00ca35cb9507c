# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS's write quota (50/s per account and Region over six write operations), on request, and the request log fields
that count throttled calls."""

import time

import pytest
from botocore.exceptions import ClientError

from standin import ACCOUNT_ID
from standin.quota import TokenBucket, WriteQuota, peak_writes_per_second
from standin_test_helpers import PRIMARY

QUOTA = 50


def test_token_bucket_allows_a_burst_of_the_rate_then_refills_at_the_rate():
    bucket = TokenBucket(QUOTA, now=100.0)
    assert [bucket.take(100.0) for _call in range(60)].count(True) == QUOTA
    assert bucket.take(100.01) is False  # half a token
    assert bucket.take(100.025) is True  # 1.25 tokens: one call
    assert bucket.take(100.025) is False
    assert [bucket.take(110.0) for _call in range(60)].count(True) == QUOTA  # never more than one second's worth


def test_a_refused_call_takes_no_token():
    bucket = TokenBucket(QUOTA, now=0.0)
    for _call in range(QUOTA):
        bucket.take(0.0)
    assert not any(bucket.take(0.0) for _refused in range(100))
    assert bucket.take(0.025) is True


def test_write_quota_keeps_one_bucket_per_account_and_region_and_none_when_off():
    quota = WriteQuota(QUOTA)
    for _call in range(QUOTA):
        assert quota.allows(ACCOUNT_ID, PRIMARY, 0.0)
    assert not quota.allows(ACCOUNT_ID, PRIMARY, 0.0)
    assert quota.allows(ACCOUNT_ID, "eu-west-1", 0.0)
    assert quota.allows("222222222222", PRIMARY, 0.0)
    off = WriteQuota(None)
    assert all(off.allows(ACCOUNT_ID, PRIMARY, 0.0) for _call in range(200))


def put_until_throttled(sm, limit=300):
    """PutSecretValue as fast as possible until the first ThrottlingException: (successes before it, seconds taken)."""
    started = time.monotonic()
    for call in range(limit):
        try:
            sm.put_secret_value(SecretId="s", SecretString=f"v{call}")
        except ClientError as error:
            assert (error.response["Error"]["Code"], error.response["Error"]["Message"]) == ("ThrottlingException", "Rate exceeded")
            return call, time.monotonic() - started
    return limit, time.monotonic() - started


def test_peak_writes_counts_the_quota_writes_in_any_one_second_window_per_region():
    def write(region, at, operation="PutSecretValue", service="secretsmanager"):
        return {"service": service, "operation": operation, "region": region, "at": at}

    requests = [write(PRIMARY, at) for at in (0.0, 0.6, 1.2, 1.5)]  # a sliding window holds 0.6, 1.2, 1.5
    requests += [write("eu-west-1", at) for at in (0.0, 0.1)]
    # Not of the quota: a read, KMS's TagResource, and Secrets Manager's TagResource (a quota of its own).
    requests += [write(PRIMARY, 1.3, "DescribeSecret"), write(PRIMARY, 1.3, "TagResource", "kms"), write(PRIMARY, 1.4, "TagResource")]
    assert peak_writes_per_second(requests) == (3, PRIMARY)
    assert peak_writes_per_second([write(PRIMARY, 0.0), write(PRIMARY, 1.0)]) == (1, PRIMARY)  # a second apart: two windows
    assert peak_writes_per_second([]) == (0, None)


def test_writes_as_fast_as_possible_are_throttled_by_the_quota(standin, client):
    sm = client("secretsmanager")
    sm.create_secret(Name="s", SecretString="v")
    standin.configure(write_quota_per_second=QUOTA)
    standin.clear_request_log()

    successes, seconds = put_until_throttled(sm)

    # A bucket of 50 refilled at 50/s: at least the burst, at most the burst plus what refilled meanwhile.
    assert QUOTA <= successes <= QUOTA + QUOTA * seconds + 1
    throttled = [r for r in standin.request_log() if r["status"] != 200]
    assert [(r["operation"], r["status"], r["error_code"], r["throttled_by"], r["account"]) for r in throttled] == [
        ("PutSecretValue", 400, "ThrottlingException", "quota", ACCOUNT_ID)]


def test_writes_paced_under_the_quota_are_never_throttled(standin, client):
    sm = client("secretsmanager")
    sm.create_secret(Name="s", SecretString="v")
    standin.configure(write_quota_per_second=QUOTA)
    started = time.monotonic()
    for call in range(60):  # 40 per second for 1.5 s
        time.sleep(max(0.0, started + call / 40.0 - time.monotonic()))
        sm.put_secret_value(SecretId="s", SecretString=f"v{call}")
    assert all(r["throttled_by"] is None for r in standin.request_log())


def test_other_regions_other_accounts_and_reads_are_not_limited(standin, client):
    sm, other_region, other_account = client("secretsmanager"), client("secretsmanager", "eu-west-1"), client("secretsmanager", account="222222222222")
    for each in (sm, other_region, other_account):
        each.create_secret(Name="s", SecretString="v")
    standin.configure(write_quota_per_second=QUOTA)
    put_until_throttled(sm)
    standin.clear_request_log()

    for call in range(10):  # well within the time 10 tokens take to refill
        sm.describe_secret(SecretId="s")
        sm.list_secret_version_ids(SecretId="s")
        other_region.put_secret_value(SecretId="s", SecretString=f"v{call}")
        other_account.put_secret_value(SecretId="s", SecretString=f"v{call}")
    log = standin.request_log()
    assert all(r["status"] == 200 for r in log)
    assert {(r["account"], r["region"]) for r in log if r["operation"] == "PutSecretValue"} == {(ACCOUNT_ID, "eu-west-1"), ("222222222222", PRIMARY)}


def test_off_by_default_and_after_reset(standin, client):
    assert standin.config()["write_quota_per_second"] is None
    sm = client("secretsmanager")
    sm.create_secret(Name="s", SecretString="v")
    assert put_until_throttled(sm, limit=120)[0] == 120

    standin.configure(write_quota_per_second=QUOTA)
    standin.reset()
    assert standin.config()["write_quota_per_second"] is None
    client("secretsmanager").create_secret(Name="s", SecretString="v")
    assert put_until_throttled(client("secretsmanager"), limit=120)[0] == 120


def test_zero_turns_the_quota_off(standin, client):
    standin.configure(write_quota_per_second=QUOTA)
    assert standin.configure(write_quota_per_second=0)["write_quota_per_second"] is None
    sm = client("secretsmanager")
    sm.create_secret(Name="s", SecretString="v")
    assert put_until_throttled(sm, limit=120)[0] == 120


def test_random_throttling_is_logged_as_a_fault(standin, client):
    standin.set_faults(throttle_rate=1.0)
    with pytest.raises(ClientError):
        client("secretsmanager").list_secrets()
    with pytest.raises(ClientError):
        client("sts").get_caller_identity()
    standin.set_faults(throttle_rate=0.0, unavailable_regions=["us-west-2"])
    with pytest.raises(ClientError):
        client("secretsmanager", "us-west-2").list_secrets()
    assert [(r["error_code"], r["throttled_by"]) for r in standin.request_log()] == [
        ("ThrottlingException", "fault"), ("Throttling", "fault"), ("ServiceUnavailable", None)]
