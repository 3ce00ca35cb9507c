# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Whole organizations: discovering every (account, Region) unit, and the scale-out over units as AWX slices it.

Discovery: the aws_organization inventory plugin (ansible-inventory --list, no cache) over an organization of N accounts
in 10 OUs (half of them tagged dr=gold), each measured from a reset request log:
- `regions` given (2 Regions);
- the same with account_tags {dr: gold};
- the same with regions_from: account_management (ListRegions, paced at Account Management's 5 per second).

Scale-out: replicate_scale_out.yml over A accounts x 2 Regions, S secrets tagged dr in each unit (the inventory from the
plugin, each unit replicating to one more Region), AWS's write quota enforced per account and Region, forks F. AWX's
slicing: hosts by name, slice i of n takes hosts[i-1::n], the slices run at once as separate ansible-playbook processes.
- first-time replication: 1 slice, then (on a fresh organization) 2 slices;
- the no-change run that follows: 1 slice and 2 slices;
- one unit (one account, one Region) holding the same A x 2 x S secrets, no-change: what the units' overhead is
  measured against.
Writes results/discovery.{md,json} and results/scale_out.{md,json}; exit status 1 when a goal is missed.

    BENCH_ORG_ACCOUNTS=1000 BENCH_UNIT_ACCOUNTS=20 BENCH_UNIT_SECRETS=50 BENCH_FORKS=10 python benchmarks/organization/run.py

BENCH_ONLY=discovery or BENCH_ONLY=scale-out runs one half. With BENCH_PROFILE_DIR set, each slice's output, with
ansible.posix.profile_tasks on, is kept in that directory.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from standin.organizations import seed_organization

from common import harness, report

RESULTS = harness.results_dir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "results"))
BIN = os.path.dirname(sys.executable)
REGIONS = {"us-east-1": "us-west-2", "eu-west-1": "eu-central-1"}  # each unit's Region and its replica Region
OUS = 10
ROLE = "secretsmanager-replication"
ONE_UNIT_ACCOUNT = "210987654321"
LIST_REGIONS_QUOTA = 5  # Account Management: 5 requests per second per account
DISCOVERY = ("regions given", "regions given, account_tags", "regions_from: account_management")
UNIT_VARS = {"replicate_selector": {"tag-key": "dr"}, "replicate_retries": 0, "ansible_python_interpreter": sys.executable}


def discovery_config(approach):
    config = {"plugin": "secretsmanager.replication.aws_organization", "regions": list(REGIONS), "member_role_name": ROLE}
    if "account_tags" in approach:
        config["account_tags"] = {"dr": "gold"}
    if "account_management" in approach:
        config["regions_from"] = "account_management"
    return config


def inventory_list(standin, config, workdir):
    """ansible-inventory --list of an aws_organization configuration: (seconds, {host: hostvars})."""
    path = os.path.join(workdir, "bench.aws_organization.yml")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(config, handle)
    env = dict(harness.ansible_environment(standin), ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="true")
    seconds, completed = harness.run_command([os.path.join(BIN, "ansible-inventory"), "-i", path, "--list"], env)
    if completed.returncode != 0:
        raise SystemExit(f"ansible-inventory failed:\n{completed.stderr[-3000:]}")
    listed = json.loads(completed.stdout, object_hook=lambda value: value["__ansible_unsafe"] if set(value) == {"__ansible_unsafe"} else value)
    return seconds, listed["_meta"]["hostvars"]


def seed_accounts(standin, count):
    """An organization of `count` member accounts in OUS OUs, every other one tagged dr=gold."""
    layout = {f"OU{index:02d}": [] for index in range(OUS)}
    for index in range(count):
        layout[f"OU{index % OUS:02d}"].append({"name": f"account-{index:05d}", "tags": {"dr": "gold" if index % 2 == 0 else "silver"}})
    return seed_organization(standin, layout)["accounts"]


def peak_per_second(requests, operation):
    """The most calls of `operation` that arrived within any one second."""
    times = sorted(entry["at"] for entry in requests if entry["operation"] == operation)
    peak, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        peak = max(peak, end - start + 1)
    return peak


def _discover_into(found, standin, approach, workdir):
    """Seconds of one discovery; the hosts it found go into `found`."""
    seconds, hosts = inventory_list(standin, discovery_config(approach), workdir)
    found.update(hosts)
    return seconds


def run_discovery(standin, count, workdir):
    harness.reset(standin, write_quota=False)
    print(f"seeding an organization of {count} accounts ...", file=sys.stderr)
    seed_accounts(standin, count)
    rows = []
    for approach in DISCOVERY:
        found = {}
        row = harness.measure(standin, approach, count, lambda approach=approach, found=found: _discover_into(found, standin, approach, workdir))
        row["hosts"] = len(found)
        row["peak_list_regions_per_second"] = peak_per_second(standin.request_log(), "ListRegions")
        rows.append(row)
    return rows


def seed_units(standin, accounts, secrets):
    """`secrets` secrets tagged dr in every unit (account x Region), unreplicated."""
    clients = {(account, region): standin.client("secretsmanager", region, account=account) for account in accounts for region in REGIONS}

    def create(job):
        (account, region), index = job
        clients[(account, region)].create_secret(Name=f"bench/secret-{index:05d}", SecretString=harness.SECRET_VALUE,
                                                 Tags=[{"Key": "dr", "Value": "yes"}])

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(create, [(unit, index) for unit in clients for index in range(secrets)]))


def unit_inventory(hostvars):
    """{host: hostvars} with the role's variables of each unit: the selector, and one replica Region per Region."""
    return {host: dict(values, replicate_default_replicas=[{"region": REGIONS[values["replicate_primary_region"]]}], **UNIT_VARS)
            for host, values in hostvars.items()}


def run_slices(standin, hosts, slices, forks, workdir):
    """AWX's slices of `hosts` ({host: vars}) as concurrent ansible-playbook processes: seconds until the last exits;
    exits when a unit failed."""
    ordered = sorted(hosts)
    commands = []
    for number in range(1, slices + 1):
        path = os.path.join(workdir, f"slice{number}.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"all": {"hosts": {host: hosts[host] for host in ordered[number - 1::slices]}}}, handle)
        commands.append([os.path.join(BIN, "ansible-playbook"), "-i", path, "--forks", str(forks), "secretsmanager.replication.replicate_scale_out"])
    env = dict(harness.ansible_environment(standin), **harness.profile_environment())
    started = time.perf_counter()
    processes = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for command in commands]
    outputs = [process.communicate()[0] for process in processes]
    seconds = time.perf_counter() - started
    for number, output in enumerate(outputs, start=1):
        harness.save_profile(f"replicate_scale_out-slice-{number}-of-{slices}", output)
    for process, output in zip(processes, outputs):
        if process.returncode != 0:
            raise SystemExit("a slice failed:\n" + "\n".join(output.splitlines()[-40:]))
    return seconds


def scale_out_row(standin, label, units, secrets, run):
    row = harness.measure(standin, label, units * secrets, run)
    row["units"] = units
    row["per_unit_seconds"] = round(row["seconds"] / units, 2)
    row["calls_per_unit"] = round(row["calls_total"] / units, 1)
    return row


def run_scale_out(standin, accounts_count, secrets, forks, workdir):
    rows = []
    for slices in (1, 2):
        harness.reset(standin)
        print(f"seeding {accounts_count} accounts x {len(REGIONS)} Regions x {secrets} secrets ...", file=sys.stderr)
        accounts = list(seed_accounts(standin, accounts_count).values())
        seed_units(standin, accounts, secrets)
        config = dict(discovery_config("regions given"), account_ids=accounts)
        hosts = unit_inventory(inventory_list(standin, config, workdir)[1])
        units = len(hosts)
        rows.append(scale_out_row(standin, f"first-time, {slices} slice(s)", units, secrets,
                                  lambda slices=slices: run_slices(standin, hosts, slices, forks, workdir)))
        no_change_slices = (1, 2) if slices == 1 else ()
        for count in no_change_slices:
            rows.append(scale_out_row(standin, f"no-change, {count} slice(s)", units, secrets,
                                      lambda count=count: run_slices(standin, hosts, count, forks, workdir)))
    # One unit holding every secret of the units above, already replicated.
    harness.reset(standin)
    total = len(rows) and rows[0]["secrets"]
    client = standin.client("secretsmanager", "us-east-1", account=ONE_UNIT_ACCOUNT)
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda index: client.create_secret(Name=f"bench/secret-{index:05d}", SecretString=harness.SECRET_VALUE,
                                                         Tags=[{"Key": "dr", "Value": "yes"}], AddReplicaRegions=[{"Region": "us-west-2"}]),
                      range(total)))
    one_unit = dict(UNIT_VARS, aws_account_id=ONE_UNIT_ACCOUNT, replicate_primary_region="us-east-1",
                    replicate_role_arn=f"arn:aws:iam::{ONE_UNIT_ACCOUNT}:role/{ROLE}", replicate_default_replicas=[{"region": "us-west-2"}])
    one = {f"{ONE_UNIT_ACCOUNT}-us-east-1": one_unit}
    rows.append(scale_out_row(standin, "no-change, one unit holding them all", 1, total, lambda: run_slices(standin, one, 1, forks, workdir)))
    return rows


def seconds(rows, approach):
    return next((row["seconds"] for row in rows if row["approach"] == approach), None)


def goals(discovery, scale_out, accounts):
    found = []
    given = seconds(discovery, "regions given")
    if given is not None and accounts >= 1000:
        found.append(report.goal(f"discovery of {accounts:,} accounts with regions given under 15 s", given < 15, f"{given:.1f} s"))
    managed = next((row for row in discovery if row["approach"] == DISCOVERY[2]), None)
    if managed is not None:
        found.append(report.goal(f"ListRegions paced at Account Management's {LIST_REGIONS_QUOTA} per second",
                                 managed["peak_list_regions_per_second"] <= LIST_REGIONS_QUOTA,
                                 f"at most {managed['peak_list_regions_per_second']} in any one second"))
    units_no_change = seconds(scale_out, "no-change, 1 slice(s)")
    one_unit = seconds(scale_out, "no-change, one unit holding them all")
    if units_no_change and one_unit:
        found.append(report.goal("no-change over the units within 2x of one unit holding the same secrets", units_no_change <= 2 * one_unit,
                                 f"{units_no_change:.1f} s / {one_unit:.1f} s = {units_no_change / one_unit:.2f}x"))
    for row in scale_out:
        found.append(report.goal(f"{row['approach']}: no throttled response (writes paced per account and Region)", row["throttled"] == 0,
                                 f"{row['throttled']} throttled"))
    return found


def discovery_table(rows):
    out = ["| accounts | configuration | wall time (s) | hosts | calls | peak ListRegions in 1 s | calls by operation | load before -> after (1 min) |",
           "|---:|---|---:|---:|---:|---:|---|---:|"]
    for row in rows:
        out.append(f"| {row['secrets']:,} | {row['approach']} | {row['seconds']:.1f} | {row['hosts']:,} | {row['calls_total']:,} | "
                   f"{row['peak_list_regions_per_second']} | {', '.join(f'{op} {n}' for op, n in row['calls'].items())} | "
                   f"{row['load_before'][0]:.2f} -> {row['load_after'][0]:.2f} |")
    return out


def scale_out_table(rows, one_unit):
    out = ["| run | units | secrets | wall time (s) | vs one unit | per unit (s) | calls | calls per unit | throttled | peak quota writes in 1 s | "
           "calls by operation | load before -> after (1 min) |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for row in rows:
        ratio = f"{row['seconds'] / one_unit:.2f}x" if one_unit and "no-change" in row["approach"] else "-"
        out.append(f"| {row['approach']} | {row['units']} | {row['secrets']:,} | {row['seconds']:.1f} | {ratio} | {row['per_unit_seconds']:.2f} | "
                   f"{row['calls_total']:,} | {row['calls_per_unit']} | {row['throttled']} | {row['peak_writes_per_second']} | "
                   f"{', '.join(f'{op} {n}' for op, n in row['calls'].items())} | {row['load_before'][0]:.2f} -> {row['load_after'][0]:.2f} |")
    return out


def write(name, before, after, header, tables, found, data):
    lines = report.conditions_lines(before, after) + ["", header, ""] + tables + ["### Goals", ""] + report.goal_lines(found)
    report.write_results(RESULTS, name, lines, dict(data, before=before, after=after, goals=found))


def main():
    """Each half writes its own results (results/discovery.*, results/scale_out.*), so one can be run again alone."""
    accounts = int(os.environ.get("BENCH_ORG_ACCOUNTS", "1000"))
    unit_accounts = int(os.environ.get("BENCH_UNIT_ACCOUNTS", "20"))
    secrets = int(os.environ.get("BENCH_UNIT_SECRETS", "50"))
    forks = int(os.environ.get("BENCH_FORKS", "10"))
    halves = harness.selected(("discovery", "scale-out"))
    met = True
    with harness.standin_process() as standin, tempfile.TemporaryDirectory() as workdir:
        if "discovery" in halves:
            before = harness.conditions()
            rows = run_discovery(standin, accounts, workdir)
            after = harness.conditions()
            found = goals(rows, [], accounts)
            write("discovery", before, after, f"{accounts:,} accounts in {OUS} OUs (every other one tagged dr=gold), 2 Regions, max_workers 4.",
                  ["### Discovery (ansible-inventory --list)", ""] + discovery_table(rows) + [""], found, {"accounts": accounts, "rows": rows})
            met = met and all(item["met"] for item in found)
        if "scale-out" in halves:
            before = harness.conditions()
            rows = run_scale_out(standin, unit_accounts, secrets, forks, workdir)
            after = harness.conditions()
            found = goals([], rows, accounts)
            write("scale_out", before, after, f"{unit_accounts} accounts x {len(REGIONS)} Regions x {secrets} secrets, forks {forks}, AWS's write "
                  "quota enforced per account and Region.",
                  ["### Scale-out, sliced as AWX slices it", ""] + scale_out_table(rows, seconds(rows, "no-change, one unit holding them all")) + [""],
                  found, {"unit_accounts": unit_accounts, "secrets_per_unit": secrets, "forks": forks, "rows": rows})
            met = met and all(item["met"] for item in found)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
