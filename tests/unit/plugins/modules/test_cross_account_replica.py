# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""main() wiring of cross_account_replica: argument spec, botocore version, refusals, check mode, diff."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.modules import cross_account_replica
from ansible_collections.secretsmanager.replication.tests.unit.conftest import FakeAWS
from ansible_collections.secretsmanager.replication.tests.unit.conftest import run_module_main

PRIMARY_ARN = "arn:aws:secretsmanager:us-east-1:111122223333:secret:app/db-AbCdEf"


@pytest.fixture
def replica_account(no_backoff):  # pylint: disable=unused-argument
    aws = FakeAWS(names=())
    aws.add_key("us-east-1", "k1", alias="alias/receiving")
    return aws


@pytest.fixture
def run_main(replica_account, capsys):  # pylint: disable=redefined-outer-name
    def run(**args):
        return run_module_main(cross_account_replica, replica_account, capsys, args)

    return run


def test_the_module_needs_botocore_1_44_2(replica_account, run_main, botocore_version):
    # On the compatibility leg botocore really is older; elsewhere the check is shown an older one.
    botocore_version("1.44.1")
    result = run_main(primary_arn=PRIMARY_ARN, kms_key_id="alias/receiving")
    assert result["failed"] and "botocore>=1.44.2" in result["msg"] and "to manage cross-account replicas" in result["msg"]
    assert replica_account.calls == []


@pytest.mark.usefixtures("cross_account_botocore")
def test_create_with_diff_then_no_change(replica_account, run_main):
    result = run_main(primary_arn=PRIMARY_ARN, kms_key_id="alias/receiving", _ansible_diff=True)
    assert result["changed"] and result["secret"]["cross_account_primary"]["status"] == "Pending"
    assert result["diff"] == {"before": {}, "after": result["secret"]}
    again = run_main(primary_arn=PRIMARY_ARN, kms_key_id="alias/receiving")
    assert not again["changed"] and "diff" not in again
    # What the fake account holds: one CreateSecret over both runs, a secret waiting for its primary.
    assert [call[:2] for call in replica_account.mutating_calls()] == [("us-east-1", "CreateSecret")]
    (created,) = [secret for (region, dummy), secret in replica_account.secrets.items() if region == "us-east-1"]
    assert created["ARN"] == result["secret"]["arn"]


@pytest.mark.usefixtures("cross_account_botocore")
def test_check_mode_makes_no_mutating_call(replica_account, run_main):
    result = run_main(primary_arn=PRIMARY_ARN, kms_key_id="alias/receiving", _ansible_check_mode=True)
    assert result["changed"] and replica_account.mutating_calls() == []


@pytest.mark.usefixtures("cross_account_botocore")
def test_bad_input_is_refused_with_no_call(replica_account, run_main):
    result = run_main(primary_arn=PRIMARY_ARN, kms_key_id="alias/aws/secretsmanager", region="eu-west-1")
    assert result["failed"] and not result["changed"]
    assert result["msg"].startswith("cross_account_replica refused the input, nothing was changed: 2 problems")
    assert "AWS managed key" in result["msg"] and "conflicts with primary_arn" in result["msg"]
    assert "state is present but all of the following are missing: kms_key_id" in run_main(primary_arn=PRIMARY_ARN)["msg"]
    assert replica_account.calls == []


@pytest.mark.usefixtures("cross_account_botocore")
def test_a_refusal_after_the_describe_changes_nothing(replica_account, run_main):
    result = run_main(primary_arn=PRIMARY_ARN, state="promoted")
    assert result["failed"] and not result["changed"] and result["actions"] == []
    assert "refused, nothing was changed in us-east-1: nothing to promote" in result["msg"]
    assert replica_account.mutating_calls() == []
