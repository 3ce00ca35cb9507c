# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The playbooks as AWX job templates: ansible-runner in a private data dir laid out as AWX lays it out.

- project/: the project checkout (here: the collection's files from the tarball), playbooks under playbooks/.
- requirements_collections/: where AWX installs the project's collections (here: the tarball); AWX points
  ANSIBLE_COLLECTIONS_PATH at it. amazon.aws comes from the environment, as from an execution environment.
- env/envvars: only what AWX's Amazon Web Services credential injects (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
  AWS_SESSION_TOKEN, which amazon.aws 10 reads), the Region and the stand-in's endpoint as job environment variables.
- env/extravars: the survey answers, as strings, built from the survey specs in docs/awx/.
"""

import json
import subprocess
import tarfile

import pytest
from standin import ACCESS_KEY, SECRET_KEY
from standin.operations import SECRET_VALUE_READS

from conftest import PRIMARY_REGION
from conftest import SOURCE
from conftest import clean_environment
from conftest import install_tarball
from conftest import tool

SURVEY_TYPES = {"text": str, "textarea": str, "multiplechoice": str, "password": str, "integer": int, "float": float}


def survey_extra_vars(survey_file, answers):
    """Extra vars as AWX sends them for a survey: every answered or defaulted question, typed by the spec."""
    spec = json.loads((SOURCE / "docs" / "awx" / survey_file).read_text(encoding="utf-8"))
    questions = {question["variable"]: question for question in spec["spec"]}
    assert not set(answers) - set(questions), f"answers for questions the survey does not ask: {set(answers) - set(questions)}"
    extra_vars = {}
    for variable, question in questions.items():
        value = answers.get(variable, question.get("default"))
        if value in (None, ""):
            assert not question["required"], f"required survey question {variable} has no answer"
            continue
        assert isinstance(value, SURVEY_TYPES[question["type"]]), (variable, value)
        if question["type"] == "multiplechoice":
            assert value in question["choices"], (variable, value)
        extra_vars[variable] = value
    return extra_vars


@pytest.fixture
def private_data_dir(tmp_path, tarball, standin):
    root = tmp_path / "awx_job"
    (root / "env").mkdir(parents=True)
    (root / "inventory").mkdir()
    (root / "inventory" / "hosts").write_text("localhost ansible_connection=local ansible_python_interpreter={{ ansible_playbook_python }}\n")
    with tarfile.open(tarball) as archive:
        archive.extractall(root / "project", filter="data")
    install_tarball(tarball, root / "requirements_collections")
    envvars = {
        # AWX's Amazon Web Services credential (awx/main/models/credential/injectors.py: aws).
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_SESSION_TOKEN": "standinsessiontoken",
        # Job environment: the Region (the credential carries none) and the stand-in's endpoint.
        "AWS_REGION": PRIMARY_REGION,
        "AWS_DEFAULT_REGION": PRIMARY_REGION,
        "AWS_ENDPOINT_URL": standin.url,
        # As AWX sets it for project collections.
        "ANSIBLE_COLLECTIONS_PATH": f"{root / 'requirements_collections'}:~/.ansible/collections:/usr/share/ansible/collections",
    }
    (root / "env" / "envvars").write_text(json.dumps(envvars))
    return root


def run_job(private_data_dir, playbook, extra_vars, ident):
    (private_data_dir / "env" / "extravars").write_text(json.dumps(extra_vars))
    # AWX starts the runner with no AWS settings of its own: everything comes from env/.
    subprocess.run(
        [tool("ansible-runner"), "run", str(private_data_dir), "-p", playbook, "--ident", ident],
        env=clean_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    artifacts = private_data_dir / "artifacts" / ident
    events = [json.loads(path.read_text(encoding="utf-8")) for path in sorted((artifacts / "job_events").glob("*.json"))]
    stdout = (artifacts / "stdout").read_text(encoding="utf-8")
    return {
        "rc": int((artifacts / "rc").read_text(encoding="utf-8")),
        "status": (artifacts / "status").read_text(encoding="utf-8"),
        "stdout": stdout,
        "events": events,
    }


def artifact_data(job):
    """set_stats data: the awx_display callback puts it in the playbook_on_stats event, as AWX's artifacts."""
    stats = [event for event in job["events"] if event.get("event") == "playbook_on_stats"]
    assert len(stats) == 1, job["stdout"][-3000:]
    return stats[0]["event_data"]["artifact_data"]


def test_replicate_job_template(private_data_dir, standin):
    primary = standin.client("secretsmanager", PRIMARY_REGION)
    arns = {name: primary.create_secret(Name=name, SecretString="not-read")["ARN"] for name in ("awx/db", "awx/api")}

    extra_vars = survey_extra_vars("replicate-survey.json", {"secret_ids": "awx/db,awx/api", "replica_regions": "us-west-2\neu-west-1"})
    job = run_job(private_data_dir, "playbooks/replicate.yml", extra_vars, "replicate")

    assert (job["rc"], job["status"]) == (0, "successful"), job["stdout"][-3000:]
    # The role ran from where AWX installs project collections, not from anywhere else.
    assert str(private_data_dir / "requirements_collections" / "ansible_collections" / "secretsmanager" / "replication" / "roles") in json.dumps(job["events"])
    report = artifact_data(job)["replicate_report"]
    assert report["summary"]["secrets"] == 2 and report["summary"]["failed"] == 0
    assert {secret["secret_id"] for secret in report["secrets"]} == set(arns)
    for name, arn in arns.items():
        status = {entry["Region"]: entry["Status"] for entry in primary.describe_secret(SecretId=arn)["ReplicationStatus"]}
        assert status == {"us-west-2": "InSync", "eu-west-1": "InSync"}, name
    assert not {entry["operation"] for entry in standin.request_log()} & SECRET_VALUE_READS


def test_promote_job_template_while_the_primary_region_is_down(private_data_dir, standin):
    primary = standin.client("secretsmanager", PRIMARY_REGION)
    names = ("awx/db", "awx/api")
    for name in names:
        primary.create_secret(Name=name, SecretString="not-read", AddReplicaRegions=[{"Region": "us-west-2"}])
    standin.set_faults(unavailable_regions=[PRIMARY_REGION])
    standin.clear_request_log()

    extra_vars = survey_extra_vars("promote-survey.json", {"promote_secrets": "awx/db\nawx/api", "promote_region": "us-west-2", "promote_confirm": "true"})
    job = run_job(private_data_dir, "playbooks/promote.yml", extra_vars, "promote")

    assert (job["rc"], job["status"]) == (0, "successful"), job["stdout"][-3000:]
    report = artifact_data(job)["promote_report"]
    assert sorted(entry["secret_id"] for entry in report["promoted"]) == sorted(names)
    assert report["failed"] == []
    log = standin.request_log()
    # promote_verify_sync (on by default) asks the primary's Region, one short try, whether the replica is in sync: a read.
    assert {entry["region"] for entry in log if entry["region"] != PRIMARY_REGION} == {"us-west-2"}
    assert {entry["operation"] for entry in log if entry["region"] == PRIMARY_REGION} <= {"DescribeSecret"}
    standin.clear_faults()
    replica_side = standin.client("secretsmanager", "us-west-2")
    for name in names:
        assert replica_side.describe_secret(SecretId=name).get("PrimaryRegion") in (None, "us-west-2"), name
        assert not primary.describe_secret(SecretId=name).get("ReplicationStatus"), name


def test_promote_job_template_refuses_without_confirmation(private_data_dir, standin):
    standin.clear_request_log()
    extra_vars = survey_extra_vars("promote-survey.json", {"promote_secrets": "awx/db", "promote_region": "us-west-2"})
    assert extra_vars["promote_confirm"] == "false"
    job = run_job(private_data_dir, "playbooks/promote.yml", extra_vars, "refused")
    assert (job["rc"], job["status"]) != (0, "successful")
    assert "promote_confirm" in job["stdout"]
    assert standin.request_log() == []


def test_replicate_job_template_in_selector_mode_with_a_key_per_region(private_data_dir, standin):
    primary = standin.client("secretsmanager", PRIMARY_REGION)
    primary.create_secret(Name="awx/tagged", SecretString="not-read", Tags=[{"Key": "dr", "Value": "gold"}])
    primary.create_secret(Name="awx/untagged", SecretString="not-read")
    key = standin.client("kms", "eu-west-1").create_key()["KeyMetadata"]["Arn"]

    extra_vars = survey_extra_vars("replicate-survey.json", {"secret_filters": "tag-key=dr", "replica_regions": "eu-west-1",
                                                             "replica_kms_keys": f"eu-west-1={key}"})
    job = run_job(private_data_dir, "playbooks/replicate.yml", extra_vars, "selector")

    assert (job["rc"], job["status"]) == (0, "successful"), job["stdout"][-3000:]
    assert [secret["secret_id"] for secret in artifact_data(job)["replicate_report"]["secrets"]] == ["awx/tagged"]
    (replica,) = primary.describe_secret(SecretId="awx/tagged")["ReplicationStatus"]
    assert (replica["Region"], replica["Status"], replica["KmsKeyId"]) == ("eu-west-1", "InSync", key)
    assert "ReplicationStatus" not in primary.describe_secret(SecretId="awx/untagged")


def test_report_job_template_with_a_selector_and_a_policy_as_strings(private_data_dir, standin):
    primary = standin.client("secretsmanager", PRIMARY_REGION)
    primary.create_secret(Name="awx/reported", SecretString="not-read", AddReplicaRegions=[{"Region": "us-west-2"}])
    primary.create_secret(Name="other/ignored", SecretString="not-read")

    extra_vars = survey_extra_vars("report-survey.json", {"secret_filters": "name=awx/", "report_required_regions": "us-west-2\neu-west-1"})
    job = run_job(private_data_dir, "playbooks/report.yml", extra_vars, "report")

    assert (job["rc"], job["status"]) == (0, "successful"), job["stdout"][-3000:]
    summary = artifact_data(job)["replication_report_summary"]
    assert (summary["secrets"], summary["in_sync"], summary["not_compliant"]) == (1, 1, 1)
    # report_dir left to its default: under the job's working directory (the project), not the installed collection.
    written = list(private_data_dir.rglob("replication-report.json"))
    assert len(written) == 1 and "requirements_collections" not in str(written[0]), written
    assert [secret["name"] for secret in json.loads(written[0].read_text(encoding="utf-8"))["secrets"]] == ["awx/reported"]
