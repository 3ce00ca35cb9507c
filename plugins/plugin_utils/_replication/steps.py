# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The registry of the internal job steps (the job_step action): step name -> function. For internal collection use only.

Each job of the collection (the replicate role, each playbook) has a module in jobs/ whose STEPS dict names its steps
"<job>.<step>". A step is a pure function of keyword arguments that returns a dict; it raises StepInputError for
input it cannot use. A step that takes `default_region` gets the Region the modules use for a secret given by name
when the task does not pass one.
"""

import inspect

from .jobs import failback
from .jobs import failover
from .jobs import guardrail
from .jobs import promote
from .jobs import replicate
from .jobs import replicate_cross_account
from .jobs import replicate_job
from .jobs import report
from .jobs import report_organization
from .jobs import scale_out
from .filter_inputs import InputError

JOBS = (replicate, replicate_job, promote, failover, failback, replicate_cross_account, report, guardrail, scale_out, report_organization)

StepInputError = InputError


def all_steps():
    """{name: function} of every job's steps."""
    steps = {}
    for job in JOBS:
        for name, function in job.STEPS.items():
            if name in steps:
                raise RuntimeError(f"job step {name} is defined twice")
            steps[name] = function
    return steps


def find_step(name):
    steps = all_steps()
    if name not in steps:
        raise StepInputError(f"no such step {name!r}; the steps are: {', '.join(sorted(steps))}")
    return steps[name]


def wants_default_region(function):
    return "default_region" in inspect.signature(function).parameters
