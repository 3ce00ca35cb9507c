# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replication_compliance
short_description: Which secrets of a replication plan already have their replicas, from one read
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Matches each secret of a plan with what M(secretsmanager.replication.secret_replica_info) read, and asks the same
    planner as M(secretsmanager.replication.secret_replica) what it would do. A secret is compliant when the planner
    has nothing to do, so a play can call the module only for the others.
  - KMS keys are compared as strings here. An alias and the key it points to are different strings, so such a secret is
    not compliant and M(secretsmanager.replication.secret_replica) decides (it resolves both with KMS C(DescribeKey) and
    changes nothing when they are the same key).
  - A secret given by ARN matches the entry with that ARN; a secret given by name matches the entry with that name
    read in its primary Region.
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The plan (P(secretsmanager.replication.replication_plan#filter)).
    type: list
    elements: dict
    required: true
  reads:
    description: The secret_replica_info results (a registered loop, a list of results, or one result).
    type: raw
    required: true
seealso:
  - module: secretsmanager.replication.secret_replica_info
"""

EXAMPLES = r"""
- name: The secrets that secret_replica has something to do for
  ansible.builtin.debug:
    msg: "{{ plan | secretsmanager.replication.replication_compliance(reads) | rejectattr('compliant') | map(attribute='secret_id') }}"
"""

RETURN = r"""
_value:
  description: The plan's secrets in plan order, each with the keys below added.
  type: list
  elements: dict
  contains:
    found:
      description: Whether the read found the secret
      type: bool
      sample: true
    is_replica:
      description: Whether the secret found is a replica (its primary is in another Region)
      type: bool
      sample: false
    arn:
      description: The secret's ARN as read, or V(None)
      type: str
      sample: "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf"
    current_replicas:
      description: The replicas as read
      type: list
      elements: dict
      sample: []
    actions:
      description: What the planner would do, as RV(secretsmanager.replication.secret_replica#module:actions)
      type: list
      elements: dict
      sample: []
    compliant:
      description: Whether the secret was found as a primary and the planner has nothing to do
      type: bool
      sample: true
    todo:
      description: Whether secret_replica must be called for the secret
      type: bool
      sample: false
    read_error:
      description: Why the read of the secret's Region failed, or V(None)
      type: str
      sample: null
"""

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import with_compliance
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import failed_reads
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import list_of_dicts
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import secrets_of_reads


def replication_compliance(plan, reads):
    return with_compliance(list_of_dicts(plan, "replication_compliance", "a replication plan"), secrets_of_reads(reads), failed_reads(reads))


class FilterModule:
    def filters(self):
        return {"replication_compliance": replication_compliance}
