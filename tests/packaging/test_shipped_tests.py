# -*- coding: utf-8 -*-

# Copyright: Contributors to the secretsmanager.replication project
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The tests the tarball ships (as amazon.aws ships its own) import only what ships or what is installed.

Every import in a shipped Python file under tests/ - and every pytest plugin it names - resolves to a shipped file,
or to a package installed in the environment (the standard library, boto3, pytest, ansible-core, amazon.aws), never
to a file of this checkout that build_ignore leaves out. A local module is looked up as the suites find it: in the
importing file's directory or one above it (pytest puts test and conftest directories on sys.path), in its package
(relative imports), through ansible_collections.secretsmanager.replication, and in the directories the Makefile puts
on PYTHONPATH.
"""

import ast
import importlib.util
import re
import tarfile
from pathlib import Path, PurePosixPath

from galaxy_files import shipped_files

from conftest import SOURCE

COLLECTION_PACKAGE = "ansible_collections.secretsmanager.replication"


def pythonpath_roots():
    """The checkout directories the Makefile puts on PYTHONPATH for the suites ($(CURDIR)/tests/standin, ...)."""
    makefile = (SOURCE / "Makefile").read_text(encoding="utf-8")
    roots = set()
    for assignment in re.findall(r"PYTHONPATH=(\S+)", makefile):
        roots.update(re.findall(r"\$\((?:CURDIR|COPY)\)/([\w/.-]+)", assignment))
    return sorted(roots)


def module_paths(base, dotted):
    """Where module `dotted` would be under directory `base` (a relative POSIX path): a file, or a package."""
    path = PurePosixPath(base, *dotted.split("."))
    return (f"{path}.py", f"{path}/__init__.py", f"{path}/")


def imported_modules(source, path):
    """(module, line) for every import in `source`, relative imports made absolute from the file's package."""
    package = PurePosixPath(path).parent.parts
    for node in ast.walk(ast.parse(source, filename=path)):
        # `from a import b` yields "a.b|a": b is a submodule of a, or a name in it.
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                module = f"{base}.{node.module}" if node.module else base
                yield from ((f"relative:{module}.{alias.name}|relative:{module}", node.lineno) for alias in node.names)
            else:
                yield from ((f"{node.module}.{alias.name}|{node.module}", node.lineno) for alias in node.names)
        elif isinstance(node, ast.Assign) and any(getattr(target, "id", None) == "pytest_plugins" for target in node.targets):
            plugins = ast.literal_eval(node.value)
            for plugin in [plugins] if isinstance(plugins, str) else plugins:
                yield plugin, node.lineno


class Resolver:
    """Finds where an import of a shipped file comes from: the tarball, the checkout only, or the environment."""

    def __init__(self, shipped):
        self.shipped = set(shipped)
        self.shipped_dirs = {str(parent) + "/" for name in shipped for parent in PurePosixPath(name).parents if str(parent) != "."}
        self.roots = pythonpath_roots()

    def is_shipped(self, candidate):
        return candidate in self.shipped or candidate in self.shipped_dirs

    def problem(self, importer, module):
        """None when `module`, imported by shipped file `importer`, resolves; else why not."""
        alternatives = module.split("|")
        found = [self.where(importer, alternative) for alternative in alternatives]
        if "shipped" in found or "installed" in found:
            return None
        if "checkout" in found:
            return f"{alternatives[-1]} is a file of this checkout that the tarball does not ship"
        return f"{alternatives[-1]} is neither shipped nor installed"

    def where(self, importer, module):
        if module.startswith("relative:"):
            return self._local([PurePosixPath()], module.removeprefix("relative:"))
        if module == COLLECTION_PACKAGE or module.startswith(COLLECTION_PACKAGE + "."):
            return self._local([PurePosixPath()], module.removeprefix(COLLECTION_PACKAGE).lstrip(".") or ".")
        # pytest puts a test's directory and each conftest.py's directory on sys.path.
        bases = [parent for parent in PurePosixPath(importer).parents if str(parent) != "."] + [PurePosixPath(root) for root in self.roots]
        return self._local(bases, module) or ("installed" if self._installed(module) else None)

    def _local(self, bases, module):
        """'shipped' or 'checkout' for the first base that holds `module`; None when no base does."""
        if module == ".":
            return "shipped"
        for base in bases:
            candidates = module_paths(base, module)
            if any(self.is_shipped(candidate) for candidate in candidates):
                return "shipped"
            if any((SOURCE / candidate).exists() for candidate in candidates):
                return "checkout"
        return None

    @staticmethod
    def _installed(module):
        """The module's distribution (its top-level package; for a collection, the collection) is importable from the
        environment, from outside this checkout (the checkout's .venv counts as the environment)."""
        parts = module.split(".")
        distribution = ".".join(parts[:3] if parts[0] == "ansible_collections" else parts[:1])
        try:
            spec = importlib.util.find_spec(distribution)
        except (ImportError, ValueError):
            return False
        if spec is None:
            return False
        locations = [spec.origin] if spec.origin not in (None, "built-in", "frozen") else list(spec.submodule_search_locations or [])
        checkout, venv = SOURCE.resolve(), (SOURCE / ".venv").resolve()
        return all(not Path(location).resolve().is_relative_to(checkout) or Path(location).resolve().is_relative_to(venv) for location in locations)


def shipped_python_tests(tarball):
    """{path: source} for every shipped .py file under tests/."""
    with tarfile.open(tarball) as archive:
        return {
            member.name.removeprefix("./"): archive.extractfile(member).read().decode("utf-8")
            for member in archive.getmembers()
            if member.isfile() and member.name.removeprefix("./").startswith("tests/") and member.name.endswith(".py")
        }


def test_makefile_pythonpath_roots_are_found():
    # What the lookup below relies on: a change in how the Makefile sets PYTHONPATH must not make it check less.
    assert {"tests/standin", "tests/utils", "tests/reliability"} <= set(pythonpath_roots())


def test_shipped_tests_import_only_what_ships_or_is_installed(tarball):
    sources = shipped_python_tests(tarball)
    assert len(sources) > 50, sorted(sources)
    resolver = Resolver(shipped_files(tarball))
    problems = [
        f"{path}:{line}: {problem}"
        for path, source in sorted(sources.items())
        for module, line in imported_modules(source, path)
        if (problem := resolver.problem(path, module))
    ]
    assert not problems, "shipped tests import what the tarball does not ship (ship it, or stop importing it):\n" + "\n".join(problems)


def test_shipped_tests_have_their_conftest_files(tarball):
    # pytest loads every conftest.py from the rootdir down to a test's directory; its fixtures must ship with the test.
    shipped = set(shipped_files(tarball))
    missing = sorted(
        {
            str(conftest.relative_to(SOURCE))
            for name in shipped
            if PurePosixPath(name).name.startswith("test_") and name.startswith("tests/")
            for directory in PurePosixPath(name).parents
            if str(directory) != "." and (conftest := SOURCE / directory / "conftest.py").is_file()
            and str(conftest.relative_to(SOURCE)) not in shipped
        }
    )
    assert not missing, f"conftest.py files the shipped tests need, not in {tarball.name}: {missing}"


def test_the_lookup_tells_shipped_from_checkout_only_from_missing():
    resolver = Resolver(["tests/unit/conftest.py", "plugins/modules/secret_replica.py", "tests/standin/standin/__init__.py"])
    importer = "tests/unit/plugins/test_x.py"
    assert resolver.problem(importer, f"{COLLECTION_PACKAGE}.plugins.modules.secret_replica.main|{COLLECTION_PACKAGE}.plugins.modules.secret_replica") is None
    assert resolver.problem(importer, "standin.operations|standin") is None
    assert resolver.problem(importer, "boto3") is None
    assert "does not ship" in resolver.problem(importer, f"{COLLECTION_PACKAGE}.plugins.modules.secret_replica_info")
    assert "does not ship" in resolver.problem("tests/packaging/test_x.py", "conftest")
    assert "neither shipped nor installed" in resolver.problem(importer, "no_such_module_anywhere")
