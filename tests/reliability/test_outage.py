# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Region outages: a replica Region down during apply, and the primary's Region down (disaster recovery).

The stand-in makes a Region unavailable by answering HTTP 503 to every call signed for it. Replication
itself runs inside the stand-in, so a new replica into a down Region still succeeds there; the calls
that reach a replica Region during apply are the KMS key checks (role preflight, module DescribeKey)
and the in-place re-key (UpdateSecret). These tests drive exactly those.
"""

import json

from conftest import PRIMARY, recap, replication_of, run_playbook

DOWN = "us-west-2"
KEY_ALIAS = "alias/outage-key"
SECRETS = ["outage/app-0", "outage/app-1"]


def seed(standin):
    """Secrets replicated to eu-west-1 and us-west-2 (AWS managed key), and a customer key in us-west-2."""
    primary = standin.client("secretsmanager", PRIMARY)
    for name in SECRETS:
        primary.create_secret(Name=name, SecretString=f"value-of-{name}")
        primary.replicate_secret_to_regions(SecretId=name, AddReplicaRegions=[{"Region": "eu-west-1"}, {"Region": DOWN}])
    kms = standin.client("kms", DOWN)
    kms.create_alias(AliasName=KEY_ALIAS, TargetKeyId=kms.create_key()["KeyMetadata"]["KeyId"])


def role_vars(check_kms):
    return {
        "replicate_secrets": [
            {"secret_id": name, "replicas": [{"region": "eu-west-1"}, {"region": DOWN, "kms_key_id": KEY_ALIAS}, {"region": "ap-southeast-2"}]}
            for name in SECRETS
        ],
        "replicate_check_kms": check_kms,
        "replicate_retries": 0,
        "replicate_retry_delay": 1,
    }


def assert_nothing_removed(standin):
    for name in SECRETS:
        replicas = replication_of(standin, name)
        assert {"eu-west-1", DOWN} <= set(replicas), (name, replicas)


def run_outage_then_recovery(standin, tmp_path, check_kms):
    seed(standin)
    standin.set_faults(unavailable_regions=[DOWN])
    during = run_playbook(standin, tmp_path, "secretsmanager.replication.replicate", extra_vars=role_vars(check_kms))
    standin.clear_faults()
    assert "Traceback" not in during.output
    assert_nothing_removed(standin)

    # What the issue asks: the down Region is reported failed with a clear reason, the others converge.
    assert during.returncode == 2
    assert f"Region '{DOWN}'" in during.output and "unavailable" in during.output.lower(), during.output[-4000:]
    for name in SECRETS:
        replicas = replication_of(standin, name)
        assert replicas["ap-southeast-2"]["Status"] == "InSync", (name, replicas)

    after = run_playbook(standin, tmp_path, "secretsmanager.replication.replicate", extra_vars=role_vars(check_kms))
    assert after.returncode == 0, after.output[-4000:]
    for name in SECRETS:
        replicas = replication_of(standin, name)
        assert sorted(replicas) == sorted(["ap-southeast-2", "eu-west-1", DOWN])
        assert replicas[DOWN]["KmsKeyId"] == KEY_ALIAS
        assert {entry["Status"] for entry in replicas.values()} == {"InSync"}


def test_replica_region_down_during_apply_with_preflight_key_checks(standin, tmp_path):
    run_outage_then_recovery(standin, tmp_path, check_kms=True)


def test_replica_region_down_during_apply_rekey(standin, tmp_path):
    run_outage_then_recovery(standin, tmp_path, check_kms=False)


def test_replica_region_down_during_apply_adds_nothing_removed_and_rerun_converges(standin, tmp_path):
    """Adding Regions while another replica Region is down: nothing already replicated is removed, the run converges."""
    seed(standin)
    standin.clear_request_log()
    standin.set_faults(unavailable_regions=[DOWN])
    extra_vars = {
        "replicate_secrets": [{"secret_id": name, "replicas": [{"region": "eu-west-1"}, {"region": DOWN}, {"region": "ap-southeast-2"}]} for name in SECRETS],
        "replicate_retry_delay": 1,
    }
    during = run_playbook(standin, tmp_path, "secretsmanager.replication.replicate", extra_vars=extra_vars)
    requests = standin.request_log()
    standin.clear_faults()
    assert during.returncode == 0, during.output[-4000:]
    # Nothing was sent to the down Region, and nothing was removed anywhere.
    assert not [entry for entry in requests if entry["region"] == DOWN]
    assert not [entry for entry in requests if entry["operation"] == "RemoveRegionsFromReplication"]
    for name in SECRETS:
        replicas = replication_of(standin, name)
        assert sorted(replicas) == sorted(["ap-southeast-2", "eu-west-1", DOWN])
    again = run_playbook(standin, tmp_path, "secretsmanager.replication.replicate", extra_vars=extra_vars)
    assert again.returncode == 0 and recap(again.output)["changed"] == 0, again.output[-3000:]


def test_primary_region_down_promote_and_replica_side_info_still_work(standin, tmp_path):
    primary = standin.client("secretsmanager", PRIMARY)
    for name in SECRETS:
        primary.create_secret(Name=name, SecretString=f"value-of-{name}")
        primary.replicate_secret_to_regions(SecretId=name, AddReplicaRegions=[{"Region": "eu-west-1"}])
    standin.clear_request_log()
    standin.set_faults(unavailable_regions=[PRIMARY])

    info_play = tmp_path / "info.json"
    info_play.write_text(json.dumps([{
        "hosts": "localhost", "gather_facts": False,
        "tasks": [
            {"secretsmanager.replication.secret_replica_info": {"region": "eu-west-1", "secret_id": SECRETS[0], "replica_view": True},
             "register": "replica_side"},
            {"ansible.builtin.copy": {"content": "{{ replica_side | to_json }}", "dest": str(tmp_path / "info.out.json"), "mode": "0600"}},
        ],
    }]), encoding="utf-8")
    info = run_playbook(standin, tmp_path, info_play)
    assert info.returncode == 0, info.output[-3000:]
    described = json.loads((tmp_path / "info.out.json").read_text(encoding="utf-8"))["secrets"]
    assert len(described) == 1 and described[0]["is_replica"] is True and described[0]["primary_region"] == PRIMARY, described

    promote = run_playbook(standin, tmp_path, "secretsmanager.replication.promote", extra_vars={
        "promote_secrets": ",".join(SECRETS), "promote_region": "eu-west-1", "promote_confirm": True})
    requests = standin.request_log()
    standin.clear_faults()
    assert promote.returncode == 0, promote.output[-3000:]
    assert [entry["operation"] for entry in requests if entry["operation"] == "StopReplicationToReplica"] == ["StopReplicationToReplica"] * 2
    # promote.yml never called the down primary Region; secret_replica_info tried it (replica view) and coped.
    assert not [entry for entry in requests if entry["region"] == PRIMARY and entry["operation"] != "DescribeSecret"]
    replica_region = standin.client("secretsmanager", "eu-west-1")
    for name in SECRETS:
        promoted = replica_region.describe_secret(SecretId=name)
        assert "PrimaryRegion" not in promoted or promoted["PrimaryRegion"] == "eu-west-1", promoted
