# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the replicate role says: refusal, preview, report (matched by secret id), summary and failure message."""

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication import role_plan
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication import role_report

KEY = "alias/aws/secretsmanager"


def status(region, value="InSync"):
    return {"region": region, "status": value, "kms_key_id": KEY, "arn": f"arn:aws:secretsmanager:{region}:1:secret:x-AbCdEf"}


def plan(*secret_ids, replicas=("eu-west-1",), overwrite="never", read=None):
    entries = role_plan.plan_from_secrets([{"secret_id": secret_id} for secret_id in secret_ids], [{"region": r} for r in replicas], "us-east-1", overwrite)
    read = read if read is not None else [{"name": secret_id, "region": "us-east-1", "arn": f"arn:{secret_id}", "replication_status": []}
                                          for secret_id in secret_ids]
    return role_plan.with_compliance(entries, read)


def module_result(secret_id, failures=(), actions=(), statuses=(), changed=True):
    failures = [dict({"status_message": "m", "remedy": "fix", "retryable": False}, **failure) for failure in failures]
    return {"secret_id": secret_id, "changed": changed, "failed": bool(failures), "failures": failures, "actions": list(actions),
            "secret": {"arn": f"arn:{secret_id}", "replication_status": list(statuses)}}


def test_kms_problems_name_missing_and_disabled_keys_and_skip_regions_that_did_not_answer():
    secrets = [{"secret_id": "a", "replicas": [{"region": "eu-west-1", "kms_key_id": "alias/gone"}, {"region": "us-west-2", "kms_key_id": "alias/off"},
                                               {"region": "ap-south-1", "kms_key_id": "alias/down"}, {"region": "sa-east-1", "kms_key_id": "alias/denied"}]}]
    lookups = [
        {"item": {"region": "eu-west-1", "kms_key_id": "alias/gone"}, "kms_keys": []},
        {"item": {"region": "us-west-2", "kms_key_id": "alias/off"}, "kms_keys": [{"key_state": "Disabled", "enabled": False}]},
        {"item": {"region": "ap-south-1", "kms_key_id": "alias/down"}, "msg": "x", "response_metadata": {"http_status_code": 503}},
        {"item": {"region": "sa-east-1", "kms_key_id": "alias/denied"}, "msg": "AccessDeniedException"},
    ]
    problems = role_report.kms_problems(secrets, lookups)
    assert [(item["region"], item["about"]) for item in problems] == [("eu-west-1", "replica"), ("us-west-2", "replica"), ("sa-east-1", "replica")]
    assert "does not exist in 'eu-west-1'" in problems[0]["problem"]
    assert "is Disabled" in problems[1]["problem"]
    assert "could not check KMS key 'alias/denied'" in problems[2]["problem"] and "replicate_check_kms: false" in problems[2]["problem"]
    unanswered = [{"item": {"region": "eu-west-1", "kms_key_id": "alias/gone"}, "msg": 'Could not connect to the endpoint URL: "https://kms"'}]
    assert role_report.kms_problems(secrets, unanswered) == []
    skipped = [{"item": {"region": "eu-west-1", "kms_key_id": "alias/gone"}, "skipped": True, "false_condition": "replicate_check_kms | bool"}]
    assert role_report.kms_problems(secrets, skipped) == []


def test_preflight_refusal_lists_every_problem_with_its_secret_and_region():
    problems = [{"secret_id": "a", "region": "cn-north-1", "about": "replica", "problem": "p1"},
                {"secret_id": "b", "region": None, "about": "secret", "problem": "p2"}]
    assert role_report.preflight_refusal(problems) == (
        "Preflight refused 2 replica setting(s); nothing was changed:\n- secret 'a', replica Region 'cn-north-1': p1\n- secret 'b': p2"
    )
    assert role_report.preflight_refusal([]) is None


def test_change_preview_counts_the_planned_actions():
    secrets = role_plan.todo(plan("a", "b", replicas=("eu-west-1", "us-west-2")))
    assert role_report.change_preview(secrets) == "replicate: 2 secret(s) to change (4 to add)"


def test_a_compliant_secret_shows_its_read_and_no_actions():
    compliant = plan("a", read=[{"name": "a", "region": "us-east-1", "arn": "arn:a", "replication_status": [status("eu-west-1")]}])
    report = role_report.replication_report(compliant, [])
    assert report["secrets"][0] == {"secret_id": "a", "arn": "arn:a", "primary_region": "us-east-1", "changed": False, "actions": [],
                                    "overwritten_regions": [], "failures": [], "replicas": [dict(status("eu-west-1"))]}
    assert report["summary"] == {"secrets": 1, "changed": 0, "failed": 0, "replicas_in_sync": 1, "overwritten": 0}


def test_results_are_matched_by_secret_id_and_the_overwrite_pass_shows_what_it_replaced():
    secrets = plan("a", "b", overwrite="on_conflict")
    conflict = {"region": "eu-west-1", "reason": "name_conflict"}
    first = {"results": [module_result("b", statuses=[status("eu-west-1")], actions=[{"action": "add", "region": "eu-west-1", "overwrite": False}]),
                         module_result("a", failures=[conflict], changed=False)]}
    overwrite = {"results": [module_result("a", statuses=[status("eu-west-1")], actions=[{"action": "add", "region": "eu-west-1", "overwrite": True}])]}
    read_back = [{"name": name, "region": "us-east-1", "arn": f"arn:{name}", "replication_status": [status("eu-west-1")]} for name in ("a", "b")]
    report = role_report.replication_report(secrets, [first, overwrite, {"skipped": True}], read_back)
    a, b = report["secrets"]
    assert (a["secret_id"], a["changed"], a["overwritten_regions"], a["failures"]) == ("a", True, ["eu-west-1"], [])
    assert [action["overwrite"] for action in a["actions"]] == [True]
    assert (b["secret_id"], b["changed"], b["overwritten_regions"]) == ("b", True, [])
    assert report["summary"] == {"secrets": 2, "changed": 2, "failed": 0, "replicas_in_sync": 2, "overwritten": 1}


def test_a_name_conflict_the_policy_does_not_allow_says_how_to_allow_it_in_the_role():
    first = {"results": [module_result("a", failures=[{"region": "eu-west-1", "reason": "name_conflict"}], changed=False)]}
    (entry,) = role_report.replication_report(plan("a"), [first], [])["secrets"]
    (failure,) = entry["failures"]
    assert failure["reason"] == "name_conflict" and "set replicate_overwrite: on_conflict (or overwrite: true on this secret)" in failure["message"]


def test_the_read_back_adds_replicas_that_are_not_in_sync_and_check_mode_shows_the_prediction():
    first = {"results": [module_result("a", statuses=[status("eu-west-1")])]}
    read_back = [{"name": "a", "region": "us-east-1", "arn": "arn:a", "replication_status": [status("eu-west-1", "InProgress")]}]
    (entry,) = role_report.replication_report(plan("a"), [first], read_back)["secrets"]
    assert [(failure["region"], failure["reason"], failure["retryable"]) for failure in entry["failures"]] == [("eu-west-1", "not_in_sync", True)]
    assert entry["replicas"][0]["status"] == "InProgress"
    (predicted,) = role_report.replication_report(plan("a"), [first], None, check_mode=True)["secrets"]
    assert predicted["failures"] == [] and predicted["replicas"][0]["status"] == "InSync"
    pending = {"results": [module_result("a", statuses=[status("eu-west-1", "InProgress")])]}
    (unread,) = role_report.replication_report(plan("a"), [pending], [], read_failed=True)["secrets"]
    assert unread["failures"][0]["reason"] == "not_verified" and "could not read the secret back" in unread["failures"][0]["message"]


def test_a_secret_apply_confirmed_needs_no_read_back_and_one_it_did_not_is_read():
    secrets = plan("done", "pending", "failed", replicas=("eu-west-1", "us-west-2"))
    first = {"results": [
        module_result("done", statuses=[status("eu-west-1"), status("us-west-2")]),
        module_result("pending", statuses=[status("eu-west-1"), status("us-west-2", "InProgress")]),
        module_result("failed", failures=[{"region": "us-west-2", "reason": "kms_key_unusable"}], statuses=[status("eu-west-1")]),
    ]}
    assert [secret["secret_id"] for secret in role_plan.unconfirmed(secrets, first, {"skipped": True})] == ["pending", "failed"]
    assert [secret["secret_id"] for secret in role_plan.unconfirmed(secrets, {"results": [], "msg": "refused"})] == ["done", "pending", "failed"]
    read_back = [{"name": "pending", "region": "us-east-1", "arn": "arn:pending", "replication_status": [status("eu-west-1"), status("us-west-2")]}]
    done, pending, failed = role_report.replication_report(secrets, [first], read_back)["secrets"]
    assert (done["failures"], [replica["status"] for replica in done["replicas"]]) == ([], ["InSync", "InSync"])
    assert (pending["failures"], [replica["status"] for replica in pending["replicas"]]) == ([], ["InSync", "InSync"])
    assert [failure["reason"] for failure in failed["failures"]] == ["kms_key_unusable"]


def test_a_first_pass_that_failed_as_a_whole_fails_every_secret_with_its_message():
    (entry,) = role_report.replication_report(plan("a"), [{"results": [], "msg": "refused: bad"}])["secrets"]
    assert entry["failures"] == [{"region": None, "reason": "error", "message": "refused: bad", "retryable": False}]


def test_summary_lines_say_failed_not_ok_and_stay_short_for_large_runs():
    first = {"results": [module_result("a", failures=[{"region": "eu-west-1", "reason": "throttled", "retryable": True}], changed=False)]}
    report = role_report.replication_report(plan("a"), [first], None)
    assert role_report.summary_lines(report)[1] == "a: FAILED; replicas: none; failures: throttled"
    many = role_report.replication_report(plan(*[f"s{number}" for number in range(25)],
                                               read=[{"name": f"s{n}", "region": "us-east-1", "arn": "x", "replication_status": [status("eu-west-1")]}
                                                     for n in range(25)]), [])
    assert role_report.summary_lines(many) == [
        "replicate: 25 secret(s), 0 changed, 0 failed, 25 replica(s) InSync, 0 overwritten",
        "25 secret(s) unchanged, without failures (each is in replicate_report)",
    ]


def test_failure_message_lists_every_failure_or_is_none():
    first = {"results": [module_result("a", failures=[{"region": "eu-west-1", "reason": "kms_key_unusable"}])]}
    report = role_report.replication_report(plan("a", "b", read=[
        {"name": "a", "region": "us-east-1", "arn": "arn:a", "replication_status": []},
        {"name": "b", "region": "us-east-1", "arn": "arn:b", "replication_status": [status("eu-west-1")]},
    ]), [first])
    assert role_report.failure_message(report) == (
        "Replication failed for 1 of 2 secret(s); every secret was tried:\n- secret 'a', Region 'eu-west-1' (kms_key_unusable): m: fix"
    )
    assert role_report.failure_message(role_report.replication_report(plan("b", read=[]), [])) is None


def indexed(*registered):
    return [(result, role_plan.results_by_secret(result)) for result in registered]


def test_secret_report_takes_the_latest_failures_every_action_and_what_the_overwrite_pass_replaced():
    (secret,) = plan("a", replicas=("eu-west-1", "us-west-2"), overwrite="on_conflict")
    throttled = {"region": "us-west-2", "reason": "throttled", "retryable": True}
    first = {"results": [module_result("a", failures=[{"region": "eu-west-1", "reason": "name_conflict"}, throttled], changed=False)]}
    overwrite = {"results": [module_result("a", failures=[throttled], actions=[{"action": "add", "region": "eu-west-1", "overwrite": True},
                                                                               {"action": "add", "region": "us-west-2", "overwrite": True}])]}
    retry = {"results": [module_result("a", actions=[{"action": "add", "region": "us-west-2", "overwrite": False}],
                                       statuses=[status("eu-west-1"), status("us-west-2")])]}
    entry = role_report.secret_report(secret, indexed(first, overwrite, retry))
    assert (entry["changed"], entry["failures"], entry["overwritten_regions"]) == (True, [], ["eu-west-1"])
    assert [(action["region"], action["overwrite"]) for action in entry["actions"]] == [("eu-west-1", True), ("us-west-2", True), ("us-west-2", False)]
    assert [(replica["region"], replica["status"]) for replica in entry["replicas"]] == [("eu-west-1", "InSync"), ("us-west-2", "InSync")]
    # The read-back wins over the module's own answer, and adds what it does not show InSync.
    read_back = role_plan.index_entries([{"name": "a", "region": "us-east-1", "arn": "arn:a",
                                          "replication_status": [status("eu-west-1"), status("us-west-2", "InProgress")]}])
    verified = role_report.secret_report(secret, indexed(first, overwrite, retry), read_back)
    assert [(failure["region"], failure["reason"]) for failure in verified["failures"]] == [("us-west-2", "not_in_sync")]
    assert verified["replicas"][1]["status"] == "InProgress"


def test_a_secret_to_change_that_no_pass_answered_for_is_a_retryable_failure_never_done():
    first = {"results": [module_result("b", statuses=[status("eu-west-1")])]}
    answered, unanswered = role_report.replication_report(plan("b", "a"), [first])["secrets"]
    assert answered["failures"] == []
    assert unanswered["failures"] == [{"region": None, "reason": "unknown", "retryable": True,
                                       "message": "no secret_replica pass returned a result for this secret: run the role again"}]


def listed(*regions):
    return {"secret_id": "a", "primary_region": "us-east-1", "replicas": [{"region": region} for region in regions]}


def read_back(*statuses):
    return {"name": "a", "region": "us-east-1", "arn": "arn:a", "replication_status": list(statuses)}


def test_verify_finds_nothing_when_every_requested_replica_is_in_sync_and_ignores_others():
    entry = read_back(status("eu-west-1"), status("us-west-2"), status("ap-south-1", "Failed"))
    assert role_report.verify_failures(listed("us-west-2", "eu-west-1"), entry, read_failed=False) == []
    assert role_report.verify_failures(listed(), entry, read_failed=False) == []


def test_verify_names_each_requested_replica_that_is_missing_or_not_in_sync_in_request_order():
    entry = read_back(status("eu-west-1", "InProgress"), status("ap-south-1", "Failed"), status("sa-east-1"))
    failures = role_report.verify_failures(listed("us-west-2", "eu-west-1", "sa-east-1", "ap-south-1"), entry, read_failed=False)
    assert [(failure["region"], failure["reason"], failure["retryable"]) for failure in failures] == [
        ("us-west-2", "not_in_sync", True), ("eu-west-1", "not_in_sync", True), ("ap-south-1", "unknown", True)]
    assert failures[0]["message"] == "no replica in us-west-2 after apply: run the role again"
    assert failures[1]["message"] == "the replica in eu-west-1 is InProgress: wait and run the role again, or raise replicate_wait_timeout"


def test_verify_classifies_a_failed_replica_by_its_status_message_not_as_a_wait():
    key_disabled = dict(status("ap-south-1", "Failed"), status_message="The KMS key arn:aws:kms:ap-south-1:1:key/k is disabled.")
    conflict = dict(status("sa-east-1", "Failed"),
                    status_message="Replication failed: Secret a already exists in region sa-east-1.")
    failures = role_report.verify_failures(listed("ap-south-1", "sa-east-1"), read_back(key_disabled, conflict), read_failed=False)
    assert [(failure["region"], failure["reason"], failure["retryable"]) for failure in failures] == [
        ("ap-south-1", "kms_key_unusable", False), ("sa-east-1", "name_conflict", False)]
    assert all("wait" not in failure["message"] for failure in failures)
    assert role_report.ROLE_OVERWRITE_HINT in failures[1]["message"]


def test_verify_of_a_secret_without_replication_status_finds_every_requested_replica_missing():
    failures = role_report.verify_failures(listed("eu-west-1"), {"name": "a", "region": "us-east-1"}, read_failed=False)
    assert [(failure["region"], failure["reason"]) for failure in failures] == [("eu-west-1", "not_in_sync")]


def test_verify_without_a_read_entry_is_one_retryable_failure_saying_whether_the_read_failed_or_found_nothing():
    assert role_report.verify_failures(listed("eu-west-1"), None, read_failed=True) == [
        {"region": None, "reason": "not_verified", "message": "could not read the secret back: run the role again", "retryable": True}]
    assert role_report.verify_failures(listed("eu-west-1"), None, read_failed=False) == [
        {"region": None, "reason": "not_verified", "message": "the secret was not found in us-east-1", "retryable": True}]
    # A secret with nothing requested is still not verified when it cannot be read back.
    assert len(role_report.verify_failures(listed(), None, read_failed=False)) == 1


def test_a_failed_read_does_not_count_against_a_secret_that_was_read():
    assert role_report.verify_failures(listed("eu-west-1"), read_back(status("eu-west-1")), read_failed=True) == []
