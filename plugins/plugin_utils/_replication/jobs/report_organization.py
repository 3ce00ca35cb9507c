# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""report_organization.yml's step (job_step report_organization.*). For internal collection use only.

The playbook gathers the replication_unit_* variables it received and the per-unit files it was pointed at; `report`
checks and merges them by key and returns the report, its HTML page and the summary to publish.
"""

from .. import organization_report


def report(variables=None, files=None, generated_at=None):
    """{report, html, summary, lines}.

    variables: {replication_unit_<...>: unit}; files: {path: the file's text} of replication_unit_*.json files.
    """
    units = organization_report.collect_units(variables, files)
    result = organization_report.organization_report(units, generated_at=generated_at)
    return {
        "report": result,
        "html": organization_report.report_html(result),
        "summary": organization_report.published_summary(result),
        "lines": organization_report.summary_lines(result),
    }


STEPS = {
    "report_organization.report": report,
}
