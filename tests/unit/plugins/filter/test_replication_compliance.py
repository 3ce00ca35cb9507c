# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.filter.replication_compliance import FilterModule
from ansible_collections.secretsmanager.replication.plugins.filter.replication_compliance import replication_compliance

ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf"
DEFAULT_KEY = "alias/aws/secretsmanager"


def replica(region, status="InSync", kms_key_id=DEFAULT_KEY, status_message=None):
    return {"region": region, "status": status, "kms_key_id": kms_key_id, "status_message": status_message}


def entry(replicas, name="app/db", region="us-east-1", arn=ARN, is_replica=False, primary_region="us-east-1"):
    return {"arn": arn, "name": name, "region": region, "is_replica": is_replica, "primary_region": primary_region, "replication_status": replicas}


def secret(regions, secret_id="app/db", primary_region="us-east-1", purge=False):
    replicas = [region if isinstance(region, dict) else {"region": region} for region in regions]
    return {"secret_id": secret_id, "primary_region": primary_region, "replicas": replicas, "purge_replicas": purge}


def reasons_of(plan, fleet):
    return [[(reason["region"], reason["reason"]) for reason in annotated["reasons"]] for annotated in replication_compliance(plan, fleet)]


def test_in_sync_replicas_with_the_listed_regions_are_compliant():
    (annotated,) = replication_compliance([secret(["us-west-2", "eu-west-1"])], [entry([replica("eu-west-1"), replica("us-west-2")])])
    assert annotated["compliant"] is True
    assert annotated["reasons"] == []
    assert annotated["arn"] == ARN
    assert [r["region"] for r in annotated["current_replicas"]] == ["eu-west-1", "us-west-2"]
    assert annotated["secret_id"] == "app/db"


def test_a_missing_region_is_not_compliant():
    assert reasons_of([secret(["us-west-2", "eu-west-1"])], [entry([replica("us-west-2")])]) == [[("eu-west-1", "missing")]]


@pytest.mark.parametrize("status", ["InProgress", "Failed"])
def test_in_progress_and_failed_replicas_are_not_compliant(status):
    fleet = [entry([replica("us-west-2", status=status, status_message="Replication failed: ...")])]
    (annotated,) = replication_compliance([secret(["us-west-2"])], fleet)
    assert annotated["compliant"] is False
    assert annotated["reasons"][0]["reason"] == "not_in_sync"
    assert status in annotated["reasons"][0]["message"]


def test_kms_keys_compare_as_strings_so_an_alias_for_the_same_key_is_left_to_the_module():
    key_arn = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    fleet = [entry([replica("us-west-2", kms_key_id=key_arn)])]
    assert reasons_of([secret([{"region": "us-west-2", "kms_key_id": key_arn}])], fleet) == [[]]
    assert reasons_of([secret([{"region": "us-west-2", "kms_key_id": "alias/prod"}])], fleet) == [[("us-west-2", "kms_key_differs")]]


def test_an_omitted_or_empty_key_accepts_any_key():
    fleet = [entry([replica("us-west-2", kms_key_id="alias/prod")])]
    assert reasons_of([secret([{"region": "us-west-2"}]), secret([{"region": "us-west-2", "kms_key_id": ""}])], fleet) == [[], []]


def test_purge_with_an_unlisted_replica_is_not_compliant_and_without_purge_it_is():
    fleet = [entry([replica("us-west-2"), replica("eu-west-1")])]
    assert reasons_of([secret(["us-west-2"], purge=True)], fleet) == [[("eu-west-1", "not_listed")]]
    assert reasons_of([secret(["us-west-2"], purge=False)], fleet) == [[]]


def test_a_duplicate_region_entry_is_not_compliant():
    assert reasons_of([secret(["us-west-2"])], [entry([replica("us-west-2"), replica("us-west-2")])]) == [[("us-west-2", "duplicate")]]


def test_a_secret_not_read_is_not_compliant_and_has_no_arn():
    (annotated,) = replication_compliance([secret(["us-west-2"], secret_id="app/missing")], [entry([replica("us-west-2")])])
    assert annotated["compliant"] is False
    assert annotated["reasons"] == [{"region": None, "reason": "not_found", "message": "not found by the fleet read"}]
    assert annotated["arn"] is None
    assert annotated["current_replicas"] == []


def test_a_name_matches_only_in_the_primary_region_and_an_arn_only_by_arn():
    fleet = [entry([replica("us-west-2")], region="eu-west-1", arn=ARN.replace("us-east-1", "eu-west-1"))]
    assert reasons_of([secret(["us-west-2"])], fleet) == [[(None, "not_found")]]
    fleet = [entry([replica("us-west-2")])]
    assert reasons_of([secret(["us-west-2"], secret_id=ARN)], fleet) == [[]]
    assert reasons_of([secret(["us-west-2"], secret_id=ARN[:-1] + "X")], fleet) == [[(None, "not_found")]]


def test_a_name_prefix_match_is_not_the_secret():
    fleet = [entry([replica("us-west-2")], name="app/db2", arn=ARN.replace("app/db", "app/db2"))]
    assert reasons_of([secret(["us-west-2"])], fleet) == [[(None, "not_found")]]


def test_a_replica_read_in_the_primary_region_is_not_compliant():
    fleet = [entry([replica("us-west-2")], is_replica=True, primary_region="eu-west-1")]
    assert reasons_of([secret(["us-west-2"])], fleet) == [[(None, "is_replica")]]


def test_plan_order_is_kept_and_the_input_is_not_modified():
    plan = [secret(["us-west-2"], secret_id="b"), secret(["us-west-2"], secret_id="a")]
    fleet = [entry([replica("us-west-2")], name="a", arn="arn-a"), entry([], name="b", arn="arn-b")]
    result = replication_compliance(plan, fleet)
    assert [(r["secret_id"], r["compliant"]) for r in result] == [("b", False), ("a", True)]
    assert "compliant" not in plan[0]


@pytest.mark.parametrize("plan, fleet", [("app/db", []), ([secret(["us-west-2"])], "nope"), ([1], [])])
def test_bad_input_is_refused(plan, fleet):
    with pytest.raises(AnsibleFilterError):
        replication_compliance(plan, fleet)


def test_the_filter_is_registered():
    assert FilterModule().filters()["replication_compliance"] is replication_compliance
