# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Seed a small AWS organization in a running local stand-in, for demo.aws_organization.yml.

    make standin-start
    PYTHONPATH=tests/standin .venv/bin/python demo/organization/seed_organization.py [--url http://127.0.0.1:4569]

It resets the stand-in, creates three OUs (Prod, Prod/Payments, Dev) with two accounts each, tagged, and prints the
environment and the ansible-inventory command that shows them.
"""

import argparse

from standin import ACCESS_KEY, DEFAULT_REGION, SECRET_KEY
from standin.organizations import seed_organization
from standin.process import RemoteStandIn

LAYOUT = {
    "Prod": [{"name": "prod-api", "tags": {"dr": "gold"}}, {"name": "prod-web", "tags": {"dr": "silver"}}],
    "Prod/Payments": [{"name": "pay-core", "tags": {"dr": "gold"}}, {"name": "pay-ledger", "tags": {"dr": "gold"}}],
    "Dev": [{"name": "dev-sandbox", "tags": {}}, {"name": "dev-tools", "tags": {"dr": "silver"}}],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:4569", help="the stand-in's URL (make standin-start: STANDIN_PORT, default 4569)")
    url = parser.parse_args().url
    standin = RemoteStandIn(url)
    standin.reset()
    organization = seed_organization(standin, LAYOUT)
    print(f"organization seeded: {len(organization['accounts'])} member accounts in {len(organization['ous']) - 1} OUs")
    print(f"AWS_ENDPOINT_URL={url} AWS_ACCESS_KEY_ID={ACCESS_KEY} AWS_SECRET_ACCESS_KEY={SECRET_KEY} AWS_REGION={DEFAULT_REGION} \\")
    print("  ANSIBLE_COLLECTIONS_PATH=.tmp/collections .venv/bin/ansible-inventory -i demo/organization/demo.aws_organization.yml --graph")


if __name__ == "__main__":
    main()
