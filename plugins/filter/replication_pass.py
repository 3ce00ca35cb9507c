# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replication_pass
short_description: The secrets for one secret_replica pass of the replicate role - first, overwrite or retry
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Returns M(secretsmanager.replication.secret_replica)'s O(secretsmanager.replication.secret_replica#module:secrets)
    for one pass over the plan's secrets that are not compliant.
  - V(first) - every such secret (the role sends it without overwrite).
  - V(overwrite) - those whose replicas met a C(name_conflict) in the previous pass and whose policy allows
    overwriting (AWS user guide, Troubleshoot replication - retry with C(ForceOverwriteReplicaSecret)).
  - V(retry) - those whose latest result failed only for reasons a re-run can fix
    (RV(secretsmanager.replication.secret_replica#module:failures[].retryable)); empty when nothing is left to retry.
  - Results are matched to secrets by secret id; a later pass wins.
  - Pure data in, data out; no AWS call.
positional: kind, passes
options:
  _input:
    description: The plan with compliance (P(secretsmanager.replication.replication_compliance#filter)).
    type: list
    elements: dict
    required: true
  kind:
    description: The pass.
    type: str
    choices: [first, overwrite, retry]
    required: true
  passes:
    description: The registered results of the earlier passes, in order.
    type: list
    elements: dict
"""

EXAMPLES = r"""
- name: Replicate again with overwrite where the policy allows it
  secretsmanager.replication.secret_replica:
    secrets: "{{ plan | secretsmanager.replication.replication_pass('overwrite', first_pass) }}"
    overwrite: true
"""

RETURN = r"""
_value:
  description: Entries for secret_replica's O(secretsmanager.replication.secret_replica#module:secrets), in plan order.
  type: list
  elements: dict
  sample: [{"secret_id": "app/db", "region": "us-east-1", "replicas": [{"region": "eu-west-1", "kms_key_id": null}], "purge_replicas": false}]
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import module_entries
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import overwrite_pass
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import retry_pass
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import todo
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import list_of_dicts


def replication_pass(plan, kind, *passes):
    secrets = todo(list_of_dicts(plan, "replication_pass", "a replication plan with compliance"))
    if kind == "first":
        return module_entries(secrets)
    if kind == "overwrite":
        return module_entries(overwrite_pass(secrets, *passes[-1:]))
    if kind == "retry":
        return module_entries(retry_pass(secrets, *passes), per_secret_overwrite=True)
    raise AnsibleFilterError(f"replication_pass: kind must be first, overwrite or retry, got {kind!r}")


class FilterModule:
    def filters(self):
        return {"replication_pass": replication_pass}
