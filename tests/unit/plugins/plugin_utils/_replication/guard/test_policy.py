# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.policy import GuardConfigError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.policy import guard_policy
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.policy import run_variables
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.guard.policy import unit_problem


def config(**changes):
    """The clock event's variables as the rulebook renders them for a minimal valid guard."""
    values = {
        "token_length": 32,
        "secret_filters": "tag-key=dr",
        "replica_regions": ["us-east-1", "us-west-2", "eu-west-1"],
        "replica_kms_keys": None,
        "allowed_regions": None,
        "denied_regions": None,
        "overwrite": "never",
        "window": 10,
    }
    values.update(changes)
    return values


def test_the_defaults():
    assert guard_policy(config()) == {
        "secret_filters": "tag-key=dr",
        "replica_regions": ["us-east-1", "us-west-2", "eu-west-1"],
        "replica_kms_keys": {},
        "allowed_regions": [],
        "denied_regions": [],
        "overwrite": "never",
        "window": 10,
        "accounts": [],
    }


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"token_length": 0}, "^replication_guard_token is empty"),
        ({"secret_filters": None}, "^replication_guard_secret_filters is required"),
        ({"secret_filters": {}}, "never acts on every secret"),
        ({"replica_regions": None}, "^replication_guard_replica_regions: expected a non-empty list"),
        ({"replica_regions": "us-west-2,eu-west-1"}, "^replication_guard_replica_regions: expected"),
        ({"replica_regions": ["us-west-2", "mars 1"]}, "^replication_guard_replica_regions: expected"),
        ({"allowed_regions": "us-east-1"}, "^replication_guard_allowed_regions: expected a list"),
        ({"denied_regions": [1]}, "^replication_guard_denied_regions: expected a list"),
        ({"allowed_regions": ["us-east-1", "us-west-2"]}, "eu-west-1' is not an allowed Region"),
        ({"denied_regions": ["us-west-2"]}, "us-west-2' is a denied Region"),
        ({"replica_kms_keys": ["alias/x"]}, "^replication_guard_replica_kms_keys: expected"),
        ({"replica_kms_keys": {"ap-south-1": "alias/x"}}, "names ap-south-1, not in replication_guard_replica_regions"),
        ({"overwrite": "always"}, "^replication_guard_overwrite: expected one of never, on_conflict"),
        ({"window": 0}, "^replication_guard_window: expected a number"),
        ({"window": "10"}, "^replication_guard_window: expected a number"),
        ({"window": True}, "^replication_guard_window: expected a number"),
    ],
)
def test_a_variable_it_cannot_use_is_refused_naming_it(changes, message):
    with pytest.raises(GuardConfigError, match=message):
        guard_policy(config(**changes))


def test_the_window_defaults_to_ten_seconds_and_takes_fractions():
    assert guard_policy(config(window=None))["window"] == 10
    assert guard_policy(config(window=0.5))["window"] == 0.5


def test_a_region_listed_twice_counts_once():
    assert guard_policy(config(replica_regions=["us-west-2", "us-west-2"]))["replica_regions"] == ["us-west-2"]


@pytest.mark.parametrize(
    "changes, region, problem",
    [
        ({}, "us-east-1", None),
        ({}, "ap-south-1", None),  # no allow list: every Region
        ({"allowed_regions": ["us-east-1", "us-west-2", "eu-west-1"]}, "ap-south-1", "ap-south-1 is outside the Region policy"),
        ({"denied_regions": ["ap-south-1"]}, "ap-south-1", "ap-south-1 is outside the Region policy"),
        ({"replica_regions": ["us-east-1"]}, "us-east-1", "nowhere to replicate to"),
    ],
)
def test_unit_problem(changes, region, problem):
    found = unit_problem(guard_policy(config(**changes)), region)
    assert found == problem if problem is None else problem in found


def test_only_the_listed_accounts_events_are_converged():
    policy = guard_policy(config(accounts=["111111111111"]))
    assert unit_problem(policy, "us-east-1", "111111111111") is None
    assert "account 222222222222 is not in replication_guard_accounts (111111111111)" in unit_problem(policy, "us-east-1", "222222222222")
    # No list: every account's events (one account's EventBridge rule delivers that account's events only).
    assert unit_problem(guard_policy(config()), "us-east-1", "222222222222") is None


@pytest.mark.parametrize("accounts", [["12345"], "111111111111", [111111111111]])
def test_accounts_must_be_a_list_of_account_ids(accounts):
    with pytest.raises(GuardConfigError, match="^replication_guard_accounts: expected a list of 12-digit account ids"):
        guard_policy(config(accounts=accounts))


def test_a_unit_replicates_to_every_policy_region_but_its_own():
    policy = guard_policy(config(replica_kms_keys={"us-east-1": "alias/east", "eu-west-1": "alias/west"}, overwrite="on_conflict",
                                 allowed_regions=["us-east-1", "us-west-2", "eu-west-1"]))
    assert run_variables(policy, "us-east-1") == {
        "secret_filters": "tag-key=dr",
        "replica_regions": ["us-west-2", "eu-west-1"],
        "replica_kms_keys": {"eu-west-1": "alias/west"},
        "replicate_primary_region": "us-east-1",
        "replicate_allowed_regions": ["us-east-1", "us-west-2", "eu-west-1"],
        "replicate_denied_regions": [],
        "replicate_overwrite": "on_conflict",
        "replicate_skip_promoted": True,
    }
    assert run_variables(policy, "eu-west-1")["replica_regions"] == ["us-east-1", "us-west-2"]
    assert run_variables(policy, "eu-west-1")["replica_kms_keys"] == {"us-east-1": "alias/east"}


def test_automatic_runs_never_overwrite_unless_told_and_always_skip_promoted_secrets():
    variables = run_variables(guard_policy(config()), "us-east-1")
    assert variables["replicate_overwrite"] == "never"
    assert variables["replicate_skip_promoted"] is True


def test_a_rulebook_without_the_webhook_has_no_token_to_check():
    """A copy of the rulebook reading SQS instead leaves token_length out of its clock."""
    values = config()
    del values["token_length"]
    assert guard_policy(values)["replica_regions"] == ["us-east-1", "us-west-2", "eu-west-1"]
