# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.filter.fleet_plan import FilterModule
from ansible_collections.secretsmanager.replication.plugins.filter.fleet_plan import fleet_plan


def entry(name, region="us-east-1", is_replica=False):
    return {"name": name, "region": region, "is_replica": is_replica, "arn": f"arn:{name}", "replication_status": []}


def test_every_primary_gets_the_replicas_and_replicas_are_left_out():
    replicas = [{"region": "us-west-2", "kms_key_id": "alias/dr"}]
    plan = fleet_plan([entry("a"), entry("b", is_replica=True), entry("c")], replicas, overwrite_on_conflict=True)
    assert plan == [
        {"secret_id": "a", "primary_region": "us-east-1", "replicas": replicas, "purge_replicas": False, "overwrite_on_conflict": True},
        {"secret_id": "c", "primary_region": "us-east-1", "replicas": replicas, "purge_replicas": False, "overwrite_on_conflict": True},
    ]
    plan[0]["replicas"][0]["region"] = "changed"
    assert replicas[0]["region"] == "us-west-2"
    assert plan[1]["replicas"][0]["region"] == "us-west-2"


def test_an_empty_read_is_an_empty_plan():
    assert fleet_plan([], [{"region": "us-west-2"}]) == []


@pytest.mark.parametrize("fleet, replicas", [("x", [{"region": "us-west-2"}]), ([entry("a")], [{"kms_key_id": "k"}]), ([entry("a")], "us-west-2")])
def test_bad_input_is_refused(fleet, replicas):
    with pytest.raises(AnsibleFilterError):
        fleet_plan(fleet, replicas)


def test_the_filter_is_registered():
    assert FilterModule().filters()["fleet_plan"] is fleet_plan
