# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The kinds of action the modules plan and report (each result's `actions[].action`), named once.

The values are public: they are documented return values of secret_replica and cross_account_replica.
"""

# secret_replica, Regional replicas (planning.py): RemoveRegionsFromReplication, ReplicateSecretToRegions (a retry
# is a remove then a replicate), UpdateSecret KmsKeyId in the replica's Region.
ADD = "add"
RETRY = "retry"
REKEY = "rekey"
REMOVE = "remove"

# secret_replica, state promoted (runs/promotion.py): StopReplicationToReplica, then TagResource (the marker).
# cross_account_replica's promotion of a receiving secret is PROMOTE too.
PROMOTE = "promote"
MARK = "mark"

# secret_replica, the cross-account replica (cross_account.py): AssociateCrossAccountReplica (REPAIR associates a
# Failed link again), DisassociateCrossAccountReplica.
ASSOCIATE = "associate"
REPAIR = "repair"
DISASSOCIATE = "disassociate"

# cross_account_replica, the receiving secret (runs/receiving_secret.py): CreateSecret, DeleteSecret, TagResource,
# UntagResource.
CREATE = "create"
DELETE = "delete"
TAG = "tag"
UNTAG = "untag"
