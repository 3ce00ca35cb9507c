# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.region_policy import enabled_regions
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.region_policy import needs_opt_in_check
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.region_policy import policy_problem
from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication.region_policy import region_rule_problems

PRIMARY_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:app/db-AbCdEf"


def secret(replicas, secret_id="app/db", primary_region="us-east-1"):
    return {"secret_id": secret_id, "primary_region": primary_region, "replicas": [{"region": region} for region in replicas]}


def regions_of(problems):
    return [(problem["secret_id"], problem["region"]) for problem in problems]


def test_a_clean_plan_has_no_problems():
    assert region_rule_problems([secret(["eu-west-1", "us-west-2"])], enabled=["eu-west-1", "us-west-2"]) == []


def test_every_violation_of_every_secret_is_listed():
    plan = [secret(["cn-north-1", "me-south-1", "eu-west-1"], secret_id="one"), secret(["ap-south-1", "us-east-1"], secret_id="two")]
    problems = region_rule_problems(
        plan, allowed_regions=["eu-west-1", "me-south-1", "cn-north-1", "us-east-1"], enabled=["eu-west-1", "ap-south-1", "us-east-1"]
    )
    assert regions_of(problems) == [("one", "cn-north-1"), ("one", "me-south-1"), ("two", "ap-south-1"), ("two", "us-east-1")]
    reasons = [problem["problem"] for problem in problems]
    assert "partition 'aws-cn'" in reasons[0]
    assert "opt-in Region that is not enabled" in reasons[1]
    assert "not an allowed Region" in reasons[2] and "allowed: eu-west-1, me-south-1" in reasons[2]
    assert "own Region" in reasons[3]
    assert {problem["about"] for problem in problems} == {"replica"}


def test_a_denied_region_wins_over_the_allow_list():
    problems = region_rule_problems([secret(["eu-west-1"])], allowed_regions=["eu-west-1"], denied_regions=["eu-west-1"])
    assert len(problems) == 1 and "denied Region" in problems[0]["problem"]


def test_an_empty_allow_list_allows_every_region_and_no_enabled_list_skips_opt_in():
    assert region_rule_problems([secret(["me-south-1", "ap-east-1"])]) == []


def test_a_region_rule_violation_is_reported_once_not_again_as_policy():
    problems = region_rule_problems([secret(["cn-north-1"])], allowed_regions=["eu-west-1"], enabled=[])
    assert len(problems) == 1 and "partition" in problems[0]["problem"]


def test_a_region_listed_twice_is_reported():
    problems = region_rule_problems([secret(["eu-west-1", "eu-west-1"])])
    assert regions_of(problems) == [("app/db", "eu-west-1")]
    assert "more than once" in problems[0]["problem"]


def test_the_arn_region_is_the_primary_region():
    plan = [{"secret_id": PRIMARY_ARN, "primary_region": "us-east-1", "replicas": [{"region": "eu-west-1"}, {"region": "us-east-1"}]}]
    problems = region_rule_problems(plan)
    assert regions_of(problems) == [(PRIMARY_ARN, "eu-west-1")]
    assert "own Region" in problems[0]["problem"]


@pytest.mark.parametrize("primary_region, expected", [(None, "Region is not known"), ("us-esat-1", "'us-esat-1' is not a Secrets Manager Region")])
def test_a_missing_or_unknown_primary_region_is_one_problem_for_the_secret(primary_region, expected):
    problems = region_rule_problems([secret(["eu-west-1", "cn-north-1"], primary_region=primary_region)])
    assert len(problems) == 1 and expected in problems[0]["problem"]
    assert problems[0]["about"] == "primary" and problems[0]["region"] == primary_region
    if primary_region is None:
        assert "module_defaults" in problems[0]["problem"]


def test_a_kms_key_arn_from_another_region_is_refused():
    plan = [{"secret_id": "app/db", "primary_region": "us-east-1", "replicas": [
        {"region": "eu-west-1", "kms_key_id": "arn:aws:kms:eu-central-1:123456789012:key/1234"},
        {"region": "us-west-2", "kms_key_id": "arn:aws:kms:us-west-2:123456789012:key/5678"},
        {"region": "eu-central-1", "kms_key_id": "alias/app"},
    ]}]
    problems = region_rule_problems(plan)
    assert regions_of(problems) == [("app/db", "eu-west-1")]
    assert "is a key in 'eu-central-1'" in problems[0]["problem"]


def test_a_malformed_arn_is_refused_as_such_not_read_as_a_name():
    plan = [{"secret_id": "arn:aws:secretsmanager:us-east-1:123", "primary_region": "us-east-1", "replicas": [{"region": "eu-west-1"}]}]
    problems = region_rule_problems(plan)
    assert [(p["about"], p["region"]) for p in problems] == [("secret", None)]
    assert "not a Secrets Manager secret ARN" in problems[0]["problem"]


def test_enabled_regions_from_region_info_results():
    infos = [
        {"regions": [{"region_name": "us-east-1", "opt_in_status": "opt-in-not-required"}, {"region_name": "me-south-1", "opt_in_status": "not-opted-in"}]},
        {"regions": [{"region_name": "af-south-1", "opt_in_status": "opted-in"}, {"region_name": "eu-west-1"}]},
    ]
    assert enabled_regions(infos) == ["af-south-1", "eu-west-1", "us-east-1"]
    assert enabled_regions(None) is None


@pytest.mark.parametrize(
    "allowed, denied, enabled",
    [
        ([], [], None),  # no allow list, no deny list, opt-in not checked
        (["eu-west-1", "us-west-2"], [], None),
        ([], ["us-west-2"], ["eu-west-1"]),
        (["eu-west-1"], ["us-west-2"], ["eu-west-1", "us-west-2"]),
    ],
)
def test_a_region_the_policy_allows_has_no_policy_problem(allowed, denied, enabled):
    assert policy_problem("eu-west-1", allowed, denied, enabled) is None


def test_a_denied_region_is_refused_even_when_allowed_and_enabled():
    text = policy_problem("eu-west-1", ["eu-west-1"], ["eu-west-1"], ["eu-west-1"])
    assert text == "'eu-west-1' is a denied Region in the Region policy: remove it from the replicas, or change the policy"


def test_a_region_outside_a_non_empty_allow_list_is_refused_naming_the_allowed_regions():
    text = policy_problem("ap-south-1", ["eu-west-1", "us-west-2"], [], ["ap-south-1"])
    assert text.startswith("'ap-south-1' is not an allowed Region in the Region policy (allowed: eu-west-1, us-west-2): ")
    assert text.endswith("remove it from the replicas, or add it to the allowed Regions")


def test_the_allow_list_is_checked_before_opt_in():
    text = policy_problem("me-south-1", ["eu-west-1"], [], [])
    assert "not an allowed Region" in text and "opt-in" not in text


@pytest.mark.parametrize("enabled", [[], ["eu-west-1", "us-east-1"]])
def test_a_region_not_enabled_in_the_account_is_refused_with_how_to_enable_it(enabled):
    text = policy_problem("me-south-1", [], [], enabled)
    assert text.startswith("'me-south-1' is an opt-in Region that is not enabled in this account: ")
    assert "aws account enable-region" in text and "remove it from the replicas" in text


def test_unknown_enabled_regions_skip_the_opt_in_check_but_not_the_lists():
    assert policy_problem("me-south-1", [], [], None) is None
    assert "denied Region" in policy_problem("me-south-1", [], ["me-south-1"], None)
    assert "not an allowed Region" in policy_problem("me-south-1", ["eu-west-1"], [], None)


@pytest.mark.parametrize("replicas, needed", [
    ([{"region": "eu-west-1"}, {"region": "us-west-2"}], False),
    ([{"region": "eu-west-1"}, {"region": "me-south-1"}], True),  # launched in 2019: opt-in
    ([{"region": "cn-north-1"}], True),  # another partition: its own rules, read
    ([], False),
])
def test_only_a_replica_outside_the_regions_aws_enables_everywhere_needs_the_opt_in_read(replicas, needed):
    assert needs_opt_in_check({"replicas": replicas}) is needed
