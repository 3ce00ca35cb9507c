# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""report.yml's step: its inputs as AWX surveys or extra vars give them, and the refusals before any call."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.report import inputs


def test_one_region_filters_from_a_survey_string_and_required_regions_from_the_roles_default_replicas():
    assert inputs(report_region="us-east-1", secret_filters="name=prod/, tag-key=dr", replicate_default_replicas=[{"region": "eu-west-1"}]) == {
        "region": "us-east-1", "regions": [], "filters": {"name": "prod/", "tag-key": "dr"}, "required_regions": ["eu-west-1"], "refusal": None}


def test_several_regions_leave_the_single_region_out_and_survey_required_regions_win():
    assert inputs(report_regions="us-east-1,us-west-2", report_required_regions="eu-west-1\nap-south-1",
                  replicate_default_replicas=[{"region": "ca-central-1"}]) == {
        "region": None, "regions": ["us-east-1", "us-west-2"], "filters": {}, "required_regions": ["eu-west-1", "ap-south-1"], "refusal": None}


def test_nothing_given_reads_the_modules_region_and_every_secret():
    assert inputs() == {"region": None, "regions": [], "filters": {}, "required_regions": [], "refusal": None}


@pytest.mark.parametrize("job, refusal", [
    ({"report_region": "us-east-1", "report_regions": "us-west-2"}, "Give report_region (one Region) or report_regions (several), not both."),
    ({"renamed_report_filters": True, "report_region": "us-east-1", "report_regions": "us-west-2"},
     "report_filters is now secret_filters (the same ListSecrets filters, a dict or a survey string, as in replicate.yml): rename it in the job "
     "template or extra vars."),
    ({"secret_filters": "tag-key"}, "secret_filters: 'tag-key' is not key=value: write filters like 'tag-key=dr' or 'name=prod/,tag-value=gold'"),
    ({"secret_filters": "colour=red"}, "secret_filters: filters: unknown key 'colour'"),
    ({"report_regions": 42}, "report_regions: expected a list or a comma-separated string, got int"),
])
def test_what_cannot_be_read_is_refused_before_any_call(job, refusal):
    result = inputs(**job)
    assert result["refusal"] is not None and result["refusal"].startswith(refusal)
