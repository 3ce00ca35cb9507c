# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: dr_job_vars
short_description: The inputs of a failover or failback job, checked, from survey strings or extra vars
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Used by C(playbooks/failover.yml) and C(playbooks/failback.yml). Lists (secrets, Regions) may be strings of items
    separated by commas, spaces or newlines, as AWX surveys give them; KMS keys a dict or a string like
    V(eu-west-1=alias/prod,us-west-2=alias/prod); flags V(true) or V(false) as strings or booleans.
  - Every problem is collected in the returned C(problems), the missing confirmation first, so the playbook can refuse with
    all of them before any call.
  - Pure data in, data out; no AWS call.
positional: playbook
options:
  _input:
    description: The job's variables (C(failover_*) or C(failback_*)), as a dict.
    type: dict
    required: true
  playbook:
    description: Which job.
    type: str
    required: true
    choices: [failover, failback]
"""

EXAMPLES = r"""
- name: Check a failover job's inputs
  ansible.builtin.set_fact:
    job: >-
      {{ {'failover_secrets': 'app/db, app/api', 'failover_region': 'us-west-2', 'failover_replica_regions': 'eu-west-1',
          'failover_confirm': 'true'} | secretsmanager.replication.dr_job_vars('failover') }}
"""

RETURN = r"""
_value:
  description: The inputs as the playbook uses them.
  type: dict
  contains:
    problems: {description: Every problem found; empty when the job may run., type: list, elements: str, sample: []}
    secrets:
      description: >-
        For failover, secret_replica batch entries (V(secret_id) and V(follower_regions)); for failback, the secret
        names or ARNs.
      type: list
      elements: raw
      sample: []
    region: {description: failover_region or failback_region., type: str, sample: us-west-2}
    replica_regions:
      description: For failover, the Regions that must hold replicas of the new primary.
      type: list
      elements: str
      sample: []
    winner_region:
      description: For failback, the Region that stays primary.
      type: str
      sample: us-west-2
    kms_keys: {description: The KMS key per Region., type: dict, sample: {}}
    discard_loser_changes:
      description: For failback, whether the data-loss guard is overridden.
      type: bool
      sample: false
    make_primary:
      description: For failback, whether the primary moves back to failback_region.
      type: bool
      sample: false
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.dr_jobs import failback_job_vars
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.dr_jobs import failover_job_vars

JOBS = {"failover": failover_job_vars, "failback": failback_job_vars}


def dr_job_vars(job, playbook):
    if not isinstance(job, dict) or playbook not in JOBS:
        raise AnsibleFilterError("dr_job_vars expects a dict of the job's variables and 'failover' or 'failback'")
    return JOBS[playbook](job)


class FilterModule:
    def filters(self):
        return {"dr_job_vars": dr_job_vars}
