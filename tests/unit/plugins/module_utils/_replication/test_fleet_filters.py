# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.common import SecretsManagerReplicationError
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.fleet import list_secrets_filters


def test_no_filters():
    assert list_secrets_filters(None) == []
    assert list_secrets_filters({}) == []


def test_strings_and_lists_and_underscores():
    assert list_secrets_filters({"name": "prod/", "tag_key": ["team", "owner"], "primary-region": "us-east-1"}) == [
        {"Key": "name", "Values": ["prod/"]},
        {"Key": "tag-key", "Values": ["team", "owner"]},
        {"Key": "primary-region", "Values": ["us-east-1"]},
    ]


def test_unknown_key_names_it_and_lists_allowed_keys():
    with pytest.raises(SecretsManagerReplicationError) as error:
        list_secrets_filters({"tags": "x"})
    assert "'tags'" in error.value.message
    assert "name, tag-key, tag-value, description, primary-region, owning-service, all" in error.value.message


@pytest.mark.parametrize("value", [[], "", [""], [None], {"a": 1}])
def test_empty_or_non_string_values_are_refused(value):
    with pytest.raises(SecretsManagerReplicationError, match="filters: 'name' needs"):
        list_secrets_filters({"name": value})
