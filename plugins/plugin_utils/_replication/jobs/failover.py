# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/failover.yml's steps (job_step failover.*), in the order it runs them. For internal collection use only.

inputs (refused before any call unless confirmed and complete) -> playbooks/tasks/move_primary.yml: (secret_replica,
state promoted, with follower Regions) -> replicate -> (secret_replica from each new primary) -> report.
failback.yml's failback_make_primary moves the primary back through the same task file, so through replicate too.
"""

from ..dr_jobs import failover_job_vars
from ..dr_jobs import refusal
from ..failover import failover_report
from ..failover import failure_message
from ..failover import outcome_lines
from ..failover import replication_entries
from ..filter_inputs import InputError
from ..filter_inputs import registered
from ..filter_inputs import registered_call

PROMOTION = "the registered result of secret_replica with state promoted"


def inputs(failover_secrets=None, failover_region=None, failover_replica_regions=None, failover_kms_keys=None, failover_confirm=None):
    """dr_jobs.failover_job_vars ({secrets, region, replica_regions, kms_keys, problems}) and the refusal (None when the job may run)."""
    job = failover_job_vars({"failover_secrets": failover_secrets, "failover_region": failover_region, "failover_replica_regions": failover_replica_regions,
                             "failover_kms_keys": failover_kms_keys, "failover_confirm": failover_confirm})
    return dict(job, refusal=refusal("Failover", job["problems"]))


def replicate(promotion, kms_keys=None, replace_old_primary=False):
    """{entries}: secret_replica's entries replicating each new primary to its follower Regions (failover.replication_entries).

    A promotion call refused as a whole (no results) stops the move: nothing was promoted to replicate from.
    """
    promotion = registered_call(promotion, "failover.replicate", PROMOTION)
    if not promotion.get("results") and promotion.get("msg"):
        raise InputError(f"promotion refused: {promotion['msg']}")
    return {"entries": replication_entries(promotion, kms_keys, replace_old_primary)}


def report(job, promotion, replication=None, check_mode=False, report_file=None):
    """failover_report, the lines shown, and the failure (None when every secret and Region completed).

    job: the inputs step's result; promotion, replication: move_primary.yml's two registered secret_replica calls.
    """
    result = failover_report(registered_call(promotion, "failover.report", PROMOTION), registered(replication), job["kms_keys"],
                             check_mode=bool(check_mode))
    return {"report": result, "lines": outcome_lines(result, job["region"], report_file), "failure": failure_message(result, len(job["secrets"]))}


STEPS = {
    "failover.inputs": inputs,
    "failover.replicate": replicate,
    "failover.report": report,
}
