# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AWX objects for a whole organization in docs/awx/, checked against what they run: the inventory source's file is
a valid aws_organization configuration that gives the scale-out playbook what it reads, and the workflow runs the sliced
scale-out and then, always, the organization report, which reads the keys the scale-out publishes."""

import json
import re
from pathlib import Path

import yaml
from ansible.plugins.doc_fragments.constructed import ModuleDocFragment as Constructed
from ansible.plugins.doc_fragments.inventory_cache import ModuleDocFragment as InventoryCache

from ansible_collections.amazon.aws.plugins.doc_fragments.assume_role import ModuleDocFragment as AssumeRole
from ansible_collections.amazon.aws.plugins.doc_fragments.boto3 import ModuleDocFragment as Boto3
from ansible_collections.amazon.aws.plugins.doc_fragments.common import ModuleDocFragment as Common
from ansible_collections.amazon.aws.plugins.doc_fragments.region import ModuleDocFragment as Region
from ansible_collections.secretsmanager.replication.plugins.inventory import aws_organization
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization import host_vars
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization import option_problems
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization_report import UNIT_KEY_PREFIX

COLLECTION = Path(__file__).resolve().parents[3]
AWX = COLLECTION / "docs" / "awx"
SOURCE = json.loads((AWX / "organization-inventory-source.json").read_text(encoding="utf-8"))
WORKFLOW = json.loads((AWX / "organization-workflow.json").read_text(encoding="utf-8"))
ROLE_SPECS = yaml.safe_load((COLLECTION / "roles" / "replicate" / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))
ROLE_OPTIONS = ROLE_SPECS["argument_specs"]["main"]["options"]


def plugin_options():
    """Every option of the plugin: its own and its documentation fragments' (for plugins: their PLUGINS variant)."""
    documents = [aws_organization.DOCUMENTATION, Constructed.DOCUMENTATION, InventoryCache.DOCUMENTATION]
    # amazon.aws.boto3 adds no option (only requirements), and sets its texts on an instance.
    documents += [fragment.PLUGINS for fragment in (AssumeRole, Common, Region, Boto3())]
    options = set()
    for document in documents:
        for name, option in (yaml.safe_load(document).get("options") or {}).items():
            options.add(name)
            options.update(option.get("aliases") or [])
    return options


def test_the_inventory_source_is_the_plugins_file_from_the_project():
    assert SOURCE["source"] == "scm"
    path = COLLECTION / SOURCE["source_path"]
    assert path.is_file() and path.name.endswith(aws_organization.InventoryModule.INVENTORY_FILE_SUFFIXES)
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert config["plugin"] == aws_organization.InventoryModule.NAME
    assert not set(config) - plugin_options(), f"{path.name} sets options the plugin does not have"
    assert option_problems(config.get("regions"), config.get("regions_from"), config.get("account_tags")) == []
    # What compose sets is the replicate role's input.
    assert set(config.get("compose") or {}) <= set(ROLE_OPTIONS)


def test_the_plugins_hostvars_are_what_the_scale_out_playbook_reads():
    playbook = (COLLECTION / "playbooks" / "replicate_scale_out.yml").read_text(encoding="utf-8")
    names = host_vars({"id": "1", "name": "n", "ou_id": "o", "ou_path": "p", "tags": {}}, "us-east-1", "r")
    read = {name for name in names if re.search(rf"\b{name}\b", playbook)}
    assert read == set(names) - {"aws_organizational_unit_id", "aws_account_tags"}
    assert "replicate_primary_region" in read and "replicate_role_arn" in read


def test_the_workflow_slices_the_scale_out_and_always_reports():
    templates = {template["name"]: template for template in WORKFLOW["job_templates"]}
    for template in templates.values():
        assert (COLLECTION / template["playbook"]).is_file(), template["playbook"]
        if template["survey_spec"]:
            assert (AWX / template["survey_spec"]).is_file()
            assert Path(template["playbook"]).stem == template["survey_spec"][: -len("-survey.json")]
    nodes = {node["identifier"]: node for node in WORKFLOW["workflow_nodes"]}
    assert len(nodes) == len(WORKFLOW["workflow_nodes"])
    for node in nodes.values():
        assert node["unified_job_template"] in templates
        assert set(node["success_nodes"] + node["failure_nodes"] + node["always_nodes"]) <= set(nodes)
    playbook_of = {identifier: templates[node["unified_job_template"]]["playbook"] for identifier, node in nodes.items()}
    (scale_out,) = [identifier for identifier, playbook in playbook_of.items() if playbook == "playbooks/replicate_scale_out.yml"]
    (report,) = [identifier for identifier, playbook in playbook_of.items() if playbook == "playbooks/report_organization.yml"]
    sliced = templates[nodes[scale_out]["unified_job_template"]]
    assert sliced["job_slice_count"] > 1
    assert sliced["inventory"] == SOURCE["inventory"]
    # Always: a failed unit fails its slice, and the report must still run on every unit's result.
    assert nodes[scale_out]["always_nodes"] == [report]


def test_the_report_reads_the_keys_the_scale_out_publishes():
    report = (COLLECTION / "playbooks" / "report_organization.yml").read_text(encoding="utf-8")
    assert f"'^{UNIT_KEY_PREFIX}'" in report and f"/{UNIT_KEY_PREFIX}*.json" in report
