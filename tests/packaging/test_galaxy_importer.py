# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""galaxy-importer, the check Galaxy runs on every upload, passes on the built tarball with nothing to say.

It runs from its own venv (GALAXY_IMPORTER_PYTHON; `make packaging` and `make release-check` build it from
tests/requirements-importer.txt, with amazon.aws in its site-packages) with tests/packaging/galaxy-importer.cfg:
ansible-doc on every plugin, ansible-lint, flake8 on each plugin, the changelog and tag checks; not ansible-test,
which needs a container engine (`make sanity` runs it). Galaxy shows every WARNING and ERROR line it logs on the
collection's import log, so none may appear.
"""

import json
import os
import re
import subprocess
from pathlib import Path
from typing import NamedTuple

import pytest

from conftest import SOURCE

CONFIG = SOURCE / "tests" / "packaging" / "galaxy-importer.cfg"
# How galaxy-importer's logger marks what it reports (its CustomFormatter: "LEVEL: message" for all but INFO).
FINDING = re.compile(r"^(WARNING|ERROR|CRITICAL): ")


class GalaxyImport(NamedTuple):
    output: str  # what galaxy-importer logged (Galaxy's import log)
    result: dict  # importer_result.json: the metadata and docs Galaxy would store


@pytest.fixture(scope="module")
def galaxy_import(tarball, tmp_path_factory):
    importer = os.environ.get("GALAXY_IMPORTER_PYTHON")
    assert importer and Path(importer).is_file(), "GALAXY_IMPORTER_PYTHON is not set to galaxy-importer's Python: run `make packaging`"
    workdir = tmp_path_factory.mktemp("galaxy_import")
    (workdir / "ansible").mkdir()
    # Only what galaxy-importer sets itself: no collections path (it points ansible-doc and ansible-lint at the unpacked
    # tarball, and amazon.aws comes from its venv), no Ansible configuration, no AWS settings.
    env = {key: value for key, value in os.environ.items() if not key.startswith(("ANSIBLE_", "AWS_", "GALAXY_IMPORTER_")) and key != "PYTHONPATH"}
    env.update(
        PATH=f"{Path(importer).parent}{os.pathsep}{env.get('PATH', '')}",
        GALAXY_IMPORTER_CONFIG=str(CONFIG),
        GALAXY_IMPORTER_TMP_ROOT_DIR=str(workdir),
        GALAXY_IMPORTER_ANSIBLE_LOCAL_TMP=str(workdir / "ansible"),
    )
    done = subprocess.run([importer, "-m", "galaxy_importer.main", str(tarball)], cwd=str(workdir), env=env, capture_output=True, text=True, check=False)
    output = done.stdout + done.stderr
    print(output)  # `make release-check` shows it (pytest -rP)
    assert done.returncode == 0, f"galaxy-importer exited {done.returncode}:\n{output}"
    return GalaxyImport(output, json.loads((workdir / "importer_result.json").read_text(encoding="utf-8")))


def test_galaxy_importer_passes_without_a_warning(galaxy_import):
    output = galaxy_import.output
    assert "Importer processing completed successfully" in output, output
    findings = [line for line in output.splitlines() if FINDING.match(line)]
    assert not findings, "galaxy-importer reports, as Galaxy would on the collection's import log:\n" + "\n".join(findings)


def test_galaxy_importer_ran_every_check_it_can_here(galaxy_import):
    # A quiet import means something only when the checks ran: ansible-lint, and flake8 on each plugin.
    assert "...ansible-lint run complete" in galaxy_import.output
    assert "Linting module secret_replica via flake8..." in galaxy_import.output


def test_galaxy_importer_documents_every_module_with_amazon_aws_fragments(galaxy_import):
    contents = {(item["content_type"], item["content_name"]): item for item in galaxy_import.result["docs_blob"]["contents"]}
    modules = sorted(path.stem for path in (SOURCE / "plugins" / "modules").glob("*.py"))
    assert modules and {name for kind, name in contents if kind == "module"} == set(modules)
    for name in modules:
        docs = contents[("module", name)]["doc_strings"]
        assert docs, f"galaxy-importer got no docs for module {name}"
        options = {option["name"] for option in docs["doc"]["options"]}
        # From amazon.aws's doc fragments: resolved only when amazon.aws was there.
        assert {"access_key", "region", "endpoint_url"} <= options, f"{name}: {sorted(options)}"
    assert ("role", "replicate") in contents
    assert galaxy_import.result["metadata"]["dependencies"] == {"amazon.aws": ">=9.0.0"}
