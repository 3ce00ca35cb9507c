# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/failover.yml and failback.yml as AWX job templates, answered through docs/awx/failover-survey.json and
failback-survey.json (the shared task file they include must ship in the project, too)."""

import test_awx_job_templates as job_templates
from test_awx_job_templates import artifact_data
from test_awx_job_templates import run_job
from test_awx_job_templates import survey_extra_vars

from conftest import PRIMARY_REGION

# The AWX private data dir fixture of the other job templates, visible to pytest here under its own name.
private_data_dir = job_templates.private_data_dir
NEW_PRIMARY, THIRD = "us-west-2", "eu-west-1"


def test_failover_job_template_while_the_primary_region_is_down(private_data_dir, standin):
    primary = standin.client("secretsmanager", PRIMARY_REGION)
    primary.create_secret(Name="awx/dr", SecretString="not-read", AddReplicaRegions=[{"Region": NEW_PRIMARY}, {"Region": THIRD}])
    standin.set_faults(unavailable_regions=[PRIMARY_REGION])
    standin.clear_request_log()

    extra_vars = survey_extra_vars("failover-survey.json", {
        "failover_secrets": "awx/dr", "failover_region": NEW_PRIMARY, "failover_replica_regions": THIRD, "failover_confirm": "true"})
    job = run_job(private_data_dir, "playbooks/failover.yml", extra_vars, "failover")

    assert (job["rc"], job["status"]) == (0, "successful"), job["stdout"][-3000:]
    report = artifact_data(job)["failover_report"]
    assert report["succeeded"] == ["awx/dr"] and report["secrets"]["awx/dr"]["regions"][THIRD]["status"] == "InSync"
    assert PRIMARY_REGION not in {entry["region"] for entry in standin.request_log()}
    standin.clear_faults()
    # Read here, not taken from the report: a primary in NEW_PRIMARY, its THIRD replica InSync and following it.
    promoted = standin.client("secretsmanager", NEW_PRIMARY).describe_secret(SecretId="awx/dr")
    assert promoted.get("PrimaryRegion", NEW_PRIMARY) == NEW_PRIMARY
    assert {entry["Region"]: entry["Status"] for entry in promoted["ReplicationStatus"]} == {THIRD: "InSync"}
    assert standin.client("secretsmanager", THIRD).describe_secret(SecretId="awx/dr")["PrimaryRegion"] == NEW_PRIMARY


def test_failback_job_template_refuses_without_confirmation(private_data_dir, standin):
    standin.clear_request_log()
    extra_vars = survey_extra_vars("failback-survey.json", {
        "failback_secrets": "awx/dr", "failback_region": PRIMARY_REGION, "failback_winner_region": NEW_PRIMARY})
    assert extra_vars["failback_confirm"] == "false"
    job = run_job(private_data_dir, "playbooks/failback.yml", extra_vars, "refused")
    assert (job["rc"], job["status"]) != (0, "successful")
    assert "Failback refused, nothing was called: failback_confirm is not true" in job["stdout"]
    assert standin.request_log() == []
