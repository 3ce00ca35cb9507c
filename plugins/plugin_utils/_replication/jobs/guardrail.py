# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/guardrail.yml's step (job_step guardrail.inputs). For internal collection use only.

inputs (refused before anything is written) -> the public filter replication_guardrail_policies builds the policies.
"""

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import HAS_BOTOCORE

from ..filter_inputs import InputError
from ..guardrail import guardrail_refusal


def inputs(guardrail_allowed_regions=None, guardrail_denied_regions=None):
    """{refusal}: every problem of the Regions (guardrail.guardrail_problems), or None when they make a guardrail."""
    if not HAS_BOTOCORE:
        # The Region rules are botocore's partition data.
        raise InputError("guardrail.yml needs botocore on the controller: pip install botocore")
    return {"refusal": guardrail_refusal(guardrail_allowed_regions, guardrail_denied_regions)}


STEPS = {
    "guardrail.inputs": inputs,
}
