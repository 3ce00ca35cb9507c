# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Promotions that race: two promote.yml runs at once over the same secrets, and a failover.yml killed mid-run then run
again while the old primary's Region is down.

Written against the playbooks' variables and outcomes (exit code, the set_stats artifact, the JSON report file), never
their task names; the state is read with boto3 and the stand-in's request log.
"""

import json
import subprocess

from conftest import PRIMARY, ansible_environment, playbook_command, run_killed, run_playbook

PROMOTE = "secretsmanager.replication.promote"
FAILOVER = "secretsmanager.replication.failover"
PROMOTED_FROM_TAG = "secretsmanager.replication:promoted-from"
# set_stats data, as AWX keeps it as the job's artifacts: the json callback prints it as global_custom_stats.
WITH_ARTIFACTS = {"ANSIBLE_STDOUT_CALLBACK": "ansible.posix.json", "ANSIBLE_SHOW_CUSTOM_STATS": "true"}


def replicated_primaries(standin, names, regions):
    """{name: primary ARN}: a primary in PRIMARY for each name, replicated to `regions`, InSync."""
    primary = standin.client("secretsmanager", PRIMARY)
    return {
        name: primary.create_secret(Name=name, SecretString=f"value-of-{name}", AddReplicaRegions=[{"Region": region} for region in regions])["ARN"]
        for name in names
    }


def test_two_promote_runs_at_once_promote_each_secret_once_and_both_succeed(standin, tmp_path):
    region = "eu-west-1"
    names = [f"race/app-{number:02d}" for number in range(30)]
    arns = replicated_primaries(standin, names, [region])
    standin.clear_request_log()
    # A slow pace keeps both runs' promotions overlapping, so many of one run's StopReplicationToReplica calls come
    # after the other run promoted that secret; promote_verify_sync (on by default) also sees the primary drop it.
    extra_vars = {"promote_secrets": ",".join(names), "promote_region": region, "promote_confirm": True, "promote_max_write_rate": 10}
    jobs = []
    for index in range(2):
        workdir = tmp_path / f"run{index}"
        workdir.mkdir()
        jobs.append(subprocess.Popen(  # pylint: disable=consider-using-with
            playbook_command(PROMOTE, extra_vars), cwd=workdir, env=ansible_environment(standin, workdir, **WITH_ARTIFACTS),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        ))
    outputs = [job.communicate(timeout=300) for job in jobs]
    shown = "\n=====\n".join(stdout[-3000:] + stderr[-2000:] for stdout, stderr in outputs)
    assert [job.returncode for job in jobs] == [0, 0], shown
    reports = [json.loads(stdout)["global_custom_stats"]["promote_report"] for stdout, dummy in outputs]

    # Each secret was promoted once: 30 StopReplicationToReplica calls succeeded, every later one was refused as AWS
    # refuses it (the secret is not a replica any more), and every secret is now standalone (read with boto3).
    log = standin.request_log()
    stops = [entry for entry in log if entry["operation"] == "StopReplicationToReplica"]
    succeeded = [entry for entry in stops if entry["status"] == 200]
    refused = [entry for entry in stops if entry["status"] != 200]
    assert len(succeeded) == len(names), (len(succeeded), len(refused))
    assert refused, "no promotion raced the other run's: the test did not exercise the race"
    assert {entry["error_code"] for entry in refused} == {"InvalidParameterException"}
    assert {entry["region"] for entry in log if entry["mutating"]} == {region}
    in_region = standin.client("secretsmanager", region)
    for name, primary_arn in arns.items():
        promoted = in_region.describe_secret(SecretId=name)
        assert promoted.get("PrimaryRegion", region) == region, promoted
        assert promoted["ARN"] == primary_arn.replace(f":{PRIMARY}:", f":{region}:")
        assert {tag["Key"]: tag["Value"] for tag in promoted.get("Tags", [])}[PROMOTED_FROM_TAG] == primary_arn

    # Both runs count every secret as promoted or already promoted, none failed; between them each secret was
    # promoted by exactly one run.
    for report in reports:
        assert (report["failed"], report["unverified"]) == ([], []), report
        assert sorted(line["secret_id"] for line in report["promoted"] + report["already_promoted"]) == sorted(names), report
    promoted_by = [sorted(line["secret_id"] for line in report["promoted"]) for report in reports]
    assert sorted(promoted_by[0] + promoted_by[1]) == sorted(names), promoted_by


def test_failover_killed_mid_run_then_run_again_converges_without_calling_the_failed_region(standin, tmp_path):
    new_primary, third = "us-west-2", "eu-west-1"
    names = [f"failover-kill/app-{number:02d}" for number in range(20)]
    arns = replicated_primaries(standin, names, [new_primary, third])
    standin.set_faults(unavailable_regions=[PRIMARY])
    standin.clear_request_log()
    # By the primaries' ARNs, as the disaster-recovery guide recommends: a run killed between a promotion and its
    # marker leaves a copy that only the ARN proves to be this secret's.
    extra_vars = {"failover_secrets": list(arns.values()), "failover_region": new_primary, "failover_replica_regions": [third],
                  "failover_confirm": True}

    # At 2 writes per second per Region the kill lands while the run is promoting.
    killed_dir = tmp_path / "killed"
    killed_dir.mkdir()
    killed_vars = dict(extra_vars, failover_max_write_rate=2, failover_report_file=str(killed_dir / "report.json"))
    promoted, promoted_before = run_killed(standin, killed_dir, FAILOVER, killed_vars, "StopReplicationToReplica", 3)
    assert 3 <= promoted and promoted_before < 2 * len(names), "the kill came too late to interrupt the promotions"
    assert not (killed_dir / "report.json").exists()

    report_file = tmp_path / "failover-report.json"
    rerun = run_playbook(standin, tmp_path, FAILOVER, extra_vars=dict(extra_vars, failover_report_file=str(report_file)))
    log = standin.request_log()
    standin.clear_faults()
    assert rerun.returncode == 0, rerun.output[-4000:]
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert (report["failed"], sorted(report["succeeded"])) == ([], sorted(arns.values())), report
    assert not [entry for entry in log if entry["region"] == PRIMARY], "the failed Region was called"

    # Converged, read with boto3: each new primary in the failover Region, its replica in the third Region InSync.
    for name, primary_arn in arns.items():
        new_arn = primary_arn.replace(f":{PRIMARY}:", f":{new_primary}:")
        described = standin.client("secretsmanager", new_primary).describe_secret(SecretId=name)
        assert (described["ARN"], described.get("PrimaryRegion", new_primary)) == (new_arn, new_primary), described
        assert [(entry["Region"], entry["Status"]) for entry in described.get("ReplicationStatus", [])] == [(third, "InSync")], described
        assert {tag["Key"]: tag["Value"] for tag in described.get("Tags", [])}[PROMOTED_FROM_TAG] == primary_arn
        copy = standin.client("secretsmanager", third).describe_secret(SecretId=name)
        assert (copy["ARN"], copy.get("PrimaryRegion")) == (primary_arn.replace(f":{PRIMARY}:", f":{third}:"), new_primary), copy
