# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replication_health_report
short_description: A replication health report, and its text table, from secret_replica_info's reads
version_added: 1.0.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Gathers the secrets of one or more M(secretsmanager.replication.secret_replica_info) results into one report with a
    summary (counts by health), and renders it as a text table, one column per replica Region. The collection's
    C(playbooks/report.yml) is built on it; use it to report from a play of your own.
  - Flags split brain - a secret (same name and ARN suffix) that is a primary in more than one Region read - from each
    Region's own answer.
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The secret_replica_info results (a registered loop, a list of results, or one result).
    type: raw
    required: true
  filters:
    description: The C(ListSecrets) filters the reads used, recorded in the report.
    type: dict
  generated_at:
    description: When the report was made (ISO 8601), recorded in the report.
    type: str
  required_regions:
    description:
      - The Regions every primary secret must have a replica in (the policy, for example the replicate role's
        C(replicate_default_replicas)).
      - Each primary then carries V(missing_regions), the required Regions it has no replica in, and the summary counts
        V(not_compliant) primaries. Empty means no policy - V(missing_regions) is V(null).
    type: list
    elements: str
    default: []
"""

EXAMPLES = r"""
- name: Read every secret tagged dr, and its replicas in their own Regions
  secretsmanager.replication.secret_replica_info:
    region: us-east-1
    filters:
      tag-key: dr
    replica_view: true
  register: info

- name: Show the replication table
  ansible.builtin.debug:
    msg: "{{ (info | secretsmanager.replication.replication_health_report).table }}"

- name: Fail when a primary has no replica in a Region the policy requires
  ansible.builtin.assert:
    that: report.summary.not_compliant == 0
    fail_msg: "{{ report.secrets | selectattr('missing_regions') | map(attribute='name') | list }} miss a required replica"
  vars:
    report: "{{ (info | secretsmanager.replication.replication_health_report(required_regions=['us-west-2'])).report }}"
"""

RETURN = r"""
_value:
  description: The report and its table.
  type: dict
  contains:
    report:
      description: >-
        V(generated_at), V(regions_read), V(unreachable_regions), V(filters), V(required_regions), V(regions) (every
        replica Region and every required one), V(summary) (with V(split_brain) and V(not_compliant), counts),
        V(split_brain) (each V(name), V(primary_regions), V(arns)) and V(secrets) (secret_replica_info's entries, each
        with V(split_brain), V(primary_regions) and V(missing_regions)).
      type: dict
      sample: {}
    table:
      description: The report as text lines
      type: list
      elements: str
      sample: []
"""

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.health_report import health_report
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.health_report import table_lines
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import read_results


def replication_health_report(reads, filters=None, generated_at=None, required_regions=None):
    report = health_report(read_results(reads), filters=filters, generated_at=generated_at, required_regions=required_regions)
    return {"report": report, "table": table_lines(report)}


class FilterModule:
    def filters(self):
        return {"replication_health_report": replication_health_report}
