# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replication_compliance
short_description: Which secrets of a replication plan already have their replicas, from one fleet read
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Matches each secret of a replication plan with what M(secretsmanager.replication.secret_replica_info) reported, and
    marks it compliant when nothing would change, so a play can call M(secretsmanager.replication.secret_replica) only
    for the others.
  - "Compliant means: the secret was found as a primary (not a replica) in its primary's Region; every listed replica
    Region has exactly one replica, in status C(InSync); a listed C(kms_key_id) is the same string as the key the
    replica reports; and, with V(purge_replicas), there is no replica in an unlisted Region."
  - Keys are compared as strings only. An alias and the key it points to are different strings, so such a secret is
    reported not compliant and M(secretsmanager.replication.secret_replica) decides (it resolves both with KMS
    C(DescribeKey) and changes nothing when they are the same key).
  - C(InProgress) and C(Failed) replicas are not compliant. A secret the read did not find (missing, or the read failed)
    is not compliant, so the module reports what is wrong with it.
  - Pure data in, data out; no AWS call.
options:
  _input:
    description:
      - The plan, a list of secrets, each a dict with V(secret_id) (name or ARN), V(primary_region), V(replicas) (a list
        of dicts with V(region) and optionally V(kms_key_id)) and optionally V(purge_replicas).
    type: list
    elements: dict
    required: true
  fleet:
    description:
      - The RV(secretsmanager.replication.secret_replica_info#module:secrets) entries of one or more reads, in any Region.
      - A secret given by ARN matches the entry with that ARN; a secret given by name matches the entry with that name
        described in the secret's V(primary_region).
    type: list
    elements: dict
    required: true
seealso:
  - module: secretsmanager.replication.secret_replica_info
  - plugin: secretsmanager.replication.fleet_plan
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Read the fleet once
  secretsmanager.replication.secret_replica_info:
    region: us-east-1
    filters:
      tag-key: dr
  register: fleet

- name: Replicate only the secrets that are not compliant yet
  secretsmanager.replication.secret_replica:
    secret_id: "{{ item.secret_id }}"
    region: "{{ item.primary_region }}"
    replicas: "{{ item.replicas }}"
  loop: "{{ plan | secretsmanager.replication.replication_compliance(fleet.secrets) | rejectattr('compliant') }}"
  vars:
    plan:
      - secret_id: app/db
        primary_region: us-east-1
        replicas:
          - region: us-west-2
"""

RETURN = r"""
_value:
  description: The plan's secrets in plan order, each with the keys below added.
  type: list
  elements: dict
  contains:
    compliant:
      description: Whether the secret already has every listed replica as asked (nothing to change).
      type: bool
      sample: false
    reasons:
      description:
        - Why the secret is not compliant; empty when it is.
        - Each a dict with V(region) (V(None) for the secret as a whole), V(reason) (V(not_found), V(is_replica),
          V(missing), V(duplicate), V(not_in_sync), V(kms_key_differs) or V(not_listed)) and V(message).
      type: list
      elements: dict
      sample: [{"region": "us-west-2", "reason": "missing", "message": "no replica in us-west-2"}]
    arn:
      description: The secret's ARN as read, or V(None) when not found.
      type: str
      sample: arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf
    current_replicas:
      description: The replicas as read (RV(secretsmanager.replication.secret_replica_info#module:secrets[].replication_status)).
      type: list
      elements: dict
      sample: [{"region": "us-west-2", "status": "InSync", "kms_key_id": "alias/aws/secretsmanager"}]
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence

IN_SYNC = "InSync"


def _reason(region, reason, message):
    return {"region": region, "reason": reason, "message": message}


def _index_fleet(fleet):
    by_arn, by_name = {}, {}
    for entry in fleet:
        by_arn[entry.get("arn")] = entry
        by_name[(entry.get("region"), entry.get("name"))] = entry
    return by_arn, by_name


def _find(secret, by_arn, by_name):
    secret_id = secret.get("secret_id")
    if isinstance(secret_id, str) and secret_id.startswith("arn:"):
        return by_arn.get(secret_id)
    return by_name.get((secret.get("primary_region"), secret_id))


def _replica_reasons(replicas_by_region, spec):
    region = spec.get("region")
    wanted = spec.get("kms_key_id") or None
    found = replicas_by_region.get(region, [])
    if not found:
        return [_reason(region, "missing", f"no replica in {region}")]
    if len(found) > 1:
        return [_reason(region, "duplicate", f"{len(found)} replication entries for {region}")]
    replica = found[0]
    if replica.get("status") != IN_SYNC:
        detail = f" ({replica['status_message']})" if replica.get("status_message") else ""
        return [_reason(region, "not_in_sync", f"the replica in {region} is {replica.get('status')}{detail}")]
    # Strings only: secret_replica resolves differing strings with KMS DescribeKey (an alias and its key are one key).
    if wanted is not None and wanted != replica.get("kms_key_id"):
        return [_reason(region, "kms_key_differs", f"the replica in {region} reports KMS key '{replica.get('kms_key_id')}', '{wanted}' is listed")]
    return []


def secret_reasons(secret, entry):
    """Why `secret` (a plan entry) is not compliant given its fleet `entry` (None when not found); [] when it is."""
    if entry is None:
        return [_reason(None, "not_found", "not found by the fleet read")]
    if entry.get("is_replica"):
        return [_reason(None, "is_replica", f"is a replica; its primary is in {entry.get('primary_region')}")]
    replicas_by_region = {}
    for replica in entry.get("replication_status") or []:
        replicas_by_region.setdefault(replica.get("region"), []).append(replica)
    reasons = []
    for spec in secret.get("replicas") or []:
        reasons.extend(_replica_reasons(replicas_by_region, spec))
    if secret.get("purge_replicas"):
        listed = {spec.get("region") for spec in secret.get("replicas") or []}
        for region in sorted(set(replicas_by_region) - listed):
            reasons.append(_reason(region, "not_listed", f"a replica in {region} is not listed and purge_replicas is set"))
    return reasons


def replication_compliance(plan, fleet):
    if not is_sequence(plan) or not all(isinstance(secret, dict) for secret in plan):
        raise AnsibleFilterError("replication_compliance expects a list of dicts with secret_id, primary_region and replicas")
    if not is_sequence(fleet) or not all(isinstance(entry, dict) for entry in fleet):
        raise AnsibleFilterError("replication_compliance: fleet must be the list secret_replica_info returns as 'secrets'")
    by_arn, by_name = _index_fleet(fleet)
    result = []
    for secret in plan:
        entry = _find(secret, by_arn, by_name)
        reasons = secret_reasons(secret, entry)
        annotated = dict(secret)
        annotated.update(
            compliant=not reasons,
            reasons=reasons,
            arn=entry.get("arn") if entry else None,
            current_replicas=list(entry.get("replication_status") or []) if entry else [],
        )
        result.append(annotated)
    return result


class FilterModule:
    def filters(self):
        return {"replication_compliance": replication_compliance}
