# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""test_summary.py: make test's closing counts, from JUnit XML and each suite's exit status."""

import xml.etree.ElementTree as ET

from test_summary import junit_counts, main, suite_result, summary_lines

PYTEST = '<testsuites><testsuite name="pytest" errors="1" failures="1" skipped="2" tests="10"/></testsuites>'
SANITY_PASSED = '<testsuites><testsuite name="ansible-test" tests="1" failures="0" errors="0" skipped="0"/></testsuites>'
SANITY_SKIPPED = '<testsuite name="ansible-test" tests="1" failures="0" errors="0" skipped="1"/>'


def test_counts_come_from_the_testsuite_counters():
    assert junit_counts(ET.fromstring(PYTEST)) == {"passed": 6, "failed": 2, "skipped": 2}
    assert junit_counts(ET.fromstring(SANITY_SKIPPED)) == {"passed": 0, "failed": 0, "skipped": 1}


def test_a_suite_sums_its_files():
    counts, note = suite_result([ET.fromstring(SANITY_PASSED), ET.fromstring(SANITY_PASSED), ET.fromstring(SANITY_SKIPPED)], 0)
    assert (counts, note) == ({"passed": 2, "failed": 0, "skipped": 1}, "")


def test_a_suite_that_failed_without_a_failed_test_counts_one_failure():
    counts, note = suite_result([ET.fromstring(SANITY_PASSED)], 2)
    assert counts["failed"] == 1 and note == "exit status 2, no failed test recorded: counted as one failure"
    counts, note = suite_result([], 0)
    assert counts["failed"] == 1 and note.startswith("no JUnit XML")
    counts, note = suite_result([ET.fromstring(SANITY_PASSED)], None)
    assert counts["failed"] == 1 and note.startswith("exit status unknown")


def test_recorded_failures_are_not_counted_twice():
    counts, note = suite_result([ET.fromstring(PYTEST)], 1)
    assert counts == {"passed": 6, "failed": 2, "skipped": 2} and note == "exit status 1"


def test_closing_line_totals_every_suite():
    lines, all_passed = summary_lines([
        ("units", {"passed": 300, "failed": 0, "skipped": 0}, ""),
        ("lint", {"passed": 152, "failed": 0, "skipped": 0}, ""),
    ])
    assert all_passed and lines[-1] == "452 passed, 0 failed, 0 skipped"
    assert "files linted" in lines[-2]


def test_closing_line_says_what_failed():
    lines, all_passed = summary_lines([
        ("units", {"passed": 300, "failed": 0, "skipped": 0}, ""),
        ("integration", {"passed": 5, "failed": 1, "skipped": 0}, "exit status 1"),
    ])
    assert not all_passed and lines[-1] == "305 passed, 1 failed, 0 skipped"
    assert "integration targets (exit status 1)" in lines[-2]


def test_main_reads_results_and_exit_statuses(tmp_path, capsys):
    (tmp_path / "units").mkdir()
    (tmp_path / "units" / "collection.xml").write_text(PYTEST.replace('errors="1" failures="1"', 'errors="0" failures="0"'), encoding="utf-8")
    (tmp_path / "units.exit").write_text("0\n", encoding="utf-8")
    (tmp_path / "sanity").mkdir()
    (tmp_path / "sanity" / "ansible-test-sanity-pep8.xml").write_text(SANITY_PASSED, encoding="utf-8")
    (tmp_path / "sanity.exit").write_text("0\n", encoding="utf-8")

    assert main([str(tmp_path), "units", "sanity"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "9 passed, 0 failed, 2 skipped"

    (tmp_path / "sanity.exit").write_text("1\n", encoding="utf-8")
    assert main([str(tmp_path), "units", "sanity", "packaging"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "9 passed, 2 failed, 2 skipped"
