#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: secret_replica_info
version_added: 1.0.0
short_description: Report the replication health of one AWS Secrets Manager secret, a list of them, or every secret in a Region
description:
  - Describes one secret (O(secret_id)), a list of secrets (O(secret_ids)), or every secret C(ListSecrets) returns in
    O(region) (narrowed by O(filters)), and reports where each is replicated and whether every replica is healthy.
  - C(ListSecrets) does not return replication status, so each listed secret is described with C(DescribeSecret);
    the describes run concurrently, at most O(max_workers) at a time, with retries on throttling.
  - Shows cross-account replication too (botocore 1.44.2 or newer) - RV(secrets[].cross_account_replicas) on a primary,
    RV(secrets[].cross_account_primary) on a receiving secret - and counts those links in RV(secrets[].health) and RV(summary).
  - Read-only. Never reads a secret value (never calls C(GetSecretValue) or C(BatchGetSecretValue)).
  - Invalid input is refused before any AWS call, with one message listing every problem (the same checks of O(secret_id)
    and O(region) as M(secretsmanager.replication.secret_replica)).
  - With O(regions), reads each of several Regions itself and flags split brain - the same secret (same name and ARN
    suffix) a primary, not a replica, in more than one Region (RV(split_brain), RV(secrets[].split_brain)), which
    happens when an old primary's Region returns after a failover. Whether a secret is a primary in a Region comes from
    that Region's own answer, never from another primary's replica list, which may be stale.
  - Useful during a regional outage. Run in a replica's Region, a replica is reported with RV(secrets[].is_replica=true)
    and its RV(secrets[].primary_region); with O(replica_view=true) a primary Region that cannot be reached is
    reported as RV(secrets[].primary_reachable=false) instead of failing the task.
author: secretsmanager.replication contributors (@secretsmanager)
options:
  secret_id:
    description:
      - Name or ARN of one secret to describe, in O(region).
      - When it is an ARN, the ARN's Region is used; an O(region) naming another Region is an error.
      - When the secret does not exist, RV(secrets) is empty and the task does not fail.
      - Mutually exclusive with O(secret_ids) and O(filters).
    type: str
  secret_ids:
    description:
      - Names or ARNs of secrets to describe, all in O(region), concurrently (at most O(max_workers) at a time).
      - A secret that does not exist is left out of RV(secrets); match the entries by RV(secrets[].name) or RV(secrets[].arn).
      - Mutually exclusive with O(secret_id) and O(filters).
    type: list
    elements: str
  filters:
    description:
      - C(ListSecrets) filters narrowing the secrets reported when neither O(secret_id) nor O(secret_ids) is set.
      - Keys are C(name), C(tag-key), C(tag-value), C(description), C(primary-region), C(owning-service) and C(all);
        underscores may replace dashes (C(tag_key)).
      - Values are a string or a list of strings. AWS matches them as prefixes, case-sensitively; a value starting with
        C(!) excludes matches.
    type: dict
  replica_view:
    description:
      - Also describe each replica in its own Region (and, for a secret listed in a replica Region, its primary in the
        primary's Region). Each RV(secrets[].replication_status) entry then adds RV(secrets[].replication_status[].reachable),
        RV(secrets[].replication_status[].exists), RV(secrets[].replication_status[].current_version_id) and
        RV(secrets[].replication_status[].version_in_sync).
      - This catches a replica that is missing from its Region, is behind the primary's C(AWSCURRENT) version, or
        whose Region cannot be reached.
      - A Region that answers C(ServiceUnavailable) after one retry, or cannot be connected to, is reported as
        unreachable and is not called again during the task.
      - Each replica entry also gets RV(secrets[].replication_status[].follows_primary), from the replica's own answer.
    type: bool
    default: false
  regions:
    description:
      - Read in each of these Regions, one after the other, and flag split brain over all of them. O(region) (which may
        come from the environment) is then not used.
      - Each Region is first probed with one short-timeout call; a Region that does not answer is listed in
        RV(unreachable_regions) and skipped, so a report still works while a Region is down.
      - With O(secret_id) or O(secret_ids), give names (an ARN names one Region).
    type: list
    elements: str
  version_dates:
    description:
      - Also read, for each secret, the creation date of its C(AWSCURRENT) version (C(ListSecretVersionIds), which returns
        version ids, labels and dates, never values), in RV(secrets[].current_version_id) and
        RV(secrets[].current_version_created_date).
    type: bool
    default: false
  max_workers:
    description:
      - Most C(DescribeSecret) calls in flight at once, for the per-secret and the per-replica describes.
    type: int
    default: 8
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Replication health of every secret in us-east-1
  secretsmanager.replication.secret_replica_info:
    region: us-east-1
  register: fleet

- name: Fail when any replicated secret is not in sync
  ansible.builtin.assert:
    that:
      - fleet.summary.replicated == fleet.summary.in_sync
    fail_msg: "{{ fleet.secrets | rejectattr('in_sync') | map(attribute='name') | list }} not in sync"

- name: One secret, checking every replica in its own Region
  secretsmanager.replication.secret_replica_info:
    region: us-east-1
    secret_id: prod/db/password
    replica_view: true
  register: one

- name: A list of secrets, read concurrently in one call
  secretsmanager.replication.secret_replica_info:
    region: us-east-1
    secret_ids:
      - prod/db/password
      - prod/api/token

- name: Secrets whose names start with prod/ and that carry the tag key team
  secretsmanager.replication.secret_replica_info:
    region: us-east-1
    filters:
      name: prod/
      tag_key: team
    max_workers: 16

- name: After a failover, read the three Regions and flag secrets that are a primary in more than one
  secretsmanager.replication.secret_replica_info:
    regions: [us-east-1, us-west-2, eu-west-1]
    secret_ids: [prod/db/password]
  register: after_failover

- name: Fail on split brain
  ansible.builtin.assert:
    that: after_failover.split_brain | length == 0
    fail_msg: "{{ after_failover.split_brain }}"

- name: During an outage of us-east-1, look from the replica Region
  secretsmanager.replication.secret_replica_info:
    region: us-west-2
    filters:
      primary-region: us-east-1
    replica_view: true
  register: from_replicas
"""

RETURN = r"""
region:
  description:
    - The Region described in (an ARN's, else O(region) or the environment's).
    - With O(secret_ids=[]), nothing is described, so this tells, with no AWS call, which Region the collection's
      modules use for a secret given by name (O(region), C(module_defaults) or the AWS profile).
    - With O(regions), V(null).
  returned: always
  type: str
  sample: us-east-1
regions:
  description: With O(regions), the Regions read (those in RV(unreachable_regions) excepted).
  returned: when O(regions) is given
  type: list
  elements: str
  sample: [us-east-1, us-west-2]
unreachable_regions:
  description: With O(regions), the Regions that did not answer; nothing is known about the secrets there.
  returned: when O(regions) is given
  type: list
  elements: str
  sample: []
split_brain:
  description: With O(regions), one entry per secret that is a primary in more than one Region, sorted by name.
  returned: when O(regions) is given
  type: list
  elements: dict
  contains:
    name:
      description: The secret's name.
      returned: always
      type: str
      sample: prod/db/password
    primary_regions:
      description: The Regions where it is a primary.
      returned: always
      type: list
      elements: str
      sample: [us-east-1, us-west-2]
    arns:
      description: The primaries' ARNs.
      returned: always
      type: list
      elements: str
      sample: ["arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf"]
  sample: []
secrets:
  description:
    - One entry per secret, in C(ListSecrets) order.
    - Empty when O(secret_id) does not exist.
  returned: always
  type: list
  elements: dict
  contains:
    arn:
      description: ARN of the secret in the Region it was described in (a replica's ARN when described in a replica Region).
      returned: always
      type: str
      sample: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf
    name:
      description: Name of the secret.
      returned: always
      type: str
      sample: prod/db/password
    region:
      description: Region the secret was described in.
      returned: always
      type: str
      sample: us-east-1
    primary_region:
      description: Region of the primary secret; a standalone or promoted secret is its own primary.
      returned: always
      type: str
      sample: us-east-1
    is_replica:
      description: Whether the secret described is a replica (its primary is in another Region).
      returned: always
      type: bool
      sample: false
    kms_key_id:
      description: KMS key that encrypts the secret in RV(secrets[].region) (C(alias/aws/secretsmanager) when none was chosen).
      returned: always
      type: str
      sample: alias/aws/secretsmanager
    tags:
      description: Tags of the secret, as a dict.
      returned: always
      type: dict
      sample: {"team": "payments"}
    split_brain:
      description: With O(regions), whether this secret is a primary in more than one of the Regions read.
      returned: when O(regions) is given
      type: bool
      sample: false
    primary_regions:
      description: With O(regions), the Regions read where this secret (same name and ARN suffix) is a primary.
      returned: when O(regions) is given
      type: list
      elements: str
      sample: [us-east-1]
    current_version_id:
      description: With O(version_dates=true), the version labelled C(AWSCURRENT).
      returned: when O(version_dates=true)
      type: str
      sample: 7d9b1e3c-2f4a-4c6e-9a8b-1c2d3e4f5a6b
    current_version_created_date:
      description: With O(version_dates=true), when that version was created (ISO 8601).
      returned: when O(version_dates=true)
      type: str
      sample: "2026-03-01T12:00:00.123000+00:00"
    primary_reachable:
      description:
        - For a replica described with O(replica_view=true), whether its primary's Region answered.
        - V(null) when not looked up (not a replica, or O(replica_view=false)).
      returned: always
      type: bool
      sample: null
    replication_status:
      description:
        - The replicas, sorted by Region, as the primary reports them (C(DescribeSecret) C(ReplicationStatus)).
        - For a replica, from its primary when O(replica_view=true) reached it, else from the replica's own answer.
      returned: always
      type: list
      elements: dict
      contains:
        region:
          description: Region of the replica.
          returned: always
          type: str
          sample: eu-west-1
        kms_key_id:
          description: KMS key of the replica.
          returned: always
          type: str
          sample: alias/aws/secretsmanager
        status:
          description: Replication status.
          returned: always
          type: str
          sample: InSync
          choices: [InSync, InProgress, Failed]
        status_message:
          description: Why the replica is in this status (for example the cause of C(Failed)).
          returned: always
          type: str
          sample: Replication succeeded
        last_accessed_date:
          description: Last date the replica was accessed (ISO 8601), or V(null).
          returned: always
          type: str
          sample: "2024-05-01T00:00:00+00:00"
        arn:
          description: ARN of the replica (the primary's ARN with the replica's Region).
          returned: always
          type: str
          sample: arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db/password-AbCdEf
        reachable:
          description: Whether the replica's Region answered.
          returned: when O(replica_view=true)
          type: bool
          sample: true
        exists:
          description: Whether the replica exists in its Region; V(null) when the Region was unreachable.
          returned: when O(replica_view=true)
          type: bool
          sample: true
        current_version_id:
          description: Version id labelled C(AWSCURRENT) in the replica's Region, or V(null).
          returned: when O(replica_view=true)
          type: str
          sample: 7d9b1e3c-2f4a-4c6e-9a8b-1c2d3e4f5a6b
        version_in_sync:
          description:
            - Whether the replica's C(AWSCURRENT) version is the primary's.
            - V(null) when unknown (the replica's or the primary's Region was unreachable).
          returned: when O(replica_view=true)
          type: bool
          sample: true
        follows_primary:
          description:
            - Whether the secret in the replica's Region names this secret's primary Region as its primary (its own answer).
            - V(false) for a listed replica that was promoted, or now follows another primary (a stale list); such a
              replica counts as failed. V(null) when its Region was unreachable.
          returned: when O(replica_view=true)
          type: bool
          sample: true
    cross_account_replicas:
      description:
        - The secret's replicas in other AWS accounts (C(DescribeSecret) C(CrossAccountReplicas)), sorted by ARN; empty
          when there are none (or botocore is older than 1.44.2).
        - Each entry as in RV(secretsmanager.replication.secret_replica#module:secret.cross_account_replicas) - V(arn),
          V(status) (V(InSync), V(InProgress), V(Failed) or V(Detached)), V(status_message) and V(replication_role_arn).
      returned: always
      type: list
      elements: dict
      sample:
        - arn: arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/db/password-XyZ123
          status: InSync
          status_message: Replication succeeded
          replication_role_arn: null
    cross_account_primary:
      description:
        - For a receiving secret of cross-account replication (C(DescribeSecret) C(CrossAccountPrimary)), the primary in
          the other account and the status; V(null) for any other secret.
      returned: always
      type: dict
      contains:
        arn:
          description: The primary's ARN in the primary account.
          returned: always
          type: str
          sample: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf
        status:
          description: Replication status; V(Pending) until the primary account associates it.
          returned: always
          type: str
          sample: InSync
          choices: [Pending, InProgress, InSync, Failed, Detached]
        status_message:
          description: AWS's message about the status.
          returned: always
          type: str
          sample: Replication succeeded
    health:
      description:
        - The secret's worst replica, worst first - V(unreachable) > V(failed) > V(in_progress) > V(in_sync);
          V(not_replicated) for a secret without replicas.
        - A cross-account link counts as a replica, on either side - C(InSync) as V(in_sync), C(InProgress) and
          C(Pending) as V(in_progress), C(Failed) as V(failed); a C(Detached) link (unlinked or promoted) replicates
          nothing and counts for nothing.
        - V(unreachable) - with O(replica_view=true), a replica's Region (or, for a replica, the primary's Region) did not answer.
        - V(failed) - status C(Failed), or (with O(replica_view=true)) status C(InSync) but missing from its Region,
          following another primary, or not on the primary's C(AWSCURRENT) version.
        - V(in_progress) - status C(InProgress).
      returned: always
      type: str
      sample: in_sync
      choices: [unreachable, failed, in_progress, in_sync, not_replicated]
    in_sync:
      description:
        - True only when every replica is C(InSync) and, with O(replica_view=true), exists on the primary's
          C(AWSCURRENT) version. True for a secret without replicas.
      returned: always
      type: bool
      sample: true
summary:
  description:
    - Counts over RV(secrets). V(replicated) counts secrets with at least one replica entry (any status) or a cross-account
      link that is not C(Detached), on either side.
    - V(in_sync), V(in_progress), V(failed) and V(unreachable) count the replicated secrets by RV(secrets[].health), so they
      add up to V(replicated); a secret without replicas is counted in none of them.
  returned: always
  type: dict
  contains:
    secrets:
      description: Number of secrets reported.
      returned: always
      type: int
      sample: 3
    replicated:
      description: Secrets with at least one replica.
      returned: always
      type: int
      sample: 2
    in_sync:
      description: Replicated secrets whose every replica is in sync.
      returned: always
      type: int
      sample: 1
    in_progress:
      description: Replicated secrets whose worst replica is C(InProgress).
      returned: always
      type: int
      sample: 0
    failed:
      description: Replicated secrets whose worst replica failed.
      returned: always
      type: int
      sample: 1
    unreachable:
      description: Replicated secrets whose worst replica (or primary) is in a Region that could not be reached.
      returned: always
      type: int
      sample: 0
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.clients import RegionalClients
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.clients import client_config
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.errors import SecretsManagerReplicationError
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.health import summary
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.inputs import info_input_problems
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.inputs import info_secret_ids
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.inputs import problems_text
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.multi_region import add_version_dates
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.multi_region import read_in_regions
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.secret_reader import list_secrets_filters
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.secret_reader import read_secrets


def report(module):
    """Check every input (all problems in one message, before any call), read, and exit with the report."""
    region, problems = info_input_problems(module.params, module.region)
    if problems:
        module.fail_json(msg="secret_replica_info refused the input before any AWS call: " + problems_text(problems))
    max_workers = module.params["max_workers"]
    regions = module.params["regions"]
    clients = RegionalClients(module, config=client_config(max_workers))
    peer_clients = RegionalClients(module, config=client_config(max_workers, peer=True))
    options = dict(secret_ids=info_secret_ids(module.params), filters=list_secrets_filters(module.params["filters"]),
                   replica_view=module.params["replica_view"], max_workers=max_workers)
    try:
        if regions is not None:
            result = read_in_regions(clients, peer_clients, regions, version_dates=module.params["version_dates"], **options)
            result.update(region=None, regions=[region for region in regions if region not in result["unreachable_regions"]])
        else:
            secrets = read_secrets(clients, peer_clients, region, **options)
            if module.params["version_dates"]:
                secrets = add_version_dates(clients, secrets, max_workers)
            result = {"region": region, "secrets": secrets}
    except SecretsManagerReplicationError as e:
        module.fail_json_aws_error(e)
    module.exit_json(changed=False, summary=summary(result["secrets"]), **result)


def main():
    argument_spec = dict(
        secret_id=dict(type="str"),
        secret_ids=dict(type="list", elements="str", no_log=False),  # names or ARNs, never values
        filters=dict(type="dict"),
        replica_view=dict(type="bool", default=False),
        regions=dict(type="list", elements="str"),
        version_dates=dict(type="bool", default=False),
        max_workers=dict(type="int", default=8),
    )
    module = AnsibleAWSModule(
        argument_spec=argument_spec,
        mutually_exclusive=[["secret_id", "secret_ids", "filters"]],
        supports_check_mode=True,
    )
    report(module)


if __name__ == "__main__":
    main()
