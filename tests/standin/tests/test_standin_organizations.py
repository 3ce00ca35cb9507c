# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Organizations around the stand-in: Account Management's Region opt-in (ListRegions and friends, which moto lacks) and
the deny_assume_role fault (moto's AssumeRole always succeeds)."""

import pytest
from botocore.exceptions import ClientError

from standin import ACCOUNT_ID, StandInConfigError
from standin.account_regions import partition_regions
from standin_test_helpers import error_code

OPT_IN_REGION = "me-south-1"
ENABLED = ("ENABLED", "ENABLED_BY_DEFAULT")


@pytest.fixture
def organization(client):
    """An organization of the stand-in's account with one member account: (organizations client, member id)."""
    organizations = client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    member = organizations.create_account(AccountName="member", Email="member@example.org")["CreateAccountStatus"]["AccountId"]
    return organizations, member


def every_region(account, **params):
    regions, token = [], None
    while True:
        page = account.list_regions(**params, **({"NextToken": token} if token else {}))
        regions.extend(page["Regions"])
        token = page.get("NextToken")
        if not token:
            return regions


def test_list_regions_pages_every_region_of_the_partition_with_its_default_state(client):
    regions = every_region(client("account"), MaxResults=7)
    assert [region["RegionName"] for region in regions] == partition_regions("aws")
    states = {region["RegionName"]: region["RegionOptStatus"] for region in regions}
    assert states["us-east-1"] == "ENABLED_BY_DEFAULT"
    assert states[OPT_IN_REGION] == "DISABLED"
    # The same split as EC2's DescribeRegions.
    ec2 = {region["RegionName"]: region["OptInStatus"] for region in client("ec2").describe_regions(AllRegions=True)["Regions"]}
    assert {name for name, state in states.items() if state == "DISABLED"} == {name for name, state in ec2.items() if state == "not-opted-in"}


def test_list_regions_filters_by_status_and_refuses_a_bad_page_size(client):
    account = client("account")
    account.enable_region(RegionName=OPT_IN_REGION)
    enabled = every_region(account, RegionOptStatusContains=["ENABLED"])
    assert enabled == [{"RegionName": OPT_IN_REGION, "RegionOptStatus": "ENABLED"}]
    assert OPT_IN_REGION in {region["RegionName"] for region in every_region(account, RegionOptStatusContains=list(ENABLED))}
    with pytest.raises(ClientError) as refused:
        account.list_regions(MaxResults=51)
    assert error_code(refused) == "ValidationException"


def test_enable_and_disable_region_change_one_account_only(client, organization):
    organizations, member = organization
    organizations.enable_aws_service_access(ServicePrincipal="account.amazonaws.com")
    account = client("account")
    account.enable_region(AccountId=member, RegionName=OPT_IN_REGION)
    assert account.get_region_opt_status(AccountId=member, RegionName=OPT_IN_REGION)["RegionOptStatus"] == "ENABLED"
    assert account.get_region_opt_status(RegionName=OPT_IN_REGION)["RegionOptStatus"] == "DISABLED"
    # The member's own view, with its own credentials and no AccountId.
    assert client("account", account=member).get_region_opt_status(RegionName=OPT_IN_REGION)["RegionOptStatus"] == "ENABLED"
    account.disable_region(AccountId=member, RegionName=OPT_IN_REGION)
    assert account.get_region_opt_status(AccountId=member, RegionName=OPT_IN_REGION)["RegionOptStatus"] == "DISABLED"
    with pytest.raises(ClientError) as refused:
        account.enable_region(RegionName="us-east-1")
    assert error_code(refused) == "ValidationException"


@pytest.mark.parametrize("case", ["member caller", "own account", "not a member", "no trusted access"])
def test_account_id_follows_the_account_management_rules(client, organization, case):
    organizations, member = organization
    if case != "no trusted access":
        organizations.enable_aws_service_access(ServicePrincipal="account.amazonaws.com")
    caller, account_id, reason = {
        "member caller": (member, ACCOUNT_ID, "management account"),
        "own account": (None, ACCOUNT_ID, "standalone context"),
        "not a member": (None, "999999999999", "not a member"),
        "no trusted access": (None, member, "trusted access"),
    }[case]
    with pytest.raises(ClientError) as denied:
        client("account", account=caller).list_regions(AccountId=account_id)
    assert error_code(denied) == "AccessDeniedException"
    assert denied.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "account:ListRegions" in str(denied.value) and reason in str(denied.value)


def test_region_state_is_wiped_by_reset_and_calls_are_logged_by_operation(standin, client):
    account = client("account")
    account.enable_region(RegionName=OPT_IN_REGION)
    account.list_regions()
    assert [(entry["service"], entry["operation"]) for entry in standin.request_log()] == [("account", "EnableRegion"), ("account", "ListRegions")]
    standin.reset()
    assert account.get_region_opt_status(RegionName=OPT_IN_REGION)["RegionOptStatus"] == "DISABLED"


def test_deny_assume_role_denies_only_the_roles_named(standin, client):
    denied_role, other_role = "arn:aws:iam::111111111111:role/replication", "arn:aws:iam::222222222222:role/replication"
    standin.set_faults(deny_assume_role=[denied_role])
    sts = client("sts")
    with pytest.raises(ClientError) as denied:
        sts.assume_role(RoleArn=denied_role, RoleSessionName="denied")
    assert error_code(denied) == "AccessDenied"
    assert denied.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert f"is not authorized to perform: sts:AssumeRole on resource: {denied_role}" in str(denied.value)
    assert sts.assume_role(RoleArn=other_role, RoleSessionName="allowed")["AssumedRoleUser"]["Arn"].startswith("arn:aws:sts::222222222222:")
    assert [(entry["operation"], entry["error_code"]) for entry in standin.request_log()] == [("AssumeRole", "AccessDenied"), ("AssumeRole", None)]
    standin.clear_faults()
    sts.assume_role(RoleArn=denied_role, RoleSessionName="allowed")


def test_deny_assume_role_takes_a_list_of_arns(standin):
    with pytest.raises(StandInConfigError):
        standin.set_faults(deny_assume_role="arn:aws:iam::111111111111:role/replication")
