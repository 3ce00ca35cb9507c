# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Least privilege of the aws_organization inventory plugin, enforced by moto's IAM (as test_least_privilege.py does for
the other policies): docs/iam/organization_inventory.json is enough to discover the organization, and without any one
of its actions discovery fails (strict: true) naming that action.

moto authorises against the resource "*", so the user gets the policy's actions with Resource "*". AWS lets anyone call
sts:GetCallerIdentity; moto's IAM does not, so the user gets it too (the documented policy rightly lacks it).
"""

import json
import subprocess

import pytest
from standin.organizations import seed_organization

from conftest import BIN, ansible_environment
from test_least_privilege import create_user, for_moto, load_policy

POLICY = load_policy("organization_inventory")
LAYOUT = {"": [], "Prod": [{"name": "prod-api", "tags": {"dr": "gold"}}], "Prod/Payments": [{"name": "payments", "tags": {"dr": "gold"}}],
          "Dev": [{"name": "sandbox"}]}
# Two configurations between them make every call of the policy: the whole organization (ListAccounts, ListChildren)
# and some OUs (ListAccountsForParent); both read OUs, tags and each account's enabled Regions.
WHOLE = {"plugin": "secretsmanager.replication.aws_organization", "regions": ["us-east-1", "eu-west-1"], "regions_from": "account_management",
         "strict": True}
CONFIGS = {"whole": WHOLE, "units": dict(WHOLE, organizational_units=["Prod"])}
USES = {"organizations:ListAccounts": "whole", "organizations:ListChildren": "whole", "organizations:ListAccountsForParent": "units"}
CASES = [None] + sorted(action for statement in POLICY["Statement"] for action in statement["Action"])


def inventory(standin, tmp_path, config, organization, env):
    config = dict(config)
    if "organizational_units" in config:
        config["organizational_units"] = [organization["ous"][path] for path in config["organizational_units"]]
    path = tmp_path / "lp.aws_organization.yml"
    path.write_text(json.dumps(config), encoding="utf-8")
    # A source that fails to parse is only a warning unless this is set.
    env = dict(env, ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED="true")
    result = subprocess.run([str(BIN / "ansible-inventory"), "-i", str(path), "--list"], cwd=tmp_path, capture_output=True, text=True,
                            env=ansible_environment(standin, tmp_path, **env), timeout=120, check=False)
    result.output = result.stdout + result.stderr
    return result


@pytest.mark.parametrize("removed", CASES, ids=[removed or "exact-policy" for removed in CASES])
def test_organization_inventory_policy_is_enough_and_each_action_is_needed(standin, tmp_path, removed):
    organization = seed_organization(standin, LAYOUT)
    policy = for_moto(POLICY, without={removed} if removed else ())
    policy["Statement"].append({"Sid": "MotoAsksForWhatAwsAllowsEveryone", "Effect": "Allow", "Action": ["sts:GetCallerIdentity"], "Resource": "*"})
    access_key, secret_key = create_user(standin, policy)
    env = {"AWS_ACCESS_KEY_ID": access_key, "AWS_SECRET_ACCESS_KEY": secret_key}
    uses = [USES.get(removed, "whole")] if removed else list(CONFIGS)
    standin.enforce_iam(True)
    try:
        results = {use: inventory(standin, tmp_path, CONFIGS[use], organization, env) for use in uses}
    finally:
        standin.enforce_iam(False)

    for use, result in results.items():
        assert "Traceback" not in result.output, result.output[-3000:]
        if removed is None:
            assert result.returncode == 0, result.output[-3000:]
            hosts = json.loads(result.stdout)["aws_organization"]["hosts"]
            accounts = set(organization["accounts"].values()) | {"123456789012"}
            if use == "units":
                accounts = {organization["accounts"]["prod-api"], organization["accounts"]["payments"]}
            assert sorted(hosts) == sorted(f"{account}-{region}" for account in accounts for region in WHOLE["regions"]), use
        else:
            assert result.returncode != 0, f"discovery still succeeded without {removed}:\n{result.output[-3000:]}"
            assert f"{removed} was refused" in result.output and f"not authorized to perform: {removed}" in result.output, result.output[-3000:]
