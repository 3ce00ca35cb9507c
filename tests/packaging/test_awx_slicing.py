# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A whole organization through AWX job slicing, as AWX runs it (ansible/awx: awx/main/models/inventory.py get_sliced_hosts,
awx/main/models/workflow.py get_effective_artifacts), with the installed tarball.

- The inventory source: ansible-inventory on an aws_organization file, as AWX's inventory update runs it.
- Slicing: the hosts ordered by name; slice i of 3 takes hosts[i-1::3], each slice its own job (here its own inventory).
- The 3 slices run at once, each a separate ansible-runner job of replicate_scale_out.yml.
- The next workflow node gets the slices' set_stats artifacts merged with dict.update in the order the slices finished,
  as extra vars: here report_organization.yml.
One account's member role cannot be assumed (the stand-in's deny_assume_role). Pass: every unit is in the merged
artifacts, the report equals the one from one unsliced job over the same starting state, the denied units are reported
failed with AWS's AssumeRole reason, and every other unit converged (read with boto3 in each account).
"""

import json
import subprocess
import time

import yaml
from standin.organizations import seed_organization

import test_awx_job_templates as job_templates
from conftest import clean_environment
from conftest import tool
from test_awx_job_templates import artifact_data

# The AWX private data dir of the other job templates (project, requirements_collections, env/envvars), by its name.
private_data_dir = job_templates.private_data_dir

SLICES = 3
REGIONS = {"us-east-1": "us-west-2", "eu-west-1": "eu-central-1"}  # each unit's Region and its replica Region
SECRETS = ("app/db", "app/api")
LAYOUT = {"Prod": [{"name": "prod-api", "tags": {"dr": "gold"}}], "Prod/Payments": [{"name": "pay-core", "tags": {"dr": "gold"}}],
          "Dev": [{"name": "dev-tools", "tags": {"dr": "silver"}}]}
DENIED = "dev-tools"
ROLE = "secretsmanager-replication"
INVENTORY = {
    "plugin": "secretsmanager.replication.aws_organization",
    "regions": list(REGIONS),
    "member_role_name": ROLE,
    "exclude_account_ids": ["123456789012"],
    "compose": {
        "replicate_selector": "{'tag-key': 'dr'}",
        "replicate_default_replicas": "[{'region': " + repr(REGIONS) + "[replicate_primary_region]}]",
        "replicate_retries": "0",
    },
}


def discover(private_data_dir):
    """The inventory source's update: {host: hostvars} from the plugin, with the installed collection."""
    path = private_data_dir / "project" / "org.aws_organization.yml"
    path.write_text(yaml.safe_dump(INVENTORY), encoding="utf-8")
    envvars = json.loads((private_data_dir / "env" / "envvars").read_text(encoding="utf-8"))
    env = clean_environment(**envvars, ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="true")
    listed = subprocess.run([tool("ansible-inventory"), "-i", str(path), "--list"], env=env, capture_output=True, text=True, check=False, timeout=120)
    assert listed.returncode == 0, listed.stderr
    # AWX stores the values, not ansible-inventory's {"__ansible_unsafe": value} wrappers.
    return json.loads(listed.stdout, object_hook=_unwrapped)["_meta"]["hostvars"]


def _unwrapped(value):
    return value["__ansible_unsafe"] if set(value) == {"__ansible_unsafe"} else value


def write_inventory(private_data_dir, name, hosts):
    """A job's inventory as AWX gives it: these hosts with their variables (connection local on the controller)."""
    path = private_data_dir / "inventory" / f"{name}.yml"
    path.write_text(yaml.safe_dump({"all": {"vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"}, "hosts": hosts}}), encoding="utf-8")
    return path


def start_job(private_data_dir, playbook, ident, inventory, extra_vars=None):
    """An ansible-runner job; a scale-out job gets no extra vars (its variables are the inventory's)."""
    (private_data_dir / "env" / "extravars").write_text(json.dumps(extra_vars or {}))
    return subprocess.Popen([tool("ansible-runner"), "run", str(private_data_dir), "-p", playbook, "--ident", ident, "--inventory", str(inventory),
                             "--forks", "10"],
                            env=clean_environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def job_result(private_data_dir, ident):
    artifacts = private_data_dir / "artifacts" / ident
    events = [json.loads(path.read_text(encoding="utf-8")) for path in sorted((artifacts / "job_events").glob("*.json"))]
    return {"rc": int((artifacts / "rc").read_text(encoding="utf-8")), "stdout": (artifacts / "stdout").read_text(encoding="utf-8"), "events": events}


def run_sliced(private_data_dir, hostvars):
    """AWX's slices, run at once: [(slice number, job result)] in the order they finished."""
    hosts = sorted(hostvars)
    jobs = {}
    for number in range(1, SLICES + 1):
        inventory = write_inventory(private_data_dir, f"slice{number}", {host: hostvars[host] for host in hosts[number - 1::SLICES]})
        jobs[number] = start_job(private_data_dir, "playbooks/replicate_scale_out.yml", f"slice{number}", inventory)
    finished = []
    deadline = time.monotonic() + 600
    while len(finished) < SLICES and time.monotonic() < deadline:
        finished.extend(number for number, job in jobs.items() if number not in finished and job.poll() is not None)
        time.sleep(0.2)
    assert len(finished) == SLICES, "a slice did not finish in 10 minutes"
    return [(number, job_result(private_data_dir, f"slice{number}")) for number in finished]


def run_report(private_data_dir, ident, extra_vars):
    inventory = write_inventory(private_data_dir, f"report-{ident}", {})
    extra_vars = dict(extra_vars, organization_report_dir=f"report-{ident}")
    start_job(private_data_dir, "playbooks/report_organization.yml", ident, inventory, extra_vars).wait(timeout=300)
    job = job_result(private_data_dir, ident)
    assert job["rc"] == 0, job["stdout"][-3000:]
    report = json.loads((private_data_dir / "project" / f"report-{ident}" / "organization-report.json").read_text(encoding="utf-8"))
    return job, dict(report, generated_at=None)


def seed(standin):
    organization = seed_organization(standin, LAYOUT)
    for account in organization["accounts"].values():
        for region in REGIONS:
            secrets = standin.client("secretsmanager", region, account=account)
            for name in SECRETS:
                secrets.create_secret(Name=name, SecretString="not-read", Tags=[{"Key": "dr", "Value": "yes"}])
    standin.set_faults(deny_assume_role=[f"arn:aws:iam::{organization['accounts'][DENIED]}:role/{ROLE}"])
    return organization["accounts"]


def replicas(standin, account, region):
    secrets = standin.client("secretsmanager", region, account=account)
    return {name: {entry["Region"]: entry["Status"] for entry in secrets.describe_secret(SecretId=name).get("ReplicationStatus", [])} for name in SECRETS}


def unreplicate(standin, accounts):
    """Back to the starting state: every replica the run added removed (account ids stay those of the organization)."""
    for account in accounts.values():
        for region, replica_region in REGIONS.items():
            secrets = standin.client("secretsmanager", region, account=account)
            for name in SECRETS:
                if secrets.describe_secret(SecretId=name).get("ReplicationStatus"):
                    secrets.remove_regions_from_replication(SecretId=name, RemoveReplicaRegions=[replica_region])
                    standin.client("secretsmanager", replica_region, account=account).delete_secret(SecretId=name, ForceDeleteWithoutRecovery=True)


def test_three_concurrent_slices_lose_no_unit_and_report_as_one_job(private_data_dir, standin):
    accounts = seed(standin)
    hostvars = discover(private_data_dir)
    units = {f"replication_unit_{account}_{region.replace('-', '_')}" for account in accounts.values() for region in REGIONS}
    assert len(hostvars) == len(units) == 6

    finished = run_sliced(private_data_dir, hostvars)
    merged = {}
    for _number, job in finished:
        merged.update(artifact_data(job))
    # Every unit survived the shallow merge: each published a key of its own.
    assert units <= set(merged), sorted(merged)
    # The deprecated per-host dict did not: only the last slice that published it is left.
    assert len(merged["replicate_scale_out_summaries"]) < len(units) - 2

    # The denied account's units: failed, unreachable, with AWS's AssumeRole refusal; every other unit converged.
    for region, replica_region in REGIONS.items():
        denied = merged[f"replication_unit_{accounts[DENIED]}_{region.replace('-', '_')}"]
        assert (denied["status"], denied["reason"], denied["unreachable"]) == ("failed", "account_unreachable", True)
        assert "not authorized to perform: sts:AssumeRole" in denied["message"]
        assert replicas(standin, accounts[DENIED], region) == {name: {} for name in SECRETS}
        for name, account in accounts.items():
            if name != DENIED:
                unit = merged[f"replication_unit_{account}_{region.replace('-', '_')}"]
                assert (unit["status"], unit["summary"]["secrets"], unit["summary"]["changed"]) == ("ok", 2, 2), unit
                assert replicas(standin, account, region) == {secret: {replica_region: "InSync"} for secret in SECRETS}

    # The next workflow node's extra vars: the merged artifacts, whole.
    report_job, sliced_report = run_report(private_data_dir, "report-sliced", merged)
    assert artifact_data(report_job)["organization_report_summary"] == {"units": 6, "units_failed": 2, "units_unreachable": 2, "secrets": 8, "failures": 2}

    # The same starting state, one unsliced job.
    unreplicate(standin, accounts)
    whole = write_inventory(private_data_dir, "whole", hostvars)
    start_job(private_data_dir, "playbooks/replicate_scale_out.yml", "whole", whole).wait(timeout=600)
    unsliced = job_result(private_data_dir, "whole")
    _job, unsliced_report = run_report(private_data_dir, "report-whole", artifact_data(unsliced))
    assert sliced_report == unsliced_report
