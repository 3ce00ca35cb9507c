# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Input checks of secret_replica_info that must fail before any AWS call."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.modules import secret_replica_info
from ansible_collections.secretsmanager.replication.tests.unit.conftest import Failed
from ansible_collections.secretsmanager.replication.tests.unit.conftest import FakeModule

ARN_WEST = "arn:aws:secretsmanager:us-west-2:123456789012:secret:app/db-AbCdEf"
DEFAULTS = {"secret_id": None, "secret_ids": None, "filters": None, "replica_view": False, "max_workers": 8, "region": None, "regions": None,
            "version_dates": False}


def info_module(**params):
    """A module with secret_replica_info's options, the defaults overridden by `params`."""
    return FakeModule(dict(DEFAULTS, **params))


def test_arn_region_is_used_without_a_region_option():
    assert secret_replica_info.region_to_describe_in(info_module(secret_id=ARN_WEST)) == "us-west-2"


def test_arn_region_conflict_says_how_to_fix():
    with pytest.raises(Failed, match="ARN in us-west-2 but region is us-east-1: set region to us-west-2"):
        secret_replica_info.region_to_describe_in(info_module(region="us-east-1", secret_id=ARN_WEST))


def test_name_uses_the_region_option():
    assert secret_replica_info.region_to_describe_in(info_module(region="eu-west-1", secret_id="app/db")) == "eu-west-1"


def test_an_unknown_region_is_refused_by_name():
    with pytest.raises(Failed, match="'mars-west-1' is not a Secrets Manager Region known to botocore"):
        secret_replica_info.region_to_describe_in(info_module(region="mars-west-1", secret_id="app/db"))


def test_no_region_at_all_fails():
    with pytest.raises(Failed, match="region is not set"):
        secret_replica_info.region_to_describe_in(info_module(secret_id="app/db"))


@pytest.mark.parametrize(
    "params, message",
    [
        ({"max_workers": 0}, "max_workers must be 1 or more"),
        ({"filters": {"tags": "x"}}, "unknown key 'tags'"),
        ({"region": "us-east-1", "secret_id": ARN_WEST}, "set region to us-west-2"),
        ({"region": "mars-west-1"}, "'mars-west-1' is not a Secrets Manager Region"),
        ({"regions": ["us-east-1", "mars-west-1"]}, "regions: 'mars-west-1' is not a Secrets Manager Region"),
        ({"regions": ["us-east-1", "us-east-1"]}, "regions lists a Region more than once"),
        ({"regions": ["us-east-1"], "secret_ids": [ARN_WEST]}, "with regions, give secret names, not ARNs"),
    ],
)
def test_bad_input_fails_before_any_client(params, message):
    module = info_module(**params)
    with pytest.raises(Failed, match=message):
        secret_replica_info.report(module)
    assert module.clients_made == 0
