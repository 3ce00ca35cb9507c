# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fault `deny_assume_role`: sts:AssumeRole of the listed role ARNs is denied, as AWS denies it when the role's trust
policy does not name the caller (or the role does not exist).

moto's AssumeRole succeeds for any ARN while IAM is not enforced, and enforcing IAM for everything would change every
other call of a test. This denies only the roles named: HTTP 403, code AccessDenied, with AWS's message "User: <caller ARN>
is not authorized to perform: sts:AssumeRole on resource: <role ARN>".
"""

from moto.core.exceptions import AccessDeniedError
from moto.sts.models import sts_backends
from moto.sts.responses import TokenResponse

from .state import STATE

_installed = False


def _denying(assume_role):
    def assume_role_unless_denied(self):
        role_arn = self._get_param("RoleArn")  # pylint: disable=protected-access
        if role_arn in STATE.faults()["deny_assume_role"]:
            caller = sts_backends[self.current_account][self.partition].get_caller_identity(self.get_access_key(), self.region)[1]
            raise AccessDeniedError(caller, f"sts:AssumeRole on resource: {role_arn}")
        return assume_role(self)

    return assume_role_unless_denied


def install():
    """Apply the patch once per process (idempotent)."""
    global _installed  # pylint: disable=global-statement
    if _installed:
        return
    TokenResponse.assume_role = _denying(TokenResponse.assume_role)
    _installed = True
