# -*- coding: utf-8 -*-
# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""How a client reaches a stand-in: its URL with the dummy credentials, as boto3 arguments or environment variables."""

from . import ACCESS_KEY, DEFAULT_REGION, SECRET_KEY


def environment(url=None, region=DEFAULT_REGION):
    """Variables that point botocore (and amazon.aws modules) at a stand-in; the endpoint only when `url` is given."""
    variables = {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
    }
    if url:
        variables["AWS_ENDPOINT_URL"] = url
    return variables


class Endpoint:
    """Clients and environment for the stand-in at `self.url` (set by the subclass).

    `client_config` (a botocore Config, e.g. without retries) applies to every client made here.
    """

    url = None
    client_config = None

    def client_kwargs(self, region=DEFAULT_REGION, account=None):
        """boto3.client keywords for the stand-in; account: act in that account instead of ACCOUNT_ID."""
        credentials = self.account_credentials(account) if account else {"aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": SECRET_KEY}
        return {"endpoint_url": self.url, "region_name": region, **credentials}

    def account_credentials(self, account):
        """boto3 credential keywords that act in `account`: sts:AssumeRole of arn:aws:iam::ACCOUNT:role/standin
        (moto needs no such role while IAM is not enforced; the call is in the request log)."""
        return self.role_credentials(f"arn:aws:iam::{account}:role/standin")

    def role_credentials(self, role_arn):
        """boto3 credential keywords of sts:AssumeRole of `role_arn`, made with the stand-in's own credentials; moto acts
        in the role's account, and, with IAM enforced, with the role's policies."""
        credentials = self.client("sts").assume_role(RoleArn=role_arn, RoleSessionName="standin")["Credentials"]
        return {
            "aws_access_key_id": credentials["AccessKeyId"],
            "aws_secret_access_key": credentials["SecretAccessKey"],
            "aws_session_token": credentials["SessionToken"],
        }

    def client(self, service, region=DEFAULT_REGION, account=None, **kwargs):
        """A boto3 client for the stand-in; keyword arguments (other credentials, config) override the defaults."""
        import boto3  # pylint: disable=import-outside-toplevel

        params = self.client_kwargs(region, account)
        if self.client_config is not None:
            params["config"] = self.client_config
        params.update(kwargs)
        return boto3.client(service, **params)

    def environment(self, region=DEFAULT_REGION):
        return environment(self.url, region)
