"""Détente's Textual application: routes between the title, set-up, game and debrief.

The app holds no rules and no game state of its own: a ``GameScreen`` owns
the session. Settings come from the command line (``detente play``).
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding

from tui.commands import GameCommands
from tui.screens.title import TitleScreen
from tui.shelf import bundled_cards

if TYPE_CHECKING:
    from engine.model import Scenario
    from players.table import Session
    from tui.screens.setup import Setup

# The game, set-up and help screens, and the engine's scenario loader, are imported
# when first needed, so that the title screen appears as fast as possible.


GUIDED_SCENARIO, GUIDED_SEED = "indo_pacific", 7
"""The guided first turn's game: the guide's cards speak of this scenario's first faction."""


def default_games_folder() -> Path:
    """Where autosaved game records go: ``$XDG_DATA_HOME/detente/games`` (or ~/.local/share)."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "detente" / "games"


class DetenteApp(App[str]):
    """The terminal game: title screen → seats → game → debrief.

    Exits with its farewell: where the game is saved and how to resume it
    (empty when no game was open)."""

    TITLE = "Détente"
    SUB_TITLE = "Military diplomacy and soft power"
    CSS_PATH = Path(__file__).with_name("app.tcss")
    COMMANDS = {GameCommands}
    """One provider, so that the game's orders come before Textual's own commands."""
    BINDINGS = [Binding("f1", "help", "Help", show=False), Binding("ctrl+t", "toggle_dark", "Light/dark", show=False)]

    def __init__(
        self,
        *,
        scenario: Scenario | None = None,
        seed: int | None = None,
        seats: dict[str, str] | None = None,
        session: Session | None = None,
        record: str | None = None,
        games_folder: Path | None = None,
        clock: Callable[[], str],
        reveal_delay: float = 0.04,
        writing: bool = True,
        umpire: bool = False,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        """The chosen scenario, once there is one."""
        self.seed = seed
        self.seats = seats
        self.session = session
        """A resumed session to open at once."""
        self.record = record
        self.games_folder = games_folder or default_games_folder()
        self.clock = clock
        self.reveal_delay = reveal_delay
        self.writing = writing
        """Whether each human team is offered its plan before turn 1 and its reflection after the last (``p`` opens them either way)."""
        self.guided = False
        """Whether the next game started is the guided first turn."""
        self.umpire = umpire
        """Whether an umpire sits at the table to adjudicate argued actions (rule 15)."""

    def on_mount(self) -> None:
        if self.session is not None:
            self.play(self.session)
        elif self.scenario is not None and self.seats is not None:
            from players.table import DEFAULT_BOT  # here: the title screen needs neither the bots nor the set-up
            from tui.screens.setup import Setup

            seats = {f.id: self.seats.get(f.id, DEFAULT_BOT) for f in self.scenario.factions}
            self.start(self.scenario, Setup(self.seed if self.seed is not None else _fresh_seed(), tuple(seats.items())))
        elif self.scenario is not None:
            self.ask_seats(self.scenario)
        else:
            self.ask_scenario()

    def run(self, *args: Any, **kwargs: Any) -> str | None:
        """Textual's ``App.run``, after moving every object made so far (the modules, Textual's
        included) out of the garbage collector's reach: they live as long as the app, and the
        full collection that starting the title screen triggers would otherwise walk them all,
        about a fifth of the time to the first frame."""
        gc.freeze()
        return super().run(*args, **kwargs)

    # -- routing -------------------------------------------------------------------------------

    def ask_scenario(self) -> None:
        """The title screen; choosing a scenario leads to the seats."""

        def chosen(scenario_id: str | None) -> None:
            from engine.catalog import find_scenario  # the chosen one alone is loaded and checked in full

            if scenario_id:
                self.scenario = find_scenario(scenario_id)
                self.ask_seats(self.scenario)

        selected = self.scenario.id if self.scenario is not None else None
        self.push_screen(TitleScreen(bundled_cards(), selected=selected), chosen)

    def ask_seats(self, scenario: Scenario) -> None:
        """The seat set-up for ``scenario``; going back returns to the title."""

        from tui.screens.setup import SetupScreen

        def chosen(setup: Setup | None) -> None:
            if setup is None:
                self.ask_scenario()
            else:
                self.start(scenario, setup)

        seed = self.seed if self.seed is not None else _fresh_seed()
        self.push_screen(SetupScreen(scenario, seed=seed, seats=self.seats), chosen)

    def start(self, scenario: Scenario, setup: Setup) -> None:
        """Start a new game and autosave its record from the first moment."""
        from players.table import Session

        created = self.clock()
        if self.record:
            path = Path(self.record)
        else:
            self.games_folder.mkdir(parents=True, exist_ok=True)
            stamp = created.replace(":", "").replace("-", "")
            path = self.games_folder / f"{scenario.id}-{stamp}-seed{setup.seed}.jsonl"
        self.play(Session.start(scenario, setup.seed, dict(setup.seats), path, created))

    def play(self, session: Session) -> None:
        """Show the game screen for ``session``; when it ends, back to the title."""
        from tui.screens.game import GameScreen

        self.scenario = session.game.scenario
        session.umpire = session.umpire or self.umpire
        guide, self.guided = self.guided, False
        self.push_screen(GameScreen(session, reveal_delay=self.reveal_delay, guide=guide, writing=self.writing), lambda _: self.action_new_game())

    # -- app-wide actions ------------------------------------------------------------------------

    def action_continue_game(self) -> None:
        """List the saved games; the chosen one is replayed, verified and played on."""
        from engine.errors import DetenteError
        from players.table import Session
        from tui.screens.saved_games import SavedGamesScreen

        def chosen(path: Path | None) -> None:
            if path is None:
                return
            try:
                session = Session.resume(path)
            except (DetenteError, OSError) as exc:
                self.notify(str(exc), title="Cannot continue that game", severity="error", timeout=10)
                return
            while len(self.screen_stack) > 1:
                self.pop_screen()
            self.play(session)

        self.push_screen(SavedGamesScreen(self.games_folder), chosen)

    def action_guided_turn(self) -> None:
        """A first game with a guide: the first faction of the guide's scenario against greedy
        bots, with cards explaining the panels, an order and a roll as the turn goes."""
        from engine.catalog import find_scenario
        from players.table import DEFAULT_BOT, HUMAN
        from tui.screens.setup import Setup

        scenario = find_scenario(GUIDED_SCENARIO)
        seats = tuple((f.id, HUMAN if index == 0 else DEFAULT_BOT) for index, f in enumerate(scenario.factions))
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.guided = True
        self.start(scenario, Setup(GUIDED_SEED, seats))

    async def action_quit(self) -> None:
        """Quit from anywhere (``ctrl+q``, the palette): during a game, the game's own quit,
        which asks first when orders are drafted and says how to resume."""
        from tui.screens.game import GameScreen

        game = next((s for s in reversed(self.screen_stack) if isinstance(s, GameScreen)), None)
        if game is None:
            self.exit()
        else:
            game.quit_game(ask=bool(game.draft))

    def action_help(self) -> None:
        """Rules summary and keys."""
        self._open_help(at_legend=False)

    def action_legend(self) -> None:
        """The help, opened at what the marks on the game screen mean."""
        self._open_help(at_legend=True)

    def _open_help(self, *, at_legend: bool) -> None:
        """Show the help for the current scenario, built once and kept (installed) so that it
        opens again at once; at its top, or at the legend."""
        from tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        name = f"help:{self.scenario.id if self.scenario is not None else ''}"
        if not self.is_screen_installed(name):
            self.install_screen(HelpScreen(self.scenario), name)
        help_screen = self.get_screen(name)
        if isinstance(help_screen, HelpScreen):
            help_screen.at_legend = at_legend
        self.push_screen(name)

    def action_new_game(self) -> None:
        """Back to the title screen for a new game."""
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.seed = None
        self.ask_scenario()


def _fresh_seed() -> int:
    """A seed for a new game; the game itself is then fully determined by it."""
    return int.from_bytes(os.urandom(4), "big")


def run(**options: Any) -> str:
    """Run the terminal UI with the options of ``DetenteApp``; returns its farewell (where the
    game is saved and how to resume it) for the caller to print once the terminal is back."""
    return DetenteApp(**options).run() or ""
