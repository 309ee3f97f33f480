"""The debrief: how the game ended, how each faction got there, and where the record is."""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from itertools import pairwise

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Label, Static

from engine.describe import Describer
from engine.log import CardPlayed, Change
from engine.model import CREDIBILITY, DOMESTIC_SUPPORT
from engine.outcome import Termination
from engine.views import GameView, Viewable
from tui.palette import faction_colours, sparkline
from tui.widgets.key_bar import KeyBar

CELLS_PER_TURN = 2
"""How wide each turn is drawn in the charts."""

CHANGES_PER_POINT = 3
"""How many of the largest changes it shows behind each turning point."""

ECONOMY = ("budget", "income")
"""Tracks left out of turning points: spending and income move every turn."""


class DebriefScreen(Screen[None]):
    """The end of a game: result and ranks, objectives, charts over the turns,
    turning points from the log, and where the record was saved.

    ``n`` dismisses with None for the app to start a new game (it pushes this
    screen with a callback); ``q`` quits.
    """

    BINDINGS = [
        Binding("n", "new_game", "New game", id="debrief.new_game"),
        Binding("question_mark", "app.help", "Help", key_display="?", id="debrief.help"),
        Binding("q", "app.quit", "Quit", id="debrief.quit"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    DEFAULT_CSS = """
    DebriefScreen #body {
        height: 1fr;
        padding: 0 1;
    }
    DebriefScreen #columns {
        height: auto;
    }
    DebriefScreen.-wide #columns {
        layout: horizontal;
    }
    DebriefScreen .column {
        height: auto;
    }
    DebriefScreen.-wide .column {
        width: 1fr;
    }
    DebriefScreen.-wide #left {
        margin-right: 2;
    }
    DebriefScreen .section {
        height: auto;
        margin-bottom: 1;
    }
    DebriefScreen .heading {
        text-style: bold;
        color: $accent;
        width: 100%;
    }
    DebriefScreen #result {
        border: round $success;
        padding: 0 1;
    }
    DebriefScreen .chart {
        height: auto;
        margin-bottom: 1;
    }
    DebriefScreen .chart-row {
        height: 1;
    }
    DebriefScreen .measure {
        width: 20;
        padding-left: 2;
        color: $text-muted;
    }
    DebriefScreen .chart-row .spark {
        width: auto;
        padding-right: 1;
    }
    DebriefScreen .caption {
        width: 22;
        padding-left: 1;
    }
    """

    def __init__(self, game: Viewable, *, record_path: str | None, kept: str = "This game was not recorded.") -> None:
        super().__init__()
        self.view: GameView = game.view()
        """The finished game."""
        self.record_path = record_path
        """Where the game record was written, or None if it was not."""
        self.kept = kept
        """What to say about the record when there is no record file."""
        self.describer = Describer(self.view.scenario)
        self.colours = faction_colours(self.view.scenario)

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="body"):
            with Vertical(id="columns"):
                with Vertical(id="left", classes="column"):
                    yield Static(self.result_text(), id="result", classes="section")
                    yield Static(self.record_text(), id="record", classes="section")
                    yield Static(self.objectives_text(), id="objectives", classes="section")
                    yield Static(self.score_table(), id="score-table", classes="section")
                with Vertical(id="right", classes="column"):
                    yield from self.charts()
                    yield Static(self.turning_points_text(), id="turning-points", classes="section")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"Debrief · {self.view.scenario.title}"
        self.query_one("#body", VerticalScroll).focus()

    # -- the result ------------------------------------------------------------------------------

    def badge(self, faction: str) -> Text:
        """A faction's letter on its colour (readable in black or white)."""
        colour = self.colours[faction]
        ink = Color.parse(colour).get_contrast_text(1.0).hex
        return Text(f" {self.view.scenario.faction(faction).letter} ", style=f"bold {ink} on {colour}")

    def label(self, faction: str) -> Text:
        """Letter badge and name."""
        return Text.assemble(self.badge(faction), " ", self.view.scenario.faction(faction).name)

    def final_scores(self) -> list[tuple[str, int]]:
        """Every faction's final score, in scenario order."""
        outcome = self.view.outcome
        if outcome is not None:
            return list(outcome.scores)
        return [(f, record.score) for f, record in self.view.factions.items()]

    def result_text(self) -> Group:
        """The termination, winners, collapses, and the final ranking."""
        view, scenario, outcome = self.view, self.view.scenario, self.view.outcome
        winners = outcome.winners if outcome else ()
        losers = outcome.losers if outcome else ()
        if outcome is None:
            how = f"The game stopped during turn {view.turn} of {scenario.turns}, before its end."
        elif outcome.termination is Termination.SCORE:
            how = f"Game over on turn {outcome.turn}: a score of {scenario.victory.score} was reached."
        elif outcome.termination is Termination.COLLAPSE:
            track = scenario.track(scenario.victory.collapse_track).name.lower()
            who = " and ".join(f"{scenario.faction(f).letter} {scenario.faction(f).name}" for f in losers)
            how = f"Game over on turn {outcome.turn}: the {track} of {who} fell to its minimum."
        elif outcome.termination is Termination.AIM:
            achievers = [scenario.faction(f) for f in winners if view.aim_progress(f) and all(leaf.met for leaf in view.aim_progress(f))]
            aims = "; ".join(f"{f.letter} {f.name}: {f.aim.text}" for f in achievers if f.aim is not None)
            how = f"Game over on turn {outcome.turn}: an aim was met ({aims})."
        else:
            how = f"Game over after the last turn ({outcome.turn} of {scenario.turns})."
        lines: list[RenderableType] = [Text(how, style="bold")]
        if winners:
            word = "Winner" if len(winners) == 1 else "Shared win"
            lines.append(Text.assemble((f"{word}: ", "bold"), *_joined(self.label(f) for f in winners)))
        if losers:
            word = "Lost (collapsed, or in a collapsed faction's coalition)" if scenario.coalitions else "Collapsed"
            lines.append(Text.assemble((f"{word}: ", "bold"), *_joined(self.label(f) for f in losers)))
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
        table.add_column("Rank", justify="right")
        table.add_column("Faction")
        table.add_column("Score", justify="right")
        table.add_column("Objectives", justify="right")
        table.add_column("")
        scores = self.final_scores()
        contenders = [score for faction, score in scores if faction not in losers]
        # Collapsed factions cannot win: they come last, unranked, whatever their score.
        for faction, score in sorted(scores, key=lambda pair: (pair[0] in losers, -pair[1])):
            rank = "–" if faction in losers else str(1 + sum(1 for other in contenders if other > score))
            met = len(view.factions[faction].objectives)
            total = len(scenario.faction(faction).objectives)
            mark = "★ winner" if faction in winners else ("✗ lost" if scenario.coalitions else "✗ collapsed") if faction in losers else ""
            table.add_row(rank, self.label(faction), str(score), f"{met}/{total}", mark)
        return Group(*lines, Text(""), table)

    def record_text(self) -> Text:
        """Where the record was saved."""
        if self.record_path:
            command = f"detente replay {shlex.quote(self.record_path)}"
            return Text.assemble(("Record saved to ", "bold"), self.record_path, "\nCheck it with: ", (command, "italic"))
        return Text(self.kept, style="italic")

    def objectives_text(self) -> Group:
        """Each faction's scenario objectives, met or not at the end."""
        scenario, factions = self.view.scenario, self.view.factions
        parts: list[RenderableType] = [Text("Objectives", style="bold")]
        for faction in scenario.factions:
            met = set(factions[faction.id].objectives)
            parts.append(self.label(faction.id))
            if not faction.objectives:
                parts.append(Text("    no scenario objectives", style="italic"))
                continue
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=2)
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1)
            for objective in faction.objectives:
                if objective.id in met:
                    grid.add_row("", Text("✓ met", style="bold green"), f"{objective.text} (+{objective.points})")
                else:
                    grid.add_row("", Text("✗ not met", style="red"), f"{objective.text} ({objective.points})")
            parts.append(grid)
        return Group(*parts)

    # -- over the turns ----------------------------------------------------------------------------

    def series(self) -> dict[str, dict[str, list[int]]]:
        """Per faction: score, credibility and domestic support after each turn (turn 0 first)."""
        found: dict[str, dict[str, list[int]]] = {f: {"score": [], CREDIBILITY: [], DOMESTIC_SUPPORT: []} for f in self.view.factions}
        for snapshot in self.view.history:
            for faction, score in snapshot.scores:
                found[faction]["score"].append(score)
            for faction, tracks in snapshot.tracks:
                values = dict(tracks)
                for track in (CREDIBILITY, DOMESTIC_SUPPORT):
                    found[faction][track].append(values[track])
        return found

    def axes(self) -> dict[str, tuple[int, int]]:
        """One scale per measure, shared by every faction so that their charts compare:
        the scores' lowest and highest of the game, each track's own range."""
        scenario = self.view.scenario
        scores = [score for snapshot in self.view.history for _, score in snapshot.scores]
        tracks = {track: (scenario.track(track).min, scenario.track(track).max) for track in (CREDIBILITY, DOMESTIC_SUPPORT)}
        return {"score": (min(scores), max(scores)), **tracks}

    def charts(self) -> ComposeResult:
        """A chart per faction and measure, every faction's on the same scale, each with its values."""
        scenario = self.view.scenario
        last = self.view.history[-1].turn
        axes = self.axes()
        low, high = axes["score"]
        yield Static(
            f"Over the turns (0 to {last}); one scale per measure for every faction: score {low} to {high}, tracks their whole range",
            classes="heading",
        )
        names = {"score": "score", CREDIBILITY: scenario.track(CREDIBILITY).name, DOMESTIC_SUPPORT: scenario.track(DOMESTIC_SUPPORT).name}
        for faction, measures in self.series().items():
            with Vertical(classes="chart"):
                yield Label(self.label(faction))
                for measure, values in measures.items():
                    low, high = axes[measure]
                    line = "".join(mark * CELLS_PER_TURN for mark in sparkline(values, low, high))
                    with Horizontal(classes="chart-row"):
                        yield Label(names[measure], classes="measure")
                        yield Label(Text(line, style=self.colours[faction]), classes="spark", id=f"spark-{faction}-{measure}")
                        yield Label(_caption(values), classes="caption")

    def score_table(self) -> Group:
        """Every faction's score after each turn, with the turning points marked."""
        factions = self.view.factions
        scenario = self.view.scenario
        points = set(self.turning_points())
        table = Table(box=None, padding=(0, 1), show_edge=False)
        table.add_column("Turn", justify="right")
        for faction in factions:
            table.add_column(scenario.faction(faction).letter, justify="right")
        table.add_column("Lead", justify="left")
        history = self.view.history
        for before, after in zip([None, *history[:-1]], history):
            scores = dict(after.scores)
            earlier = dict(before.scores) if before else scores
            cells = [f"{scores[f]} ({scores[f] - earlier[f]:+d})" if before else str(scores[f]) for f in factions]
            mark = "◆ " if after.turn in points else ""
            leaders = _ranks(scores)
            lead = " ".join(scenario.faction(f).letter for f in factions if leaders[f] == 1)
            table.add_row(f"{mark}{after.turn}", *cells, lead)
        return Group(Text("Scores by turn (◆ turning point: the lead or a rank changed)", style="bold"), table)

    def turning_points(self) -> list[int]:
        """The turns after which the lead or any faction's rank changed, in turn order."""
        return [after.turn for before, after in pairwise(self.view.history) if _ranks(dict(before.scores)) != _ranks(dict(after.scores))]

    def rank_changes(self, turn: int) -> str:
        """What changed in the standings over ``turn``: ``H took the lead from M; S rose from 3rd to 2nd``."""
        scenario = self.view.scenario
        history = {snapshot.turn: dict(snapshot.scores) for snapshot in self.view.history}
        old, new = _ranks(history[turn - 1]), _ranks(history[turn])
        letter = {f: scenario.faction(f).letter for f in old}
        said = []
        leaders_before = [f for f in old if old[f] == 1]
        leaders_after = [f for f in new if new[f] == 1]
        if leaders_after != leaders_before:
            joined = " and ".join(letter[f] for f in leaders_after)
            shared = len(leaders_after) > 1
            said.append(f"{joined} {'share' if shared else 'took'} the lead" + ("" if shared else f" from {' and '.join(letter[f] for f in leaders_before)}"))
        for faction in old:
            if new[faction] != old[faction] and not (new[faction] == 1 and leaders_after != leaders_before):
                verb = "rose" if new[faction] < old[faction] else "fell"
                said.append(f"{letter[faction]} {verb} from {_ordinal(old[faction])} to {_ordinal(new[faction])}")
        return "; ".join(said)

    def turning_points_text(self) -> Group:
        """Each turning point: how the standings changed, the score changes and the largest changes behind them."""
        describe = self.describer.entry
        scenario = self.view.scenario
        history = {snapshot.turn: dict(snapshot.scores) for snapshot in self.view.history}
        parts: list[RenderableType] = [Text("Turning points: the turns after which the lead or a rank changed", style="bold")]
        turns = self.turning_points()
        if not turns:
            parts.append(Text("The standings never changed during the game.", style="italic"))
        for turn in turns:
            swings = [f"{scenario.faction(f).letter} {history[turn][f] - history[turn - 1][f]:+d}" for f in self.view.factions]
            parts.append(Text.assemble("\n", (f"Turn {turn}", "bold"), ": ", (self.rank_changes(turn), "bold"), "  (", " · ".join(swings), ")"))
            entries = self.view.turn_log(turn)
            cards = [e for e in entries if isinstance(e, CardPlayed)]
            changes = [e for e in entries if isinstance(e, Change) and e.track not in ECONOMY and e.delta]
            changes.sort(key=lambda e: -abs(e.delta))
            lines = [describe(e) for e in cards] + [describe(e) for e in changes[:CHANGES_PER_POINT]]
            grid = Table.grid(padding=(0, 1))
            grid.add_column(width=1)
            grid.add_column(ratio=1)
            for line in lines:
                grid.add_row("•", line)
            parts.append(grid)
        return Group(*parts)

    # -- actions -----------------------------------------------------------------------------------

    def action_new_game(self) -> None:
        """Leave the debrief; the app decides what comes next (a new game)."""
        self.dismiss(None)


def _ranks(scores: dict[str, int]) -> dict[str, int]:
    """Each faction's rank by score: 1 plus the number of factions ahead of it (ties share a rank)."""
    return {faction: 1 + sum(other > score for other in scores.values()) for faction, score in scores.items()}


def _ordinal(rank: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th`` … (ranks stay below 11)."""
    return str(rank) + _SUFFIXES.get(rank, "th")


_SUFFIXES = {1: "st", 2: "nd", 3: "rd"}


def _caption(values: list[int]) -> str:
    """First and last value with the range, e.g. ``20→59 low 20 high 61``."""
    if not values:
        return ""
    return f"{values[0]}→{values[-1]} low {min(values)} high {max(values)}"


def _joined(labels: Iterable[str | Text]) -> list[str | Text]:
    """Labels separated by commas, for ``Text.assemble``."""
    out: list[str | Text] = []
    for label in labels:
        if out:
            out.append(", ")
        out.append(label)
    return out
