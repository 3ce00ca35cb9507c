# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""guardrail.yml's step: Regions that cannot make a guardrail are refused with every problem before anything is written."""

from unittest import mock

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import InputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs import guardrail


def test_survey_strings_of_one_partition_have_no_problem():
    assert guardrail.inputs("eu-west-1,\neu-central-1", "us-east-1") == {"refusal": None}


def test_a_misspelt_region_and_a_second_partition_are_both_in_the_refusal():
    refusal = guardrail.inputs(["eu-wset-1", "cn-north-1"], ["us-east-1"])["refusal"]
    assert refusal.startswith("Guardrail refused, nothing was written. Fix guardrail_allowed_regions / guardrail_denied_regions: allowed Regions: "
                              "'eu-wset-1' is not a Secrets Manager Region")
    assert "; the Regions are in more than one partition ('aws': us-east-1; 'aws-cn': cn-north-1)" in refusal


def test_no_region_at_all_is_refused():
    assert "no Region policy given" in guardrail.inputs([], [])["refusal"]


def test_without_botocore_the_step_says_what_to_install():
    with mock.patch.object(guardrail, "HAS_BOTOCORE", False), pytest.raises(InputError, match="pip install botocore"):
        guardrail.inputs(["eu-west-1"])
