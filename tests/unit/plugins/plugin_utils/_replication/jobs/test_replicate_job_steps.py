# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""replicate.yml's step: the job's inputs (AWX survey strings or extra vars) become the role's variables, or the refusal."""

import re

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.replicate_job import inputs


def test_survey_strings_become_the_roles_variables():
    replicas = [{"region": "eu-west-1", "kms_key_id": "alias/prod"}, {"region": "us-west-2"}]
    assert inputs(secret_ids="app/db, app/api", replica_regions="eu-west-1 us-west-2", replica_kms_keys="eu-west-1=alias/prod",
                  purge_replicas="true") == {
        "replicate_secrets": [{"secret_id": "app/db", "replicas": replicas, "purge_replicas": True},
                              {"secret_id": "app/api", "replicas": replicas, "purge_replicas": True}],
        "replicate_selector": None,
        "replicate_default_replicas": [],
        "refusal": None,
    }


def test_secret_filters_is_selector_mode():
    assert inputs(secret_filters="tag-key=dr", replica_regions="eu-west-1") == {
        "replicate_secrets": None, "replicate_selector": {"tag-key": "dr"}, "replicate_default_replicas": [{"region": "eu-west-1"}], "refusal": None}


@pytest.mark.parametrize("job, message", [
    ({"secret_ids": "app/db", "replicate_secrets": [{"secret_id": "app/api"}]}, "^give only one of secret_ids and replicate_secrets$"),
    ({"replica_regions": "eu-west-1"}, "^no secrets to replicate"),
    ({"secret_ids": 42}, "^secret_ids: expected a list or a comma-separated string, got int$"),
    ({"secret_ids": "app/db", "purge_replicas": "true"}, "^purge_replicas with no replica_regions would remove every replica of app/db"),
])
def test_what_the_role_cannot_run_is_refused_with_the_reason_and_no_variables(job, message):
    result = inputs(**job)
    assert (result["replicate_secrets"], result["replicate_selector"], result["replicate_default_replicas"]) == (None, None, None)
    assert re.search(message, result["refusal"] or ""), result["refusal"]
