# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Secret hygiene across accounts: the value replicated to the other account appears in no output, file or log of the job."""

import uuid

from standin.operations import SECRET_VALUE_READS

from conftest import PRIMARY, everything_written, run_playbook

REPLICA_ACCOUNT = "222222222222"
REPLICA_ROLE_ARN = f"arn:aws:iam::{REPLICA_ACCOUNT}:role/hygiene-recovery"


def test_cross_account_job_never_reads_or_shows_the_value(standin, tmp_path):
    canary = f"HYGIENE-CANARY-{uuid.uuid4()}"
    standin.client("secretsmanager", PRIMARY).create_secret(Name="hygiene/xa", SecretString=canary)
    replica = standin.account_credentials(REPLICA_ACCOUNT)
    kms = standin.client("kms", PRIMARY, **replica)
    kms.create_alias(AliasName="alias/hygiene", TargetKeyId=kms.create_key()["KeyMetadata"]["KeyId"])

    log_path = tmp_path / "ansible.log"
    extra_vars = {"cross_account_secrets": "hygiene/xa", "cross_account_role_arn": REPLICA_ROLE_ARN, "cross_account_kms_key_id": "alias/hygiene",
                  "cross_account_report_dir": str(tmp_path / "report")}
    outputs = [run_playbook(standin, tmp_path, "secretsmanager.replication.replicate_cross_account", extra_vars=extra_vars, args=args,
                            env={"ANSIBLE_LOG_PATH": str(log_path)})
               for args in (["-vvvv", "--check", "--diff"], ["-vvvv", "--diff"], ["-vvvv", "--diff"])]
    assert [result.returncode for result in outputs] == [0, 0, 0], outputs[-1].output[-3000:]

    requests = standin.request_log()  # before the test's own value read below
    # The value did arrive in the other account (read here with plain boto3, as a test may).
    assert standin.client("secretsmanager", PRIMARY, **replica).get_secret_value(SecretId="hygiene/xa")["SecretString"] == canary

    texts = everything_written(standin, tmp_path, [result.output for result in outputs], requests)
    assert (tmp_path / "report" / "cross-account-report.json").is_file() and log_path.is_file()
    for where, text in texts.items():
        assert "HYGIENE-CANARY" not in text, f"part of the secret value appears in {where}"
    assert not SECRET_VALUE_READS & {request["operation"] for request in requests}
