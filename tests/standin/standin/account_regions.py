# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Account Management's Region opt-in (ListRegions, GetRegionOptStatus, EnableRegion, DisableRegion), which moto lacks.

moto 5.2.5 routes only the alternate-contact calls of the `account` service and answers 404 to the rest. This adds the
four Region calls to moto's own AccountResponse routes, so moto parses them, authorises them (with IAM enforced, as
account:<Operation>) and serialises their answers and errors. Sources: the documentation strings of botocore 1.44.8's
`account` service model, quoted where a rule comes from them.

- Each account has its own opt-in state, kept on moto's AccountBackend (so a reset wipes it): a Region that needs no
  opt-in is ENABLED_BY_DEFAULT, an opt-in Region DISABLED until EnableRegion. The split is moto's EC2 one
  (DescribeRegions' opt-in-not-required), so both APIs agree. EnableRegion makes a Region ENABLED at once (AWS passes
  through ENABLING for minutes) and DisableRegion DISABLED at once (AWS: DISABLING).
- AccountId: "If you don't specify this parameter, it defaults to the Amazon Web Services account of the identity used
  to call the operation. To use this parameter, the caller must be an identity in the organization's management
  account [...]. The specified account ID must be a member account in the same organization. [...] trusted access
  enabled for the Account Management service [...]. The management account can't specify its own AccountId."
  Broken, each answers AccessDeniedException (403) saying which rule. moto cannot register a delegated administrator
  for account.amazonaws.com, so only the management account may name another account.
- ListRegions: MaxResults 1-50 (default 20, the stand-in's choice), NextToken, RegionOptStatusContains.
"""

import functools

from boto3 import Session
from moto.account.models import account_backends
from moto.account.responses import AccountResponse
from moto.core.exceptions import ServiceException
from moto.core.responses import ActionResult, EmptyResult
from moto.ec2.models.availability_zones_and_regions import RegionsAndZonesBackend
from moto.organizations.models import organizations_backends
from moto.sts.models import sts_backends

ENABLED_BY_DEFAULT = "ENABLED_BY_DEFAULT"
ENABLED = "ENABLED"
DISABLED = "DISABLED"
STATUSES = ("ENABLED", "ENABLING", "DISABLING", "DISABLED", "ENABLED_BY_DEFAULT")
MAX_RESULTS = 50
DEFAULT_PAGE_SIZE = 20
ACCOUNT_MANAGEMENT_PRINCIPAL = "account.amazonaws.com"
OPERATIONS = ("ListRegions", "GetRegionOptStatus", "EnableRegion", "DisableRegion")
_ROUTES = {f"{{0}}/{operation[0].lower()}{operation[1:]}$" for operation in OPERATIONS}

_installed = False


class AccessDenied(ServiceException):
    code = "AccessDeniedException"


class Invalid(ServiceException):
    code = "ValidationException"


@functools.lru_cache(maxsize=None)
def partition_regions(partition):
    """The partition's Regions, from botocore's data (as moto's EC2 lists them)."""
    return sorted(Session().get_available_regions("ec2", partition_name=partition))


def default_status(region):
    return ENABLED_BY_DEFAULT if region in RegionsAndZonesBackend.regions_opt_in_not_required else DISABLED


def _opt_in_state(account_id, partition):
    """{region: status} changed from the default in this account (on moto's backend, so moto's reset wipes it)."""
    backend = account_backends[account_id][partition]
    if not hasattr(backend, "standin_region_opt_in"):
        backend.standin_region_opt_in = {}
    return backend.standin_region_opt_in


def region_status(account_id, partition, region):
    return _opt_in_state(account_id, partition).get(region, default_status(region))


def _organization_of(account_id, partition):
    """(management account id, its organizations backend) of the organization `account_id` belongs to, else (None, None)."""
    backend = organizations_backends[account_id][partition]
    if backend.org is not None:
        return account_id, backend
    management, management_partition = organizations_backends.master_accounts.get(account_id, (None, None))
    if management is None:
        return None, None
    return management, organizations_backends[management][management_partition]


class RegionOptInResponse(AccountResponse):
    """moto's AccountResponse plus the Region calls (the method names are moto's routing: the operation in snake_case)."""

    def _caller_arn(self):
        return sts_backends[self.current_account][self.partition].get_caller_identity(self.get_access_key(), self.region)[1]

    def _denied(self, why):
        return AccessDenied(f"User: {self._caller_arn()} is not authorized to perform: account:{self._get_action()} ({why})")

    def _target_account(self):
        """The account the call acts on: AccountId's rules (module docstring), else the caller's own account."""
        caller = self.current_account
        account_id = self._get_param("AccountId")
        if not account_id:
            return caller
        management, organization = _organization_of(caller, self.partition)
        if management is None or management != caller:
            raise self._denied("only the organization's management account or a delegated administrator may give AccountId")
        if account_id == caller:
            raise self._denied("The management account can only be managed using the standalone context from the management account")
        if not any(account.id == account_id for account in organization.accounts):
            raise self._denied(f"account {account_id} is not a member of the caller's organization")
        if not any(service["ServicePrincipal"] == ACCOUNT_MANAGEMENT_PRINCIPAL for service in organization.services):
            raise self._denied(f"the organization has not enabled trusted access for {ACCOUNT_MANAGEMENT_PRINCIPAL}")
        return account_id

    def _region_name(self):
        region = self._get_param("RegionName")
        if region not in partition_regions(self.partition):
            raise Invalid(f"RegionName {region!r} is not a Region of partition {self.partition}")
        return region

    def list_regions(self):
        account_id = self._target_account()
        max_results = self._get_param("MaxResults") or DEFAULT_PAGE_SIZE
        if not 1 <= int(max_results) <= MAX_RESULTS:
            raise Invalid(f"MaxResults must be from 1 to {MAX_RESULTS}")
        wanted = self._get_param("RegionOptStatusContains") or list(STATUSES)
        if set(wanted) - set(STATUSES):
            raise Invalid(f"RegionOptStatusContains takes {', '.join(STATUSES)}")
        regions = [{"RegionName": region, "RegionOptStatus": region_status(account_id, self.partition, region)}
                   for region in partition_regions(self.partition)]
        regions = [region for region in regions if region["RegionOptStatus"] in wanted]
        token = self._get_param("NextToken")
        start = int(token) if token else 0
        end = start + int(max_results)
        result = {"Regions": regions[start:end]}
        if end < len(regions):
            result["NextToken"] = str(end)
        return ActionResult(result)

    def get_region_opt_status(self):
        account_id = self._target_account()
        region = self._region_name()
        return ActionResult({"RegionName": region, "RegionOptStatus": region_status(account_id, self.partition, region)})

    def _set_region(self, status):
        account_id = self._target_account()
        region = self._region_name()
        if default_status(region) == ENABLED_BY_DEFAULT:
            raise Invalid(f"{region} is enabled by default: it cannot be enabled or disabled")
        _opt_in_state(account_id, self.partition)[region] = status
        return EmptyResult()

    def enable_region(self):
        return self._set_region(ENABLED)

    def disable_region(self):
        return self._set_region(DISABLED)


def operation_of(service, path):
    """The operation of an Account Management Region call from its REST path (/listRegions -> ListRegions), for the
    request log; None for anything else."""
    if service != "account":
        return None
    return next((operation for operation in OPERATIONS if path == "/" + operation[0].lower() + operation[1:]), None)


def install():
    """Route the four calls to RegionOptInResponse (once per process, before moto builds the account app)."""
    global _installed  # pylint: disable=global-statement
    if _installed:
        return
    from moto.account import urls  # pylint: disable=import-outside-toplevel

    urls.url_paths.update({path: RegionOptInResponse.dispatch for path in _ROUTES})
    _installed = True
