# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
name: aws_organization
short_description: Every (AWS account, Region) unit of an AWS organization, for replicate_scale_out.yml
version_added: 1.0.0
description:
  - One inventory host per (account, Region) of an AWS organization, named C(<account_id>-<region>), with the variables
    the C(secretsmanager.replication.replicate_scale_out) playbook reads (the unit's Region and the IAM role to
    assume in its account), and where the account sits in the organization.
  - Accounts come from C(ListAccounts), or from C(ListAccountsForParent) of the OUs in O(organizational_units) and, unless
    O(include_child_units=false), of the OUs under them. Only accounts whose C(State) is C(ACTIVE) are units; a suspended or
    closing account is skipped with a warning naming it.
  - Regions are O(regions), or each account's enabled Regions (C(ENABLED), C(ENABLED_BY_DEFAULT)) read with Account
    Management's C(ListRegions) (O(regions_from=account_management)), paced under its quota of 5 requests per second; with
    both, an account's units are the Regions of O(regions) it has enabled.
  - Every list call is paged until C(NextToken) is null, and retried with backoff on C(TooManyRequestsException).
  - Discovery runs with credentials of the organization's management account or of a delegated administrator for AWS
    Organizations (O(assume_role_arn) can name a role there), allowed the actions of C(docs/iam/organization_inventory.json).
  - The inventory file is a YAML file whose name ends with C(aws_organization.yml) or C(aws_organization.yaml).
extends_documentation_fragment:
  - inventory_cache
  - constructed
  - amazon.aws.boto3
  - amazon.aws.common.plugins
  - amazon.aws.region.plugins
  - amazon.aws.assume_role.plugins
notes:
  - The host variables are C(aws_account_id), C(aws_account_name), C(aws_organizational_unit_id),
    C(aws_organizational_unit_path) (OU names from the root, for example C(Root/Prod/Payments)), C(aws_account_tags),
    C(replicate_primary_region) (the unit's Region) and C(replicate_role_arn)
    (C(arn:<partition>:iam::<account_id>:role/<member_role_name>), the partition the Region's).
  - With O(cache=true) the whole discovery (accounts, OUs, tags and the Regions read with C(ListRegions)) is cached;
    a run within O(cache_timeout) makes no AWS call. C(--flush-cache) discovers again.
  - The API calls go to the Region in O(region), else C(us-east-1) (AWS Organizations and Account Management are global
    services of the commercial partition; set O(region) in the China or GovCloud partition).
author:
  - secretsmanager.replication contributors (@secretsmanager)
options:
  plugin:
    description: The name of this plugin; makes the file an inventory source of it.
    required: true
    type: str
    choices: [secretsmanager.replication.aws_organization]
  organizational_units:
    description:
      - IDs of the organizational units (C(ou-...)) whose accounts are units, instead of every account of the organization.
      - An ID that is not in the organization is an error on that OU (see O(strict)).
    type: list
    elements: str
    default: []
  include_child_units:
    description: With O(organizational_units), also the accounts of every OU under them.
    type: bool
    default: true
  account_ids:
    description: Only these accounts (12-digit IDs). Empty for every account.
    type: list
    elements: str
    default: []
  exclude_account_ids:
    description: Never these accounts; wins over O(account_ids).
    type: list
    elements: str
    default: []
  account_tags:
    description:
      - Only accounts with these tags (read with C(ListTagsForResource)), as a dict of tag key to one value or a list of
        values. Every key must match; a list matches any of its values.
    type: dict
    default: {}
  regions:
    description:
      - The Regions every account is a unit in. Required unless O(regions_from) is set.
      - With O(regions_from), only those of these Regions each account has enabled.
    type: list
    elements: str
    default: []
  regions_from:
    description:
      - C(account_management) reads each account's enabled Regions (C(ENABLED), C(ENABLED_BY_DEFAULT)) with Account
        Management's C(ListRegions), with C(AccountId) for a member and without it for the caller's own account. The
        organization needs trusted access for C(account.amazonaws.com).
    type: str
    choices: [account_management]
  max_workers:
    description:
      - How many accounts' reads (C(ListTagsForResource), and C(ListRegions) with O(regions_from)) run at a time.
        C(ListRegions) stays paced at 4.5 a second over all of them, under Account Management's quota of 5.
    type: int
    default: 4
  member_role_name:
    description:
      - The IAM role in every member account that C(replicate_scale_out.yml) assumes (C(replicate_role_arn)); it must trust
        the identity that runs the playbook.
    type: str
    default: secretsmanager-replication
  hostnames:
    description:
      - A Jinja2 template of the host name, over the host variables, for example
        C({{ aws_account_name }}-{{ replicate_primary_region }}). Unset, a unit is named C(<account_id>-<region>).
      - Two units must not get the same name.
    type: str
  strict:
    description:
      - V(false) skips an OU or an account whose API call failed, with a warning naming it and the reason, and skips
        host variables and groups whose O(compose), O(groups) or O(keyed_groups) template fails.
      - V(true) fails the inventory on either.
    type: bool
    default: false
"""

EXAMPLES = r"""
# my.aws_organization.yml: every active account of the organization in two Regions.
plugin: secretsmanager.replication.aws_organization
regions: [us-east-1, eu-west-1]
member_role_name: secretsmanager-replication

---
# Two OUs (with the OUs under them), tagged accounts only, each in the Regions it has enabled; cached for an hour;
# groups by OU path and by account.
plugin: secretsmanager.replication.aws_organization
organizational_units: [ou-ab12-prod0001, ou-ab12-pay00001]
account_tags:
  secrets-dr: ["gold", "silver"]
regions_from: account_management
assume_role_arn: arn:aws:iam::111111111111:role/organization-inventory
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/aws_organization
cache_timeout: 3600
keyed_groups:
  - key: aws_organizational_unit_path
    prefix: ou
  - key: aws_account_name
    prefix: account
compose:
  replicate_default_replicas: "[{'region': 'us-west-2' if replicate_primary_region == 'us-east-1' else 'eu-central-1'}]"
"""

try:
    from botocore.exceptions import BotoCoreError
    from botocore.exceptions import ClientError
except ImportError:
    pass  # AWSInventoryBase.parse reports a missing botocore (require_aws_sdk)

from ansible.errors import AnsibleError

from ansible_collections.amazon.aws.plugins.plugin_utils.inventory import AWSInventoryBase

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.retries import aws_retry
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization import Discovery
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization import OrganizationError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization import OrganizationReader
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization import option_problems
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization import skip_warning
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.organization import units

# Organizations and Account Management answer in us-east-1 for the commercial partition.
DEFAULT_API_REGION = "us-east-1"
GROUP = "aws_organization"


class InventoryModule(AWSInventoryBase):
    NAME = "secretsmanager.replication.aws_organization"
    INVENTORY_FILE_SUFFIXES = ("aws_organization.yml", "aws_organization.yaml")

    def _client(self, service):
        return self.client(service, region=self.region or DEFAULT_API_REGION)

    def _discover(self):
        regions_from = self.get_option("regions_from")
        account = caller = None
        if regions_from:
            account = self._client("account")
            try:
                caller = aws_retry(self._client("sts").get_caller_identity)()["Account"]
            except (BotoCoreError, ClientError) as e:
                self.fail_aws("aws_organization: sts:GetCallerIdentity failed (needed to read the caller's own Regions)", exception=e)
        # The collection's retry policy: TooManyRequestsException (Organizations), throttling and 5xx answers, jittered.
        reader = OrganizationReader(self._client("organizations"), retry=aws_retry, account=account, caller_account_id=caller)
        discovery = Discovery(
            reader,
            organizational_units=self.get_option("organizational_units"),
            include_child_units=self.get_option("include_child_units"),
            account_ids=self.get_option("account_ids"),
            exclude_account_ids=self.get_option("exclude_account_ids"),
            account_tags=self.get_option("account_tags"),
            regions_from=regions_from,
            strict=self.get_option("strict"),
            max_workers=self.get_option("max_workers"),
        )
        try:
            return discovery.run()
        except OrganizationError as e:
            self.fail_aws(f"aws_organization: {e}")

    def _host_name(self, default_name, host_vars):
        template = self.get_option("hostnames")
        if not template:
            return default_name
        try:
            self.templar.available_variables = host_vars
            return str(self.templar.template(template))
        except Exception as e:  # pylint: disable=broad-except
            raise AnsibleError(f"aws_organization: the hostnames template {template!r} failed for {default_name}: {e}") from e

    def _populate(self, discovery):
        for entry in discovery["skipped"]:
            self.warn(skip_warning(entry))
        self.inventory.add_group(GROUP)
        strict = self.get_option("strict")
        named = {}
        for default_name, host_vars in units(discovery, self.get_option("regions"), self.get_option("member_role_name")):
            name = self._host_name(default_name, host_vars)
            if name in named:
                raise AnsibleError(f"aws_organization: the hostnames template names both {named[name]} and {default_name} {name!r}: "
                                   "make it include aws_account_id and replicate_primary_region")
            named[name] = default_name
            self.inventory.add_host(name, group=GROUP)
            for key, value in host_vars.items():
                self.inventory.set_variable(name, key, value)
            self._set_composite_vars(self.get_option("compose"), host_vars, name, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), host_vars, name, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), host_vars, name, strict=strict)

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache=cache)
        problems = option_problems(self.get_option("regions"), self.get_option("regions_from"), self.get_option("account_tags"))
        if problems:
            raise AnsibleError(f"aws_organization: {path}: " + "; ".join(problems))
        cached, discovery = self.get_cached_result(path, cache)
        if not cached:
            discovery = self._discover()
        self._populate(discovery)
        self.update_cached_result(path, cache, discovery)
