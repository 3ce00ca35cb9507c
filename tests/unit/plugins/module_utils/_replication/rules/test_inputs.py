# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

import pytest

from ansible_collections.secretsmanager.replication.plugins.module_utils._replication.rules import inputs as replica_inputs

ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf"


def params(secret_id="db", replicas=(), state="present", wait_timeout=300):
    return {"secret_id": secret_id, "replicas": [dict(r) for r in replicas], "state": state, "wait_timeout": wait_timeout}


def test_name_with_region_is_fine():
    assert replica_inputs.input_problems(params(replicas=[{"region": "eu-west-1"}]), "us-east-1") == ("us-east-1", [])


def test_arn_gives_the_primary_region():
    assert replica_inputs.input_problems(params(ARN), None) == ("us-east-1", [])
    assert replica_inputs.input_problems(params(ARN), "us-east-1") == ("us-east-1", [])


def test_arn_with_conflicting_region_is_refused():
    region, problems = replica_inputs.input_problems(params(ARN), "eu-west-1")
    assert region == "us-east-1"
    assert len(problems) == 1 and "'eu-west-1' conflicts" in problems[0] and "set region to 'us-east-1'" in problems[0]


@pytest.mark.parametrize(
    "secret_id, expected",
    [
        ("", "secret_id is empty"),
        ("x" * 2049, "at most 2048"),
        ("arn:aws:secretsmanager:us-east-1:123456789012:db", "not a Secrets Manager secret ARN"),
        ("arn:aws:kms:us-east-1:123456789012:key/1", "not a Secrets Manager secret ARN"),
    ],
)
def test_bad_secret_ids(secret_id, expected):
    _region, problems = replica_inputs.input_problems(params(secret_id), "us-east-1")
    assert any(expected in problem for problem in problems)


def test_longest_allowed_secret_id_is_fine():
    assert replica_inputs.input_problems(params("x" * 2048), "us-east-1")[1] == []


def test_no_region_at_all_is_refused_except_for_promotion():
    assert "no Region given" in replica_inputs.input_problems(params(), None)[1][0]
    assert replica_inputs.input_problems(params(state="promoted", replicas=[{"region": "eu-west-1"}]), None) == (None, [])


def test_every_replica_problem_is_reported_at_once():
    replicas = [
        {"region": "mars-1"},
        {"region": "cn-north-1"},
        {"region": "us-east-1"},
        {"region": "eu-west-1"},
        {"region": "eu-west-1"},
        {"region": "us-west-2", "kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/1"},
        {"region": "ap-south-1", "kms_key_id": "arn:aws:s3:::bucket"},
        {"region": "sa-east-1", "kms_key_id": " "},
    ]
    _region, problems = replica_inputs.input_problems(params(replicas=replicas), "us-east-1")
    text = "\n".join(problems)
    assert len(problems) == 7, problems
    assert "'mars-1' is not a Secrets Manager Region" in text
    assert "'cn-north-1' is in partition 'aws-cn'" in text
    assert "'us-east-1' is the primary secret's own Region" in text
    assert "'eu-west-1' is listed 2 times" in text
    assert "for 'us-west-2' is a key in 'eu-west-1'" in text
    assert "for 'ap-south-1' is not a KMS key or alias ARN" in text
    assert "kms_key_id for 'sa-east-1' is empty" in text


@pytest.mark.parametrize(
    "kms_key_id",
    [
        "arn:aws:kms:us-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-west-2:123456789012:alias/prod",
        "alias/prod",
        "1234abcd-12ab-34cd-56ef-1234567890ab",
    ],
)
def test_good_kms_keys(kms_key_id):
    replicas = [{"region": "us-west-2", "kms_key_id": kms_key_id}]
    assert replica_inputs.input_problems(params(replicas=replicas), "us-east-1")[1] == []


def test_kms_keys_are_not_checked_when_not_used():
    replicas = [{"region": "us-west-2", "kms_key_id": "arn:aws:kms:eu-west-1:123456789012:key/1"}]
    assert replica_inputs.input_problems(params(replicas=replicas, state="absent"), "us-east-1")[1] == []


def test_parse_kms_arn():
    assert replica_inputs.parse_kms_arn("arn:aws:kms:eu-west-1:123456789012:alias/x") == {
        "partition": "aws",
        "region": "eu-west-1",
        "account_id": "123456789012",
        "resource": "alias/x",
    }
    assert replica_inputs.parse_kms_arn("arn:aws:kms:eu-west-1:123456789012:key/") is None
    assert replica_inputs.parse_kms_arn("alias/x") is None
    assert replica_inputs.parse_kms_arn(None) is None


@pytest.mark.parametrize(
    "options, expected",
    [
        ({"wait_timeout": -1}, "wait_timeout is -1"),
        ({"max_workers": 0}, "max_workers is 0"),
        ({"max_write_rate": 0}, "max_write_rate is 0"),
        ({"max_write_rate": 60}, "at most 50 (AWS's per-Region quota"),
    ],
)
def test_run_options(options, expected):
    problems = replica_inputs.run_option_problems(options)
    assert len(problems) == 1 and expected in problems[0]
    assert replica_inputs.run_option_problems({"wait_timeout": 0, "max_workers": 1, "max_write_rate": 50}) == []


def test_replicas_must_be_given():
    assert "replicas is not set" in replica_inputs.input_problems({"secret_id": "db", "replicas": None}, "us-east-1")[1][0]


@pytest.mark.parametrize("state", ["absent", "promoted"])
def test_options_that_mean_nothing_for_the_state_are_refused_by_name(state):
    options = {"purge_replicas": False, "overwrite": True, "replicas": [{"region": "eu-west-1", "kms_key_id": "alias/k"}]}
    (problem,) = replica_inputs.state_option_problems(state, options, "secrets[1] (db): ")
    assert problem == f"secrets[1] (db): purge_replicas, overwrite, replicas[].kms_key_id mean nothing with state={state}: remove them"
    assert replica_inputs.state_option_problems(state, {"replicas": [{"region": "eu-west-1", "kms_key_id": None}]}) == []
    assert replica_inputs.state_option_problems("present", options) == []


def module_params(**params):
    base = {"secret_id": None, "secrets": None, "region": None, "replicas": None, "purge_replicas": None, "overwrite": None,
            "state": "present", "wait_timeout": 300, "max_workers": 8, "max_write_rate": 40}
    base.update(params)
    return base


def test_batch_entries_take_the_top_level_defaults_and_their_own_settings():
    params = module_params(
        replicas=[{"region": "eu-west-1"}], overwrite=True,
        secrets=[{"secret_id": "a"}, {"secret_id": ARN, "replicas": [{"region": "us-west-2"}], "overwrite": False, "region": None},
                 {"secret_id": "c", "region": "eu-central-1", "purge_replicas": True}],
    )
    entries = replica_inputs.secret_entries(params, "us-east-1")
    assert [(e["secret_id"], e["region"], e["replicas"], e["overwrite"], e["purge_replicas"]) for e in entries] == [
        ("a", "us-east-1", [{"region": "eu-west-1"}], True, None),
        (ARN, None, [{"region": "us-west-2"}], False, None),  # an ARN names its own Region
        ("c", "eu-central-1", [{"region": "eu-west-1"}], True, True),
    ]
    regions, problems = replica_inputs.batch_problems(params, entries)
    assert (regions, problems) == (["us-east-1", "us-east-1", "eu-central-1"], [])


def test_single_form_uses_the_environment_region_only_for_a_name():
    assert replica_inputs.secret_entries(module_params(secret_id="db"), "eu-west-1")[0]["region"] == "eu-west-1"
    assert replica_inputs.secret_entries(module_params(secret_id=ARN), "eu-west-1")[0]["region"] is None
    assert replica_inputs.secret_entries(module_params(secret_id=ARN, region="eu-west-1"), None)[0]["region"] == "eu-west-1"


def test_batch_problems_list_every_problem_of_every_entry_with_its_label():
    params = module_params(
        state="absent", replicas=[{"region": "eu-west-1"}],
        secrets=[{"secret_id": "a", "overwrite": True}, {"secret_id": "b", "replicas": [{"region": "mars-1"}]}, {"secret_id": "a"}],
    )
    dummy, problems = replica_inputs.batch_problems(params, replica_inputs.secret_entries(params, "us-east-1"))
    assert problems == [
        "secrets[0] (a): overwrite means nothing with state=absent: remove it",
        "secrets[1] (b): 'mars-1' is not a Secrets Manager Region known to botocore: check the spelling "
        "(Regions are lower case, like 'eu-west-1'), or upgrade botocore if the Region is new",
        "secrets[2] (a): this secret is listed more than once: list each secret once",
    ]
    assert replica_inputs.problems_text(problems).startswith("3 problems: (1) secrets[0] (a): overwrite")


def test_promotion_ignores_the_region_option():
    # in a disaster the default Region is often the replica's own Region
    promote = params(state="promoted", replicas=[{"region": "eu-west-1"}])
    assert replica_inputs.input_problems(promote, "eu-west-1") == (None, [])
    promote_by_arn = params(ARN, state="promoted", replicas=[{"region": "eu-west-1"}])
    assert replica_inputs.input_problems(promote_by_arn, "eu-west-1") == ("us-east-1", [])
    # an ARN still tells where the primary is
    own_region = params(ARN, state="promoted", replicas=[{"region": "us-east-1"}])
    assert "primary secret's own Region" in replica_inputs.input_problems(own_region, None)[1][0]


def test_promotion_by_a_partial_arn_is_refused_and_other_states_take_it():
    partial = ARN[: -len("-AbCdEf")]
    region, problems = replica_inputs.input_problems(params(partial, state="promoted", replicas=[{"region": "eu-west-1"}]), None)
    assert (region, len(problems)) == ("us-east-1", 1)
    assert problems[0].startswith(f"secret_id '{partial}' is a partial ARN: to promote by ARN give the primary's full ARN")
    assert replica_inputs.input_problems(params(partial, replicas=[{"region": "eu-west-1"}]), None) == ("us-east-1", [])


def test_promotion_options_are_refused_with_the_other_states_and_checked_with_promoted():
    params = module_params(state="present", secret_id="db", replicas=[{"region": "eu-west-1"}], follower_regions=["us-west-2"], verify_sync=True)
    dummy, problems = replica_inputs.batch_problems(params, replica_inputs.secret_entries(params, "us-east-1"))
    assert problems == ["follower_regions, verify_sync mean nothing with state=present: remove them"]
    forced_only = module_params(state="promoted", secret_id="db", replicas=[{"region": "eu-west-1"}], allow_out_of_sync=True)
    dummy, problems = replica_inputs.batch_problems(forced_only, replica_inputs.secret_entries(forced_only, None))
    assert problems == ["allow_out_of_sync means nothing without verify_sync: true (only that check can refuse a replica): remove it or set verify_sync"]


@pytest.mark.parametrize(
    "replicas, followers, expected",
    [
        (["us-west-2"], ["eu-west-1", "us-east-1"], []),  # the old primary's Region may be listed: it is never called
        (["us-west-2", "eu-west-1"], ["ap-south-1"], ["follower_regions needs exactly one Region in replicas (the Region that becomes primary), got 2"]),
        (["us-west-2"], ["us-west-2"], ["'us-west-2' is in both replicas and follower_regions"]),
        (["us-west-2"], ["eu-west-1", "eu-west-1"], ["'eu-west-1' is listed 2 times in follower_regions"]),
        (["us-west-2"], ["mars-1"], ["follower_regions: 'mars-1' is not a Secrets Manager Region"]),
    ],
)
def test_follower_regions(replicas, followers, expected):
    params = module_params(state="promoted", replicas=[{"region": region} for region in replicas],
                           secrets=[{"secret_id": "db", "follower_regions": followers}])
    dummy, problems = replica_inputs.batch_problems(params, replica_inputs.secret_entries(params, None))
    assert len(problems) == len(expected)
    for problem, start in zip(problems, expected):
        assert problem.startswith("secrets[0] (db): " + start), problem


# --- secret_replica_info ---

ARN_WEST = "arn:aws:secretsmanager:us-west-2:123456789012:secret:app/db-AbCdEf"


def info_params(**params):
    return dict({"secret_id": None, "secret_ids": None, "filters": None, "max_workers": 8, "region": None, "regions": None}, **params)


@pytest.mark.parametrize(
    "params, default_region, region",
    [
        ({"secret_id": ARN_WEST}, None, "us-west-2"),  # an ARN names the Region it is described in
        ({"secret_id": ARN_WEST}, "us-east-1", "us-west-2"),  # ... whatever the environment's Region
        ({"secret_id": ARN_WEST, "region": "us-west-2"}, None, "us-west-2"),
        ({"secret_id": "app/db"}, "eu-west-1", "eu-west-1"),  # a name: the module's Region
        ({"secret_ids": ["a", ARN_WEST]}, "eu-west-1", "eu-west-1"),
        ({"filters": {"name": "prod/", "tag_key": ["team", "owner"]}}, "eu-west-1", "eu-west-1"),
        ({"secret_ids": []}, "eu-west-1", "eu-west-1"),  # the Region the modules use, with no call (the role's question)
        ({"regions": ["us-east-1", "eu-west-1"], "secret_ids": ["a"]}, "mars-west-1", None),  # each Region read itself
    ],
)
def test_info_good_input_and_the_region_read_in(params, default_region, region):
    assert replica_inputs.info_input_problems(info_params(**params), default_region) == (region, [])


def test_info_shares_the_secret_id_checks_of_secret_replica():
    for secret_id, expected in [("", "secret_id is empty"), ("x" * 2049, "at most 2048"), ("arn:aws:s3:::bucket", "not a Secrets Manager secret ARN")]:
        dummy, problems = replica_inputs.info_input_problems(info_params(secret_id=secret_id), "us-east-1")
        assert [problem for problem in problems if expected in problem], (secret_id, problems)


def test_info_region_problems():
    assert replica_inputs.info_input_problems(info_params(secret_id="app/db"), None) == (
        None, ["region is not set: set the region option or the AWS_REGION environment variable"])
    region, problems = replica_inputs.info_input_problems(info_params(region="us-east-1", secret_id=ARN_WEST), "us-east-1")
    assert region == "us-west-2" and problems == [
        "secret_id is an ARN in us-west-2 but region is us-east-1: set region to us-west-2, or pass the secret's name to describe it in us-east-1"]
    region, problems = replica_inputs.info_input_problems(info_params(), "mars-west-1")
    assert len(problems) == 1 and problems[0].startswith("region: 'mars-west-1' is not a Secrets Manager Region known to botocore")


def test_info_reports_every_problem_at_once():
    params = info_params(max_workers=0, filters={"tags": "x", "name": [], "tag_value": "gold"}, regions=["mars-west-1", "us-east-1", "us-east-1"],
                         secret_ids=[ARN_WEST])
    region, problems = replica_inputs.info_input_problems(params, "us-east-1")
    assert region is None
    assert problems == [
        "max_workers is 0: give 1 or more",
        "filters: unknown key 'tags': use one of name, tag-key, tag-value, description, primary-region, owning-service, all (ListSecrets filter keys)",
        "filters: 'name' needs a non-empty string or a list of non-empty strings, got []",
        "regions: 'mars-west-1' is not a Secrets Manager Region known to botocore: check the spelling (Regions are lower case, like "
        "'eu-west-1'), or upgrade botocore if the Region is new",
        "regions lists a Region more than once: list each Region once",
        "with regions, give secret names, not ARNs: an ARN names one Region, a name is looked up in each",
    ]
