# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/failback.yml's steps (job_step failback.*), in the order it runs them. For internal collection use only.

inputs (refused before any call unless confirmed and complete) -> (read both sides: secret_replica_info) -> plan
-> (unlink, replace: secret_replica) -> move -> (failback_make_primary: playbooks/tasks/move_primary.yml, whose
failover.replicate step plans the move's replication) -> report.
"""

from ..dr_jobs import failback_job_vars
from ..dr_jobs import refusal
from ..failback import failback_plan
from ..failback import failback_report
from ..failback import failure_message
from ..failback import outcome_lines
from ..failback import with_move
from ..filter_inputs import InputError
from ..filter_inputs import registered


def inputs(failback_secrets=None, failback_region=None, failback_winner_region=None, failback_kms_keys=None, failback_discard_loser_changes=None,
           failback_make_primary=None, failback_confirm=None):
    """dr_jobs.failback_job_vars ({secrets, names, region, winner_region, kms_keys, discard_loser_changes, make_primary, problems})
    and the refusal (None when the job may run)."""
    job = failback_job_vars({
        "failback_secrets": failback_secrets, "failback_region": failback_region, "failback_winner_region": failback_winner_region,
        "failback_kms_keys": failback_kms_keys, "failback_discard_loser_changes": failback_discard_loser_changes,
        "failback_make_primary": failback_make_primary, "failback_confirm": failback_confirm,
    })
    return dict(job, refusal=refusal("Failback", job["problems"]))


def plan(read, job):
    """failback.failback_plan: {secrets: {secret id: plan}, unlink_entries, replace_entries}, with the data-loss guard.

    read: the registered secret_replica_info of both sides; job: the inputs step's result.
    """
    if not isinstance(read, dict) or "secrets" not in read:
        raise InputError("failback.plan expects the registered result of secret_replica_info")
    return failback_plan(read, job)


def _failback_report(plan, read, job, unlink, replace, check_mode):
    return failback_report(plan, read, job, registered(unlink), registered(replace), bool(check_mode))


def move(plan, read, job, unlink=None, replace=None, check_mode=False):
    """{entries}: with failback_make_primary, secret_replica's entries moving the primary back (each winner by ARN, with
    follower_regions) for every secret whose failback is complete; none without it.

    unlink, replace: the registered secret_replica calls (skipped or absent when there was nothing to do).
    """
    return {"entries": _failback_report(plan, read, job, unlink, replace, check_mode)["make_primary_entries"]}


def report(plan, read, job, unlink=None, replace=None, move_promotion=None, move_replication=None, check_mode=False, report_file=None):
    """failback_report, the lines shown, and the failure (None when every secret follows the winner and every move back completed).

    move_promotion, move_replication: move_primary.yml's two registered calls, when the primary was moved back (else
    None: in check mode the report predicts the move).
    """
    result = _failback_report(plan, read, job, unlink, replace, check_mode)
    if registered(move_promotion) is not None:
        result = with_move(result, job, move_promotion, registered(move_replication))
    return {"report": result, "lines": outcome_lines(result, job, report_file), "failure": failure_message(result)}


STEPS = {
    "failback.inputs": inputs,
    "failback.plan": plan,
    "failback.move": move,
    "failback.report": report,
}
