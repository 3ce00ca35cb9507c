# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Cross-account replication, the primary account's side: pure rules, no client.

AWS (botocore 1.44.2+ service model, AssociateCrossAccountReplica): the replica account first creates a
receiving secret (CreateSecret with CrossAccountPrimaryARN); the primary account then links it. The two
secrets are in the same Region and partition and in different accounts; a primary has at most one
cross-account replica; associating again repairs replication; DisassociateCrossAccountReplica leaves the
replica in place, Detached.
"""

import re

from .actions import ASSOCIATE
from .actions import DISASSOCIATE
from .actions import REPAIR
from .regions import partition_for_region
from .shaping import parse_secret_arn

# botocore added the cross-account operations and fields in 1.44.2 (absent from 1.44.1 and older).
CROSS_ACCOUNT_BOTOCORE = "1.44.2"
CROSS_ACCOUNT_BOTOCORE_REASON = "to manage cross-account replicas"

# The option's values -> AssociateCrossAccountReplica ReplicaRestriction (SameOrg is AWS's default).
RESTRICTIONS = {"same_org": "SameOrg", "no_restriction": "NoRestriction"}
DEFAULT_RESTRICTION = "same_org"

IN_SYNC = "InSync"
IN_PROGRESS = "InProgress"
PENDING = "Pending"
FAILED = "Failed"
DETACHED = "Detached"
# Statuses a run waits through after associating (Pending is the replica side's "not started yet").
WAITED_STATUSES = (IN_PROGRESS, PENDING)

LINKING_ACTIONS = (ASSOCIATE, REPAIR)

_ROLE_ARN = re.compile(r"^arn:(?P<partition>[^:]+):iam::(?P<account>\d{12}):role/.+$")


def replica_link(spec):
    """The cross_account_replica option with its default filled in, or None when not given."""
    if not spec:
        return None
    return {
        "arn": spec.get("arn"),
        "restriction": spec.get("restriction") or DEFAULT_RESTRICTION,
        "replication_role_arn": spec.get("replication_role_arn"),
    }


def link_problems(spec, primary_region, primary_account=None, state="present"):
    """Problems with the cross_account_replica option, found without any call.

    primary_account: the primary's account when secret_id is an ARN (else it is checked after DescribeSecret).
    AWS: the replica is in the primary's Region and partition and in another account.
    """
    if not spec:
        return []
    if state == "promoted":
        return ["cross_account_replica means nothing with state=promoted (promote a cross-account replica in its own account "
                "with secretsmanager.replication.cross_account_replica, state: promoted): remove it"]
    problems = []
    if state == "absent":
        given = [name for name in ("restriction", "replication_role_arn") if spec.get(name) is not None]
        if given:
            problems.append(f"cross_account_replica.{' and cross_account_replica.'.join(given)} "
                            f"{'means' if len(given) == 1 else 'mean'} nothing with state=absent: remove {'it' if len(given) == 1 else 'them'}")
    arn = spec.get("arn")
    parts = parse_secret_arn(arn)
    if parts is None:
        problems.append(f"cross_account_replica.arn '{arn}' is not a secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>): "
                        "give the full ARN of the receiving secret in the replica account")
    elif primary_region:
        problems.extend(_placement_problems(arn, parts, primary_region, primary_account))
    role = spec.get("replication_role_arn")
    if role is not None:
        problems.extend(_role_problems(role, primary_region, primary_account))
    return problems


def _placement_problems(arn, parts, primary_region, primary_account):
    partition = partition_for_region(primary_region)
    if parts["partition"] != partition or parts["region"] != primary_region:
        return [
            f"cross_account_replica.arn '{arn}' is in Region '{parts['region']}' (partition '{parts['partition']}') but the primary is in "
            f"'{primary_region}' (partition '{partition}'): a cross-account replica must be in its primary's Region and partition; "
            f"create the receiving secret in '{primary_region}'"
        ]
    return own_account_problems(arn, primary_account)


def own_account_problems(replica_arn, primary_account):
    """AWS: cross-account replication is between two accounts; a replica in the primary's own account is refused."""
    parts = parse_secret_arn(replica_arn)
    if primary_account is None or parts is None or parts["account_id"] != primary_account:
        return []
    return [
        f"cross_account_replica.arn '{replica_arn}' is in the primary's own account ({primary_account}): cross-account replication "
        "needs two accounts; for a replica in another Region of this account, list that Region in replicas"
    ]


def _role_problems(role, primary_region, primary_account):
    match = _ROLE_ARN.match(role)
    if not match:
        return [f"cross_account_replica.replication_role_arn '{role}' is not an IAM role ARN (arn:<partition>:iam::<account>:role/<name>): "
                "give the ARN of a role in the primary's account, or leave it out"]
    problems = []
    if primary_region and match["partition"] != partition_for_region(primary_region):
        problems.append(f"cross_account_replica.replication_role_arn '{role}' is in partition '{match['partition']}', the primary "
                        f"in '{primary_region}' is not: give a role of the primary's partition")
    if primary_account and match["account"] != primary_account:
        problems.append(f"cross_account_replica.replication_role_arn '{role}' is in account {match['account']}, not the primary's "
                        f"({primary_account}): AWS assumes a role of the primary account; give one there")
    return problems


def account_of(arn):
    parts = parse_secret_arn(arn)
    return parts["account_id"] if parts else None


def links_of(description):
    """DescribeSecret's CrossAccountReplicas as [{arn, status, status_message, replication_role_arn}], sorted by ARN."""
    entries = [
        {
            "arn": entry.get("ReplicaSecretARN"),
            "status": entry.get("ReplicationStatus"),
            "status_message": entry.get("StatusMessage"),
            "replication_role_arn": entry.get("ReplicationRoleARN"),
        }
        for entry in (description or {}).get("CrossAccountReplicas") or []
    ]
    return sorted(entries, key=lambda entry: entry["arn"] or "")


def primary_of(description):
    """DescribeSecret's CrossAccountPrimary (on a receiving secret) as {arn, status, status_message}, or None."""
    primary = (description or {}).get("CrossAccountPrimary")
    if not primary:
        return None
    return {"arn": primary.get("PrimarySecretARN"), "status": primary.get("ReplicationStatus"), "status_message": primary.get("StatusMessage")}


def _link_action(kind, region, link):
    action = {"action": kind, "region": region, "cross_account_replica_arn": link["arn"]}
    if kind in LINKING_ACTIONS:
        action["restriction"] = link["restriction"]
        if link["replication_role_arn"]:
            action["replication_role_arn"] = link["replication_role_arn"]
    return action


def plan_link(current, link, state, region):
    """(action or None, refusal or None) for the wanted link, given the primary's links (links_of).

    present: no link to this ARN, or a Detached one -> associate; Failed -> repair (AWS: "call it again for the
    same replica to repair replication"); a different replication role -> associate again; otherwise nothing.
    Another replica that is not Detached -> refused, naming it (AWS: "at most one cross-account replica").
    absent: a link to this ARN that is not Detached -> disassociate; otherwise nothing.
    """
    ours = next((entry for entry in current if entry["arn"] == link["arn"]), None)
    if state == "absent":
        if ours is not None and ours["status"] != DETACHED:
            return _link_action(DISASSOCIATE, region, link), None
        return None, None
    others = [entry for entry in current if entry["arn"] != link["arn"] and entry["status"] != DETACHED]
    if others:
        return None, (
            f"the primary already has a cross-account replica, {others[0]['arn']} ({others[0]['status']}), and AWS allows at most one: "
            "disassociate it first (state: absent with its ARN as cross_account_replica.arn), then run again"
        )
    if ours is None or ours["status"] == DETACHED:
        return _link_action(ASSOCIATE, region, link), None
    if ours["status"] == FAILED:
        return _link_action(REPAIR, region, link), None
    if link["replication_role_arn"] and link["replication_role_arn"] != ours["replication_role_arn"]:
        return _link_action(ASSOCIATE, region, link), None
    return None, None


def predicted_links(current, action, new_status=IN_SYNC):
    """The primary's links after `action` (check mode); AWS lists only the replica just associated."""
    if action is None:
        return [dict(entry) for entry in current]
    previous = next((entry for entry in current if entry["arn"] == action["cross_account_replica_arn"]), {})
    if action["action"] == DISASSOCIATE:
        return [dict(entry, status=DETACHED, status_message=None) if entry["arn"] == previous.get("arn") else dict(entry) for entry in current]
    return [{
        "arn": action["cross_account_replica_arn"],
        "status": new_status,
        "status_message": None,
        "replication_role_arn": action.get("replication_role_arn") or previous.get("replication_role_arn"),
    }]


def link_of(links, arn):
    return next((entry for entry in links if entry["arn"] == arn), None)


def waiting(links, action):
    """True while the link this run (re)associated is still on its way to InSync."""
    if action is None or action["action"] not in LINKING_ACTIONS:
        return False
    entry = link_of(links, action["cross_account_replica_arn"])
    return entry is not None and entry["status"] in WAITED_STATUSES


def link_diff(links):
    """Diff view: [{arn, status}] sorted by ARN."""
    return [{"arn": entry["arn"], "status": entry["status"]} for entry in links]
