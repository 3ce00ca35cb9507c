# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Decisions live in tested Python, not in Jinja: no `{% for %}` loop and no `namespace()` in the roles or playbooks
(issue 18's acceptance: `grep -rnE "\\{%-? *for|namespace\\(" roles playbooks` finds nothing)."""

import re
from pathlib import Path

COLLECTION = Path(__file__).resolve().parents[3]
JINJA_PROGRAM = re.compile(r"\{%-? *for|namespace\(")


def files_under(*folders):
    return sorted(path for folder in folders for path in (COLLECTION / folder).rglob("*") if path.is_file())


def test_no_role_or_playbook_file_loops_or_builds_state_in_jinja():
    files = files_under("roles", "playbooks")
    assert any(path.suffix == ".yml" for path in files), "the walk found no role or playbook"
    found = [
        f"{path.relative_to(COLLECTION)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
        if JINJA_PROGRAM.search(line)
    ]
    assert found == [], "move these decisions into a tested function behind a job step (plugins/plugin_utils/_replication/jobs/):\n" + "\n".join(found)


def test_the_pattern_finds_what_it_forbids():
    assert all(JINJA_PROGRAM.search(line) for line in ("{% for x in y %}", "{%- for x in y %}", "{{ namespace(found=false) }}"))
    assert not JINJA_PROGRAM.search("{{ items | join(', ') }}")
