"""Run the golden games under every Python from 3.10 to 3.13 found here.

    make test-versions

Interpreters are found through pyenv (``pyenv versions --bare``) and on PATH
(``python3.10`` ... ``python3.13``). Each gets a small virtual environment in
``.venvs/<version>`` with the engine's runtime dependencies only, then runs
``tools/golden.py --check``. Prints which interpreters were used; exits 1 when
any digest differs or no interpreter besides the current one was found.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WANTED = ("3.10", "3.11", "3.12", "3.13")


def interpreters() -> dict[str, Path]:
    """The newest interpreter found for each wanted minor version."""
    found: dict[str, Path] = {}
    if shutil.which("pyenv"):
        listing = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True).stdout.split()
        for version in sorted(listing, key=_version_key):
            minor = ".".join(version.split(".")[:2])
            if minor in WANTED and version.replace(".", "").isdigit():
                prefix = subprocess.run(["pyenv", "prefix", version], capture_output=True, text=True).stdout.strip()
                if prefix and (Path(prefix) / "bin" / "python").exists():
                    found[minor] = Path(prefix) / "bin" / "python"
    for minor in WANTED:
        if minor not in found:
            path = shutil.which(f"python{minor}")
            if path and _runs(path):
                found[minor] = Path(path)
    return found


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def _runs(python: str) -> bool:
    return subprocess.run([python, "-c", "pass"], capture_output=True).returncode == 0


RUNTIME = ("tomli>=2.2",)
"""The engine's runtime dependencies (pyproject.toml): tomli on every Python (engine.toml_reader)."""


def environment(minor: str, python: Path) -> Path:
    """A virtual environment for ``python`` with the engine's runtime dependencies (``RUNTIME``); one made
    before a dependency was added gets it too."""
    venv = ROOT / ".venvs" / minor
    bin_python = venv / "bin" / "python"
    if not bin_python.exists():
        subprocess.run([str(python), "-m", "venv", str(venv)], check=True)
    if subprocess.run([str(bin_python), "-c", "import tomli"], capture_output=True).returncode != 0:
        packages = list(RUNTIME)
        installed = subprocess.run([str(bin_python), "-m", "pip", "install", "--quiet", *packages], capture_output=True, text=True)
        if installed.returncode != 0:
            raise SystemExit(f"cannot install {', '.join(packages)} for Python {minor}:\n{installed.stderr}")
    return bin_python


def main() -> int:
    found = interpreters()
    print("interpreters: " + (", ".join(f"{m} ({p})" for m, p in sorted(found.items())) or "none"))
    failures = 0
    for minor, python in sorted(found.items()):
        result = subprocess.run([str(environment(minor, python)), str(ROOT / "tools" / "golden.py"), "--check"], capture_output=True, text=True)
        print((result.stdout + result.stderr).strip())
        failures += result.returncode != 0
    if len(found) < 2:
        print("fewer than two interpreters found: nothing to compare across versions")
        return 1
    print("all interpreters agree" if not failures else f"{failures} interpreter(s) disagree with the golden digests")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
