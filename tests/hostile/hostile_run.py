"""Helpers of the hostile-input corpus: run ``detente`` in a child process with bounds.

The files are made by the tests themselves in ``tmp_path``. The child gets a
time bound (``subprocess.run(timeout=...)``: a hang fails the test instead of
stalling the suite) and, where the system allows, an address-space bound
(``RLIMIT_AS``): a program that tries to read ``/dev/zero`` whole dies with a
``MemoryError`` traceback, which the test sees. The bounds are generous; the
precise figures belong to the benchmark.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

MEMORY = 1 << 30
"""Address space allowed to the child: 1 GiB."""
SECONDS = 20.0
"""Time allowed to the child by default (the cases take about a second)."""
MINI = Path(__file__).parent.parent / "scenarios" / "mini.toml"


def _limit_memory() -> None:  # pragma: no cover - runs in the child, before exec
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def bounded(*args: object, seconds: float = SECONDS, stdout: Any = None) -> subprocess.CompletedProcess[str]:
    """Run ``detente *args`` under the memory bound; fail the test when it outlasts ``seconds``.

    Standard output is captured, or goes to ``stdout`` (a file or a descriptor) when given.
    """
    command = [sys.executable, "-m", "detente", *map(str, args)]
    limit = _limit_memory if sys.platform.startswith("linux") else None
    out = subprocess.PIPE if stdout is None else stdout
    try:
        return subprocess.run(command, stdout=out, stderr=subprocess.PIPE, text=True, timeout=seconds, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"detente {' '.join(map(str, args))} did not finish within {seconds} s")


def refused(result: subprocess.CompletedProcess[str], *words: str) -> list[str]:
    """Assert a clean refusal (exit 1, no traceback, every word in the error); return its lines."""
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr, result.stderr[-2000:]
    for word in words:
        assert word in result.stderr, result.stderr[-2000:]
    return result.stderr.splitlines()
