# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The Galaxy tarball: exactly the pinned file list, nothing from development in it, and the installed copy alone
documents and runs the collection."""

import fnmatch
import json
import tarfile

from galaxy_files import UPDATE_COMMAND, read_list, shipped_files
from standin.operations import SECRET_VALUE_READS

from conftest import PRIMARY_REGION
from conftest import SOURCE
from conftest import clean_environment
from conftest import run
from conftest import tool

PINNED = SOURCE / "tests" / "packaging" / "galaxy-files.txt"

# Build and test leftovers that must never ship, whether or not they exist in this checkout now.
FORBIDDEN_PATTERNS = (
    "tests/output/*",
    ".venv/*",
    ".tmp/*",
    "*/__pycache__/*",
    "*.pyc",
    "*/.pytest_cache/*",
    ".pytest_cache/*",
    "*/.hypothesis/*",
    ".hypothesis/*",
    ".git/*",
    ".git",
    "*.tar.gz",
    "tests/integration/integration_config.yml",
    "replication-report/*",
    "changelogs/.plugin-cache.yaml",
)

# The checkout's development tooling, in the repository but not in the tarball (galaxy.yml build_ignore): the
# Makefile and lint settings, the demo, the benchmarks (their report, docs/performance.md, links into their results),
# and the execution environment's build files (the installed collection brings meta/execution-environment.yml).
DEVELOPMENT_ONLY = ("Makefile", ".ansible-lint", "benchmarks", "demo", "ee", "execution-environment.yml", "docs/performance.md")

REQUIRED_MEMBERS = (
    "MANIFEST.json",
    "FILES.json",
    "README.md",
    "COPYING",
    "requirements.txt",
    "meta/runtime.yml",
    "meta/execution-environment.yml",
    "plugins/modules/secret_replica.py",
    "plugins/modules/secret_replica_info.py",
    "roles/replicate/meta/argument_specs.yml",
    "playbooks/replicate.yml",
    "playbooks/promote.yml",
    "playbooks/report.yml",
    "docs/docsite/extra-docs.yml",
    "docs/iam/modules.json",
    "docs/awx/replicate-survey.json",
    "docs/awx/promote-survey.json",
    "changelogs/changelog.yaml",
)


def test_tarball_files_are_the_pinned_list(tarball):
    shipped, pinned = set(shipped_files(tarball)), set(read_list(PINNED))
    added, removed = sorted(shipped - pinned), sorted(pinned - shipped)
    assert not added and not removed, (
        f"{tarball.name} does not hold the files {PINNED.relative_to(SOURCE)} lists.\n"
        f"  in the tarball, not in the list: {added}\n  in the list, not in the tarball: {removed}\n"
        f"If that is what you meant (a file added, moved or removed; build_ignore changed in galaxy.yml), run "
        f"`{UPDATE_COMMAND}` and commit {PINNED.relative_to(SOURCE)}. If not, fix build_ignore in galaxy.yml."
    )


def test_tarball_has_nothing_extra(tarball):
    members = shipped_files(tarball)
    assert len(members) > 20, members
    extra = [name for name in members for pattern in FORBIDDEN_PATTERNS if fnmatch.fnmatch(name, pattern)]
    assert not extra, f"build leftovers in {tarball.name}: {sorted(set(extra))}"


def test_tarball_has_no_development_tooling(tarball):
    missing = [path for path in DEVELOPMENT_ONLY if not (SOURCE / path).exists()]
    assert not missing, f"not in the checkout, so this test would check nothing for them: {missing}"
    shipped = [name for name in shipped_files(tarball) for path in DEVELOPMENT_ONLY if name == path or name.startswith(path + "/")]
    assert not shipped, f"development files in {tarball.name}: {shipped}"


def test_tarball_has_what_users_need(tarball):
    assert not set(REQUIRED_MEMBERS) - set(shipped_files(tarball))
    with tarfile.open(tarball) as archive:
        manifest = json.load(archive.extractfile("MANIFEST.json"))
    info = manifest["collection_info"]
    assert (info["namespace"], info["name"]) == ("secretsmanager", "replication")
    assert info["dependencies"] == {"amazon.aws": ">=9.0.0"}


def _ansible_doc(installed, tmp_path, *args):
    return run([tool("ansible-doc"), *args], env=clean_environment(ANSIBLE_COLLECTIONS_PATH=str(installed)), cwd=str(tmp_path)).stdout


def test_module_docs_from_installed_copy(installed, tmp_path):
    for module in ("secret_replica", "secret_replica_info"):
        text = _ansible_doc(installed, tmp_path, f"secretsmanager.replication.{module}")
        # The header names the file ansible-doc read: it must be the installed copy.
        assert str(installed / "ansible_collections" / "secretsmanager" / "replication" / "plugins" / "modules" / f"{module}.py") in text
        for section in ("OPTIONS", "EXAMPLES:", "RETURN VALUES:"):
            assert section in text, f"{module}: no {section}"
        # The amazon.aws doc fragments resolved (amazon.aws from the environment).
        assert "aws_access_key" in text and "endpoint_url" in text


def test_role_docs_from_installed_copy(installed, tmp_path):
    text = _ansible_doc(installed, tmp_path, "-t", "role", "secretsmanager.replication.replicate")
    assert str(installed / "ansible_collections" / "secretsmanager" / "replication") in text
    for variable in ("replicate_secrets", "replicate_overwrite", "replicate_allowed_regions", "replicate_check_opt_in"):
        assert variable in text


def test_replicate_playbook_from_installed_copy(installed, tmp_path, standin):
    primary = standin.client("secretsmanager", PRIMARY_REGION)
    arn = primary.create_secret(Name="packaging/db-password", SecretString="not-read-by-the-collection")["ARN"]
    standin.clear_request_log()

    result = run(
        [
            tool("ansible-playbook"),
            "secretsmanager.replication.replicate",
            "-e",
            json.dumps({"secret_ids": "packaging/db-password", "replica_regions": "us-west-2,eu-west-1"}),
        ],
        env=clean_environment(ANSIBLE_COLLECTIONS_PATH=str(installed), **standin.environment(PRIMARY_REGION)),
        cwd=str(tmp_path),
    )
    assert "failed=0" in result.stdout

    # Independent reads: the primary lists both replicas InSync, and each replica exists in its Region.
    status = {entry["Region"]: entry["Status"] for entry in primary.describe_secret(SecretId=arn)["ReplicationStatus"]}
    assert status == {"us-west-2": "InSync", "eu-west-1": "InSync"}
    for region in status:
        replica = standin.client("secretsmanager", region).describe_secret(SecretId="packaging/db-password")
        assert replica["ARN"] == arn.replace(f":{PRIMARY_REGION}:", f":{region}:")
        assert replica["PrimaryRegion"] == PRIMARY_REGION
    operations = {entry["operation"] for entry in standin.request_log()}
    assert "ReplicateSecretToRegions" in operations
    assert not operations & SECRET_VALUE_READS
