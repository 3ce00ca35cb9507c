# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: preflight_problems
short_description: Everything that refuses a replication plan before any change, and what applying it would do
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Gathers, for the P(secretsmanager.replication.replicate#role) role's preflight, every reason to refuse the plan
    before any change - a secret listed twice or with nothing to replicate to, a listed secret that does not exist or is
    a replica, the Region rule and policy violations, and unusable KMS keys (AWS user guide, Troubleshoot replication -
    a key that is disabled or not found makes replication fail) - and the one message that lists them all.
  - A KMS check whose Region did not answer is not a violation; M(secretsmanager.replication.secret_replica) reports
    that Region as unreachable while the others go on.
  - Pure data in, data out; no AWS call.
options:
  _input:
    description: The plan with compliance (P(secretsmanager.replication.replication_compliance#filter)).
    type: list
    elements: dict
    required: true
  rule_problems:
    description: P(secretsmanager.replication.region_rule_problems#filter)'s result.
    type: list
    elements: dict
    default: []
  kms_results:
    description: The results of M(amazon.aws.kms_key_info) looped over P(secretsmanager.replication.kms_key_lookups#filter).
    type: list
    elements: dict
    default: []
  kms_secrets:
    description: The secrets whose keys were looked up (the plan entries to apply, by default).
    type: list
    elements: dict
"""

EXAMPLES = r"""
- name: Refuse the plan, listing every violation, before any change
  ansible.builtin.fail:
    msg: "{{ preflight.message }}"
  when: preflight.problems | length > 0
  vars:
    preflight: "{{ plan | secretsmanager.replication.preflight_problems(rule_problems=rules) }}"
"""

RETURN = r"""
_value:
  description: The preflight's findings.
  type: dict
  contains:
    problems:
      description: Every violation, each V(secret_id), V(region), V(about) and V(problem).
      type: list
      elements: dict
      sample: []
    message:
      description: The refusal listing every violation, or V(None).
      type: str
      sample: null
    todo:
      description: The secret ids secret_replica has something to do for.
      type: list
      elements: str
      sample: ["app/db"]
    preview:
      description: What applying the plan would do, in one line.
      type: str
      sample: "replicate: 1 secret(s) to change (1 to add)"
"""

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import plan_problems
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import secret_problems
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_plan import todo
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_report import change_preview
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_report import kms_problems
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.role_report import preflight_refusal
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.filter_inputs import list_of_dicts


def preflight_problems(plan, rule_problems=None, kms_results=None, kms_secrets=None):
    plan = list_of_dicts(plan, "preflight_problems", "a replication plan with compliance")
    to_apply = todo(plan)
    checked = to_apply if kms_secrets is None else list_of_dicts(kms_secrets, "preflight_problems", "kms_secrets")
    problems = [
        *plan_problems(plan),
        *secret_problems(plan),
        *list_of_dicts(rule_problems, "preflight_problems", "rule_problems"),
        *kms_problems(checked, list_of_dicts(kms_results, "preflight_problems", "kms_results")),
    ]
    return {
        "problems": problems,
        "message": preflight_refusal(problems),
        "todo": [secret["secret_id"] for secret in to_apply],
        "preview": change_preview(to_apply),
    }


class FilterModule:
    def filters(self):
        return {"preflight_problems": preflight_problems}
