# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The internal job_step action: it only dispatches to a registered step and adds the modules' Region for the steps that
ask for it (module_defaults, then the task's environment, then the controller's, then the AWS profile)."""

from types import SimpleNamespace
from unittest import mock

import pytest
from ansible.errors import AnsibleActionFail
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.secretsmanager.replication.plugins.action.job_step import ActionModule
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication import steps


def action(args, environment=None):
    task = mock.MagicMock(args=args, async_val=0, check_mode=False, environment=environment or [])
    connection = mock.MagicMock()
    connection._shell.tmpdir = "/tmp/unused"  # pylint: disable=protected-access
    return ActionModule(task=task, connection=connection, play_context=mock.MagicMock(), loader=DataLoader(), templar=Templar(loader=DataLoader()),
                        shared_loader_obj=None)


@pytest.fixture(autouse=True)
def no_aws_settings(monkeypatch, tmp_path):
    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "EC2_REGION", "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))


PLAN_INPUTS = {"secrets": [{"secret_id": "app/db"}], "default_replicas": [{"region": "eu-west-1"}]}


def test_it_returns_the_steps_answer_unchanged_and_changes_nothing():
    result = action({"step": "replicate.plan", "inputs": dict(PLAN_INPUTS, primary_region="us-west-2")}).run(task_vars={})
    assert result["changed"] is False
    assert result["secrets"][0]["primary_region"] == "us-west-2"
    assert result["reads"] == [{"region": "us-west-2", "secret_ids": ["app/db"]}]


def test_the_region_comes_from_module_defaults_first(monkeypatch):
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    result = action({"step": "replicate.plan", "inputs": PLAN_INPUTS, "region": "ap-southeast-2"}).run(task_vars={})
    assert result["default_region"] == "ap-southeast-2"


def test_then_from_the_tasks_environment_over_the_controllers(monkeypatch):
    monkeypatch.setenv("AWS_REGION", "eu-central-1")
    result = action({"step": "replicate.plan", "inputs": PLAN_INPUTS}, environment=[{"AWS_DEFAULT_REGION": "us-west-1"}]).run(task_vars={})
    # AWS_REGION is read before AWS_DEFAULT_REGION, as amazon.aws's argument spec does; the task's environment wins per variable.
    assert result["default_region"] == "eu-central-1"
    result = action({"step": "replicate.plan", "inputs": PLAN_INPUTS}, environment=[{"AWS_REGION": "us-west-1"}]).run(task_vars={})
    assert result["default_region"] == "us-west-1"


def test_then_from_the_aws_profile(monkeypatch, tmp_path):
    (tmp_path / "config").write_text("[profile team]\nregion = sa-east-1\n")
    monkeypatch.setenv("AWS_PROFILE", "team")
    result = action({"step": "replicate.plan", "inputs": PLAN_INPUTS}).run(task_vars={})
    assert result["default_region"] == "sa-east-1"


def test_without_any_region_a_secret_given_by_name_is_refused_by_the_plan_not_the_action():
    result = action({"step": "replicate.plan", "inputs": PLAN_INPUTS}).run(task_vars={})
    assert result["default_region"] is None
    assert "primary secret's Region is not known" in result["rule_problems"][0]["problem"]


def test_an_unknown_step_names_the_known_ones():
    with pytest.raises(AnsibleActionFail, match="no such step 'replicate.nothing'; the steps are: .*replicate.plan"):
        action({"step": "replicate.nothing"}).run(task_vars={})


def test_input_a_step_cannot_use_fails_the_task_with_the_steps_message():
    with pytest.raises(AnsibleActionFail, match="^Give either replicate_secrets"):
        action({"step": "replicate.plan", "inputs": {"default_replicas": []}}).run(task_vars={})


def test_every_step_name_is_job_dot_step():
    names = list(steps.all_steps())
    assert names and all(name.count(".") == 1 for name in names)


def test_two_jobs_defining_the_same_step_name_are_refused(monkeypatch):
    first = SimpleNamespace(STEPS={"shared.plan": lambda: {}, "first.only": lambda: {}})
    second = SimpleNamespace(STEPS={"second.only": lambda: {}, "shared.plan": lambda: {}})
    monkeypatch.setattr(steps, "JOBS", (first, second))
    with pytest.raises(RuntimeError, match=r"^job step shared\.plan is defined twice$"):
        steps.all_steps()
