"""The facilitator's event composer (rule 12.5): make an event during play, play it now or later, keep it.

``EventComposer`` is a ``ModalScreen`` over one world: a line per part of the
event (``tui.classroom.event_form``), where it lands, when it plays, and
whether the session's library keeps it. A saved event can be the starting
point (its lines filled in). Make (or ctrl+s) judges the event as the engine
will (``engine.made_cards``) and shows the first problem, located, under the
form, which stays open; a good event dismisses as a ``ComposedEvent``.
Escape cancels.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

import engine.valueclass as valueclass
from classroom.made_events import MadeEvent
from engine.errors import OrderError
from engine.made_cards import made_card
from engine.model import CARD_CATEGORIES, CardTarget, Scenario
from engine.views import GameView
from tui.classroom.event_form import EventForm, needs_place
from tui.widgets.key_bar import KeyBar

NOW = "now"
"""The ``when`` choice that plays the event at once."""


class MarkedCheckbox(Checkbox):
    """A checkbox whose state is in its character, not only its colour: ``X`` when checked, blank
    when not (Textual's draws an ``X`` either way and tells them apart by colour, lost under NO_COLOR)."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "X" if self.value else " "
        return super()._button


@valueclass.frozen
class ComposedEvent:
    """What the composer made: the event's table, the turn it plays at (None: now) and whether to keep it."""

    table: dict[str, Any]
    turn: int | None
    save: bool


class EventComposer(ModalScreen[ComposedEvent | None]):
    """Make an event: name, text, category, where it lands, effects, an ongoing modifier and its duration."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="compose.cancel"),
        Binding("ctrl+s", "make", "Make", id="compose.make"),
    ]

    DEFAULT_CSS = """
    EventComposer { align: center middle; }
    EventComposer > #dialog {
        width: 96; max-width: 100%; height: auto; max-height: 100%; overflow-y: auto;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    EventComposer #title { text-style: bold; width: 100%; }
    EventComposer #form { grid-size: 2; grid-columns: 14 1fr; grid-rows: 1; grid-gutter: 0 1; height: auto; }
    EventComposer #form Label { color: $text-muted; }
    EventComposer #hint { color: $text-muted; width: 100%; }
    EventComposer #error { color: $error; text-style: bold; width: 100%; display: none; }
    EventComposer #buttons { height: 1; align-horizontal: right; }
    EventComposer #buttons Button { margin-left: 2; }
    """

    def __init__(self, view: GameView, library: Sequence[MadeEvent] = (), world: str = "") -> None:
        super().__init__()
        self.view = view
        """The world as it was when the composer opened (its turn, its scenario and the events it already knows)."""
        self.scenario: Scenario = view.scenario
        self.library = tuple(library)
        self.world = world

    def compose(self) -> ComposeResult:
        scenario, turn = self.scenario, self.view.turn
        targets = [t for t in CardTarget if t.format <= scenario.format and t is not CardTarget.MOST_ORDERS]
        with Vertical(id="dialog"):
            yield Label(f"Make an event · {self.world + ' · ' if self.world else ''}turn {turn}", id="title")
            with Grid(id="form"):
                if self.library:
                    yield Label("From library")
                    yield Select([(e.name, e.card) for e in self.library], prompt="(a new event)", compact=True, id="from")
                yield Label("Name")
                yield Input(placeholder="a short title, e.g. Port strike", max_length=80, compact=True, id="name")
                yield Label("Text")
                yield Input(placeholder="what the teams read in the log", max_length=400, compact=True, id="text")
                yield Label("Category")
                yield Select([(c.replace("_", " "), c) for c in CARD_CATEGORIES], value="crisis", allow_blank=False, compact=True, id="category")
                yield Label("Lands on")
                yield Select([(t.description, t.value) for t in targets], value=CardTarget.RANDOM_REGION.value, allow_blank=False, compact=True, id="target")
                yield Label("Where", id="place-label")
                yield Select([], compact=True, id="place")
                yield Label("Effects")
                yield Input(placeholder="e.g. stability -1, influence -1", compact=True, id="effects")
                yield Label("Lasts (turns)")
                yield Input(placeholder="0: no ongoing modifier", max_length=3, compact=True, id="turns")
                yield Label("Modifier")
                yield Input(placeholder="e.g. roll -1, cost 1, gain_divisor 2, blocks", compact=True, id="modifier")
                yield Label("Moves touched")
                yield Input(placeholder="every move; or categories: exercise, aid", compact=True, id="categories")
                yield Label("Plays")
                when = [("now", NOW), *((f"when turn {n} begins", str(n)) for n in range(turn + 1, scenario.turns + 1))]
                yield Select(when, value=NOW, allow_blank=False, compact=True, id="when")
                yield Label("Library")
                yield MarkedCheckbox("keep it for every world", compact=True, id="save")
            yield Static("", id="hint", markup=False)
            yield Static("", id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Make", variant="primary", compact=True, id="make")
                yield Button("Cancel", compact=True, id="cancel")
        yield KeyBar()  # this dialog's keys, not those of the screen under it

    def on_mount(self) -> None:
        self._target_changed()
        self.query_one("#name", Input).focus()

    # -- the form -----------------------------------------------------------------------------------

    def form(self) -> EventForm:
        """The form as it stands."""
        place = self.query_one("#place", Select).value
        return EventForm(
            name=self.query_one("#name", Input).value,
            text=self.query_one("#text", Input).value,
            category=str(self.query_one("#category", Select).value),
            target=str(self.query_one("#target", Select).value),
            place=place if isinstance(place, str) else "",
            effects=self.query_one("#effects", Input).value,
            turns=self.query_one("#turns", Input).value,
            modifier=self.query_one("#modifier", Input).value,
            categories=self.query_one("#categories", Input).value,
            carried=self._carried,
        )

    _carried: tuple[tuple[str, Any], ...] = ()
    """The keys of the library event the form started from that it has no line for."""

    def fill(self, form: EventForm) -> None:
        """Show ``form`` in the lines."""
        for name in ("name", "text", "effects", "turns", "modifier", "categories"):
            self.query_one(f"#{name}", Input).value = getattr(form, name)
        self.query_one("#category", Select).value = form.category if form.category in CARD_CATEGORIES else "crisis"
        self.query_one("#target", Select).value = form.target
        self._carried = form.carried
        self._target_changed(form.place)

    @on(Select.Changed, "#from")
    def _from_library(self, event: Select.Changed) -> None:
        chosen = next((e for e in self.library if e.card == event.value), None)
        if chosen is not None:
            self.fill(EventForm.of(chosen.table))
        else:
            self._carried = ()

    @on(Select.Changed, "#target")
    def _target_changed(self, place: str = "") -> None:
        """Offer the regions or factions when the rule lands on one the event names, and say what effects fit."""
        target = CardTarget(str(self.query_one("#target", Select).value))
        scenario = self.scenario
        where = self.query_one("#place", Select)
        shown = needs_place(target)
        where.display = self.query_one("#place-label").display = shown
        if shown:
            factions = target is CardTarget.FACTION
            options = [(f.name, f.id) for f in scenario.factions] if factions else [(r.name, r.id) for r in scenario.regions]
            where.set_options(options)
            where.value = place if place in {value for _, value in options} else options[0][1]
        tracks = ", ".join(t.id for t in scenario.tracks)
        effects = "influence, stability" if target.is_region else f"budget, income, {tracks}"
        modifier = "roll, cost, gain_divisor, blocks" if target.is_region else "roll, cost, income, gain_divisor, blocks"
        self.query_one("#hint", Static).update(f"Effects on {'the region' if target.is_region else 'each faction'}: {effects}. Modifier: {modifier}.")

    # -- making it -----------------------------------------------------------------------------------

    def _clashes(self, table: dict[str, Any]) -> bool:
        """True when the table's id is another event's: a card of the world's game or of the library with another definition."""
        ident = table["id"]
        saved = next((e.table for e in self.library if e.card == ident), None)
        if saved is not None and saved != table:
            return True
        try:
            known = self.scenario.card(ident)
        except KeyError:
            return False
        try:
            return made_card(self.scenario, table) != known
        except OrderError:
            return True

    @on(Input.Submitted)
    @on(Button.Pressed, "#make")
    def action_make(self) -> None:
        """Judge the event; dismiss with it, or show its first problem and stay."""
        try:
            table = self.form().table(self._clashes)
            made_card(self.scenario, table)
        except (ValueError, OrderError) as exc:
            error = self.query_one("#error", Static)
            error.update(str(exc))
            error.display = True
            return
        when = str(self.query_one("#when", Select).value)
        self.dismiss(ComposedEvent(table, None if when == NOW else int(when), self.query_one("#save", Checkbox).value))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without making anything."""
        self.dismiss(None)
