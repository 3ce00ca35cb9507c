# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Shared constants and small helpers of the stand-in's own tests (a unique module name, not conftest)."""

from botocore.config import Config

PRIMARY = "us-east-1"
# Retries off: the tests look at raw errors. botocore's "max_attempts" counts retries (1 still allows one
# retry); "total_max_attempts" counts the first call too.
NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})


def statuses(description):
    """ReplicationStatus entries by Region."""
    return {entry["Region"]: entry for entry in description.get("ReplicationStatus", [])}


def error_code(excinfo):
    return excinfo.value.response["Error"]["Code"]
