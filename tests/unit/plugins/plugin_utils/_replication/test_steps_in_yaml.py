# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every job_step task of the roles and playbooks names a registered step and hands it only the arguments it takes,
and every argument it needs (the Region the modules use, default_region, is the action's to add)."""

import inspect
from pathlib import Path

import pytest
import yaml

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.steps import all_steps

COLLECTION = Path(__file__).resolve().parents[5]
JOB_STEP = ("secretsmanager.replication.job_step",)


def tasks_of(items):
    for item in items or []:
        if not isinstance(item, dict):
            continue
        if "hosts" in item:
            for part in ("pre_tasks", "tasks", "post_tasks", "handlers"):
                yield from tasks_of(item.get(part))
            continue
        yield item
        for part in ("block", "rescue", "always"):
            yield from tasks_of(item.get(part))


def job_step_tasks():
    files = sorted(path for folder in ("playbooks", "roles") for path in (COLLECTION / folder).rglob("*.yml"))
    return [(f"{path.relative_to(COLLECTION)}: {task['name']}", task[name])
            for path in files for task in tasks_of(yaml.safe_load(path.read_text(encoding="utf-8")))
            for name in JOB_STEP if name in task]


TASKS = job_step_tasks()


def test_the_walk_finds_the_playbooks_steps():
    steps = {args["step"] for dummy, args in TASKS}
    assert {"promote.inputs", "failover.report", "failback.plan", "replicate_cross_account.links", "report.inputs", "guardrail.inputs"} <= steps


@pytest.mark.parametrize("where, args", TASKS, ids=[where for where, dummy in TASKS])
def test_each_task_calls_a_registered_step_with_its_arguments(where, args):
    steps = all_steps()
    assert args["step"] in steps, f"{where}: no step {args['step']}"
    parameters = inspect.signature(steps[args["step"]]).parameters
    given = set(args.get("inputs") or {})
    assert given <= set(parameters), f"{where}: {args['step']} takes no {sorted(given - set(parameters))}"
    required = {name for name, parameter in parameters.items() if parameter.default is inspect.Parameter.empty} - {"default_region"}
    assert required <= given, f"{where}: {args['step']} needs {sorted(required - given)}"
