#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
---
module: job_step
version_added: 1.0.0
short_description: Internal - one decision step of this collection's role and playbooks
description:
  - B(Internal. For this collection's own role and playbooks only. Not part of the public API; its steps, options and
    results may change or be removed in any release, without deprecation.)
  - Runs one named decision of the P(secretsmanager.replication.replicate#role) role or of a playbook of this collection on
    the controller - for example the replicate role's plan, its preflight refusal, or a playbook's report - and
    returns what the step returns. Each step is a pure function, unit-tested on plain data; no step calls AWS.
  - To use this collection in your own playbooks, call its modules, its role, its playbooks and its public filters.
author:
  - secretsmanager.replication contributors (@secretsmanager)
options:
  step:
    description:
      - The step's name, for example V(replicate.plan).
    type: str
    required: true
  inputs:
    description:
      - The step's keyword arguments.
    type: dict
    default: {}
notes:
  - Runs on the controller and makes no AWS call. The connection options below are accepted because this action is in
    the collection's C(group/secretsmanager.replication.aws) action group, so C(module_defaults) reach it as they reach the
    modules; only O(region) and O(profile) are read, to learn the Region the modules use for a secret given by name.
extends_documentation_fragment:
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
# Internal: see roles/replicate/tasks/ in this collection for how its role calls it.
- name: Plan the role's secrets (internal step of secretsmanager.replication.replicate)
  secretsmanager.replication.job_step:
    step: replicate.plan
    inputs:
      secrets: [{secret_id: app/db}]
      default_replicas: [{region: eu-west-1}]
  register: plan
"""

RETURN = r"""
changed:
  description: Always V(false); no step changes anything.
  returned: always
  type: bool
  sample: false
"""
