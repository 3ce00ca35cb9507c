# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The aws_organization inventory plugin's own part: options checked before any call, hosts and hostvars added, constructed
groups, host name templates, and the cache (a cached run creates no client). Discovery itself: test_organization.py."""

import pytest
from ansible.errors import AnsibleError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader

from ansible_collections.secretsmanager.replication.plugins.inventory.aws_organization import InventoryModule
from ansible_collections.secretsmanager.replication.tests.unit.plugins.plugin_utils._replication.test_organization import MANAGEMENT
from ansible_collections.secretsmanager.replication.tests.unit.plugins.plugin_utils._replication.test_organization import organization_of_five

try:
    from ansible.template import trust_as_template
except ImportError:  # ansible-core < 2.19 templates every string
    def trust_as_template(text):
        return text

PATH = "/inventory/org.aws_organization.yml"
DEFAULTS = {
    "organizational_units": [], "include_child_units": True, "account_ids": [], "exclude_account_ids": [], "account_tags": {},
    "regions": ["us-east-1"], "regions_from": None, "member_role_name": "secretsmanager-replication", "hostnames": None,
    "strict": False, "max_workers": 4, "compose": {}, "groups": {}, "keyed_groups": [], "leading_separator": True, "use_extra_vars": False, "cache": False,
}


class Caller:
    def get_caller_identity(self):
        return {"Account": MANAGEMENT}


@pytest.fixture
def plugin(monkeypatch):
    """An InventoryModule whose options are `options` (set them before parse) and whose clients are one fake organization."""
    module = InventoryModule()
    # What the plugin loader sets when it loads the plugin (ansible-core 2.17 reads it for the option definitions).
    module._load_name = "secretsmanager.replication.aws_organization"  # pylint: disable=protected-access
    module.options = dict(DEFAULTS)
    module.fake = organization_of_five()
    module.clients_made = []
    monkeypatch.setattr(module, "_read_config_data", lambda path: None)
    monkeypatch.setattr(module, "get_option", lambda name, hostvars=None: module.options.get(name))
    module.warnings = []
    monkeypatch.setattr(module, "warn", module.warnings.append)

    def client(service, **kwargs):
        module.clients_made.append((service, kwargs.get("region")))
        return Caller() if service == "sts" else module.fake

    monkeypatch.setattr(module, "client", client)
    module._cache = {}  # pylint: disable=protected-access
    return module


def parse(module, cache=True):
    inventory = InventoryData()
    module.parse(inventory, DataLoader(), PATH, cache=cache)
    return inventory


def test_hosts_hostvars_and_the_warning_for_a_skipped_account(plugin):
    inventory = parse(plugin)
    assert sorted(inventory.hosts) == [f"{account}-us-east-1" for account in (MANAGEMENT, "222222222222", "333333333333", "444444444444")]
    assert sorted(host.name for host in inventory.groups["aws_organization"].get_hosts()) == sorted(inventory.hosts)
    payments = inventory.get_host("222222222222-us-east-1").get_vars()
    assert payments["aws_organizational_unit_path"] == "Root/Prod/Payments"
    assert payments["replicate_role_arn"] == "arn:aws:iam::222222222222:role/secretsmanager-replication"
    assert [message for message in plugin.warnings if "555555555555 (closed)" in message]
    assert plugin.clients_made == [("organizations", "us-east-1")]


def test_keyed_groups_and_compose(plugin):
    plugin.options.update(keyed_groups=[{"key": trust_as_template("aws_organizational_unit_path"), "prefix": "ou"}],
                          compose={"replicate_selector": trust_as_template("{'tag-key': aws_account_tags.dr | default('none')}")})
    inventory = parse(plugin)
    assert [host.name for host in inventory.groups["ou_Root_Prod_Payments"].get_hosts()] == ["222222222222-us-east-1"]
    assert inventory.get_host("222222222222-us-east-1").get_vars()["replicate_selector"] == {"tag-key": "gold"}


def test_a_hostnames_template_names_the_hosts_and_must_keep_them_apart(plugin):
    plugin.options.update(hostnames=trust_as_template("{{ aws_account_name }}-{{ replicate_primary_region }}"))
    assert "payments-us-east-1" in parse(plugin).hosts
    plugin.options.update(hostnames=trust_as_template("{{ replicate_primary_region }}"))
    with pytest.raises(AnsibleError, match="names both"):
        parse(plugin)


def test_bad_options_are_refused_before_any_client(plugin):
    plugin.options.update(regions=[])
    with pytest.raises(AnsibleError, match="give regions"):
        parse(plugin)
    assert plugin.clients_made == []


def test_a_discovery_error_fails_the_inventory_with_its_message(plugin):
    plugin.fake.errors = {("ListAccounts", None): "AccessDeniedException"}
    with pytest.raises(AnsibleError, match="organizations:ListAccounts was refused"):
        parse(plugin)


def test_regions_from_account_management_asks_who_the_caller_is(plugin):
    plugin.options.update(regions=[], regions_from="account_management", account_ids=["333333333333"])
    assert sorted(parse(plugin).hosts) == ["333333333333-me-south-1", "333333333333-us-east-1"]
    assert sorted(service for service, _region in plugin.clients_made) == ["account", "organizations", "sts"]


def test_a_cached_run_makes_no_call_and_flush_cache_discovers_again(plugin):
    plugin.options.update(cache=True)
    first = parse(plugin)
    assert len(plugin._cache) == 1  # pylint: disable=protected-access
    calls = len(plugin.fake.calls)
    plugin.clients_made.clear()
    plugin.warnings.clear()
    second = parse(plugin)
    assert sorted(second.hosts) == sorted(first.hosts)
    assert (len(plugin.fake.calls), plugin.clients_made) == (calls, [])
    # The skipped account's warning comes from the cache too.
    assert [message for message in plugin.warnings if "555555555555" in message]
    parse(plugin, cache=False)  # --flush-cache
    assert len(plugin.fake.calls) > calls
