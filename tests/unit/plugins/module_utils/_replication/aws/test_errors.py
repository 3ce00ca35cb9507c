# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one test for "this Region did not answer": a 5xx answer, no connection or a timeout, from an exception or a task's result."""

import pytest
from botocore.exceptions import ConnectTimeoutError
from botocore.exceptions import EndpointConnectionError
from botocore.exceptions import ReadTimeoutError

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.errors import SecretsManagerReplicationError
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.errors import is_unreachable_error
from ansible_collections.secretsmanager.replication.tests.unit.conftest import client_error

URL = "https://secretsmanager.eu-west-1.amazonaws.com"


@pytest.mark.parametrize("exception, unreachable", [
    (client_error("ServiceUnavailable", "DescribeSecret", status=503), True),
    (client_error("InternalFailure", "DescribeSecret", status=500), True),
    (client_error("ThrottlingException", "DescribeSecret", status=400), False),  # AWS answered: slow down
    (client_error("AccessDeniedException", "DescribeSecret", status=400), False),
    (EndpointConnectionError(endpoint_url=URL), True),
    (ConnectTimeoutError(endpoint_url=URL), True),
    (ReadTimeoutError(endpoint_url=URL), True),
    (ValueError("not an AWS error"), False),
])
def test_an_exception_means_the_region_did_not_answer_only_for_5xx_no_connection_or_timeout(exception, unreachable):
    assert is_unreachable_error(exception) is unreachable
    # The collection's own error wraps the botocore one: the wrapped exception decides.
    assert is_unreachable_error(SecretsManagerReplicationError(message="wrapped", exception=exception)) is unreachable


@pytest.mark.parametrize("status_code, message, unreachable", [
    (503, "Service Unavailable", True),
    (502, None, True),
    (None, f'Could not connect to the endpoint URL: "{URL}"', True),
    (None, f'Failed to describe key: Connect timeout on endpoint URL: "{URL}"', True),
    (None, f'Read timeout on endpoint URL: "{URL}"', True),
    (400, "An error occurred (AccessDeniedException) when calling the DescribeKey operation: timeout of the session", False),
    (None, "AccessDeniedException", False),
    (None, None, False),
])
def test_a_failed_tasks_status_code_or_botocore_message_says_the_region_did_not_answer(status_code, message, unreachable):
    assert is_unreachable_error(status_code=status_code, message=message) is unreachable
