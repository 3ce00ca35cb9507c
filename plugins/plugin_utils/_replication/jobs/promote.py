# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/promote.yml's steps (job_step promote.*), in the order it runs them. For internal collection use only.

inputs (refused before any call unless confirmed and complete) -> (secret_replica, state promoted) -> report.
"""

from ..dr_jobs import promote_job_vars
from ..filter_inputs import InputError
from ..filter_inputs import registered_call
from ..promotion_report import failure_message
from ..promotion_report import outcome_lines
from ..promotion_report import promotion_report


def inputs(promote_secrets=None, promote_region=None, promote_confirm=None):
    """{secrets (secret_replica entries), region, refusal (None when the job may run)}."""
    return promote_job_vars({"promote_secrets": promote_secrets, "promote_region": promote_region, "promote_confirm": promote_confirm})


def report(promotion, region, accept_unverified=False):
    """promote_report, the lines shown, and the failure (None when every secret was promoted, or only unverified ones
    remain and accept_unverified).

    promotion: the registered secret_replica call. A call refused as a whole (no results) has nothing to report.
    """
    results = registered_call(promotion, "promote.report", "the registered result of secret_replica with secrets and state promoted").get("results") or []
    if not results and promotion.get("msg"):
        raise InputError(f"promotion refused: {promotion['msg']}")
    result = promotion_report(results, region)
    return {"report": result, "lines": outcome_lines(result), "failure": failure_message(result, accept_unverified)}


STEPS = {
    "promote.inputs": inputs,
    "promote.report": report,
}
