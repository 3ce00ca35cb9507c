#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: secret_value_matches
short_description: Test-only - whether a secret's current value in a Region is the expected one
description:
  - The drill checks data, so it reads values with plain boto3 (GetSecretValue); the collection never does.
  - Returns only whether the value matches and its version id, never the value.
  - Endpoint and credentials come from C(AWS_ENDPOINT_URL), C(AWS_ACCESS_KEY_ID) and C(AWS_SECRET_ACCESS_KEY).
options:
  region: {type: str, required: true, description: Region to read in.}
  secret_id: {type: str, required: true, description: Name or ARN.}
  expected: {type: str, required: true, description: The value expected.}
author: secretsmanager.replication contributors (@secretsmanager)
"""

try:
    import boto3
except ImportError:
    pass  # checked by the test environment

from ansible.module_utils.basic import AnsibleModule


def main():
    module = AnsibleModule(
        argument_spec=dict(
            region=dict(type="str", required=True), secret_id=dict(type="str", required=True), expected=dict(type="str", required=True, no_log=True)
        ),
        supports_check_mode=False,
    )
    answer = boto3.client("secretsmanager", region_name=module.params["region"]).get_secret_value(SecretId=module.params["secret_id"])
    module.exit_json(changed=False, matches=answer.get("SecretString") == module.params["expected"], version_id=answer["VersionId"], arn=answer["ARN"])


if __name__ == "__main__":
    main()
