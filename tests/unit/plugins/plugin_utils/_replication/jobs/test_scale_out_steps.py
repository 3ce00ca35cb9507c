# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""replicate_scale_out.yml's step: the unit's result, its set_stats key and its file, as the playbook registers it."""

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs import scale_out
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.steps import find_step

ROLE = "arn:aws:iam::222222222222:role/secretsmanager-replication"
DENIED = {"failed": True, "msg": "An error occurred (AccessDenied) when calling the AssumeRole operation: not authorized",
          "error": {"code": "AccessDenied"}, "response_metadata": {"http_status_code": 403}}


def test_the_step_is_registered():
    assert find_step("scale_out.unit") is scale_out.unit


def test_a_unit_that_could_not_be_reached_gets_its_key_file_and_result():
    shaped = scale_out.unit("222222222222-eu-west-1", "eu-west-1", role_arn=ROLE, unreachable=DENIED)
    assert (shaped["key"], shaped["file_name"]) == ("replication_unit_222222222222_eu_west_1", "replication_unit_222222222222_eu_west_1.json")
    assert (shaped["unit"]["status"], shaped["unit"]["reason"], shaped["unit"]["host"]) == ("failed", "account_unreachable", "222222222222-eu-west-1")


def test_what_the_playbook_passes_when_nothing_failed():
    # Ansible's defaults in the task: none for what is not set.
    report = {"secrets": [], "summary": {"secrets": 0, "changed": 0, "failed": 0, "replicas_in_sync": 0, "overwritten": 0}}
    shaped = scale_out.unit("h", "us-east-1", account_id=None, role_arn=None, caller_account_id="333333333333", account_name=None,
                            organizational_unit_path=None, unreachable=None, failed=None, report=report)
    assert shaped["key"] == "replication_unit_333333333333_us_east_1" and shaped["unit"]["status"] == "ok"
