# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: failover_report
short_description: A failover's report per secret and Region, from its promotion and replication calls
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Used by C(playbooks/failover.yml) and C(playbooks/failback.yml). Combines the registered results of the promotion
    call (with follower Regions) and of the replication call, matched by secret id.
  - In check mode the replication call is not made (the new primaries are still replicas), and its outcome is predicted
    from the promotion's plan (V(predicted) per Region).
  - Pure data in, data out; no AWS call.
positional: replication
options:
  _input:
    description: The registered promotion result.
    type: dict
    required: true
  replication:
    description: The registered replication result (skipped or absent in check mode).
    type: dict
  kms_keys:
    description: The KMS key per Region, as given to P(secretsmanager.replication.failover_replication#filter).
    type: dict
  replace_old_primary:
    description: As for P(secretsmanager.replication.failover_replication#filter).
    type: bool
    default: false
  check_mode:
    description: Whether the play runs in check mode.
    type: bool
    default: false
"""

EXAMPLES = r"""
- name: Publish the failover report
  ansible.builtin.set_stats:
    data:
      failover_report: "{{ promotion | secretsmanager.replication.failover_report(replication, check_mode=ansible_check_mode) }}"
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    check_mode: {description: Whether it is a prediction., type: bool, sample: false}
    secrets:
      description: >-
        Per secret id - V(new_primary_region), V(new_primary_arn), V(old_primary_arn), V(promotion) (the outcome),
        V(promoted_at), V(regions) (per Region - V(copy) found, V(promoted), V(step), V(status), V(predicted),
        V(failure)), V(failures) and V(failed).
      type: dict
      sample: {}
    succeeded: {description: Secret ids that completed., type: list, elements: str, sample: []}
    failed: {description: Secret ids with a failure., type: list, elements: str, sample: []}
    deferred: {description: Old primary Regions left for failback.yml., type: list, elements: str, sample: []}
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.failover import failover_report as report_of


def failover_report(promotion, replication=None, kms_keys=None, replace_old_primary=False, check_mode=False):
    if not isinstance(promotion, dict):
        raise AnsibleFilterError("failover_report expects the registered result of secret_replica with state promoted")
    return report_of(promotion, replication if isinstance(replication, dict) else None, kms_keys, replace_old_primary, check_mode)


class FilterModule:
    def filters(self):
        return {"failover_report": failover_report}
