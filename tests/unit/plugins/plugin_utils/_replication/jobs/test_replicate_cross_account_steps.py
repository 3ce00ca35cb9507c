# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""replicate_cross_account.yml's steps on registered results: each checks what the playbook hands it, then composes cross_account_job."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import InputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.replicate_cross_account import inputs
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.replicate_cross_account import links
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.replicate_cross_account import primaries
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.jobs.replicate_cross_account import report

PRIMARY = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf"
RECEIVING = "arn:aws:secretsmanager:us-east-1:210987654321:secret:app/db-RcVaBc"
RECEIVED = {"results": [{"item": {"secret_id": "app/db", "arn": PRIMARY, "name": "app/db"}, "failed": False, "actions": [{"action": "create"}],
                         "secret": {"arn": RECEIVING}}]}


def test_the_inputs_name_the_secrets_and_refuse_an_incomplete_job():
    assert inputs(cross_account_secrets="app/db", cross_account_role_arn="arn:aws:iam::210987654321:role/r", cross_account_kms_key_id="alias/k") == {
        "secrets": ["app/db"], "restriction": "same_org", "refusal": None}
    assert inputs(cross_account_secrets="app/db")["refusal"].startswith("Cross-account replication refused, nothing was called")


def test_the_primaries_are_matched_in_the_reads_region_and_a_replica_refuses_the_job():
    read = {"region": "us-east-1", "secrets": [{"arn": PRIMARY, "name": "app/db", "is_replica": True, "primary_region": "eu-west-1"}]}
    found = primaries(["app/db"], read)
    assert found["primaries"] == [] and found["refusal"] == (
        "Cross-account replication refused, nothing was changed: 'app/db' in us-east-1 is a replica of a primary in eu-west-1: "
        "replicate the primary, in eu-west-1")
    read["secrets"][0].update(is_replica=False, primary_region="us-east-1")
    assert primaries([PRIMARY], read) == {"primaries": [{"secret_id": PRIMARY, "arn": PRIMARY, "name": "app/db"}], "problems": [], "refusal": None}


def test_the_links_and_what_to_read_back_come_from_the_receiving_loop():
    role = "arn:aws:iam::123456789012:role/replicator"
    assert links(RECEIVED, "no_restriction", role) == {
        "entries": [{"secret_id": PRIMARY, "cross_account_replica": {"arn": RECEIVING, "restriction": "no_restriction", "replication_role_arn": role}}],
        "receiving_arns": [RECEIVING]}


def test_the_report_reads_a_skipped_link_as_none_and_shows_the_replica_accounts_status():
    primary = [{"secret_id": "app/db", "arn": PRIMARY, "name": "app/db"}]
    outcome = report(primary, RECEIVED, {"skipped": True}, {"secrets": [{"arn": RECEIVING, "cross_account_primary": {"arn": PRIMARY, "status": "InSync"}}]})
    assert outcome["statuses"] == {"app/db": "InSync"} and outcome["failure"] is None
    assert outcome["report"]["summary"] == {"secrets": 1, "created": 1, "linked": 0, "in_sync": 1, "failed": 0}
    predicted = report(primary, RECEIVED, None, {}, check_mode=True)
    assert predicted["failure"] is None and predicted["report"]["lines"][0]["replica_side_status"] is None


@pytest.mark.parametrize("call, message", [
    (lambda: primaries(["a"], {"msg": "failed"}), "^replicate_cross_account.primaries expects the registered result of secret_replica_info"),
    (lambda: links([], "same_org"), "^replicate_cross_account.links expects the registered loop of cross_account_replica"),
    (lambda: report("a", RECEIVED), "^replicate_cross_account.report expects the primaries of the primaries step, got str"),
])
def test_what_the_playbook_hands_a_step_is_checked(call, message):
    with pytest.raises(InputError, match=message):
        call()
