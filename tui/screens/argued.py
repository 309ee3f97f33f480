"""Argued actions on screen (rule 15): a team proposes one or counters another, the facilitator or umpire adjudicates.

``ArguedScreen`` is the team's ``ModalScreen`` (``x`` in the classroom seat and, with an umpire, in the game at
one keyboard): the scenario's limits, the turn's argued actions the team may read, a target and a line to
propose one, and, once another team's action is adjudicated, a line to counter it. ``AdjudicateScreen`` is the
facilitator's (``j`` in the console's world) and the umpire's: every argued action of the turn, and for the
chosen one a difficulty and effects written ``influence=2 stability=-1``. Each takes its steps through the
callables it was given, which return why a step was refused (shown under the lines, which keep their text) or
None; the list is read again after each step. Escape closes them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from engine.describe import Describer
from engine.inputs import MAX_ARGUMENT
from engine.log import Argued
from engine.views import GameView
from tui.widgets.key_bar import KeyBar

Read = Callable[[], GameView]
"""The game as the reader may see it now."""

_CSS = """
{name} {{ align: center middle; }}
{name} > #dialog {{
    width: 100; max-width: 100%; height: auto; max-height: 100%;
    border: thick $accent; background: $surface; padding: 0 1;
}}
{name} #title {{ text-style: bold; width: 100%; }}
{name} #limits {{ color: $text-muted; width: 100%; }}
{name} #list {{ height: auto; max-height: 10; border: round $primary-darken-2; }}
{name} .line {{ height: 1; margin-top: 1; }}
{name} .line Select {{ width: 30; }}
{name} .line Input {{ width: 1fr; }}
{name} #difficulty {{ width: 14; }}
{name} #error {{ color: $error; text-style: bold; width: 100%; display: none; }}
{name} #hint {{ color: $text-muted; width: 100%; }}
"""


def argued_entries(view: GameView) -> list[Argued]:
    """The argued actions of the current turn in ``view``'s log, as proposed, adjudicated and countered."""
    return [entry for entry in view.turn_log(view.turn) if isinstance(entry, Argued)]


def limits_text(view: GameView) -> str:
    """The scenario's limits on argued actions, in words."""
    limits = view.scenario.argued
    if limits is None:
        return "This scenario allows no argued actions."
    return (
        f"Up to {limits.per_turn} a team a turn; each costs {limits.cost} when it resolves, after every order. "
        f"Effects: {', '.join(limits.effects)}, at most ±{limits.max_effect} each."
    )


def parse_effects(text: str) -> dict[str, int]:
    """``influence=2 stability=-1`` as a dict; ``ValueError`` in words for anything else."""
    effects: dict[str, int] = {}
    for part in text.replace(",", " ").split():
        key, sign, amount = part.partition("=")
        try:
            effects[key.strip()] = int(amount)
        except ValueError:
            raise ValueError(f"{part!r}: write each effect as key=amount, e.g. influence=2 stability=-1") from None
        if not sign:
            raise ValueError(f"{part!r}: write each effect as key=amount, e.g. influence=2 stability=-1")
    return effects


class _ArguedBase(ModalScreen[None]):
    """What both dialogs share: the title, the limits, the list, the error line and closing."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self, read: Read) -> None:
        super().__init__()
        self.read = read

    def compose_head(self, title: str) -> ComposeResult:
        yield Label(title, id="title")
        yield Static(id="limits", markup=False)
        yield VerticalScroll(Static(id="entries", markup=False), id="list")

    def entries(self, view: GameView) -> list[Argued]:
        """The turn's argued actions this dialog shows: every one."""
        return argued_entries(view)

    def show(self, view: GameView) -> None:
        """Draw the limits and the turn's argued actions of ``view``."""
        describe = Describer(view.scenario)
        self.query_one("#limits", Static).update(limits_text(view))
        lines = [Text(describe.entry(entry)) for entry in self.entries(view)] or [Text("No argued action this turn.", "dim")]
        self.query_one("#entries", Static).update(Text("\n").join(lines))

    def refused(self, problem: str | None) -> bool:
        """Show ``problem`` under the lines (or hide the line for None); True when there was one."""
        error = self.query_one("#error", Static)
        error.display = problem is not None
        if problem is not None:
            error.update(problem)
        return problem is not None

    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)


class ArguedScreen(_ArguedBase):
    """A team's argued actions: propose one, counter another team's once adjudicated."""

    DEFAULT_CSS = _CSS.format(name="ArguedScreen")

    def __init__(self, faction: str, read: Read, argue: Callable[[str, str], str | None], counter: Callable[[str, int, str], str | None]) -> None:
        super().__init__(read)
        self.faction = faction
        self.argue = argue
        """Propose (text, target region or ''); why refused, or None."""
        self.counter = counter
        """Counter (actor, number, text); why refused, or None."""

    def compose(self) -> ComposeResult:
        view = self.read()
        describe = Describer(view.scenario)
        targets: list[tuple[str, str]] = [("at home", ""), *((describe.name(r), r) for r in view.regions)]
        with Vertical(id="dialog"):
            yield from self.compose_head("Argued actions")
            with Horizontal(classes="line"):
                yield Select(targets, value="", allow_blank=False, compact=True, id="target")
                yield Input(placeholder="what your team does, and why it should work (enter proposes)", max_length=MAX_ARGUMENT, compact=True, id="text")
            with Horizontal(classes="line", id="counter-line"):
                yield Select([], compact=True, id="against", prompt="counter…")
                yield Input(placeholder="your counter-argument (enter adds it)", max_length=MAX_ARGUMENT, compact=True, id="counter")
            yield Static("", id="error", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.show(self.read())
        self.query_one("#text", Input).focus()

    def entries(self, view: GameView) -> list[Argued]:
        """The team's own argued actions and the others' once adjudicated (at one keyboard the game holds them all)."""
        public = {(e.faction, e.number) for e in argued_entries(view) if e.what == "adjudicated"}
        return [e for e in argued_entries(view) if e.faction == self.faction or (e.faction, e.number) in public]

    def show(self, view: GameView) -> None:
        super().show(view)
        describe = Describer(view.scenario)
        against = [
            (f"{describe.name(e.faction)} {e.number}: {e.text[:40]}", f"{e.faction}|{e.number}")
            for e in argued_entries(view)
            if e.what == "adjudicated" and e.faction != self.faction
        ]
        unique = list(dict(against).items())  # a later adjudication of the same action keeps one line
        self.query_one("#against", Select).set_options(unique)
        self.query_one("#counter-line").display = bool(unique)

    @on(Input.Submitted, "#text")
    def _propose(self) -> None:
        line = self.query_one("#text", Input)
        target = self.query_one("#target", Select).value
        if self.refused(self.argue(line.value, target if isinstance(target, str) else "")):
            return
        line.value = ""
        self.show(self.read())

    @on(Input.Submitted, "#counter")
    def _counter(self) -> None:
        line = self.query_one("#counter", Input)
        chosen = self.query_one("#against", Select).value
        if not isinstance(chosen, str):
            self.refused("choose the argued action to counter")
            return
        actor, number = chosen.split("|")
        if self.refused(self.counter(actor, int(number), line.value)):
            return
        line.value = ""
        self.show(self.read())


class AdjudicateScreen(_ArguedBase):
    """The facilitator's or umpire's: the turn's argued actions, and a difficulty and effects for one of them."""

    DEFAULT_CSS = _CSS.format(name="AdjudicateScreen")

    def __init__(self, read: Read, adjudicate: Callable[[str, int, int, dict[str, int]], str | None]) -> None:
        super().__init__(read)
        self.adjudicate = adjudicate
        """Adjudicate (faction, number, difficulty, effects); why refused, or None."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield from self.compose_head("Adjudicate argued actions")
            with Horizontal(classes="line"):
                yield Select([], compact=True, id="action", prompt="action…")
                yield Input(placeholder="difficulty", restrict=r"\d?", compact=True, id="difficulty")
                yield Input(placeholder="effects: influence=2 stability=-1 (enter)", compact=True, id="effects")
            yield Static("", id="error", markup=False)
            yield Static("tab: next field · enter: adjudicate (again: replaces it) · escape: close", id="hint", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.show(self.read())
        self.query_one("#action", Select).focus()

    def show(self, view: GameView) -> None:
        super().show(view)
        describe = Describer(view.scenario)
        proposed = [(f"{describe.name(e.faction)} {e.number}: {e.text[:40]}", f"{e.faction}|{e.number}") for e in argued_entries(view) if e.what == "proposed"]
        select = self.query_one("#action", Select)
        select.set_options(proposed)
        if proposed:
            select.value = proposed[0][1]

    @on(Input.Submitted, "#effects")
    @on(Input.Submitted, "#difficulty")
    def _adjudicate(self) -> None:
        chosen = self.query_one("#action", Select).value
        difficulty = self.query_one("#difficulty", Input).value
        if not isinstance(chosen, str):
            self.refused("choose the argued action to adjudicate")
            return
        if not difficulty:
            self.refused("give a difficulty: 0 (no roll) to 8")
            return
        try:
            effects = parse_effects(self.query_one("#effects", Input).value)
        except ValueError as exc:
            self.refused(str(exc))
            return
        faction, number = chosen.split("|")
        if self.refused(self.adjudicate(faction, int(number), int(difficulty), effects)):
            return
        self.show(self.read())


def pending(view: GameView) -> Sequence[Argued]:
    """The turn's argued actions proposed and not yet adjudicated, in ``view``."""
    judged = {(e.faction, e.number) for e in argued_entries(view) if e.what == "adjudicated"}
    return [e for e in argued_entries(view) if e.what == "proposed" and (e.faction, e.number) not in judged]
