"""Active event cards and what they do, and the cards played this turn."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.text import Text
from textual import events
from textual.widgets import Static

from engine.log import CardPlayed
from engine.model import CardDef, Effects, Scenario
from engine.views import GameView, Viewable
from tui.palette import faction_colours

EVENT_MARK = "⚑"
"""Marks an active event, here and on the board."""

_WIDE = 60
"""From this many cells, an event's effects get a line of their own."""

EMPTY = "No active events."
"""What the panel says when no event is in play."""


def signed(amount: int) -> str:
    """``+2`` or ``−2`` (with a true minus sign)."""
    return f"{amount:+d}".replace("-", "−")


def _words(ids: Iterable[str]) -> str:
    """Move categories as words: ``exercise and arms sale``, ``aid, economic and training``."""
    names = [i.replace("_", " ") for i in ids]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def effects_summary(effects: Effects, scenario: Scenario) -> str:
    """The changes in ``effects`` in words, e.g. ``stability −1, credibility −1``."""
    parts = []
    for label, amount in (
        ("influence", effects.influence),
        ("rivals' influence", effects.rival_influence),
        ("influence next door", effects.spillover),
        ("stability", effects.stability),
        ("budget", effects.budget),
        ("income", effects.income),
    ):
        if amount:
            parts.append(f"{label} {signed(amount)}")
    for track, amount in effects.tracks + effects.target_tracks:
        parts.append(f"{scenario.track(track).name.lower()} {signed(amount)}")
    return ", ".join(parts)


def modifier_summary(card: CardDef, scenario: Scenario) -> str:
    """What ``card``'s ongoing modifier does, in a short line; empty if it has none.

    For example ``influence gains halved``, ``exercise: blocked``,
    ``arms sale and aid: cost +1, −1 domestic support each``, ``stability −1 each turn``.
    """
    modifier = card.modifier
    if modifier is None:
        return ""
    cats = _words(modifier.categories)
    moves = []
    if modifier.blocks:
        moves.append("blocked" if cats else "every move blocked")
    if modifier.cost:
        moves.append(f"{'' if cats else 'moves '}cost {signed(modifier.cost)}")
    if modifier.roll:
        moves.append(f"roll {signed(modifier.roll)}")
    if modifier.gain_divisor > 1:
        how = "halved" if modifier.gain_divisor == 2 else f"divided by {modifier.gain_divisor}"
        moves.append(f"influence gains {how}")
    for track, amount in modifier.opposition:
        moves.append(f"{signed(amount)} {scenario.track(track).name.lower()} {'each' if cats else 'per move'}")
    parts = [f"{cats}: {', '.join(moves)}" if cats and moves else ", ".join(moves)] if moves else []
    if modifier.income:
        parts.append(f"income {signed(modifier.income)}")
    if modifier.per_turn.nonempty:
        parts.append(f"{effects_summary(modifier.per_turn, scenario)} each turn")
    return "; ".join(parts)


def counters_summary(card: CardDef, scenario: Scenario) -> str:
    """``counter: Strategic communication``, or ``no counter``."""
    if not card.countered_by:
        return "no counter"
    return "counter: " + " or ".join(scenario.move(m).name for m in card.countered_by)


def target_text(target: str, scenario: Scenario) -> Text:
    """A region's name, or a faction's letter and name in its colour."""
    try:
        return Text(scenario.region(target).name, "bold")
    except KeyError:
        pass
    try:
        faction = scenario.faction(target)
    except KeyError:
        return Text(target)
    return Text(f"{faction.letter} {faction.name}", f"bold {faction_colours(scenario)[target]}")


def targets_text(targets: Sequence[str], scenario: Scenario) -> Text:
    """The targets of one card: ``every faction`` when it strikes them all, else each named."""
    if len(targets) > 1 and sorted(targets) == sorted(f.id for f in scenario.factions):
        return Text("every faction", "bold")
    text = Text()
    for index, target in enumerate(targets):
        if index:
            text.append(", ")
        text.append_text(target_text(target, scenario))
    return text


def hanging(text: Text, width: int, indent: int = 2) -> list[Text]:
    """``text`` wrapped at spaces to ``width`` cells, lines after the first indented by ``indent``.

    A greedy word wrap on the plain text, then slices of the styled text: much
    faster than Rich's own wrapping, which matters for a log of hundreds of lines.
    """
    if width <= indent + 8 or text.cell_len <= width:
        return [text]
    lines: list[Text] = []
    start = end = 0
    room = width
    for word in _WORD.finditer(text.plain):
        if word.end(1) - start > room and end > start:
            lines.append(text[start:end])
            start, room = word.start(), width - indent
        end = word.end(1)
    lines.append(text[start:end])
    pad = " " * indent
    return [lines[0], *(Text(pad, end="") + line for line in lines[1:])]


_WORD = re.compile(r"(\S+)\s*")


@functools.cache
def _console() -> Console:
    """A console for measuring and wrapping text only; it never prints."""
    return Console(width=200, color_system=None, force_terminal=False)


class EventsPanel(Static):
    """The events in play: each active card and the cards played this turn.

    An active event shows its card's name, target and turns left, then a
    line with its category, what its modifier does and which moves counter
    it; a card that struck several targets for the same time is one entry.
    Below, each card played this turn with its text and immediate effects.
    Long lines wrap with a hanging indent.
    """

    DEFAULT_CSS = """
    EventsPanel {
        height: auto;
    }
    """

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(EMPTY, name=name, id=id, classes=classes, disabled=disabled, markup=False)
        self._view: GameView | None = None
        self._built_width = 0
        self._drawn: tuple[object, ...] = ()
        """What the text on show was drawn from: the same again is not drawn again."""

    def show(self, game: Viewable) -> None:
        """Render the active events and this turn's cards of ``game`` (a game or a view of one)."""
        self._view = game.view()
        self._rebuild()

    def on_resize(self, event: events.Resize) -> None:
        """Lay the text out again once the new width has settled."""
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if self._view is not None and self.content_region.width != self._built_width:
            self._rebuild()

    def _rebuild(self) -> None:
        view = self._view
        if view is None:
            return
        self._built_width = self.content_region.width
        drawn = (view.scenario, view.turn, view.events, _played(view), self._built_width)
        if drawn != self._drawn:  # a turn's drafting and hand-offs leave the events as they were
            self._drawn = drawn
            self.update(self.render_events(view, self._built_width))

    @staticmethod
    def render_events(view: GameView, width: int = 0) -> Text:
        """The panel's text for ``view``, wrapped to ``width`` cells (0: not wrapped)."""
        scenario = view.scenario
        lines: list[Text] = []

        def add(text: Text) -> None:
            lines.extend(hanging(text, width) if width else [text])

        grouped: dict[tuple[str, int], list[str]] = {}
        for event in view.events:
            grouped.setdefault((event.card, event.remaining), []).append(event.target)
        for (card_id, left), targets in grouped.items():
            card = scenario.card(card_id)
            head = Text()
            head.append(f"{EVENT_MARK} ", "bold")
            head.append(card.name, "bold")
            head.append(" → ")
            head.append_text(targets_text(targets, scenario))
            narrow = 0 < width < _WIDE
            turns = f" {left}t" if narrow else f" · {left} turn{'s' if left != 1 else ''} left"
            head.append(turns, "bold" if left == 1 else "")
            detail = Text(" · " if narrow else "  ")
            detail.append(card.category.replace("_", " "), "dim")
            summary = modifier_summary(card, scenario)
            if summary:
                detail.append(" · ", "dim")
                detail.append(summary)
            detail.append(" · ", "dim")
            detail.append(counters_summary(card, scenario), "italic")
            if narrow:
                add(head + detail)
            else:
                add(head)
                add(detail)
        if not lines:
            lines.append(Text(EMPTY, "dim"))
        played = _played(view)
        if played:
            lines.append(Text(f"Played on turn {view.turn}:", "bold underline"))
        for entry in played:
            card = scenario.card(entry.card)
            line = Text("• ")
            line.append(card.name, "bold")
            if entry.how != "deck":
                line.append(f" ({'scheduled' if entry.how == 'schedule' else 'facilitator inject'})", "dim")
            line.append(" → ")
            line.append_text(targets_text(entry.targets, scenario))
            line.append(": ")
            line.append(card.text, "italic")
            effects = effects_summary(card.effects, scenario)
            if effects:
                line.append(f" Now: {effects}.")
            add(line)
        return Text("\n", end="").join(lines)


def _played(view: GameView) -> tuple[CardPlayed, ...]:
    """The cards played on the view's turn, in order."""
    return tuple(e for e in view.turn_log(view.turn) if isinstance(e, CardPlayed))
