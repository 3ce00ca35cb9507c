# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""JUnit XML for the suites whose tools do not write it themselves (pytest and ansible-test sanity do).

    write_junit.py ansible-lint SARIF_FILE OUTPUT_LOG JUNIT      one test per file linted; a file with errors fails
    write_junit.py changelog-lint FRAGMENTS_DIR CHANGELOG_YAML OUTPUT_LOG EXIT_STATUS JUNIT
                                                      one test per changelog fragment, and one for changelog.yaml
    write_junit.py integration TESTS_OUTPUT_DIR TARGETS_DIR JUNIT   one test per integration target that ran

Integration: the junit callback that ansible-test enables records tasks, and a failed task that a `rescue`
handles still shows as a failure there, so a target's verdict comes from ansible-test's own record instead
(tests/output/data/integration-*.json lists the targets that passed); a target ran when its playbook's
callback file (tests/output/junit/<target>-<8 random characters>-<time>.xml) exists.
"""

import glob
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

# ansible-lint's closing line, e.g. "Passed: 0 failure(s), 0 warning(s) in 152 files processed of 192 encountered."
LINT_SUMMARY = re.compile(r"(?P<failures>\d+) failure\(s\), \d+ warning\(s\).* in (?P<files>\d+) files processed")
# "path:line:column: message", as antsibull-changelog lint reports a problem.
CHANGELOG_PROBLEM = re.compile(r"^(?P<path>[^:\s]+):\d+:\d+: (?P<message>.*)$", re.MULTILINE)
# A target's playbook, as ansible-test names it (tempfile's 8 random characters), as the junit callback names its file.
TARGET_PLAYBOOK_RESULT = re.compile(r"^(?P<target>.+)-[a-z0-9_]{8}-\d+(?:\.\d+)?\.xml$")


def testcase(name, failure=None, error=None):
    """{"name", "failure", "error"}: a test, failed when `failure` (or broken when `error`) is a message."""
    return {"name": name, "failure": failure, "error": error}


def junit_document(suite_name, cases, tests=None):
    """A JUnit XML document with one testsuite; `tests` counts tests beyond the cases listed (passing files not named)."""
    failures = sum(1 for case in cases if case["failure"])
    errors = sum(1 for case in cases if case["error"])
    suites = ET.Element("testsuites")
    suite = ET.SubElement(suites, "testsuite", name=suite_name, tests=str(len(cases) if tests is None else tests),
                          failures=str(failures), errors=str(errors), skipped="0")
    for case in cases:
        element = ET.SubElement(suite, "testcase", classname=suite_name, name=case["name"])
        for kind in ("failure", "error"):
            if case[kind]:
                ET.SubElement(element, kind, message=case[kind].splitlines()[0][:200]).text = case[kind]
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def ansible_lint_cases(sarif, output):
    """(cases, files processed): a failed case per file with error-level results; passing files are only counted."""
    summary = LINT_SUMMARY.search(output)
    if not summary:
        return [testcase("ansible-lint", error="ansible-lint did not finish (no summary line in its output)")], 1
    problems = {}
    for run in (sarif or {}).get("runs", []):
        for result in run.get("results", []):
            if result.get("level", "warning") != "error":
                continue
            location = result["locations"][0]["physicalLocation"]
            path = location["artifactLocation"]["uri"]
            line = location.get("region", {}).get("startLine", 0)
            problems.setdefault(path, []).append(f"{path}:{line}: {result['ruleId']}: {result['message']['text']}")
    if int(summary["failures"]) and not problems:
        problems["ansible-lint"] = [f"{summary['failures']} failure(s) reported, none in the SARIF file: see the output"]
    cases = [testcase(path, failure="\n".join(lines)) for path, lines in sorted(problems.items())]
    return cases, max(int(summary["files"]), len(cases))


def changelog_lint_cases(fragments, output, exit_status):
    """A case per file linted (fragments, changelog.yaml), failed with the problems antsibull-changelog reported for it."""
    problems = {}
    for match in CHANGELOG_PROBLEM.finditer(output):
        problems.setdefault(match["path"], []).append(match["message"])
    cases = [testcase(path, failure="\n".join(problems.pop(path, [])) or None) for path in sorted(fragments)]
    cases += [testcase(path, failure="\n".join(messages)) for path, messages in sorted(problems.items())]
    if exit_status and not any(case["failure"] for case in cases):
        cases.append(testcase("antsibull-changelog lint", error=f"exited {exit_status} without naming a problem: see the output"))
    return cases


def integration_cases(callback_results, passed_targets, known_targets):
    """A case per target that ran; `callback_results` maps a callback file name to its parsed XML root."""
    ran = {}
    for name, root in sorted(callback_results.items()):
        match = TARGET_PLAYBOOK_RESULT.match(name)
        if match and match["target"] in known_targets:
            ran[match["target"]] = root
    cases = []
    for target, root in sorted(ran.items()):
        if target in passed_targets:
            cases.append(testcase(target))
            continue
        failed_tasks = [(case.get("name"), problem.get("message")) for case in root.iter("testcase") for problem in case if problem.tag in ("failure", "error")]
        detail = "; last failed task: {0}: {1}".format(*failed_tasks[-1]) if failed_tasks else ""
        cases.append(testcase(target, failure=f"ansible-test reports target {target} failed{detail}"))
    return cases


def _read(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


def _write(path, document):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(document)


def main(argv):
    kind = argv[0]
    if kind == "ansible-lint":
        sarif_path, output_path, junit_path = argv[1:]
        sarif = json.loads(_read(sarif_path)) if os.path.exists(sarif_path) else None
        cases, files = ansible_lint_cases(sarif, _read(output_path))
        _write(junit_path, junit_document("ansible-lint", cases, tests=files))
    elif kind == "changelog-lint":
        fragments_dir, changelog_yaml, output_path, exit_status, junit_path = argv[1:]
        fragments = [os.path.relpath(path) for path in glob.glob(os.path.join(fragments_dir, "*.yml"))] + [os.path.relpath(changelog_yaml)]
        _write(junit_path, junit_document("antsibull-changelog lint", changelog_lint_cases(fragments, _read(output_path), int(exit_status))))
    elif kind == "integration":
        output_dir, targets_dir, junit_path = argv[1:]
        passed = set()
        for path in glob.glob(os.path.join(output_dir, "data", "integration-*.json")):
            passed |= set(json.loads(_read(path))["targets"])
        callback_results = {os.path.basename(path): ET.parse(path).getroot() for path in glob.glob(os.path.join(output_dir, "junit", "*.xml"))}
        known = {name for name in os.listdir(targets_dir) if os.path.isdir(os.path.join(targets_dir, name))}
        cases = integration_cases(callback_results, passed, known)
        if not cases:
            cases = [testcase("ansible-test integration", error="no integration target ran: see the output")]
        _write(junit_path, junit_document("ansible-test integration", cases))
    else:
        raise SystemExit(f"unknown kind {kind!r}: ansible-lint, changelog-lint or integration")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
