# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: survey_list
short_description: A list from a list, or from a survey string of comma-, space- or newline-separated items
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - AWX and Automation Controller surveys give a list question's answer as one string. This filter accepts that
    string, or a real list from extra vars, and returns the list of items.
  - Items are stripped; empty items and repeats are dropped; the order is kept. V(None) and V("") give V([]).
  - Secret names, secret ARNs and Region names never contain commas, spaces or newlines, so any of them separates items.
options:
  _input:
    description: A list of strings, or a string.
    type: raw
    required: true
  name:
    description: The variable's name, used in the error message for a value that is neither.
    type: str
    default: value
  key:
    description: Return each item as a dict with this one key, for example V(secret_id) for a module's list of secrets.
    type: str
"""

EXAMPLES = r"""
- name: Regions from a survey answer or a list
  ansible.builtin.debug:
    msg: "{{ 'eu-west-1, us-west-2\nap-south-1' | secretsmanager.replication.survey_list }}"  # ['eu-west-1', 'us-west-2', 'ap-south-1']

- name: Secrets for secret_replica's secrets option
  ansible.builtin.debug:
    msg: "{{ 'app/db app/api' | secretsmanager.replication.survey_list('secret_ids', key='secret_id') }}"  # [{'secret_id': 'app/db'}, ...]
"""

RETURN = r"""
_value:
  description: The items (dicts with O(key), when given).
  type: list
  elements: raw
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.survey import SurveyInputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.survey import survey_list


def survey_list_filter(value, name="value", key=None):
    try:
        items = survey_list(value, name)
    except SurveyInputError as e:
        raise AnsibleFilterError(e.message) from e
    return [{key: item} for item in items] if key else items


class FilterModule:
    def filters(self):
        return {"survey_list": survey_list_filter}
