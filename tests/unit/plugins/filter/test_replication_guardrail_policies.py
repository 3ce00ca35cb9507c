# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.filter.replication_guardrail_policies import FilterModule
from ansible_collections.secretsmanager.replication.plugins.filter.replication_guardrail_policies import replication_guardrail_policies


def _sids(result):
    return [statement["Sid"] for statement in result["policy"]["Statement"]]


@pytest.mark.parametrize("answer, sids", [("false", ["DenyReplicasOutsideAllowedRegions", "DenyReplicaOverwrite"]),
                                          ("true", ["DenyReplicasOutsideAllowedRegions"])])
def test_a_survey_answer_for_allow_overwrite_is_read_as_a_boolean(answer, sids):
    assert _sids(replication_guardrail_policies("eu-west-1", allow_overwrite=answer)) == sids


def test_an_allow_overwrite_that_is_not_a_boolean_fails():
    with pytest.raises(AnsibleFilterError, match="allow_overwrite must be true or false"):
        replication_guardrail_policies("eu-west-1", allow_overwrite="maybe")


def test_bad_regions_fail_with_every_problem():
    with pytest.raises(AnsibleFilterError, match=r"no replication guardrail: .*'mars-1'.*more than one partition"):
        replication_guardrail_policies("mars-1 cn-north-1", denied_regions="eu-west-1")


def test_filter_is_registered_under_its_documented_name():
    assert FilterModule().filters() == {"replication_guardrail_policies": replication_guardrail_policies}
