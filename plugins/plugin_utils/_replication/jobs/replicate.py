# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The replicate role's steps (job_step replicate.*), in the order the role runs them. For internal collection use only.

plan -> (read: secret_replica_info) -> check -> (opt-in: aws_region_info; keys: kms_key_info) -> preflight
-> (apply: secret_replica) -> overwrite -> (secret_replica with overwrite) -> verify -> (read back) -> report.

The role gives either a list of secrets or a selector; plan turns both into the same plan entries
{secret_id, primary_region, replicas, purge_replicas, overwrite_on_conflict}: a list at once, a selector once
its read (check) has found the secrets. Everything is matched by secret id (role_plan.index_entries).
"""

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.provenance import promotion_marker

from .. import role_plan
from .. import role_report
from ..filter_inputs import InputError
from ..filter_inputs import failed_reads
from ..filter_inputs import list_of_dicts
from ..filter_inputs import read_results
from ..filter_inputs import registered
from ..filter_inputs import secrets_of_reads
from ..region_policy import enabled_regions
from ..region_policy import opt_in_read_regions
from ..region_policy import region_rule_problems

OVERWRITE_POLICIES = ("never", "on_conflict")


def _selector_entry(default_region, default_replicas):
    """In selector mode the Region rules are checked once, on one entry standing for every selected secret: they all
    share the primary Region and the replicas."""
    return {
        "secret_id": f"every secret replicate_selector matches in {default_region or 'the primary Region'}",
        "primary_region": default_region,
        "replicas": default_replicas,
    }


def _mode(secrets, selector, default_replicas):
    if (secrets is not None) == (selector is not None):
        raise InputError(
            "Give either replicate_secrets (a list of {secret_id, replicas: [{region, kms_key_id}], purge_replicas, overwrite}) "
            "or replicate_selector (ListSecrets filters, for example {tag-key: dr}) with replicate_default_replicas, not both"
        )
    if selector is not None and not default_replicas:
        raise InputError(
            "replicate_selector needs replicate_default_replicas (replica_regions in the replicate job): the replicas "
            "({region, kms_key_id}) every secret the selector matches must have"
        )
    return "selector" if selector is not None else "list"


def plan(secrets=None, selector=None, default_replicas=None, primary_region=None, default_region=None, overwrite="never",
         allowed_regions=None, denied_regions=None):
    """The plan of a list of secrets, the Region rule problems, and what to read: [{region, secret_ids}] or, for a
    selector, [{region, filters}] (nothing when a rule is broken: every selected secret would break it).

    primary_region (replicate_primary_region) wins over default_region (the Region the modules use).
    """
    default_replicas = list_of_dicts(default_replicas, "replicate.plan", "replicate_default_replicas as a list of {region, kms_key_id}")
    if overwrite not in OVERWRITE_POLICIES:
        raise InputError(f"replicate_overwrite must be one of {', '.join(OVERWRITE_POLICIES)}, got {overwrite!r}")
    mode = _mode(secrets, selector, default_replicas)
    region = primary_region or default_region
    policy = {"allowed_regions": list(allowed_regions or []), "denied_regions": list(denied_regions or [])}
    if mode == "selector":
        entries = []
        rule_problems = region_rule_problems([_selector_entry(region, default_replicas)], **policy)
        reads = [] if rule_problems else [{"region": region, "filters": selector}]
    else:
        entries = role_plan.plan_from_secrets(list_of_dicts(secrets, "replicate.plan", "replicate_secrets as a list of {secret_id, replicas, ...}"),
                                              default_replicas, region, overwrite)
        rule_problems = region_rule_problems(entries, **policy)
        reads = role_plan.secret_reads(entries, rule_problems)
    return {"mode": mode, "default_region": region, "default_replicas": default_replicas, "overwrite": overwrite, "policy": policy,
            "secrets": entries, "rule_problems": rule_problems, "reads": reads}


def _unpromoted(entries):
    """The entries without this collection's promotion marker: a promoted copy is never replicated automatically."""
    return [entry for entry in entries if not promotion_marker(entry.get("tags") or {})["promoted_from"]]


def check(plan, reads, skip_promoted=False):
    """Each secret's compliance (the planner's answer from the read), and what the account must be asked before any
    change: a Region per partition to read the enabled Regions in (only where a replica Region is not one AWS enables in
    every account), and the KMS keys to look up.

    plan: the plan step's result; reads: the registered secret_replica_info loop. Only secrets to change are checked
    against the account; in selector mode, the one entry standing for every selected secret.
    """
    if plan["mode"] == "selector":
        selected = secrets_of_reads(reads)
        if skip_promoted:
            selected = _unpromoted(selected)
        entries = role_plan.plan_from_selected(selected, plan["default_replicas"], plan["overwrite"])
    else:
        entries = plan["secrets"]
    secrets = role_plan.with_compliance(entries, secrets_of_reads(reads), failed_reads(reads))
    to_apply = role_plan.todo(secrets)
    if plan["mode"] == "selector":
        to_check = [_selector_entry(plan["default_region"], plan["default_replicas"])] if plan["rule_problems"] or to_apply else []
    else:
        to_check = to_apply
    return {
        "mode": plan["mode"],
        "policy": plan["policy"],
        "rule_problems": plan["rule_problems"],
        "secrets": secrets,
        "to_check": to_check,
        # Read only where a replica Region may be an opt-in one (most plans need no read at all), once per partition.
        "opt_in_regions": opt_in_read_regions(to_check),
        "kms_lookups": role_plan.kms_key_lookups(to_check, plan["rule_problems"]),
    }


def preflight(check, region_info=None, kms_results=None):
    """Every reason to refuse the plan, the one message listing them, and the first pass's secret_replica entries.

    check: the check step's result (it carries the plan's mode, Region policy and rule problems);
    region_info: the registered amazon.aws.aws_region_info loop (skipped or absent: opt-in not checked);
    kms_results: the registered amazon.aws.kms_key_info loop.
    """
    rule_problems = check["rule_problems"]
    infos = read_results(region_info)
    if infos:
        # AWS: an opt-in Region must be enabled in the account before it can hold a replica.
        checked = check["to_check"] if check["mode"] == "selector" else check["secrets"]
        rule_problems = region_rule_problems(checked, enabled=enabled_regions(infos), **check["policy"])
    secrets = check["secrets"]
    to_apply = role_plan.todo(secrets)
    problems = (
        role_plan.plan_problems(secrets)
        + role_plan.secret_problems(secrets)
        + rule_problems
        + role_report.kms_problems(check["to_check"], read_results(kms_results))
    )
    return {
        "problems": problems,
        "message": role_report.preflight_refusal(problems),
        "todo": [secret["secret_id"] for secret in to_apply],
        "preview": role_report.change_preview(to_apply),
        "entries": role_plan.module_entries(to_apply),
    }


def _registered(result):
    """A registered secret_replica result, or {} for a skipped or missing one (role_plan reads {} as no results)."""
    return registered(result) or {}


def overwrite(secrets, first_pass):
    """secret_replica entries for the overwrite pass: the name conflicts of the first pass where the policy allows
    replacing the same-named secret (AWS user guide: retry with ForceOverwriteReplicaSecret)."""
    to_apply = role_plan.todo(list_of_dicts(secrets, "replicate.overwrite", "the check step's secrets"))
    return {"entries": role_plan.module_entries(role_plan.overwrite_pass(to_apply, _registered(first_pass)))}


def verify(secrets, passes):
    """What to read back after apply: the secrets to change whose last result does not confirm them (every requested
    replica InSync in AWS's own answer after its wait), one read per primary Region."""
    to_apply = role_plan.todo(list_of_dicts(secrets, "replicate.verify", "the check step's secrets"))
    return {"reads": role_plan.secret_reads(role_plan.unconfirmed(to_apply, *[_registered(result) for result in passes]))}


def report(secrets, passes=(), read_back=None, check_mode=False):
    """replicate_report ({secrets, summary}), the summary lines, and the failure message (None when nothing failed)."""
    secrets = list_of_dicts(secrets, "replicate.report", "the check step's secrets")
    read_back = None if read_back is None or not read_results(read_back) else read_back
    read_entries = None if read_back is None else secrets_of_reads(read_back)
    result = role_report.replication_report(secrets, [_registered(result) for result in passes], read_entries,
                                            read_failed=bool(failed_reads(read_back)), check_mode=bool(check_mode))
    return {"report": result, "lines": role_report.summary_lines(result), "failure": role_report.failure_message(result)}


STEPS = {
    "replicate.plan": plan,
    "replicate.check": check,
    "replicate.preflight": preflight,
    "replicate.overwrite": overwrite,
    "replicate.verify": verify,
    "replicate.report": report,
}
