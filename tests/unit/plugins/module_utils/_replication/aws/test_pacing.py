# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Write pacing: slots per (Region, quota group), across threads, and on every HTTP attempt botocore sends."""

import threading

import boto3
import pytest
from botocore.config import Config

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.pacing import WritePacer
from ansible_collections.secretsmanager.replication.tests.unit.conftest import CannedResponses


def test_calls_of_one_region_and_group_are_spaced_by_the_rate(still_clock):
    pacer = WritePacer(40, clock=still_clock, sleep=still_clock.sleep)
    waits = [pacer.acquire("us-east-1", "secret-writes") for dummy in range(4)]
    assert waits == pytest.approx([0, 0.025, 0.05, 0.075])


def test_regions_and_quota_groups_are_paced_separately(fake_clock):
    pacer = WritePacer(50, clock=fake_clock, sleep=fake_clock.sleep)
    assert [pacer.acquire(region, group) for region, group in
            [("us-east-1", "secret-writes"), ("eu-west-1", "secret-writes"), ("us-east-1", "tags")]] == [0, 0, 0]
    assert pacer.acquire("us-east-1", "secret-writes") == pytest.approx(0.02)


def test_concurrent_callers_queue_for_distinct_slots(still_clock):
    pacer = WritePacer(50, clock=still_clock, sleep=still_clock.sleep)
    threads = [threading.Thread(target=pacer.acquire, args=("us-east-1", "secret-writes")) for dummy in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The first caller went at once (no sleep); the others each got their own slot, 20 ms apart.
    assert sorted(still_clock.slept) == pytest.approx([0.02 * slot for slot in range(1, 20)])


@pytest.mark.parametrize("rate", [0, -1, 51])
def test_rates_outside_the_quota_are_refused(rate):
    with pytest.raises(ValueError):
        WritePacer(rate)


def paced_client(pacer, answers):
    client = boto3.client(
        "secretsmanager", region_name="eu-west-1", aws_access_key_id="unit", aws_secret_access_key="unit-test-key",
        endpoint_url="https://secretsmanager.invalid", config=Config(retries={"mode": "standard", "total_max_attempts": 3}),
    )
    pacer.attach(client, "eu-west-1")
    canned = CannedResponses(answers)
    client.meta.events.register("before-send", canned)  # after the pacer's handlers: paced first, then answered
    return client, canned


def test_every_attempt_of_a_write_is_paced_reads_are_not(no_backoff):  # pylint: disable=unused-argument
    acquired = []

    class CountingPacer(WritePacer):
        def acquire(self, region, group):
            acquired.append((region, group))
            return 0

    throttled = (400, b'{"__type": "ThrottlingException", "message": "Rate exceeded"}')
    client, canned = paced_client(CountingPacer(40), [throttled, throttled])
    client.replicate_secret_to_regions(SecretId="db", AddReplicaRegions=[{"Region": "us-west-2"}])
    client.describe_secret(SecretId="db")
    client.tag_resource(SecretId="db", Tags=[{"Key": "k", "Value": "v"}])
    assert len(canned.sent) == 5  # three attempts of the write, one describe, one tag
    assert acquired == [("eu-west-1", "secret-writes")] * 3 + [("eu-west-1", "tags")]


def test_a_throttled_response_slows_that_quota_down_and_answered_calls_bring_it_back(fake_clock):
    pacer = WritePacer(50, clock=fake_clock, sleep=fake_clock.sleep)
    pacer.throttled("us-east-1", "secret-writes")
    assert pacer.rate("us-east-1", "secret-writes") == pytest.approx(40)  # 50 x 0.8: someone else uses the quota
    assert pacer.rate("eu-west-1", "secret-writes") == 50 and pacer.rate("us-east-1", "tags") == 50
    pacer.acquire("us-east-1", "secret-writes")
    assert pacer.acquire("us-east-1", "secret-writes") == pytest.approx(1 / 40)
    for dummy in range(40):  # one second's worth of unthrottled calls regains one call per second
        pacer.answered("us-east-1", "secret-writes")
    assert pacer.rate("us-east-1", "secret-writes") == pytest.approx(41, abs=0.05)
    for dummy in range(1000):
        pacer.answered("us-east-1", "secret-writes")
    assert pacer.rate("us-east-1", "secret-writes") == 50  # never above the rate asked for


def test_throttling_never_stops_the_pacer_entirely(fake_clock):
    pacer = WritePacer(50, clock=fake_clock, sleep=fake_clock.sleep)
    for dummy in range(100):
        pacer.throttled("us-east-1", "secret-writes")
    assert pacer.rate("us-east-1", "secret-writes") == 1.0


def test_botocore_responses_feed_the_rate_throttled_attempts_and_successes_alike(no_backoff):  # pylint: disable=unused-argument
    pacer = WritePacer(50)
    throttled = (400, b'{"__type": "ThrottlingException", "message": "Rate exceeded"}')
    client, canned = paced_client(pacer, [throttled, throttled])
    client.replicate_secret_to_regions(SecretId="db", AddReplicaRegions=[{"Region": "us-west-2"}])
    assert len(canned.sent) == 3
    # Two throttled attempts (50 -> 40 -> 32), then the answered one regains 1/32.
    assert pacer.rate("eu-west-1", "secret-writes") == pytest.approx(32 + 1 / 32)
    client.describe_secret(SecretId="db")  # a read is neither paced nor counted
    assert pacer.rate("eu-west-1", "secret-writes") == pytest.approx(32 + 1 / 32)
