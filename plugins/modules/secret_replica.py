#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: secret_replica
version_added: 1.0.0
short_description: Manage the replicas of one AWS Secrets Manager secret, or of many in one call, idempotently
description:
  - Makes the replicas of a primary secret match a list of Regions, each with an optional KMS key; with O(secrets),
    does that for many secrets in one call, concurrently.
  - Adds missing replicas, re-keys replicas in place, retries replicas in the C(Failed) state, removes replicas,
    and promotes replicas to standalone secrets (the disaster-recovery path, which never calls the primary's Region).
  - The order of O(replicas) never matters. A run with nothing to do makes exactly one C(DescribeSecret) call per secret
    (plus KMS C(DescribeKey) in a replica's Region only where the listed and the reported key strings differ).
  - Before adding or retrying a replica it looks in that Region for a secret of the same name (one C(DescribeSecret) by
    name) and checks an explicit KMS key there (one C(DescribeKey) per distinct Region and key for the whole call), so a
    name conflict or an unusable key is reported before anything is sent, and no C(Failed) replica is left behind.
  - With O(state=promoted), only the secret this promotion is meant for is promoted, and each promotion is recorded on the
    promoted secret (tags C(secretsmanager.replication:promoted-from) and C(secretsmanager.replication:promoted-at)), so a
    re-run recognises it. See O(state) for the rules.
  - Write calls are paced per Region under AWS's quota (the write operations share 50 requests per second per Region),
    so a large batch never throttles itself; throttling caused by other callers is retried with jittered backoff.
  - With O(cross_account_replica), also links the primary to a receiving secret in another AWS account (cross-account
    replication, botocore 1.44.2 or newer), or unlinks it.
  - The module never reads a secret value (no C(GetSecretValue)).
  - Invalid input is refused before any call, with one message listing every problem of every secret, its Region and the fix.
author:
  - secretsmanager.replication contributors (@secretsmanager)
options:
  secret_id:
    description:
      - Name or ARN of the primary secret.
      - If an ARN is given, its Region is the primary's Region, and a different O(region) is an error.
      - With O(state=promoted), the name or ARN of the secret as it is known in the replica Regions
        (an ARN's Region is swapped for each replica's Region).
      - Exactly one of O(secret_id) and O(secrets) is required.
    type: str
    aliases: ['name']
  secrets:
    description:
      - Many secrets in one call (the batch form). Each entry behaves exactly as O(secret_id) with the other options
        would, and entries run concurrently, at most O(max_workers) at a time.
      - Every entry's input is checked first; any problem refuses the whole call, listing every problem, with no call made.
        A failure of one secret at run time never stops the others; the task fails at the end, naming each failed secret,
        Region and reason.
      - O(replicas), O(purge_replicas) and O(overwrite) are the defaults for entries that omit them; O(state), O(wait) and
        O(wait_timeout) apply to every entry.
      - With O(state=promoted), promotes every listed secret in its O(replicas) Regions, concurrently and paced, and never
        calls a primary's Region.
    type: list
    elements: dict
    suboptions:
      secret_id:
        description: Name or ARN of the primary secret, as O(secret_id).
        type: str
        required: true
      region:
        description:
          - The primary's Region for a secret given by name. Defaults to O(region).
        type: str
      replicas:
        description: The replicas of this secret, as O(replicas). Defaults to O(replicas).
        type: list
        elements: dict
        suboptions:
          region:
            description: The replica's Region.
            type: str
            required: true
          kms_key_id:
            description: KMS key for the replica, as O(replicas[].kms_key_id).
            type: str
      purge_replicas:
        description: As O(purge_replicas), for this secret. Defaults to O(purge_replicas).
        type: bool
      overwrite:
        description: As O(overwrite), for this secret. Defaults to O(overwrite).
        type: bool
      cross_account_replica:
        description:
          - This secret's cross-account replica, as O(cross_account_replica). There is no batch-wide default, since each primary
            has its own receiving secret.
        type: dict
        suboptions:
          arn:
            description: As O(cross_account_replica.arn).
            type: str
            required: true
          restriction:
            description: As O(cross_account_replica.restriction).
            type: str
            choices: ['same_org', 'no_restriction']
          replication_role_arn:
            description: As O(cross_account_replica.replication_role_arn).
            type: str
      follower_regions:
        description: As O(follower_regions), for this secret. Defaults to O(follower_regions).
        type: list
        elements: str
  replicas:
    description:
      - The replicas to manage. Their order never matters; a Region must be listed once.
      - With O(state=present), use V([]) and O(purge_replicas=true) to remove every replica.
      - Required with O(secret_id), unless O(cross_account_replica) is given (then leaving it out changes no Regional
        replica). With O(secrets), the default for entries that list none.
    type: list
    elements: dict
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
          - Only used with O(state=present); refused with the other states.
        type: str
  cross_account_replica:
    description:
      - A replica of the primary in another AWS account (AWS cross-account replication; needs botocore 1.44.2 or newer).
      - The replica account creates the receiving secret first (M(secretsmanager.replication.cross_account_replica),
        or C(CreateSecret) with C(CrossAccountPrimaryARN)); this option links the primary to it
        (C(AssociateCrossAccountReplica)) or, with O(state=absent), unlinks it (C(DisassociateCrossAccountReplica)).
      - With O(state=present), an existing link to the same ARN is no change; a C(Failed) one is repaired by associating
        again; a C(Detached) one is associated again. The run waits for C(InSync) with the Regional replicas when O(wait=true).
      - With O(state=absent), the link is removed; the receiving secret stays in its account, C(Detached), with the values
        it has, and gets no more updates. Nothing is deleted.
      - Refused before any call - an ARN that is not a secret ARN, or is in another Region or partition than the primary
        (AWS - same Region and partition), or is in the primary's own account (when O(secret_id) is an ARN; otherwise right
        after C(DescribeSecret), before any write). Refused after C(DescribeSecret) and before any write - a second
        cross-account replica while another one is linked (AWS - at most one per primary); the message names it.
      - Refused with O(state=promoted); with O(secrets), give it per entry.
    type: dict
    suboptions:
      arn:
        description:
          - The full ARN of the receiving secret in the replica account.
        type: str
        required: true
      restriction:
        description:
          - V(same_org) - the replica account must be in the primary account's AWS Organization (AWS's default).
          - V(no_restriction) - any account.
          - Defaults to V(same_org). Used when associating; refused with O(state=absent).
        type: str
        choices: ['same_org', 'no_restriction']
      replication_role_arn:
        description:
          - An IAM role of the primary account that Secrets Manager assumes to replicate (C(ReplicationRoleARN)); without
            it, Secrets Manager replicates with the credentials of whoever updates the primary.
          - A different role than the link reports associates again with this one. Refused with O(state=absent).
        type: str
  state:
    description:
      - V(present) - each listed replica exists, is not C(Failed), and uses the listed key. A C(Failed) replica is retried;
        its Region is removed from replication, then replicated again.
      - V(absent) - the listed replicas do not exist (whatever their status). A secret that does not exist is not an error.
      - V(promoted) - each listed replica has been promoted to a standalone secret (C(StopReplicationToReplica), called in the
        replica's Region only, never in the primary's, so it works while the primary's Region is down), and the promotion
        is recorded on it with two tags (C(TagResource)) - C(secretsmanager.replication:promoted-from), the former primary's
        ARN, and C(secretsmanager.replication:promoted-at), the time just before the promotion (UTC).
      - With O(state=promoted) and O(secret_id) the primary's ARN, the secret in each listed Region must be that ARN with the
        Region swapped (a replica keeps its primary's ARN suffix); a same-named secret with another suffix is refused
        with reason C(not_a_replica), and nothing is promoted for that secret. A standalone secret with that ARN is already
        promoted; if it lacks the marker (a run stopped between the two calls), the marker is recorded, without a time.
      - With O(state=promoted) and a name, a replica is promoted; a standalone secret carrying this collection's marker for
        that name is already promoted; any other standalone secret is reported with reason C(unverified) and is not a
        success, because it may be an unrelated secret of the same name. A listed Region without the secret is an error.
      - With O(state=promoted), a replica that another run promotes first (two runs at once, or a job run again while the
        first still runs) is not a failure. AWS refuses the later C(StopReplicationToReplica) (C(InvalidParameterException),
        the secret is not a replica), so the secret is described again; when it is the very secret this run found (same
        ARN), now standalone, it is reported V(already_promoted) with RV(promoted[].promoted_by_another_run=true), and the
        marker is recorded (without a time, C(TagResource)) if that run did not record it. Anything else found there (no
        secret, another secret of that name, still a replica) is a failure. The same holds for the copies in
        O(follower_regions). By name, a standalone secret without the marker may be one that such a run is about to mark,
        so it is described once more, 2 seconds later, before it is reported C(unverified).
    type: str
    choices: ['present', 'absent', 'promoted']
    default: present
  purge_replicas:
    description:
      - With O(state=present), also remove the replicas that are not listed. Defaults to V(false).
      - Refused with O(state=absent) and O(state=promoted), where it means nothing.
    type: bool
  overwrite:
    description:
      - Allow replacing a different secret of the same name that already exists in a replica Region
        (AWS C(ForceOverwriteReplicaSecret)) when adding or retrying a replica. Defaults to V(false).
      - Without it, such a Region is reported with reason C(name_conflict) and nothing is sent for it (no C(Failed)
        replica is left behind); the other secret is untouched and the other Regions proceed.
      - Even with it, a same-named secret that is itself a replica of another primary is a C(name_conflict), because AWS
        cannot overwrite it; promote it first.
      - Refused with O(state=absent) and O(state=promoted), where it means nothing.
    type: bool
  follower_regions:
    description:
      - With O(state=promoted) and one Region in O(replicas) - other Regions that may still hold a replica of the same (old)
        primary. In each, a copy that still follows the old primary (same ARN suffix, its primary in the old primary's
        Region) is promoted and marked too, so the new primary can then replace it with C(ForceOverwriteReplicaSecret),
        which cannot replace a replica of another primary.
      - Anything else there is left alone and reported in RV(followers) (nothing there, a copy that already follows another
        Region, a standalone copy, another secret of the same name). The old primary's own Region is never called.
      - Followers are not promoted when the promotion in the O(replicas) Region failed or was not verified.
    type: list
    elements: str
  verify_sync:
    description:
      - With O(state=promoted), before promoting, describe each replica's primary in its Region (one short-timeout try, as a
        peer read) and refuse the secret with reason C(not_in_sync) when the primary reports the replica not C(InSync), or
        on another C(AWSCURRENT) version; nothing is promoted for it.
      - A primary Region that does not answer is the outage a promotion is for; the promotion goes on, and
        RV(promoted[].primary_reachable) says so.
      - Defaults to V(false), so a promotion calls no Region but the replica's (a failover must not call the failed Region).
        Turn it on for a planned drill. Refused with the other states.
    type: bool
  allow_out_of_sync:
    description:
      - With O(verify_sync=true), promote a replica its primary reports not in sync anyway; the changes it has not received
        are lost. RV(promoted[].sync_problem) keeps what was found. Defaults to V(false).
    type: bool
  wait:
    description:
      - Wait until no replica this run added, retried or re-keyed is C(InProgress), and until the cross-account replica this
        run associated or repaired is neither C(InProgress) nor C(Pending).
      - Nothing is waited for when the run changes nothing.
    type: bool
    default: true
  wait_timeout:
    description:
      - How long to wait, in seconds, before failing with the Regions still C(InProgress) (reason C(wait_timeout)).
      - With O(secrets), every secret's replicas are waited for together, so this bounds the whole wait.
    type: int
    default: 300
  max_workers:
    description:
      - Most secrets worked on at once (with O(secrets)).
    type: int
    default: 8
  retries:
    description:
      - Run a secret again, up to this many times, when every failure it ended with is one a re-run can fix
        (RV(failures[].retryable) - throttling that outlasted the retries, a Region that did not answer, a replica still
        C(InProgress) at the timeout, a change made by someone else during the run).
      - Each attempt describes and plans anew, so only what is still wrong is sent, and waits up to O(wait_timeout) again.
        The result is the last attempt's, with the actions of every attempt and RV(attempts).
      - Not in check mode, where nothing was sent. Refused with O(state=promoted).
    type: int
    default: 0
    version_added: 1.0.0
  retry_delay:
    description:
      - Seconds between two attempts (O(retries)), on average - each wait is between half and one and a half times this,
        so two runs that collided on the same secrets do not retry in step and collide again.
    type: int
    default: 5
    version_added: 1.0.0
  max_write_rate:
    description:
      - Most write calls per second per Region (and per AWS quota group) this call sends, spaced evenly.
      - AWS's quota for Secrets Manager writes is 50 per second per Region, shared by every caller in the account. The
        default stays safely under it; when AWS throttles a write anyway (another caller is using the quota), that
        Region's rate drops to 0.8 times and climbs back by one call per second each second, so the run yields to the
        others.
      - Set it lower to keep more of the quota free for applications from the start, or to 50 to use all of it. More
        than 50 is refused.
    type: float
    default: 45
notes:
  - The O(region) option is the primary secret's Region. With O(state=promoted) it is not used (in a disaster it is often
    set to the replica's Region); the Regions called are the ones listed in O(replicas).
  - In check mode no change is made and RV(secret) is the predicted result. Added and retried replicas are predicted
    C(InSync) when O(wait=true) (what a successful run returns) and C(InProgress) when O(wait=false).
  - In diff mode, C(before) and C(after) each hold C(replicas), a list of C(region), C(kms_key_id) and C(status) sorted by Region
    (C(region) and C(primary_region) with O(state=promoted)).
  - With O(secrets), RV(results) has one entry per secret in input order and RV(summary) counts them; the single form
    returns RV(actions), RV(secret) or RV(promoted), and RV(failures) at the top level.
  - The Regional replicas and the cross-account replica are independent - a failure to link the cross-account replica
    leaves the Regional changes made, and is reported in RV(failures) for the primary's Region.
  - Every failure says whether running again can help (RV(failures[].retryable)); the role
    P(secretsmanager.replication.replicate#role) retries only those.
  - "IAM actions used: C(secretsmanager:DescribeSecret), C(secretsmanager:ReplicateSecretToRegions),
    C(secretsmanager:RemoveRegionsFromReplication), C(secretsmanager:UpdateSecret) (replica re-key),
    C(secretsmanager:StopReplicationToReplica) and C(secretsmanager:TagResource) (promotion and its marker), C(kms:DescribeKey);
    replicating with a customer managed key also needs
    C(kms:Decrypt) on the primary's key and C(kms:GenerateDataKey) and C(kms:Encrypt) on the replica's key."
  - "With O(cross_account_replica) - C(secretsmanager:AssociateCrossAccountReplica),
    C(secretsmanager:DisassociateCrossAccountReplica), and, because AWS requires it for C(AssociateCrossAccountReplica) (AWS
    reads the value to replicate it), C(secretsmanager:GetSecretValue) on the primary, although this module never calls
    it; C(secretsmanager:AcceptCrossAccountReplication) on the receiving secret (its managed resource policy grants it),
    C(iam:PassRole) for O(cross_account_replica.replication_role_arn), C(kms:Decrypt) on the primary's key and
    C(kms:Encrypt) on the replica's key. See the collection's cross-account guide and C(docs/iam/cross_account_primary.json)."
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

- name: Disaster recovery, us-east-1 is down - promote the eu-west-1 replica of this primary (verified by ARN)
  secretsmanager.replication.secret_replica:
    secret_id: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf
    replicas:
      - region: eu-west-1
    state: promoted

- name: Planned drill - refuse a replica the primary reports not in sync
  secretsmanager.replication.secret_replica:
    secret_id: prod/db/password
    replicas:
      - region: eu-west-1
    state: promoted
    verify_sync: true

- name: Failover to eu-west-1 - also promote the old primary's replica in ap-southeast-2, so eu-west-1 can replace it
  secretsmanager.replication.secret_replica:
    secret_id: prod/db/password
    replicas:
      - region: eu-west-1
    follower_regions:
      - ap-southeast-2
    state: promoted

- name: Replicate many secrets in one call, at AWS's write quota, with one exception to the defaults
  secretsmanager.replication.secret_replica:
    region: us-east-1
    replicas:
      - region: us-west-2
      - region: eu-west-1
    secrets:
      - secret_id: prod/db/password
      - secret_id: prod/api/token
      - secret_id: prod/payments/key
        replicas:
          - region: eu-west-1
            kms_key_id: alias/payments
        overwrite: true
  register: replicated

- name: Secrets whose failure may pass on a re-run
  ansible.builtin.debug:
    msg: "{{ replicated.results | selectattr('failed') | map(attribute='failures') | flatten | selectattr('retryable') }}"

- name: Link the primary to its receiving secret in the recovery account (created there first), and wait for InSync
  secretsmanager.replication.secret_replica:
    region: us-east-1
    secret_id: prod/db/password
    cross_account_replica:
      arn: arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/db/password-XyZ123
      restriction: same_org

- name: Unlink it (the receiving secret stays in its account, Detached)
  secretsmanager.replication.secret_replica:
    region: us-east-1
    secret_id: prod/db/password
    cross_account_replica:
      arn: arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/db/password-XyZ123
    state: absent

- name: Disaster recovery - promote every listed replica in us-west-2 in one call
  secretsmanager.replication.secret_replica:
    state: promoted
    replicas:
      - region: us-west-2
    secrets:
      - secret_id: prod/db/password
      - secret_id: prod/api/token
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
      description:
        - One of V(add), V(remove), V(rekey), V(retry), V(promote), V(mark) for Regional replicas and promotions;
          V(mark) records a promotion on the promoted secret (C(TagResource)).
        - V(associate), V(repair) (associate again a C(Failed) link) or V(disassociate) for the cross-account replica,
          listed last.
      returned: always
      type: str
      sample: add
    region:
      description: The replica's Region (for a cross-account action, the primary's, which is the replica's too).
      returned: always
      type: str
      sample: eu-west-1
    cross_account_replica_arn:
      description: The receiving secret's ARN.
      returned: for associate, repair and disassociate
      type: str
      sample: arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/db/password-XyZ123
    restriction:
      description: The O(cross_account_replica.restriction) sent.
      returned: for associate and repair
      type: str
      sample: same_org
    replication_role_arn:
      description: The O(cross_account_replica.replication_role_arn) sent.
      returned: for associate and repair when given
      type: str
      sample: arn:aws:iam::123456789012:role/replication
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
    cross_account_replicas:
      description:
        - The primary's replicas in other accounts (C(DescribeSecret) C(CrossAccountReplicas)); at most one is linked,
          others can be listed C(Detached). Empty when there are none.
      returned: always
      type: list
      elements: dict
      contains:
        arn:
          description: The receiving secret's ARN in the replica account.
          returned: always
          type: str
          sample: arn:aws:secretsmanager:us-east-1:210987654321:secret:prod/db/password-XyZ123
        status:
          description: V(InSync), V(InProgress), V(Failed) or V(Detached).
          returned: always
          type: str
          sample: InSync
        status_message:
          description: AWS's message about the status (null in check mode for a link this run would change).
          returned: always
          type: str
          sample: Replication succeeded
        replication_role_arn:
          description: The role AWS assumes to replicate, or null.
          returned: always
          type: str
          sample: null
  sample:
    arn: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password-AbCdEf
    name: prod/db/password
    primary_region: us-east-1
    replication_status: []
    cross_account_replicas: []
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
      description: Whether this run promoted it or recorded its marker.
      returned: always
      type: bool
      sample: true
    outcome:
      description:
        - V(promoted) - a replica, promoted by this run (or, in check mode, to be promoted).
        - V(already_promoted) - a standalone secret proven to be this secret's promoted copy (by its marker, or by ARN), also
          when another run promoted it while this run ran (RV(promoted[].promoted_by_another_run)).
        - V(unverified) - a standalone secret that may be an unrelated secret of the same name (also a failure).
        - V(failed) - the promotion was tried and failed (see RV(failures)).
      returned: always
      type: str
      sample: promoted
    promoted_from:
      description: The former primary's ARN (from the replica, or from the marker); V(null) when unverified.
      returned: always
      type: str
      sample: arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf
    promoted_at:
      description: The promotion time recorded in the marker (UTC, ISO 8601), or V(null) when not known.
      returned: always
      type: str
      sample: "2026-03-01T12:00:00.000000Z"
    promoted_by_another_run:
      description:
        - Whether another run promoted it between this run's C(DescribeSecret) and its C(StopReplicationToReplica), which AWS
          then refused; described again, it was the same secret (same ARN), standalone. RV(promoted[].outcome) is then
          V(already_promoted), and RV(promoted[].changed) says whether this run recorded the marker that the other run had not.
      returned: always
      type: bool
      sample: false
      version_added: 1.0.0
    kms_key_id:
      description: The KMS key of the secret in that Region.
      returned: always
      type: str
      sample: alias/aws/secretsmanager
    current_version_id:
      description: The version labelled C(AWSCURRENT) there, before promotion.
      returned: always
      type: str
      sample: 7d9b1e3c-2f4a-4c6e-9a8b-1c2d3e4f5a6b
    replica_status:
      description:
        - What is about to be promoted - the replica's last known status, from its own Region's answer
          (V(status) and V(status_message)); V(null) for a secret that was not a replica.
      returned: always
      type: dict
      sample: {"status": "InSync", "status_message": "Replication succeeded"}
    primary_reachable:
      description: With O(verify_sync=true), whether the primary's Region answered; V(null) when not asked.
      returned: always
      type: bool
      sample: false
    sync_problem:
      description: With O(verify_sync=true), why the primary says the replica is not in sync; V(null) when it is, or unknown.
      returned: always
      type: str
      sample: null
  sample: [{"region": "eu-west-1", "arn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", "name": "db", "changed": true,
            "outcome": "promoted", "promoted_from": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"}]
followers:
  description: With O(follower_regions), what was found in each follower Region, sorted by Region.
  returned: when O(state=promoted)
  type: list
  elements: dict
  contains:
    region:
      description: The follower Region.
      returned: always
      type: str
      sample: ap-southeast-2
    finding:
      description:
        - V(follows_old_primary) - a replica of the old primary (promoted by this run, see V(changed)).
        - V(follows_new_primary) - already a replica of the Region promoted in.
        - V(follows_other_region) - a replica of yet another Region; left alone.
        - V(standalone_copy) - a standalone secret with this secret's ARN suffix; left alone.
        - V(absent) - no secret of that name.
        - V(other_secret) - a different secret of the same name (another ARN suffix); left alone.
        - V(old_primary_region) - the old primary's own Region; not called.
      returned: always
      type: str
      sample: follows_old_primary
    arn:
      description: The ARN of the secret found there, or V(null).
      returned: always
      type: str
      sample: arn:aws:secretsmanager:ap-southeast-2:123456789012:secret:db-AbCdEf
    kms_key_id:
      description: Its KMS key, or V(null).
      returned: always
      type: str
      sample: alias/aws/secretsmanager
    changed:
      description:
        - Whether this run promoted it. V(false) for a copy that another run promoted first (not a failure; see O(state)).
      returned: always
      type: bool
      sample: true
  sample: [{"region": "ap-southeast-2", "finding": "follows_old_primary", "arn": "...", "kms_key_id": "alias/aws/secretsmanager", "changed": true}]
failures:
  description:
    - What failed for the secret. A Region that failed does not stop the others; a secret-wide failure (the secret does
      not exist, an unusable KMS key, ...) means nothing was changed for it.
    - The replicas touched by this run that ended C(Failed), classified from AWS's status message, and the problems found
      before any write (a name conflict, an unusable key, a Region that did not answer).
  returned: when something failed
  type: list
  elements: dict
  contains:
    region:
      description: The Region concerned (a replica's, or the primary's for a secret-wide failure).
      returned: always
      type: str
      sample: eu-west-1
    reason:
      description:
        - V(name_conflict), V(kms_access_denied), V(kms_key_unusable), V(region_disabled) - the replication failure
          cases of the AWS user guide, classified from AWS's status message or found before the add.
        - V(region_unreachable) - the Region did not answer a call made there; nothing was changed there.
        - V(throttled) - AWS kept throttling the calls (other callers use the Region's quota).
        - V(access_denied) - a call was denied by IAM.
        - V(secret_not_found) - the secret does not exist (in its Region, or in a Region to promote in).
        - V(not_a_primary) - the secret named is a replica; run against its primary.
        - V(refused) - AWS refused the request as invalid.
        - V(not_a_replica) - by the primary's ARN, the secret in that Region has another ARN suffix (another secret).
        - V(unverified) - by name, a standalone secret without this collection's promotion marker.
        - V(not_in_sync) - with O(verify_sync=true), the primary reports the replica not in sync.
        - V(wait_timeout) - the replica (or the cross-account replica) was still C(InProgress) after O(wait_timeout).
        - V(concurrent_change) - another run added the same replica at the same time (the Region is listed twice); a
          re-run clears the extra entry and adds it once.
        - V(cross_account_replica_exists) - the primary already has another cross-account replica linked (refused
          before any write), or AWS refused a second one.
        - V(cross_account_replica_missing) - the receiving secret does not exist in the replica account; create it first.
        - V(unknown) - anything else.
      returned: always
      type: str
      sample: name_conflict
    status_message:
      description: AWS's status message, or what was found.
      returned: always
      type: str
      sample: "a different secret with the same name already exists in eu-west-1"
    remedy:
      description: How to fix it.
      returned: always
      type: str
      sample: "set overwrite: true to replace the same-named secret in eu-west-1 (ForceOverwriteReplicaSecret), or delete or rename it there"
    retryable:
      description:
        - Whether running again, unchanged, can succeed - V(true) for V(region_unreachable), V(throttled), V(wait_timeout),
          V(concurrent_change) and V(unknown); V(false) for the others, which need a fix first.
        - A cross-account replica's failure is reported for the primary's Region, and its RV(failures[].status_message)
          names the receiving secret.
      returned: always
      type: bool
      sample: false
  sample: [{"region": "eu-west-1", "reason": "name_conflict", "status_message": "...", "remedy": "...", "retryable": false}]
attempts:
  description: How many times the secret was run (O(retries)); its actions are those of every attempt.
  returned: when the secret was run more than once
  type: int
  sample: 2
  version_added: 1.0.0
results:
  description:
    - With O(secrets), one entry per secret, in input order.
  returned: when O(secrets) is given
  type: list
  elements: dict
  contains:
    secret_id:
      description: The entry's O(secrets[].secret_id).
      returned: always
      type: str
      sample: prod/db/password
    changed:
      description: Whether this secret changed (or in check mode would change).
      returned: always
      type: bool
      sample: true
    failed:
      description: Whether anything failed for this secret.
      returned: always
      type: bool
      sample: false
    msg:
      description: What failed and how to fix it.
      returned: when RV(results[].failed)
      type: str
      sample: "eu-west-1: name_conflict (...): ..."
    actions:
      description: As RV(actions), for this secret.
      returned: always
      type: list
      elements: dict
      sample: [{"action": "add", "region": "eu-west-1", "overwrite": false}]
    secret:
      description: As RV(secret), for this secret.
      returned: when O(state) is V(present) or V(absent) and the secret was described
      type: dict
      sample: {"arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf", "name": "db", "primary_region": "us-east-1", "replication_status": []}
    promoted:
      description: As RV(promoted), for this secret.
      returned: when O(state=promoted)
      type: list
      elements: dict
      sample: [{"region": "eu-west-1", "arn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf", "name": "db", "changed": true}]
    followers:
      description: As RV(followers), for this secret.
      returned: when O(state=promoted)
      type: list
      elements: dict
      sample: []
    failures:
      description: As RV(failures), for this secret; empty when nothing failed.
      returned: always
      type: list
      elements: dict
      sample: []
    attempts:
      description: As RV(attempts), for this secret.
      returned: when the secret was run more than once (O(retries))
      type: int
      sample: 2
      version_added: 1.0.0
summary:
  description: With O(secrets), counts over RV(results).
  returned: when O(secrets) is given
  type: dict
  contains:
    secrets:
      description: Number of secrets.
      returned: always
      type: int
      sample: 3
    changed:
      description: Secrets that changed.
      returned: always
      type: int
      sample: 2
    failed:
      description: Secrets with a failure.
      returned: always
      type: int
      sample: 1
    failures_by_reason:
      description: Number of failures per RV(failures[].reason).
      returned: always
      type: dict
      sample: {"name_conflict": 1}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.context import RunContext
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.batch import batch_diff
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.batch import batch_failure_message
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.batch import run_batch
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.batch import summary
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.clients import RegionalClients
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.clients import client_config
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.cross_account import CROSS_ACCOUNT_BOTOCORE
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.cross_account import CROSS_ACCOUNT_BOTOCORE_REASON
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.pacing import WritePacer
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.promotion import PromotionOptions
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.inputs import batch_problems
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.inputs import problems_text
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.inputs import secret_entries

REPLICA_SPEC = dict(region=dict(type="str", required=True), kms_key_id=dict(type="str"))
LINK_SPEC = dict(
    arn=dict(type="str", required=True),
    restriction=dict(type="str", choices=["same_org", "no_restriction"]),
    replication_role_arn=dict(type="str"),
)


def argument_spec():
    return dict(
        secret_id=dict(type="str", aliases=["name"]),
        # Secret ids and replica settings, never secret values.
        secrets=dict(
            type="list",
            elements="dict",
            no_log=False,
            options=dict(
                secret_id=dict(type="str", required=True),
                region=dict(type="str"),
                replicas=dict(type="list", elements="dict", options=REPLICA_SPEC),
                purge_replicas=dict(type="bool"),
                overwrite=dict(type="bool"),
                cross_account_replica=dict(type="dict", options=LINK_SPEC),
                follower_regions=dict(type="list", elements="str"),
            ),
        ),
        cross_account_replica=dict(type="dict", options=LINK_SPEC),
        replicas=dict(type="list", elements="dict", options=REPLICA_SPEC),
        state=dict(type="str", choices=["present", "absent", "promoted"], default="present"),
        purge_replicas=dict(type="bool"),
        overwrite=dict(type="bool"),
        follower_regions=dict(type="list", elements="str"),
        verify_sync=dict(type="bool"),
        allow_out_of_sync=dict(type="bool"),
        wait=dict(type="bool", default=True),
        wait_timeout=dict(type="int", default=300),
        max_workers=dict(type="int", default=8),
        retries=dict(type="int", default=0),
        retry_delay=dict(type="int", default=5),
        max_write_rate=dict(type="float", default=45),
    )


def run(module):
    """Check every secret's input, run them, and exit with the single form's or the batch form's result."""
    params = module.params
    batch = params["secrets"] is not None
    entries = secret_entries(params, module.region)
    if params["cross_account_replica"] or any(entry["cross_account_replica"] for entry in entries):
        module.require_botocore_at_least(CROSS_ACCOUNT_BOTOCORE, reason=CROSS_ACCOUNT_BOTOCORE_REASON)
    primary_regions, problems = batch_problems(params, entries)
    if problems:
        module.fail_json(msg="secret_replica refused the input, nothing was changed: " + problems_text(problems), changed=False,
                         **({"results": []} if batch else {"actions": []}))

    pacer = WritePacer(params["max_write_rate"])
    clients = RegionalClients(module, pacer=pacer, config=client_config(params["max_workers"]))
    peer_clients = RegionalClients(module, pacer=pacer, config=client_config(params["max_workers"], peer=True))
    promotion = PromotionOptions(verify_sync=bool(params["verify_sync"]), allow_out_of_sync=bool(params["allow_out_of_sync"]))
    context = RunContext(clients, peer_clients, state=params["state"], check_mode=module.check_mode, diff=module._diff, wait=params["wait"],
                         promotion=promotion)
    results = run_batch(entries, primary_regions, context, max_workers=params["max_workers"], wait_timeout=params["wait_timeout"],
                        retries=params["retries"], retry_delay=params["retry_delay"])

    if not batch:
        result = {key: value for key, value in results[0].items() if key not in ("secret_id", "failed", "msg")}
        if results[0]["failed"]:
            module.fail_json(msg=results[0]["msg"], **result)
        module.exit_json(**result)
    result = {"changed": any(item["changed"] for item in results), "results": results, "summary": summary(results)}
    if module._diff:
        result["diff"] = batch_diff(results)
    if result["summary"]["failed"]:
        module.fail_json(msg=batch_failure_message(results), **result)
    module.exit_json(**result)


def main():
    module = AnsibleAWSModule(
        argument_spec=argument_spec(),
        mutually_exclusive=[["secret_id", "secrets"]],
        required_one_of=[["secret_id", "secrets"]],
        supports_check_mode=True,
    )
    run(module)


if __name__ == "__main__":
    main()
