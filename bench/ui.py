"""Terminal UI figures: time to first frame against a minimal Textual app, key and turn latency."""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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
    def on_mount(self):  # Textual calls DetenteApp.on_mount too: calling it here would push a second title screen
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


async def _latencies(presses: int, turns: int) -> tuple[float, float, float]:
    from engine.catalog import load_bundled
    from engine.inputs import Order
    from players.bots import RandomBot
    from tui.app import DetenteApp
    from tui.screens.confirm import ConfirmScreen
    from tui.screens.game import GameScreen
    from tui.screens.turn_review import TurnReview

    scenario = load_bundled("indo_pacific")
    seats = {"seaboard": "human", "heartland": "random", "meridian": "random"}
    folder = Path(tempfile.mkdtemp())
    app = DetenteApp(scenario=scenario, seed=5, seats=seats, games_folder=folder, reveal_delay=0, clock=now, writing=False)
    key_times, turn_times, turn_cpu = [], [], []
    marks: dict[str, float] = {}
    review_resumed = TurnReview.on_screen_resume

    def mark_drawn(review: TurnReview) -> None:  # the review's first frame on top ends the turn's clock
        review_resumed(review)
        review.call_after_refresh(lambda: marks.update(end=time.perf_counter(), cpu_end=time.process_time()))

    TurnReview.on_screen_resume = mark_drawn  # type: ignore[method-assign,assignment]
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
        session = screen.session
        submitted = session.submit

        def mark_submitted(faction: str, orders: Sequence[Order]) -> None:  # the app's part starts here
            marks.update(start=time.perf_counter(), cpu=time.process_time())
            submitted(faction, orders)

        session.submit = mark_submitted  # type: ignore[method-assign]
        for _ in range(turns):
            if screen.game.is_over:
                break
            screen.draft = RandomBot().choose(screen.game, "seaboard")
            marks.clear()
            await pilot.press("s")
            while "end" not in marks:
                await pilot.pause()
                if isinstance(app.screen, ConfirmScreen):  # the player's answer is not the app's time
                    await pilot.press("y")
            turn_times.append(marks["end"] - marks["start"])
            turn_cpu.append(marks["cpu_end"] - marks["cpu"])
            await pilot.press("enter")
            while not isinstance(app.screen, GameScreen):
                await pilot.pause()
    TurnReview.on_screen_resume = review_resumed  # type: ignore[method-assign]
    return statistics.median(key_times), statistics.median(turn_times), statistics.median(turn_cpu)


def latencies(presses: int, turns: int) -> tuple[float, float, float]:
    """Median seconds for a key press to redraw, and for submit → bots → resolve → the turn's
    review drawn, timed inside the app from the submission to the review's first frame (no Pilot
    round trips, no player's answer): wall time, and the process's CPU time over it."""
    return asyncio.run(_latencies(presses, turns))


async def _help_opens(times: int) -> tuple[float, float]:
    from textual.app import App, ComposeResult
    from textual.pilot import Pilot
    from textual.screen import ModalScreen, Screen
    from textual.widgets import Static

    from engine.catalog import load_bundled
    from tui.app import DetenteApp
    from tui.screens.game import GameScreen
    from tui.screens.help import HelpScreen

    class Plain(ModalScreen[None]):
        def compose(self) -> ComposeResult:
            yield Static("plain")

    class Bare(App[None]):
        pass

    async def open_close(app: App[Any], pilot: Pilot[Any], push: Callable[[], object], kind: type[Screen[Any]]) -> float:
        start = time.perf_counter()
        push()
        while not isinstance(app.screen, kind):
            await pilot.pause()
        await pilot.pause()
        elapsed = time.perf_counter() - start
        app.pop_screen()
        await pilot.pause()
        return elapsed

    plain, help_ = [], []
    bare = Bare()
    async with bare.run_test(size=(80, 24)) as bare_pilot:
        for _ in range(times):
            plain.append(await open_close(bare, bare_pilot, lambda: bare.push_screen(Plain()), Plain))
    scenario = load_bundled("indo_pacific")
    seats = {"seaboard": "human", "heartland": "random", "meridian": "random"}
    app = DetenteApp(scenario=scenario, seed=5, seats=seats, games_folder=Path(tempfile.mkdtemp()), reveal_delay=0, clock=now, writing=False)
    async with app.run_test(size=(80, 24)) as pilot:
        while not isinstance(app.screen, GameScreen):
            await pilot.pause()
        for _ in range(times):
            help_.append(await open_close(app, pilot, lambda: app.action_help(), HelpScreen))
    return statistics.median(plain), statistics.median(help_)


def help_opens(times: int) -> tuple[float, float]:
    """Median seconds from ``?`` to the help drawn, and the same for a plain one-line modal."""
    return asyncio.run(_help_opens(times))
