"""``detente serve``: its command line, its checks and its page (no browser: see tests/browser for that)."""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from polling import holds_within

from classroom.store import Store
from detente import serve
from engine.catalog import load_bundled


def detente(*args):
    return subprocess.run([sys.executable, "-m", "detente", *map(str, args)], capture_output=True, text=True, timeout=60)


def assert_one_line_failure(result, code=1):
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


@pytest.fixture
def session(tmp_path):
    path = tmp_path / "class session.detente"  # a space, to be quoted
    Store.create(path, load_bundled("qadiri_gulf"), created="2026-11-25T09:00:00Z")
    return path


def start_serving(*args):
    """``detente serve ARGS`` in its own process group; returns it, the first address it prints and its lines up to "Ctrl+C"."""
    process = subprocess.Popen(
        [sys.executable, "-m", "detente", "serve", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    lines = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "Ctrl+C" in line:
            urls = [found.group(1) for found in map(re.compile(r"Open (\S+)").match, lines) if found]
            return process, urls[0], lines
    process.kill()
    raise AssertionError(f"no address printed: {lines} {process.stderr.read()}")


def stop(process):
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    return process.returncode, out, err


def test_a_missing_or_unusable_session_is_one_line_and_exit_1(tmp_path):
    missing = detente("serve", tmp_path / "nope.detente")
    assert_one_line_failure(missing)
    assert missing.stderr.startswith(f"detente serve: {tmp_path / 'nope.detente'}: no such file")
    assert_one_line_failure(detente("serve", tmp_path))
    notes = tmp_path / "notes.jsonl"
    notes.write_text("{}\n")
    result = detente("serve", notes)
    assert_one_line_failure(result)
    assert "notes.jsonl" in result.stderr


def test_wrong_command_lines_exit_2(tmp_path):
    assert detente("serve").returncode == 2
    assert detente("serve", "x.jsonl", "--port", "70000").returncode == 2
    result = detente("serve", tmp_path / "x.jsonl", "--public-url", "games.example")
    assert result.returncode == 2 and "--public-url takes an http:// or https:// address" in result.stderr


def test_the_served_command_is_join_with_this_python_and_the_absolute_path(session, monkeypatch):
    monkeypatch.chdir(session.parent)
    path = serve._check_session(session.name)
    assert path == session.resolve()
    command = serve.join_command(path)
    assert shlex.split(command) == [sys.executable, "-m", "detente", "join", str(session.resolve())]


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_loopback_hosts(host, loopback):
    assert serve.is_loopback(host) is loopback


def test_the_parser_does_not_load_the_web_server():
    code = (
        "import sys\nfrom detente.cli import build_parser\nbuild_parser()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'textual_serve', 'aiohttp', 'rich')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_serves_on_loopback_and_stops_cleanly_on_ctrl_c(session):
    process, url, _ = start_serving(session, "--port", "0")
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        port = int(url.rsplit(":", 1)[1].rstrip("/"))
        page = urllib.request.urlopen(url, timeout=10).read().decode()
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
        assert "Détente" in page
        # Another laptop that opened the teacher's address is sent back to that address, not to 127.0.0.1.
        request = urllib.request.Request(url, headers={"Host": f"192.168.1.5:{port}"})
        page = urllib.request.urlopen(request, timeout=10).read().decode()
        assert f'data-session-websocket-url="ws://192.168.1.5:{port}/ws"' in page
        assert f'src="http://192.168.1.5:{port}/static/js/textual.js"' in page
    finally:
        code, out, err = stop(process)
    assert code == 0, err
    assert "Traceback" not in out + err and err == ""


def test_a_public_url_is_used_for_the_page(session):
    process, url, _ = start_serving(session, "--port", "0", "--public-url", "https://games.school.example/detente/")
    try:
        assert url == "https://games.school.example/detente/"
    finally:
        code, _out, err = stop(process)
    assert code == 0, err


def test_another_address_warns(session):
    process, url, lines = start_serving(session, "--host", "0.0.0.0", "--port", "0")
    try:
        assert re.fullmatch(r"http://localhost:\d+/", url)
    finally:
        code, _out, err = stop(process)
    assert code == 0
    assert err.startswith("warning: listening on 0.0.0.0, not just this machine")
    assert "from the other laptops" in "".join(lines)


def test_a_busy_port_is_one_line_and_exit_1(session):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        result = detente("serve", session, "--port", taken.getsockname()[1])
    assert_one_line_failure(result)
    assert "Address already in use" in result.stderr


# -- the hardened server ------------------------------------------------------------------------------


def websocket(url, origin, host=None):
    """Open the page's websocket with ``Origin: origin`` (and ``Host: host``); the HTTP status (101 on success)."""
    import asyncio

    import aiohttp

    async def attempt():
        headers = {"Origin": origin} if origin else {}
        if host:
            headers["Host"] = host
        async with aiohttp.ClientSession() as client:
            try:
                async with client.ws_connect(url.replace("http://", "ws://") + "ws", headers=headers, timeout=aiohttp.ClientWSTimeout(ws_close=5)) as ws:
                    await ws.close()
                    return 101
            except aiohttp.WSServerHandshakeError as exc:
                return exc.status

    return asyncio.run(attempt())


def test_another_sites_websocket_and_tabs_beyond_the_cap_are_refused_before_any_process_starts(session):
    process, url, _ = start_serving(session, "--port", "0", "--max-tabs", "1")
    try:
        port = int(url.rsplit(":", 1)[1].rstrip("/"))
        assert websocket(url, "http://evil.example") == 403
        assert websocket(url, None) == 403
        assert websocket(url, f"http://evil.example:{port}", host=f"evil.example:{port}") == 400  # DNS rebinding: a name we are not
        assert websocket(url, f"http://127.0.0.1:{port}") == 101
    finally:
        _, out, _ = stop(process)
    assert "refused a game from another site (http://evil.example)" in out
    assert out.count("a browser connected") == 1  # one process only, for the page's own origin


def test_a_host_that_is_not_ours_is_never_copied_into_the_page(session):
    process, url, _ = start_serving(session, "--port", "0")
    try:
        port = int(url.rsplit(":", 1)[1].rstrip("/"))
        for host in (f"evil.example:{port}", 'x"><script>alert(1)</script>'):
            request = urllib.request.Request(url, headers={"Host": host})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=10)
            assert refused.value.code == 400 and b"evil" not in refused.value.read()
        request = urllib.request.Request(url, headers={"Host": f"localhost:{port}"})
        assert f"ws://localhost:{port}/ws" in urllib.request.urlopen(request, timeout=10).read().decode()
    finally:
        stop(process)


def test_the_cap_on_tabs(session):
    import asyncio

    import aiohttp

    process, url, _ = start_serving(session, "--port", "0", "--max-tabs", "1")
    port = int(url.rsplit(":", 1)[1].rstrip("/"))

    async def two_tabs():
        async with aiohttp.ClientSession() as client:
            ws_url = url.replace("http://", "ws://") + "ws"
            async with client.ws_connect(ws_url, headers={"Origin": f"http://127.0.0.1:{port}"}) as first:
                await first.receive(timeout=30)  # the first tab's process is running
                try:
                    async with client.ws_connect(ws_url, headers={"Origin": f"http://127.0.0.1:{port}"}):
                        return 101
                except aiohttp.WSServerHandshakeError as exc:
                    return exc.status

    try:
        assert asyncio.run(two_tabs()) == 503
    finally:
        _, out, _ = stop(process)
    assert "1 are open, the limit (detente serve --max-tabs)" in out


def test_seats_only_serves_join_seats_only(session):
    assert serve.join_command(session, seats_only=True).endswith(" --seats-only")
    assert detente("serve", session, "--max-tabs", "0").returncode == 2


def test_wrong_codes_are_logged_with_their_address_as_they_are_counted(session):
    from classroom.door import Door

    process, _, _ = start_serving(session, "--port", "0")
    try:
        Door(session, time.time).failed("192.0.2.44")  # as a tab's door does
        line = ""
        while "wrong code" not in line:
            line = process.stdout.readline()
            assert line, "the server stopped without logging the wrong code"
        assert "wrong code from 192.0.2.44: 1 in the last 10 minutes" in line
    finally:
        stop(process)


def test_the_projector_page_is_read_only_and_shows_no_order(session):
    import json as json_module

    process, url, lines = start_serving(session, "--port", "0")
    try:
        assert any(line.startswith(f"For the projector (read-only, no code): {url}projector") for line in lines)
        page = urllib.request.urlopen(url + "projector", timeout=10).read().decode()
        assert "projector.json" in page and "textContent" in page and "innerHTML" not in page
        data = json_module.loads(urllib.request.urlopen(url + "projector.json", timeout=10).read())
        assert [w["name"] for w in data["worlds"]] == ["World 1"] and data["worlds"][0]["timer"]["paused"]
        port = int(url.rsplit(":", 1)[1].rstrip("/"))
        request = urllib.request.Request(url + "projector.json", headers={"Host": f"evil.example:{port}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 400
    finally:
        stop(process)


def test_ctrl_c_refuses_new_tabs_and_ends_every_tab_process_even_one_its_shell_left(tmp_path):
    """A tab's app whose shell has already exited (here ``APP &``) is still ended, and a browser that connects
    while the server stops is refused and starts no process: Ctrl+C leaves nothing running."""
    import asyncio

    import aiohttp

    pids = tmp_path / "pids"
    app = f"import os, signal; open({str(pids)!r}, 'a').write(f'{{os.getpid()}}\\n'); signal.pause()"  # never reads its quit
    command = f"{shlex.quote(sys.executable)} -c {shlex.quote(app)} &"
    server = f"import sys; from detente.serve import make_server; sys.exit(make_server({command!r}, '127.0.0.1', 0).run())"
    process = subprocess.Popen([sys.executable, "-c", server], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        url = re.match(r"Open (\S+)", process.stdout.readline()).group(1)
        origin = {"Origin": url.rstrip("/")}

        async def tabs():
            async with aiohttp.ClientSession() as client:
                ws_url = url.replace("http://", "ws://") + "ws"
                async with client.ws_connect(ws_url, headers=origin):
                    await asyncio.to_thread(holds_within, lambda: pids.exists() and pids.read_text().endswith("\n"), 30)
                    process.send_signal(signal.SIGINT)
                    while "stopping" not in (line := await asyncio.to_thread(process.stdout.readline)) and line:
                        pass
                    assert "stopping: ending the 1 open tabs" in line
                    try:
                        async with client.ws_connect(ws_url, headers=origin):
                            return 101
                    except aiohttp.WSServerHandshakeError as exc:
                        return exc.status

        assert asyncio.run(tabs()) == 503
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "refused a tab from 127.0.0.1: the server is stopping" in out
    [pid] = map(int, pids.read_text().split())  # the refused tab started no process
    alive = not holds_within(lambda: not _running(pid), 5)
    if alive:
        os.kill(pid, signal.SIGKILL)
    assert not alive, "a tab's process outlived the server"


def _running(pid):
    """Whether ``pid`` is a process that has not ended (a zombie has ended)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False
