# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Malformed and hostile input (the table in docs/docsite/rst/bad-input.rst): a clear error, no mutating call, no traceback.

The module cases run as tasks of one playbook (ignore_errors, results written to a file), so the
table costs one ansible-playbook run; each case is then checked as its own parametrised test.
"""

import json

import pytest
from standin.operations import mutating_calls

from conftest import PRIMARY, run_playbook, write_playbook

SECRET = "bad/app"
OTHER_ACCOUNT_KEY = "arn:aws:kms:eu-west-1:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab"
# 500 replica entries: every commercial Secrets Manager Region, over and over.
COMMERCIAL = ["eu-west-1", "eu-west-2", "eu-central-1", "us-west-1", "us-west-2", "us-east-2", "ap-southeast-1", "ap-southeast-2",
              "ap-northeast-1", "sa-east-1"]
HUGE = [{"region": COMMERCIAL[index % len(COMMERCIAL)]} for index in range(500)]


def replica(**options):
    return dict({"region": PRIMARY, "secret_id": SECRET, "replicas": [{"region": "eu-west-1"}]}, **options)


# id: (module, options, text the error must contain)
MODULE_CASES = {
    "empty secret id": ("secret_replica", replica(secret_id=""), "secret_id is empty"),
    "overlong secret id": ("secret_replica", replica(secret_id="s" * 3000), "AWS accepts at most 2048"),
    "unicode secret id": ("secret_replica", replica(secret_id="秘密/パスワード"), "does not exist"),
    "control characters in secret id": ("secret_replica", replica(secret_id="bad/app\n--extra"), "does not exist"),
    "malformed ARN": ("secret_replica", replica(secret_id="arn:aws:secretsmanager:us-east-1:123"), "not a Secrets Manager secret ARN"),
    "ARN of another service": ("secret_replica", replica(secret_id="arn:aws:s3:::bucket/key"), "not a Secrets Manager secret ARN"),
    "ARN in another Region than region": (
        "secret_replica", replica(secret_id="arn:aws:secretsmanager:eu-west-2:123456789012:secret:bad/app-AbCdEf"), "conflicts with the secret's ARN"),
    "Region with a space": ("secret_replica", replica(replicas=[{"region": "eu-west-1 "}]), "not a Secrets Manager Region"),
    "Region with an inner space": ("secret_replica", replica(replicas=[{"region": "eu west-1"}]), "not a Secrets Manager Region"),
    "Region in upper case": ("secret_replica", replica(replicas=[{"region": "EU-WEST-1"}]), "Regions are lower case"),
    "unknown Region": ("secret_replica", replica(replicas=[{"region": "mars-west-1"}]), "not a Secrets Manager Region"),
    "GovCloud Region from a commercial primary": ("secret_replica", replica(replicas=[{"region": "us-gov-west-1"}]), "partition 'aws-us-gov'"),
    "China Region from a commercial primary": ("secret_replica", replica(replicas=[{"region": "cn-north-1"}]), "partition 'aws-cn'"),
    "primary's own Region": ("secret_replica", replica(replicas=[{"region": PRIMARY}]), "primary secret's own Region"),
    "KMS ARN from another Region": (
        "secret_replica", replica(replicas=[{"region": "eu-west-1", "kms_key_id": "arn:aws:kms:us-west-2:123456789012:key/abc"}]),
        "is a key in 'us-west-2'"),
    "malformed KMS ARN": ("secret_replica", replica(replicas=[{"region": "eu-west-1", "kms_key_id": "arn:aws:kms:eu-west-1"}]), "not a KMS key or alias ARN"),
    "empty KMS key": ("secret_replica", replica(replicas=[{"region": "eu-west-1", "kms_key_id": " "}]), "kms_key_id for 'eu-west-1' is empty"),
    # Cross-account keys are allowed by AWS; against the existing eu-west-1 replica the module compares keys
    # (kms:DescribeKey in eu-west-1) and refuses one that is not there.
    "KMS ARN from another account": (
        "secret_replica", replica(replicas=[{"region": "eu-west-1", "kms_key_id": OTHER_ACCOUNT_KEY}]), "does not exist in 'eu-west-1'"),
    "duplicate Region": ("secret_replica", replica(replicas=[{"region": "eu-west-1"}, {"region": "eu-west-1"}]), "'eu-west-1' is listed 2 times"),
    "500 replica entries": ("secret_replica", replica(replicas=HUGE), "'eu-west-1' is listed 50 times"),
    # ansible-core's own message for a string where a list of dicts is expected; it does not name the option.
    "survey string for replicas": ("secret_replica", replica(replicas="eu-west-1,us-west-2"), "dictionary requested"),
    "survey string for a bool": ("secret_replica", replica(purge_replicas="maybe"), "purge_replicas"),
    "survey string for an int": ("secret_replica", replica(wait_timeout="ten minutes"), "wait_timeout"),
    "negative wait_timeout": ("secret_replica", replica(wait_timeout=-5), "wait_timeout is -5"),
    "replica without a Region": ("secret_replica", replica(replicas=[{"kms_key_id": "alias/x"}]), "region"),
    "unknown option (typo)": ("secret_replica", replica(replica=[{"region": "eu-west-1"}]), "Unsupported parameters"),
    "invalid state": ("secret_replica", replica(state="deleted"), "state"),
    "secret that is a replica": ("secret_replica", replica(region="eu-west-1", replicas=[{"region": "us-west-2"}]), "is a replica; its primary is in"),
    "promote into an unknown Region": ("secret_replica", replica(state="promoted", replicas=[{"region": "EU-WEST-1"}]), "not a Secrets Manager Region"),
    "info: unknown filter": ("secret_replica_info", {"region": PRIMARY, "filters": {"colour": "blue"}}, "colour"),
    "info: zero workers": ("secret_replica_info", {"region": PRIMARY, "max_workers": 0}, "max_workers is 0: give 1 or more"),
    "info: survey string for an int": ("secret_replica_info", {"region": PRIMARY, "max_workers": "eight"}, "max_workers"),
    "info: ARN in another Region than region": (
        "secret_replica_info", {"region": PRIMARY, "secret_id": "arn:aws:secretsmanager:eu-west-2:123456789012:secret:bad/app-AbCdEf"},
        "but region is us-east-1"),
    "info: secret_id and filters": ("secret_replica_info", {"region": PRIMARY, "secret_id": SECRET, "filters": {"name": "bad"}}, "mutually exclusive"),
}


def seed(standin):
    primary = standin.client("secretsmanager", PRIMARY)
    primary.create_secret(Name=SECRET, SecretString="bad-input-value")
    primary.replicate_secret_to_regions(SecretId=SECRET, AddReplicaRegions=[{"Region": "eu-west-1"}])


# Session scope: computed once on the worker that runs the grouped cases, even if other tests run in between.
@pytest.fixture(scope="session")
def module_results(standin_process, tmp_path_factory):
    """Run every module case as one task of one playbook; {case id: registered result}, and the request log."""
    standin_process.reset()
    seed(standin_process)
    standin_process.clear_request_log()
    workdir = tmp_path_factory.mktemp("bad-input")
    ids = list(MODULE_CASES)
    tasks = [
        {"name": f"case {index}", f"secretsmanager.replication.{module}": options, "register": f"case_{index}", "ignore_errors": True}
        for index, (module, options, _expected) in enumerate(MODULE_CASES[case] for case in ids)
    ]
    tasks.append({"ansible.builtin.copy": {
        "content": "{{ {" + ", ".join(f"'{index}': case_{index}" for index in range(len(ids))) + "} | to_json }}",
        "dest": str(workdir / "results.json"), "mode": "0600"}})
    playbook = write_playbook(workdir, "cases.json", [{"hosts": "localhost", "gather_facts": False, "tasks": tasks}])
    result = run_playbook(standin_process, workdir, playbook, args=["-vvv"])
    assert result.returncode == 0, result.output[-3000:]
    requests = standin_process.request_log()
    by_index = json.loads((workdir / "results.json").read_text(encoding="utf-8"))
    return {case: by_index[str(index)] for index, case in enumerate(ids)}, requests, result.output


def assert_clear_user_error(registered, expected):
    assert registered.get("failed") is True, registered
    message = registered.get("msg", "")
    assert expected in message, message
    assert "Traceback" not in json.dumps(registered)
    assert "exception" not in registered or "Traceback" not in str(registered["exception"])


@pytest.mark.xdist_group("bad_input_module_cases")  # one worker runs the shared playbook, not both
@pytest.mark.parametrize("case", list(MODULE_CASES))
def test_module_refuses_bad_input_before_any_change(module_results, case):
    results, requests, output = module_results
    assert_clear_user_error(results[case], MODULE_CASES[case][2])
    assert "Traceback" not in output
    assert not mutating_calls(requests), mutating_calls(requests)
