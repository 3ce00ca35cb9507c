# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A module's payload carries no controller code.

Ansible sends a module to the managed host with every module_utils file the module imports, transitively. This reads
those imports from each module's source, as AnsiballZ does, and checks that the payload holds only module_utils, that
every module_utils file of the collection travels in some payload (controller-only code belongs in plugin_utils), and
that every function and class defined there is used by a payload (not only by controller code).
"""

import ast
from pathlib import Path

import pytest

PLUGINS = Path(__file__).resolve().parents[4] / "plugins"
PACKAGE = "ansible_collections.secretsmanager.replication.plugins"
MODULES = sorted(path for path in (PLUGINS / "modules").glob("*.py") if path.name != "__init__.py")
MODULE_UTILS = PLUGINS / "module_utils"


def dotted_to_file(dotted):
    """The collection file a dotted name under plugins/ is, or None (a name inside a module, a third-party package)."""
    if not dotted.startswith(PACKAGE + "."):
        return None
    path = PLUGINS.joinpath(*dotted[len(PACKAGE) + 1:].split("."))
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    return None


def dotted_of(path):
    parts = path.relative_to(PLUGINS).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE,) + parts)


def imported_files(path):
    """The collection files `path` imports (a `from package import module` names the module's own file)."""
    package = dotted_of(path) if path.name == "__init__.py" else dotted_of(path).rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found.update(file for file in map(dotted_to_file, names) if file is not None)
    return found


def payload(module):
    """Every collection file in a module's payload: the module and, transitively, what it imports."""
    seen, todo = set(), [module]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo.extend(imported_files(path) - seen)
    return seen


def defined_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def used_names(path):
    """Identifiers a file uses: names, attributes and imported names (not the names it defines)."""
    used = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Attribute):
            used.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            used.update(alias.name for alias in node.names)
    return used



ALL_PAYLOADS = set().union(*(payload(module) for module in MODULES))


def test_the_walk_finds_the_modules_and_their_module_utils():
    assert {path.stem for path in MODULES} >= {"secret_replica", "secret_replica_info", "cross_account_replica"}
    assert any(path.match("module_utils/_replication/runs/batch.py") for path in payload(PLUGINS / "modules" / "secret_replica.py"))


@pytest.mark.parametrize("module", MODULES, ids=[path.stem for path in MODULES])
def test_a_modules_payload_holds_only_the_module_and_module_utils(module):
    outside = sorted(str(path.relative_to(PLUGINS)) for path in payload(module) - {module} if MODULE_UTILS not in path.parents)
    assert outside == [], f"{module.name} would send controller code to the managed host: {outside}"


def test_every_module_utils_file_travels_in_some_payload():
    files = {path for path in MODULE_UTILS.rglob("*.py") if path.name != "__init__.py"}
    unused = sorted(str(path.relative_to(PLUGINS)) for path in files - ALL_PAYLOADS)
    assert unused == [], f"imported by no module - controller-only code belongs in plugins/plugin_utils: {unused}"
def test_every_function_and_class_in_module_utils_is_used_by_a_payload():
    used = set().union(*(used_names(path) for path in ALL_PAYLOADS))
    unused = sorted(f"{path.relative_to(PLUGINS)}:{name}" for path in ALL_PAYLOADS if MODULE_UTILS in path.parents
                    for name in defined_names(path) - used)
    assert unused == [], f"no module uses these - controller-only code belongs in plugins/plugin_utils: {unused}"
