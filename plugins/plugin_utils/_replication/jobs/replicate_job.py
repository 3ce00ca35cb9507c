# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""playbooks/replicate.yml's step (job_step replicate_job.inputs). For internal collection use only.

The job's inputs, as AWX surveys (strings) or extra vars give them, become the replicate role's variables; the role's
own steps are replicate.* (jobs/replicate.py).
"""

from ..survey import SurveyInputError
from ..survey import replicate_job_vars


def inputs(secret_ids=None, replica_regions=None, replica_kms_keys=None, purge_replicas=None, secret_filters=None,
           replicate_secrets=None, replicate_selector=None, replicate_default_replicas=None):
    """The role's replicate_secrets, replicate_selector and replicate_default_replicas, and the refusal (None when the
    job may run: survey.replicate_job_vars found nothing wrong)."""
    job = {"secret_ids": secret_ids, "replica_regions": replica_regions, "replica_kms_keys": replica_kms_keys, "purge_replicas": purge_replicas,
           "secret_filters": secret_filters, "replicate_secrets": replicate_secrets, "replicate_selector": replicate_selector,
           "replicate_default_replicas": replicate_default_replicas}
    try:
        return dict(replicate_job_vars(job), refusal=None)
    except SurveyInputError as e:
        return {"replicate_secrets": None, "replicate_selector": None, "replicate_default_replicas": None, "refusal": e.message}


STEPS = {
    "replicate_job.inputs": inputs,
}
