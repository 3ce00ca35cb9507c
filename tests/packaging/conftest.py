# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fixtures for the packaging tests: the built Galaxy tarball, an installed copy of it, clean environments.

`make packaging` builds the tarball into .tmp/dist (PACKAGING_DIST overrides) and runs these tests; `standin`
is a local AWS stand-in in a process of its own (standin.process.StandInProcess), reset before each test.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from galaxy_files import built_tarball
from standin.process import StandInProcess

SOURCE = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PRIMARY_REGION = "us-east-1"


def tool(name):
    """Path of a command-line tool installed beside the running Python (the dev venv)."""
    return str(VENV_BIN / name)


def clean_environment(**extra):
    """os.environ without AWS settings or Ansible collection paths, plus `extra`.

    The Makefile exports stand-in credentials and a collections path pointing at the checkout's copy;
    a test of the shipped artifact must see neither.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("AWS_") and key not in ("ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_PATHS", "ANSIBLE_CONFIG", "PYTHONPATH")
    }
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["ANSIBLE_NOCOLOR"] = "1"
    env.update(extra)
    return env


def run(args, **kwargs):
    """Run a command, failing the test with its output when it fails."""
    result = subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, args))} exited {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def tarball():
    return built_tarball(os.environ.get("PACKAGING_DIST", SOURCE / ".tmp" / "dist"))


def install_tarball(tarball_path, collections_path):
    """`ansible-galaxy collection install` without network; amazon.aws stays what the environment has."""
    collections_path.mkdir(parents=True, exist_ok=True)
    run(
        [tool("ansible-galaxy"), "collection", "install", str(tarball_path), "-p", str(collections_path), "--offline", "--no-deps"],
        env=clean_environment(),
        cwd=str(collections_path),
    )
    return collections_path


@pytest.fixture(scope="session")
def installed(tarball, tmp_path_factory):
    """A collections path holding only the installed tarball."""
    return install_tarball(tarball, tmp_path_factory.mktemp("installed_collections"))


@pytest.fixture(scope="session")
def standin_process():
    with StandInProcess(SOURCE / ".tmp" / "packaging") as server:
        yield server


@pytest.fixture
def standin(standin_process):  # pylint: disable=redefined-outer-name
    standin_process.reset()
    yield standin_process
