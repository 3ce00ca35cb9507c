# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/guardrail.yml as an AWX job template, answered through docs/awx/guardrail-survey.json."""

import json

import test_awx_job_templates as job_templates
from test_awx_job_templates import artifact_data
from test_awx_job_templates import run_job
from test_awx_job_templates import survey_extra_vars

# The AWX private data dir fixture of the other job templates, visible to pytest here under its own name.
private_data_dir = job_templates.private_data_dir

FILES = {"identity_policy_file": "replication-guardrail-iam-policy.json", "service_control_policy_file": "replication-guardrail-scp.json"}


def test_guardrail_job_template_writes_both_policies_in_the_job_directory_and_publishes_them(private_data_dir, standin):
    standin.clear_request_log()
    extra_vars = survey_extra_vars(
        "guardrail-survey.json", {"guardrail_allowed_regions": "eu-west-1, eu-central-1\nus-east-1", "guardrail_denied_regions": "us-east-1"}
    )
    assert extra_vars == {
        "guardrail_allowed_regions": "eu-west-1, eu-central-1\nus-east-1",
        "guardrail_denied_regions": "us-east-1",
        "guardrail_allow_overwrite": "false",
    }
    job = run_job(private_data_dir, "playbooks/guardrail.yml", extra_vars, "guardrail")

    assert (job["rc"], job["status"]) == (0, "successful"), job["stdout"][-3000:]
    guardrail = artifact_data(job)["replication_guardrail"]
    assert guardrail["allowed_regions"] == ["eu-central-1", "eu-west-1"]
    assert guardrail["denied_regions"] == ["us-east-1"]
    assert guardrail["allow_overwrite"] is False
    # ansible-runner runs the playbook in the project directory, where an empty guardrail_dir puts the files.
    for key, name in FILES.items():
        assert guardrail[key] == str(private_data_dir / "project" / name)
        assert json.loads((private_data_dir / "project" / name).read_text(encoding="utf-8")) == guardrail["policy"]
    assert {statement["Sid"] for statement in guardrail["policy"]["Statement"]} == {"DenyReplicasOutsideAllowedRegions", "DenyReplicaOverwrite"}
    assert standin.request_log() == []


def test_guardrail_job_template_refuses_two_partitions_and_writes_nothing(private_data_dir, standin):
    extra_vars = survey_extra_vars("guardrail-survey.json", {"guardrail_allowed_regions": "eu-west-1\ncn-north-1"})
    job = run_job(private_data_dir, "playbooks/guardrail.yml", extra_vars, "refused")

    assert (job["rc"], job["status"]) != (0, "successful")
    assert "more than one partition" in job["stdout"]
    for name in FILES.values():
        assert not (private_data_dir / "project" / name).exists()
