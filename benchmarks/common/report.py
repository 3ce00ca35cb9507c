# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Markdown tables, goal lines and the results files (results/NAME.md and NAME.json) of a benchmark."""

import json
import os


def seconds_of(rows, approach, count):
    """The wall time of `approach` at N=`count`, or None when it was not run."""
    return next((row["seconds"] for row in rows if row["approach"] == approach and row["secrets"] == count), None)


def ratio(numerator, denominator):
    """numerator / denominator, or None when either was not run."""
    return numerator / denominator if numerator and denominator else None


def goal(description, ok, measured):
    """One goal line: met or NOT MET, what the goal is, what was measured."""
    return {"goal": description, "met": ok, "measured": measured}


def speedup_goal(rows, ours, theirs, count, times):
    """`ours` at least `times` x faster than `theirs` at N=count; None when either was not run at that N."""
    speedup = ratio(seconds_of(rows, theirs, count), seconds_of(rows, ours, count))
    if speedup is None:
        return None
    return goal(f"{ours}: at N={count:,} at least {times}x faster than the {theirs}", speedup >= times, f"{speedup:.1f}x")


def floor_goal(rows, ours, floor, count, limit):
    """`ours` within `limit` x the floor's time at N=count; None when either was not run at that N."""
    over_floor = ratio(seconds_of(rows, ours, count), seconds_of(rows, floor, count))
    if over_floor is None:
        return None
    return goal(f"{ours}: at N={count:,} within {limit}x of the {floor}", over_floor <= limit, f"{over_floor:.2f}x the floor")


def unthrottled_goal(rows, ours):
    """No throttled response in any run of the approaches `ours`: their writes are paced under the quota."""
    throttled = sum(row["throttled"] for row in rows if row["approach"] in ours)
    return goal(f"{' and '.join(ours)}: no throttled response (own writes paced)", throttled == 0, f"{throttled} throttled")


def region_calls_goal(rows, ours, region, at_most, why):
    """At most `at_most` calls of the approach `ours` to `region` in any one run (0: it never calls it, e.g. a Region
    that is down), `why` says what the bound is."""
    runs = [row for row in rows if row["approach"] == ours]
    calls = [row["calls_by_region"].get(region, 0) for row in runs]
    description = f"no call to {region}" if at_most == 0 else f"at most {at_most} calls to {region} in a run, whatever N"
    measured = ", ".join(f"N={row['secrets']:,}: {number} calls" for row, number in zip(runs, calls))
    return goal(f"{ours}: {description} ({why})", max(calls, default=0) <= at_most, measured)


def goal_lines(goals):
    return [f"- {'met' if item['met'] else 'NOT MET'}: {item['goal']} ({item['measured']})" for item in goals]


def conditions_lines(before, after):
    """The machine, the load average before and after, the busiest other processes at both ends, and the extra vars the
    playbooks ran with."""
    return [
        f"Machine: {before['machine']}",
        "",
        f"- started {before['at']}, load average (1, 5, 15 min) {_loads(before['load_average'])}; "
        f"busiest processes: {', '.join(before['busiest_processes']) or 'none over 5% CPU'}",
        f"- ended {after['at']}, load average {_loads(after['load_average'])}; "
        f"busiest processes: {', '.join(after['busiest_processes']) or 'none over 5% CPU'}",
        "",
        f"Playbooks run with extra vars (BENCH_EXTRA_VARS) {json.dumps(before['extra_vars'], sort_keys=True)}"
        if before["extra_vars"] else "Playbooks run at their defaults (no BENCH_EXTRA_VARS)",
    ]


def _loads(values):
    return " / ".join(f"{value:.2f}" for value in values)


def runs_table(rows, baseline=None):
    """One line per run: wall time (and its ratio to `baseline`'s at the same N), calls, throttling, peak writes, when
    the writes ran (seconds after the start), load."""
    header = ["N", "approach", "wall time (s)"]
    if baseline:
        header.append(f"vs {baseline}")
    header += ["calls per secret", "throttled responses", "peak quota writes in 1 s (Region)", "first -> last write (s)", "load before -> after (1 min)",
               "calls (total, by operation)"]
    text_columns = ("approach", "calls (total, by operation)")
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" if name in text_columns else "---:" for name in header) + "|"]
    for row in rows:
        cells = [str(row["secrets"]), row["approach"], f"{row['seconds']:.1f}"]
        if baseline:
            base = seconds_of(rows, baseline, row["secrets"])
            cells.append(f"{row['seconds'] / base:.2f}x" if base else "-")
        throttled = f"{row['throttled']}" + (f" ({', '.join(f'{cause} {n}' for cause, n in row['throttled_by'].items())})" if row["throttled"] else "")
        peak = f"{row['peak_writes_per_second']}" + (f" ({row['peak_writes_region']})" if row["peak_writes_region"] else "")
        writes = row["timeline"]
        window = f"{writes['first_write']:.1f} -> {writes['last_write']:.1f}" if writes["first_write"] is not None else "-"
        cells += [f"{row['calls_per_secret']:.2f}", throttled, peak, window, f"{row['load_before'][0]:.2f} -> {row['load_after'][0]:.2f}",
                  ", ".join(f"{operation} {number}" for operation, number in row["calls"].items())]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def write_results(directory, name, markdown_lines, data):
    """Print the markdown and write results/NAME.md and results/NAME.json."""
    os.makedirs(directory, exist_ok=True)
    text = "\n".join(markdown_lines) + "\n"
    print(text)
    with open(os.path.join(directory, f"{name}.md"), "w", encoding="utf-8") as handle:
        handle.write(text)
    with open(os.path.join(directory, f"{name}.json"), "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)
        handle.write("\n")
