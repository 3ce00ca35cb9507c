# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one parser of secret ARNs: arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 characters>."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.shaping import parse_secret_arn
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.shaping import secret_name_of_arn


@pytest.mark.parametrize("arn, parts", [
    ("arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf",
     {"partition": "aws", "region": "us-east-1", "account_id": "123456789012", "resource": "secret:app/db-AbCdEf"}),
    ("arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db-AbCdEf",
     {"partition": "aws-us-gov", "region": "us-gov-west-1", "account_id": "123456789012", "resource": "secret:db-AbCdEf"}),
])
def test_a_secret_arn_gives_its_partition_region_account_and_resource(arn, parts):
    assert parse_secret_arn(arn) == parts


@pytest.mark.parametrize("value", [
    None, 42, "app/db", "",
    "arn:aws:kms:us-east-1:123456789012:key/1234",  # another service
    "arn:aws:secretsmanager:us-east-1:123456789012:rotation:db",  # not a secret
    "arn:aws:secretsmanager::123456789012:secret:db-AbCdEf",  # no Region
    "arn:aws:secretsmanager:us-east-1::secret:db-AbCdEf",  # no account
    "arn::secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",  # no partition
    "arn:aws:secretsmanager:us-east-1:123456789012:secret:",  # no name
    "urn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf",
    "arn:aws:secretsmanager:us-east-1:123456789012",
])
def test_anything_else_is_not_a_secret_arn(value):
    assert parse_secret_arn(value) is None


@pytest.mark.parametrize("arn, name", [
    ("arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf", "app/db"),
    ("arn:aws:secretsmanager:us-east-1:123456789012:secret:my-db-2-AbCdEf", "my-db-2"),  # only the last 7 characters are AWS's
    ("arn:aws:secretsmanager:us-east-1:123456789012:secret:AbCdEf", None),  # too short to hold a name and the suffix
    ("arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db/password", None),  # a partial ARN: no suffix to cut
    ("app/db", None),
])
def test_the_name_is_the_arn_resource_less_the_suffix_aws_appends(arn, name):
    assert secret_name_of_arn(arn) == name
