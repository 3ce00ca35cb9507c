# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Input checks of secret_replica_info that must fail before any AWS call (the rules: rules/inputs.info_input_problems)."""

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


@pytest.mark.parametrize(
    "params, message",
    [
        ({"max_workers": 0}, "max_workers is 0: give 1 or more"),
        ({"filters": {"tags": "x"}}, "unknown key 'tags'"),
        ({"region": "us-east-1", "secret_id": ARN_WEST}, "ARN in us-west-2 but region is us-east-1: set region to us-west-2"),
        ({"region": "mars-west-1"}, "'mars-west-1' is not a Secrets Manager Region"),
        ({"secret_id": "app/db"}, "region is not set"),
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


def test_every_problem_is_refused_in_one_message_before_any_client():
    module = info_module(region="us-east-1", secret_id=ARN_WEST, max_workers=0, filters={"tags": "x", "name": ""})
    with pytest.raises(Failed) as failed:
        secret_replica_info.report(module)
    message = str(failed.value)
    assert message.startswith("secret_replica_info refused the input before any AWS call: 4 problems: (1) max_workers is 0")
    for expected in ("unknown key 'tags'", "'name' needs a non-empty string", "set region to us-west-2"):
        assert expected in message, message
    assert module.clients_made == 0
