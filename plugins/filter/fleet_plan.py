# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: fleet_plan
short_description: A replication plan giving every primary secret of a fleet read the same replicas
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Turns the secrets a selector matched (RV(secretsmanager.replication.secret_replica_info#module:secrets)) into a
    replication plan, one entry per primary secret, each with the same replicas. Policy-driven replication ("every secret
    tagged C(dr=true) has a replica in us-west-2") is this plan.
  - Replicas listed in the Region read (their primary is in another Region) are left out, since only a primary can be
    replicated; the primary is managed from its own Region.
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The RV(secretsmanager.replication.secret_replica_info#module:secrets) entries of a read.
    type: list
    elements: dict
    required: true
  replicas:
    description: The replicas every secret must have, each a dict with V(region) and optionally V(kms_key_id).
    type: list
    elements: dict
    required: true
  overwrite_on_conflict:
    description: The plan's V(overwrite_on_conflict) for every secret.
    type: bool
    default: false
seealso:
  - plugin: secretsmanager.replication.replication_compliance
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Every secret tagged dr must have a replica in us-west-2
  ansible.builtin.set_fact:
    plan: "{{ fleet.secrets | secretsmanager.replication.fleet_plan(replicas=[{'region': 'us-west-2'}]) }}"
"""

RETURN = r"""
_value:
  description: One plan entry per primary secret, in the read's order.
  type: list
  elements: dict
  contains:
    secret_id:
      description: The secret's name.
      type: str
      sample: app/db
    primary_region:
      description: The Region the secret was read in, its primary's Region.
      type: str
      sample: us-east-1
    replicas:
      description: The replicas, as given.
      type: list
      elements: dict
      sample: [{"region": "us-west-2"}]
    purge_replicas:
      description: Always V(false); fleet mode adds replicas and never removes any.
      type: bool
      sample: false
    overwrite_on_conflict:
      description: As given.
      type: bool
      sample: false
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence


def fleet_plan(fleet, replicas, overwrite_on_conflict=False):
    if not is_sequence(fleet) or not all(isinstance(entry, dict) for entry in fleet):
        raise AnsibleFilterError("fleet_plan expects the list secret_replica_info returns as 'secrets'")
    if not is_sequence(replicas) or not all(isinstance(replica, dict) and replica.get("region") for replica in replicas):
        raise AnsibleFilterError("fleet_plan: replicas must be a list of dicts, each with a region")
    return [
        {
            "secret_id": entry["name"],
            "primary_region": entry["region"],
            "replicas": [dict(replica) for replica in replicas],
            "purge_replicas": False,
            "overwrite_on_conflict": bool(overwrite_on_conflict),
        }
        for entry in fleet
        if not entry.get("is_replica")
    ]


class FilterModule:
    def filters(self):
        return {"fleet_plan": fleet_plan}
