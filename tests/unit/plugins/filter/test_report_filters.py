# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The report filters are thin adapters: input checks, and Ansible's result shapes.

Registration under each file's name is checked for every filter in test_filter_registration.py.
"""

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.secretsmanager.replication.plugins.filter import replication_health_report
from ansible_collections.secretsmanager.replication.plugins.filter import replication_report_html


def test_wrong_input_is_named():
    with pytest.raises(AnsibleFilterError, match="replication_health_report builds"):
        replication_report_html.replication_report_html({"summary": {}})


def test_the_health_report_reads_a_registered_loop_and_skips_skipped_reads():
    entry = {"arn": "arn:aws:secretsmanager:us-east-1:1:secret:db-AbCdEf", "name": "db", "region": "us-east-1", "primary_region": "us-east-1",
             "is_replica": False, "health": "in_sync", "replication_status": [{"region": "eu-west-1", "status": "InSync"}]}
    registered = {"results": [{"region": "us-east-1", "secrets": [entry]}, {"skipped": True}]}
    shaped = replication_health_report.replication_health_report(registered, required_regions=["eu-west-1", "us-west-2"])
    assert [secret["missing_regions"] for secret in shaped["report"]["secrets"]] == [["us-west-2"]]
    assert shaped["table"][-1].endswith("1 missing a required replica (eu-west-1, us-west-2)")
    page = replication_report_html.replication_report_html(shaped["report"])
    assert page.startswith("<!DOCTYPE html>") and 'id="summary-not_compliant">1<' in page
