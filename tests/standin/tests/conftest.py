# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One in-process stand-in for the session (from standin.pytest_plugin), reset before every test."""

import pytest

from standin.pytest_plugin import standin, standin_env, standin_server  # noqa: F401  pylint: disable=unused-import
from standin_test_helpers import NO_RETRIES, PRIMARY


@pytest.fixture
def client(standin):  # noqa: F811  pylint: disable=redefined-outer-name
    """client(service, region=PRIMARY, account=None) -> boto3 client for the stand-in, without retries
    (account: act in that account, through sts:AssumeRole)."""

    def make(service, region=PRIMARY, account=None):
        return standin.client(service, region, account=account, config=NO_RETRIES)

    return make
