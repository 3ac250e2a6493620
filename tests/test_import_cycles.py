"""No module of the package imports, however indirectly, a module that imports it back.

Imports are read from the source with ``ast``, those inside functions included (a lazy import to dodge a cycle is
still a cycle); those under ``if TYPE_CHECKING:``, which never run, are not imports.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import explainer

PACKAGE_DIR = Path(explainer.__file__).parent


def module_files(package_dir: Path, package: str) -> dict[str, Path]:
    """Every module of the package under ``package_dir``, by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    """The ids of the import nodes inside ``if TYPE_CHECKING:`` blocks."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and (
            (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING")
            or (isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING")
        ):
            skipped |= {id(inner) for statement in node.body for inner in ast.walk(statement)}
    return skipped


def imported_modules(name: str, path: Path, modules: dict[str, Path], *, type_hints: bool = False) -> set[str]:
    """The package's modules that module ``name`` imports, anywhere in it (with ``type_hints``, also those imported
    only for type checking)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = set() if type_hints else _type_checking_only(tree)
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.add(target)
            # "from . import contexts": the name may be a module of the package.
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return {module for module in found if module in modules and module != name}


def import_cycles(modules: dict[str, Path], *, type_hints: bool = False) -> list[list[str]]:
    """Each set of modules that import each other (a strongly connected component of more than one), sorted."""
    graph = {name: sorted(imported_modules(name, path, modules, type_hints=type_hints)) for name, path in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's algorithm
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in graph[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return sorted(cycles)


MODULES = module_files(PACKAGE_DIR, "explainer")


@pytest.mark.parametrize("name", sorted(MODULES))
def test_every_module_imports(name: str):
    assert importlib.import_module(name).__name__ == name


def test_no_module_imports_itself_back():
    assert import_cycles(MODULES) == []


def test_not_even_for_type_hints():
    # The helpers templates get live in their own module, which the contexts name without importing the renderer.
    assert import_cycles(MODULES, type_hints=True) == []


def test_the_check_sees_imports_inside_functions_and_relative_ones(tmp_path: Path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def later():\n    from .sub import b\n    return b\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "b.py").write_text("from .. import a\n")
    (package / "c.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .d import D\n")
    (package / "d.py").write_text("from .c import TYPE_CHECKING\n")
    assert import_cycles(module_files(package, "pkg")) == [["pkg.a", "pkg.sub.b"]]
    assert import_cycles(module_files(package, "pkg"), type_hints=True) == [["pkg.a", "pkg.sub.b"], ["pkg.c", "pkg.d"]]
