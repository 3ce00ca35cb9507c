# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Error type and error handlers shared by every AWS call wrapper, and the one test for "this Region did not answer"."""

try:
    import botocore
except ImportError:
    pass  # Modules are responsible for handling this.

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError


class SecretsManagerReplicationError(AnsibleAWSError):
    pass


class SecretsManagerErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = SecretsManagerReplicationError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("ResourceNotFoundException")


class KMSErrorHandler(AWSErrorHandler):
    _CUSTOM_EXCEPTION = SecretsManagerReplicationError

    @classmethod
    def _is_missing(cls):
        return is_boto3_error_code("NotFoundException")


def _botocore_exception(exception):
    """The botocore exception behind `exception` (an AnsibleAWSError wraps one), or `exception` itself."""
    return getattr(exception, "exception", None) or exception


def error_code(exception):
    """The AWS error code of a botocore ClientError (also wrapped in an AnsibleAWSError), or None."""
    exception = _botocore_exception(exception)
    if isinstance(exception, botocore.exceptions.ClientError):
        return exception.response.get("Error", {}).get("Code")
    return None


# botocore's messages for a Region that did not answer ("Could not connect to the endpoint URL", "Connect timeout on
# endpoint URL", "Read timeout on endpoint URL"), for failures seen only as text (another module's failed result).
_UNANSWERED_MESSAGES = tuple(
    error.fmt.split("{", 1)[0].strip().rstrip(":").strip()
    for error in (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ConnectTimeoutError, botocore.exceptions.ReadTimeoutError)
) if "botocore" in globals() else ()


def is_unreachable_error(exception=None, status_code=None, message=None):
    """True when a call's failure means the Region did not answer (HTTP 5xx, no connection, a timeout).

    Such an error says nothing about the request itself: the same call may succeed
    once the Region is back, so callers report the Region and carry on with the others.
    Takes a botocore exception (also wrapped in an AnsibleAWSError), or the HTTP status code and the
    message of a failed call (an Ansible task's result).
    """
    exception = _botocore_exception(exception)
    if isinstance(exception, botocore.exceptions.ClientError):
        status_code = exception.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
    elif exception is not None:
        return isinstance(exception, (botocore.exceptions.ConnectionError, botocore.exceptions.ReadTimeoutError))
    if (status_code or 0) >= 500:
        return True
    return bool(message) and any(text in message for text in _UNANSWERED_MESSAGES)
