# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The survey filters are thin adapters: each reaches survey.py through its registered name, and a refused input is an AnsibleFilterError."""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.filter import replicate_job_vars
from ansible_collections.secretsmanager.replication.plugins.filter import secret_filters
from ansible_collections.secretsmanager.replication.plugins.filter import survey_list


def registered(plugin):
    """The callable a playbook reaches by the plugin's name."""
    name = plugin.__name__.rsplit(".", 1)[-1]
    return plugin.FilterModule().filters()[name]


def test_survey_list_splits_a_survey_string_and_keys_each_item_when_asked():
    split = registered(survey_list)
    assert split("eu-west-1, us-west-2\nap-south-1 eu-west-1") == ["eu-west-1", "us-west-2", "ap-south-1"]
    assert split("app/db app/api", "secret_ids", key="secret_id") == [{"secret_id": "app/db"}, {"secret_id": "app/api"}]
    assert split(None, key="secret_id") == []


def test_survey_list_refuses_other_types_naming_the_variable():
    with pytest.raises(AnsibleFilterError, match="^replica_regions: expected a list or a comma-separated string, got int"):
        registered(survey_list)(42, "replica_regions")


def test_secret_filters_turns_a_survey_string_into_listsecrets_filters():
    parse = registered(secret_filters)
    assert parse("name=prod/, tag-key=dr\ntag-key=gold") == {"name": "prod/", "tag-key": ["dr", "gold"]}
    assert parse({"tag_key": "dr"}) == {"tag_key": "dr"}
    assert parse(None) == {}


@pytest.mark.parametrize("value, message", [
    ("tag-key", "^report_filters: 'tag-key' is not key=value"),
    ("colour=red", "^report_filters: filters: unknown key 'colour'"),
    (["tag-key=dr"], "^report_filters: expected a dict of ListSecrets filters"),
])
def test_secret_filters_refuses_bad_filters_naming_the_variable(value, message):
    with pytest.raises(AnsibleFilterError, match=message):
        registered(secret_filters)(value, "report_filters")


def test_replicate_job_vars_gives_the_role_its_variables_from_survey_strings():
    job = {"secret_ids": "app/db, app/api", "replica_regions": "eu-west-1 us-west-2", "replica_kms_keys": "eu-west-1=alias/prod",
           "purge_replicas": "true"}
    replicas = [{"region": "eu-west-1", "kms_key_id": "alias/prod"}, {"region": "us-west-2"}]
    assert registered(replicate_job_vars)(job) == {
        "replicate_secrets": [{"secret_id": "app/db", "replicas": replicas, "purge_replicas": True},
                              {"secret_id": "app/api", "replicas": replicas, "purge_replicas": True}],
        "replicate_selector": None,
        "replicate_default_replicas": [],
    }
    selector = registered(replicate_job_vars)({"secret_filters": "tag-key=dr", "replica_regions": "eu-west-1"})
    assert selector == {"replicate_secrets": None, "replicate_selector": {"tag-key": "dr"}, "replicate_default_replicas": [{"region": "eu-west-1"}]}


@pytest.mark.parametrize("job, message", [
    ("secret_ids=app/db", "expects a dict of the job's inputs"),
    ({"secret_ids": "app/db", "replicate_secrets": [{"secret_id": "app/api"}]}, "^give only one of secret_ids and replicate_secrets"),
    ({"replica_regions": "eu-west-1"}, "^no secrets to replicate"),
])
def test_replicate_job_vars_refuses_what_the_role_cannot_run(job, message):
    with pytest.raises(AnsibleFilterError, match=message):
        registered(replicate_job_vars)(job)
