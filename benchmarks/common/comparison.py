# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A benchmark that compares approaches to one job at several N, in one run, against a floor.

The benchmark gives what is its own (the approaches, how to run one at N, its goals); this runs every approach at
every N (the slow `loop_approach`, if any, only at `loop_sizes`), takes the machine's load at both ends, writes
results/NAME.{md,json} and a wall-time chart (results/NAME.png), and returns the exit status (1 when a goal is missed).
"""

import os

from . import charts, harness, report


def compare(name, results, heading, title, approaches, floor_approach, loop_approach, sizes, loop_sizes, run_approach, goals):
    """heading: the results' table heading; title: the chart's.
    run_approach(standin, approach, count) -> result row (harness.measure); goals(rows) -> [report.goal(...)]."""
    before = harness.conditions()
    rows = []
    with harness.standin_process() as standin:
        for count in sizes:
            for approach in harness.selected(approaches):
                if approach != loop_approach or count in loop_sizes:
                    rows.append(run_approach(standin, approach, count))
    after = harness.conditions()
    found = goals(rows)
    sizes_line = f"Sizes: N = {', '.join(map(str, sizes))}"
    if loop_approach:
        sizes_line += f"; the {loop_approach} at N = {', '.join(map(str, loop_sizes)) or 'none'}"
    lines = report.conditions_lines(before, after) + [
        "", sizes_line,
        "", f"### {heading}", "",
    ] + report.runs_table(rows, baseline=floor_approach) + ["", "### Goals", ""] + report.goal_lines(found)
    report.write_results(results, name, lines, {"before": before, "after": after, "sizes": sizes, "loop_sizes": loop_sizes, "rows": rows, "goals": found})
    draw(os.path.join(results, f"{name}.png"), title, approaches, rows, sizes)
    return 0 if all(item["met"] for item in found) else 1


def draw(path, title, approaches, rows, sizes):
    """The wall-time chart: one group of bars per N, one bar per approach (log scale)."""
    charts.bar_chart(
        path, f"{title} (lower is better)", "wall time (s, log scale)",
        [f"N={count}" for count in sizes],
        {approach: [report.seconds_of(rows, approach, count) for count in sizes] for approach in approaches},
        log=True, labels=True,
    )
