# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""docs/docsite/rst/playbooks.rst documents every playbook: its variables, its AWX survey, and what it publishes.

Everything expected is read from the playbooks themselves: the set_stats data keys (following include_tasks and this
collection's roles), the variables named in the header's "Variables:" list and every variable read with
`| default(...)`. The fields of each published value come from the code that builds it (SHAPES), or, when the playbook
spells the dict out, from the YAML. A name counts as documented when it appears in a ``literal`` of the playbook's
section (a field also in the section of another playbook publishing the same key, or under Conventions).
"""

import json
import re
from pathlib import Path

import pytest
import yaml

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.cross_account_job import job_report
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.failback import failback_plan
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.failback import failback_report
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.failover import failover_report
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.failures import describe_failure
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.health_report import health_report
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.promotion_report import promotion_report
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_report import replication_report
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization_report import organization_report
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization_report import published_summary
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization_report import unit_result

COLLECTION = Path(__file__).resolve().parents[3]
PLAYBOOKS = sorted((COLLECTION / "playbooks").glob("*.yml"))
SURVEYS = sorted((COLLECTION / "docs" / "awx").glob("*-survey.json"))
REFERENCE = COLLECTION / "docs" / "docsite" / "rst" / "playbooks.rst"
LABEL_PREFIX = "ansible_collections.secretsmanager.replication.docsite.playbooks."
SECTION_LABEL = re.compile(r"^\.\. _" + re.escape(LABEL_PREFIX) + r"(\w+):$", re.M)
LITERAL = re.compile(r"``(.+?)``", re.S)
SNAKE_NAME = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/-])")
# A variable the playbook reads with a default: an input. Attributes (x.y | default) and private names are not.
DEFAULTED = re.compile(r"(?<![\w.])([a-z][a-z0-9_]*)\s*\|\s*default\(")
INCLUDE_TASKS = ("ansible.builtin.include_tasks", "ansible.builtin.import_tasks", "include_tasks", "import_tasks")
INCLUDE_ROLE = ("ansible.builtin.include_role", "ansible.builtin.import_role", "include_role", "import_role")
SET_STATS = ("ansible.builtin.set_stats", "set_stats")
SET_FACT = ("ansible.builtin.set_fact", "set_fact")
COLLECTION_PREFIX = "secretsmanager.replication."


# What each published value is built by, called on a small input shaped as the modules return it: the keys of the
# result, and of the dicts inside it, are its fields (keys that are data, such as secret ids and Regions, are not).
# A published key missing here fails test_every_published_value_has_a_known_shape: add how the code builds it.
PRIMARY_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf"
REPLICA_ARN = "arn:aws:secretsmanager:us-west-2:123456789012:secret:app/db-AbCdEf"
PROMOTED = {"region": "us-west-2", "arn": REPLICA_ARN, "outcome": "promoted", "promoted_from": PRIMARY_ARN,
            "promoted_at": "2026-01-01T00:00:00.000000Z", "replica_status": {"status": "InSync", "status_message": "Replication succeeded"}}
PROMOTION = {"results": [{"secret_id": "app/db", "promoted": [PROMOTED], "failures": [],
                          "followers": [{"region": "eu-west-1", "finding": "absent", "arn": None, "kms_key_id": None, "changed": False}]}]}
FAILBACK_JOB = {"secrets": ["app/db"], "region": "us-east-1", "winner_region": "us-west-2", "kms_keys": {}, "discard_loser_changes": False,
                "make_primary": True}
COMPLIANT_SECRET = {"secret_id": "app/db", "arn": PRIMARY_ARN, "primary_region": "us-east-1", "compliant": True,
                    "current_replicas": [{"region": "us-west-2", "status": "InSync", "arn": REPLICA_ARN, "kms_key_id": "alias/aws/secretsmanager"}]}
# A set_stats key made per unit (a template in the playbook): the name the reference documents it by.
UNIT_KEY = "replication_unit_<account_id>_<region>"
PUBLISHED_AS = {"{{ __replicate_scale_out_unit.key }}": UNIT_KEY}
SHAPES = {
    "replicate_report": lambda: replication_report([COMPLIANT_SECRET], []),
    "replicate_scale_out_summaries": lambda: replication_report([COMPLIANT_SECRET], [])["summary"],
    "cross_account_report": lambda: job_report([{"secret_id": "app/db", "arn": PRIMARY_ARN, "name": "app/db"}], {}, {}, {}),
    "promote_report": lambda: promotion_report(
        [{"secret_id": "app/db", "promoted": [PROMOTED], "failures": [describe_failure("eu-west-1", "standalone", reason="unverified")]}], "us-west-2"),
    "failover_report": lambda: failover_report(PROMOTION),
    "failback_report": lambda: failback_report(failback_plan({"secrets": []}, FAILBACK_JOB), {"secrets": []}, FAILBACK_JOB),
    "replication_report_summary": lambda: health_report([])["summary"],
    UNIT_KEY: lambda: unit_result("h", "us-east-1", account_id="111111111111", failed={"msg": "boom"})["unit"],
    "organization_report_summary": lambda: published_summary(organization_report({})),
}
FIELD_NAME = re.compile(r"[a-z][a-z0-9_]*")


def sections():
    """({playbook stem: its section's text}, the Conventions section), each section running from its label to the next."""
    text = REFERENCE.read_text(encoding="utf-8")
    labels = list(SECTION_LABEL.finditer(text))
    playbooks = {match.group(1): text[match.start(): labels[index + 1].start() if index + 1 < len(labels) else len(text)]
                 for index, match in enumerate(labels)}
    preamble = text[: labels[0].start()] if labels else text
    assert "\nConventions\n" in preamble, f"{REFERENCE.name} has no Conventions section before the playbooks"
    return playbooks, preamble.split("\nConventions\n", 1)[1]


# Fields shared by several reports (failure entries) are described once, under Conventions.
SECTIONS, CONVENTIONS = sections()


def literals(section):
    return " ".join(LITERAL.findall(section))


def documents(section, name):
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", literals(section)) is not None


def load_tasks(path):
    """The tasks of a playbook (every play's) or of a task file."""
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if content and all("hosts" in item or "import_playbook" in item for item in content):
        return [task for play in content for part in ("pre_tasks", "tasks", "post_tasks", "handlers") for task in play.get(part) or []]
    return content


def module_args(task, names):
    for name in names:
        if name in task:
            return task[name]
    return None


def included_file(task, base):
    """The task file an include_tasks / import_tasks, or an include_role of this collection, runs; None for other tasks."""
    tasks_file = module_args(task, INCLUDE_TASKS)
    if tasks_file is not None:
        tasks_file = tasks_file["file"] if isinstance(tasks_file, dict) else tasks_file
        assert "{{" not in tasks_file, f"{tasks_file}: a templated task file cannot be followed"
        return base / tasks_file
    role = module_args(task, INCLUDE_ROLE)
    if role is not None and role["name"].startswith(COLLECTION_PREFIX):
        role_tasks = COLLECTION / "roles" / role["name"][len(COLLECTION_PREFIX):] / "tasks"
        return role_tasks / f"{role.get('tasks_from', 'main')}.yml"
    return None


def all_tasks(path, base=None):
    """Every task a playbook runs: blocks opened, include_tasks and this collection's roles followed."""
    base = base or path.parent
    for task in load_tasks(path):
        yield from tasks_in(task, base)


def tasks_in(task, base):
    yield task
    for part in ("block", "rescue", "always"):
        for inner in task.get(part) or []:
            yield from tasks_in(inner, base)
    included = included_file(task, base)
    if included is not None:
        assert included.is_file(), f"{included} is included but does not exist"
        yield from all_tasks(included, included.parent)


def published(playbook):
    """{set_stats data key: its value as written in YAML}."""
    data = {}
    for task in all_tasks(playbook):
        stats = module_args(task, SET_STATS)
        if stats is not None:
            data.update({PUBLISHED_AS.get(key, key): value for key, value in stats["data"].items()})
    return data


def header_variables(playbook):
    """The names in the header comment's "Variables:" list (up to a "set_stats:" line or the header's end)."""
    header = []
    for line in playbook.read_text(encoding="utf-8").splitlines():
        if line.startswith("---"):
            continue
        if not line.startswith("#"):
            break
        header.append(line.lstrip("#").strip())
    text = " ".join(header)
    if "Variables:" not in text:
        return set()
    listed = text.split("Variables:", 1)[1].split("set_stats:", 1)[0]
    return set(SNAKE_NAME.findall(listed))


def set_fact_names(playbook):
    return {name for task in all_tasks(playbook) for name in (module_args(task, SET_FACT) or {}) if name != "cacheable"}


def defaulted_inputs(playbook):
    """Variables the playbook itself reads with `| default(...)`, but not the facts it sets."""
    text = playbook.read_text(encoding="utf-8")
    return {name for name in DEFAULTED.findall(text) if not name.startswith("_")} - set_fact_names(playbook)


def field_names(value):
    """Every key of a dict, and of the dicts inside it, that names a field."""
    if isinstance(value, dict):
        return {name for name in value if FIELD_NAME.fullmatch(name)} | {name for inner in value.values() for name in field_names(inner)}
    if isinstance(value, list):
        return {name for inner in value for name in field_names(inner)}
    return set()


def published_fields(key, value):
    if isinstance(value, dict):
        return set(value)
    return field_names(SHAPES[key]())


IDS = [playbook.stem for playbook in PLAYBOOKS]


def test_every_section_is_a_playbook_and_titled_by_its_file():
    assert set(SECTIONS) == {playbook.stem for playbook in PLAYBOOKS}
    for stem, section in SECTIONS.items():
        # The title gives the anchor README.md links to (docutils: lower case, runs of other characters become "-").
        title = section.split("\n\n", 1)[1].splitlines()
        assert title[0] == f"{stem}.yml" and set(title[1]) == {"-"} and len(title[1]) == len(title[0]), stem


def sections_publishing(key):
    """The sections of every playbook that publishes `key`: its fields are described once, in one of them."""
    return "".join(SECTIONS.get(playbook.stem, "") for playbook in PLAYBOOKS if key in published(playbook))


@pytest.mark.parametrize("playbook", PLAYBOOKS, ids=IDS)
def test_every_set_stats_key_and_its_fields_are_documented(playbook):
    section = SECTIONS[playbook.stem]
    data = published(playbook)
    assert data, f"{playbook.name} publishes nothing with set_stats: the page says it does"
    for key, value in data.items():
        assert documents(section, key), f"{playbook.name} publishes {key}, not documented in its section of {REFERENCE.name}"
        described = sections_publishing(key) + CONVENTIONS
        undocumented = sorted(field for field in published_fields(key, value) if not documents(described, field))
        assert not undocumented, f"{playbook.name}: fields of {key} not documented: {undocumented}"


def test_every_published_value_has_a_known_shape():
    for playbook in PLAYBOOKS:
        for key, value in published(playbook).items():
            if isinstance(value, str):
                assert key in SHAPES, f"{playbook.name} publishes {key}: add how the code builds it to SHAPES, and document it"


@pytest.mark.parametrize("playbook", PLAYBOOKS, ids=IDS)
def test_every_variable_the_playbook_reads_is_documented(playbook):
    section = SECTIONS[playbook.stem]
    variables = header_variables(playbook) | defaulted_inputs(playbook)
    assert variables, f"found no variable of {playbook.name}"
    undocumented = sorted(name for name in variables if not documents(section, name))
    assert not undocumented, f"{playbook.name} reads {undocumented}, not documented in its section of {REFERENCE.name}"


@pytest.mark.parametrize("survey", SURVEYS, ids=[survey.name for survey in SURVEYS])
def test_each_survey_and_its_questions_are_documented(survey):
    section = SECTIONS[survey.name[: -len("-survey.json")]]
    assert documents(section, f"docs/awx/{survey.name}")
    questions = json.loads(survey.read_text(encoding="utf-8"))["spec"]
    assert not [question["variable"] for question in questions if not documents(section, question["variable"])]


@pytest.mark.parametrize("playbook", PLAYBOOKS, ids=IDS)
def test_readme_and_getting_started_link_every_playbook(playbook):
    anchor = re.sub(r"[^a-z0-9]+", "-", f"{playbook.stem}.yml")
    readme = (COLLECTION / "README.md").read_text(encoding="utf-8")
    assert f"(docs/docsite/rst/playbooks.rst#{anchor})" in readme
    getting_started = (COLLECTION / "docs" / "docsite" / "rst" / "getting_started.rst").read_text(encoding="utf-8")
    assert f"<{LABEL_PREFIX}{playbook.stem}>`" in getting_started
