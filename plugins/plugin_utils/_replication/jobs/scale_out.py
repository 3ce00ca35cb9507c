# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""replicate_scale_out.yml's step (job_step scale_out.*). For internal collection use only.

Each host is one (account, Region) unit: it tries to reach its account (AssumeRole), runs the replicate role, and then,
whatever happened, asks `unit` for its result and the key to publish it under (organization_report.unit_result).
"""

from ..organization_report import unit_result


def unit(host, region, account_id=None, role_arn=None, caller_account_id=None, account_name=None, organizational_unit_path=None,
         unreachable=None, failed=None, report=None):
    """{key, unit, file_name}: the unit's result, its set_stats key, and the file it is written to."""
    result = unit_result(host, region, account_id=account_id, role_arn=role_arn, caller_account_id=caller_account_id, account_name=account_name,
                         organizational_unit_path=organizational_unit_path, unreachable=unreachable, failed=failed, report=report)
    return dict(result, file_name=f"{result['key']}.json")


STEPS = {
    "scale_out.unit": unit,
}
