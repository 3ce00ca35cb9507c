# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Malformed and hostile input to the replicate role and replicate.yml (docs/docsite/rst/bad-input.rst):
refused before any change, every violation in one message, no traceback."""

import pytest
from standin.operations import mutating_calls

from conftest import PRIMARY, run_playbook
from test_bad_input import HUGE, OTHER_ACCOUNT_KEY


ROLE_VIOLATIONS = [
    ({"secret_id": "bad/a", "replicas": [{"region": "us-gov-west-1"}]}, "us-gov-west-1"),
    ({"secret_id": "bad/b", "replicas": [{"region": "cn-north-1"}]}, "cn-north-1"),
    ({"secret_id": "bad/c", "replicas": [{"region": "EU-WEST-1"}]}, "EU-WEST-1"),
    ({"secret_id": "bad/d", "replicas": [{"region": "eu-west-1 "}]}, "'eu-west-1 '"),
    ({"secret_id": "bad/e", "replicas": [{"region": PRIMARY}]}, "own Region"),
    ({"secret_id": "bad/f", "replicas": [{"region": "eu-west-1", "kms_key_id": OTHER_ACCOUNT_KEY}]}, OTHER_ACCOUNT_KEY),
    ({"secret_id": "bad/g", "replicas": [{"region": "eu-west-1", "kms_key_id": "arn:aws:kms:us-west-2:123456789012:key/abc"}]},
     "secret 'bad/g', replica Region 'eu-west-1': kms_key_id 'arn:aws:kms:us-west-2:123456789012:key/abc' for 'eu-west-1' is a key in 'us-west-2'"),
    ({"secret_id": "bad/h", "replicas": [{"region": "me-south-1"}]}, "me-south-1"),
    ({"secret_id": "bad/i", "replicas": [{"region": "eu-west-1"}, {"region": "eu-west-1"}]},
     "secret 'bad/i', replica Region 'eu-west-1': 'eu-west-1' is listed more than once for this secret"),
    ({"secret_id": "bad/j", "replicas": HUGE},
     f"secret 'bad/j', replica Region '{HUGE[-1]['region']}': '{HUGE[-1]['region']}' is listed more than once for this secret"),
]

ROLE_TYPE_CASES = {
    "survey string for replicate_secrets": ({"replicate_secrets": "bad/a,bad/b"}, "replicate_secrets"),
    "survey string for a replica list": ({"replicate_secrets": [{"secret_id": "bad/a", "replicas": "eu-west-1"}]}, "replicas"),
    "survey string for an int": ({"replicate_secrets": [{"secret_id": "bad/a"}], "replicate_retries": "three"}, "replicate_retries"),
    "survey string for a bool": ({"replicate_secrets": [{"secret_id": "bad/a"}], "replicate_check_kms": "perhaps"}, "replicate_check_kms"),
    "unknown overwrite policy": ({"replicate_secrets": [{"secret_id": "bad/a"}], "replicate_overwrite": "always"}, "replicate_overwrite"),
    "secret without secret_id": ({"replicate_secrets": [{"replicas": [{"region": "eu-west-1"}]}]}, "secret_id"),
}


def test_role_lists_every_violation_before_any_change(standin, tmp_path):
    primary = standin.client("secretsmanager", PRIMARY)
    for secret, _expected in ROLE_VIOLATIONS:
        if not secret["secret_id"].startswith("arn:"):
            primary.create_secret(Name=secret["secret_id"], SecretString="bad-input-value")
    standin.clear_request_log()
    result = run_playbook(standin, tmp_path, "secretsmanager.replication.replicate",
                          extra_vars={"replicate_secrets": [secret for secret, _expected in ROLE_VIOLATIONS]})
    assert result.returncode == 2
    assert "Preflight refused" in result.output and "nothing was changed" in result.output, result.output[-4000:]
    for _secret, expected in ROLE_VIOLATIONS:
        assert expected in result.output, expected
    assert "Traceback" not in result.output
    assert not mutating_calls(standin.request_log())


@pytest.mark.parametrize("case", list(ROLE_TYPE_CASES))
def test_role_refuses_wrong_types_at_its_entry(standin, tmp_path, case):
    extra_vars, expected = ROLE_TYPE_CASES[case]
    result = run_playbook(standin, tmp_path, "secretsmanager.replication.replicate", extra_vars=extra_vars)
    assert result.returncode == 2
    assert expected in result.output
    assert "Traceback" not in result.output
    assert not standin.request_log(), "an AWS call was made before the input was validated"


def test_survey_strings_with_hostile_regions_are_refused(standin, tmp_path):
    standin.client("secretsmanager", PRIMARY).create_secret(Name="bad/survey", SecretString="bad-input-value")
    standin.clear_request_log()
    result = run_playbook(standin, tmp_path, "secretsmanager.replication.replicate",
                          extra_vars={"secret_ids": "bad/survey", "replica_regions": "EU-WEST-1,\nus-gov-west-1 cn-north-1"})
    assert result.returncode == 2
    for region in ("EU-WEST-1", "us-gov-west-1", "cn-north-1"):
        assert region in result.output
    assert "Traceback" not in result.output
    assert not mutating_calls(standin.request_log())
