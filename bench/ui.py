"""Terminal UI figures: time to first frame against a minimal Textual app, key and turn latency."""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from detente.clock import now

MINIMAL = """
from textual.app import App
from textual.widgets import Footer, Header, Static
class Minimal(App):
    def compose(self):
        yield Header(); yield Static("hello"); yield Footer()
    def on_mount(self):
        self.call_after_refresh(self.exit)
Minimal().run(headless=True, size=(80, 24))
"""

DETENTE = """
import tempfile, pathlib
from detente.clock import now
from tui.app import DetenteApp
class FirstFrame(DetenteApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(lambda: self.call_after_refresh(self.exit))
FirstFrame(games_folder=pathlib.Path(tempfile.mkdtemp()), clock=now).run(headless=True, size=(80, 24))
"""


def _median_run(code: str, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def first_frame(runs: int) -> tuple[float, float]:
    """Median seconds to start, paint the first screen and exit: (minimal app, Détente title screen)."""
    minimal, detente = [], []
    for _ in range(runs):  # interleaved, so both see the same machine load
        minimal.append(_median_run(MINIMAL, 1))
        detente.append(_median_run(DETENTE, 1))
    return statistics.median(minimal), statistics.median(detente)


async def _pilot_baseline(presses: int) -> float:
    """Median press-and-settle time of a bare OptionList app: the Pilot harness's own cost."""
    from textual.app import App, ComposeResult
    from textual.widgets import OptionList

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield OptionList(*map(str, range(8)))

    times = []
    async with Bare().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for index in range(presses):
            start = time.perf_counter()
            await pilot.press("down" if index % 16 < 8 else "up")
            await pilot.pause()
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def pilot_baseline(presses: int) -> float:
    """Seconds a key press takes to settle in a bare app under the same harness."""
    return asyncio.run(_pilot_baseline(presses))


async def _latencies(presses: int, turns: int) -> tuple[float, float]:
    from engine.catalog import load_bundled
    from players.bots import RandomBot
    from tui.app import DetenteApp
    from tui.screens.game import GameScreen

    scenario = load_bundled("indo_pacific")
    seats = {"seaboard": "human", "heartland": "random", "meridian": "random"}
    folder = Path(tempfile.mkdtemp())
    app = DetenteApp(scenario=scenario, seed=5, seats=seats, games_folder=folder, reveal_delay=0, clock=now)
    key_times, turn_times = [], []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, GameScreen)
        await pilot.press("b")
        for index in range(presses):
            start = time.perf_counter()
            await pilot.press("down" if index % 16 < 8 else "up")
            await pilot.pause()
            key_times.append(time.perf_counter() - start)
        for _ in range(turns):
            if screen.game.is_over:
                break
            screen.draft = RandomBot().choose(screen.game, "seaboard")
            turn = screen.game.turn
            start = time.perf_counter()
            await pilot.press("s")
            while screen.game.turn == turn and not screen.game.is_over:
                await pilot.pause()
                if not isinstance(app.screen, GameScreen):
                    await pilot.press("y")
            await pilot.pause()
            turn_times.append(time.perf_counter() - start)
    return statistics.median(key_times), statistics.median(turn_times)


def latencies(presses: int, turns: int) -> tuple[float, float]:
    """Median seconds for a key press to redraw, and for submit → resolve → redraw (bots included)."""
    return asyncio.run(_latencies(presses, turns))
