# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Error type, error handler and retry policy shared by every AWS call wrapper."""

try:
    import botocore
except ImportError:
    pass  # Modules are responsible for handling this.

from ansible_collections.amazon.aws.plugins.module_utils.botocore import is_boto3_error_code
from ansible_collections.amazon.aws.plugins.module_utils.errors import AWSErrorHandler
from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

# Bounded jittered backoff: at most 5 retries, each sleep capped at 10 s, so a
# permanently throttled or unavailable endpoint fails in well under a minute
# instead of hanging (AWSRetry also retries ServiceUnavailable).
RETRY_ATTEMPTS = 5
RETRY_DELAY = 1
RETRY_MAX_DELAY = 10
# Secrets Manager and KMS throttle with the code ThrottlingException (JSON protocol),
# which AWSRetry's own list ("Throttling", ...) does not include.
THROTTLING_ERROR_CODES = ["ThrottlingException"]
aws_retry = AWSRetry.jittered_backoff(
    retries=RETRY_ATTEMPTS, delay=RETRY_DELAY, max_delay=RETRY_MAX_DELAY, catch_extra_error_codes=THROTTLING_ERROR_CODES
)


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


def is_unreachable_error(exception):
    """True when a botocore error means the Region did not answer (5xx, connection or read timeout).

    Such an error says nothing about the request itself: the same call may succeed
    once the Region is back, so callers report the Region and carry on with the others.
    """
    if isinstance(exception, botocore.exceptions.ClientError):
        return exception.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500
    return isinstance(exception, (botocore.exceptions.ConnectionError, botocore.exceptions.ReadTimeoutError))
