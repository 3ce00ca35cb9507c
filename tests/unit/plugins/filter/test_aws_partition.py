# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.secretsmanager.replication.plugins.filter.aws_partition import FilterModule
from ansible_collections.secretsmanager.replication.plugins.filter.aws_partition import aws_partition


@pytest.mark.parametrize(
    "region, partition",
    [
        ("us-east-1", "aws"),
        ("eu-west-1", "aws"),
        ("me-south-1", "aws"),
        ("cn-north-1", "aws-cn"),
        ("cn-northwest-1", "aws-cn"),
        ("us-gov-west-1", "aws-us-gov"),
        ("us-iso-east-1", "aws-iso"),
    ],
)
def test_partition_of_known_regions(region, partition):
    assert aws_partition(region) == partition


@pytest.mark.parametrize("value", ["", None, 42, "mars-1", "US-EAST-1"])
def test_no_partition_for_what_is_not_a_region(value):
    assert aws_partition(value) is None


def test_filter_is_registered_under_its_documented_name():
    assert FilterModule().filters() == {"aws_partition": aws_partition}
