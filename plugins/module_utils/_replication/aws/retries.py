# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The retry policy: which AWS errors are retried, how often and how long, for every call this collection makes."""

from ansible_collections.amazon.aws.plugins.module_utils.retries import AWSRetry

# Bounded jittered backoff: at most 5 attempts, each sleep capped at 10 s, so a
# permanently throttled or unavailable endpoint fails in well under a minute
# instead of hanging (AWSRetry also retries ServiceUnavailable).
RETRY_ATTEMPTS = 5
RETRY_DELAY = 1
RETRY_MAX_DELAY = 10
# Secrets Manager and KMS throttle with the code ThrottlingException (JSON protocol),
# which AWSRetry's own list ("Throttling", ...) does not include.
THROTTLING_ERROR_CODES = ("Throttling", "ThrottlingException", "TooManyRequestsException", "RequestLimitExceeded")

aws_retry = AWSRetry.jittered_backoff(
    retries=RETRY_ATTEMPTS, delay=RETRY_DELAY, max_delay=RETRY_MAX_DELAY, catch_extra_error_codes=["ThrottlingException"]
)


class _ThrottlingOnlyRetry(AWSRetry):
    @staticmethod
    def found(response_code, catch_extra_error_codes=None):
        return response_code in THROTTLING_ERROR_CODES


# For calls whose question is "does that Region answer?": throttling is retried, but a
# ServiceUnavailable answer is the answer (the Region is unreachable), not retried.
throttling_retry = _ThrottlingOnlyRetry.jittered_backoff(retries=RETRY_ATTEMPTS, delay=RETRY_DELAY, max_delay=RETRY_MAX_DELAY)
