# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""ansible-builder: the EE definition produces a build context with everything a job needs - this checkout's
collection (the tarball `make ee` builds, never Galaxy's copy) among it - and the collection's
meta/execution-environment.yml (from the installed tarball) brings boto3/botocore by itself."""

import hashlib
import json
import re
import shutil
import tarfile
from pathlib import Path

import pytest
import yaml

from conftest import SOURCE
from conftest import clean_environment
from conftest import run
from conftest import tool


def _requirement_names(lines):
    return {re.split(r"[<>=!~ ;#\[]", line.strip(), maxsplit=1)[0].lower() for line in lines if line.strip() and not line.lstrip().startswith("#")}


@pytest.fixture(scope="module")
def build_context(tmp_path_factory, tarball):
    # As `make ee` lays it out: the EE definition and requirements.txt, and the built tarball under ee/.
    checkout = tmp_path_factory.mktemp("ee_checkout")
    for name in ("execution-environment.yml", "requirements.txt"):
        shutil.copy(SOURCE / name, checkout / name)
    (checkout / "ee").mkdir()
    shutil.copy(tarball, checkout / "ee" / "secretsmanager-replication.tar.gz")
    context = tmp_path_factory.mktemp("ee_context")
    run(
        [tool("ansible-builder"), "create", "-f", str(checkout / "execution-environment.yml"), "--context", str(context), "--output-filename", "Containerfile"],
        env=clean_environment(),
        cwd=str(context),
    )
    return context


def _digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_build_context_carries_this_checkouts_collection(build_context, tarball):
    shipped = build_context / "_build" / "collections" / "secretsmanager-replication.tar.gz"
    assert _digest(shipped) == _digest(tarball)
    with tarfile.open(shipped) as archive:
        manifest = json.load(archive.extractfile("MANIFEST.json"))
        module = archive.extractfile("plugins/modules/secret_replica.py").read()
    galaxy = yaml.safe_load((SOURCE / "galaxy.yml").read_text(encoding="utf-8"))
    assert manifest["collection_info"]["version"] == galaxy["version"]
    assert module == (SOURCE / "plugins" / "modules" / "secret_replica.py").read_bytes()


def test_build_context_installs_ansible_core_and_runner(build_context):
    containerfile = (build_context / "Containerfile").read_text(encoding="utf-8")
    assert re.search(r'ANSIBLE_INSTALL_REFS="[^"]*ansible-core>=2\.17\.0', containerfile)
    assert re.search(r'ANSIBLE_INSTALL_REFS="[^"]*ansible-runner', containerfile)


def test_build_context_installs_the_collections(build_context):
    requirements = yaml.safe_load((build_context / "_build" / "requirements.yml").read_text(encoding="utf-8"))
    collections = {entry["name"]: entry for entry in requirements["collections"]}
    assert collections["amazon.aws"]["version"] == ">=9.0.0"
    # This checkout's tarball, installed from the build files, not a Galaxy name.
    assert collections["collections/secretsmanager-replication.tar.gz"]["type"] == "file"
    assert "secretsmanager.replication" not in collections


def test_build_context_installs_the_sdk_at_the_collection_minimums(build_context):
    context_lines = (build_context / "_build" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    minimums = [line for line in (SOURCE / "requirements.txt").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert {"boto3", "botocore"} <= _requirement_names(context_lines)
    assert set(minimums) <= {line.strip() for line in context_lines}


def test_collection_metadata_brings_its_python_requirements(build_context, installed):
    # ansible-builder runs this script inside the image on the installed collections; run it on the
    # installed tarball: the collection's meta/execution-environment.yml must name boto3 and botocore.
    introspect = build_context / "_build" / "scripts" / "introspect.py"
    output = run(
        [tool("python"), str(introspect), "introspect", str(installed)],
        env=clean_environment(),
        cwd=str(installed),
    ).stdout
    found = yaml.safe_load(output[output.index("---"):])
    from_collection = [line for line in found["python"] if "from collection secretsmanager.replication" in line]
    assert _requirement_names(from_collection) == {"boto3", "botocore"}
    minimums = {line for line in (SOURCE / "requirements.txt").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")}
    assert {line.split("#")[0].strip() for line in from_collection} == minimums


def test_ee_definition_is_version_3():
    definition = yaml.safe_load(Path(SOURCE / "execution-environment.yml").read_text(encoding="utf-8"))
    assert definition["version"] == 3
    assert definition["dependencies"]["python"] == "requirements.txt"
