# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replication_plan
short_description: The replication plan of a list of secrets, or of the secrets a selector read found
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Turns the P(secretsmanager.replication.replicate#role) role's input into plan entries, one per secret, each with
    its primary Region, its replicas, C(purge_replicas) and whether a name conflict may be overwritten.
  - A secret given by ARN is in the ARN's Region; a secret given by name is in O(default_region).
  - With O(selected) (the RV(secretsmanager.replication.secret_replica_info#module:secrets) of a selector read), the plan
    is every primary secret found, with O(default_replicas); replicas of other Regions' secrets are left out, and the
    plan never removes a replica (selector mode).
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The role's C(replicate_secrets) (ignored with O(selected)); each V(secret_id), optional V(replicas),
      V(purge_replicas) and V(overwrite).
    type: list
    elements: dict
    required: true
  default_replicas:
    description: Replicas for a secret that lists none, and for every selected secret.
    type: list
    elements: dict
    default: []
  default_region:
    description: The primary Region of secrets given by name.
    type: str
  overwrite:
    description: The role's C(replicate_overwrite), V(never) or V(on_conflict); a secret's own V(overwrite) wins.
    type: str
    default: never
  selected:
    description: The entries a selector read returned; selector mode.
    type: list
    elements: dict
"""

EXAMPLES = r"""
- name: Plan two secrets, one by ARN
  ansible.builtin.set_fact:
    plan: "{{ secrets | secretsmanager.replication.replication_plan(default_replicas=[{'region': 'eu-west-1'}], default_region='us-east-1') }}"
  vars:
    secrets:
      - secret_id: app/db
      - secret_id: arn:aws:secretsmanager:us-west-2:123456789012:secret:app/api-AbCdEf
"""

RETURN = r"""
_value:
  description: One plan entry per secret, in input order.
  type: list
  elements: dict
  contains:
    secret_id:
      description: The secret's name or ARN
      type: str
      sample: app/db
    primary_region:
      description: The primary's Region, or V(None) when not known
      type: str
      sample: us-east-1
    replicas:
      description: "The replicas, each V(region) and optionally V(kms_key_id)."
      type: list
      elements: dict
      sample: [{"region": "eu-west-1"}]
    purge_replicas:
      description: Whether unlisted replicas are removed
      type: bool
      sample: false
    overwrite_on_conflict:
      description: Whether a same-named secret in a replica Region may be replaced
      type: bool
      sample: false
"""

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import plan_from_secrets
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import plan_from_selected
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import list_of_dicts


def replication_plan(secrets, default_replicas=None, default_region=None, overwrite="never", selected=None):
    default_replicas = list_of_dicts(default_replicas, "replication_plan", "default_replicas as a list of {region, kms_key_id}")
    if selected is not None:
        return plan_from_selected(list_of_dicts(selected, "replication_plan", "selected as secret_replica_info's secrets"), default_replicas, overwrite)
    secrets = list_of_dicts(secrets, "replication_plan", "a list of {secret_id, replicas, purge_replicas, overwrite}")
    return plan_from_secrets(secrets, default_replicas, default_region, overwrite)


class FilterModule:
    def filters(self):
        return {"replication_plan": replication_plan}
