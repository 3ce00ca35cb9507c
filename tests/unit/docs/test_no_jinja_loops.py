# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Decisions live in tested Python, not in Jinja: no `namespace()` loop in the roles or playbooks (issue 12's acceptance,
`grep -rn "namespace(" roles playbooks` finds nothing)."""

from pathlib import Path

COLLECTION = Path(__file__).resolve().parents[3]


def files_under(*folders):
    return sorted(path for folder in folders for path in (COLLECTION / folder).rglob("*") if path.is_file())


def test_no_role_or_playbook_file_builds_state_with_a_jinja_namespace():
    files = files_under("roles", "playbooks")
    assert any(path.suffix == ".yml" for path in files), "the walk found no role or playbook"
    found = [
        f"{path.relative_to(COLLECTION)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1)
        if "namespace(" in line
    ]
    assert found == [], "move these decisions into a module_utils function behind a filter:\n" + "\n".join(found)
