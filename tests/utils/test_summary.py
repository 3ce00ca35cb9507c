# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Print what `make test` ran, counted from each suite's log in .tmp/test-logs/.

`make test` only gets here when every suite passed, so every counted item passed.
The last line is the plain "N passed, 0 failed" that CI reads.
"""

import glob
import os
import re
import sys

COUNTERS = (
    # (what is counted, pattern whose matches are summed or counted)
    ("pytest tests", re.compile(r"\b(\d+) passed(?:,| in )"), "sum"),
    ("sanity tests", re.compile(r'^Running sanity test "[^"]+"', re.MULTILINE), "count"),
    ("integration targets", re.compile(r"^Running \S+ integration test role", re.MULTILINE), "count"),
    ("files linted", re.compile(r"in (\d+) files processed", re.MULTILINE), "sum"),
)


def count(text):
    found = {}
    for label, pattern, how in COUNTERS:
        matches = pattern.findall(text)
        if matches:
            found[label] = sum(int(m) for m in matches) if how == "sum" else len(matches)
    return found


def main(log_dir):
    total = 0
    print("\n== make test summary")
    for path in sorted(glob.glob(os.path.join(log_dir, "*.log"))):
        with open(path, encoding="utf-8", errors="replace") as log:
            found = count(log.read())
        suite = os.path.splitext(os.path.basename(path))[0]
        described = ", ".join(f"{number} {label}" for label, number in found.items()) or "ran"
        print(f"  {suite:<16} {described}")
        total += sum(number for label, number in found.items() if label != "files linted")
    print(f"{total} passed, 0 failed")


if __name__ == "__main__":
    main(sys.argv[1])
