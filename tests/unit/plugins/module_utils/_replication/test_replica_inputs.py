# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication import replica_inputs

ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"


def params(secret_id="db", replicas=(), state="present", wait_timeout=300):
    return {"secret_id": secret_id, "replicas": [dict(r) for r in replicas], "state": state, "wait_timeout": wait_timeout}


def test_name_with_region_is_fine():
    assert replica_inputs.input_problems(params(replicas=[{"region": "eu-west-1"}]), "us-east-1") == ("us-east-1", [])


def test_arn_gives_the_primary_region():
    assert replica_inputs.input_problems(params(ARN), None) == ("us-east-1", [])
    assert replica_inputs.input_problems(params(ARN), "us-east-1") == ("us-east-1", [])


def test_arn_with_conflicting_region_is_refused():
    region, problems = replica_inputs.input_problems(params(ARN), "eu-west-1")
    assert region == "us-east-1"
    assert len(problems) == 1 and "'eu-west-1' conflicts" in problems[0] and "set region to 'us-east-1'" in problems[0]


@pytest.mark.parametrize(
    "secret_id, expected",
    [
        ("", "secret_id is empty"),
        ("x" * 2049, "at most 2048"),
        ("arn:aws:secretsmanager:us-east-1:123456789012:db", "not a Secrets Manager secret ARN"),
        ("arn:aws:kms:us-east-1:123456789012:key/1", "not a Secrets Manager secret ARN"),
    ],
)
def test_bad_secret_ids(secret_id, expected):
    _region, problems = replica_inputs.input_problems(params(secret_id), "us-east-1")
    assert any(expected in problem for problem in problems)


def test_longest_allowed_secret_id_is_fine():
    assert replica_inputs.input_problems(params("x" * 2048), "us-east-1")[1] == []


def test_no_region_at_all_is_refused_except_for_promotion():
    assert "no Region given" in replica_inputs.input_problems(params(), None)[1][0]
    assert replica_inputs.input_problems(params(state="promoted", replicas=[{"region": "eu-west-1"}]), None) == (None, [])


def test_every_replica_problem_is_reported_at_once():
    replicas = [
        {"region": "mars-1"},
        {"region": "cn-north-1"},
        {"region": "us-east-1"},
        {"region": "eu-west-1"},
        {"region": "eu-west-1"},
        {"region": "us-west-2", "kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/1"},
        {"region": "ap-south-1", "kms_key_id": "arn:aws:s3:::bucket"},
        {"region": "sa-east-1", "kms_key_id": " "},
    ]
    _region, problems = replica_inputs.input_problems(params(replicas=replicas), "us-east-1")
    text = "\n".join(problems)
    assert len(problems) == 7, problems
    assert "'mars-1' is not a Secrets Manager Region" in text
    assert "'cn-north-1' is in partition 'aws-cn'" in text
    assert "'us-east-1' is the primary secret's own Region" in text
    assert "'eu-west-1' is listed 2 times" in text
    assert "for 'us-west-2' is a key in 'eu-west-1'" in text
    assert "for 'ap-south-1' is not a KMS key or alias ARN" in text
    assert "kms_key_id for 'sa-east-1' is empty" in text


@pytest.mark.parametrize(
    "kms_key_id",
    [
        "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-west-2:123456789012:alias/prod",
        "alias/prod",
        "1234abcd-12ab-34cd-56ef-1234567890ab",
    ],
)
def test_good_kms_keys(kms_key_id):
    replicas = [{"region": "us-west-2", "kms_key_id": kms_key_id}]
    assert replica_inputs.input_problems(params(replicas=replicas), "us-east-1")[1] == []


def test_kms_keys_are_not_checked_when_not_used():
    replicas = [{"region": "us-west-2", "kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/1"}]
    assert replica_inputs.input_problems(params(replicas=replicas, state="absent"), "us-east-1")[1] == []


def test_parse_kms_arn():
    assert replica_inputs.parse_kms_arn("arn:aws:kms:eu-west-1:123456789012:alias/x") == {
        "partition": "aws",
        "region": "eu-west-1",
        "account_id": "123456789012",
        "resource": "alias/x",
    }
    assert replica_inputs.parse_kms_arn("arn:aws:kms:eu-west-1:123456789012:key/") is None
    assert replica_inputs.parse_kms_arn("alias/x") is None
    assert replica_inputs.parse_kms_arn(None) is None


def test_negative_wait_timeout():
    assert "wait_timeout is -1" in replica_inputs.input_problems(params(wait_timeout=-1), "us-east-1")[1][0]


def test_promotion_ignores_the_region_option():
    # in a disaster the default Region is often the replica's own Region
    promote = params(state="promoted", replicas=[{"region": "eu-west-1"}])
    assert replica_inputs.input_problems(promote, "eu-west-1") == (None, [])
    promote_by_arn = params(ARN, state="promoted", replicas=[{"region": "eu-west-1"}])
    assert replica_inputs.input_problems(promote_by_arn, "eu-west-1") == ("us-east-1", [])
    # an ARN still tells where the primary is
    own_region = params(ARN, state="promoted", replicas=[{"region": "us-east-1"}])
    assert "primary secret's own Region" in replica_inputs.input_problems(own_region, None)[1][0]
