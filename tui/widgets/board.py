"""The board: one line per region with every faction's influence, control, stability and events."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from engine.views import GameView, Viewable
from tui.palette import bar, faction_colours
from tui.text import clip
from tui.widgets.events import EVENT_MARK, modifier_summary

CONTROL_MARK = "★"
"""Written after the letter of the faction controlling a region."""

_NARROW_BAR = 4
"""Below this many cells per faction, bars are dropped and only numbers shown."""


class RegionMessage(Message):
    """A message about one region of a board."""

    def __init__(self, board: Board, region: str) -> None:
        super().__init__()
        self.board = board
        self.region = region
        """The id of the region."""

    @property
    def control(self) -> Board:
        """The board that posted the message."""
        return self.board


class Board(OptionList):
    """The regions of the board, one line each, to browse and select.

    Each line shows the region's name, then per faction present its letter,
    a bar and the number in its colour (the controller marked ``★`` and
    bold; in a fogged view another faction's band, ``3-4``, or ``?``), the
    region's stability and a ``⚑`` marker for each active event there with
    the turns it has left. Bars grow with the widget's width.
    The screen calls ``show(view)`` after every change; pressing Enter on a
    region posts ``Board.RegionSelected``.
    """

    DEFAULT_CSS = """
    Board > .option-list--option-highlighted {
        color: $foreground;
        background: $foreground 12%;
        text-style: bold;
    }
    Board:focus > .option-list--option-highlighted {
        color: $foreground;
        background: $foreground 22%;
        text-style: bold;
    }
    """

    class RegionSelected(RegionMessage):
        """A region was chosen (Enter or click) to look at in detail."""

    class RegionHighlighted(RegionMessage):
        """The cursor moved onto a region."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self._view: GameView | None = None
        self._built_width = 0
        self.zoom_key = ""
        """The screen's key that shows the board full screen; when set, a board that has to
        shorten names or leave factions out says so in its border, naming the key."""
        self._built_height = 0
        self._drawn: tuple[object, ...] = ()
        """What the prompts on show were drawn from: the same again is not drawn again."""

    # -- attributes down ------------------------------------------------------------------------

    def show(self, game: Viewable) -> None:
        """Render the board of ``game`` (a game or a view of one), keeping the highlighted region."""
        self._view = game.view()
        self._rebuild()

    @property
    def highlighted_region(self) -> str | None:
        """The id of the highlighted region, if any."""
        option = self.highlighted_option
        return option.id if option is not None else None

    def _line_width(self) -> int:
        width = self.scrollable_content_region.width
        if not width:
            return 40
        view = self._view
        if view is not None and not self.show_vertical_scrollbar:
            # Leave room for a scrollbar that is about to appear.
            if len(view.scenario.regions) > self.scrollable_content_region.height > 0:
                width -= self.styles.scrollbar_size_vertical
        return max(width, 10)

    def _rebuild(self) -> None:
        view = self._view
        if view is None:
            return
        width = self._line_width()
        self._built_width = width
        self._built_height = self.scrollable_content_region.height
        zoomed = bool(self.zoom_key) and self.is_attached and self.screen.maximized is self
        drawn = (view.scenario, view.regions, view.events, tuple(view.factions), width, self._built_height, zoomed)
        if drawn == self._drawn:  # the log grew or the drafting moved on: nothing the board shows
            return
        self._drawn = drawn
        prompts = self.prompts(view, width, self._built_height)
        cut = any("…" in prompt.plain for prompt in prompts)
        if self.zoom_key:
            self.border_subtitle = f"… cut · {self.zoom_key}: full screen" if cut and not zoomed else ""
        ids = [region.id for region in view.scenario.regions]
        if [option.id for option in self.options] == ids:
            for index, prompt in enumerate(prompts):
                self.replace_option_prompt_at_index(index, prompt)
            return
        keep = self.highlighted_region
        self.set_options(Option(prompt, id=rid) for rid, prompt in zip(ids, prompts))
        self.highlighted = ids.index(keep) if keep in ids else 0

    # -- rendering ------------------------------------------------------------------------------

    @staticmethod
    def prompts(view: GameView, width: int, height: int = 0) -> list[Text]:
        """A prompt per region in scenario order, each line at most ``width`` cells.

        One line per region; two when there are ``height`` lines for it and
        the width is generous: then events are spelled out on the second line
        with what they do, next to the region's blocs.
        """
        scenario = view.scenario
        colours = faction_colours(scenario)
        letters = {f.id: f.letter for f in scenario.factions}
        factions = tuple(view.factions)
        count = len(factions)
        maximum = max(scenario.max_influence, 1)
        sight = view.sight
        digits = len(str(maximum)) if sight is None else sight.influence_width(maximum)
        wide = width >= 60
        two_lines = wide and height >= 2 * len(scenario.regions)
        stab_width = len("stab 5") if wide else len("s5")
        events_by_region: dict[str, list[tuple[str, int]]] = {}
        for event in view.events:
            if event.target in view.regions:
                events_by_region.setdefault(event.target, []).append((scenario.card(event.card).name, event.remaining))
        flags = min(max((len(found) for found in events_by_region.values()), default=0), 3)
        name_width = max(len(r.name) for r in scenario.regions)
        # letter, control mark, number, gap; then the bar and a space if there is room.
        column = 2 + digits + 2
        if not wide:
            room = width - count * column - stab_width - 1 - (flags + 1 if flags else 0)
            if room < 8:  # tight: one space between factions
                column -= 1
                room += count
            name_width = max(min(name_width, room), 6)
        fixed = name_width + 1 + count * column + stab_width
        longest_events = max(
            (sum(len(name) + len(str(left)) + 4 for name, left in found) for found in events_by_region.values()),
            default=0,
        )

        def bars(reserve: int) -> int:
            return min((width - fixed - reserve) // max(count, 1) - 1, maximum)

        reserve = min(longest_events, max(width // 4, 8)) if longest_events and not two_lines else 0
        bar_width = bars(reserve)
        if reserve and bar_width < _NARROW_BAR and bars(4 * flags) > bar_width:
            bar_width = bars(4 * flags)  # bars matter more than event names: flags only
        if bar_width < _NARROW_BAR:
            bar_width = 0
        lines = []
        for region in scenario.regions:
            state = view.regions[region.id]
            controller = state.controller
            line = Text(no_wrap=True, overflow="ellipsis", end="")
            line.append(clip(region.name, name_width).ljust(name_width + 1))
            for faction in factions:
                value = state.influence.get(faction, 0)
                cells = column + (bar_width + 1 if bar_width else 0)
                hidden = sight is not None and sight.hides_influence(faction)
                if value <= 0 and not hidden:
                    line.append(" " * cells)
                    continue
                style = colours[faction] + (" bold" if faction == controller else "")
                cell = Text(letters[faction], style)
                cell.append(CONTROL_MARK if faction == controller else " ")
                if bar_width:
                    cell.append((" " * bar_width if hidden else bar(value, maximum, bar_width, state.fading.get(faction, 0))) + " ", colours[faction])
                cell.append(str(value) if sight is None else sight.influence_text(faction, value), style)
                cell.pad_right(cells - cell.cell_len)
                line.append_text(cell)
            stab = f"stab {state.stability}" if wide else f"s{state.stability}"
            line.append(stab.ljust(stab_width), "dim" if state.stability > 1 else "bold")
            found = events_by_region.get(region.id, [])
            if found and not two_lines:
                room = width - line.cell_len
                line.append(_event_markers(found, room))
            line.truncate(width, overflow="ellipsis")
            if two_lines:
                line.append("\n")
                line.append_text(_second_line(view, region.id, width))
            lines.append(line)
        return lines

    # -- messages up ----------------------------------------------------------------------------

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list is not self:
            return
        event.stop()
        if event.option.id is not None:
            self.post_message(self.RegionSelected(self, event.option.id))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is not self:
            return
        event.stop()
        if event.option.id is not None:
            self.post_message(self.RegionHighlighted(self, event.option.id))

    def on_resize(self, event: events.Resize) -> None:
        """Recompute the bars once the new size has settled."""
        self.call_after_refresh(self._fit, 2)

    def _fit(self, tries: int) -> None:
        """Rebuild if the room changed; a scrollbar coming or going changes it again, so look twice."""
        if self._view is None:
            return
        if (self._line_width(), self.scrollable_content_region.height) != (self._built_width, self._built_height):
            self._rebuild()
            if tries > 1:
                self.call_after_refresh(self._fit, tries - 1)


def _second_line(view: GameView, region_id: str, width: int) -> Text:
    """The region's blocs, then each active event there: name, turns left and what it does."""
    scenario = view.scenario
    line = Text("  ")
    line.append(" · ".join(scenario.region(region_id).blocs), "dim")
    for event in view.events:
        if event.target != region_id:
            continue
        card = scenario.card(event.card)
        line.append(f"  {EVENT_MARK} {card.name} {event.remaining}t", "bold")
        summary = modifier_summary(card, scenario)
        if summary:
            line.append(f" ({summary})", "italic")
    line.truncate(width, overflow="ellipsis")
    return line


def _event_markers(found: list[tuple[str, int]], room: int) -> Text:
    """``⚑name N`` per event, names shortened so that all fit in ``room`` cells."""
    text = Text(" ", style="bold")
    room -= 1
    if room < 3 * len(found):
        # Not even a flag per event: flags alone, or one flag and the count.
        label = EVENT_MARK * len(found) if room >= len(found) and len(found) <= 3 else f"{EVENT_MARK}×{len(found)}"
        return Text(" " + label, style="bold")
    fixed = sum(len(f"{EVENT_MARK} {left}t ") for _, left in found)
    share = max((room - fixed) // len(found), 0)
    for index, (name, left) in enumerate(found):
        if index:
            text.append(" ")
        short = clip(name, share) if share >= 3 else ""
        text.append(f"{EVENT_MARK}{short} {left}t" if short else f"{EVENT_MARK}{left}t")
    return text
