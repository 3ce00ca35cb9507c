# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""report.yml's report over one Region or several: split brain flagged in the JSON and the table."""

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.health_report import health_report
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.health_report import table_lines
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in


def entry(region, primary_region=None, replicas=(), name="db"):
    return {"arn": arn_in(region, name), "name": name, "region": region, "primary_region": primary_region or region,
            "is_replica": bool(primary_region) and primary_region != region, "health": "in_sync" if replicas else "not_replicated",
            "replication_status": [{"region": replica, "status": "InSync"} for replica in replicas]}


def test_one_region_read_has_no_split_brain_and_the_old_columns():
    report = health_report([{"region": "us-east-1", "secrets": [entry("us-east-1", replicas=["eu-west-1"])]}])
    assert (report["regions_read"], report["split_brain"], report["summary"]["split_brain"]) == (["us-east-1"], [], 0)
    assert report["secrets"][0]["split_brain"] is False
    lines = table_lines(report)
    assert lines[0].split() == ["SECRET", "PRIMARY", "HEALTH", "eu-west-1"]
    assert "SPLIT BRAIN" not in "\n".join(lines)


def test_several_regions_read_flag_a_secret_that_is_a_primary_in_two():
    read = {"region": None, "regions": ["us-east-1", "us-west-2", "eu-west-1"], "unreachable_regions": [], "secrets": [
        entry("us-east-1"), entry("us-west-2", replicas=["eu-west-1"]), entry("eu-west-1", primary_region="us-west-2"),
        entry("us-west-2", name="ok", replicas=["eu-west-1"]), entry("eu-west-1", primary_region="us-west-2", name="ok")]}
    report = health_report([read])
    assert report["regions_read"] == ["eu-west-1", "us-east-1", "us-west-2"]
    assert report["split_brain"] == [{"name": "db", "primary_regions": ["us-east-1", "us-west-2"], "arns": [arn_in("us-east-1"), arn_in("us-west-2")]}]
    assert report["summary"]["split_brain"] == 1
    assert [(e["name"], e["region"]) for e in report["secrets"] if e["split_brain"]] == [("db", "us-east-1"), ("db", "us-west-2"), ("db", "eu-west-1")]
    lines = table_lines(report)
    assert lines[0].split()[:4] == ["SECRET", "READ", "IN", "PRIMARY"]
    flagged = [line for line in lines if "SPLIT BRAIN" in line]
    assert len(flagged) == 3 and all(line.endswith("SPLIT BRAIN: primary in us-east-1, us-west-2") for line in flagged)
    assert lines[-1].endswith("0 unreachable, 1 split brain")


def test_regions_that_did_not_answer_are_named():
    report = health_report([{"regions": ["us-west-2"], "unreachable_regions": ["us-east-1"], "secrets": []}])
    assert report["unreachable_regions"] == ["us-east-1"]
    assert table_lines(report)[-1] == "not read (did not answer): us-east-1"


def test_a_policy_marks_primaries_missing_a_required_replica_and_counts_them():
    read = {"region": "us-east-1", "secrets": [
        entry("us-east-1", replicas=["eu-west-1"]), entry("us-east-1", replicas=["eu-west-1", "us-west-2"], name="ok"),
        entry("eu-west-1", primary_region="us-east-1")]}
    report = health_report([read], required_regions=["eu-west-1", "us-west-2"])
    assert [(e["name"], e["region"], e["missing_regions"]) for e in report["secrets"]] == [
        ("db", "us-east-1", ["us-west-2"]), ("ok", "us-east-1", []), ("db", "eu-west-1", None)]
    assert report["summary"]["not_compliant"] == 1 and report["required_regions"] == ["eu-west-1", "us-west-2"]
    lines = table_lines(report)
    assert lines[0].split()[-2:] == ["eu-west-1", "us-west-2"] and lines[1].split()[-1] == "MISSING"
    assert lines[-1].endswith("1 missing a required replica (eu-west-1, us-west-2)")


def test_without_a_policy_nothing_is_missing():
    report = health_report([{"region": "us-east-1", "secrets": [entry("us-east-1", replicas=["eu-west-1"])]}])
    assert report["secrets"][0]["missing_regions"] is None and report["summary"]["not_compliant"] == 0
    assert "required" not in table_lines(report)[-1]
