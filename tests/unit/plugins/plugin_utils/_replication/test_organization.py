# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Discovery of an organization's units, on an in-memory organization that pages as AWS may (small pages, empty pages
with a NextToken), throttles and fails on demand."""

import threading

import pytest

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.pacing import WritePacer
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication import organization
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization import Discovery
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization import OrganizationError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization import OrganizationReader

from ansible_collections.secretsmanager.replication.tests.unit.conftest import FakeClock
from ansible_collections.secretsmanager.replication.tests.unit.conftest import client_error

MANAGEMENT = "111111111111"
ROOT = "r-root"
PROD, PAY, DEV = "ou-prod", "ou-pay", "ou-dev"


def account(account_id, name, parent, state="ACTIVE", tags=None, regions=("us-east-1", "eu-west-1")):
    return {"Id": account_id, "Name": name, "State": state, "Status": "ACTIVE" if state == "ACTIVE" else "SUSPENDED", "parent": parent,
            "tags": dict(tags or {}), "regions": list(regions)}


class FakeOrganization:
    """Organizations and Account Management calls over an OU tree. Every list call pages `page_size` items at a time and
    answers `empty_pages` empty pages with a NextToken first; `throttle` {operation: n} throttles its first n calls;
    `errors` {(operation, resource id): code} fails calls about one OU or account."""

    def __init__(self, accounts, page_size=2, empty_pages=1):
        self.units = {ROOT: ("Root", None), PROD: ("Prod", ROOT), PAY: ("Payments", PROD), DEV: ("Dev", ROOT)}
        self.accounts = accounts
        self.page_size = page_size
        self.empty_pages = empty_pages
        self.throttle = {}
        self.errors = {}
        self.calls = []
        self.lock = threading.Lock()  # discovery reads accounts from several threads

    def _call(self, operation, resource=None):
        with self.lock:
            self.calls.append((operation, resource))
            throttled = self.throttle.get(operation)
            if throttled:
                self.throttle[operation] -= 1
        if throttled:
            raise client_error("TooManyRequestsException", operation, message="AWS Organizations can't complete your request right now")
        if (operation, resource) in self.errors:
            raise client_error(self.errors[(operation, resource)], operation, status=403)

    def _page(self, key, items, NextToken=None, **_params):
        """Items page_size at a time, after `empty_pages` empty pages (tokens "e0", "e1", ...)."""
        token = NextToken or ""
        if self.empty_pages and not token.startswith("p") and (not token or int(token[1:]) + 1 < self.empty_pages):
            return {key: [], "NextToken": f"e{int(token[1:]) + 1 if token else 0}"}
        start = int(token[1:]) if token.startswith("p") else 0
        page = {key: items[start:start + self.page_size]}
        if start + self.page_size < len(items):
            page["NextToken"] = f"p{start + self.page_size}"
        return page

    # Organizations
    def describe_organization(self):
        self._call("DescribeOrganization")
        return {"Organization": {"Id": "o-example", "MasterAccountId": MANAGEMENT}}

    def list_roots(self, **params):
        self._call("ListRoots")
        return self._page("Roots", [{"Id": ROOT, "Name": "Root"}], **params)

    def list_organizational_units_for_parent(self, ParentId, **params):
        self._call("ListOrganizationalUnitsForParent", ParentId)
        units = [{"Id": unit, "Name": name} for unit, (name, parent) in self.units.items() if parent == ParentId]
        return self._page("OrganizationalUnits", units, **params)

    def _described(self, entries):
        return [{key: value for key, value in entry.items() if key[0].isupper()} for entry in entries]

    def list_accounts(self, **params):
        self._call("ListAccounts")
        return self._page("Accounts", self._described(self.accounts), **params)

    def list_children(self, ParentId, ChildType, **params):
        self._call("ListChildren", ParentId)
        assert ChildType == "ACCOUNT"
        return self._page("Children", [{"Id": entry["Id"], "Type": "ACCOUNT"} for entry in self.accounts if entry["parent"] == ParentId], **params)

    def list_accounts_for_parent(self, ParentId, **params):
        self._call("ListAccountsForParent", ParentId)
        return self._page("Accounts", self._described(entry for entry in self.accounts if entry["parent"] == ParentId), **params)

    def list_tags_for_resource(self, ResourceId, **params):
        self._call("ListTagsForResource", ResourceId)
        (entry,) = [entry for entry in self.accounts if entry["Id"] == ResourceId]
        return self._page("Tags", [{"Key": key, "Value": value} for key, value in entry["tags"].items()], **params)

    # Account Management
    def list_regions(self, RegionOptStatusContains, MaxResults, AccountId=MANAGEMENT, **params):
        self._call("ListRegions", AccountId)
        assert set(RegionOptStatusContains) == {"ENABLED", "ENABLED_BY_DEFAULT"} and MaxResults == 50
        (entry,) = [entry for entry in self.accounts if entry["Id"] == AccountId]
        regions = [{"RegionName": region, "RegionOptStatus": "ENABLED_BY_DEFAULT"} for region in entry["regions"]]
        return self._page("Regions", regions, **params)

    def count(self, operation):
        return sum(1 for called, _resource in self.calls if called == operation)


def organization_of_five():
    return FakeOrganization([
        account(MANAGEMENT, "management", ROOT),
        account("222222222222", "payments", PAY, tags={"dr": "gold", "team": "pay"}),
        account("333333333333", "prod-api", PROD, tags={"dr": "silver"}, regions=("us-east-1", "me-south-1")),
        account("444444444444", "sandbox", DEV, tags={"dr": "none"}),
        account("555555555555", "closed", PROD, state="SUSPENDED", tags={"dr": "gold"}),
    ])


RETRY = AWSRetry.jittered_backoff(retries=4, delay=0, max_delay=0)


def discover(fake, clock=None, **options):
    pacer = WritePacer(rate_per_second=organization.LIST_REGIONS_PACE, clock=clock, sleep=clock.sleep) if clock else None
    reader = OrganizationReader(fake, retry=RETRY, account=fake, caller_account_id=MANAGEMENT, pacer=pacer)
    return Discovery(reader, **options).run()


def ids(discovery):
    return [entry["id"] for entry in discovery["accounts"]]


def test_every_active_account_with_its_ou_path_and_tags_through_empty_pages():
    fake = organization_of_five()
    found = discover(fake)
    assert ids(found) == [MANAGEMENT, "222222222222", "333333333333", "444444444444"]
    payments = found["accounts"][1]
    assert (payments["name"], payments["ou_id"], payments["ou_path"]) == ("payments", PAY, "Root/Prod/Payments")
    assert payments["tags"] == {"dr": "gold", "team": "pay"}
    assert found["accounts"][0]["ou_path"] == "Root"
    # ListAccounts paged through an empty page and three pages of two: every page was asked for.
    assert fake.count("ListAccounts") == 1 + 3
    assert found["management_account_id"] == MANAGEMENT


def test_a_suspended_or_closing_account_is_skipped_and_named_and_state_wins_over_status():
    fake = organization_of_five()
    fake.accounts.append(account("666666666666", "closing", DEV, state="PENDING_CLOSURE"))
    fake.accounts[1]["Status"] = "SUSPENDED"  # the retiring field is not read when State is there
    found = discover(fake)
    assert "222222222222" in ids(found)
    assert [(entry["kind"], entry["id"], entry["name"]) for entry in found["skipped"]] == [
        ("account", "555555555555", "closed"), ("account", "666666666666", "closing")]
    warning = organization.skip_warning(found["skipped"][0])
    assert "555555555555 (closed)" in warning and "SUSPENDED" in warning
    # Tags of a skipped account are never read.
    assert ("ListTagsForResource", "555555555555") not in fake.calls


def test_status_is_read_when_botocore_drops_state():
    fake = organization_of_five()
    for entry in fake.accounts:
        del entry["State"]
    assert ids(discover(fake)) == [MANAGEMENT, "222222222222", "333333333333", "444444444444"]


def test_organizational_units_with_and_without_their_children():
    fake = organization_of_five()
    assert ids(discover(fake, organizational_units=[PROD])) == ["222222222222", "333333333333"]
    assert fake.count("ListAccounts") == 0 and {resource for op, resource in fake.calls if op == "ListAccountsForParent"} == {PROD, PAY}
    assert ids(discover(organization_of_five(), organizational_units=[PROD], include_child_units=False)) == ["333333333333"]


def test_an_unknown_organizational_unit_is_named():
    found = discover(organization_of_five(), organizational_units=["ou-nope", DEV])
    assert ids(found) == ["444444444444"]
    assert [(entry["kind"], entry["id"]) for entry in found["skipped"]] == [("organizational_unit", "ou-nope")]
    with pytest.raises(OrganizationError, match="ou-nope"):
        discover(organization_of_five(), organizational_units=["ou-nope"], strict=True)


@pytest.mark.parametrize("options,expected", [
    ({"account_ids": ["222222222222", "444444444444"]}, ["222222222222", "444444444444"]),
    ({"exclude_account_ids": [MANAGEMENT, "333333333333"]}, ["222222222222", "444444444444"]),
    ({"account_ids": ["222222222222"], "exclude_account_ids": ["222222222222"]}, []),
    ({"account_tags": {"dr": "gold"}}, ["222222222222"]),
    ({"account_tags": {"dr": ["gold", "silver"]}}, ["222222222222", "333333333333"]),
    ({"account_tags": {"dr": ["gold", "silver"], "team": "pay"}}, ["222222222222"]),
])
def test_id_and_tag_filters(options, expected):
    fake = organization_of_five()
    assert ids(discover(fake, **options)) == expected
    if "account_ids" in options or "exclude_account_ids" in options:
        # Tags are read only for the accounts the id filters keep.
        assert {resource for op, resource in fake.calls if op == "ListTagsForResource"} == set(expected)


def test_too_many_requests_is_retried():
    fake = organization_of_five()
    fake.throttle = {"ListAccounts": 2, "ListTagsForResource": 3}
    assert ids(discover(fake)) == [MANAGEMENT, "222222222222", "333333333333", "444444444444"]
    assert fake.count("ListAccounts") == 4 + 2


def test_api_error_on_one_account_or_ou_skips_it_with_its_reason_unless_strict():
    fake = organization_of_five()
    fake.errors = {("ListTagsForResource", "333333333333"): "ConcurrentModificationException", ("ListChildren", DEV): "ServiceException"}
    found = discover(fake)
    assert ids(found) == [MANAGEMENT, "222222222222"]
    reasons = {(entry["kind"], entry["id"]): entry["reason"] for entry in found["skipped"]}
    assert "ListTagsForResource failed: ConcurrentModificationException" in reasons[("account", "333333333333")]
    assert "ListChildren failed: ServiceException" in reasons[("organizational_unit", DEV)]
    # The account in the OU that could not be read is named too.
    assert "could not be read" in reasons[("account", "444444444444")]
    with pytest.raises(OrganizationError, match=r"ou-dev.*ServiceException.*strict: false"):
        discover(organization_of_five_with(fake.errors), strict=True)


def organization_of_five_with(errors):
    fake = organization_of_five()
    fake.errors = dict(errors)
    return fake


@pytest.mark.parametrize("operation", ["DescribeOrganization", "ListRoots", "ListAccounts"])
def test_without_organizations_permission_the_message_names_the_action_and_who_may_call(operation):
    fake = organization_of_five()
    fake.errors = {(operation, None): "AccessDeniedException"}
    with pytest.raises(OrganizationError) as refused:
        discover(fake)
    message = str(refused.value)
    assert f"organizations:{operation} was refused" in message
    assert "management account" in message and "delegated administrator" in message


def test_a_denied_call_about_one_account_names_the_permission_too():
    fake = organization_of_five_with({("ListTagsForResource", "444444444444"): "AccessDeniedException"})
    reasons = {entry["id"]: entry["reason"] for entry in discover(fake)["skipped"]}
    assert "organizations:ListTagsForResource was refused" in reasons["444444444444"]


def test_not_in_an_organization():
    fake = organization_of_five_with({("DescribeOrganization", None): "AWSOrganizationsNotInUseException"})
    with pytest.raises(OrganizationError, match="not in an AWS organization"):
        discover(fake)


def test_regions_from_account_management_are_read_per_account_paced_under_five_a_second():
    fake = organization_of_five()
    clock = FakeClock()
    found = discover(fake, clock=clock, regions_from="account_management", max_workers=1)
    assert {entry["id"]: entry["regions"] for entry in found["accounts"]}["333333333333"] == ["me-south-1", "us-east-1"]
    listed = [resource for operation, resource in fake.calls if operation == "ListRegions"]
    # The caller's own account without AccountId (the fake's default is the management account); pages of two after an
    # empty page: 2 calls per account with two Regions.
    assert listed.count(MANAGEMENT) == 2 and len(listed) == 8
    # 8 calls at 4.5 a second (under the quota of 5): the last starts 7/4.5 s after the first.
    assert organization.LIST_REGIONS_PACE < organization.LIST_REGIONS_PER_SECOND
    assert sum(clock.slept) == pytest.approx(7 / organization.LIST_REGIONS_PACE)


def test_accounts_are_read_by_several_threads_under_one_pace():
    fake = organization_of_five()
    clock = FakeClock(moves=False)  # each sleep is how far in the future the slot a thread got is
    found = discover(fake, clock=clock, regions_from="account_management", max_workers=4)
    assert ids(found) == [MANAGEMENT, "222222222222", "333333333333", "444444444444"]
    # 8 ListRegions calls from 4 threads still take 8 slots 1/4.5 s apart: one pace for every thread.
    assert sorted(clock.slept) == pytest.approx([index / organization.LIST_REGIONS_PACE for index in range(1, 8)])


def test_pacing_spaces_retried_list_regions_too():
    fake = organization_of_five()
    fake.throttle = {"ListRegions": 2}
    clock = FakeClock()
    discover(fake, clock=clock, regions_from="account_management", account_ids=["222222222222"])
    assert fake.count("ListRegions") == 2 + 2
    assert sum(clock.slept) == pytest.approx(3 / organization.LIST_REGIONS_PACE)


def test_units_hosts_and_hostvars():
    discovery = discover(organization_of_five(), account_ids=["222222222222", "333333333333"])
    units = organization.units(discovery, ["us-east-1", "eu-west-1"], "replication")
    assert [name for name, _vars in units] == ["222222222222-eu-west-1", "222222222222-us-east-1", "333333333333-eu-west-1", "333333333333-us-east-1"]
    assert units[1][1] == {
        "aws_account_id": "222222222222",
        "aws_account_name": "payments",
        "aws_organizational_unit_id": PAY,
        "aws_organizational_unit_path": "Root/Prod/Payments",
        "aws_account_tags": {"dr": "gold", "team": "pay"},
        "replicate_primary_region": "us-east-1",
        "replicate_role_arn": "arn:aws:iam::222222222222:role/replication",
    }


def test_units_from_enabled_regions_and_narrowed_by_regions():
    discovery = discover(organization_of_five(), regions_from="account_management", account_ids=["333333333333"])
    assert [name for name, _vars in organization.units(discovery, [], "r")] == ["333333333333-me-south-1", "333333333333-us-east-1"]
    assert [name for name, _vars in organization.units(discovery, ["us-east-1", "eu-west-1"], "r")] == ["333333333333-us-east-1"]


@pytest.mark.parametrize("region,partition", [("us-east-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")])
def test_role_arn_takes_the_partition_from_the_region(region, partition):
    assert organization.role_arn("222222222222", region, "replication") == f"arn:{partition}:iam::222222222222:role/replication"


def test_option_problems_before_any_call():
    assert organization.option_problems(["us-east-1"], None, {"dr": ["gold"]}) == []
    assert organization.option_problems([], "account_management", {}) == []
    problems = organization.option_problems([], None, {"dr": {"nested": 1}})
    assert "give regions" in problems[0] and "account_tags" in problems[1]
    assert "mars-1" in organization.option_problems(["mars-1"], None, {})[0]
