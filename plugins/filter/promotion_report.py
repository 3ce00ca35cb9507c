# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: promotion_report
short_description: Which secrets a batch promotion promoted, found already promoted, could not verify, or failed
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Used by C(playbooks/promote.yml). Sorts the RV(secretsmanager.replication.secret_replica#module:results) of a
    M(secretsmanager.replication.secret_replica) call with O(secretsmanager.replication.secret_replica#module:state=promoted),
    matched by secret id and Region.
  - An unverified secret (a standalone secret of that name without this collection's promotion marker) is listed apart
    and never as a success.
  - Pure data in, data out; no AWS call.
positional: region
options:
  _input:
    description: The registered secret_replica result.
    type: dict
    required: true
  region:
    description: The Region promoted in, recorded in the report.
    type: str
    required: true
"""

EXAMPLES = r"""
- name: Publish the promotion report
  ansible.builtin.set_stats:
    data:
      promote_report: "{{ promotion | secretsmanager.replication.promotion_report('eu-west-1') }}"
"""

RETURN = r"""
_value:
  description: The report.
  type: dict
  contains:
    region: {description: The Region promoted in, type: str, sample: eu-west-1}
    promoted:
      description: >-
        Secrets promoted by this run, each V(secret_id), V(region), V(arn), V(promoted_from), V(promoted_at) and
        V(replica_status) (the replica's last known status in its own Region).
      type: list
      elements: dict
      sample: []
    already_promoted: {description: "Secrets promoted earlier (by their marker, or by ARN), with the same keys.", type: list, elements: dict, sample: []}
    unverified:
      description: "Standalone secrets of that name that may be unrelated, each V(secret_id), V(region), V(reason), V(message), V(remedy)."
      type: list
      elements: dict
      sample: []
    failed: {description: "Secrets or Regions that failed, with the same keys as the unverified ones.", type: list, elements: dict, sample: []}
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.promotion import promotion_report as report_of


def promotion_report(registered, region):
    if not isinstance(registered, dict):
        raise AnsibleFilterError("promotion_report expects the registered result of secret_replica with secrets and state promoted")
    results = registered.get("results") or []
    if not results and registered.get("msg"):
        raise AnsibleFilterError(f"promotion refused: {registered['msg']}")
    return report_of(results, region)


class FilterModule:
    def filters(self):
        return {"promotion_report": promotion_report}
