"""Each faction's soft-power tracks: budget, credibility, domestic support, score and its trend."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Static

from engine.model import Objective
from engine.views import GameView, Snapshot, Viewable
from tui.goals import near_victory, objective_progress, victory_condition, victory_warning
from tui.palette import faction_colours, sparkline
from tui.text import clip
from tui.widgets.events import hanging

SUBMITTED = "✓"
"""Written after the name of a faction whose orders are in."""

OBJECTIVE_MET, OBJECTIVE_OPEN = "●", "○"
AIM_MARK = "◎"
"""Marks a faction's own aim (format 2) in the tracks panel."""
"""Before each objective's text in a wide panel: met, or not yet."""

CURRENT = "▶"
"""Written before the faction whose turn it is to order."""

_SHORT = {"credibility": "cred", "domestic_support": "dom"}
"""Short labels of the two tracks every scenario has; others keep their whole name in lower case."""

NEAR_VICTORY = "⚠"
"""After the score of a faction that one more turn like its last would carry to victory."""

_WIDE = 72
"""From this many cells, tracks get their full names and objectives a line of their own."""


def _delta(value: int, before: int | None, width: int = 0, *, of: int = 0) -> Text:
    """``value`` (``value/of`` when ``of`` is given: the score and the victory score) followed by
    ``↑n`` or ``↓n`` when it differs from ``before``, padded to ``width``."""
    text = Text(str(value))
    if of:
        text.append(f"/{of}", "dim")
    if before is not None and value != before:
        up = value > before
        text.append(f"{'↑' if up else '↓'}{abs(value - before)}", "bold green" if up else "bold red")
    text.pad_right(width - text.cell_len)
    return text


class TracksPanel(Static):
    """One block per faction: its letter and name in its colour, then its numbers.

    Shows the budget and income, every faction track, objectives met, the
    score and a sparkline of the score over the turns. Each number that
    moved over the last turn carries its change, ``cred 6↑1`` or ``dom 4↓1``:
    the current value compared with the snapshot taken before the last
    resolved turn (so the change covers that turn's resolution and upkeep
    and the events on either side). A faction whose orders are in shows
    ``✓``; the faction whose turn it is to order is marked ``▶`` and shown
    in reverse. A wide panel spells track names out and lists objectives.
    """

    DEFAULT_CSS = """
    TracksPanel {
        height: auto;
    }
    """

    class Grew(Message):
        """The tracks now take another number of lines (``lines``)."""

        def __init__(self, lines: int) -> None:
            super().__init__()
            self.lines = lines

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__("", name=name, id=id, classes=classes, disabled=disabled, markup=False)
        self._view: GameView | None = None
        self._current: str | None = None
        self._built_width = 0
        self.lines_needed = 0
        """How many lines the tracks took when last drawn."""
        self._drawn: tuple[object, ...] = ()
        """What the text on show was drawn from: the same again is not drawn again."""

    def show(self, game: Viewable, current: str | None = None) -> None:
        """Render the tracks of ``game`` (a game or a view of one), highlighting faction ``current`` (the one ordering now)."""
        self._view = game.view()
        self._current = current
        self._rebuild()

    def on_resize(self, event: events.Resize) -> None:
        """Lay the text out again once the new width has settled."""
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        if self._view is not None and self._width() != self._built_width:
            self._rebuild()

    def _width(self) -> int:
        return self.content_region.width or 40

    def _rebuild(self) -> None:
        view = self._view
        if view is None:
            return
        self._built_width = self._width()
        drawn: tuple[object, ...] = (view.scenario, view.turn, view.factions, view.regions, view.events, view.history)
        drawn += (view.submitted, view.outcome, self._current, self._built_width)
        if drawn == self._drawn:  # the log grew, nothing the tracks show
            return
        self._drawn = drawn
        text = self.render_tracks(view, self._current, self._built_width)
        lines = text.plain.count("\n") + 1
        self.update(text)
        if lines != self.lines_needed:
            self.lines_needed = lines
            self.post_message(self.Grew(lines))

    @staticmethod
    def render_tracks(view: GameView, current: str | None, width: int) -> Text:
        """The panel's text for ``view`` at ``width`` cells.

        Sparklines share one scale (the lowest and highest score of any
        faction on any turn), so their heights compare across factions; the
        score reads ``21/75`` when the scenario has a victory score, and a
        faction one turn from it is flagged. After every faction come the
        objectives of the faction ordering now, with progress (when nobody
        is, a wide panel lists each faction's under its numbers), and how
        the game is won.
        """
        scenario = view.scenario
        colours = faction_colours(scenario)
        history = view.history
        before: Snapshot = history[-2] if len(history) >= 2 else history[0]
        old_budgets = dict(before.budgets)
        old_tracks = {f: dict(pairs) for f, pairs in before.tracks}
        old_scores = dict(before.scores)
        wide = width >= _WIDE
        longest = max(len(f.name) for f in scenario.factions)
        every_score = [score for snapshot in history for _, score in snapshot.scores]
        low, high = min(every_score), max(every_score)
        near = near_victory(view)
        lines: list[Text] = []
        warning = victory_warning(view)
        if warning:
            lines.extend(hanging(Text(warning, "bold"), width))
        for index, (faction, record) in enumerate(view.factions.items()):
            fdef = scenario.faction(faction)
            colour = colours[faction]
            is_current = faction == current
            scores = [dict(snapshot.scores)[faction] for snapshot in history]
            right = Text()
            right.append(sparkline(scores, low, high), colour)
            right.append(" score " if wide or width >= 40 else " ")
            right.append_text(_delta(record.score, old_scores.get(faction), of=scenario.victory.score))
            if faction in near:
                right.append(NEAR_VICTORY, "bold")

            if view.sight is None or view.sight.sees_budget(faction):
                chunks = [Text("$", "dim").append_text(_delta(record.budget, old_budgets.get(faction)))]
                chunks.append(Text(f"{'income ' if wide else ''}{record.income:+d}", "dim"))
            else:  # a fogged view hides others' budgets (rule 16.1)
                chunks = [Text("$?", "dim")]
            for track in scenario.tracks:
                label = track.name.lower() if wide else _SHORT.get(track.id, track.name.lower())
                chunks.append(Text(f"{label} ", "dim").append_text(_delta(record.tracks[track.id], old_tracks.get(faction, {}).get(track.id))))
            if fdef.objectives:
                chunks.append(Text(f"{'objectives' if wide else 'obj'} {len(record.objectives)}/{len(fdef.objectives)}", "dim"))
            numbers = Text("  ").join(chunks)

            check = f" {SUBMITTED}" if faction in view.submitted else ""
            label_style = f"bold reverse {colour}" if is_current else f"bold {colour}"
            single = wide and 3 + longest + 2 + 2 + numbers.cell_len + 2 + right.cell_len <= width
            room = width - 3 - len(check) - right.cell_len - 1 - (numbers.cell_len + 2 if single else 0)
            head = Text(no_wrap=True, overflow="ellipsis")
            head.append(CURRENT if is_current else " ", "bold")
            head.append(f"{fdef.letter} {clip(fdef.name, room)}", label_style)
            head.append(check, "bold")
            if single:
                head.pad_right(3 + longest + 2 + 2 - head.cell_len)
                head.append_text(numbers)
            head.pad_right(max(width - head.cell_len - right.cell_len, 1))
            head.append_text(right)
            if wide and index:
                lines.append(Text())
            lines.append(head)
            if not single:
                lines.extend(packed(chunks, width, indent=2))
            if fdef.objectives and wide and current is None:
                lines.extend(line for objective in fdef.objectives for line in hanging(_objective(objective, view, faction), width, indent=6))
            if wide and current is None:
                lines.extend(line for part in _aim(view, faction) for line in hanging(part, width, indent=6))
        if current is not None:
            fdef = scenario.faction(current)
            lines.append(Text(f"{fdef.letter} plays for", f"bold {colours[current]}"))
            lines.extend(line for objective in fdef.objectives for line in hanging(_objective(objective, view, current), width, indent=6))
            lines.extend(line for part in _aim(view, current) for line in hanging(part, width, indent=6))
            lines.extend(hanging(Text(victory_condition(view), "dim"), width))
        return Text("\n", no_wrap=True, overflow="ellipsis", end="").join(lines)


def packed(chunks: Sequence[Text], width: int, indent: int) -> list[Text]:
    """``chunks`` side by side, two spaces apart, in as few lines of ``width`` cells as they fit,
    each line indented by ``indent``: a label never parts from its number."""
    lines: list[Text] = []
    line = Text(" " * indent)
    for chunk in chunks:
        started = line.cell_len > indent
        if started and line.cell_len + 2 + chunk.cell_len > width:
            lines.append(line)
            line, started = Text(" " * indent), False
        if started:
            line.append("  ")
        line.append_text(chunk)
    lines.append(line)
    return lines


def _aim(view: GameView, faction: str) -> list[Text]:
    """``  ◎ Aim: <text>`` and each of its tests, met or not, with the value it reads now (rule 13.5)."""
    aim = view.scenario.faction(faction).aim
    if aim is None:
        return []
    progress = view.aim_progress(faction)
    head = Text("  ")
    head.append(f"{AIM_MARK} Aim", "bold")
    head.append(f"{' (judged at the end)' if aim.final else ''}: {aim.text}")
    lines = [head]
    for leaf in progress:
        line = Text("    ")
        line.append(f"{OBJECTIVE_MET} " if leaf.met else f"{OBJECTIVE_OPEN} ", "bold" if leaf.met else "dim")
        line.append(leaf.text, "" if leaf.met else "dim")
        if leaf.value is not None:
            line.append(f" · now {leaf.value}", "italic dim")
        lines.append(line)
    return lines


def _objective(objective: Objective, view: GameView, faction: str) -> Text:
    """``  ● Control the Harbour Forum +3 · held, influence 4``: met or not, points, progress."""
    done = objective.id in view.factions[faction].objectives
    line = Text("  ")
    line.append(f"{OBJECTIVE_MET} " if done else f"{OBJECTIVE_OPEN} ", "bold" if done else "dim")
    line.append(objective.text, "" if done else "dim")
    line.append(f" +{objective.points}", "dim")
    line.append(f" · {objective_progress(objective, view, faction)}", "italic dim")
    return line
