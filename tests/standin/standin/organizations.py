# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""An AWS organization in a stand-in, made through its API as the management account: the suites', the benchmarks' and
the demo's one way to seed one. Neither imports moto."""


def seed_organization(endpoint, layout, trusted_access=True):
    """Create the organization of `layout` ({OU path like "Prod/Payments" or "" for the root: [{"name", "tags"?}]}) in the
    stand-in at `endpoint` (a StandIn, StandInProcess or RemoteStandIn), as its default (management) account.

    trusted_access: enable trusted access for Account Management (needed for ListRegions with AccountId).
    Returns {"root": root id, "ous": {path: OU id}, "accounts": {name: account id}}.
    """
    organizations = endpoint.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    if trusted_access:
        organizations.enable_aws_service_access(ServicePrincipal="account.amazonaws.com")
    root = organizations.list_roots()["Roots"][0]["Id"]
    ous = {"": root}
    for path in sorted(layout, key=lambda name: name.count("/") if name else -1):
        if path in ous:
            continue
        parent, _sep, name = path.rpartition("/")
        ous[path] = organizations.create_organizational_unit(ParentId=ous[parent], Name=name)["OrganizationalUnit"]["Id"]
    accounts = {}
    for path, members in layout.items():
        for member in members:
            tags = [{"Key": key, "Value": value} for key, value in (member.get("tags") or {}).items()]
            created = organizations.create_account(AccountName=member["name"], Email=f"{member['name']}@example.org", Tags=tags)
            account_id = created["CreateAccountStatus"]["AccountId"]
            if path:
                organizations.move_account(AccountId=account_id, SourceParentId=root, DestinationParentId=ous[path])
            accounts[member["name"]] = account_id
    return {"root": root, "ous": ous, "accounts": accounts}
