# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.survey import SurveyInputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.survey import kms_keys_by_region
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.survey import replicate_job_vars
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.survey import secret_filters
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.survey import survey_list


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


def test_replicate_job_from_survey_strings():
    job = replicate_job_vars({"secret_ids": "app/db, app/api", "replica_regions": "eu-west-1 us-west-2", "replica_kms_keys": "us-west-2=alias/k",
                              "purge_replicas": "true"})
    replicas = [{"region": "eu-west-1"}, {"region": "us-west-2", "kms_key_id": "alias/k"}]
    assert job == {"replicate_secrets": [{"secret_id": "app/db", "replicas": replicas, "purge_replicas": True},
                                         {"secret_id": "app/api", "replicas": replicas, "purge_replicas": True}],
                   "replicate_selector": None, "replicate_default_replicas": []}


@pytest.mark.parametrize("regions", [None, "", " "])
def test_replicate_job_refuses_purge_with_no_regions_to_keep(regions):
    with pytest.raises(SurveyInputError, match="would remove every replica of app/db, app/api: list the Regions to keep in replica_regions"):
        replicate_job_vars({"secret_ids": "app/db app/api", "replica_regions": regions, "purge_replicas": "true"})


def test_replicate_job_purge_keeps_the_role_default_replicas_as_the_regions_to_keep():
    job = replicate_job_vars({"secret_ids": "app/db", "purge_replicas": True, "replicate_default_replicas": [{"region": "eu-west-1"}]})
    assert job["replicate_secrets"] == [{"secret_id": "app/db", "purge_replicas": True}]
    assert job["replicate_default_replicas"] == [{"region": "eu-west-1"}]


def test_replicate_job_selector_mode_and_role_variables_pass_through():
    assert replicate_job_vars({"secret_filters": "tag-key=dr", "replica_regions": "eu-west-1"}) == {
        "replicate_secrets": None, "replicate_selector": {"tag-key": "dr"}, "replicate_default_replicas": [{"region": "eu-west-1"}]}
    assert replicate_job_vars({"replicate_selector": {}, "replicate_default_replicas": [{"region": "eu-west-1"}]})["replicate_selector"] == {}
    listed = [{"secret_id": "a", "replicas": [{"region": "eu-west-1"}]}]
    assert replicate_job_vars({"replicate_secrets": listed})["replicate_secrets"] == listed


@pytest.mark.parametrize(
    "job, message",
    [
        ({}, "no secrets to replicate"),
        ({"secret_ids": "a", "replicate_secrets": [{"secret_id": "b"}]}, "give only one of secret_ids and replicate_secrets"),
        ({"secret_ids": "a", "secret_filters": "tag-key=dr"}, "a list of secrets (secret_ids or replicate_secrets) and a selector"),
        ({"secret_ids": "a", "replica_regions": "eu-west-1", "replica_kms_keys": "us-west-2=alias/k"}, "names us-west-2, not in replica_regions"),
        ({"secret_ids": "a", "replica_kms_keys": "alias/k"}, "'alias/k' is not region=key"),
    ],
)
def test_replicate_job_refuses_what_extra_vars_would_silently_override(job, message):
    with pytest.raises(SurveyInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        replicate_job_vars(job)


KEY_ARN = "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, {}),
        ("", {}),
        ("eu-west-1=alias/prod", {"eu-west-1": "alias/prod"}),
        (f"eu-west-1=alias/prod, us-west-2={KEY_ARN}\nap-south-1=k1 ", {"eu-west-1": "alias/prod", "us-west-2": KEY_ARN, "ap-south-1": "k1"}),
        ("eu-west-1=a=b", {"eu-west-1": "a=b"}),  # only the first '=' separates the Region from the key
        (["eu-west-1=alias/prod"], {"eu-west-1": "alias/prod"}),  # extra vars may give the survey's items as a list
    ],
)
def test_kms_keys_by_region_from_a_survey_string(value, expected):
    assert kms_keys_by_region(value) == expected


def test_kms_keys_by_region_from_a_dict_leaves_out_regions_without_a_key():
    assert kms_keys_by_region({"eu-west-1": "alias/prod", "us-west-2": "", "ap-south-1": None}) == {"eu-west-1": "alias/prod"}
    assert kms_keys_by_region({}) == {}


@pytest.mark.parametrize("item", ["alias/prod", "=alias/prod", "eu-west-1="])
def test_kms_keys_by_region_refuses_an_item_that_is_not_region_equals_key_naming_the_variable(item):
    with pytest.raises(SurveyInputError, match=f"^replica_kms_keys: '{item}' is not region=key: write keys like 'eu-west-1=alias/prod'$"):
        kms_keys_by_region(f"us-west-2=alias/ok, {item}")


def test_kms_keys_by_region_refuses_a_region_given_two_keys_and_accepts_one_repeated():
    with pytest.raises(SurveyInputError, match="replica_kms_keys: eu-west-1 is given two keys, alias/a and alias/b: give one key per Region"):
        kms_keys_by_region("eu-west-1=alias/a eu-west-1=alias/b")
    assert kms_keys_by_region("eu-west-1=alias/a, eu-west-1=alias/a") == {"eu-west-1": "alias/a"}


def test_kms_keys_by_region_refuses_spaces_around_the_equals_sign():
    # Spaces separate items, so 'eu-west-1 = alias/prod' is three items, the first without a key.
    with pytest.raises(SurveyInputError, match="'eu-west-1' is not region=key"):
        kms_keys_by_region("eu-west-1 = alias/prod")


@pytest.mark.parametrize("value", [3, ["eu-west-1=alias/prod", 1]])
def test_kms_keys_by_region_refuses_other_types_with_the_name_it_was_given(value):
    with pytest.raises(SurveyInputError, match="^job.keys: "):
        kms_keys_by_region(value, "job.keys")
