# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replication_reads
short_description: The reads that cover a replication plan, one per primary Region
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Groups the secrets of a plan (P(secretsmanager.replication.replication_plan#filter)) by primary Region, so
    M(secretsmanager.replication.secret_replica_info) reads each Region's secrets in one call
    (O(secretsmanager.replication.secret_replica_info#module:secret_ids)), concurrently.
  - Secrets whose primary Region is not known, or that already broke a rule about their id or primary Region
    (O(problems)), are left out.
  - With O(passes), only the secrets that M(secretsmanager.replication.secret_replica)'s latest result does not
    confirm - every requested replica C(InSync) in AWS's own answer after its wait - are read; a read-back of the
    others would only repeat that answer.
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The plan.
    type: list
    elements: dict
    required: true
  problems:
    description: Violations already found (P(secretsmanager.replication.region_rule_problems#filter)).
    type: list
    elements: dict
    default: []
  passes:
    description: The registered M(secretsmanager.replication.secret_replica) results of the apply passes, in order.
    type: list
    elements: dict
"""

EXAMPLES = r"""
- name: Read the planned secrets, one call per primary Region
  secretsmanager.replication.secret_replica_info:
    region: "{{ item.region }}"
    secret_ids: "{{ item.secret_ids }}"
  loop: "{{ plan | secretsmanager.replication.replication_reads }}"
  register: reads

- name: Read back what the apply passes did not confirm
  secretsmanager.replication.secret_replica_info:
    region: "{{ item.region }}"
    secret_ids: "{{ item.secret_ids }}"
  loop: "{{ plan | secretsmanager.replication.replication_reads(passes=[first_pass, retry_pass]) }}"
  register: read_back
"""

RETURN = r"""
_value:
  description: One read per primary Region, Regions in plan order.
  type: list
  elements: dict
  contains:
    region:
      description: The primary Region
      type: str
      sample: us-east-1
    secret_ids:
      description: The plan's secret ids in that Region
      type: list
      elements: str
      sample: ["app/db"]
"""

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import secret_reads
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import unconfirmed
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import list_of_dicts


def replication_reads(plan, problems=None, passes=None):
    plan = list_of_dicts(plan, "replication_reads", "a replication plan")
    if passes is not None:
        plan = unconfirmed(plan, *[registered if isinstance(registered, dict) else {} for registered in passes])
    return secret_reads(plan, list_of_dicts(problems, "replication_reads", "problems"))


class FilterModule:
    def filters(self):
        return {"replication_reads": replication_reads}
