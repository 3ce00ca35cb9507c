# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.survey import SurveyInputError
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.survey import secret_filters
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.survey import survey_list


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, []),
        ("", []),
        ("a", ["a"]),
        (" a, b\nc  d,,a ", ["a", "b", "c", "d"]),
        (["b", " a ", "", "b"], ["b", "a"]),
        ("arn:aws:secretsmanager:us-east-1:1:secret:x-AbCdEf,y", ["arn:aws:secretsmanager:us-east-1:1:secret:x-AbCdEf", "y"]),
    ],
)
def test_survey_list(value, expected):
    assert survey_list(value) == expected


@pytest.mark.parametrize("value", [{"a": 1}, 3, ["a", 1]])
def test_survey_list_refuses_other_types_naming_the_variable(value):
    with pytest.raises(SurveyInputError, match="^replica_regions: "):
        survey_list(value, "replica_regions")


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, {}),
        ("", {}),
        ("tag-key=dr", {"tag-key": "dr"}),
        ("name=prod/, tag-value=gold team\n", {"name": "prod/", "tag-value": "gold team"}),
        ("tag-key=dr,tag-key=pci", {"tag-key": ["dr", "pci"]}),
        ({"tag_key": ["dr"]}, {"tag_key": ["dr"]}),
    ],
)
def test_secret_filters(value, expected):
    assert secret_filters(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("tag-key", "'tag-key' is not key=value"),
        ("=dr", "'=dr' is not key=value"),
        ("tags=dr", "secret_filters: filters: unknown key 'tags'"),
        ({"name": ""}, "needs a non-empty string"),
        (["tag-key=dr"], "expected a dict of ListSecrets filters or a string"),
    ],
)
def test_secret_filters_refuses_bad_input_with_the_fix(value, message):
    with pytest.raises(SurveyInputError, match=message):
        secret_filters(value)
