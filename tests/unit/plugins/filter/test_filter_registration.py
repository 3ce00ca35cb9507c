# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every filter plugin registers one filter under its file's name: the name playbooks call it by."""

import importlib
import pkgutil

import pytest

PACKAGE = "ansible_collections.secretsmanager.replication.plugins.filter"
NAMES = sorted(module.name for module in pkgutil.iter_modules(importlib.import_module(PACKAGE).__path__))


def test_the_walk_finds_the_filter_plugins():
    assert {"aws_partition", "region_rule_problems", "replication_guardrail_policies", "replication_health_report",
            "replication_report_html"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_each_filter_is_registered_under_its_file_name(name):
    plugin = importlib.import_module(f"{PACKAGE}.{name}")
    filters = plugin.FilterModule().filters()
    assert list(filters) == [name] and callable(filters[name])
