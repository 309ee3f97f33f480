"""Words and table cells shared by the facilitator's console: timers, results, seats and presence.

Plain functions from the session's statuses (``classroom.store``) to ``str``
or Rich ``Text``; no Textual here, so every view of the console (and a test)
can use them without importing a screen. The bottom of the console's import
graph: it imports nothing from ``tui.classroom``.
"""

from __future__ import annotations

from rich.text import Text

from classroom.timer import TimerStatus, duration
from classroom.values import TEAM, SeatStatus, WorldStatus
from engine.model import Scenario
from engine.outcome import Outcome
from tui.palette import faction_colours

AWAY_SECONDS = 30.0
"""A team seat not seen for longer than this is shown as away."""

RESUME_COMMAND = "detente facilitate --resume {path}"
"""How to open the console again on a session file (shown on the codes and when leaving)."""

IN, WAITING, BOT = "✓", "…", "⚙"
"""After a seat's letter: its orders are in; not yet; a bot (orders as the turn resolves)."""


# -- timers and results ---------------------------------------------------------------------------


def timer_text(status: TimerStatus) -> str:
    """``orders 14:32``, ``orders 15:00 PAUSED``, ``orders time up``, or ``no timer``."""
    if status.seconds_left is None:
        text = "no timer"
    elif status.deadline_passed:
        text = f"{status.phase} time up"
    else:
        text = f"{status.phase} {duration(status.seconds_left)}"
    return f"{text} PAUSED" if status.paused else text


def timer_cell(status: TimerStatus) -> Text:
    """``timer_text`` styled: PAUSED stands out, the last minute and the end in bold."""
    if status.seconds_left is None:
        return Text("no timer", "dim")
    text = Text()
    if status.deadline_passed:
        text.append(f"{status.phase} time up", "bold red")
    else:
        style = "bold" if status.seconds_left <= 60 else ""
        text.append(f"{status.phase} {duration(status.seconds_left)}", style)
    if status.paused:
        text.append(" ")
        text.append("PAUSED", "bold reverse yellow")
    return text


def winners_text(outcome: Outcome, scenario: Scenario, *, full: bool = False) -> Text:
    """``S wins`` (``full``: ``S Seaboard Federation wins``), ``S, H win`` or ``no winner``, letters in colour."""
    if not outcome.winners:
        return Text("no winner")
    colours = faction_colours(scenario)
    text = Text()
    for index, faction in enumerate(outcome.winners):
        if index:
            text.append(", ")
        definition = scenario.faction(faction)
        text.append(definition.letter, f"bold {colours[faction]}")
        if full:
            text.append(f" {definition.name}", "bold")
    text.append(" wins" if len(outcome.winners) == 1 else " win")
    return text


def result_cell(outcome: Outcome | None, scenario: Scenario, *, full: bool = False) -> Text:
    """A finished world's timer cell: ``over · S wins`` (the timer no longer matters)."""
    text = Text("over", "bold")
    if outcome is not None:
        text.append(" · ")
        text.append_text(winners_text(outcome, scenario, full=full))
    return text


def result_sentence(outcome: Outcome, scenario: Scenario) -> str:
    """``S Seaboard Federation wins (turn 10, turn limit)``: a finished game's result in plain words."""
    how = outcome.termination.value.replace("_", " ")
    return f"{winners_text(outcome, scenario, full=True).plain} (turn {outcome.turn}, {how})"


def scores_cell(outcome: Outcome | None, scenario: Scenario) -> Text:
    """A finished world's seats cell: the final scores, ``S31 H28 M25``, letters in colour."""
    if outcome is None:
        return Text("over", "dim")
    colours = faction_colours(scenario)
    text = Text()
    for faction, score in outcome.scores:
        if text:
            text.append(" ")
        text.append(scenario.faction(faction).letter, f"bold {colours[faction]}")
        text.append(str(score), "bold" if faction in outcome.winners else "")
    return text


# -- seats ----------------------------------------------------------------------------------------


def team_seats(world: WorldStatus) -> list[SeatStatus]:
    """The seats played by people (bots order as the turn resolves)."""
    return [seat for seat in world.seats if seat.player == TEAM]


def bot_team(player: str) -> str:
    """The team name of a seat reseated to bot ``player``: ``Bot (greedy)``."""
    return f"Bot ({player})"


def seats_in(world: WorldStatus) -> str:
    """``2/3 in``: team seats with orders in this turn, of all team seats."""
    teams = team_seats(world)
    return f"{sum(seat.submitted for seat in teams)}/{len(teams)} in"


def seats_cell(world: WorldStatus, scenario: Scenario) -> Text:
    """``2/3 in  S✓ H… M⚙``: the count, then each seat's letter in its colour and its mark."""
    colours = faction_colours(scenario)
    text = Text(seats_in(world), "bold" if world.over else "")
    text.append(" ")
    for seat in world.seats:
        letter = scenario.faction(seat.faction).letter
        text.append(" ")
        text.append(letter, f"bold {colours[seat.faction]}")
        mark = BOT if seat.player != TEAM else IN if seat.submitted else WAITING
        text.append(mark, "bold green" if mark == IN else "dim")
    return text


def status_text(world: WorldStatus) -> str:
    """``playing``, ``all in``, ``over``, or ``damaged`` (its journal cannot be played: ``world.problem`` says why)."""
    if world.problem:
        return "damaged"
    if world.over:
        return "over"
    teams = team_seats(world)
    return "all in" if teams and all(seat.submitted for seat in teams) else "playing"


# -- presence -------------------------------------------------------------------------------------


def presence(seat: SeatStatus, now: float) -> str:
    """``here``, ``away 2m`` (not seen for over 30 s), ``not joined``, or ``bot`` for a seat played by a bot."""
    if seat.player != TEAM:
        return "bot"
    if seat.last_seen is None:
        return "not joined"
    gone = now - seat.last_seen
    if gone <= AWAY_SECONDS:
        return "here"
    return f"away {_ago(gone)}"


def _ago(seconds: float) -> str:
    """``45s``, ``2m`` or ``1h``: how long ago, in its largest whole unit."""
    if seconds < 60:
        return f"{int(seconds)}s"
    if seconds < 3600:
        return f"{int(seconds // 60)}m"
    return f"{int(seconds // 3600)}h"


def presence_cell(world: WorldStatus, scenario: Scenario, now: float, *, compact: bool = False) -> Text:
    """``all here``, or the letters of the team seats away and not yet joined.

    ``compact``: ``1/3 here · away S H`` (seats not yet joined are only counted).
    """
    colours = faction_colours(scenario)
    teams = team_seats(world)
    away = [s for s in teams if presence(s, now).startswith("away")]
    never = [s for s in teams if s.last_seen is None]
    if not away and not never:
        return Text("all here" if teams else "bots only", "dim")
    text = Text()
    if compact:
        text.append(f"{len(teams) - len(away) - len(never)}/{len(teams)} here", "dim")
        never = []
    for label, seats in (("away", away), ("not joined", never)):
        if not seats:
            continue
        if text:
            text.append(" · ")
        text.append(label + " ", "bold" if label == "away" else "dim")
        text.append_text(Text(" ").join(Text(scenario.faction(s.faction).letter, f"bold {colours[s.faction]}") for s in seats))
    return text
