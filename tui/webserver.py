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
  a minute for the browsers to go away. No banner; one line per tab that
  connects or leaves, no access log.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import os
import signal
import socket
import time
from collections.abc import Callable
from typing import Any

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server

from engine.errors import DetenteError

STOP_TIMEOUT = 10.0
"""Seconds to wait for the tabs' processes to quit when the server stops."""


WILDCARD_HOSTS = ("0.0.0.0", "::", "")
"""Hosts that listen on every address of the machine."""


class ServeError(DetenteError):
    """``serve`` cannot start (reported in one line, with exit code 1)."""


class DetenteServer(Server):
    """Serve a shell command to browsers, one process per tab."""

    def __init__(self, command: str, *, host: str, port: int, public_url: str | None = None, title: str = "Détente") -> None:
        super().__init__(command, host=host, port=port, title=title, public_url=public_url)
        self.fixed_public_url = public_url.rstrip("/") if public_url else None
        self.sessions: set[asyncio.Task[Any]] = set()

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
            await stop.wait()
            await self._end_sessions()
        finally:
            await runner.cleanup()

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

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser tab: its own process, ended by :meth:`_end_sessions` when the server stops."""
        task = asyncio.current_task()
        assert task is not None
        self.sessions.add(task)
        _say(f"a browser connected from {request.remote}: {len(self.sessions)} open")
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions.discard(task)
            _say(f"a browser left ({request.remote}): {len(self.sessions)} open")

    async def _end_sessions(self) -> None:
        # textual-serve's handler answers a cancel by telling its process to quit and waiting for it.
        tasks = set(self.sessions)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=STOP_TIMEOUT)

    @aiohttp_jinja2.template("app_index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        """The page, pointing back at the address the browser used (or at the public URL)."""
        base = self.fixed_public_url or f"{request.scheme}://{request.host}"
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
