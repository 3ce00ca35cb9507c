# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""promote.yml's report, the lines it shows and its failure, from secret_replica's results (matched by secret id and Region)."""

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.promotion_report import failure_message
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.promotion_report import outcome_lines
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.promotion_report import promotion_report

IN_SYNC = {"status": "InSync", "status_message": "Replication succeeded"}


def result(secret_id, outcome, failures=(), replica_status=None):
    return {"secret_id": secret_id, "failures": list(failures),
            "promoted": [{"region": "eu-west-1", "arn": "a", "outcome": outcome, "promoted_from": "p", "promoted_at": "t", "replica_status": replica_status}]}


def failure(reason, message="m"):
    return {"region": "eu-west-1", "reason": reason, "status_message": message, "remedy": f"fix {reason}"}


RESULTS = [result("new", "promoted", replica_status=IN_SYNC), result("old", "already_promoted"),
           result("same-name", "unverified", [failure("unverified", "a standalone secret")]),
           result("denied", "promoted", [failure("access_denied", "not allowed")]),
           {"secret_id": "gone", "promoted": [], "failures": [failure("secret_not_found", "no such secret")]}]


def test_promotion_report_sorts_by_outcome_and_never_counts_unverified_as_success():
    report = promotion_report(RESULTS, "eu-west-1")
    assert {key: [line["secret_id"] for line in lines] for key, lines in report.items() if key != "region"} == {
        "promoted": ["new"], "already_promoted": ["old"], "unverified": ["same-name"], "failed": ["denied", "gone"]}
    assert report["failed"][1] == {"secret_id": "gone", "region": "eu-west-1", "reason": "secret_not_found", "message": "no such secret",
                                   "remedy": "fix secret_not_found"}


def test_the_lines_name_each_outcome_and_each_promoted_replicas_last_known_status():
    assert outcome_lines(promotion_report(RESULTS, "eu-west-1")) == [
        "promoted in eu-west-1: new",
        "already promoted: old",
        "unverified: same-name",
        "failed: denied, gone",
        "last known status: {'new': {'status': 'InSync', 'status_message': 'Replication succeeded'}}",
    ]
    assert outcome_lines(promotion_report([], "eu-west-1")) == [
        "promoted in eu-west-1: none", "already promoted: none", "unverified: none", "failed: none", "last known status: {}"]


def test_the_failure_lists_every_failed_secret_then_every_unverified_one():
    assert failure_message(promotion_report(RESULTS, "eu-west-1")) == (
        "Promotion incomplete in eu-west-1:\n"
        "- denied: access_denied: not allowed. fix access_denied\n"
        "- gone: secret_not_found: no such secret. fix secret_not_found\n"
        "- same-name: unverified: a standalone secret. fix unverified\n"
    )


@pytest.mark.parametrize("accept_unverified, expected", [(False, "- same-name: unverified"), (True, None)])
def test_unverified_secrets_fail_the_job_unless_accepted(accept_unverified, expected):
    message = failure_message(promotion_report(RESULTS[:3], "eu-west-1"), accept_unverified)
    assert message == expected if expected is None else expected in message


def test_nothing_fails_when_every_secret_is_promoted():
    assert failure_message(promotion_report(RESULTS[:2], "eu-west-1")) is None
