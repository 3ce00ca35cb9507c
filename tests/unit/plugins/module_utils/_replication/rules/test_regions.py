# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import regions


@pytest.mark.parametrize(
    "region, partition",
    [("us-east-1", "aws"), ("eu-west-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov"), ("", None), (None, None)],
)
def test_partition_for_region(region, partition):
    assert regions.partition_for_region(region) == partition


def test_known_regions_come_from_botocore():
    assert regions.is_known_region("eu-west-1")
    assert regions.is_known_region("cn-northwest-1")
    assert not regions.is_known_region("mars-1")
    assert not regions.is_known_region("EU-WEST-1")


def test_replica_region_rules():
    assert regions.replica_region_problem("eu-west-1", "us-east-1") is None
    assert "not a Secrets Manager Region" in regions.replica_region_problem("mars-1", "us-east-1")
    assert "partition 'aws-cn'" in regions.replica_region_problem("cn-north-1", "us-east-1")
    assert "partition 'aws'" in regions.replica_region_problem("us-east-1", "cn-north-1")
    assert "own Region" in regions.replica_region_problem("us-east-1", "us-east-1")
    assert regions.replica_region_problem("cn-northwest-1", "cn-north-1") is None


@pytest.mark.parametrize("region", ["eu-west-1", "cn-northwest-1", "us-gov-west-1"])
def test_a_region_botocore_knows_has_no_problem(region):
    assert regions.unknown_region_problem(region) is None


@pytest.mark.parametrize("region", ["mars-west-1", "EU-WEST-1", "eu-west-1 ", ""])
def test_an_unknown_region_is_named_with_how_to_fix_it(region):
    problem = regions.unknown_region_problem(region)
    assert problem.startswith(f"'{region}' is not a Secrets Manager Region known to botocore: check the spelling")
    assert "upgrade botocore if the Region is new" in problem
