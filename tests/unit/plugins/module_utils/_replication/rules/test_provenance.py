# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Whose copy is it: the provenance rules for promotion and for the old primary's other replicas, and the marker."""

from datetime import datetime
from datetime import timezone

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.peers import PeerView
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import provenance as p
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in

OLD = arn_in("us-east-1")  # the primary's ARN, as an operator gives it
HERE = "us-west-2"


def secret(region, primary_region=None, suffix="AbCdEf", tags=None):
    description = {"ARN": arn_in(region, suffix=suffix), "Name": "db"}
    if primary_region:
        description["PrimaryRegion"] = primary_region
    if tags:
        description["Tags"] = [{"Key": key, "Value": value} for key, value in tags.items()]
    return description


MARKED = {p.PROMOTED_FROM_TAG: OLD, p.PROMOTED_AT_TAG: "2026-03-01T12:00:00.000000Z"}


@pytest.mark.parametrize(
    "description, secret_id, finding, former",
    [
        (None, "db", p.MISSING, None),
        (None, OLD, p.MISSING, None),
        (secret(HERE, "us-east-1"), "db", p.REPLICA, OLD),
        (secret(HERE, "us-east-1"), OLD, p.REPLICA, OLD),
        # By ARN: a same-named secret with another suffix is another secret, replica or not.
        (secret(HERE, suffix="ZzZzZz"), OLD, p.NOT_A_REPLICA, None),
        (secret(HERE, "us-east-1", suffix="ZzZzZz"), OLD, p.NOT_A_REPLICA, None),
        # By name: any replica is promoted, whoever its primary is.
        (secret(HERE, "eu-west-1", suffix="ZzZzZz"), "db", p.REPLICA, arn_in("eu-west-1", suffix="ZzZzZz")),
        # Standalone: the marker proves a promotion of this collection; by ARN the ARN itself proves the copy.
        (secret(HERE, tags=MARKED), "db", p.ALREADY_PROMOTED, OLD),
        (secret(HERE, tags=MARKED), OLD, p.ALREADY_PROMOTED, OLD),
        (secret(HERE), OLD, p.MARKER_MISSING, OLD),
        (secret(HERE), "db", p.UNVERIFIED, None),
        # A primary of its own with replicas (PrimaryRegion is its own Region) is standalone too.
        (secret(HERE, HERE), "db", p.UNVERIFIED, None),
        # A marker naming a former primary this secret cannot be a copy of (another suffix) proves nothing.
        (secret(HERE, tags={p.PROMOTED_FROM_TAG: arn_in("us-east-1", suffix="ZzZzZz")}), "db", p.UNVERIFIED, None),
        (secret(HERE, tags={p.PROMOTED_FROM_TAG: "not an arn"}), "db", p.UNVERIFIED, None),
    ],
)
def test_promotion_finding(description, secret_id, finding, former):
    assert p.promotion_finding(description, secret_id, HERE) == (finding, former)


@pytest.mark.parametrize(
    "description, region, finding",
    [
        (None, "us-east-1", p.OLD_PRIMARY_REGION),  # never looked at
        (None, "eu-west-1", p.ABSENT),
        (secret("eu-west-1", "us-east-1"), "eu-west-1", p.FOLLOWS_OLD_PRIMARY),
        (secret("eu-west-1", HERE), "eu-west-1", p.FOLLOWS_NEW_PRIMARY),
        (secret("eu-west-1", "ap-south-1"), "eu-west-1", p.FOLLOWS_OTHER_REGION),
        (secret("eu-west-1"), "eu-west-1", p.STANDALONE_COPY),
        (secret("eu-west-1", "us-east-1", suffix="ZzZzZz"), "eu-west-1", p.OTHER_SECRET),
        (secret("eu-west-1", suffix="ZzZzZz"), "eu-west-1", p.OTHER_SECRET),
    ],
)
def test_follower_finding(description, region, finding):
    assert p.follower_finding(description, OLD, HERE, region) == finding


def primary(status="InSync", version="v1", listed=True):
    description = {"ARN": OLD, "VersionIdsToStages": {version: ["AWSCURRENT"]}, "ReplicationStatus": []}
    if listed:
        description["ReplicationStatus"].append({"Region": HERE, "Status": status, "StatusMessage": "msg"})
    return PeerView(reachable=True, description=description)


REPLICA = dict(secret(HERE, "us-east-1"), VersionIdsToStages={"v1": ["AWSCURRENT"], "v0": ["AWSPREVIOUS"]})


@pytest.mark.parametrize(
    "view, problem",
    [
        (PeerView(reachable=False), None),  # the outage: nothing to compare
        (primary(), None),
        (primary(status="InProgress"), "its primary reports it InProgress (msg)"),
        (primary(status="Failed"), "its primary reports it Failed (msg)"),
        (primary(version="v2"), "its current version v1 is not the primary's current version v2"),
        (primary(listed=False), "its primary in us-east-1 does not list us-west-2 as a replica"),
        (PeerView(reachable=True), f"its primary {OLD} no longer exists"),
    ],
)
def test_sync_problem(view, problem):
    assert p.sync_problem(REPLICA, view, HERE) == problem


def test_marker_tags_and_marker_round_trip():
    moment = datetime(2026, 3, 1, 12, 0, 0, 123456, tzinfo=timezone.utc)
    tags = p.marker_tags(OLD, moment)
    assert tags == [{"Key": p.PROMOTED_FROM_TAG, "Value": OLD}, {"Key": p.PROMOTED_AT_TAG, "Value": "2026-03-01T12:00:00.123456Z"}]
    marker = p.promotion_marker({tag["Key"]: tag["Value"] for tag in tags})
    assert marker == {"promoted_from": OLD, "promoted_at": "2026-03-01T12:00:00.123456Z"}
    # A repaired marker has no time: the promotion's time is not known.
    assert p.marker_tags(OLD) == [{"Key": p.PROMOTED_FROM_TAG, "Value": OLD}]
    assert p.promotion_marker({}) == {"promoted_from": None, "promoted_at": None}


def test_lookup_name_and_lineage():
    assert p.lookup_name(OLD) == "db"
    assert p.lookup_name("prod/db-password") == "prod/db-password"
    assert p.lookup_name(arn_in("us-east-1", name="prod/db-password")) == "prod/db-password"
    assert p.secret_lineage(arn_in("us-east-1")) == p.secret_lineage(arn_in("eu-west-1")) == "arn:aws:secretsmanager::123456789012:secret:db-AbCdEf"
    assert p.secret_lineage(arn_in("us-east-1", suffix="ZzZzZz")) != p.secret_lineage(arn_in("eu-west-1"))
    assert p.secret_lineage("not an arn") is None
