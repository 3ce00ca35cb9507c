# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""replicate_cross_account.yml's decisions on plain results: primaries, links, the report (matched by ARN, not position)."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.cross_account_job import failure_message
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.cross_account_job import job_inputs
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.cross_account_job import job_primaries
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.cross_account_job import job_report
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.cross_account_job import link_entries
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.cross_account_job import primaries_refusal
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.cross_account_job import receiving_arns
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.cross_account_job import replica_side_statuses


def primary_arn(name):
    return f"arn:aws:secretsmanager:us-east-1:123456789012:secret:{name}-AbCdEf"


def receiving_arn(name):
    return f"arn:aws:secretsmanager:us-east-1:210987654321:secret:{name}-RcVaBc"


def info_entry(name, **fields):
    return dict({"arn": primary_arn(name), "name": name, "is_replica": False, "primary_region": "us-east-1", "cross_account_primary": None}, **fields)


def created(name, arn=True, failed=False, create=True):
    result = {"item": {"secret_id": name, "arn": primary_arn(name), "name": name}, "failed": failed,
              "actions": [{"action": "create"}] if create else []}
    if failed:
        result["msg"] = f"{name} could not be created"
    else:
        result["secret"] = {"arn": receiving_arn(name) if arn else None}
    return result


def linked(name, status="InSync", failed=False):
    return {"secret_id": primary_arn(name), "failed": failed, "msg": "link failed" if failed else None,
            "actions": [{"action": "associate", "cross_account_replica_arn": receiving_arn(name)}],
            "secret": {"cross_account_replicas": [{"arn": receiving_arn(name), "status": status}]}}


def read_back(*names, status="InSync"):
    return {"secrets": [{"arn": receiving_arn(name), "cross_account_primary": {"arn": primary_arn(name), "status": status}} for name in names]}


def test_primaries_are_matched_by_name_or_arn_and_refused_with_reasons():
    info = {"secrets": [
        info_entry("a"),
        info_entry("rep", is_replica=True, primary_region="eu-west-1"),
        info_entry("recv", cross_account_primary={"arn": "arn:other"}),
    ]}
    result = job_primaries(["a", primary_arn("a"), "missing", "rep", "recv"], info, "us-east-1")
    assert result["primaries"] == [{"secret_id": "a", "arn": primary_arn("a"), "name": "a"}]
    assert result["problems"] == [
        "'missing' does not exist in us-east-1 in the primary account: check the name or give the primary's full ARN",
        "'rep' in us-east-1 is a replica of a primary in eu-west-1: replicate the primary, in eu-west-1",
        "'recv' in us-east-1 is itself a cross-account replica of arn:other: it cannot be a primary",
    ]


def test_links_only_for_receiving_secrets_that_exist():
    receiving = {"results": [created("a"), created("b", arn=False), created("c", failed=True), {"skipped": True}]}
    role = "arn:aws:iam::123456789012:role/r"
    link = {"arn": receiving_arn("a"), "restriction": "no_restriction", "replication_role_arn": role}
    assert link_entries(receiving, "no_restriction", role) == [{"secret_id": primary_arn("a"), "cross_account_replica": link}]
    assert link_entries(receiving, None)[0]["cross_account_replica"] == {"arn": receiving_arn("a"), "restriction": "same_org"}


def test_report_matches_every_step_by_arn_whatever_the_order():
    primaries = [{"secret_id": name, "arn": primary_arn(name), "name": name} for name in ("a", "b", "c")]
    receiving = {"results": [created("c", failed=True), created("b"), created("a", create=False)]}
    batch = {"results": [linked("b", status="Failed", failed=True), linked("a")]}
    report = job_report(primaries, receiving, batch, read_back("b", "a"))
    by_id = {line["secret_id"]: line for line in report["lines"]}
    assert [line["secret_id"] for line in report["lines"]] == ["a", "b", "c"]
    assert by_id["a"] == {"secret_id": "a", "primary_arn": primary_arn("a"), "replica_arn": receiving_arn("a"), "created": False,
                          "link_actions": ["associate"], "primary_side_status": "InSync", "replica_side_status": "InSync",
                          "failed": False, "message": None}
    assert by_id["b"]["failed"] and by_id["b"]["message"] == "link failed" and by_id["b"]["primary_side_status"] == "Failed"
    assert by_id["c"]["failed"] and by_id["c"]["message"] == "c could not be created" and by_id["c"]["replica_arn"] is None
    assert report["summary"] == {"secrets": 3, "created": 1, "linked": 2, "in_sync": 2, "failed": 2}


def test_report_fails_a_secret_the_replica_account_does_not_read_in_sync_unless_in_check_mode():
    primaries = [{"secret_id": "a", "arn": primary_arn("a"), "name": "a"}]
    receiving = {"results": [created("a")]}
    report = job_report(primaries, receiving, {"results": [linked("a")]}, read_back("a", status="InProgress"))
    assert report["lines"][0]["message"] == f"the replica account reads {receiving_arn('a')} as InProgress, not InSync"
    predicted = job_report(primaries, {"results": [created("a", arn=False)]}, {}, {}, check_mode=True)
    assert not predicted["lines"][0]["failed"] and predicted["summary"]["created"] == 1


def test_report_names_a_batch_refused_as_a_whole():
    primaries = [{"secret_id": "a", "arn": primary_arn("a"), "name": "a"}]
    report = job_report(primaries, {"results": [created("a")]}, {"failed": True, "msg": "secret_replica refused the input", "results": []}, {})
    assert report["lines"][0]["message"] == "secret_replica refused the input"


REFUSAL = ("Cross-account replication refused, nothing was called: set cross_account_secrets (given: {count}), cross_account_role_arn (the role "
           "to assume in the replica account), cross_account_kms_key_id (a customer managed key of the replica account) and, if set, "
           "cross_account_restriction to same_org or no_restriction (given: '{restriction}').")
COMPLETE = {"cross_account_secrets": "a\nb, a", "cross_account_role_arn": "arn:aws:iam::210987654321:role/r", "cross_account_kms_key_id": "alias/k"}


def test_complete_inputs_give_the_secrets_and_the_default_restriction():
    assert job_inputs(COMPLETE) == {"secrets": ["a", "b"], "restriction": "same_org", "refusal": None}
    assert job_inputs(dict(COMPLETE, cross_account_restriction="no_restriction"))["restriction"] == "no_restriction"


@pytest.mark.parametrize("job, count, restriction", [
    ({}, 0, ""),
    (dict(COMPLETE, cross_account_role_arn=""), 2, ""),
    (dict(COMPLETE, cross_account_kms_key_id=None), 2, ""),
    (dict(COMPLETE, cross_account_restriction="SameOrg"), 2, "SameOrg"),
])
def test_incomplete_inputs_are_refused_naming_what_was_given(job, count, restriction):
    assert job_inputs(job)["refusal"] == REFUSAL.format(count=count, restriction=restriction)


def test_a_secret_that_cannot_be_a_primary_refuses_the_job_with_every_reason():
    assert primaries_refusal({"primaries": [], "problems": ["'x' is wrong", "'y' is wrong"]}) == (
        "Cross-account replication refused, nothing was changed: 'x' is wrong; 'y' is wrong")
    assert primaries_refusal({"primaries": [{"secret_id": "a"}], "problems": []}) is None


def test_the_receiving_secrets_to_read_back_are_those_with_an_arn():
    receiving = {"results": [created("a"), created("b", arn=False), created("c", failed=True), {"skipped": True}]}
    assert receiving_arns(receiving) == [receiving_arn("a")]


def test_the_failure_names_every_secret_not_in_sync_and_the_statuses_are_the_replica_accounts():
    primaries = [{"secret_id": name, "arn": primary_arn(name), "name": name} for name in ("a", "b")]
    report = job_report(primaries, {"results": [created("a"), created("b", failed=True)]}, {"results": [linked("a")]}, read_back("a"))
    assert replica_side_statuses(report) == {"a": "InSync", "b": None}
    assert failure_message(report) == "Cross-account replication failed for 1 of 2 secret(s):\n- b: b could not be created\n"
    assert failure_message(job_report(primaries[:1], {"results": [created("a")]}, {"results": [linked("a")]}, read_back("a"))) is None
