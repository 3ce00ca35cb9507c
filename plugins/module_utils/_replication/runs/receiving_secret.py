# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Cross-account replication, the replica account's side: the receiving secret behind the cross_account_replica module.

AWS (botocore 1.44.2+ service model): CreateSecret with CrossAccountPrimaryARN makes a secret without a value,
encrypted with a customer managed key, in the primary's Region and partition; it is Pending until the primary
account associates it. StopReplicationToReplica in this account promotes it to a standalone secret. DeleteSecret
is refused while replication runs.

Pure rules first (input problems, the plan, the returned view), then ReceivingSecretRun, which calls AWS only
through the wrappers in secrets.py and kms.py. Never GetSecretValue.
"""

from ansible_collections.amazon.aws.plugins.module_utils.tagging import ansible_dict_to_boto3_tag_list
from ansible_collections.amazon.aws.plugins.module_utils.tagging import compare_aws_tags

from ..rules import cross_account
from ..rules.actions import CREATE
from ..rules.actions import DELETE
from ..rules.actions import PROMOTE
from ..rules.actions import TAG
from ..rules.actions import UNTAG
from ..aws.key_directory import key_problem
from ..aws.kms import describe_key
from ..rules.inputs import kms_key_problems
from ..rules.inputs import parse_kms_arn
from ..aws.secrets import create_receiving_secret
from ..aws.secrets import delete_secret
from ..aws.secrets import describe_secret
from ..aws.secrets import stop_replication_to_replica
from ..aws.secrets import tag_resource
from ..aws.secrets import untag_secret
from ..rules.shaping import iso_date
from ..rules.shaping import parse_secret_arn
from ..rules.shaping import secret_name_of_arn
from ..rules.shaping import tags_dict

# DeleteSecret RecoveryWindowInDays: "from 7 to 30".
RECOVERY_WINDOW_DAYS = (7, 30)
# The link statuses of a receiving secret that replication still runs into (DeleteSecret refuses them).
ASSOCIATED_STATUSES = (cross_account.IN_SYNC, cross_account.IN_PROGRESS, cross_account.FAILED)


class ReceivingSecretRefused(Exception):
    """Nothing was changed: the message says what, where, and how to fix it."""


def default_name(primary_arn):
    """The primary's name, from its ARN (secret:<name>-<6 characters>, or a partial ARN without them)."""
    parts = parse_secret_arn(primary_arn)
    if parts is None:
        return None
    return secret_name_of_arn(primary_arn) or parts["resource"][len("secret:"):]


def is_aws_managed_alias(key):
    """alias/aws/<service> names an AWS managed key; so does an alias ARN ending that way."""
    if key.startswith("arn:"):
        parsed = parse_kms_arn(key)
        return parsed is not None and parsed["resource"].startswith("alias/aws/")
    return key.startswith("alias/aws/")


def input_problems(params, region_option):
    """(Region, problems) before any call. The receiving secret lives in the primary's Region (AWS: same Region and partition)."""
    primary_arn = params.get("primary_arn")
    parts = parse_secret_arn(primary_arn)
    if parts is None:
        return region_option, [f"primary_arn '{primary_arn}' is not a secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>): "
                               "give the full ARN of the primary secret in the primary account"]
    region = parts["region"]
    problems = []
    if region_option and region_option != region:
        problems.append(f"region '{region_option}' conflicts with primary_arn, which is in '{region}': a cross-account replica is in its "
                        f"primary's Region; set region to '{region}' or leave it out")
    if params.get("name") is not None and not params["name"].strip():
        problems.append("name is empty: give the receiving secret's name, or leave it out to use the primary's")
    state = params.get("state") or "present"
    if state == "present":
        problems.extend(_key_problems(params.get("kms_key_id"), region, parts["account_id"]))
    elif params.get("tags") is not None:
        problems.append(f"tags mean nothing with state={state}: remove them")
    window = params.get("recovery_window_in_days")
    if window is not None and not RECOVERY_WINDOW_DAYS[0] <= window <= RECOVERY_WINDOW_DAYS[1]:
        problems.append(f"recovery_window_in_days is {window}: AWS accepts {RECOVERY_WINDOW_DAYS[0]} to {RECOVERY_WINDOW_DAYS[1]} days")
    return region, problems


def _key_problems(key, region, primary_account):
    """AWS: a receiving secret "must use a customer managed KMS key"; KMS keys are per Region and per account."""
    problems = kms_key_problems(region, key)
    if problems:
        return problems
    if is_aws_managed_alias(key):
        return [f"kms_key_id '{key}' is an AWS managed key: a cross-account replica must use a customer managed key of this account "
                f"in '{region}'; create one (and let Secrets Manager use it) and give its id, ARN or alias"]
    parsed = parse_kms_arn(key)
    if parsed and parsed["account_id"] == primary_account:
        return [f"kms_key_id '{key}' is a key of the primary's account ({primary_account}): the receiving secret is encrypted with a "
                f"customer managed key of its own account in '{region}'"]
    return []


def metadata_problem(key, region, metadata):
    """Why DescribeKey's answer rules `key` out for a new receiving secret, or None."""
    if metadata is not None and metadata.get("KeyManager") == "AWS":
        return (f"KMS key '{key}' in '{region}' is managed by AWS (KeyManager AWS): a cross-account replica must use a customer managed "
                "key; give one of this account")
    return key_problem(region, key, metadata)


def plan(description, primary_arn, state):
    """The one action for the receiving secret (or None), from its DescribeSecret (None: no secret of that name).

    Raises ReceivingSecretRefused when the secret found is not this primary's receiving secret, or cannot be
    changed as asked (deleting a replica that replication still runs into).
    """
    if description is None:
        if state == "present":
            return CREATE
        if state == "promoted":
            raise ReceivingSecretRefused("nothing to promote: there is no secret of that name here; check name and region")
        return None
    name = description.get("Name")
    if description.get("DeletedDate"):
        if state == "absent":
            return None
        raise ReceivingSecretRefused(f"secret '{name}' is scheduled for deletion and keeps its name until then: restore it "
                                     "(RestoreSecret), or choose another name")
    link = cross_account.primary_of(description)
    if link is None:
        if state == "promoted":
            return None
        remedy = "choose another name" if state == "present" else "this module deletes only receiving secrets; delete it another way if you mean to"
        raise ReceivingSecretRefused(f"secret '{name}' exists here and is not a cross-account replica (a standalone or promoted secret): {remedy}")
    if link["arn"] != primary_arn:
        raise ReceivingSecretRefused(f"secret '{name}' is a cross-account replica of another primary, {link['arn']}: choose another "
                                     "name, or give that primary's ARN")
    if state == "present":
        return None
    if state == "promoted":
        return PROMOTE
    if link["status"] in ASSOCIATED_STATUSES:
        raise ReceivingSecretRefused(
            f"secret '{name}' still receives replication ({link['status']}): AWS refuses to delete it; first disassociate it in the "
            "primary account (secretsmanager.replication.secret_replica, state: absent, cross_account_replica.arn: its ARN), "
            "or promote it here (state: promoted)")
    return DELETE


def view(description):
    """The returned secret: {arn, name, kms_key_id, tags, cross_account_primary, deletion_date}; {} when there is none."""
    if description is None:
        return {}
    return {
        "arn": description.get("ARN"),
        "name": description.get("Name"),
        "kms_key_id": description.get("KmsKeyId"),
        "tags": tags_dict(description),
        "cross_account_primary": cross_account.primary_of(description),
        "deletion_date": iso_date(description.get("DeletedDate")),
    }


class ReceivingSecretRun:
    """One run of the cross_account_replica module: describe -> plan -> check -> act -> read back.

    clients: clients.RegionalClients (or a fake with secretsmanager(region) and kms(region)).
    """

    def __init__(self, clients, params, region, check_mode=False):
        self.clients = clients
        self.params = params
        self.region = region
        self.check_mode = check_mode
        self.primary_arn = params["primary_arn"]
        self.name = params.get("name") or default_name(self.primary_arn)
        self.state = params.get("state") or "present"
        self.actions = []

    def _client(self):
        return self.clients.secretsmanager(self.region)

    def run(self):
        """{changed, actions, secret, diff}. Raises ReceivingSecretRefused, or SecretsManagerReplicationError for AWS errors."""
        before = describe_secret(self._client(), self.name)
        action = plan(before, self.primary_arn, self.state)
        if self.state == "present":
            self._check_key(before)
        if action is not None:
            self.actions.append({"action": action, **self._action_details(action)})
        if self.state == "present" and self.params.get("tags") is not None:
            self._plan_tags(before)
        after = before
        if self.actions:
            after = self._predicted(before) if self.check_mode else self._act(before)
        return {"changed": bool(self.actions), "actions": self.actions, "secret": view(after), "diff": {"before": view(before), "after": view(after)}}

    def _action_details(self, action):
        if action == DELETE:
            return {"recovery_window_in_days": self.params["recovery_window_in_days"]}
        return {}

    def _check_key(self, before):
        """A new receiving secret needs a customer managed, enabled key; an existing one must already use the key asked for."""
        key = self.params["kms_key_id"]
        kms = self.clients.kms(self.region)
        if before is None:
            problem = metadata_problem(key, self.region, describe_key(kms, key))
            if problem:
                raise ReceivingSecretRefused(problem)
            return
        reported = before.get("KmsKeyId")
        if reported == key:
            return
        wanted = describe_key(kms, key)
        current = describe_key(kms, reported) if reported else None
        if wanted is None or current is None or wanted.get("Arn") != current.get("Arn"):
            raise ReceivingSecretRefused(
                f"secret '{self.name}' uses KMS key '{reported}', not '{key}': this module does not re-key a cross-account replica; "
                f"set kms_key_id to '{reported}', or promote or delete it and create it again with the new key")

    def _plan_tags(self, before):
        current = tags_dict(before) if before else {}
        to_set, to_unset = compare_aws_tags(current, self.params["tags"], self.params.get("purge_tags", True))
        if before is None:
            return  # CreateSecret carries the tags
        if to_set:
            self.actions.append({"action": TAG, "tags": to_set})
        if to_unset:
            self.actions.append({"action": UNTAG, "tag_keys": sorted(to_unset)})

    def _act(self, before):
        client = self._client()
        secret_id = before["ARN"] if before else None
        for action in self.actions:
            kind = action["action"]
            if kind == CREATE:
                secret_id = create_receiving_secret(client, self.name, self.primary_arn, self.params["kms_key_id"], self.params.get("tags"))["ARN"]
            elif kind == TAG:
                tag_resource(client, secret_id, ansible_dict_to_boto3_tag_list(action["tags"]))
            elif kind == UNTAG:
                untag_secret(client, secret_id, action["tag_keys"])
            elif kind == PROMOTE:
                stop_replication_to_replica(client, secret_id)
            elif kind == DELETE:
                delete_secret(client, secret_id, action["recovery_window_in_days"])
        return describe_secret(client, secret_id)

    def _predicted(self, before):
        """DescribeSecret as it would read after the actions (check mode)."""
        if before is None:
            description = {"ARN": None, "Name": self.name, "KmsKeyId": self.params["kms_key_id"],
                           "CrossAccountPrimary": {"PrimarySecretARN": self.primary_arn, "ReplicationStatus": cross_account.PENDING}}
            return dict(description, Tags=ansible_dict_to_boto3_tag_list(self.params.get("tags") or {}))
        after = dict(before)
        for action in self.actions:
            kind = action["action"]
            if kind in (TAG, UNTAG):
                tags = tags_dict(after)
                tags.update(action.get("tags", {}))
                for key in action.get("tag_keys", []):
                    tags.pop(key, None)
                after["Tags"] = ansible_dict_to_boto3_tag_list(tags)
            elif kind == PROMOTE:
                after.pop("CrossAccountPrimary", None)
            elif kind == DELETE:
                after["DeletedDate"] = None  # known once AWS has scheduled it
        return after
