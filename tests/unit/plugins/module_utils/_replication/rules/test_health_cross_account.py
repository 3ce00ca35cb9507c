# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""secret_replica_info's entries and summary with cross-account links, on the primary's and on the receiving side."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import health

PRIMARY_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf"
RECEIVING_ARN = "arn:aws:secretsmanager:us-east-1:210987654321:secret:app/db-RcVaBc"


def primary(status, regions=()):
    description = {"ARN": PRIMARY_ARN, "Name": "app/db",
                   "CrossAccountReplicas": [{"ReplicaSecretARN": RECEIVING_ARN, "ReplicationStatus": status, "StatusMessage": "m"}]}
    if regions:
        description.update(PrimaryRegion="us-east-1", ReplicationStatus=[{"Region": region, "Status": s} for region, s in regions])
    return health.secret_entry(description, "us-east-1")


def receiving(status):
    return health.secret_entry({"ARN": RECEIVING_ARN, "Name": "app/db", "KmsKeyId": "alias/copy",
                                "CrossAccountPrimary": {"PrimarySecretARN": PRIMARY_ARN, "ReplicationStatus": status, "StatusMessage": "m"}},
                               "us-east-1")


def test_both_sides_are_shown():
    entry = primary("InSync")
    assert entry["cross_account_replicas"] == [{"arn": RECEIVING_ARN, "status": "InSync", "status_message": "m", "replication_role_arn": None}]
    assert entry["cross_account_primary"] is None
    other = receiving("Pending")
    assert other["cross_account_primary"] == {"arn": PRIMARY_ARN, "status": "Pending", "status_message": "m"}
    assert other["cross_account_replicas"] == [] and not other["is_replica"]


@pytest.mark.parametrize("status, expected", [("InSync", "in_sync"), ("InProgress", "in_progress"), ("Failed", "failed"),
                                              ("Detached", "not_replicated")])
def test_a_link_counts_in_the_primarys_health(status, expected):
    assert primary(status)["health"] == expected


@pytest.mark.parametrize("status, expected", [("Pending", "in_progress"), ("InSync", "in_sync"), ("Failed", "failed"),
                                              ("Detached", "not_replicated")])
def test_a_link_counts_in_the_receiving_secrets_health(status, expected):
    entry = receiving(status)
    assert entry["health"] == expected and entry["in_sync"] is (expected in ("in_sync", "not_replicated"))


def test_the_worst_of_regions_and_link_wins():
    assert primary("Failed", regions=[("eu-west-1", "InSync")])["health"] == "failed"
    assert primary("InSync", regions=[("eu-west-1", "InProgress")])["health"] == "in_progress"


def test_summary_counts_a_live_link_as_replicated_and_a_detached_one_not():
    entries = [primary("InSync"), receiving("Pending"), receiving("Detached"), primary("Failed", regions=[("eu-west-1", "InSync")])]
    counts = health.summary(entries)
    assert counts == {"secrets": 4, "replicated": 3, "in_sync": 1, "in_progress": 1, "failed": 1, "unreachable": 0}
