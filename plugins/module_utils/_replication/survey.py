# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Job inputs as AWX / Automation Controller surveys give them: strings, turned into the lists and dicts playbooks take.

A survey answers a "textarea" or "text" question with one string; the same playbook variable may
also come as a real list or dict from extra vars or a workflow. Pure functions, no AWS call.
"""

import re

from .common import SecretsManagerReplicationError
from .secret_reader import list_secrets_filters

# Secret names, ARNs and Region names never contain commas, spaces or newlines.
_LIST_SEPARATORS = re.compile(r"[\s,]+")
# Filter values may contain spaces (tag values): only commas and newlines separate filters.
_FILTER_SEPARATORS = re.compile(r"[,\n]+")


class SurveyInputError(SecretsManagerReplicationError):
    pass


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
