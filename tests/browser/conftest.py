"""Fixtures for the browser tests: a textual-serve server in a subprocess, and headless Chromium.

Chromium is Debian's (``/usr/bin/chromium``), driven by the ``playwright``
package; ``playwright install`` is never needed. Without chromium the tests
are skipped, unless the environment variable ``CI`` is set: then they fail.
The helpers that drive a page are in ``browserkit.py``.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from polling import holds_within

from tui.webserver import group_alive

HERE = str(Path(__file__).parent)
if HERE not in sys.path:  # make ``browserkit`` importable under any import mode
    sys.path.insert(0, HERE)

from browserkit import CAPTURE_TERMINAL  # noqa: E402

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic"]
START_TIMEOUT = 20.0
STOP_TIMEOUT = 15.0
VIEWPORT = {"width": 1280, "height": 800}  # about 140 x 40 cells

# Serve one shell command with detente's server on a free port (port 0: the OS picks it).
_SERVER = "import sys; from detente.serve import make_server; sys.exit(make_server(sys.argv[1], '127.0.0.1', 0).run())"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Where Chromium is; skips the test without it (fails under CI)."""
    path = shutil.which("chromium")
    if path is None:
        if _in_ci():
            pytest.fail("CI is set but chromium is not on PATH (.ci/run installs Debian's chromium)")
        pytest.skip("chromium is not installed (apt-get install chromium); the browser tests always run under CI")
    return path


@pytest.fixture(scope="module")
def browser(chromium_path: str):
    """Headless Chromium, one per test module (Playwright's sync API)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that can read the terminal (see browserkit) and reaches nothing but 127.0.0.1."""
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(CAPTURE_TERMINAL)
    # The served page links a Google font: refuse it (and anything else off this machine) so that no test waits on the network.
    context.route(lambda url: not url.startswith(("http://127.0.0.1:", "ws://127.0.0.1:")), lambda route: route.abort())
    context.set_default_timeout(START_TIMEOUT * 1000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def serve_app(_servers) -> Callable[..., str]:
    """A factory: ``serve_app(command, env=None) -> url`` serves a shell command, one process per browser tab.

    ``command`` is a shell command line (a string) or an argument list (quoted
    here), such as ``[sys.executable, "-m", "detente", "play"]``. The server is
    ``detente serve``'s own (``make_server``); see ``_servers`` for the rest.
    """

    def start(command: str | list[str], env: dict[str, str] | None = None) -> str:
        if not isinstance(command, str):
            command = shlex.join(str(part) for part in command)
        return _servers([sys.executable, "-c", _SERVER, command], env)

    return start


@pytest.fixture
def serve_session(_servers) -> Callable[..., str]:
    """A factory: ``serve_session(path, env=None) -> url`` runs the real ``detente serve PATH`` (each tab: ``detente join PATH``)."""

    def start(path: str | os.PathLike[str], env: dict[str, str] | None = None) -> str:
        return _servers([sys.executable, "-m", "detente", "serve", str(path), "--port", "0"], env)

    return start


@pytest.fixture
def _servers(tmp_path: Path) -> Iterator[Callable[[list[str], dict[str, str] | None], str]]:
    """Start server commands; each prints ``Open http://127.0.0.1:PORT/`` and the URL is returned once it answers.

    Each server runs in a subprocess in a new process group, on a free
    127.0.0.1 port (port 0: the OS picks it, no race). Its processes get this
    environment plus ``env`` (``XDG_DATA_HOME`` defaults to a temporary
    folder, so autosaves stay out of the home folder). At teardown each server
    is stopped with SIGINT, as Ctrl+C does; it must exit 0 and leave no
    process behind, of its group or of any tab (each tab's process leads a
    group of its own, found by the environment it inherits), or the test fails
    (the server's output is in ``server-N.log`` in the test's tmp_path).
    """
    servers: list[tuple[subprocess.Popen[bytes], Path]] = []
    mark = f"XDG_DATA_HOME={tmp_path / 'data'}"

    def start(argv: list[str], env: dict[str, str] | None = None) -> str:
        log = tmp_path / f"server-{len(servers)}.log"
        environment = {**os.environ, "XDG_DATA_HOME": mark.partition("=")[2], **(env or {})}
        with open(log, "wb") as out:
            process = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=environment, start_new_session=True)
        servers.append((process, log))
        return _wait_until_serving(process, log)

    yield start

    problems = []
    for process, log in servers:
        problems += _stop(process, log)
    if servers and (left := _processes_left(mark)):
        problems.append(f"processes of the served tabs were still running after the servers stopped; killed: {left}")
    if problems:
        pytest.fail("\n".join(problems))


def _wait_until_serving(process: subprocess.Popen[bytes], log: Path) -> str:
    deadline = time.monotonic() + START_TIMEOUT
    url = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode} before serving:\n{log.read_text(errors='replace')}")
        if url is None and (found := re.search(r"^Open (http://127\.0\.0\.1:\d+/)$", log.read_text(errors="replace"), re.M)):
            url = found.group(1)
        if url is not None:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return url
            except OSError:
                pass
        time.sleep(0.05)
    raise AssertionError(f"the server did not answer within {START_TIMEOUT:.0f} s:\n{log.read_text(errors='replace')}")


def _stop(process: subprocess.Popen[bytes], log: Path) -> list[str]:
    """Stop a server as Ctrl+C does; the problems seen (a bad exit, processes left behind)."""
    problems = []
    group = process.pid  # start_new_session: the server leads its own process group
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            problems.append(f"the server did not stop within {STOP_TIMEOUT:.0f} s of SIGINT")
    if process.returncode not in (0, None):
        problems.append(f"the server exited with {process.returncode}")
    if not holds_within(lambda: not group_alive(group), 5):
        problems.append("processes of the server's group were still running after it stopped; killed")
        os.killpg(group, signal.SIGKILL)
    if process.poll() is None:
        process.kill()
        process.wait()
    if problems:
        problems.append(f"the server's output ({log}):\n{log.read_text(errors='replace')}")
    return problems


def _processes_left(mark: str) -> list[int]:
    """The processes whose environment has the entry ``mark`` still running 5 s from now at most; each is killed."""
    holds_within(lambda: not _with_environment(mark), 5)
    left = _with_environment(mark)
    for pid in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return left


def _with_environment(mark: str) -> list[int]:
    """This user's running processes (not zombies) whose environment has the entry ``mark`` (Linux's /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                running = (entry / "stat").read_text().rpartition(")")[2].split()[0] != "Z"
                if running and mark.encode() in (entry / "environ").read_bytes().split(b"\0"):
                    found.append(int(entry.name))
            except OSError:  # gone meanwhile, or another user's
                pass
    return found
