# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: failover_replication
short_description: Where each promoted secret replicates next, from a promotion with follower Regions
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Used by C(playbooks/failover.yml) and C(playbooks/failback.yml) (failback_make_primary). Takes the registered
    result of M(secretsmanager.replication.secret_replica) with
    O(secretsmanager.replication.secret_replica#module:state=promoted) and
    O(secretsmanager.replication.secret_replica#module:follower_regions), and returns the
    O(secretsmanager.replication.secret_replica#module:secrets) entries of the next call, which replicates each new
    primary (by ARN) to its follower Regions with overwrite.
  - A follower Region is replicated to when AWS can replace what is there - nothing, a copy promoted by the first call,
    a standalone copy, or the new primary's own replica. A different secret of the same name is never replaced, and the
    old primary's Region is left alone unless O(replace_old_primary).
  - A Region's key is the one O(kms_keys) names, else the key of the copy that was there.
  - Pure data in, data out; no AWS call.
positional: kms_keys
options:
  _input:
    description: The registered promotion result.
    type: dict
    required: true
  kms_keys:
    description: The KMS key per Region.
    type: dict
  replace_old_primary:
    description: Also replicate to the old primary's Region (a planned move, where that Region answers).
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Replicate each new primary to its Regions
  secretsmanager.replication.secret_replica:
    secrets: "{{ promotion | secretsmanager.replication.failover_replication({'eu-west-1': 'alias/prod'}) }}"
    overwrite: true
"""

RETURN = r"""
_value:
  description: secret_replica batch entries, each V(secret_id) (the new primary's ARN) and V(replicas).
  type: list
  elements: dict
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.failover import replication_entries


def failover_replication(promotion, kms_keys=None, replace_old_primary=False):
    if not isinstance(promotion, dict):
        raise AnsibleFilterError("failover_replication expects the registered result of secret_replica with state promoted")
    if not promotion.get("results") and promotion.get("msg"):
        raise AnsibleFilterError(f"promotion refused: {promotion['msg']}")
    return replication_entries(promotion, kms_keys, replace_old_primary)


class FilterModule:
    def filters(self):
        return {"failover_replication": failover_replication}
