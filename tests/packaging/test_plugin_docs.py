# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""antsibull-docs lints the shipped plugin, role and docsite docs, as the Ansible docs site would build them.

It runs on the installed tarball in a temporary collections path (with amazon.aws copied beside it for the
doc fragments), outside any git repository: antsibull-docs copies a collection's dependencies with
`git ls-files` when they sit inside a repository, and the checkout's copies live in ignored directories.
"""

import importlib.util
import shutil
from pathlib import Path

from conftest import clean_environment
from conftest import install_tarball
from conftest import run
from conftest import tool


def test_antsibull_docs_lint(tarball, tmp_path):
    collections = tmp_path / "collections"
    amazon_aws = Path(importlib.util.find_spec("ansible_collections.amazon.aws").submodule_search_locations[0])
    shutil.copytree(amazon_aws, collections / "ansible_collections" / "amazon" / "aws")
    install_tarball(tarball, collections)
    installed = collections / "ansible_collections" / "secretsmanager" / "replication"
    assert (installed / "docs" / "docsite" / "extra-docs.yml").is_file()
    result = run(
        [tool("antsibull-docs"), "lint-collection-docs", "--plugin-docs", "--disallow-unknown-collection-refs", "."],
        # Only this collections path: antsibull-docs copies a dependency from the first place it is listed, and
        # Python's site-packages sort first when the checkout's path does (its .venv is git-ignored, so nothing is copied).
        env=clean_environment(ANSIBLE_COLLECTIONS_PATH=str(collections), ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false"),
        cwd=str(installed),
    )
    assert result.stdout.strip() == "", result.stdout
