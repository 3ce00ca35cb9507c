#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: cross_account_replica
version_added: 1.0.0
short_description: Manage the receiving secret of AWS Secrets Manager cross-account replication, in the replica account
description:
  - The replica account's side of cross-account replication (botocore 1.44.2 or newer). Run it with the replica account's
    credentials; the primary account then links the primary to the receiving secret with
    M(secretsmanager.replication.secret_replica) and its O(secretsmanager.replication.secret_replica#module:cross_account_replica)
    option.
  - V(present) creates the receiving secret (C(CreateSecret) with C(CrossAccountPrimaryARN)) - a secret without a value,
    C(Pending) until the primary account associates it, that then receives the primary's versions.
  - V(promoted) promotes it to a standalone secret (C(StopReplicationToReplica) in this account); the primary then lists
    it C(Detached).
  - V(absent) deletes a receiving secret that replication does not run into (C(Pending) or C(Detached)), with a recovery
    window, never forcing.
  - A run with nothing to do makes one C(DescribeSecret) call (plus KMS C(DescribeKey) when the key given and the key
    reported are different strings). The module never reads a secret value (no C(GetSecretValue)).
  - Invalid input is refused before any call, with every problem and its fix.
author:
  - secretsmanager.replication contributors (@secretsmanager)
options:
  primary_arn:
    description:
      - The full ARN of the primary secret in the primary account.
      - The receiving secret is created in the same Region and partition (AWS's rule), so the ARN's Region is used;
        an O(region) naming another Region is an error.
    type: str
    required: true
  name:
    description:
      - The receiving secret's name in this account.
      - Defaults to the primary's name, taken from O(primary_arn).
    type: str
  kms_key_id:
    description:
      - The customer managed KMS key of this account, in the primary's Region, that encrypts the receiving secret, as key
        id, key ARN, alias name or alias ARN.
      - Required with O(state=present). AWS managed keys are refused - V(alias/aws/secretsmanager) and any
        V(alias/aws/...) before any call, and a key that C(DescribeKey) reports as C(KeyManager) C(AWS) before any change.
        A key that does not exist or is not enabled is refused too.
      - An existing receiving secret is never re-keyed - a different key than it uses is an error that names its key.
    type: str
  state:
    description:
      - V(present) - the receiving secret exists, for this primary, with this key (and O(tags)).
      - V(promoted) - it is a standalone secret. A secret of that name that is already standalone is left alone;
        none at all is an error.
      - V(absent) - it is deleted or scheduled for deletion. Refused while replication runs into it (C(InSync),
        C(InProgress), C(Failed)) - disassociate it in the primary account first, or promote it. A secret of that name that
        is not a receiving secret of this primary (a standalone or promoted one) is never deleted.
    type: str
    choices: ['present', 'promoted', 'absent']
    default: present
  recovery_window_in_days:
    description:
      - With O(state=absent), the days (7 to 30) AWS keeps the deleted secret restorable. Deletion is never forced.
    type: int
    default: 30
notes:
  - A secret found under O(name) that is a receiving secret of another primary, a standalone secret, or one scheduled for
    deletion is reported, and nothing is changed.
  - In check mode no change is made and RV(secret) is the predicted result (a new secret's RV(secret.arn) is null).
  - In diff mode, C(before) and C(after) are RV(secret) before and after the run.
  - "IAM actions used, in this account: C(secretsmanager:DescribeSecret), C(secretsmanager:CreateSecret) with
    C(secretsmanager:PutResourcePolicy) (AWS requires it to create a cross-account replica; AWS attaches the managed
    C(cross-account-replication) policy), C(secretsmanager:TagResource) and C(secretsmanager:UntagResource) for O(tags),
    C(secretsmanager:StopReplicationToReplica) with C(secretsmanager:DeleteResourcePolicy) (AWS requires both to promote),
    C(secretsmanager:DeleteSecret), C(kms:DescribeKey); AWS also needs C(kms:Encrypt) and C(kms:Decrypt) on the key.
    See C(docs/iam/cross_account_replica.json)."
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.tags
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: In the recovery account, create the receiving secret for the primary in the production account
  secretsmanager.replication.cross_account_replica:
    primary_arn: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf
    kms_key_id: alias/recovery-secrets
    tags:
      purpose: recovery-copy
  register: receiving

- name: In the production account, link the primary to it and wait for InSync
  secretsmanager.replication.secret_replica:
    region: us-east-1
    secret_id: prod/db/password
    cross_account_replica:
      arn: "{{ receiving.secret.arn }}"

- name: Recovery - make the copy a standalone secret in the recovery account
  secretsmanager.replication.cross_account_replica:
    primary_arn: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf
    state: promoted

- name: Delete a receiving secret that was never linked, or was unlinked (30 days to restore it)
  secretsmanager.replication.cross_account_replica:
    primary_arn: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf
    state: absent
"""

RETURN = r"""
changed:
  description: Whether the run changed (or in check mode would change) anything.
  returned: always
  type: bool
  sample: true
actions:
  description: What was done, or in check mode would be done, in order.
  returned: always
  type: list
  elements: dict
  contains:
    action:
      description: V(create), V(tag), V(untag), V(promote) or V(delete).
      returned: always
      type: str
      sample: create
    tags:
      description: The tags set.
      returned: for tag
      type: dict
      sample: {"purpose": "recovery-copy"}
    tag_keys:
      description: The tag keys removed.
      returned: for untag
      type: list
      elements: str
      sample: ["old"]
    recovery_window_in_days:
      description: The recovery window sent.
      returned: for delete
      type: int
      sample: 30
  sample: [{"action": "create"}]
secret:
  description: The receiving secret after the run (predicted in check mode); empty when there is none. Never contains a value.
  returned: always
  type: dict
  contains:
    arn:
      description: Its ARN in this account (null in check mode for a secret not created yet).
      returned: when the secret exists
      type: str
      sample: arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/db/password-XyZ123
    name:
      description: Its name.
      returned: when the secret exists
      type: str
      sample: prod/db/password
    kms_key_id:
      description: Its KMS key as AWS reports it.
      returned: when the secret exists
      type: str
      sample: arn:aws:kms:us-east-1:210987654321:key/1234abcd-12ab-34cd-56ef-1234567890ab
    tags:
      description: Its tags.
      returned: when the secret exists
      type: dict
      sample: {"purpose": "recovery-copy"}
    cross_account_primary:
      description: The primary it receives from, or null once promoted (C(DescribeSecret) C(CrossAccountPrimary)).
      returned: when the secret exists
      type: dict
      contains:
        arn:
          description: The primary's ARN.
          returned: always
          type: str
          sample: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf
        status:
          description: V(Pending), V(InProgress), V(InSync), V(Failed) or V(Detached).
          returned: always
          type: str
          sample: Pending
        status_message:
          description: AWS's message about the status (null when predicted).
          returned: always
          type: str
          sample: null
    deletion_date:
      description: When AWS deletes it for good (ISO 8601), or null when it is not scheduled for deletion (or in check mode).
      returned: when the secret exists
      type: str
      sample: null
  sample:
    arn: arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/db/password-XyZ123
    name: prod/db/password
    kms_key_id: alias/recovery-secrets
    tags: {}
    cross_account_primary:
      arn: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf
      status: Pending
      status_message: null
    deletion_date: null
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.clients import RegionalClients
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.errors import SecretsManagerReplicationError
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.cross_account import CROSS_ACCOUNT_BOTOCORE
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.cross_account import CROSS_ACCOUNT_BOTOCORE_REASON
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.receiving_secret import ReceivingSecretRefused
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.receiving_secret import ReceivingSecretRun
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.receiving_secret import input_problems
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.inputs import problems_text


def argument_spec():
    return dict(
        primary_arn=dict(type="str", required=True),
        name=dict(type="str"),
        kms_key_id=dict(type="str"),
        tags=dict(type="dict", aliases=["resource_tags"]),
        purge_tags=dict(type="bool", default=True),
        state=dict(type="str", choices=["present", "promoted", "absent"], default="present"),
        recovery_window_in_days=dict(type="int", default=30),
    )


def run(module):
    module.require_botocore_at_least(CROSS_ACCOUNT_BOTOCORE, reason=CROSS_ACCOUNT_BOTOCORE_REASON)
    # An ARN names the Region; only an explicitly given region can conflict with it.
    region, problems = input_problems(module.params, module.params["region"])
    if problems:
        module.fail_json(msg="cross_account_replica refused the input, nothing was changed: " + problems_text(problems), changed=False)
    receiving = ReceivingSecretRun(RegionalClients(module), module.params, region, check_mode=module.check_mode)
    try:
        result = receiving.run()
    except ReceivingSecretRefused as e:
        module.fail_json(msg=f"cross_account_replica refused, nothing was changed in {region}: {e}", changed=False, actions=[])
    except SecretsManagerReplicationError as e:
        module.fail_json_aws_error(e)
    if not module._diff:
        result.pop("diff")
    module.exit_json(**result)


def main():
    module = AnsibleAWSModule(
        argument_spec=argument_spec(),
        required_if=[("state", "present", ["kms_key_id"])],
        supports_check_mode=True,
    )
    run(module)


if __name__ == "__main__":
    main()
