# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from ansible_collections.secretsmanager.replication.plugins.filter.replica_region_problem import FilterModule
from ansible_collections.secretsmanager.replication.plugins.filter.replica_region_problem import replica_region_problem


def test_a_region_in_the_primary_partition_is_fine():
    assert replica_region_problem("eu-west-1", "us-east-1") is None


def test_cross_partition_names_both_partitions_and_the_fix():
    problem = replica_region_problem("cn-north-1", "us-east-1")
    assert "'aws-cn'" in problem and "'aws'" in problem and "choose a Region of 'aws'" in problem


def test_govcloud_primary_refuses_a_commercial_replica():
    assert "partition 'aws'" in replica_region_problem("us-east-1", "us-gov-west-1")


def test_the_primary_region_itself_is_refused():
    assert "primary secret's own Region" in replica_region_problem("us-east-1", "us-east-1")


def test_an_unknown_region_is_refused_with_a_spelling_hint():
    assert "not a Secrets Manager Region known to botocore" in replica_region_problem("eu-wset-1", "us-east-1")


def test_filter_is_registered_under_its_documented_name():
    assert FilterModule().filters() == {"replica_region_problem": replica_region_problem}
