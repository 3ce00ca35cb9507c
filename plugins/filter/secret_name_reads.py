# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: secret_name_reads
short_description: The fewest ListSecrets name-filtered reads that cover a list of secrets
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Groups the secrets of a replication plan by primary Region and batches their names into C(ListSecrets) C(name)
    filters, so M(secretsmanager.replication.secret_replica_info) reads many listed secrets per call instead of one.
  - "AWS: a C(ListSecrets) filter takes at most 10 values (API reference, Filter.Values), so each read covers up to
    10 names. A name filter matches by prefix, so a read may also return other secrets whose names start with a listed
    name; match the results by exact name or ARN (P(secretsmanager.replication.replication_compliance#filter) does)."
  - A secret given by ARN is read by its name (the ARN's resource without the 6-character suffix AWS adds).
    Secrets whose primary Region is not known are left out.
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The plan, a list of dicts with V(secret_id) (name or ARN) and V(primary_region).
    type: list
    elements: dict
    required: true
  batch:
    description: Names per read, 1 to 10.
    type: int
    default: 10
seealso:
  - plugin: secretsmanager.replication.replication_compliance
    plugin_type: filter
"""

EXAMPLES = r"""
- name: Read the listed secrets, 10 names per call
  secretsmanager.replication.secret_replica_info:
    region: "{{ item.region }}"
    filters: "{{ item.filters }}"
  loop: "{{ plan | secretsmanager.replication.secret_name_reads }}"
  register: reads
"""

RETURN = r"""
_value:
  description: One read per Region and batch of names, Regions in plan order.
  type: list
  elements: dict
  contains:
    region:
      description: The primary Region to read in.
      type: str
      sample: us-east-1
    filters:
      description: The C(ListSecrets) filters for M(secretsmanager.replication.secret_replica_info), C({name - [names]}).
      type: dict
      sample: {"name": ["app/db", "app/api"]}
    secret_ids:
      description: The plan's V(secret_id) values this read covers.
      type: list
      elements: str
      sample: ["app/db", "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/api-AbCdEf"]
"""

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.collections import is_sequence

# API reference, ListSecrets, Filter.Values: 1 to 10 items.
MAX_FILTER_VALUES = 10
# AWS appends a hyphen and 6 random characters to the name in a secret's ARN.
ARN_SUFFIX_LENGTH = 7


def secret_name(secret_id):
    """The name in a secret ARN (arn:partition:secretsmanager:region:account:secret:NAME-XXXXXX), or the id itself."""
    parts = secret_id.split(":", 6) if isinstance(secret_id, str) else []
    if len(parts) == 7 and parts[0] == "arn" and parts[5] == "secret":
        resource = parts[6]
        if len(resource) > ARN_SUFFIX_LENGTH and resource[-ARN_SUFFIX_LENGTH] == "-":
            return resource[:-ARN_SUFFIX_LENGTH]
        return resource
    return secret_id


def secret_name_reads(plan, batch=MAX_FILTER_VALUES):
    if not is_sequence(plan) or not all(isinstance(secret, dict) for secret in plan):
        raise AnsibleFilterError("secret_name_reads expects a list of dicts with secret_id and primary_region")
    if not isinstance(batch, int) or not 1 <= batch <= MAX_FILTER_VALUES:
        raise AnsibleFilterError(f"secret_name_reads: batch must be 1 to {MAX_FILTER_VALUES} (ListSecrets takes at most 10 filter values)")
    by_region = {}
    for secret in plan:
        region = secret.get("primary_region")
        if not region or not secret.get("secret_id"):
            continue
        by_region.setdefault(region, {}).setdefault(secret_name(secret["secret_id"]), []).append(secret["secret_id"])
    reads = []
    for region, ids_by_name in by_region.items():
        names = list(ids_by_name)
        for start in range(0, len(names), batch):
            chunk = names[start:start + batch]
            reads.append(
                {
                    "region": region,
                    "filters": {"name": chunk},
                    "secret_ids": [secret_id for name in chunk for secret_id in ids_by_name[name]],
                }
            )
    return reads


class FilterModule:
    def filters(self):
        return {"secret_name_reads": secret_name_reads}
