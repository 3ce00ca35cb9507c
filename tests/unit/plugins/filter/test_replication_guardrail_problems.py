# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from ansible_collections.secretsmanager.replication.plugins.filter.replication_guardrail_problems import FilterModule
from ansible_collections.secretsmanager.replication.plugins.filter.replication_guardrail_problems import replication_guardrail_problems


def test_survey_strings_of_one_partition_have_no_problem():
    assert replication_guardrail_problems("eu-west-1,\neu-central-1", denied_regions="us-east-1") == []


def test_a_misspelt_region_and_a_second_partition_are_both_reported():
    problems = replication_guardrail_problems(["eu-wset-1", "cn-north-1"], denied_regions=["us-east-1"])
    assert "'eu-wset-1' is not a Secrets Manager Region" in problems[0]
    assert "more than one partition" in problems[1]


def test_filter_is_registered_under_its_documented_name():
    assert FilterModule().filters() == {"replication_guardrail_problems": replication_guardrail_problems}
