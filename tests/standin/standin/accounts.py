# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which account a request acts in, decided as moto decides it (BaseResponse.get_current_account)."""

import os

from moto.iam.models import get_account_id_from


def account_of_request(environ, access_key):
    """MOTO_ACCOUNT_ID, else the x-moto-account-id header, else the account that owns the access key
    (an IAM user's key, or credentials from sts:AssumeRole, which act in the role's account), else
    moto's default account."""
    return (os.environ.get("MOTO_ACCOUNT_ID")
            or environ.get("HTTP_X_MOTO_ACCOUNT_ID")
            or get_account_id_from(access_key or ""))
