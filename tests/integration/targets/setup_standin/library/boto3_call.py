#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

DOCUMENTATION = r"""
module: boto3_call
short_description: Test-only - call one boto3 client method, for seeding and independent reads
description:
  - Calls C(service).C(operation)(**C(params)) in C(region) with plain boto3, so integration
    tests can seed state and confirm it without going through the modules under test.
  - Endpoint and credentials come from C(AWS_ENDPOINT_URL), C(AWS_ACCESS_KEY_ID) and C(AWS_SECRET_ACCESS_KEY).
  - Refuses the operations that return secret values.
options:
  service: {type: str, required: true, description: boto3 service name.}
  region: {type: str, required: true, description: Region to call.}
  operation: {type: str, required: true, description: snake_case client method name.}
  params: {type: dict, default: {}, description: keyword arguments.}
  expected_error_codes:
    type: list
    elements: str
    default: []
    description: error codes returned as C(error_code) instead of failing.
author: secretsmanager.replication contributors (@secretsmanager)
"""

import json

try:
    import boto3
    import botocore.config
    import botocore.exceptions
except ImportError:
    pass  # checked by the test environment

from ansible.module_utils.basic import AnsibleModule

READS_SECRET_VALUES = {"get_secret_value", "batch_get_secret_value", "get_random_password"}


def main():
    module = AnsibleModule(
        argument_spec=dict(
            service=dict(type="str", required=True),
            region=dict(type="str", required=True),
            operation=dict(type="str", required=True),
            params=dict(type="dict", default={}),
            expected_error_codes=dict(type="list", elements="str", default=[]),
        ),
        supports_check_mode=False,
    )
    operation = module.params["operation"]
    if operation in READS_SECRET_VALUES:
        module.fail_json(msg=f"boto3_call refuses {operation}: tests never read secret values")
    client = boto3.client(
        module.params["service"],
        region_name=module.params["region"],
        config=botocore.config.Config(retries={"max_attempts": 3, "mode": "standard"}),
    )
    try:
        response = getattr(client, operation)(**module.params["params"])
    except botocore.exceptions.ClientError as error:
        code = error.response["Error"]["Code"]
        if code not in module.params["expected_error_codes"]:
            module.fail_json(msg=str(error), error_code=code)
        module.exit_json(changed=False, error_code=code, error_message=error.response["Error"].get("Message", ""))
    response.pop("ResponseMetadata", None)
    module.exit_json(changed=False, response=json.loads(json.dumps(response, default=str)))


if __name__ == "__main__":
    main()
