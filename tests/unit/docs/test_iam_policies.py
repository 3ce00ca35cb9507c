# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The shipped IAM policies (docs/iam/*.json) allow exactly the calls the code makes, and never a secret value read.

The expected actions are derived from the code, not copied: every `client.<method>` the
module_utils wrappers use, and every call amazon.aws.kms_key_info makes for one key.
The one exception to "never a value read": AWS requires secretsmanager:GetSecretValue of whoever calls
AssociateCrossAccountReplica (AWS reads the value to replicate it), so the cross-account primary policy
allows it in one statement that says so, while the code still never calls it.
"""

import ast
import fnmatch
import importlib.util
import json
from pathlib import Path

import botocore.session
import pytest

from ansible_collections.amazon.aws.plugins.module_utils.botocore import botocore_at_least

COLLECTION = Path(__file__).resolve().parents[3]
POLICY_DIR = COLLECTION / "docs" / "iam"
WRAPPER_DIR = COLLECTION / "plugins" / "module_utils" / "_replication"
POLICIES = ("modules", "role", "promote", "report", "failover", "failback", "cross_account_primary", "cross_account_replica",
            "organization_inventory")

FORBIDDEN = ("secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue")
# Secrets Manager calls KMS with the caller's permissions to re-encrypt a replica (AWS user guide,
# Troubleshoot replication: kms:Decrypt on the primary's key, kms:GenerateDataKey and kms:Encrypt on
# the replica's key); these never appear as client calls in this collection's code.
REPLICATION_CRYPTO = {"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"}
# Beyond the call itself, what botocore's "Required permissions" of these operations add for cross-account replication
# (checked against botocore's text below): the primary's side associates; the replica's side creates a receiving secret
# (CrossAccountPrimaryARN, customer managed key) and promotes it.
AWS_REQUIRED = {
    "AssociateCrossAccountReplica": {"secretsmanager:GetSecretValue", "secretsmanager:AcceptCrossAccountReplication", "kms:Decrypt", "kms:Encrypt",
                                     "iam:PassRole"},
    "CreateSecret": {"secretsmanager:PutResourcePolicy", "kms:GenerateDataKey", "kms:Decrypt"},
    "StopReplicationToReplica": {"secretsmanager:DeleteResourcePolicy"},
}
# The statement of cross_account_primary.json that allows AWS's value read, and nothing else.
VALUE_READ_FOR_AWS_SID = "RequiredByAwsForAssociateNeverCalledByTheCollection"
# replicate_cross_account.yml reaches the replica account by assuming a role there (amazon.aws.sts_assume_role).
PLAYBOOK_ASSUMES_ROLE = "sts:AssumeRole"


def _operations(service):
    model = botocore.session.get_session().get_service_model(service)
    return {botocore.xform_name(name): f"{model.signing_name}:{name}" for name in model.operation_names}


SECRETSMANAGER = _operations("secretsmanager")
KMS = _operations("kms")
# botocore older than 1.44.2 (the compatibility leg) lacks the cross-account operations; these are AWS's names.
for _name in ("AssociateCrossAccountReplica", "DisassociateCrossAccountReplica"):
    SECRETSMANAGER.setdefault(botocore.xform_name(_name), f"secretsmanager:{_name}")


def _called_methods(path, receivers):
    """snake_case names of `<receiver>.<method>` attribute uses and `get_paginator("<method>")` calls."""
    methods = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in receivers:
            methods.add(node.attr)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get_paginator":
            methods.add(node.args[0].value)
    methods.discard("get_paginator")
    return methods


def _iam_action(method, prefer):
    """IAM action for a boto3 method; `prefer` decides when both services have the method."""
    candidates = [table[method] for table in (prefer, SECRETSMANAGER, KMS) if method in table]
    assert candidates, f"{method} is neither a Secrets Manager nor a KMS operation"
    return candidates[0]


def wrapper_actions():
    """IAM actions of every AWS call in plugins/module_utils/_replication, by file."""
    actions = {}
    for path in sorted(WRAPPER_DIR.rglob("*.py")):
        prefer = KMS if path.stem == "kms" else SECRETSMANAGER
        found = {_iam_action(method, prefer) for method in _called_methods(path, {"client"}) if method in SECRETSMANAGER or method in KMS}
        if found:
            actions[path.name] = found
    return actions


def _wrapper_function_actions():
    """{function name: IAM action} for each wrapper in secrets.py and kms.py (each makes one AWS call)."""
    actions = {}
    for name in ("secrets", "kms"):
        prefer = KMS if name == "kms" else SECRETSMANAGER
        for node in ast.parse((WRAPPER_DIR / "aws" / f"{name}.py").read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef):
                module = ast.Module(body=[node], type_ignores=[])
                methods = {call.attr for call in ast.walk(module)
                           if isinstance(call, ast.Attribute) and isinstance(call.value, ast.Name) and call.value.id == "client"}
                actions.update({node.name: _iam_action(method, prefer) for method in methods})
    return actions


def _imported_wrappers(path):
    """Names a module_utils file imports from secrets.py and kms.py."""
    return {alias.name for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[-1] in ("secrets", "kms") for alias in node.names}


def receiving_side_actions():
    """The calls of the cross_account_replica module: the wrappers receiving_secret.py imports."""
    table = _wrapper_function_actions()
    return {table[name] for name in _imported_wrappers(WRAPPER_DIR / "runs" / "receiving_secret.py")}


def cross_account_only_actions():
    """Calls only the cross-account features make: the cross-account operations, and the receiving side's own calls."""
    table = _wrapper_function_actions()
    elsewhere = {table[name] for path in WRAPPER_DIR.rglob("*.py") if path.stem != "receiving_secret" for name in _imported_wrappers(path)}
    linking = {action for action in table.values() if "CrossAccount" in action}
    return linking | (receiving_side_actions() - elsewhere)


def kms_key_info_actions():
    """IAM actions amazon.aws.kms_key_info needs for one key_id (the role's preflight)."""
    spec = importlib.util.find_spec("ansible_collections.amazon.aws.plugins.modules.kms_key_info")
    methods = _called_methods(Path(spec.origin), {"connection"})
    # ListKeys lists every key in the account: kms_key_info calls it only without key_id or alias.
    methods.discard("list_keys")
    return {KMS[method] for method in methods}


def load(name):
    return json.loads((POLICY_DIR / f"{name}.json").read_text(encoding="utf-8"))


def allowed_actions(policy):
    actions = set()
    for statement in policy["Statement"]:
        listed = statement["Action"]
        actions.update([listed] if isinstance(listed, str) else listed)
    return actions


def aws_api_actions(policy):
    return {action for action in allowed_actions(policy) if action.split(":")[0] in ("secretsmanager", "kms")}


def test_every_policy_is_shipped():
    assert sorted(path.stem for path in POLICY_DIR.glob("*.json")) == sorted(POLICIES)


@pytest.mark.parametrize("name", POLICIES)
def test_policy_is_a_valid_identity_policy(name):
    policy = load(name)
    assert policy["Version"] == "2012-10-17"
    assert policy["Statement"], name
    sids = [statement["Sid"] for statement in policy["Statement"]]
    assert len(sids) == len(set(sids)), f"{name}: duplicate Sid"
    for statement in policy["Statement"]:
        assert set(statement) <= {"Sid", "Effect", "Action", "Resource", "Condition"}, statement
        assert statement["Effect"] == "Allow"
        assert statement["Action"] and statement["Resource"]
        for action in statement["Action"]:
            service, _sep, operation = action.partition(":")
            assert service in ("secretsmanager", "kms", "ec2", "iam", "sts", "organizations", "account") and operation, action
            assert "*" not in action and "?" not in action, f"{name}: wildcard action {action} is not least privilege"


@pytest.mark.parametrize("name", [name for name in POLICIES if name != "cross_account_primary"])
def test_policy_never_allows_reading_a_secret_value(name):
    text = (POLICY_DIR / f"{name}.json").read_text(encoding="utf-8")
    for forbidden in FORBIDDEN:
        assert forbidden.split(":")[1] not in text
        assert not any(fnmatch.fnmatch(forbidden, pattern) for pattern in allowed_actions(load(name))), (name, forbidden)


def test_the_primary_side_allows_aws_value_read_alone_in_a_statement_that_says_so():
    policy = load("cross_account_primary")
    reading = [statement for statement in policy["Statement"] if set(statement["Action"]) & set(FORBIDDEN)]
    assert [(statement["Sid"], statement["Action"]) for statement in reading] == [(VALUE_READ_FOR_AWS_SID, ["secretsmanager:GetSecretValue"])]
    assert "secretsmanager:BatchGetSecretValue" not in allowed_actions(policy)


def test_wrapper_parsing_finds_the_known_calls():
    # Guards the parser itself: if it found nothing, the coverage test below would pass vacuously.
    found = wrapper_actions()
    assert "secretsmanager:DescribeSecret" in found["secrets.py"]
    assert found["kms.py"] == {"kms:DescribeKey"}


def test_modules_policy_allows_exactly_the_wrapper_calls():
    called = set().union(*wrapper_actions().values())
    assert not called & set(FORBIDDEN), "the code calls an API that returns secret values"
    # The cross-account calls have policies of their own (below).
    assert aws_api_actions(load("modules")) == (called - cross_account_only_actions()) | REPLICATION_CRYPTO


def test_cross_account_parsing_finds_the_known_calls():
    # Guards the parsers: if they found nothing, the policy tests below would pass vacuously.
    assert {"secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "kms:DescribeKey"} <= receiving_side_actions()
    assert {"secretsmanager:AssociateCrossAccountReplica", "secretsmanager:DisassociateCrossAccountReplica",
            "secretsmanager:CreateSecret"} <= cross_account_only_actions()
    assert "secretsmanager:DescribeSecret" not in cross_account_only_actions()


def test_cross_account_primary_policy_allows_the_link_calls_and_what_aws_requires_for_them():
    linking = {action for action in cross_account_only_actions() if "CrossAccount" in action}
    expected = {"secretsmanager:DescribeSecret"} | linking | AWS_REQUIRED["AssociateCrossAccountReplica"] | {PLAYBOOK_ASSUMES_ROLE}
    assert allowed_actions(load("cross_account_primary")) == expected


def test_cross_account_replica_policy_allows_the_receiving_side_calls_and_what_aws_requires_for_them():
    expected = receiving_side_actions() | AWS_REQUIRED["CreateSecret"] | AWS_REQUIRED["StopReplicationToReplica"]
    assert allowed_actions(load("cross_account_replica")) == expected


def test_aws_required_permissions_are_botocores_own_words():
    model = botocore.session.get_session().get_service_model("secretsmanager")
    if not botocore_at_least("1.44.2"):
        # The compatibility leg's botocore: no cross-account replication at all, hence the modules' version check.
        assert "AssociateCrossAccountReplica" not in model.operation_names
        return
    for operation, required in AWS_REQUIRED.items():
        documentation = model.operation_model(operation).documentation
        for action in required:
            assert action in documentation, (operation, action)


def test_role_policy_allows_what_the_role_calls():
    # The role runs secret_replica with state present (never promoted: no StopReplicationToReplica, no promotion marker),
    # secret_replica_info with ListSecrets filters (the fleet read and verify; no version dates), amazon.aws.kms_key_info per
    # replica key and amazon.aws.aws_region_info for opt-in Regions.
    called = (set().union(*wrapper_actions().values()) - cross_account_only_actions() - PROMOTION_ONLY
              - {"secretsmanager:ListSecretVersionIds"})
    expected = called | kms_key_info_actions() | REPLICATION_CRYPTO
    policy = load("role")
    assert aws_api_actions(policy) == expected
    assert allowed_actions(policy) - expected == {"ec2:DescribeRegions"}


def test_kms_key_info_parsing_finds_its_calls():
    assert {"kms:DescribeKey", "kms:ListAliases"} <= kms_key_info_actions()


PROMOTION_ONLY = {"secretsmanager:StopReplicationToReplica", "secretsmanager:TagResource"}
# secret_replica with state present: describe, replicate (a retry removes first), re-key in place.
REPLICATE = {"secretsmanager:DescribeSecret", "secretsmanager:ReplicateSecretToRegions", "secretsmanager:RemoveRegionsFromReplication",
             "secretsmanager:UpdateSecret", "kms:DescribeKey"} | REPLICATION_CRYPTO


def test_promote_policy_touches_only_the_replica_and_its_marker():
    assert allowed_actions(load("promote")) == {"secretsmanager:DescribeSecret"} | PROMOTION_ONLY


def test_failover_policy_promotes_marks_and_replicates_but_lists_nothing():
    # failover.yml: secret_replica state promoted (with follower Regions), then state present with overwrite.
    assert allowed_actions(load("failover")) == REPLICATE | PROMOTION_ONLY


def test_failback_policy_adds_version_dates_to_what_failover_does():
    # failback.yml: secret_replica_info over several Regions with version dates (ListSecretVersionIds), secret_replica
    # state absent (unlink) and present (replace), and with failback_make_primary the failover steps.
    assert allowed_actions(load("failback")) == REPLICATE | PROMOTION_ONLY | {"secretsmanager:ListSecretVersionIds"}


def test_report_policy_is_read_only():
    assert allowed_actions(load("report")) == {"secretsmanager:DescribeSecret", "secretsmanager:ListSecrets"}


@pytest.mark.parametrize("name", POLICIES)
def test_actions_the_api_does_not_scope_use_resource_star(name):
    # ListSecrets, ListAliases, DescribeRegions and the organization-wide reads have no resource-level permissions in IAM.
    unscoped = {"secretsmanager:ListSecrets", "kms:ListAliases", "ec2:DescribeRegions"} | ORGANIZATION_WIDE
    for statement in load(name)["Statement"]:
        if set(statement["Action"]) & unscoped:
            assert set(statement["Action"]) <= unscoped and statement["Resource"] == "*", statement
        else:
            assert statement["Resource"] != "*", statement


# AWS Organizations' calls about the whole organization (no resource type in the service authorization reference).
ORGANIZATION_WIDE = {"organizations:DescribeOrganization", "organizations:ListRoots", "organizations:ListAccounts"}
DISCOVERY = COLLECTION / "plugins" / "plugin_utils" / "_replication" / "organization.py"


def discovery_actions():
    """IAM actions of every call the inventory plugin's discovery makes: `self.organizations.<method>` and
    `self.account.<method>` in organization.py (sts:GetCallerIdentity, made by the plugin itself, needs no permission)."""
    actions = set()
    for node in ast.walk(ast.parse(DISCOVERY.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute) and node.value.attr in ("organizations", "account"):
            if isinstance(node.value.value, ast.Name) and node.value.value.id == "self":
                actions.add(_operations(node.value.attr)[node.attr])
    return actions


def test_organization_inventory_policy_allows_exactly_the_discovery_calls():
    called = discovery_actions()
    # Guards the parser: the calls discovery cannot do without.
    assert {"organizations:ListAccounts", "organizations:ListTagsForResource", "account:ListRegions"} <= called
    assert allowed_actions(load("organization_inventory")) == called


def _rst_policy_blocks():
    """{name: parsed JSON} of the code block after each 'Policy file: ``docs/iam/<name>.json``' line of iam.rst."""
    lines = (COLLECTION / "docs" / "docsite" / "rst" / "iam.rst").read_text(encoding="utf-8").splitlines()
    blocks = {}
    for index, line in enumerate(lines):
        if line.startswith("Policy file: ``docs/iam/"):
            name = line.split("docs/iam/")[1].split(".json")[0]
            assert lines[index + 2] == ".. code-block:: json", line
            body = []
            for code in lines[index + 4:]:
                if code and not code.startswith("  "):
                    break
                body.append(code)
            blocks[name] = json.loads("\n".join(body))
    return blocks


def test_iam_guide_shows_the_shipped_policies():
    assert _rst_policy_blocks() == {name: load(name) for name in POLICIES}
