# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""write_junit.py: JUnit XML for ansible-lint, antsibull-changelog lint and ansible-test integration."""

import json
import xml.etree.ElementTree as ET

from test_summary import junit_counts
from write_junit import ansible_lint_cases, changelog_lint_cases, integration_cases, junit_document, main

LINT_PASSED = "Passed: 0 failure(s), 0 warning(s) in 152 files processed of 192 encountered. Profile 'production' was required, and it passed.\n"
LINT_FAILED = "Failed: 2 failure(s), 1 warning(s) in 152 files processed of 192 encountered. Profile 'production' was required.\n"


def sarif_result(path, line, level, rule="name[casing]"):
    return {"ruleId": rule, "level": level, "message": {"text": "All names should start with an uppercase letter."},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": path}, "region": {"startLine": line}}}]}


def counts(document):
    return junit_counts(ET.fromstring(document))


def test_lint_counts_every_file_processed_as_a_test():
    cases, files = ansible_lint_cases({"runs": [{"results": []}]}, LINT_PASSED)
    assert (cases, files) == ([], 152)
    assert counts(junit_document("ansible-lint", cases, tests=files)) == {"passed": 152, "failed": 0, "skipped": 0}


def test_lint_fails_each_file_with_an_error_and_ignores_warnings():
    sarif = {"runs": [{"results": [
        sarif_result("roles/replicate/tasks/apply.yml", 3, "error"),
        sarif_result("roles/replicate/tasks/apply.yml", 9, "error", "yaml[truthy]"),
        sarif_result("playbooks/report.yml", 1, "warning"),
    ]}]}
    cases, files = ansible_lint_cases(sarif, LINT_FAILED)
    assert [case["name"] for case in cases] == ["roles/replicate/tasks/apply.yml"]
    assert cases[0]["failure"].splitlines() == [
        "roles/replicate/tasks/apply.yml:3: name[casing]: All names should start with an uppercase letter.",
        "roles/replicate/tasks/apply.yml:9: yaml[truthy]: All names should start with an uppercase letter.",
    ]
    assert counts(junit_document("ansible-lint", cases, tests=files)) == {"passed": 151, "failed": 1, "skipped": 0}


def test_lint_failures_missing_from_the_sarif_file_still_fail():
    cases, dummy = ansible_lint_cases(None, LINT_FAILED)
    assert cases[0]["failure"].startswith("2 failure(s) reported")


def test_lint_that_did_not_finish_is_an_error():
    cases, files = ansible_lint_cases(None, "Traceback (most recent call last):\n")
    assert counts(junit_document("ansible-lint", cases, tests=files)) == {"passed": 0, "failed": 1, "skipped": 0}
    assert "did not finish" in cases[0]["error"]


def test_changelog_lint_fails_the_fragment_named():
    fragments = ["changelogs/fragments/a.yml", "changelogs/fragments/b.yml"]
    output = "WARNING: PATH altered\nchangelogs/fragments/b.yml:0:0: invalid section: bogus_section\n"
    cases = changelog_lint_cases(fragments, output, 3)
    assert [(case["name"], case["failure"]) for case in cases] == [
        ("changelogs/fragments/a.yml", None), ("changelogs/fragments/b.yml", "invalid section: bogus_section")]


def test_changelog_lint_failing_without_a_problem_line_is_an_error():
    cases = changelog_lint_cases(["changelogs/fragments/a.yml"], "Traceback ...\n", 1)
    assert counts(junit_document("antsibull-changelog lint", cases)) == {"passed": 1, "failed": 1, "skipped": 0}


def test_changelog_lint_main_counts_the_released_changelog_and_fails_it_when_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "changelogs" / "fragments").mkdir(parents=True)
    (tmp_path / "changelogs" / "fragments" / "a.yml").write_text("trivial:\n  - a\n", encoding="utf-8")
    output = tmp_path / "output.log"
    output.write_text("changelogs/changelog.yaml:0:0: 'releases' -> '1.0.0' -> 'release_date' is expected to be <class 'str'>\n",
                      encoding="utf-8")
    junit = tmp_path / "fragments.xml"

    main(["changelog-lint", "changelogs/fragments", "changelogs/changelog.yaml", str(output), "3", str(junit)])

    failed = [case.get("name") for case in ET.parse(junit).getroot().iter("testcase") if case.find("failure") is not None]
    assert failed == ["changelogs/changelog.yaml"]
    assert junit_counts(ET.parse(junit).getroot()) == {"passed": 1, "failed": 1, "skipped": 0}


def callback_xml(*failed_tasks):
    cases = "".join(f'<testcase name="{name}"><error message="{message}"/></testcase>' for name, message in failed_tasks)
    return ET.fromstring(f'<testsuites><testsuite name="t"><testcase name="ok task"/>{cases}</testsuite></testsuites>')


def test_integration_verdicts_come_from_ansible_test_not_from_rescued_tasks():
    results = {
        "role_replicate-gqubo_sm-1796136520.8943048.xml": callback_xml(("Refuse the plan", "rescued, expected")),
        "secret_replica-6g6jzx2a-1796136550.70637.xml": callback_xml(("Expected", "handled"), ("Assert the plan", "Assertion failed")),
        "promote-1796136476.3392322.xml": callback_xml(("nested playbook run by a target", "refused")),
    }
    cases = integration_cases(results, passed_targets={"role_replicate"}, known_targets={"role_replicate", "secret_replica", "playbooks"})
    assert [case["name"] for case in cases] == ["role_replicate", "secret_replica"]
    assert cases[0]["failure"] is None
    assert cases[1]["failure"] == "ansible-test reports target secret_replica failed; last failed task: Assert the plan: Assertion failed"


def test_integration_main_writes_one_test_per_target(tmp_path):
    output, targets = tmp_path / "output", tmp_path / "targets"
    for name in ("role_fleet", "playbooks", "setup_standin"):
        (targets / name).mkdir(parents=True)
    (output / "junit").mkdir(parents=True)
    (output / "data").mkdir()
    for name in ("role_fleet-88on31kx-1.5.xml", "playbooks-zkbxgwv7-2.5.xml"):
        (output / "junit" / name).write_text(ET.tostring(callback_xml(), encoding="unicode"), encoding="utf-8")
    (output / "data" / "integration-2025-12-01-14-47-00.json").write_text(json.dumps({"targets": {"role_fleet": {}}}), encoding="utf-8")
    junit = tmp_path / "targets.xml"

    assert main(["integration", str(output), str(targets), str(junit)]) == 0

    assert junit_counts(ET.parse(junit).getroot()) == {"passed": 1, "failed": 1, "skipped": 0}


def test_integration_with_nothing_run_is_an_error(tmp_path):
    (tmp_path / "targets").mkdir()
    main(["integration", str(tmp_path / "output"), str(tmp_path / "targets"), str(tmp_path / "targets.xml")])
    assert junit_counts(ET.parse(tmp_path / "targets.xml").getroot()) == {"passed": 0, "failed": 1, "skipped": 0}
