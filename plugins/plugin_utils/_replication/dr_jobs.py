# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The inputs of promote.yml, failover.yml and failback.yml, as AWX surveys (strings) or extra vars (lists) give them.

Pure functions: every problem is collected, so a refused job names all of them before any call.
"""

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.provenance import lookup_name
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import replica_region_problem
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import unknown_region_problem
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.inputs import kms_key_problems

from .survey import SurveyInputError
from .survey import kms_keys_by_region
from .survey import survey_list


def _parsed(parse, value, name, problems, default):
    try:
        return parse(value, name)
    except SurveyInputError as e:
        problems.append(e.message)
        return default


def _flag(job, name, problems):
    value = job.get(name)
    if value in (None, ""):
        return False
    try:
        return boolean(value, strict=True)
    except TypeError:
        problems.append(f"{name} is '{value}': answer true or false")
        return False


def _region(job, name, problems):
    region = job.get(name) or ""
    if not region:
        problems.append(f"{name} is not set: give a Region, like 'us-west-2'")
        return None
    problem = unknown_region_problem(region)
    if problem:
        problems.append(f"{name}: {problem}")
    return region


def _secrets(job, name, problems):
    secrets = _parsed(survey_list, job.get(name), name, problems, [])
    if not secrets and not any(problem.startswith(name) for problem in problems):
        problems.append(f"{name} is empty: give the secret names or primary ARNs, one per line or comma-separated")
    for secret_id in secrets:
        if lookup_name(secret_id) is None:
            problems.append(f"{name}: '{secret_id}' is not a secret ARN (arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>)")
    return secrets


def _kms_keys(job, name, regions, problems):
    """{Region: key}; regions: where replicas are made (None when not known before reading: any Region)."""
    keys = _parsed(kms_keys_by_region, job.get(name), name, problems, {})
    unlisted = [] if regions is None else sorted(set(keys) - set(regions))
    if unlisted:
        problems.append(f"{name} names {', '.join(unlisted)}, where no replica is made: list only the replica Regions")
    for region, key in sorted(keys.items()):
        problems.extend(f"{name}: {problem}" for problem in [unknown_region_problem(region)] + kms_key_problems(region, key) if problem)
    return keys


def _confirmed(job, name, what, problems):
    if not _flag(job, name, problems):
        problems.insert(0, f"{name} is not true: {what}; set {name}=true to confirm")


def refusal(job, problems):
    """The message refusing a failover or failback job (job: "Failover" or "Failback"), or None when nothing is wrong."""
    return f"{job} refused, nothing was called: {'; '.join(problems)}" if problems else None


def promote_job_vars(job):
    """promote.yml's inputs: {secrets (secret_replica entries), region, refusal (None when the job may run)}.

    Nothing is called unless promote_confirm is true and promote_region and promote_secrets are given.
    """
    region = job.get("promote_region") or ""
    try:
        secrets = survey_list(job.get("promote_secrets"), "promote_secrets")
    except SurveyInputError as e:
        return {"secrets": [], "region": region, "refusal": e.message}
    message = None
    if not boolean(job.get("promote_confirm") or False, strict=False) or not region or not secrets:
        message = (
            "Promotion refused, nothing was called: promotion cuts replicas off their primary for good. Set promote_confirm=true to "
            f"confirm, promote_region to the replica Region to promote in (given: '{region}'), and promote_secrets to the secret "
            f"names or ARNs (given: {len(secrets)})."
        )
    return {"secrets": [{"secret_id": secret_id} for secret_id in secrets], "region": region, "refusal": message}


def failover_job_vars(job):
    """failover.yml's inputs: {secrets, region, replica_regions, kms_keys, problems}.

    secrets: secret_replica batch entries ({secret_id, follower_regions}) for the promotion step.
    """
    problems = []
    secrets = _secrets(job, "failover_secrets", problems)
    region = _region(job, "failover_region", problems)
    replica_regions = _parsed(survey_list, job.get("failover_replica_regions"), "failover_replica_regions", problems, [])
    for replica_region in replica_regions:
        problem = replica_region_problem(replica_region, region) if region else unknown_region_problem(replica_region)
        if problem:
            problems.append(f"failover_replica_regions: {problem}")
    kms_keys = _kms_keys(job, "failover_kms_keys", replica_regions, problems)
    _confirmed(job, "failover_confirm", "a failover promotes secrets for good and replaces their copies in the replica Regions", problems)
    return {
        "secrets": [{"secret_id": secret_id, "follower_regions": replica_regions} for secret_id in secrets],
        "region": region,
        "replica_regions": replica_regions,
        "kms_keys": kms_keys,
        "problems": problems,
    }


def failback_job_vars(job):
    """failback.yml's inputs: {secrets, names (to read each Region by), region, winner_region, kms_keys, discard_loser_changes,
    make_primary, problems}."""
    problems = []
    secrets = _secrets(job, "failback_secrets", problems)
    region = _region(job, "failback_region", problems)
    winner_region = _region(job, "failback_winner_region", problems)
    if region and region == winner_region:
        problems.append(f"failback_region and failback_winner_region are both {region}: the winner is the other side of the split")
    # A key per Region for the replica made in failback_region and, with failback_make_primary, for the moved primary's replicas.
    kms_keys = _kms_keys(job, "failback_kms_keys", None, problems)
    discard = _flag(job, "failback_discard_loser_changes", problems)
    make_primary = _flag(job, "failback_make_primary", problems)
    _confirmed(job, "failback_confirm", "a failback replaces the secrets in failback_region with replicas of the winner", problems)
    return {
        "secrets": secrets,
        "names": sorted({lookup_name(secret_id) for secret_id in secrets} - {None}),
        "region": region,
        "winner_region": winner_region,
        "kms_keys": kms_keys,
        "discard_loser_changes": discard,
        "make_primary": make_primary,
        "problems": problems,
    }
