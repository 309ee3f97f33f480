"""The packages' arrows point one way, and no module takes part in an import cycle.

The package map (docs/architecture.md): ``engine`` is the game and imports no
other package of ours; seat fillers (``players``) and ``grading`` stand on it;
the ``lab`` on players, ``reports`` on grading; ``classroom`` on the engine and
the players it seats; ``tui`` on all of those; ``detente``, the command shell,
on everything. Every import counts, also one inside a function or under
``TYPE_CHECKING``: a lazy import is still an arrow.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

MAY_IMPORT: dict[str, frozenset[str]] = {
    "engine": frozenset(),
    "players": frozenset({"engine"}),
    "grading": frozenset({"engine"}),
    "lab": frozenset({"engine", "players"}),
    "reports": frozenset({"engine", "grading"}),
    "classroom": frozenset({"engine", "players"}),
    "tui": frozenset({"engine", "players", "reports", "classroom"}),
    "detente": frozenset({"engine", "players", "grading", "lab", "reports", "classroom", "tui"}),
    "scenarios": frozenset(),
}
"""For each package of ours, the other packages of ours its modules may import."""

HEAVY_FOR_THE_ENGINE = ("textual", "rich", "sqlite3", "aiohttp", "textual_serve")
"""Libraries the game core never imports."""


def modules() -> Iterator[tuple[str, Path]]:
    """Every module of our packages, as (dotted name, path)."""
    for package in MAY_IMPORT:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            yield ".".join(parts), path


def imported(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """The modules ``name`` imports anywhere in its file, absolute, with their line numbers."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base, node.lineno
            for alias in node.names:  # ``from tui.classroom import console`` imports a module too
                yield f"{base}.{alias.name}", node.lineno


MODULES = dict(modules())


def graph() -> dict[str, set[str]]:
    """Module → the modules of ours it imports."""
    arrows: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        arrows[name] = {target for target, _ in imported(name, path) if target in MODULES and target != name}
    return arrows


def test_every_package_imports_only_the_packages_below_it() -> None:
    wrong = []
    for name, path in MODULES.items():
        own = name.split(".")[0]
        for target, line in imported(name, path):
            top = target.split(".")[0]
            if top in MAY_IMPORT and top != own and top not in MAY_IMPORT[own]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target} ({own} may import {sorted(MAY_IMPORT[own]) or 'none of ours'})")
    assert not wrong, "\n".join(wrong)


def test_the_engine_imports_no_ui_database_or_web_library() -> None:
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {target}"
        for name, path in MODULES.items()
        if name.split(".")[0] == "engine"
        for target, line in imported(name, path)
        if target.split(".")[0] in HEAVY_FOR_THE_ENGINE
    ]
    assert not wrong, "\n".join(wrong)


def cycles(arrows: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(arrows):
        if root in index:
            continue
        work = [(root, iter(sorted(arrows[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(arrows.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles() -> None:
    found = cycles(graph())
    assert not found, "import cycles: " + "; ".join(" ↔ ".join(c) for c in found)


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_every_module_imports() -> None:
    names = [name for name in MODULES if not name.endswith("__main__")]
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    done = subprocess.run([sys.executable, "-c", code, *names], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_each_package_is_installed(package: str) -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"{package}*"' in text
