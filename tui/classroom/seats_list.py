"""A world's seats, one line each, in the facilitator's view of that world.

``SeatsList`` is an ``OptionList`` the world screen assigns seats to with
``show(...)`` after every poll; the highlighted seat is the one the world's
seat actions (reseat, new code, sideline) act on (``highlighted_faction``).
Orders themselves are never shown here.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from classroom.values import TEAM, SeatStatus
from engine.model import Scenario
from engine.outcome import Outcome
from tui.classroom.cells import IN, WAITING, presence
from tui.palette import faction_colours
from tui.text import clip


class SeatsList(OptionList):
    """The world's seats, one line each: letter, team, orders in or not, and presence.

    The highlighted seat is the one the seat actions (reseat, new code,
    sideline) act on. Orders themselves are never shown. Once the game is
    over, each seat shows its final score instead of in or waiting.
    """

    DEFAULT_CSS = """
    SeatsList > .option-list--option-highlighted {
        color: $foreground;
        background: $foreground 12%;
        text-style: bold;
    }
    SeatsList:focus > .option-list--option-highlighted {
        color: $foreground;
        background: $foreground 22%;
        text-style: bold;
    }
    """

    def __init__(self, scenario: Scenario, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.scenario = scenario
        self._seats: tuple[SeatStatus, ...] = ()
        self._now = 0.0
        self._outcome: Outcome | None = None
        self._over = False
        self._built_width = 0
        """The width the lines were last laid out for."""

    def show(self, seats: tuple[SeatStatus, ...], now: float, *, over: bool = False, outcome: Outcome | None = None) -> None:
        """Render ``seats`` as seen at ``now`` (the store's clock), keeping the highlighted seat.

        ``over``: the game is over, and ``outcome`` its result (final scores instead of in or waiting).
        """
        self._seats, self._now = seats, now
        self._over, self._outcome = over, outcome
        self._rebuild()

    @property
    def highlighted_faction(self) -> str | None:
        """The faction id of the highlighted seat."""
        option = self.highlighted_option
        return option.id if option is not None else None

    def _rebuild(self) -> None:
        """Lay the lines out at the current width: in place when the seats are the same ones."""
        width = self.scrollable_content_region.width or 40
        self._built_width = width
        prompts = [self.prompt(seat, self._now, width) for seat in self._seats]
        ids = [seat.faction for seat in self._seats]
        if [option.id for option in self.options] == ids:
            for index, prompt in enumerate(prompts):
                self.replace_option_prompt_at_index(index, prompt)
            return
        keep = self.highlighted_faction
        self.set_options(Option(prompt, id=faction) for faction, prompt in zip(ids, prompts))
        if ids:
            self.highlighted = ids.index(keep) if keep in ids else 0

    def prompt(self, seat: SeatStatus, now: float, width: int) -> Text:
        """One seat's line at ``width`` cells."""
        faction = self.scenario.faction(seat.faction)
        colour = faction_colours(self.scenario)[seat.faction]
        if self._over:
            scores = dict(self._outcome.scores) if self._outcome is not None else {}
            state = f"score {scores[seat.faction]}" if seat.faction in scores else "over"
            seen = f"bot: {seat.player}" if seat.player != TEAM else presence(seat, now)
            won = self._outcome is not None and seat.faction in self._outcome.winners
            style = "bold" if won else ""
        elif seat.player != TEAM:
            state, seen, style = f"bot: {seat.player}", "", "dim"
        else:
            state = f"{IN} in" if seat.submitted else f"{WAITING} waiting"
            seen = presence(seat, now)
            style = "bold green" if seat.submitted else ""
        right = Text()
        right.append(state.ljust(10), style)
        right.append(seen.rjust(11 if width >= 48 else 10), "bold" if seen.startswith("away") else "dim")
        line = Text(no_wrap=True, overflow="ellipsis", end="")
        line.append(f"{faction.letter} ", f"bold {colour}")
        room = max(width - 2 - right.cell_len - 1, 4)
        line.append(clip(seat.team, room).ljust(room + 1))
        line.append_text(right)
        line.truncate(width, overflow="ellipsis")
        return line

    def on_resize(self, event: events.Resize) -> None:
        """Lay the lines out again once the new width has settled."""
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if self._seats and (self.scrollable_content_region.width or 40) != self._built_width:
            self._rebuild()
