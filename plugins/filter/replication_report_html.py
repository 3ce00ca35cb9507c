# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replication_report_html
short_description: The replication report as a self-contained HTML page a person can act on
version_added: 1.0.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Renders a report of P(secretsmanager.replication.replication_health_report#filter) as one HTML file with inline CSS and inline SVG charts (secrets by health, replicas by Region), no script and nothing
    fetched, so it opens offline and prints.
  - Rows come worst first - split brain, failed, unreachable, in progress, not compliant, in sync - and each failure's
    reason and remedy is visible text in its row. A legend explains every state.
  - When the report was built with a policy (P(secretsmanager.replication.replication_health_report#filter)'s
    C(required_regions)), a compliance column shows the Regions the policy requires that have no replica, and their
    cells say V(missing); a dash is a Region the policy does not ask for.
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The report (the V(report) of P(secretsmanager.replication.replication_health_report#filter)).
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Write the HTML report
  ansible.builtin.copy:
    content: "{{ (info | secretsmanager.replication.replication_health_report(required_regions=['us-west-2'])).report
                 | secretsmanager.replication.replication_report_html }}"
    dest: replication-report.html
    mode: "0644"
"""

RETURN = r"""
_value:
  description: The HTML page.
  type: str
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.report_html import render


def replication_report_html(report):
    if not isinstance(report, dict) or "secrets" not in report:
        raise AnsibleFilterError("replication_report_html expects the report replication_health_report builds (its 'report')")
    return render(report)


class FilterModule:
    def filters(self):
        return {"replication_report_html": replication_report_html}
