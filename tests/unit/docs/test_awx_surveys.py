# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every AWX survey spec in docs/awx/ (<playbook>-survey.json) asks only for variables its playbook reads, with a type the
playbook accepts; and every shipped playbook has one.

A variable is read by the playbook when a Jinja expression in the playbook names it, or, for a playbook that includes
the replicate role, when the role's argument specs list it (then the survey's type must fit the spec's type: AWX sends
text as a string, which Ansible's argument validation turns into a list (comma-separated), a bool or an int).
"""

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

COLLECTION = Path(__file__).resolve().parents[3]
SURVEYS = sorted((COLLECTION / "docs" / "awx").glob("*-survey.json"))
ROLE_SPECS = yaml.safe_load((COLLECTION / "roles" / "replicate" / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))
ROLE_OPTIONS = ROLE_SPECS["argument_specs"]["main"]["options"]
AWX_TYPES = {"text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect"}
# Which argument-spec types an AWX answer of each survey type satisfies.
FITS = {"text": {"str", "list", "raw"}, "textarea": {"str", "list", "raw"}, "password": {"str"}, "integer": {"int", "float", "raw"},
        "float": {"float", "raw"}, "multiplechoice": {"str", "bool", "raw"}, "multiselect": {"list", "raw"}}
JINJA = re.compile(r"{{(.*?)}}|{%(.*?)%}|^\s*(?:when|that|until|failed_when|changed_when):\s*(.*)$|^\s*-\s+(.*)$", re.S | re.M)


def playbook_of(survey):
    return COLLECTION / "playbooks" / (survey.name[: -len("-survey.json")] + ".yml")


def jinja_text(playbook):
    text = playbook.read_text(encoding="utf-8")
    return " ".join(part for match in JINJA.findall(text) for part in match if part)


def includes_the_role(playbook):
    return "secretsmanager.replication.replicate\n" in playbook.read_text(encoding="utf-8")


@pytest.mark.parametrize("survey", SURVEYS, ids=[survey.name for survey in SURVEYS])
def test_survey_asks_only_for_what_its_playbook_reads_with_a_type_it_accepts(survey):
    spec = json.loads(survey.read_text(encoding="utf-8"))
    playbook = playbook_of(survey)
    assert playbook.is_file(), f"{survey.name} has no playbook {playbook.name}"
    assert spec["name"] and spec["description"] and spec["spec"]
    expressions = jinja_text(playbook)
    variables = [question["variable"] for question in spec["spec"]]
    assert len(variables) == len(set(variables)), f"{survey.name}: a variable is asked twice"
    for question in spec["spec"]:
        variable, kind = question["variable"], question["type"]
        assert kind in AWX_TYPES, (survey.name, variable, kind)
        assert question["question_name"] and question["question_description"], (survey.name, variable)
        if kind == "multiplechoice":
            assert question["default"] in question["choices"], (survey.name, variable)
        if kind in ("integer", "float") and question.get("default") not in (None, ""):
            assert question["min"] <= question["default"] <= question["max"], (survey.name, variable)
        option = ROLE_OPTIONS.get(variable) if includes_the_role(playbook) else None
        if option is not None:
            assert kind in FITS and option["type"] in FITS[kind], f"{survey.name}: {variable} is {kind} but the role takes {option['type']}"
            if kind == "multiplechoice" and "choices" in option:
                assert set(question["choices"]) <= {str(choice) for choice in option["choices"]}, (survey.name, variable)
        else:
            assert re.search(rf"\b{re.escape(variable)}\b", expressions), f"{survey.name}: {playbook.name} never reads {variable}"


def test_every_job_playbook_has_a_survey():
    playbooks = {path.stem for path in (COLLECTION / "playbooks").glob("*.yml")}
    with_survey = {playbook_of(survey).stem for survey in SURVEYS}
    # replicate_scale_out takes its variables per inventory host, not from a survey.
    assert playbooks - with_survey == {"replicate_scale_out"}


# A playbook's own tasks on survey answers: each task's module arguments templated by Ansible as ansible-playbook
# would, then validated by the module's (or the role's) own argument spec.

XA_PRIMARY = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:app/db-AbCdEf"
XA_RECEIVING = "arn:aws:secretsmanager:eu-west-1:222222222222:secret:app/db-RcVaBc"
XA_NAMES = ("app/db", "app/api", "app/cache")
# What the AWS side answers, as the module tasks register it (only what the templated tasks read); the job steps run.
XA_REGISTERED = {
    "__xa_read": {"region": "eu-west-1", "secrets": [
        {"arn": XA_PRIMARY.replace("app/db", name), "name": name, "is_replica": False, "primary_region": "eu-west-1", "cross_account_primary": None}
        for name in XA_NAMES]},
    "__xa_assumed": {"sts_creds": {"access_key": "ASIAEXAMPLE", "secret_key": "example", "session_token": "example"}},
    "__xa_receiving": {"results": [{"item": {"arn": XA_PRIMARY}, "secret": {"arn": XA_RECEIVING}, "changed": True}]},
}
XA_TASKS = ("Read the job's inputs", "Refuse incomplete inputs before any call", "Read the primaries in the primary account",
            "Match each requested secret to its primary", "Refuse secrets that cannot be primaries, before anything is created",
            "Assume the role in the replica account", "Create the receiving secrets in the replica account", "Plan the links to the receiving secrets",
            "Link each primary to its receiving secret and wait for InSync, in the primary account")
XA_REQUIRED_ANSWERS = {"cross_account_secrets": "app/db\napp/api, app/cache", "cross_account_role_arn": "arn:aws:iam::222222222222:role/receiver",
                       "cross_account_kms_key_id": "alias/replica-key"}
XA_ANSWERS = dict(XA_REQUIRED_ANSWERS, cross_account_region="eu-west-1", cross_account_restriction="no_restriction",
                  cross_account_replication_role_arn="arn:aws:iam::111111111111:role/replicator", cross_account_wait_timeout=900)
# The type of each survey type's answer in the extra vars AWX sends.
ANSWER_TYPES = {"text": str, "textarea": str, "password": str, "multiplechoice": str, "multiselect": str, "integer": int, "float": float}
TASK_KEYWORDS = {"name", "register", "when", "loop", "loop_control", "failed_when", "changed_when", "check_mode", "vars"}
# `omit` is a play variable; here a marker stands for it, and an argument set to it is dropped, as a task drops it.
OMITTED = "__omitted_by_the_task__"
JOB_STEP = "secretsmanager.replication.job_step"


def awx_extra_vars(survey_name, answers, blanks_sent):
    """The extra vars AWX launches the job with: each question's answer, else its default.

    An optional question left blank is sent as "" (blanks_sent) or not at all; the playbook must take both.
    """
    spec = json.loads((COLLECTION / "docs" / "awx" / survey_name).read_text(encoding="utf-8"))
    questions = {question["variable"]: question for question in spec["spec"]}
    assert not set(answers) - set(questions), f"{survey_name} does not ask {set(answers) - set(questions)}"
    extra_vars = {}
    for variable, question in questions.items():
        value = answers.get(variable, question["default"])
        if value == "":
            assert not question["required"], f"{survey_name}: {variable} is required"
            if not blanks_sent:
                continue
        else:
            assert isinstance(value, ANSWER_TYPES[question["type"]]), (variable, value)
        if question["type"] == "multiplechoice":
            assert value in question["choices"], (variable, value)
        extra_vars[variable] = value
    return extra_vars


def run_tasks(playbook, task_names, variables):
    """{task name: {module, args}} for these tasks of playbooks/<playbook>.yml, templated in order on `variables`.

    A task whose `when` is false is recorded as skipped, with no args. set_fact tasks add their facts for the tasks after
    them; a job_step task runs its step on its inputs, as the action does, and registers the step's result (also under
    `result`); an include_role's `vars` are templated too; an assert's args are its conditions' values; a loop's args
    are those of its first item. Ansible resolves the
    playbooks' FQCN filters only through the collection loader, installed before anything imports the collection: so
    in a Python of its own (this file, run as a script).
    """
    job = json.dumps({"playbook": playbook, "tasks": task_names, "variables": variables})
    ran = subprocess.run([sys.executable, __file__], input=job, capture_output=True, text=True, check=False, env=dict(os.environ, PYTHONWARNINGS="ignore"))
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def _templated_tasks(job):
    """run_tasks in the fresh Python."""
    from ansible import template  # pylint: disable=import-outside-toplevel
    from ansible.parsing.dataloader import DataLoader  # pylint: disable=import-outside-toplevel
    from ansible.plugins.loader import init_plugin_loader  # pylint: disable=import-outside-toplevel

    init_plugin_loader([str(COLLECTION.parents[2])])
    from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.steps import find_step  # pylint: disable=import-outside-toplevel
    # ansible-core 2.19 templates only strings marked trusted, as a playbook's own are; older versions every string.
    trusted = getattr(template, "trust_as_template", lambda text: text)

    def mark(value):
        if isinstance(value, dict):
            return {key: mark(item) for key, item in value.items()}
        if isinstance(value, list):
            return [mark(item) for item in value]
        return trusted(value) if isinstance(value, str) else value

    def without_omitted(value):
        # Ansible drops an omitted value anywhere in a task's arguments, job_step's nested inputs too.
        if isinstance(value, dict):
            return {key: without_omitted(item) for key, item in value.items() if item != OMITTED}
        return value

    def render(value, variables):
        return without_omitted(template.Templar(loader=DataLoader(), variables=mark(dict({"omit": OMITTED}, **variables))).template(mark(value)))

    plays = yaml.safe_load((COLLECTION / "playbooks" / f"{job['playbook']}.yml").read_text(encoding="utf-8"))
    variables, sent = dict(job["variables"]), {}
    for task in (task for play in plays for task in play["tasks"] if task["name"] in job["tasks"]):
        (module,) = set(task) - TASK_KEYWORDS
        task_vars = dict(variables, **task.get("vars", {}))
        if "when" in task and render("{{ " + task["when"] + " }}", task_vars) not in (True, "True"):
            sent[task["name"]] = {"module": module, "skipped": True}
            continue
        if "loop" in task:
            task_vars["item"] = render(task["loop"], task_vars)[0]
        if module == "ansible.builtin.assert":
            args = [render("{{ " + condition + " }}", task_vars) in (True, "True") for condition in task[module]["that"]]
        else:
            args = render(task[module], task_vars)
        sent[task["name"]] = {"module": module, "args": args}
        if module == "ansible.builtin.set_fact":
            variables.update(args)
        if module == JOB_STEP:
            sent[task["name"]]["result"] = variables[task["register"]] = dict(find_step(args["step"])(**args.get("inputs", {})), changed=False)
        if module == "ansible.builtin.include_role":
            sent[task["name"]]["vars"] = render(task.get("vars", {}), task_vars)
    return sent


def validated(spec, args):
    """args as a module with this argument spec receives them (types converted); fails the test naming what the spec refuses."""
    validation = ArgumentSpecValidator(spec).validate(args)
    assert not validation.error_messages, validation.error_messages
    return validation.validated_parameters


def module_spec(name):
    """A collection module's argument spec with amazon.aws's connection options, as AnsibleAWSModule builds it."""
    from ansible_collections.amazon.aws.plugins.module_utils.modules import aws_argument_spec  # pylint: disable=import-outside-toplevel

    plugin = importlib.import_module(f"ansible_collections.secretsmanager.replication.plugins.modules.{name}")
    return dict(aws_argument_spec(), **plugin.argument_spec())


def cross_account_sends(answers, blanks_sent):
    """What replicate_cross_account.yml's tasks send on these survey answers: {module's short name: args}; checks its asserts pass."""
    tasks = run_tasks("replicate_cross_account", XA_TASKS, dict(awx_extra_vars("replicate_cross_account-survey.json", answers, blanks_sent), **XA_REGISTERED))
    assert tasks["Read the job's inputs"]["result"]["refusal"] is None
    assert tasks["Refuse incomplete inputs before any call"]["skipped"]
    assert tasks["Refuse secrets that cannot be primaries, before anything is created"]["skipped"]
    sends = {task["module"].rsplit(".", 1)[1]: task["args"] for task in tasks.values() if not task.get("skipped")}
    assert tasks["Read the job's inputs"]["result"]["secrets"] == sends["secret_replica_info"]["secret_ids"] == list(XA_NAMES)
    assert [primary["secret_id"] for primary in tasks["Match each requested secret to its primary"]["result"]["primaries"]] == list(XA_NAMES)
    return sends


def test_cross_account_survey_answers_reach_the_playbooks_modules_with_the_types_they_take():
    sends = cross_account_sends(XA_ANSWERS, blanks_sent=True)
    assert sends["secret_replica_info"]["region"] == "eu-west-1"
    assert sends["sts_assume_role"]["role_arn"] == "arn:aws:iam::222222222222:role/receiver"
    assert validated(module_spec("cross_account_replica"), sends["cross_account_replica"])["kms_key_id"] == "alias/replica-key"
    link = validated(module_spec("secret_replica"), sends["secret_replica"])
    assert link["wait_timeout"] == 900
    assert [entry["secret_id"] for entry in link["secrets"]] == [XA_PRIMARY]
    assert link["secrets"][0]["cross_account_replica"] == {
        "arn": XA_RECEIVING, "restriction": "no_restriction", "replication_role_arn": "arn:aws:iam::111111111111:role/replicator"}


@pytest.mark.parametrize("blanks_sent", [True, False], ids=["blanks-sent-empty", "blanks-left-out"])
def test_cross_account_survey_defaults_and_blank_answers_fall_back_to_the_playbooks_defaults(blanks_sent):
    sends = cross_account_sends(XA_REQUIRED_ANSWERS, blanks_sent)
    assert "region" not in sends["secret_replica_info"]  # the Region of the job's environment
    link = validated(module_spec("secret_replica"), sends["secret_replica"])
    assert link["wait_timeout"] == 300
    assert link["secrets"][0]["cross_account_replica"] == {"arn": XA_RECEIVING, "restriction": "same_org", "replication_role_arn": None}


@pytest.mark.parametrize("purge", ["true", "false"])
def test_replicate_survey_purge_answer_reaches_every_secret_as_the_roles_boolean(purge):
    answers = {"secret_ids": "app/db\napp/api", "replica_regions": "eu-west-1, us-west-2", "purge_replicas": purge}
    extra_vars = awx_extra_vars("replicate-survey.json", answers, blanks_sent=True)
    job = run_tasks("replicate", ["Turn the job's inputs into the role's variables", "Refuse inputs the role cannot run, before any call",
                                  "Replicate the listed secrets with the secretsmanager.replication.replicate role",
                                  "Replicate every secret the selector matches with the secretsmanager.replication.replicate role"], extra_vars)
    assert job["Refuse inputs the role cannot run, before any call"]["skipped"]
    role_vars = dict({key: value for key, value in extra_vars.items() if key in ROLE_OPTIONS},
                     **job["Replicate the listed secrets with the secretsmanager.replication.replicate role"]["vars"])
    assert job["Replicate every secret the selector matches with the secretsmanager.replication.replicate role"]["skipped"]
    # The role's argument spec checks its variables but hands its tasks them unconverted: a boolean, not the string.
    replicas = [{"region": "eu-west-1"}, {"region": "us-west-2"}]
    assert role_vars["replicate_secrets"] == [{"secret_id": name, "replicas": replicas, "purge_replicas": purge == "true"} for name in ("app/db", "app/api")]
    assert validated(ROLE_OPTIONS, role_vars)["replicate_wait_timeout"] == 300


@pytest.mark.parametrize("confirm", ["false", "true"])
def test_promote_survey_answers_are_refused_before_any_call_unless_confirmed(confirm):
    answers = {"promote_secrets": "app/db\napp/api", "promote_region": "eu-west-1", "promote_confirm": confirm}
    tasks = run_tasks("promote", ["Read the job's inputs", "Refuse unless promotion is confirmed and complete, before any call",
                                  "Promote every secret's replica in promote_region"], awx_extra_vars("promote-survey.json", answers, blanks_sent=True))
    refusal = tasks["Refuse unless promotion is confirmed and complete, before any call"]
    if confirm == "false":
        assert refusal["args"]["msg"].startswith("Promotion refused, nothing was called: ") and "(given: 2)" in refusal["args"]["msg"]
    else:
        assert refusal["skipped"]
        promotion = validated(module_spec("secret_replica"), tasks["Promote every secret's replica in promote_region"]["args"])
        assert [entry["secret_id"] for entry in promotion["secrets"]] == ["app/db", "app/api"]
        assert (promotion["replicas"][0]["region"], promotion["state"], promotion["verify_sync"]) == ("eu-west-1", "promoted", True)


if __name__ == "__main__":
    print(json.dumps(_templated_tasks(json.load(sys.stdin))))
