# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Internal: runs one decision step of this collection's role and playbooks on the controller (see plugins/modules/job_step.py).

No logic here: it looks the step up in plugin_utils/_replication/steps.py, hands it `inputs`, and returns what it
returns. The one thing it adds is the Region the modules would use for a secret given by name, for the steps that
ask for it: it is in the collection's action group, so module_defaults for group/secretsmanager.replication.aws reach
it as they reach the modules, and the rest is resolved as amazon.aws resolves it (environment, then AWS profile).
"""

from __future__ import annotations

import os

from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.collections import is_sequence
from ansible.plugins.action import ActionBase

from ansible_collections.amazon.aws.plugins.plugin_utils.botocore import get_aws_region

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.steps import StepInputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.steps import find_step
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.steps import wants_default_region

# amazon.aws's argument spec falls back to these environment variables (module_utils/modules.py, aws_argument_spec).
REGION_VARIABLES = ("AWS_REGION", "AWS_DEFAULT_REGION", "EC2_REGION")
PROFILE_VARIABLES = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE")


class _RegionOptions:
    """What amazon.aws's get_aws_region(plugin) reads: get_options() with region and profile."""

    def __init__(self, region, profile):
        self._options = {"region": region, "profile": profile}

    def get_options(self):
        return self._options


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super().run(tmp, task_vars)
        args = self._task.args
        name = args.get("step")
        inputs = args.get("inputs") or {}
        if not isinstance(inputs, dict):
            raise AnsibleActionFail(f"job_step {name}: inputs must be a dict, got {type(inputs).__name__}")
        try:
            step = find_step(name)
            if wants_default_region(step) and "default_region" not in inputs:
                inputs = dict(inputs, default_region=self._default_region(args))
            returned = step(**inputs)
        except StepInputError as e:
            # The message names what is wrong in the user's terms (their variables), not this internal step.
            raise AnsibleActionFail(str(e.message)) from e
        result.update(returned)
        result["changed"] = False
        return result

    def _environment(self):
        """The controller's environment with the task's `environment:` on top, as a module would see it."""
        environment = dict(os.environ)
        entries = self._task.environment or []
        for entry in entries if is_sequence(entries) else [entries]:
            environment.update(self._templar.template(entry) or {})
        return environment

    def _default_region(self, args):
        environment = self._environment()
        region = args.get("region") or next((environment[name] for name in REGION_VARIABLES if environment.get(name)), None)
        profile = args.get("profile") or next((environment[name] for name in PROFILE_VARIABLES if environment.get(name)), None)
        return get_aws_region(_RegionOptions(region, profile))
