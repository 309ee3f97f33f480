"""The web server behind ``detente serve``: textual-serve's ``Server``, adapted.

Each browser tab that opens the page gets a websocket and its own process
running the served command (textual-serve's ``AppService``). What differs
from ``textual_serve.server.Server.serve`` (textual-serve 1.1.x):

- The page tells the browser to connect back to the address the browser
  opened (unless a public URL is given), so a server on ``0.0.0.0`` works from
  other laptops instead of sending them to ``ws://0.0.0.0``.
- It binds first, then prints the addresses to open; a busy port is one line,
  not a traceback; port 0 picks a free port (the printed address has it).
- SIGINT and SIGTERM end every tab's process at once, instead of waiting up to
  a minute for the browsers to go away: from then on no tab opens (a browser
  that connects while the server stops is refused, and starts no process), and
  every process group a tab started is gone before the server exits. No banner;
  one line per tab that connects or leaves, no access log.
- It is careful with what a browser sends: a ``Host`` that is not this
  machine's address or name (or the public URL's) is refused rather than
  copied into the page (which also defeats DNS rebinding); a websocket whose
  ``Origin`` is not the page's own is refused (another site cannot open a
  game in a visitor's browser); at most ``max_tabs`` tabs run at once, each
  a process of ~45 MB, and the next one is told so. Each tab's process learns
  the browser's address (``classroom.door.REMOTE_VARIABLE``), so wrong codes
  are counted per address (``classroom.door``); given the session's door, the
  server prints a line whenever an address's count of wrong codes grows.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import os
import re
import signal
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from classroom.door import REMOTE_VARIABLE, Door
from engine.errors import DetenteError

STOP_TIMEOUT = 10.0
QUIT_GRACE = 2.0
"""Seconds a stopping server lets the tabs' processes quit before it ends them."""
"""Seconds to wait for the tabs' processes to quit when the server stops."""
GROUP_POLL = 0.05
"""Seconds between two looks at whether the tabs' process groups are gone, while the server stops."""


WILDCARD_HOSTS = ("0.0.0.0", "::", "")
"""Hosts that listen on every address of the machine."""
DEFAULT_MAX_TABS = 40
"""Browser tabs served at once unless ``--max-tabs`` says otherwise: each is a process of ~45 MB."""

NARROW_NOTICE = """
<style>
  #detente-narrow { display: none; position: fixed; inset: 0; z-index: 1000; background: #111; color: #eee;
    font: 18px/1.5 system-ui, sans-serif; padding: 2rem; overflow: auto; }
  #detente-narrow a { color: #9cf; }
  @media (max-width: 599px) { #detente-narrow { display: block; } }
  #detente-narrow:target, #detente-narrow.closed { display: none; }
</style>
<div id="detente-narrow" role="alert">
  <p><strong>Détente needs a wider screen.</strong></p>
  <p>The game is laid out for at least 80 columns of text: about 600 pixels. Turn this phone sideways,
  or join from a laptop or a tablet.</p>
  <p><a href="#detente-narrow" onclick="document.getElementById('detente-narrow').className='closed'">Continue anyway</a></p>
</div>
"""
"""Shown over the game on a screen narrower than 600 pixels (a phone held upright), where the terminal's bars would fall off-screen."""
PROJECTOR_PAGE = Path(__file__).parent / "web" / "projector.html"
"""The projector page: static HTML whose script fills itself from ``/projector.json``."""
DOOR_WATCH = 1.0
"""Seconds between two looks at the session's count of wrong codes."""

_HOST = re.compile(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]{1,253})(?::(\d{1,5}))?")


class ServeError(DetenteError):
    """``serve`` cannot start (reported in one line, with exit code 1)."""


class DetenteServer(Server):
    """Serve a shell command to browsers, one process per tab."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        public_url: str | None = None,
        title: str = "Détente",
        max_tabs: int = DEFAULT_MAX_TABS,
        door: Door | None = None,
        projection: Callable[[], dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.fixed_public_url = public_url.rstrip("/") if public_url else None
        self.max_tabs = max_tabs
        self.door = door
        """The session's door, whose wrong codes are logged here as they are counted."""
        self.projection = projection
        """What the read-only projector page shows, as JSON-ready data (``/projector``); None: no such page."""
        self.sessions: set[asyncio.Task[Any]] = set()
        self.services: set[TabService] = set()
        """Every tab's process, so that a stop can end the ones that do not quit."""
        self.groups: set[int] = set()
        """The process group of every tab's process started, so that a stop leaves none of them running."""
        self.stopping = False
        """True once SIGINT or SIGTERM came: no tab opens any more."""
        names = {"localhost", socket.gethostname().lower(), socket.getfqdn().lower()}
        if public_url:
            names.add((urlsplit(public_url).hostname or "").lower())
        self.names = frozenset(name for name in names if name)
        """The host names the page may be opened by (besides any IP address of this machine)."""

    def run(self, announce: Callable[[list[str]], None] | None = None) -> int:
        """Serve until SIGINT or SIGTERM; ``announce`` gets the addresses to open once listening."""
        self.initialize_logging()
        asyncio.run(self._serve(announce or _print_urls))
        return 0

    async def _serve(self, announce: Callable[[list[str]], None]) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, stop.set)
            except (NotImplementedError, RuntimeError):  # Windows: Ctrl+C raises KeyboardInterrupt instead
                pass
        runner = web.AppRunner(await self._make_app(), access_log=None, shutdown_timeout=STOP_TIMEOUT)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host or None, self.port)
            try:
                await site.start()
            except OSError as exc:
                reason = os.strerror(exc.errno) if exc.errno else str(exc)
                if exc.errno == errno.EADDRINUSE:
                    reason += " (another server is using that port: choose another with --port)"
                raise ServeError(f"cannot listen on {_netloc(self.host, self.port)}: {reason}") from None
            announce(self.urls(runner.addresses[0][1]))
            watch = asyncio.ensure_future(self._watch_door()) if self.door is not None else None
            await stop.wait()
            if watch is not None:
                watch.cancel()
            await self._end_sessions()
        finally:
            await runner.cleanup()

    async def _watch_door(self) -> None:
        """Print a line whenever an address's count of wrong codes grows (read every ``DOOR_WATCH`` seconds)."""
        assert self.door is not None
        seen: dict[str, int] = {}
        while True:
            counts = await asyncio.to_thread(self.door.counts)
            for address, failures in counts.items():
                if failures > seen.get(address, 0):
                    _say(f"wrong code from {address}: {failures} in the last {self.door.window_minutes} minutes")
            seen = counts
            await asyncio.sleep(DOOR_WATCH)

    def urls(self, port: int) -> list[str]:
        """The addresses to open, with notes on who can use them."""
        if self.fixed_public_url:
            return [f"{self.fixed_public_url}/"]
        if self.host in WILDCARD_HOSTS:
            lan = _lan_address()
            other = f"http://{_netloc(lan, port)}/" if lan else f"http://THIS-MACHINE'S-ADDRESS:{port}/"
            return [f"http://localhost:{port}/ on this machine", f"{other} from the other laptops"]
        return [f"http://{_netloc(self.host, port)}/"]

    async def on_startup(self, app: web.Application) -> None:
        """No banner: :meth:`run` prints the addresses once it listens."""

    async def _make_app(self) -> web.Application:
        """textual-serve's routes, and the projector page when there is a projection to show."""
        app = await super()._make_app()
        if self.projection is not None:
            app.router.add_get("/projector", self.handle_projector_page)
            app.router.add_get("/projector.json", self.handle_projection)
        return app

    async def handle_projector_page(self, request: web.Request) -> web.FileResponse:
        """The read-only projector page (it polls ``/projector.json``): no process, no code."""
        self.host_of(request)
        return web.FileResponse(PROJECTOR_PAGE, headers={"Cache-Control": "no-store"})

    async def handle_projection(self, request: web.Request) -> web.Response:
        """What the projector shows now, as JSON (read in a thread: the server answers meanwhile)."""
        self.host_of(request)
        assert self.projection is not None
        try:
            data = await asyncio.to_thread(self.projection)
        except DetenteError as exc:
            return web.json_response({"error": str(exc)}, status=503)
        return web.json_response(data, headers={"Cache-Control": "no-store"})

    def host_of(self, request: web.Request) -> str:
        """The ``Host`` the browser used, checked: an IP address, this machine's name, ``localhost`` or the
        public URL's host, with a port; ``HTTPBadRequest`` otherwise (it is never copied into a page unchecked)."""
        found = _HOST.fullmatch(request.host or "")
        name = found.group(1).strip("[]").lower() if found else ""
        if not found or not (name in self.names or _is_address(name)):
            raise web.HTTPBadRequest(text="This game server answers to its own address only.")
        return found.group(0)

    def origin_allowed(self, request: web.Request) -> bool:
        """True when the websocket comes from the page itself: its ``Origin`` is the address the browser opened
        (or the public URL)."""
        origin = urlsplit(request.headers.get("Origin", ""))
        if not origin.scheme or not origin.netloc:
            return False
        allowed = {self.host_of(request).lower()}
        if self.fixed_public_url:
            allowed.add(urlsplit(self.fixed_public_url).netloc.lower())
        return origin.netloc.lower() in allowed

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: its own process (knowing the browser's address), ended by :meth:`_end_sessions` when
        the server stops; refused, before any process starts, from another site or beyond ``max_tabs``."""
        if not self.origin_allowed(request):
            _say(f"refused a game from another site ({request.headers.get('Origin', 'no origin')}) for {request.remote}")
            raise web.HTTPForbidden(text="A game opens only from this server's own page.")
        if self.stopping:
            _say(f"refused a tab from {request.remote}: the server is stopping")
            raise web.HTTPServiceUnavailable(text="This game server is stopping.")
        if len(self.sessions) >= self.max_tabs:
            _say(f"refused a tab from {request.remote}: {self.max_tabs} are open, the limit (detente serve --max-tabs)")
            raise web.HTTPServiceUnavailable(text=f"This game server already serves {self.max_tabs} tabs, its limit: ask the teacher.")
        task = asyncio.current_task()
        assert task is not None
        self.sessions.add(task)
        _say(f"a browser connected from {request.remote}: {len(self.sessions)} open")
        try:
            return await self._serve_tab(request)
        finally:
            self.sessions.discard(task)
            _say(f"a browser left ({request.remote}): {len(self.sessions)} open")

    async def _serve_tab(self, request: web.Request) -> web.WebSocketResponse:
        """textual-serve's ``Server.handle_websocket``, with a ``TabService`` that knows the browser's address."""
        websocket = web.WebSocketResponse(heartbeat=15)
        service: TabService | None = None
        try:
            await websocket.prepare(request)
            service = TabService(
                self.command,
                remote=request.remote or "unknown",
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            self.services.add(service)
            await service.start(to_int(request.query.get("width", "80"), 80), to_int(request.query.get("height", "24"), 24))
            if service.group is not None:
                self.groups.add(service.group)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # a tab's failure ends that tab only, as in textual-serve
            _say(f"a tab from {request.remote} failed: {error}")
        finally:
            if service is not None:
                await service.stop()
                self.services.discard(service)
                if service.group is not None and not group_alive(service.group):
                    self.groups.discard(service.group)  # gone: its number may be reused by a process not ours
        return websocket

    async def _end_sessions(self) -> None:
        """Refuse new tabs; ask every tab's process to quit (textual-serve's handler answers a cancel so); end
        those that have not within ``QUIT_GRACE`` seconds (a tab still starting reads no quit), then wait for the
        tabs; last, kill what is left of any tab's process group (a process whose handler stopped reading it)."""
        self.stopping = True
        loop = asyncio.get_running_loop()
        deadline = loop.time() + QUIT_GRACE
        tasks = set(self.sessions)
        _say(f"stopping: ending the {len(tasks)} open tabs")
        for task in tasks:
            task.cancel()
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=QUIT_GRACE)
            if pending:
                for service in set(self.services):
                    service.halt()
                await asyncio.wait(pending, timeout=STOP_TIMEOUT)
        while (alive := {group for group in self.groups if group_alive(group)}) and loop.time() < deadline:
            await asyncio.sleep(GROUP_POLL)
        for group in alive:
            _kill_group(group)

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page, pointing back at the address the browser used, once checked (or at the public URL); on a
        screen narrower than the game needs, it says so (``NARROW_NOTICE``)."""
        response = aiohttp_jinja2.render_template("app_index.html", request, self._page(request))
        assert response.text is not None
        response.text = response.text.replace("</body>", f"{NARROW_NOTICE}</body>", 1)
        return response

    def _page(self, request: web.Request) -> dict[str, Any]:
        """The values textual-serve's page template takes."""
        base = self.fixed_public_url or f"{request.scheme}://{self.host_of(request)}"
        try:
            font_size = int(request.query.get("fontsize", "16"))
        except ValueError:
            font_size = 16
        websocket = base.replace("https://", "wss://", 1) if base.startswith("https://") else base.replace("http://", "ws://", 1)
        return {
            "font_size": font_size,
            "app_websocket_url": f"{websocket}{request.app.router['websocket'].url_for()}",
            "config": {"static": {"url": f"{base}/static/"}},
            "application": {"name": self.title},
        }


class TabService(AppService):
    """One tab's process, told the browser's address (``classroom.door.REMOTE_VARIABLE``)."""

    def __init__(self, command: str, *, remote: str, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.remote = remote
        self.group: int | None = None
        """The process group of the tab's process (which leads it), once started."""

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment[REMOTE_VARIABLE] = self.remote
        return environment

    async def _open_app_process(self, width: int = 80, height: int = 24) -> asyncio.subprocess.Process:
        """textual-serve's ``AppService._open_app_process``, the tab's shell and app started in a process
        group of their own, so that :meth:`halt` can end both at once. A tab cancelled while its process
        starts (the server stopping) ends that whole group as soon as it exists: asyncio's own clean-up would
        kill the shell alone, and then wait for the app, which holds the pipes, to end by itself."""
        creation = asyncio.ensure_future(
            asyncio.create_subprocess_shell(
                self.command,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=self._build_environment(width=width, height=height),
                start_new_session=True,
            )
        )
        try:
            self._process = process = await asyncio.shield(creation)
        except asyncio.CancelledError:
            creation.add_done_callback(_end_started_group)
            raise
        self.group = process.pid
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    def halt(self) -> None:
        """End the tab's process group now: for a tab that did not quit when asked (one still starting). The
        whole group, even once its leader (the shell) is gone: the app it started may still run."""
        if self.group is not None:
            _kill_group(self.group)


def group_alive(group: int) -> bool:
    """Whether any process of the process group ``group`` still exists."""
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _end_started_group(creation: asyncio.Future[asyncio.subprocess.Process]) -> None:
    """Kill the process group of a tab's process that finished starting after its tab was cancelled."""
    if not creation.cancelled() and creation.exception() is None:
        _kill_group(creation.result().pid)


def _kill_group(group: int) -> None:
    """SIGKILL every process of the process group ``group`` (none left: nothing happens)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal.SIGKILL)


def _is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def _print_urls(urls: list[str]) -> None:
    for url in urls:
        print(f"Open {url}", flush=True)


def _netloc(host: str, port: int) -> str:
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]:{port}"
    except ValueError:
        pass
    return f"{host}:{port}"


def _lan_address() -> str | None:
    """This machine's address on its network, if it has one (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # a documentation address: connecting a UDP socket only picks a route
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if ipaddress.ip_address(address).is_loopback or address == "0.0.0.0" else address
