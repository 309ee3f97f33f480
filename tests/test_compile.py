"""The optional compiled build (tools.compile): which modules it finds, and when a build is stale."""

from __future__ import annotations

import json
import sysconfig
from pathlib import Path

import pytest

from tools import compile as build


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the compiled modules' sources in ``tmp_path``, as the build's root."""
    for module in build.MODULES:
        source = tmp_path / module
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(f"# {module}\n", encoding="utf-8")
    monkeypatch.setattr(build, "ROOT", tmp_path)
    monkeypatch.setattr(build, "STAMP", tmp_path / "build" / "compiled.json")
    return tmp_path


def _fake_compile(root: Path) -> list[Path]:
    """Put a module file beside each source and stamp the sources, as ``compile_modules`` leaves them."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    made = [root / module.replace(".py", suffix) for module in build.MODULES] + [root / f"abc__mypyc{suffix}"]
    for path in made:
        path.write_bytes(b"")
    build.STAMP.parent.mkdir(exist_ok=True)
    build.STAMP.write_text(json.dumps(build._source_digests()), encoding="utf-8")
    return made


def test_pure_python_is_never_stale(tree: Path) -> None:
    assert build.compiled_paths() == []
    assert build.stale() == []


def test_a_changed_source_makes_its_compiled_module_stale(tree: Path) -> None:
    made = _fake_compile(tree)
    assert sorted(build.compiled_paths()) == sorted(made)
    assert build.stale() == []
    (tree / "engine" / "rules.py").write_text("# changed\n", encoding="utf-8")
    assert build.stale() == ["engine/rules.py"]
    assert build.main(["--status"]) == 1


def test_a_build_without_its_stamp_is_stale_and_remove_goes_back_to_pure_python(tree: Path) -> None:
    _fake_compile(tree)
    build.STAMP.unlink()
    assert build.stale() == list(build.MODULES)
    build.remove()
    assert build.compiled_paths() == []
    assert build.stale() == []
    assert all((tree / module).exists() for module in build.MODULES)
