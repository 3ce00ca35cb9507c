# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.filter.secret_name_reads import FilterModule
from ansible_collections.secretsmanager.replication.plugins.filter.secret_name_reads import secret_name
from ansible_collections.secretsmanager.replication.plugins.filter.secret_name_reads import secret_name_reads

ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf"


@pytest.mark.parametrize(
    "secret_id, name",
    [(ARN, "app/db"), ("app/db", "app/db"), ("arn:aws:secretsmanager:eu-west-1:123456789012:secret:db", "db"), ("a-b-c", "a-b-c")],
)
def test_secret_name(secret_id, name):
    assert secret_name(secret_id) == name


def test_names_are_batched_per_region_ten_at_most():
    plan = [{"secret_id": f"s{index:02d}", "primary_region": "us-east-1"} for index in range(23)]
    plan.append({"secret_id": ARN, "primary_region": "eu-west-1"})
    reads = secret_name_reads(plan)
    assert [(read["region"], len(read["filters"]["name"])) for read in reads] == [("us-east-1", 10), ("us-east-1", 10), ("us-east-1", 3), ("eu-west-1", 1)]
    assert reads[0]["filters"]["name"][:2] == ["s00", "s01"]
    assert reads[3] == {"region": "eu-west-1", "filters": {"name": ["app/db"]}, "secret_ids": [ARN]}
    assert sum(len(read["secret_ids"]) for read in reads) == 24


def test_a_name_listed_twice_is_read_once_and_covers_both_ids():
    arn = ARN.replace("eu-west-1", "us-east-1")
    reads = secret_name_reads([{"secret_id": "app/db", "primary_region": "us-east-1"}, {"secret_id": arn, "primary_region": "us-east-1"}])
    assert reads == [{"region": "us-east-1", "filters": {"name": ["app/db"]}, "secret_ids": ["app/db", arn]}]


def test_secrets_without_a_primary_region_are_left_out():
    assert secret_name_reads([{"secret_id": "app/db", "primary_region": None}]) == []


@pytest.mark.parametrize("plan, batch", [("app/db", 10), ([{"secret_id": "a", "primary_region": "us-east-1"}], 11), ([], 0)])
def test_bad_input_is_refused(plan, batch):
    with pytest.raises(AnsibleFilterError):
        secret_name_reads(plan, batch=batch)


def test_the_filter_is_registered():
    assert FilterModule().filters()["secret_name_reads"] is secret_name_reads
