# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The (account, Region) units of an AWS organization, for the aws_organization inventory plugin. For internal collection
use only.

Two halves. OrganizationReader makes the calls: one method per AWS list call, each paged until NextToken is null (AWS
Organizations may answer an empty page with a token), each page retried on TooManyRequestsException (AWS documents no
rate; it is met at a few hundred accounts), Account Management's ListRegions paced under its quota of 5 requests per
second per account. Discovery.run() makes them in the order that keeps the calls few (state and id filters before any
call about an account, tags before Regions), several accounts at a time, and returns plain data, which the plugin
caches. The rules (which accounts are units, OU paths, host names,
hostvars, role ARNs) are pure functions of that data.

A discovery is {"management_account_id", "accounts": [account entry], "skipped": [skip entry]}, an account entry
{"id", "name", "state", "ou_id", "ou_path", "tags", "regions"} (regions: the enabled Regions read with ListRegions, else
None), a skip entry {"kind": "account" | "organizational_unit", "id", "name", "reason"}.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

try:
    import botocore.exceptions
except ImportError:
    pass  # the plugin reports a missing botocore (AWSInventoryBase.require_aws_sdk)

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.errors import error_code
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.pacing import WritePacer
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import partition_for_region
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import unknown_region_problem

# AWS Organizations, Account: State (ACTIVE, PENDING_ACTIVATION, SUSPENDED, PENDING_CLOSURE, CLOSED) replaces Status,
# which AWS retires on 2026-09-09. A botocore older than State's release drops it from the answer: then Status.
ACTIVE = "ACTIVE"
# Account Management, ListRegions: the Regions an account can use.
ENABLED_REGION_STATUSES = ("ENABLED", "ENABLED_BY_DEFAULT")
ORGANIZATIONS_MAX_RESULTS = 20  # AWS Organizations list calls: MaxResults 1-20
LIST_REGIONS_MAX_RESULTS = 50  # ListRegions: MaxResults 1-50
LIST_REGIONS_PER_SECOND = 5  # Account Management quota: 5 requests per second per account
# Paced under it, as the modules pace Secrets Manager's writes (45 of 50): requests sent evenly at 5 a second can still
# arrive 6 within one second.
LIST_REGIONS_PACE = 4.5
DEFAULT_MAX_WORKERS = 4
REGIONS_FROM = ("account_management",)
DEFAULT_MEMBER_ROLE_NAME = "secretsmanager-replication"
NO_PERMISSION_CODES = ("AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "403")
NOT_IN_ORGANIZATION = "AWSOrganizationsNotInUseException"


class OrganizationError(Exception):
    """Discovery cannot go on: the message says what failed and how to fix it."""


class SkippedError(Exception):
    """One OU or account could not be read (an API error): skipped with a warning unless strict."""


# Reads


def _error_text(error):
    return f"{error_code(error) or type(error).__name__}: {error}"


def permission_message(action, error):
    return (
        f"{action} was refused ({_error_text(error)}). Discovery must run with credentials of the organization's "
        "management account, or of a delegated administrator for AWS Organizations, allowed the actions of "
        "docs/iam/organization_inventory.json (assume_role_arn can name such a role)"
    )


class OrganizationReader:
    """The AWS calls of discovery. `organizations` and `account` are boto3 clients (account only for ListRegions);
    `retry` wraps each call (TooManyRequestsException); `pacer` spaces ListRegions calls (WritePacer's slots, at 5 a
    second, across threads); `caller_account_id` is the account whose own Regions ListRegions reads without AccountId."""

    def __init__(self, organizations, retry, account=None, caller_account_id=None, pacer=None):
        self.organizations = organizations
        self.account = account
        self.retry = retry
        self.caller_account_id = caller_account_id
        self.pacer = pacer or WritePacer(rate_per_second=LIST_REGIONS_PACE)
        # One ListRegions in flight at a time: requests paced as they are sent can still arrive bunched when one waits
        # (a busy client) and the next does not.
        self._list_regions_lock = threading.Lock()

    def _pages(self, call, result_key, **params):
        """Every item of a paged list call, each page retried: AWS may answer an empty page with a NextToken, so page until
        it is null."""
        call = self.retry(call)
        items, token = [], None
        while True:
            page = call(**params, **({"NextToken": token} if token else {}))
            items.extend(page.get(result_key) or [])
            token = page.get("NextToken")
            if not token:
                return items

    @staticmethod
    def _global(action, function, *args, **kwargs):
        """A call discovery cannot do without: a refusal is fatal, with what to fix."""
        try:
            return function(*args, **kwargs)
        except is_boto3_error_code(NOT_IN_ORGANIZATION) as e:
            raise OrganizationError(f"the caller's account is not in an AWS organization ({_error_text(e)}): run discovery from the management account") from e
        except is_boto3_error_code(NO_PERMISSION_CODES) as e:
            raise OrganizationError(permission_message(f"organizations:{action}", e)) from e
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            raise OrganizationError(f"organizations:{action} failed: {_error_text(e)}") from e

    @staticmethod
    def _one(action, function, *args, **kwargs):
        """A call about one OU or account: its failure skips it (unless strict)."""
        try:
            return function(*args, **kwargs)
        except is_boto3_error_code(NO_PERMISSION_CODES) as e:
            raise SkippedError(permission_message(action, e)) from e
        except (botocore.exceptions.BotoCoreError, botocore.exceptions.ClientError) as e:
            raise SkippedError(f"{action} failed: {_error_text(e)}") from e

    def management_account_id(self):
        answer = self._global("DescribeOrganization", self.retry(self.organizations.describe_organization))
        return answer["Organization"]["MasterAccountId"]

    def root(self):
        (root,) = self._global("ListRoots", self._pages, self.organizations.list_roots, "Roots")
        return {"id": root["Id"], "name": root["Name"]}

    def child_units(self, parent_id):
        """[{id, name}] of the OUs directly under parent_id."""
        found = self._one("organizations:ListOrganizationalUnitsForParent", self._pages, self.organizations.list_organizational_units_for_parent,
                          "OrganizationalUnits", ParentId=parent_id, MaxResults=ORGANIZATIONS_MAX_RESULTS)
        return [{"id": unit["Id"], "name": unit["Name"]} for unit in found]

    def accounts(self):
        return self._global("ListAccounts", self._pages, self.organizations.list_accounts, "Accounts", MaxResults=ORGANIZATIONS_MAX_RESULTS)

    def account_ids_in(self, parent_id):
        found = self._one("organizations:ListChildren", self._pages, self.organizations.list_children, "Children",
                          ParentId=parent_id, ChildType="ACCOUNT", MaxResults=ORGANIZATIONS_MAX_RESULTS)
        return [child["Id"] for child in found]

    def accounts_in(self, parent_id):
        return self._one("organizations:ListAccountsForParent", self._pages, self.organizations.list_accounts_for_parent, "Accounts",
                         ParentId=parent_id, MaxResults=ORGANIZATIONS_MAX_RESULTS)

    def tags(self, account_id):
        found = self._one("organizations:ListTagsForResource", self._pages, self.organizations.list_tags_for_resource, "Tags", ResourceId=account_id)
        return {tag["Key"]: tag["Value"] for tag in found}

    def _paced_list_regions(self, **params):
        with self._list_regions_lock:
            self.pacer.acquire("account", "ListRegions")
            return self.account.list_regions(**params)

    def enabled_regions(self, account_id):
        """The account's enabled Regions. AccountId only for another account: the management account may not name itself
        (Account Management: it must call "in standalone context")."""
        params = {"RegionOptStatusContains": list(ENABLED_REGION_STATUSES), "MaxResults": LIST_REGIONS_MAX_RESULTS}
        if account_id != self.caller_account_id:
            params["AccountId"] = account_id
        found = self._one("account:ListRegions", self._pages, self._paced_list_regions, "Regions", **params)
        return sorted(region["RegionName"] for region in found if region.get("RegionOptStatus") in ENABLED_REGION_STATUSES)


# Rules on plain data


def account_state(account):
    """State, or the retiring Status where a botocore older than State drops it."""
    return account.get("State") or account.get("Status")


def ou_paths(root, children):
    """{ou id: (name path from the root, e.g. 'Root/Prod/Payments')} for the root and every OU reached in `children`
    ({parent id: [{id, name}]})."""
    paths = {root["id"]: root["name"]}
    pending = [root["id"]]
    while pending:
        parent = pending.pop(0)
        for unit in children.get(parent) or []:
            paths[unit["id"]] = f"{paths[parent]}/{unit['name']}"
            pending.append(unit["id"])
    return paths


def descendants(unit_id, children):
    """unit_id and every OU under it, parents before children."""
    found, pending = [], [unit_id]
    while pending:
        current = pending.pop(0)
        found.append(current)
        pending.extend(unit["id"] for unit in children.get(current) or [])
    return found


def wanted_by_id(account_id, account_ids, exclude_account_ids):
    return (not account_ids or account_id in account_ids) and account_id not in exclude_account_ids


def tags_match(tags, wanted):
    """Every key of `wanted` ({key: value or [values]}) has one of its values in `tags`."""
    for key, values in (wanted or {}).items():
        allowed = values if isinstance(values, list) else [values]
        if key not in tags or tags[key] not in [str(value) for value in allowed]:
            return False
    return True


def skip(kind, item_id, name, reason):
    return {"kind": kind, "id": item_id, "name": name, "reason": reason}


def skip_warning(entry):
    kind = "account" if entry["kind"] == "account" else "organizational unit"
    name = f" ({entry['name']})" if entry.get("name") else ""
    return f"aws_organization: skipped {kind} {entry['id']}{name}: {entry['reason']}"


def not_active_reason(state):
    return f"its state is {state}, not {ACTIVE}: a suspended or closing account is not a unit"


def role_arn(account_id, region, role_name):
    """arn:<partition>:iam::<account>:role/<name>, the partition the Region's (botocore's partition data)."""
    return f"arn:{partition_for_region(region) or 'aws'}:iam::{account_id}:role/{role_name}"


def unit_name(account_id, region):
    """The default host name of a unit."""
    return f"{account_id}-{region}"


def host_vars(account, region, member_role_name):
    """The hostvars of one unit: what replicate_scale_out.yml reads, and where the account sits in the organization."""
    return {
        "aws_account_id": account["id"],
        "aws_account_name": account["name"],
        "aws_organizational_unit_id": account["ou_id"],
        "aws_organizational_unit_path": account["ou_path"],
        "aws_account_tags": account["tags"],
        "replicate_primary_region": region,
        "replicate_role_arn": role_arn(account["id"], region, member_role_name),
    }


def units(discovery, regions, member_role_name):
    """[(default host name, hostvars)] of every (account, Region), sorted by host name.

    regions: the Regions every account gets (the option); an account's own enabled Regions (regions_from) narrow them,
    or are used alone when no list is given.
    """
    found = []
    for account in discovery["accounts"]:
        enabled = account.get("regions")
        account_regions = [region for region in regions if enabled is None or region in enabled] if regions else enabled or []
        for region in account_regions:
            found.append((unit_name(account["id"], region), host_vars(account, region, member_role_name)))
    return sorted(found, key=lambda unit: unit[0])


def option_problems(regions, regions_from, account_tags):
    """What is wrong with the plugin's options, before any call."""
    problems = []
    if not regions and not regions_from:
        problems.append("give regions (the Regions every account replicates from) or regions_from: account_management "
                        "(each account's enabled Regions)")
    if regions_from and regions_from not in REGIONS_FROM:
        problems.append(f"regions_from must be {' or '.join(REGIONS_FROM)}, got {regions_from!r}")
    problems.extend(problem for problem in (unknown_region_problem(region) for region in regions or []) if problem)
    for key, values in (account_tags or {}).items():
        for value in values if isinstance(values, list) else [values]:
            if not isinstance(value, (str, int, float)) or isinstance(value, bool):
                problems.append(f"account_tags: the value of {key!r} must be a string or a list of strings, got {value!r}")
    return problems


# Discovery


class Discovery:
    """One discovery run: the reader, the options, and what was skipped. `strict`: an API error on one OU or account
    fails discovery instead of skipping it."""

    def __init__(self, reader, organizational_units=(), include_child_units=True, account_ids=(), exclude_account_ids=(),
                 account_tags=None, regions_from=None, strict=False, max_workers=DEFAULT_MAX_WORKERS):
        self.reader = reader
        self.organizational_units = list(organizational_units or [])
        self.include_child_units = include_child_units
        self.account_ids = set(account_ids or [])
        self.exclude_account_ids = set(exclude_account_ids or [])
        self.account_tags = account_tags or {}
        self.regions_from = regions_from
        self.strict = strict
        self.max_workers = max(1, int(max_workers or 1))
        self.skipped = []

    def _skipped(self, kind, item_id, name, reason):
        """Record a skipped OU or account (strict: OrganizationError instead)."""
        if self.strict:
            raise OrganizationError(f"{kind.replace('_', ' ')} {item_id}: {reason} (strict: true; set strict: false to skip it with a warning)")
        self.skipped.append(skip(kind, item_id, name, reason))

    def _guarded(self, kind, item_id, name, function, *args):
        """function(*args), or None once its failure is recorded (see _skipped)."""
        try:
            return function(*args)
        except SkippedError as e:
            self._skipped(kind, item_id, name, str(e))
            return None

    def _tree(self, root):
        """{parent id: [{id, name}]} of every OU that could be read."""
        children, pending = {}, [root]
        while pending:
            unit = pending.pop(0)
            found = self._guarded("organizational_unit", unit["id"], unit["name"], self.reader.child_units, unit["id"])
            children[unit["id"]] = found or []
            pending.extend(found or [])
        return children

    def _members(self, root, children):
        """[(account, its parent OU id)] of the organization, or of the OUs asked for; an account whose OU could not be
        read has the parent None."""
        names = {unit["id"]: unit["name"] for units_ in children.values() for unit in units_}
        names[root["id"]] = root["name"]
        if not self.organizational_units:
            parent_of = {}
            for parent, name in names.items():
                for account_id in self._guarded("organizational_unit", parent, name, self.reader.account_ids_in, parent) or []:
                    parent_of[account_id] = parent
            return [(account, parent_of.get(account["Id"])) for account in self.reader.accounts()]
        parents = []
        for unit in self.organizational_units:
            if unit not in names:
                self._skipped("organizational_unit", unit, None, "no such organizational unit in the organization: check the id")
            else:
                parents.extend(descendants(unit, children) if self.include_child_units else [unit])
        members = []
        for parent in dict.fromkeys(parents):
            accounts = self._guarded("organizational_unit", parent, names[parent], self.reader.accounts_in, parent)
            members.extend((account, parent) for account in accounts or [])
        return members

    def _candidate(self, account, parent):
        """Whether the account may be a unit, before any call about it: active, kept by the id filters, its OU read."""
        state = account_state(account)
        if state != ACTIVE:
            self.skipped.append(skip("account", account["Id"], account.get("Name"), not_active_reason(state)))
            return False
        if not wanted_by_id(account["Id"], self.account_ids, self.exclude_account_ids):
            return False
        if parent is None:
            self._skipped("account", account["Id"], account.get("Name"), "the organizational unit it is in could not be read")
            return False
        return True

    def _account(self, account, parent, paths):
        """The account entry after its reads (tags, enabled Regions), or None when it is not a unit."""
        state = account_state(account)
        tags = self._guarded("account", account["Id"], account.get("Name"), self.reader.tags, account["Id"])
        if tags is None or not tags_match(tags, self.account_tags):
            return None
        entry = {"id": account["Id"], "name": account.get("Name"), "state": state, "ou_id": parent, "ou_path": paths.get(parent), "tags": tags,
                 "regions": None}
        if self.regions_from:
            entry["regions"] = self._guarded("account", account["Id"], account.get("Name"), self.reader.enabled_regions, account["Id"])
            if entry["regions"] is None:
                return None
        return entry

    def run(self):
        management_account_id = self.reader.management_account_id()
        root = self.reader.root()
        children = self._tree(root)
        paths = ou_paths(root, children)
        candidates = [(account, parent) for account, parent in self._members(root, children) if self._candidate(account, parent)]
        # The reads about each account (tags, Regions) are independent: max_workers at a time (the pacer is shared).
        with ThreadPoolExecutor(max_workers=self.max_workers) as pool:
            entries = list(pool.map(lambda candidate: self._account(*candidate, paths), candidates))
        accounts = sorted((entry for entry in entries if entry is not None), key=lambda entry: entry["id"])
        skipped = sorted(self.skipped, key=lambda entry: (entry["kind"], entry["id"]))
        return {"management_account_id": management_account_id, "accounts": accounts, "skipped": skipped}
