# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Job inputs as AWX / Automation Controller surveys give them: strings, turned into the lists and dicts playbooks take.

A survey answers a "textarea" or "text" question with one string; the same playbook variable may
also come as a real list or dict from extra vars or a workflow. Pure functions, no AWS call.
"""

import re

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.errors import SecretsManagerReplicationError
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.secret_reader import list_secrets_filters

from .filter_inputs import InputError
from .filter_inputs import list_of_dicts

# Secret names, ARNs and Region names never contain commas, spaces or newlines.
_LIST_SEPARATORS = re.compile(r"[\s,]+")
# Filter values may contain spaces (tag values): only commas and newlines separate filters.
_FILTER_SEPARATORS = re.compile(r"[,\n]+")


class SurveyInputError(InputError):
    """A survey answer that cannot be used; the message names the variable."""


def survey_list(value, name="value"):
    """A list of strings from a list, or from one string of items separated by commas, spaces or newlines.

    None and "" give []. Items are stripped; empty items and repeats are dropped; order is kept.
    """
    if value is None:
        return []
    if isinstance(value, str):
        items = _LIST_SEPARATORS.split(value)
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        raise SurveyInputError(message=f"{name}: expected a list or a comma-separated string, got {type(value).__name__}")
    result = []
    for item in items:
        if not isinstance(item, str):
            raise SurveyInputError(message=f"{name}: every item must be a string, got {item!r}")
        item = item.strip()
        if item and item not in result:
            result.append(item)
    return result


def secret_filters(value, name="secret_filters"):
    """ListSecrets filters as a dict, from a dict, or from a string like "tag-key=dr" or "name=prod/,tag-value=gold".

    A key given more than once collects its values in a list. The keys are checked as the
    secret_replica_info module checks them, so a bad filter is refused before any call.
    """
    if value is None or value == "":
        return {}
    if isinstance(value, dict):
        filters = dict(value)
    elif isinstance(value, str):
        filters = {}
        for item in _FILTER_SEPARATORS.split(value):
            item = item.strip()
            if not item:
                continue
            key, separator, filter_value = item.partition("=")
            if not separator or not key.strip() or not filter_value.strip():
                raise SurveyInputError(message=f"{name}: '{item}' is not key=value: write filters like 'tag-key=dr' or 'name=prod/,tag-value=gold'")
            key, filter_value = key.strip(), filter_value.strip()
            if key in filters:
                filters[key] = (filters[key] if isinstance(filters[key], list) else [filters[key]]) + [filter_value]
            else:
                filters[key] = filter_value
    else:
        raise SurveyInputError(message=f"{name}: expected a dict of ListSecrets filters or a string like 'tag-key=dr', got {type(value).__name__}")
    try:
        list_secrets_filters(filters)
    except SecretsManagerReplicationError as e:
        raise SurveyInputError(message=f"{name}: {e.message}") from e
    return filters


def kms_keys_by_region(value, name="replica_kms_keys"):
    """{Region: key} from a dict, or from a string like "eu-west-1=alias/prod,us-west-2=arn:aws:kms:..." (commas, spaces or newlines)."""
    if value is None or value == "":
        return {}
    if isinstance(value, dict):
        return {str(region): str(key) for region, key in value.items() if key}
    keys = {}
    for item in survey_list(value, name):
        region, separator, key = item.partition("=")
        if not separator or not region or not key:
            raise SurveyInputError(message=f"{name}: '{item}' is not region=key: write keys like 'eu-west-1=alias/prod'")
        if keys.get(region, key) != key:
            raise SurveyInputError(message=f"{name}: {region} is given two keys, {keys[region]} and {key}: give one key per Region")
        keys[region] = key
    return keys


def _given(value):
    return value not in (None, "", [], {})


def replicate_job_vars(job):
    """The replicate role's variables from replicate.yml's job inputs (survey strings or extra vars).

    job: secret_ids, replica_regions, replica_kms_keys, purge_replicas, secret_filters, and the role's own
    replicate_secrets, replicate_selector and replicate_default_replicas. Each secret of secret_ids gets a replica in
    each of replica_regions, with the key replica_kms_keys names for that Region; secret_filters is selector mode.
    Extra vars win over anything a playbook computes, so a role variable and the survey input that would set it are
    refused together.
    """
    secret_ids = survey_list(job.get("secret_ids"), "secret_ids")
    regions = survey_list(job.get("replica_regions"), "replica_regions")
    keys = kms_keys_by_region(job.get("replica_kms_keys"))
    unlisted = sorted(set(keys) - set(regions))
    if unlisted:
        raise SurveyInputError(
            message=f"replica_kms_keys names {', '.join(unlisted)}, not in replica_regions: list the Region there, or remove its key"
        )
    filters = secret_filters(job.get("secret_filters"))
    clashes = [
        f"{survey} and {role}"
        for survey, role in (("secret_ids", "replicate_secrets"), ("secret_filters", "replicate_selector"), ("replica_regions", "replicate_default_replicas"))
        if _given(job.get(survey)) and _given(job.get(role))
    ]
    if (secret_ids or _given(job.get("replicate_secrets"))) and (filters or _given(job.get("replicate_selector"))):
        clashes.append("a list of secrets (secret_ids or replicate_secrets) and a selector (secret_filters or replicate_selector)")
    if clashes:
        raise SurveyInputError(message="give only one of " + "; of ".join(clashes))
    replicas = [dict({"region": region}, **({"kms_key_id": keys[region]} if region in keys else {})) for region in regions]
    default_replicas = replicas or job.get("replicate_default_replicas") or []
    if filters or job.get("replicate_selector") is not None:
        return {"replicate_secrets": None, "replicate_selector": filters or job["replicate_selector"], "replicate_default_replicas": default_replicas}
    purge = None if job.get("purge_replicas") in (None, "") else boolean(job["purge_replicas"], strict=False)
    if purge and secret_ids and not default_replicas:
        # A blank replica_regions answer with purge on would remove every replica: a forgotten answer, not a request.
        raise SurveyInputError(
            message="purge_replicas with no replica_regions would remove every replica of "
            + ", ".join(secret_ids)
            + ": list the Regions to keep in replica_regions; to remove every replica on purpose, run the secret_replica "
            "module with replicas: [] and purge_replicas: true"
        )
    secrets = list(job.get("replicate_secrets") or []) + [
        dict({"secret_id": secret_id}, **({"replicas": replicas} if replicas else {}), **({"purge_replicas": purge} if purge is not None else {}))
        for secret_id in secret_ids
    ]
    if not secrets:
        raise SurveyInputError(
            message="no secrets to replicate: give secret_ids (names or ARNs) with replica_regions, secret_filters (for example "
            "'tag-key=dr') with replica_regions, replicate_secrets or replicate_selector"
        )
    return {"replicate_secrets": secrets, "replicate_selector": None, "replicate_default_replicas": job.get("replicate_default_replicas") or []}


def report_job_vars(job):
    """report.yml's inputs: {region, regions, filters, required_regions, refusal (None when the job may run)}.

    job: report_region or report_regions (lists may be survey strings), secret_filters, report_required_regions (default:
    the Regions of replicate_default_replicas), and renamed_report_filters (whether the old name of secret_filters was given).
    region is None when several Regions are read.
    """
    try:
        filters = secret_filters(job.get("secret_filters"))
        regions = survey_list(job.get("report_regions"), "report_regions")
        required = survey_list(job.get("report_required_regions"), "report_required_regions")
    except SurveyInputError as e:
        return {"region": None, "regions": [], "filters": {}, "required_regions": [], "refusal": e.message}
    default_replicas = list_of_dicts(job.get("replicate_default_replicas"), "report.yml", "replicate_default_replicas as a list of {region, kms_key_id}")
    message = None
    if job.get("renamed_report_filters"):
        message = ("report_filters is now secret_filters (the same ListSecrets filters, a dict or a survey string, as in replicate.yml): "
                   "rename it in the job template or extra vars.")
    elif regions and job.get("report_region"):
        message = "Give report_region (one Region) or report_regions (several), not both."
    return {
        "region": None if regions else job.get("report_region") or None,
        "regions": regions,
        "filters": filters,
        "required_regions": required or [replica["region"] for replica in default_replicas if replica.get("region")],
        "refusal": message,
    }
