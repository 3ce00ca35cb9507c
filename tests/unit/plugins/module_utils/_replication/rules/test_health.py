# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import datetime

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.peers import PeerView
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import health

ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf"
REPLICA_ARN_WEST = "arn:aws:secretsmanager:us-west-2:123456789012:secret:app/db-AbCdEf"
V1 = "11111111-1111-1111-1111-111111111111"
V2 = "22222222-2222-2222-2222-222222222222"


def described(arn=ARN, primary_region=None, statuses=None, current=V1, **extra):
    """A DescribeSecret answer as boto3 returns it."""
    answer = {"ARN": arn, "Name": "app/db", "VersionIdsToStages": {V2: ["AWSPREVIOUS"], current: ["AWSCURRENT"]}}
    if primary_region:
        answer["PrimaryRegion"] = primary_region
    if statuses is not None:
        answer["ReplicationStatus"] = [{"Region": region, "Status": status, "StatusMessage": f"{status} msg"} for region, status in statuses]
    answer.update(extra)
    return answer


def replica_answer(current=V1):
    """A replica's own DescribeSecret: it names the primary's Region."""
    return described(primary_region="us-east-1", current=current)


def found(description):
    return PeerView(reachable=True, description=description)


UNREACHABLE = PeerView(reachable=False)
MISSING = PeerView(reachable=True)


class TestCurrentVersion:
    def test_version_labelled_awscurrent(self):
        assert health.current_version_id(described(current=V1)) == V1

    def test_none_without_versions(self):
        assert health.current_version_id({"VersionIdsToStages": {V1: ["AWSPREVIOUS"]}}) is None
        assert health.current_version_id({}) is None


class TestSecretEntry:
    def test_not_replicated_secret_is_in_sync_and_its_own_primary(self):
        entry = health.secret_entry(described(Tags=[{"Key": "team", "Value": "a"}]), "us-east-1")
        assert entry == {
            "arn": ARN,
            "name": "app/db",
            "region": "us-east-1",
            "primary_region": "us-east-1",
            "is_replica": False,
            "kms_key_id": "alias/aws/secretsmanager",
            "tags": {"team": "a"},
            "primary_reachable": None,
            "replication_status": [],
            "cross_account_replicas": [],
            "cross_account_primary": None,
            "health": "not_replicated",
            "in_sync": True,
        }

    def test_own_kms_key_is_reported(self):
        entry = health.secret_entry(described(KmsKeyId="alias/app"), "us-east-1")
        assert entry["kms_key_id"] == "alias/app"

    def test_replicated_primary_lists_replicas_sorted_with_arns(self):
        when = datetime.datetime(2024, 5, 1, tzinfo=datetime.timezone.utc)
        description = described(primary_region="us-east-1", statuses=[("us-west-2", "InSync"), ("eu-west-1", "InSync")])
        description["ReplicationStatus"][0]["LastAccessedDate"] = when
        entry = health.secret_entry(description, "us-east-1")
        assert entry["is_replica"] is False
        assert [replica["region"] for replica in entry["replication_status"]] == ["eu-west-1", "us-west-2"]
        west = entry["replication_status"][1]
        assert west["arn"] == REPLICA_ARN_WEST
        assert west["last_accessed_date"] == "2024-05-01T00:00:00+00:00"
        assert "reachable" not in west
        assert entry["health"] == "in_sync"
        assert entry["in_sync"] is True

    def test_replica_described_in_its_region(self):
        entry = health.secret_entry(described(arn=REPLICA_ARN_WEST, primary_region="us-east-1", statuses=[("us-west-2", "InSync")]), "us-west-2")
        assert entry["is_replica"] is True
        assert entry["primary_region"] == "us-east-1"
        assert entry["region"] == "us-west-2"
        assert entry["primary_reachable"] is None
        assert entry["in_sync"] is True

    def test_promoted_secret_has_no_primary_region_and_is_its_own_primary(self):
        entry = health.secret_entry(described(arn=REPLICA_ARN_WEST), "us-west-2")
        assert (entry["is_replica"], entry["primary_region"], entry["health"]) == (False, "us-west-2", "not_replicated")

    @pytest.mark.parametrize(
        "statuses, expected",
        [
            ([("eu-west-1", "InSync"), ("us-west-2", "InProgress")], "in_progress"),
            ([("eu-west-1", "Failed"), ("us-west-2", "InProgress")], "failed"),
            ([("eu-west-1", "Failed"), ("us-west-2", "InSync")], "failed"),
            ([("eu-west-1", "InSync"), ("us-west-2", "InSync")], "in_sync"),
        ],
    )
    def test_health_is_the_worst_replica(self, statuses, expected):
        entry = health.secret_entry(described(primary_region="us-east-1", statuses=statuses), "us-east-1")
        assert entry["health"] == expected
        assert entry["in_sync"] is (expected == "in_sync")


class TestReplicaView:
    def primary_with(self, peer_views, statuses=(("eu-west-1", "InSync"), ("us-west-2", "InSync"))):
        return health.secret_entry(described(primary_region="us-east-1", statuses=list(statuses)), "us-east-1", peer_views=peer_views)

    def test_all_replicas_present_on_primary_version(self):
        entry = self.primary_with({"eu-west-1": found(replica_answer(current=V1)), "us-west-2": found(replica_answer(current=V1))})
        for replica in entry["replication_status"]:
            assert (replica["reachable"], replica["exists"], replica["current_version_id"], replica["version_in_sync"]) == (True, True, V1, True)
            assert replica["follows_primary"] is True
        assert (entry["health"], entry["in_sync"]) == ("in_sync", True)

    @pytest.mark.parametrize("answer", [described(), described(primary_region="eu-west-1")], ids=["promoted", "follows-another-primary"])
    def test_a_listed_replica_that_no_longer_follows_this_primary_fails(self, answer):
        # The primary's list is stale (its Region was down when the replica was promoted): the replica's own answer wins.
        entry = self.primary_with({"eu-west-1": found(answer), "us-west-2": found(replica_answer())})
        eu = entry["replication_status"][0]
        assert (eu["exists"], eu["version_in_sync"], eu["follows_primary"]) == (True, True, False)
        assert (entry["health"], entry["in_sync"]) == ("failed", False)

    def test_missing_replica_fails_although_status_is_in_sync(self):
        entry = self.primary_with({"eu-west-1": MISSING, "us-west-2": found(described())})
        eu = entry["replication_status"][0]
        assert (eu["reachable"], eu["exists"], eu["current_version_id"], eu["version_in_sync"]) == (True, False, None, False)
        assert (entry["health"], entry["in_sync"]) == ("failed", False)

    def test_version_mismatch_fails(self):
        entry = self.primary_with({"eu-west-1": found(described(current=V2)), "us-west-2": found(described())})
        eu = entry["replication_status"][0]
        assert (eu["current_version_id"], eu["version_in_sync"]) == (V2, False)
        assert (entry["health"], entry["in_sync"]) == ("failed", False)

    def test_version_mismatch_while_in_progress_is_in_progress(self):
        entry = self.primary_with(
            {"eu-west-1": found(replica_answer(current=V2)), "us-west-2": found(replica_answer())},
            statuses=[("eu-west-1", "InProgress"), ("us-west-2", "InSync")],
        )
        assert entry["health"] == "in_progress"

    def test_unreachable_region_is_worst_and_unknowns_are_none(self):
        entry = self.primary_with({"eu-west-1": found(described()), "us-west-2": UNREACHABLE}, statuses=[("eu-west-1", "Failed"), ("us-west-2", "InSync")])
        west = entry["replication_status"][1]
        assert (west["reachable"], west["exists"], west["current_version_id"], west["version_in_sync"]) == (False, None, None, None)
        assert (entry["health"], entry["in_sync"]) == ("unreachable", False)

    def test_replica_side_uses_primary_status_and_version(self):
        replica = described(arn=REPLICA_ARN_WEST, primary_region="us-east-1", statuses=[("us-west-2", "InProgress")], current=V2)
        primary = described(primary_region="us-east-1", statuses=[("us-west-2", "InSync")], current=V2)
        entry = health.secret_entry(replica, "us-west-2", primary_view=found(primary), peer_views={"us-west-2": found(replica)})
        assert entry["primary_reachable"] is True
        assert entry["replication_status"][0]["status"] == "InSync"
        assert entry["replication_status"][0]["version_in_sync"] is True
        assert (entry["health"], entry["in_sync"]) == ("in_sync", True)

    def test_replica_side_with_primary_region_down_still_reports_and_marks_it(self):
        replica = described(arn=REPLICA_ARN_WEST, primary_region="us-east-1", statuses=[("us-west-2", "InSync")])
        entry = health.secret_entry(replica, "us-west-2", primary_view=UNREACHABLE, peer_views={"us-west-2": found(replica)})
        assert (entry["is_replica"], entry["primary_region"], entry["primary_reachable"]) == (True, "us-east-1", False)
        assert entry["replication_status"][0]["exists"] is True
        assert entry["replication_status"][0]["version_in_sync"] is None
        assert (entry["health"], entry["in_sync"]) == ("unreachable", False)

    def test_replication_source_falls_back_to_the_answer_in_region(self):
        replica = described(arn=REPLICA_ARN_WEST, primary_region="us-east-1", statuses=[("us-west-2", "InSync")])
        assert health.replication_source(replica, UNREACHABLE) is replica
        assert health.replication_source(replica, MISSING) is replica
        assert health.replication_source(replica, None) is replica


class TestReplicaHealth:
    @pytest.mark.parametrize(
        "replica, expected",
        [
            ({"status": "InSync"}, "in_sync"),
            ({"status": "InProgress"}, "in_progress"),
            ({"status": "Failed"}, "failed"),
            ({"status": "Failed", "reachable": False, "exists": None, "version_in_sync": None}, "unreachable"),
            ({"status": "InSync", "reachable": True, "exists": True, "version_in_sync": None}, "failed"),
            ({"status": "InSync", "reachable": True, "exists": True, "version_in_sync": True}, "in_sync"),
        ],
    )
    def test_classification(self, replica, expected):
        assert health.replica_health(replica) == expected


class TestSummary:
    def entry(self, statuses, **peer_views):
        description = described(primary_region="us-east-1", statuses=statuses) if statuses else described()
        return health.secret_entry(description, "us-east-1", peer_views=peer_views or None)

    def test_empty(self):
        assert health.summary([]) == {"secrets": 0, "replicated": 0, "in_sync": 0, "in_progress": 0, "failed": 0, "unreachable": 0}

    def test_counts_replicated_secrets_by_worst_replica(self):
        entries = [
            self.entry(None),
            self.entry(None),
            self.entry([("us-west-2", "InSync")]),
            self.entry([("us-west-2", "InSync"), ("eu-west-1", "InProgress")]),
            self.entry([("us-west-2", "Failed"), ("eu-west-1", "InProgress")]),
            self.entry([("us-west-2", "Failed"), ("eu-west-1", "InSync")], **{"us-west-2": UNREACHABLE, "eu-west-1": found(described())}),
        ]
        counts = health.summary(entries)
        assert counts == {"secrets": 6, "replicated": 4, "in_sync": 1, "in_progress": 1, "failed": 1, "unreachable": 1}
        assert counts["in_sync"] + counts["in_progress"] + counts["failed"] + counts["unreachable"] == counts["replicated"]

    def test_secret_without_replicas_is_in_sync_but_not_counted_in_sync(self):
        entries = [self.entry(None)]
        assert entries[0]["in_sync"] is True
        assert health.summary(entries) == {"secrets": 1, "replicated": 0, "in_sync": 0, "in_progress": 0, "failed": 0, "unreachable": 0}


class TestSecretHealth:
    @staticmethod
    def entry(*statuses, links=(), link_primary=None, primary_reachable=None):
        return {
            "replication_status": [{"region": region, "status": status} for region, status in statuses],
            "cross_account_replicas": [{"status": status} for status in links],
            "cross_account_primary": {"status": link_primary} if link_primary else None,
            "primary_reachable": primary_reachable,
        }

    def test_a_secret_without_replicas_or_links_is_not_replicated(self):
        assert health.secret_health(self.entry()) == "not_replicated"
        assert health.secret_health({"replication_status": []}) == "not_replicated"

    @pytest.mark.parametrize(
        "statuses, expected",
        [
            ((("eu-west-1", "InSync"),), "in_sync"),
            ((("eu-west-1", "InSync"), ("us-west-2", "InProgress")), "in_progress"),
            ((("eu-west-1", "InProgress"), ("us-west-2", "Failed"), ("ap-south-1", "InSync")), "failed"),
        ],
    )
    def test_the_worst_replica_wins(self, statuses, expected):
        assert health.secret_health(self.entry(*statuses)) == expected

    def test_an_unreachable_replica_is_worse_than_a_failed_one(self):
        entry = self.entry(("eu-west-1", "Failed"))
        entry["replication_status"].append({"region": "us-west-2", "status": "InSync", "reachable": False})
        assert health.secret_health(entry) == "unreachable"

    @pytest.mark.parametrize("links, link_primary, expected", [
        (("InSync",), None, "in_sync"),
        (("InSync", "Pending"), None, "in_progress"),  # Pending waits like InProgress
        ((), "Failed", "failed"),
        (("Detached",), "Detached", "not_replicated"),  # a detached link replicates nothing and counts for nothing
    ])
    def test_live_cross_account_links_count_on_either_side(self, links, link_primary, expected):
        assert health.secret_health(self.entry(links=links, link_primary=link_primary)) == expected

    def test_a_failed_link_is_worse_than_replicas_in_sync_and_a_detached_one_changes_nothing(self):
        assert health.secret_health(self.entry(("eu-west-1", "InSync"), links=("Failed",))) == "failed"
        assert health.secret_health(self.entry(("eu-west-1", "InProgress"), links=("Detached",))) == "in_progress"

    def test_an_unreachable_primary_makes_a_replica_unreachable_whatever_its_replicas_say(self):
        assert health.secret_health(self.entry(("us-west-2", "InSync"), primary_reachable=False)) == "unreachable"
        assert health.secret_health(self.entry(primary_reachable=False)) == "unreachable"

    @pytest.mark.parametrize("primary_reachable", [None, True])
    def test_a_reachable_or_unasked_primary_changes_nothing(self, primary_reachable):
        assert health.secret_health(self.entry(("us-west-2", "InSync"), primary_reachable=primary_reachable)) == "in_sync"
