# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The public region_rule_problems filter: a thin adapter over region_policy (tested in test_region_policy.py)."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.filter.region_rule_problems import region_rule_problems

PLAN = [{"secret_id": "a", "primary_region": "us-east-1", "replicas": [{"region": "eu-west-1"}, {"region": "me-south-1"}]}]


def test_wrong_input_fails_naming_the_filter():
    with pytest.raises(AnsibleFilterError, match="^region_rule_problems"):
        region_rule_problems({"secret_id": "x"})


@pytest.mark.parametrize("region_info", [
    {"results": [{"regions": [{"region_name": "eu-west-1", "opt_in_status": "opt-in-not-required"}]}, {"skipped": True}]},
    [{"regions": [{"region_name": "eu-west-1", "opt_in_status": "opt-in-not-required"}]}],
    {"regions": [{"region_name": "eu-west-1", "opt_in_status": "opt-in-not-required"}]},
])
def test_region_info_is_read_as_a_registered_loop_a_list_or_one_result(region_info):
    problems = region_rule_problems(PLAN, region_info=region_info)
    assert [(item["region"], "not enabled" in item["problem"]) for item in problems] == [("me-south-1", True)]
    assert region_rule_problems(PLAN) == []


def test_every_violation_is_listed_at_once():
    plan = [{"secret_id": "a", "primary_region": "us-east-1", "replicas": [{"region": "cn-north-1"}, {"region": "us-east-1"}, {"region": "us-west-2"}]}]
    problems = region_rule_problems(plan, denied_regions=["us-west-2"])
    assert [item["region"] for item in problems] == ["cn-north-1", "us-east-1", "us-west-2"]
