"""The game log: every entry described, marked with its turn and faction, filterable."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.widgets import RichLog

from engine.describe import Describer
from engine.log import (
    Agreed,
    CardPlayed,
    Cause,
    Change,
    Countered,
    Directed,
    Entry,
    Expired,
    GameEnded,
    Messaged,
    Noted,
    OrderFizzled,
    OrderResolved,
    Reshuffled,
    Rolled,
    Scored,
    Undone,
    concerns,
)
from engine.model import Scenario
from engine.views import GameView, Viewable
from tui.palette import faction_colours
from tui.widgets.events import hanging

_KEEP = object()
"""``set_filter``'s default: leave that filter as it is."""

_DELTA = r"[+-]\d+ → \d+"
"""A change's delta and new value in a description, shown bold."""


def entry_actor(entry: Entry) -> str:
    """The faction behind ``entry``: who acted, else whose number moved; empty if none."""
    if isinstance(entry, Change):
        return entry.actor or entry.faction
    if isinstance(entry, Noted):
        return entry.author
    if isinstance(entry, Messaged):
        return entry.sender
    if isinstance(entry, Agreed):
        return entry.by or entry.factions[0]
    return getattr(entry, "faction", "")


def entry_prefix(entry: Entry, scenario: Scenario, colours: dict[str, str]) -> Text:
    """``T3 S``: the turn, then the acting faction's letter in its colour (``⚑`` for a card)."""
    digits = len(str(scenario.turns))
    prefix = Text()
    prefix.append(f"T{entry.turn}".ljust(digits + 2), "dim")
    actor = entry_actor(entry)
    if actor in colours:
        prefix.append(scenario.faction(actor).letter, f"bold {colours[actor]}")
    elif isinstance(entry, (CardPlayed, Expired, Reshuffled)) or (isinstance(entry, Change) and entry.cause in (Cause.CARD, Cause.ONGOING)):
        prefix.append("⚑", "bold")
    elif isinstance(entry, (Noted, Messaged, Directed, Undone)):
        prefix.append("✎", "bold")
    else:
        prefix.append("·", "dim")
    return prefix


def entry_text(entry: Entry, describer: Describer) -> Text:
    """``entry`` described, with its delta bold and orders and cards standing out.

    The acting faction's letter is already in the prefix, so a sentence that
    starts with it (``H Heartland Republic: …``) drops the repeated letter.
    """
    sentence = describer.entry(entry)
    actor = entry_actor(entry)
    if actor and sentence.startswith(describer.name(actor)):
        sentence = sentence[len(describer.scenario.faction(actor).letter) + 1 :]
    text = Text(sentence)
    if isinstance(entry, (OrderResolved, CardPlayed, GameEnded)):
        text.stylize("bold")
    elif isinstance(entry, (OrderFizzled, Countered, Expired)):
        text.stylize("italic")
    elif isinstance(entry, (Rolled, Scored)):
        text.stylize("dim")
    text.highlight_regex(_DELTA, "bold")
    return text


class LogView(RichLog):
    """Every log entry as a sentence: ``T2 S  S Seaboard Federation order 1: …``.

    Each line starts with its turn and the acting faction's letter in its
    colour; changes show their delta and cause. Filter by faction (entries
    that concern it) and by turn with ``set_filter``, or the ``f`` and ``t``
    keys; ``o`` groups the entries by turn and faction under headings. The screen calls ``show(view)`` after every change (and with each
    entry of a turn being revealed): new entries are appended, and everything
    is drawn again only when a filter, the game or the width changed. The
    log holds resolved orders only, so hidden orders never show.
    """

    BINDINGS = [
        Binding("f", "cycle_faction", "Faction filter", tooltip="Show one faction's entries, then the next, then all"),
        Binding("t", "cycle_turn", "Turn filter", tooltip="Show the latest turn only, then the one before, then all"),
        Binding("o", "toggle_grouped", "Group", tooltip="Group the entries by turn and faction, or list them in order"),
    ]

    ALLOW_MAXIMIZE = True

    DEFAULT_CSS = """
    LogView {
        height: 1fr;
        scrollbar-gutter: stable;
    }
    """

    faction_filter: var[str | None] = var(None, init=False)
    """Show only entries that concern this faction id; None shows every faction."""

    turn_filter: var[int | None] = var(None, init=False)
    """Show only entries of this turn; None shows every turn."""

    grouped: var[bool] = var(False, init=False)
    """Group the entries by turn, then by faction (events and upkeep first) under headings,
    instead of listing them in the order they happened."""

    class FilterChanged(Message):
        """The faction or turn filter changed."""

        def __init__(self, log_view: LogView, faction: str | None, turn: int | None) -> None:
            super().__init__()
            self.log_view = log_view
            self.faction = faction
            """The faction filter, or None."""
            self.turn = turn
            """The turn filter, or None."""

        @property
        def control(self) -> LogView:
            """The log view that posted the message."""
            return self.log_view

    def __init__(
        self,
        *,
        max_lines: int | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(
            max_lines=max_lines,
            min_width=10,
            wrap=False,
            markup=False,
            auto_scroll=True,
            name=name,
            id=id,
            classes=classes,
            disabled=disabled,
        )
        self._view: GameView | None = None
        self._tail: Entry | None = None
        """The last entry considered for display: a log that no longer has it there was rewritten."""
        self._describer: Describer | None = None
        self._colours: dict[str, str] = {}
        self._seen = 0
        """How many of the game's log entries have been considered for display."""
        self._built_width = 0
        self.shown: list[Entry] = []
        """The entries on display, oldest first."""
        self._waiting: GameView | None = None
        """The view given to ``show`` while the log was covered, drawn by ``catch_up``."""

    # -- attributes down ------------------------------------------------------------------------

    def show(self, game: Viewable) -> None:
        """Display the log of ``game`` (a game or a view of one, such as a turn revealed so far):
        append what is new, or redraw if the game changed. While an opaque screen covers the
        log's (a turn's review), nothing is drawn: ``catch_up`` draws it when the screen is back."""
        view = game.view()
        if self._covered():
            self._waiting = view
            return
        self._waiting = None
        if not self._continues(view):
            self._view = view
            self._describer = Describer(view.scenario)
            self._colours = faction_colours(view.scenario)
            self._redraw()
            return
        self._append(view.log[self._seen :])

    def catch_up(self) -> None:
        """Draw the log last given to ``show`` while the screen was covered, if any."""
        if self._waiting is not None and not self._covered():
            self.show(self._waiting)

    def _covered(self) -> bool:
        """Whether an opaque screen lies over this log's screen, so that nothing of it is seen."""
        if not self.is_attached:
            return False
        top = self.app.screen
        return top is not self.screen and top.styles.background.a == 1

    def _continues(self, view: GameView) -> bool:
        """True when ``view``'s log extends the entries already considered, so only new ones need
        drawing: the same game further on, or a fresh copy of it (as a classroom seat reads after
        every change). An undo rewrites the log, which is then drawn afresh."""
        if self._view is None or view.scenario is not self._view.scenario:
            return False
        seen = self._seen
        if len(view.log) < seen:
            return False
        self._view = view
        return not seen or view.log[seen - 1] == self._tail

    def set_filter(self, *, faction: str | None = _KEEP, turn: int | None = _KEEP) -> None:  # type: ignore[assignment]
        """Show only ``faction``'s entries and/or ``turn``'s; None clears a filter, omitted keeps it."""
        if faction is not _KEEP:
            self.set_reactive(LogView.faction_filter, faction)
        if turn is not _KEEP:
            self.set_reactive(LogView.turn_filter, turn)
        self._filter_changed()

    def watch_faction_filter(self) -> None:
        self._filter_changed()

    def watch_turn_filter(self) -> None:
        self._filter_changed()

    def watch_grouped(self) -> None:
        self._filter_changed()

    def _filter_changed(self) -> None:
        self._redraw()
        self._describe_filter()
        self.post_message(self.FilterChanged(self, self.faction_filter, self.turn_filter))

    def _describe_filter(self) -> None:
        parts = []
        if self.faction_filter and self._view is not None:
            faction = self._view.scenario.faction(self.faction_filter)
            parts.append(f"{faction.letter} only")
        if self.turn_filter is not None:
            parts.append(f"turn {self.turn_filter}")
        if self.grouped:
            parts.append("by turn and faction")
        self.border_subtitle = " · ".join(parts) if parts else None

    # -- rendering ------------------------------------------------------------------------------

    def keeps(self, entry: Entry) -> bool:
        """True when ``entry`` passes the current filters."""
        if self.turn_filter is not None and entry.turn != self.turn_filter:
            return False
        return self.faction_filter is None or concerns(entry, self.faction_filter)

    def _width(self) -> int:
        return self.scrollable_content_region.width

    def _redraw(self) -> None:
        self.clear()
        self.shown = []
        self._seen = 0
        if self._view is not None:
            self._append(self._view.log)

    def _append(self, entries: Sequence[Entry]) -> None:
        view = self._view
        if view is None:
            return
        width = self._width()
        if not width:
            return  # drawn on the first resize, once the width is known
        self._built_width = width
        if self.grouped and self._seen:  # a new entry may belong to any group of its turn: all again
            self.clear()
            self.shown = []
            entries = view.log
        self._seen = len(view.log)
        self._tail = view.log[-1] if view.log else None
        if self.grouped:
            self._write_grouped(entries, width)
            return
        texts = []
        for entry in entries:
            if self.keeps(entry):
                self.shown.append(entry)
                texts.append(self.render_entry(entry, width))
        if texts:  # one write for the lot: a write per entry redrew the log dozens of times a turn
            self.write(Text("\n", end="", no_wrap=True, overflow="crop").join(texts), width=width)

    def _write_grouped(self, entries: Sequence[Entry], width: int) -> None:
        """The entries that pass the filters under a heading per turn, then per faction in
        scenario order, the events and upkeep (no faction acting) first; lines indented."""
        assert self._view is not None and self._describer is not None
        scenario = self._view.scenario
        turns: dict[int, dict[str, list[Entry]]] = {}
        for entry in entries:
            if self.keeps(entry):
                actor = entry_actor(entry)
                turns.setdefault(entry.turn, {}).setdefault(actor if actor in self._colours else "", []).append(entry)
        texts: list[Text] = []
        for turn, groups in turns.items():
            if texts:
                texts.append(Text())
            texts.append(Text(f"Turn {turn}" if turn else "Before turn 1", "bold underline"))
            for group in ["", *(f.id for f in scenario.factions)]:
                if group not in groups:
                    continue
                if group:
                    faction = scenario.faction(group)
                    texts.append(Text(f" {faction.letter} {faction.name}", f"bold {self._colours[group]}"))
                else:
                    texts.append(Text(" ⚑ Events and upkeep", "bold"))
                for entry in groups[group]:
                    self.shown.append(entry)
                    line = Text("   ").append_text(entry_text(entry, self._describer))
                    texts.extend(hanging(line, width, indent=5))
        if texts:
            self.write(Text("\n", end="", no_wrap=True, overflow="crop").join(texts), width=width)

    def render_entry(self, entry: Entry, width: int = 0) -> Text:
        """One entry: the prefix, then its description wrapped to ``width`` with a hanging indent."""
        assert self._view is not None and self._describer is not None
        line = entry_prefix(entry, self._view.scenario, self._colours)
        indent = line.cell_len + 1
        line.append(" ")
        line.append_text(entry_text(entry, self._describer))
        if not width:
            return line
        return Text("\n", end="").join(hanging(line, width, indent))

    def on_resize(self, event: events.Resize) -> None:
        """Wrap the lines again once the new width has settled."""
        super().on_resize(event)
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if self._view is not None and self._width() != self._built_width:
            self._redraw()

    # -- actions --------------------------------------------------------------------------------

    def action_cycle_faction(self) -> None:
        """Show the next faction's entries only; after the last, show all again."""
        if self._view is None:
            return
        choices: list[str | None] = [None, *self._view.factions]
        index = choices.index(self.faction_filter) if self.faction_filter in choices else 0
        self.set_filter(faction=choices[(index + 1) % len(choices)])

    def action_toggle_grouped(self) -> None:
        """Group the log by turn and faction, or list it in order again."""
        self.grouped = not self.grouped

    def action_cycle_turn(self) -> None:
        """Show the latest turn only, then each earlier one; after turn 1, show all again."""
        if self._view is None:
            return
        choices: list[int | None] = [None, *range(self._view.turn, 0, -1)]
        index = choices.index(self.turn_filter) if self.turn_filter in choices else 0
        self.set_filter(turn=choices[(index + 1) % len(choices)])
