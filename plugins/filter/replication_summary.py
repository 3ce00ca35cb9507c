# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replication_summary
short_description: What the replicate role prints and fails with, from its report
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - From a report of P(secretsmanager.replication.replication_report#filter), the summary lines a person reads (a line of
    counts, then one line per secret, only changed and failed ones when there are more than 20), and the failure
    message that lists every failure of every secret.
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The report.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Summarise the run
  ansible.builtin.debug:
    msg: "{{ (replicate_report | secretsmanager.replication.replication_summary).lines }}"
"""

RETURN = r"""
_value:
  description: The summary.
  type: dict
  contains:
    lines:
      description: The summary lines
      type: list
      elements: str
      sample: ["replicate: 1 secret(s), 1 changed, 0 failed, ..."]
    failure:
      description: The failure message, or V(None) when nothing failed
      type: str
      sample: null
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_report import failure_message
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_report import summary_lines


def replication_summary(report):
    if not isinstance(report, dict) or "secrets" not in report or "summary" not in report:
        raise AnsibleFilterError("replication_summary expects the report replication_report builds")
    return {"lines": summary_lines(report), "failure": failure_message(report)}


class FilterModule:
    def filters(self):
        return {"replication_summary": replication_summary}
