# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""`make test`'s closing summary, counted from the JUnit XML every suite writes.

    test_summary.py RESULTS_DIR SUITE...

Each suite leaves RESULTS_DIR/<suite>/*.xml and `make test` RESULTS_DIR/<suite>.exit (its exit status).
Prints passed, failed and skipped per suite and a closing "N passed, F failed, S skipped" line, and exits 1
when anything failed. A suite that failed with no failed test recorded (it broke before its tests ran or
finished, or wrote no JUnit XML) counts as one failure, so the closing line never reports no failures then.
"""

import glob
import os
import sys
import xml.etree.ElementTree as ET

# What one test is in each suite (pytest suites: a test).
UNITS = {"lint": "files linted", "sanity": "sanity tests", "integration": "integration targets", "changelog-lint": "changelog files"}


def junit_counts(root):
    """{"passed", "failed", "skipped"} of a JUnit document, from its testsuite elements' counters."""
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    total = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for suite in suites:
        for key in total:
            total[key] += int(suite.get(key, 0))
    failed = total["failures"] + total["errors"]
    return {"passed": total["tests"] - failed - total["skipped"], "failed": failed, "skipped": total["skipped"]}


def suite_result(documents, exit_status):
    """(counts, note) of one suite from its parsed JUnit documents and its exit status (None: unknown).

    A suite that did not exit 0, or left no JUnit XML, and recorded no failed test counts one failure.
    """
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for root in documents:
        for key, value in junit_counts(root).items():
            counts[key] += value
    problems = [] if documents else ["no JUnit XML"]
    if exit_status != 0:
        problems.append("exit status unknown" if exit_status is None else f"exit status {exit_status}")
    if problems and not counts["failed"]:
        counts["failed"] = 1
        problems.append("no failed test recorded: counted as one failure")
    return counts, ", ".join(problems)


def summary_lines(results):
    """The printed lines for [(suite, counts, note)], and whether everything passed."""
    lines = ["", "== make test summary (from JUnit XML)", f"  {'suite':<16}{'passed':>8}{'failed':>8}{'skipped':>9}  counted"]
    totals = {"passed": 0, "failed": 0, "skipped": 0}
    for suite, counts, note in results:
        for key in totals:
            totals[key] += counts[key]
        counted = UNITS.get(suite, "tests") + (f" ({note})" if note else "")
        lines.append(f"  {suite:<16}{counts['passed']:>8}{counts['failed']:>8}{counts['skipped']:>9}  {counted}")
    lines.append(f"{totals['passed']} passed, {totals['failed']} failed, {totals['skipped']} skipped")
    return lines, totals["failed"] == 0


def read_suite(results_dir, suite):
    documents = [ET.parse(path).getroot() for path in sorted(glob.glob(os.path.join(results_dir, suite, "**", "*.xml"), recursive=True))]
    try:
        with open(os.path.join(results_dir, f"{suite}.exit"), encoding="utf-8") as handle:
            exit_status = int(handle.read().strip())
    except (OSError, ValueError):
        exit_status = None
    return suite_result(documents, exit_status)


def main(argv):
    results_dir, suites = argv[0], argv[1:]
    lines, all_passed = summary_lines([(suite, *read_suite(results_dir, suite)) for suite in suites])
    print("\n".join(lines))
    return 0 if all_passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
