# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""EventBridge events of Secrets Manager API calls, shaped as AWS documents them, for the tests to post.

AWS user guide, "Match Secrets Manager events with EventBridge" and "AWS CloudTrail entries for Secrets Manager":
EventBridge wraps the CloudTrail record in `detail`; the record names the call (eventName), its Region (awsRegion), its
request (requestParameters, the API's parameters in camelCase) and its response (responseElements); a failed call has
errorCode and errorMessage. The stand-in emits no events: a test makes the call with boto3, then posts its event.
"""

import uuid

ACCOUNT = "123456789012"
SOURCE = "aws.secretsmanager"
DETAIL_TYPE = "AWS API Call via CloudTrail"


def cloudtrail_event(event_name, region, request=None, response=None, account=ACCOUNT, error_code=None, source=SOURCE):
    """One EventBridge event for a Secrets Manager call made in `region` by an IAM user of `account`."""
    detail = {
        "eventVersion": "1.08",
        "userIdentity": {"type": "IAMUser", "accountId": account, "arn": f"arn:aws:iam::{account}:user/operator"},
        "eventTime": "2026-12-06T12:00:00Z",
        "eventSource": "secretsmanager.amazonaws.com",
        "eventName": event_name,
        "awsRegion": region,
        "sourceIPAddress": "192.0.2.10",
        "userAgent": "aws-cli/2.15.0",
        "requestParameters": request,
        "responseElements": response,
        "requestID": str(uuid.uuid4()),
        "eventID": str(uuid.uuid4()),
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": account,
        "eventCategory": "Management",
    }
    if error_code:
        detail.update(errorCode=error_code, errorMessage=f"{error_code} (test)", responseElements=None)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": DETAIL_TYPE,
        "source": source,
        "account": account,
        "time": "2026-12-06T12:00:00Z",
        "region": region,
        "resources": [],
        "detail": detail,
    }


def create_secret(name, arn, region, add_replica_regions=None):
    request = {"name": name, "clientRequestToken": str(uuid.uuid4())}
    if add_replica_regions:
        request["addReplicaRegions"] = [{"region": replica} for replica in add_replica_regions]
    return cloudtrail_event("CreateSecret", region, request, {"arn": arn})


def tag_resource(secret_id, region, tags):
    return cloudtrail_event("TagResource", region, {"secretId": secret_id, "tags": [{"key": key, "value": value} for key, value in tags.items()]})


def remove_regions_from_replication(secret_id, arn, region, removed, old_arn_key=False):
    """old_arn_key: the response spells the ARN key `aRN`, as some records did before February 2024."""
    return cloudtrail_event("RemoveRegionsFromReplication", region, {"secretId": secret_id, "removeReplicaRegions": list(removed)},
                            {"aRN" if old_arn_key else "arn": arn, "replicationStatus": []})


def stop_replication_to_replica(secret_id, arn, region):
    return cloudtrail_event("StopReplicationToReplica", region, {"secretId": secret_id}, {"arn": arn})
