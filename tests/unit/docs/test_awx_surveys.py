# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every AWX survey spec in docs/awx/ (<playbook>-survey.json) asks only for variables its playbook reads, with a type the
playbook accepts; and every shipped playbook has one.

A variable is read by the playbook when a Jinja expression in the playbook names it, or, for a playbook that includes
the replicate role, when the role's argument specs list it (then the survey's type must fit the spec's type: AWX sends
text as a string, which Ansible's argument validation turns into a list (comma-separated), a bool or an int).
"""

import json
import re
from pathlib import Path

import pytest
import yaml

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
