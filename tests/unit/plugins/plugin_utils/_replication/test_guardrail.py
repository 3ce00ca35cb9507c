# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import json

import parliament
import pytest

from ansible_collections.secretsmanager.replication.plugins.plugin_utils._replication import guardrail
from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules.regions import secretsmanager_regions

ALLOWED = "DenyReplicasOutsideAllowedRegions"
DENIED = "DenyReplicasInDeniedRegions"
NO_REGION = "DenyEveryReplicaRegion"
OVERWRITE = "DenyReplicaOverwrite"
# AWS quotas: an SCP holds 5,120 characters; an IAM managed policy 6,144 characters, whitespace not counted.
SCP_MAX_CHARACTERS = 5120
IAM_MANAGED_POLICY_MAX_CHARACTERS = 6144


def _statements(result):
    return {statement["Sid"]: statement for statement in result["policy"]["Statement"]}


# IAM's evaluation of the condition operators the guardrail uses (IAM user guide, condition operators and
# multivalued context keys), to check what each statement denies on concrete requests. `request` holds the
# context keys the request carries: AddReplicaRegions a list, ForceOverwriteReplicaSecret a bool.
def _matches(operator, key, policy_values, request):
    present = key in request
    if operator == "Null":
        return (not present) == (policy_values == "true")
    set_operator, operator = operator.split(":") if ":" in operator else ("", operator)
    if not present:
        return set_operator == "ForAllValues"  # true for a missing key; ForAnyValue and plain operators are false
    if operator == "Bool":
        return str(request[key]).lower() == policy_values
    listed = set(policy_values)
    matches = {"StringEquals": lambda value: value in listed, "StringNotEquals": lambda value: value not in listed}[operator]
    return (all if set_operator == "ForAllValues" else any)(matches(value) for value in request[key])


def _denied(policy, action, request):
    for statement in policy["Statement"]:
        if statement["Effect"] == "Deny" and action in statement["Action"] and all(
            _matches(operator, key, values, request) for operator, block in statement["Condition"].items() for key, values in block.items()
        ):
            return statement["Sid"]
    return None


def _request(regions=None, overwrite=None):
    request = {}
    if regions is not None:
        request[guardrail.REPLICA_REGIONS_KEY] = regions
    if overwrite is not None:
        request[guardrail.OVERWRITE_KEY] = overwrite
    return request


class TestRegionInputs:
    def test_a_survey_string_splits_on_commas_spaces_and_new_lines(self):
        policies = guardrail.guardrail_policies("eu-west-1, eu-central-1\nus-west-2 ,\n\tus-east-1", [])
        assert policies["allowed_regions"] == ["eu-central-1", "eu-west-1", "us-east-1", "us-west-2"]

    @pytest.mark.parametrize("empty", [None, "", " \n ", []])
    def test_nothing_is_no_policy(self, empty):
        assert guardrail.guardrail_problems(empty, empty)[0].startswith("no Region policy given")

    def test_any_other_value_is_refused_naming_the_input(self):
        (problem,) = guardrail.guardrail_problems(42, None)
        assert problem.startswith("allowed Regions: expected a list or a comma-separated string")


class TestGuardrailProblems:
    def test_regions_of_one_partition_are_fine(self):
        assert guardrail.guardrail_problems("eu-west-1, eu-central-1", ["us-east-1"]) == []
        assert guardrail.guardrail_problems([], "us-gov-west-1") == []

    def test_no_region_at_all_is_refused(self):
        [problem] = guardrail.guardrail_problems("", None)
        assert "no Region policy given" in problem and "allowed Regions" in problem and "denied Regions" in problem

    def test_an_unknown_region_is_named_with_its_list_and_the_fix(self):
        [problem] = guardrail.guardrail_problems(["eu-west-1"], "eu-wset-1")
        assert problem.startswith("denied Regions: 'eu-wset-1' is not a Secrets Manager Region known to botocore")
        assert "check the spelling" in problem

    def test_an_upper_case_region_is_refused(self):
        [problem] = guardrail.guardrail_problems("EU-WEST-1", [])
        assert "'EU-WEST-1'" in problem and "lower case" in problem

    def test_regions_of_two_partitions_are_refused_naming_each_partition_and_its_regions(self):
        [problem] = guardrail.guardrail_problems("eu-west-1, cn-north-1", "us-east-1")
        assert "('aws': eu-west-1, us-east-1; 'aws-cn': cn-north-1)" in problem
        assert "one guardrail per partition" in problem

    def test_every_problem_is_reported_at_once(self):
        problems = guardrail.guardrail_problems("mars-1, cn-north-1", "venus-2, eu-west-1")
        assert len(problems) == 3
        assert problems[0].startswith("allowed Regions: 'mars-1'")
        assert problems[1].startswith("denied Regions: 'venus-2'")
        assert problems[2].startswith("the Regions are in more than one partition")


class TestGuardrailPolicies:
    def test_allowed_regions_deny_any_other_region_with_for_any_value(self):
        result = guardrail.guardrail_policies("eu-west-1, eu-central-1, eu-west-1", [])
        statement = _statements(result)[ALLOWED]
        assert statement["Effect"] == "Deny"
        assert statement["Action"] == ["secretsmanager:CreateSecret", "secretsmanager:ReplicateSecretToRegions"]
        assert statement["Resource"] == "*"
        assert statement["Condition"] == {"ForAnyValue:StringNotEquals": {"secretsmanager:AddReplicaRegions": ["eu-central-1", "eu-west-1"]}}
        assert result["allowed_regions"] == ["eu-central-1", "eu-west-1"]
        assert result["denied_regions"] == []

    def test_a_denied_region_is_denied_even_when_listed_as_allowed(self):
        result = guardrail.guardrail_policies(["eu-west-1", "us-east-1"], "us-east-1")
        assert _statements(result)[ALLOWED]["Condition"]["ForAnyValue:StringNotEquals"]["secretsmanager:AddReplicaRegions"] == ["eu-west-1"]
        assert result["allowed_regions"] == ["eu-west-1"]
        assert result["denied_regions"] == ["us-east-1"]
        assert _denied(result["policy"], "secretsmanager:ReplicateSecretToRegions", _request(["us-east-1"])) == ALLOWED

    def test_denied_regions_alone_deny_only_those(self):
        result = guardrail.guardrail_policies(None, "us-east-1\nus-west-2")
        assert set(_statements(result)) == {DENIED, OVERWRITE}
        assert _statements(result)[DENIED]["Condition"] == {"ForAnyValue:StringEquals": {"secretsmanager:AddReplicaRegions": ["us-east-1", "us-west-2"]}}
        assert result["allowed_regions"] is None

    def test_every_allowed_region_denied_leaves_no_region_for_replicas(self):
        result = guardrail.guardrail_policies("eu-west-1", "eu-west-1")
        assert _statements(result)[NO_REGION]["Condition"] == {"Null": {"secretsmanager:AddReplicaRegions": "false"}}
        assert result["allowed_regions"] == []
        assert "replicas allowed in no Region" in result["summary"]

    def test_overwrite_is_denied_unless_allowed(self):
        assert _statements(guardrail.guardrail_policies("eu-west-1", []))[OVERWRITE]["Condition"] == {
            "Bool": {"secretsmanager:ForceOverwriteReplicaSecret": "true"}
        }
        assert OVERWRITE not in _statements(guardrail.guardrail_policies("eu-west-1", [], allow_overwrite=True))

    def test_a_survey_string_for_allow_overwrite_is_refused_not_taken_as_true(self):
        with pytest.raises(TypeError, match="allow_overwrite must be a boolean"):
            guardrail.guardrail_policies("eu-west-1", [], allow_overwrite="false")

    def test_bad_regions_raise_with_every_problem(self):
        with pytest.raises(ValueError, match=r"'mars-1' is not a Secrets Manager Region.*more than one partition"):
            guardrail.guardrail_policies("mars-1, cn-north-1", "eu-west-1")

    @pytest.mark.parametrize("region, partition", [("eu-west-1", "aws"), ("cn-northwest-1", "aws-cn"), ("us-gov-east-1", "aws-us-gov")])
    def test_the_partition_of_the_regions_is_named(self, region, partition):
        assert guardrail.guardrail_policies(region, [])["partition"] == partition

    def test_the_same_guardrail_gives_the_same_text_whatever_the_order_or_form(self):
        from_survey = guardrail.guardrail_policies("eu-west-1,us-east-1", "us-west-2")
        from_lists = guardrail.guardrail_policies(["us-east-1", "eu-west-1", "us-east-1"], ["us-west-2"])
        assert from_survey["identity_policy_json"] == from_lists["identity_policy_json"]
        assert from_survey["service_control_policy_json"] == from_lists["service_control_policy_json"]

    def test_both_texts_hold_the_policy_and_the_scp_has_no_whitespace(self):
        result = guardrail.guardrail_policies("eu-west-1", "us-east-1")
        assert json.loads(result["identity_policy_json"]) == result["policy"]
        assert json.loads(result["service_control_policy_json"]) == result["policy"]
        assert result["identity_policy_json"].endswith("}\n")
        assert not any(character.isspace() for character in result["service_control_policy_json"])

    def test_the_summary_says_the_whole_guardrail(self):
        assert guardrail.guardrail_policies("eu-west-1, eu-central-1", "us-east-1")["summary"] == (
            "Partition aws: replicas allowed in eu-central-1, eu-west-1; denied in us-east-1; "
            "replacing a same-named secret in a replica Region denied"
        )
        assert guardrail.guardrail_policies([], "us-east-1", allow_overwrite=True)["summary"] == (
            "Partition aws: replicas allowed in every Region; denied in us-east-1; replacing a same-named secret in a replica Region allowed"
        )


class TestWhatAwsDenies:
    """The statements on concrete requests, as IAM evaluates them."""

    POLICY = guardrail.guardrail_policies("eu-west-1, eu-central-1", "us-east-1")["policy"]

    @pytest.mark.parametrize("action", guardrail.REPLICATING_ACTIONS)
    def test_a_secret_created_or_replicated_without_replica_regions_is_not_denied(self, action):
        # ForAllValues would match here (no key) and deny every CreateSecret; ForAnyValue does not.
        assert _denied(self.POLICY, action, _request()) is None

    @pytest.mark.parametrize("action", guardrail.REPLICATING_ACTIONS)
    def test_replicas_only_in_allowed_regions_are_not_denied(self, action):
        assert _denied(self.POLICY, action, _request(["eu-west-1", "eu-central-1"])) is None

    @pytest.mark.parametrize("regions", [["eu-west-1", "ap-south-1"], ["ap-south-1"], ["us-east-1"]])
    @pytest.mark.parametrize("action", guardrail.REPLICATING_ACTIONS)
    def test_one_region_outside_the_allowed_ones_denies_the_whole_request(self, action, regions):
        assert _denied(self.POLICY, action, _request(regions)) == ALLOWED

    def test_a_denied_region_alone_is_denied_and_others_are_not(self):
        policy = guardrail.guardrail_policies([], "us-east-1")["policy"]
        assert _denied(policy, "secretsmanager:ReplicateSecretToRegions", _request(["ap-south-1", "us-east-1"])) == DENIED
        assert _denied(policy, "secretsmanager:ReplicateSecretToRegions", _request(["ap-south-1"])) is None
        assert _denied(policy, "secretsmanager:CreateSecret", _request()) is None

    def test_no_region_left_denies_any_replica_but_not_a_plain_secret(self):
        policy = guardrail.guardrail_policies("eu-west-1", "eu-west-1")["policy"]
        assert _denied(policy, "secretsmanager:CreateSecret", _request(["eu-west-1"])) == NO_REGION
        assert _denied(policy, "secretsmanager:CreateSecret", _request()) is None

    def test_overwrite_is_denied_only_when_asked_for(self):
        assert _denied(self.POLICY, "secretsmanager:ReplicateSecretToRegions", _request(["eu-west-1"], overwrite=True)) == OVERWRITE
        assert _denied(self.POLICY, "secretsmanager:ReplicateSecretToRegions", _request(["eu-west-1"], overwrite=False)) is None
        allowing = guardrail.guardrail_policies("eu-west-1", [], allow_overwrite=True)["policy"]
        assert _denied(allowing, "secretsmanager:ReplicateSecretToRegions", _request(["eu-west-1"], overwrite=True)) is None

    def test_other_actions_are_never_denied(self):
        assert _denied(self.POLICY, "secretsmanager:RemoveRegionsFromReplication", _request(["ap-south-1"])) is None


def _every_region(partition):
    return sorted(secretsmanager_regions(partition))


LINTED_INPUTS = [
    ("eu-west-1, eu-central-1", "", False),
    ("eu-west-1\nus-east-1", "us-east-1", True),
    ([], ["us-east-1", "us-west-2"], False),
    (["eu-west-1"], ["eu-west-1"], False),
    ("cn-north-1", "cn-northwest-1", False),
    ([], "us-gov-west-1", True),
    (_every_region("aws"), [], False),
]


class TestParliamentLint:
    @pytest.mark.parametrize("allowed, denied, allow_overwrite", LINTED_INPUTS)
    @pytest.mark.parametrize("text", ["identity_policy_json", "service_control_policy_json"])
    def test_the_written_policies_have_no_findings(self, allowed, denied, allow_overwrite, text):
        policy_text = guardrail.guardrail_policies(allowed, denied, allow_overwrite)[text]
        findings = parliament.analyze_policy_string(policy_text).findings
        assert [(finding.issue, finding.detail) for finding in findings] == []

    def test_the_linter_checks_condition_keys_against_actions_and_types(self):
        # The control: the same keys misused give findings, so "no findings" above means something.
        misused = guardrail.guardrail_policies("eu-west-1", [])["policy"]
        misused["Statement"][0]["Action"] = ["secretsmanager:DeleteSecret"]
        misused["Statement"][1]["Condition"] = {"StringEquals": {guardrail.OVERWRITE_KEY: "true"}}
        issues = {finding.issue for finding in parliament.analyze_policy_string(json.dumps(misused)).findings}
        assert {"UNKNOWN_CONDITION_FOR_ACTION", "MISMATCHED_TYPE"} <= issues


class TestSize:
    @pytest.mark.parametrize("partition", ["aws", "aws-cn", "aws-us-gov"])
    def test_every_region_of_a_partition_fits_the_aws_policy_quotas(self, partition):
        regions = _every_region(partition)
        result = guardrail.guardrail_policies(regions, regions[:1])
        assert len(result["service_control_policy_json"]) <= SCP_MAX_CHARACTERS
        assert len("".join(result["identity_policy_json"].split())) <= IAM_MANAGED_POLICY_MAX_CHARACTERS
