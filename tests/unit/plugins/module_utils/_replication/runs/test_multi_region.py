# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Whether a Region answers, before secret_replica_info reads it: one probe call, an outage set aside, anything else raised;
and a Region found unreachable is not called again in the run."""

import pytest
from botocore.exceptions import EndpointConnectionError

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.errors import SecretsManagerReplicationError
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.multi_region import read_in_regions
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.runs.multi_region import region_answers
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.peers import PeerReader
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.aws.retries import RETRY_ATTEMPTS
from ansible_collections.secretsmanager.replication.tests.unit.conftest import FakeClients
from ansible_collections.secretsmanager.replication.tests.unit.conftest import arn_in
from ansible_collections.secretsmanager.replication.tests.unit.conftest import client_error


class ListingClients:
    """Secrets Manager clients whose ListSecrets raises the given errors in turn, then answers; each call's parameters are kept."""

    def __init__(self, *errors):
        self.errors = list(errors)
        self.calls = []

    def secretsmanager(self, region):
        return self

    def list_secrets(self, **params):
        self.calls.append(params)
        if self.errors:
            raise self.errors.pop(0)
        return {"SecretList": []}


def answers(clients, region, secret_ids):
    return region_answers(clients, PeerReader(clients), region, secret_ids)


def test_with_secret_ids_the_probe_is_one_describe_of_the_first_id(aws):
    aws.add_replica("eu-west-1")
    assert answers(FakeClients(aws), "eu-west-1", ["db", "other"]) is True
    assert aws.requests == [("eu-west-1", "DescribeSecret", "db")]


def test_a_region_without_the_secret_still_answers(aws):
    assert answers(FakeClients(aws), "eu-west-1", ["db"]) is True
    assert aws.requests == [("eu-west-1", "DescribeSecret", "db")]


@pytest.mark.parametrize("secret_ids", [["db"], [], None])
def test_a_region_in_an_outage_does_not_answer_after_one_call(aws, secret_ids):
    aws.down.add("eu-west-1")
    assert answers(FakeClients(aws), "eu-west-1", secret_ids) is False
    assert len(aws.calls) == 1  # ServiceUnavailable is the answer, not retried


def test_a_region_the_peer_reader_found_unreachable_is_not_called_again(aws):
    aws.down.add("eu-west-1")
    clients = FakeClients(aws)
    peers = PeerReader(clients)
    assert region_answers(clients, peers, "eu-west-1", ["db"]) is False
    assert region_answers(clients, peers, "eu-west-1", ["other"]) is False
    assert aws.calls == [("eu-west-1", "DescribeSecret")]


@pytest.mark.parametrize("secret_ids, operation, message", [
    (["db"], "DescribeSecret", "Failed to describe secret db in eu-west-1"),
    (None, "ListSecrets", "Failed to list secrets in eu-west-1"),
])
def test_an_error_that_is_not_an_outage_is_raised_naming_the_region(aws, secret_ids, operation, message):
    aws.errors[("eu-west-1", operation)] = "AccessDeniedException"
    with pytest.raises(SecretsManagerReplicationError, match=message):
        answers(FakeClients(aws), "eu-west-1", secret_ids)


@pytest.mark.parametrize("secret_ids", [None, []])
def test_without_secret_ids_the_probe_is_one_list_page_of_one_entry(secret_ids):
    clients = ListingClients()
    assert answers(clients, "eu-west-1", secret_ids) is True
    assert clients.calls == [{"MaxResults": 1}]


def test_a_region_that_cannot_be_connected_to_does_not_answer():
    clients = ListingClients(EndpointConnectionError(endpoint_url="https://secretsmanager.eu-west-1.amazonaws.com"))
    assert answers(clients, "eu-west-1", None) is False
    assert len(clients.calls) == 1


@pytest.mark.usefixtures("no_backoff")
def test_throttling_is_retried_and_a_region_that_then_answers_answers():
    clients = ListingClients(client_error("ThrottlingException", "ListSecrets"), client_error("ThrottlingException", "ListSecrets"))
    assert answers(clients, "eu-west-1", None) is True
    assert len(clients.calls) == 3


@pytest.mark.usefixtures("no_backoff")
def test_throttling_that_never_ends_is_raised_not_taken_for_an_outage():
    clients = ListingClients(*[client_error("ThrottlingException", "ListSecrets") for dummy in range(10)])
    with pytest.raises(SecretsManagerReplicationError, match="Failed to list secrets in eu-west-1"):
        answers(clients, "eu-west-1", None)
    assert len(clients.calls) == RETRY_ATTEMPTS


def test_the_probe_describes_the_first_id_as_given(aws):
    # An ARN is sent as it is: whether this Region answers is the question, not whether the secret is here.
    assert answers(FakeClients(aws), "eu-west-1", [arn_in("us-east-1")]) is True
    assert aws.requests == [("eu-west-1", "DescribeSecret", arn_in("us-east-1"))]


def test_a_region_found_unreachable_while_reading_another_is_not_called_again(aws):
    # us-east-1's replica view finds eu-west-1 down; eu-west-1's own probe then costs no second call (each one is a timeout).
    aws.add_replica("eu-west-1")
    aws.down.add("eu-west-1")
    clients = FakeClients(aws)
    result = read_in_regions(clients, clients, ["us-east-1", "eu-west-1"], secret_ids=["db"], replica_view=True)
    assert result["unreachable_regions"] == ["eu-west-1"]
    assert [call for call in aws.calls if call[0] == "eu-west-1"] == [("eu-west-1", "DescribeSecret")]
