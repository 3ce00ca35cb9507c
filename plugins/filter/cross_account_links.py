# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: cross_account_links
short_description: secret_replica's batch entries linking each primary to the receiving secret created for it
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Used by C(playbooks/replicate_cross_account.yml). From the registered loop of
    M(secretsmanager.replication.cross_account_replica) over the primaries (each loop item a primary with its V(arn)),
    gives one O(secretsmanager.replication.secret_replica#module:secrets) entry per primary, with its
    O(secretsmanager.replication.secret_replica#module:secrets[].cross_account_replica).
  - A receiving secret that failed, or that check mode has not created yet, has nothing to link and is left out.
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The registered cross_account_replica loop.
    type: dict
    required: true
  restriction:
    description: As O(secretsmanager.replication.secret_replica#module:cross_account_replica.restriction).
    type: str
    default: same_org
  replication_role_arn:
    description: As O(secretsmanager.replication.secret_replica#module:cross_account_replica.replication_role_arn).
    type: str
"""

EXAMPLES = r"""
- name: Link every primary to its receiving secret
  secretsmanager.replication.secret_replica:
    secrets: "{{ receiving | secretsmanager.replication.cross_account_links(restriction='same_org') }}"
"""

RETURN = r"""
_value:
  description: The batch entries, each V(secret_id) (the primary's ARN) and V(cross_account_replica).
  type: list
  elements: dict
  sample: [{"secret_id": "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-AbCdEf",
            "cross_account_replica": {"arn": "arn:aws:secretsmanager:us-east-1:210987654321:secret:app/db-XyZ123", "restriction": "same_org"}}]
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.cross_account_job import link_entries


def cross_account_links(receiving, restriction="same_org", replication_role_arn=None):
    if not isinstance(receiving, dict) or "results" not in receiving:
        raise AnsibleFilterError("cross_account_links expects the registered loop of cross_account_replica over the primaries")
    return link_entries(receiving, restriction, replication_role_arn)


class FilterModule:
    def filters(self):
        return {"cross_account_links": cross_account_links}
