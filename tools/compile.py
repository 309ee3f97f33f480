"""The optional compiled build: the engine's and the bots' hot modules compiled with mypyc, in place.

    python -m tools.compile            # compile MODULES (needs mypy's mypyc, a C compiler, Python's headers)
    python -m tools.compile --status   # say which modules are compiled, and whether any is stale
    python -m tools.compile --remove   # delete the compiled modules: back to pure Python

Nothing needs this build: a fresh machine without a compiler installs and plays the pure-Python
modules, which stay the reference. The compiled modules are built from the same sources, sit next
to them (``engine/rules.cpython-311-x86_64-linux-gnu.so`` beside ``engine/rules.py``; Python
imports an extension module before a source file of the same name) and give byte-identical
records, digests and reports (``tools/golden.py --check`` holds it). A module is stale when its
source changed after it was compiled: the compiled one would then run old code, so ``--status``
and the test suite (``tests/conftest.py``) refuse a stale build until it is compiled again or removed.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULES = ("engine/rng.py", "engine/rules.py", "players/evaluation.py", "players/bots.py")
"""The modules compiled: where random games and greedy games spend their time (docs/bots.md). Not
``engine/state.py``: mypyc makes its value classes native classes, whose fields cannot take
``engine.valueclass``'s defaults (the compiled module fails to import)."""
STAMP = ROOT / "build" / "compiled.json"
"""The SHA-256 of each compiled module's source when it was compiled."""
_CONFIG = "[mypy]\nwarn_unused_configs = False\n"
"""mypyc type-checks with its own settings: the project's list of files and overrides is for ``make lint``."""


def compiled_paths() -> list[Path]:
    """Every compiled module of this build (and the shared library they load), for this Python."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    paths = [ROOT / module.replace(".py", suffix) for module in MODULES]
    return [path for path in (*paths, *ROOT.glob(f"*__mypyc{suffix}")) if path.exists()]


def _source_digests() -> dict[str, str]:
    return {module: hashlib.sha256((ROOT / module).read_bytes()).hexdigest() for module in MODULES}


def stale() -> list[str]:
    """The compiled modules whose source changed since they were compiled (none without a compiled build)."""
    if not compiled_paths():
        return []
    try:
        built = json.loads(STAMP.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return list(MODULES)
    return [module for module, digest in _source_digests().items() if built.get(module) != digest]


def compile_modules() -> int:
    """Compile ``MODULES`` in place with mypyc; the exit status of mypyc."""
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "mypyc.ini"
        config.write_text(_CONFIG, encoding="utf-8")
        digests = _source_digests()
        status = subprocess.run([sys.executable, "-m", "mypyc", "--config-file", str(config), *MODULES], cwd=ROOT).returncode
    if status == 0:
        STAMP.parent.mkdir(exist_ok=True)
        STAMP.write_text(json.dumps(digests, indent=1), encoding="utf-8")
    return status


def remove() -> None:
    """Delete the compiled modules and their stamp."""
    for path in compiled_paths():
        path.unlink()
    STAMP.unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    if "--remove" in argv:
        remove()
        print("compiled modules removed: pure Python")
        return 0
    if "--status" in argv:
        paths = compiled_paths()
        old = stale()
        print(f"compiled: {', '.join(p.name for p in paths)}" if paths else "pure Python (nothing compiled)")
        if old:
            print(f"stale (source changed since compiled): {', '.join(old)}; run `make compiled` again or `make pure`", file=sys.stderr)
        return 1 if old else 0
    return compile_modules()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
