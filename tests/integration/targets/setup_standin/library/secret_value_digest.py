#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: secret_value_digest
short_description: Test-only - the SHA-256 of a secret's current value, read with plain boto3, never the value
description:
  - Reads C(GetSecretValue) with plain boto3 (tests may read values to check data; the collection never does) and returns
    only the value's SHA-256 and the version id, so a test can check which value arrived without printing it.
  - Endpoint and credentials come from the environment (C(AWS_ENDPOINT_URL), C(AWS_ACCESS_KEY_ID), ...).
options:
  region: {type: str, required: true, description: Region to call.}
  secret_id: {type: str, required: true, description: Name or ARN of the secret.}
author: secretsmanager.replication contributors (@secretsmanager)
"""

import hashlib

try:
    import boto3
    import botocore.exceptions
except ImportError:
    pass  # checked by the test environment

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(region=dict(type="str", required=True), secret_id=dict(type="str", required=True)),
        supports_check_mode=False,
    )
    client = boto3.client("secretsmanager", region_name=module.params["region"])
    try:
        answer = client.get_secret_value(SecretId=module.params["secret_id"])
    except botocore.exceptions.ClientError as error:
        module.exit_json(changed=False, readable=False, error_code=error.response["Error"]["Code"])
    module.exit_json(changed=False, readable=True, sha256=hashlib.sha256(answer["SecretString"].encode()).hexdigest(), version_id=answer["VersionId"])


if __name__ == "__main__":
    main()
