# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: replicate_job_vars
short_description: The replicate role's variables from a replicate job's inputs, as AWX surveys give them
version_added: 0.1.0
author: secretsmanager.replication contributors (@secretsmanager)
description:
  - Used by C(playbooks/replicate.yml). Turns the job's inputs - survey strings or extra vars - into the
    P(secretsmanager.replication.replicate#role) role's C(replicate_secrets), C(replicate_selector) and
    C(replicate_default_replicas).
  - C(secret_ids) (names or ARNs) and C(replica_regions) are lists or strings of items separated by commas, spaces or
    newlines; each secret gets a replica in each Region. C(replica_kms_keys) names a key per Region, as a dict or a
    string like V(eu-west-1=alias/prod,us-west-2=alias/prod). C(purge_replicas) also removes unlisted replicas.
  - C(secret_filters) (a dict of C(ListSecrets) filters, or a string like V(tag-key=dr) or V(name=prod/,tag-value=gold))
    is selector mode - every primary secret it matches gets the replicas.
  - Extra vars win over anything a playbook computes, so a role variable and the input that would set it are refused
    together, as is a list of secrets with a selector, and a job with no secrets at all.
options:
  _input:
    description: The job's inputs, a dict with any of the keys named above.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: Replicate what the survey asked for
  ansible.builtin.include_role:
    name: secretsmanager.replication.replicate
  vars:
    replicate_secrets: "{{ job.replicate_secrets }}"
    replicate_selector: "{{ job.replicate_selector }}"
    replicate_default_replicas: "{{ job.replicate_default_replicas }}"
    job: "{{ {'secret_ids': 'app/db, app/api', 'replica_regions': 'eu-west-1'} | secretsmanager.replication.replicate_job_vars }}"
"""

RETURN = r"""
_value:
  description: The role's variables.
  type: dict
  contains:
    replicate_secrets:
      description: The secrets, or V(None) in selector mode
      type: list
      elements: dict
      sample: [{"secret_id": "app/db"}]
    replicate_selector:
      description: The selector, or V(None)
      type: dict
      sample: null
    replicate_default_replicas:
      description: The replicas for secrets that list none
      type: list
      elements: dict
      sample: [{"region": "eu-west-1"}]
"""

from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.survey import SurveyInputError
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.survey import replicate_job_vars as job_vars


def replicate_job_vars(job):
    if not isinstance(job, dict):
        raise AnsibleFilterError("replicate_job_vars expects a dict of the job's inputs")
    try:
        return job_vars(job)
    except SurveyInputError as e:
        raise AnsibleFilterError(e.message) from e


class FilterModule:
    def filters(self):
        return {"replicate_job_vars": replicate_job_vars}
