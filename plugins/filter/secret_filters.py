# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: secret_filters
short_description: ListSecrets filters from a dict, or from a survey string like C(tag-key=dr)
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Turns a survey answer such as V(tag-key=dr) or V(name=prod/,tag-value=gold) (filters separated by commas or
    newlines, each C(key=value)) into the dict of C(ListSecrets) filters that
    M(secretsmanager.replication.secret_replica_info) takes as O(secretsmanager.replication.secret_replica_info#module:filters).
    A dict is checked and returned as it is.
  - A key given more than once collects its values in a list (AWS matches any of them).
  - The keys are checked as the module checks them (C(name), C(tag-key), C(tag-value), C(description),
    C(primary-region), C(owning-service), C(all)), so a bad filter fails the play before any AWS call.
options:
  _input:
    description: A dict of filters, a string, or V(None) / V("") for no filter.
    type: raw
    required: true
  name:
    description: The variable's name, used in error messages.
    type: str
    default: secret_filters
"""

EXAMPLES = r"""
- name: Secrets tagged dr whose names start with prod/
  secretsmanager.replication.secret_replica_info:
    region: us-east-1
    filters: "{{ 'name=prod/,tag-key=dr' | secretsmanager.replication.secret_filters }}"
"""

RETURN = r"""
_value:
  description: The filters, keys to a string or a list of strings; V({}) for no filter.
  type: dict
  sample: {"name": "prod/", "tag-key": "dr"}
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.survey import SurveyInputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.survey import secret_filters


def secret_filters_filter(value, name="secret_filters"):
    try:
        return secret_filters(value, name)
    except SurveyInputError as e:
        raise AnsibleFilterError(e.message) from e


class FilterModule:
    def filters(self):
        return {"secret_filters": secret_filters_filter}
