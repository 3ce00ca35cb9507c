# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/report.yml's step (job_step report.inputs). For internal collection use only.

inputs (refused before any call) -> (read: secret_replica_info) -> the public filters replication_health_report and
replication_report_html shape the report.
"""

from ..survey import report_job_vars


def inputs(report_region=None, report_regions=None, secret_filters=None, report_required_regions=None, replicate_default_replicas=None,
           renamed_report_filters=False):
    """{region (None when several Regions are read), regions, filters, required_regions, refusal (None when the job may run)}.

    renamed_report_filters: whether the job gave report_filters, the old name of secret_filters.
    """
    return report_job_vars({"report_region": report_region, "report_regions": report_regions, "secret_filters": secret_filters,
                            "report_required_regions": report_required_regions, "replicate_default_replicas": replicate_default_replicas,
                            "renamed_report_filters": renamed_report_filters})


STEPS = {
    "report.inputs": inputs,
}
