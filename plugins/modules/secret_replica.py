#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: secret_replica
version_added: 0.1.0
short_description: Manage the replicas of one AWS Secrets Manager secret, idempotently
description:
  - Makes the replicas of one primary secret match a list of Regions, each with an optional KMS key.
  - Adds missing replicas, re-keys replicas in place, retries replicas in the C(Failed) state, removes replicas,
    and promotes replicas to standalone secrets (the disaster-recovery path, which never calls the primary's Region).
  - The order of O(replicas) never matters. A run with nothing to do makes exactly one C(DescribeSecret) call
    (plus KMS C(DescribeKey) in a replica's Region only where the listed and the reported key strings differ).
  - The module never reads a secret value (no C(GetSecretValue)).
  - Invalid input is refused before any change, with one message listing every problem, its Region and the fix.
  - Throttling and transient errors are retried with jittered backoff.
author:
  - secretsmanager.replication contributors (@secretsmanager)
options:
  secret_id:
    description:
      - Name or ARN of the primary secret.
      - If an ARN is given, its Region is the primary's Region, and a different O(region) is an error.
      - With O(state=promoted), the name or ARN of the secret as it is known in the replica Regions
        (an ARN's Region is swapped for each replica's Region).
    type: str
    required: true
    aliases: ['name']
  replicas:
    description:
      - The replicas to manage. Their order never matters; a Region must be listed once.
      - With O(state=present), use V([]) and O(purge_replicas=true) to remove every replica.
    type: list
    elements: dict
    required: true
    suboptions:
      region:
        description:
          - The replica's Region, in the same partition as the primary and not the primary's own Region.
        type: str
        required: true
      kms_key_id:
        description:
          - KMS key for the replica, in the replica's Region, as key id, key ARN, alias name (V(alias/name)) or alias ARN.
          - Omitted means keep whatever key the replica has; a new replica then uses the AWS managed key V(alias/aws/secretsmanager),
            and a C(Failed) replica is retried with the key it had.
          - A different key than the replica reports re-keys the replica in place (C(UpdateSecret) in the replica's Region).
            An alias and the key it points to count as the same key.
          - Only used with O(state=present).
        type: str
  state:
    description:
      - V(present) - each listed replica exists, is not C(Failed), and uses the listed key. A C(Failed) replica is retried;
        its Region is removed from replication, then replicated again.
      - V(absent) - the listed replicas do not exist (whatever their status). A secret that does not exist is not an error.
      - V(promoted) - each listed replica has been promoted to a standalone secret (C(StopReplicationToReplica), called in the
        replica's Region only, never in the primary's, so it works while the primary's Region is down). A replica that is
        already standalone is left alone; a listed Region without the secret is an error.
    type: str
    choices: ['present', 'absent', 'promoted']
    default: present
  purge_replicas:
    description:
      - With O(state=present), also remove the replicas that are not listed.
    type: bool
    default: false
  overwrite:
    description:
      - Allow replacing a different secret of the same name that already exists in a replica Region
        (AWS C(ForceOverwriteReplicaSecret)) when adding or retrying a replica.
      - Without it, such a replica ends C(Failed) and the module fails with reason C(name_conflict), leaving the other secret untouched.
    type: bool
    default: false
  wait:
    description:
      - Wait until no replica this run added, retried or re-keyed is C(InProgress).
      - Nothing is waited for when the run changes nothing.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds, before failing with the Regions still C(InProgress).
    type: int
    default: 300
notes:
  - The O(region) option is the primary secret's Region. With O(state=promoted) it is not used (in a disaster it is often
    set to the replica's Region); the Regions called are the ones listed in O(replicas).
  - In check mode no change is made and RV(secret) is the predicted result. Added and retried replicas are predicted
    C(InSync) when O(wait=true) (what a successful run returns) and C(InProgress) when O(wait=false).
  - In diff mode, C(before) and C(after) each hold C(replicas), a list of C(region), C(kms_key_id) and C(status) sorted by Region
    (C(region) and C(primary_region) with O(state=promoted)).
  - "IAM actions used: C(secretsmanager:DescribeSecret), C(secretsmanager:ReplicateSecretToRegions),
    C(secretsmanager:RemoveRegionsFromReplication), C(secretsmanager:UpdateSecret) (replica re-key),
    C(secretsmanager:StopReplicationToReplica), C(kms:DescribeKey); replicating with a customer managed key also needs
    C(kms:Decrypt) on the primary's key and C(kms:GenerateDataKey) and C(kms:Encrypt) on the replica's key."
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Replicate a secret to two Regions, one with a customer managed key
  secretsmanager.replication.secret_replica:
    region: us-east-1
    secret_id: prod/db/password
    replicas:
      - region: eu-west-1
      - region: ap-southeast-2
        kms_key_id: alias/prod-secrets

- name: Keep exactly these replicas (remove any other), replacing same-named secrets in the replica Regions
  secretsmanager.replication.secret_replica:
    secret_id: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf
    replicas:
      - region: eu-west-1
    purge_replicas: true
    overwrite: true

- name: Remove one replica
  secretsmanager.replication.secret_replica:
    region: us-east-1
    secret_id: prod/db/password
    replicas:
      - region: ap-southeast-2
    state: absent

- name: Disaster recovery, us-east-1 is down - promote the eu-west-1 replica to a standalone secret
  secretsmanager.replication.secret_replica:
    secret_id: prod/db/password
    replicas:
      - region: eu-west-1
    state: promoted
"""

RETURN = r"""
changed:
  description: Whether the run changed (or in check mode would change) anything.
  returned: always
  type: bool
  sample: true
actions:
  description:
    - What was done, or in check mode would be done, in execution order (removals, retries, additions, re-keys, promotions),
      sorted by Region within each kind.
  returned: always
  type: list
  elements: dict
  contains:
    action:
      description: One of V(add), V(remove), V(rekey), V(retry), V(promote).
      returned: always
      type: str
      sample: add
    region:
      description: The replica's Region.
      returned: always
      type: str
      sample: eu-west-1
    kms_key_id:
      description: The KMS key sent for the replica (omitted when the AWS managed key is used).
      returned: for add, retry and rekey when a key is sent
      type: str
      sample: alias/prod-secrets
    overwrite:
      description: Whether C(ForceOverwriteReplicaSecret) was set.
      returned: for add and retry
      type: bool
      sample: false
  sample: [{"action": "add", "region": "eu-west-1", "overwrite": false}]
secret:
  description: The primary secret and its replicas after the run (predicted in check mode). Never contains the secret value.
  returned: when O(state) is V(present) or V(absent) and the secret exists
  type: dict
  contains:
    arn:
      description: The primary secret's ARN.
      returned: always
      type: str
      sample: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf
    name:
      description: The secret's name.
      returned: always
      type: str
      sample: prod/db/password
    primary_region:
      description: The primary's Region.
      returned: always
      type: str
      sample: us-east-1
    replication_status:
      description: One entry per replica, sorted by Region.
      returned: always
      type: list
      elements: dict
      contains:
        region:
          description: The replica's Region.
          returned: always
          type: str
          sample: eu-west-1
        kms_key_id:
          description: The replica's KMS key as AWS reports it.
          returned: always
          type: str
          sample: alias/aws/secretsmanager
        status:
          description: V(InSync), V(InProgress) or V(Failed).
          returned: always
          type: str
          sample: InSync
        status_message:
          description: AWS's message about the replica's status.
          returned: always
          type: str
          sample: Replication succeeded
        last_accessed_date:
          description: When the replica was last read (ISO 8601), or null.
          returned: always
          type: str
          sample: "2025-01-01T00:00:00+00:00"
        arn:
          description: The replica's ARN, the primary's with the Region swapped.
          returned: always
          type: str
          sample: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db/password-AbCdEf
  sample:
    arn: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf
    name: prod/db/password
    primary_region: us-east-1
    replication_status: []
promoted:
  description: The listed secrets in the replica Regions, as seen before promotion, and whether this run promoted each.
  returned: when O(state=promoted)
  type: list
  elements: dict
  contains:
    region:
      description: The Region of the (now standalone) secret.
      returned: always
      type: str
      sample: eu-west-1
    arn:
      description: The secret's ARN in that Region.
      returned: always
      type: str
      sample: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db/password-AbCdEf
    name:
      description: The secret's name.
      returned: always
      type: str
      sample: prod/db/password
    changed:
      description: Whether this run promoted it (false when it was already standalone).
      returned: always
      type: bool
      sample: true
  sample: [{"region": "eu-west-1", "arn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", "name": "db", "changed": true}]
failures:
  description: The replicas touched by this run that ended C(Failed), classified from AWS's status message.
  returned: when a replica ended Failed or its Region did not answer
  type: list
  elements: dict
  contains:
    region:
      description: The replica's Region.
      returned: always
      type: str
      sample: eu-west-1
    reason:
      description:
        - One of V(name_conflict), V(kms_access_denied), V(kms_key_unusable), V(region_disabled), V(unknown), classified
          from AWS's status message.
        - V(region_unreachable) when the replica's Region did not answer a call made there (KMS C(DescribeKey) to
          compare keys, C(UpdateSecret) to re-key); nothing was changed in that Region and the other Regions went on.
      returned: always
      type: str
      sample: name_conflict
    status_message:
      description: AWS's status message.
      returned: always
      type: str
      sample: "Replication failed: Secret prod/db/password already exists in region eu-west-1."
    remedy:
      description: How to fix it.
      returned: always
      type: str
      sample: "a different secret with the same name already exists in eu-west-1: set overwrite: true to replace it"
  sample: [{"region": "eu-west-1", "reason": "name_conflict", "status_message": "...", "remedy": "..."}]
"""

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.clients import RegionalClients
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.replica_manager import ReplicaManager
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.replica_manager import ReplicaRunError


def main():
    argument_spec = dict(
        secret_id=dict(type="str", required=True, aliases=["name"]),
        replicas=dict(
            type="list",
            elements="dict",
            required=True,
            options=dict(
                region=dict(type="str", required=True),
                kms_key_id=dict(type="str"),
            ),
        ),
        state=dict(type="str", choices=["present", "absent", "promoted"], default="present"),
        purge_replicas=dict(type="bool", default=False),
        overwrite=dict(type="bool", default=False),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
    )
    module = AnsibleAWSModule(argument_spec=argument_spec, supports_check_mode=True)

    # An ARN names the primary's Region; otherwise the region option, or the environment's Region.
    region_option = module.params.get("region")
    if not region_option and not module.params["secret_id"].startswith("arn:"):
        region_option = module.region
    manager = ReplicaManager(module.params, region_option, RegionalClients(module), check_mode=module.check_mode, diff=module._diff)
    try:
        result = manager.run()
    except ReplicaRunError as e:
        module.fail_json(msg=e.msg, **e.result)
    except AnsibleAWSError as e:
        module.fail_json_aws_error(e)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
