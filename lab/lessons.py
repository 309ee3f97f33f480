"""Lessons as measurable claims: a scenario's lessons file and what the doctrine lab says of it (docs/lessons.md).

A lessons file (``scenarios/lessons/<id>.toml`` for a bundled scenario) states
each lesson as a claim: one player (a doctrine or a bot strategy) in a seat,
against the same field, does better or worse by one statistic than another
player in that seat, or than the fair share. ``load_lessons_text`` reads and
checks a file (``LessonsError`` with one located problem per mistake),
``check_against`` checks it against its scenario, ``lesson_games`` lists the
games every claim needs (each player in each seat it names, the same seeds),
and ``lessons_report`` measures every claim from the summaries that
``lab.balance.run_games`` returns, in the order listed. A claim compares its
two players game by game (same seed, same seat): the mean of the paired
differences with its 95% interval; against the fair share, the Wilson interval
of the win rate. The verdict is *supported* when the whole interval lies on
the claimed side, *not supported* when it lies wholly on the other side, and
*inconclusive* when it holds the claimed boundary.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import engine.valueclass as valueclass
from engine.errors import Problem, ProblemsError
from engine.model import Scenario
from engine.toml_reader import Reader, parse_toml, read_input_file
from lab.balance import Z95, GameSummary, _mean, _r, _rank_key, _sd, wilson
from players.bots import DOCTRINE, STRATEGIES
from players.doctrine import bundled_doctrines

MAX_FILE_BYTES = 50_000
"""The largest lessons file read."""
MAX_CLAIMS = 40
"""The most claims one file may state."""
MAX_GAMES = 100_000
"""The most games per player and seat a file may ask for."""
FIELDS = ("greedy", "lookahead")
"""The strategies a field may be."""
FAIR_SHARE = "fair_share"
"""``against`` for a claim about the win rate against 100/n percent."""
DIRECTIONS = ("higher", "lower")
BASE_STATISTICS = ("win_rate", "rank", "score")
"""Statistics every scenario has; any track id is one too (its final value)."""
VERDICTS = ("supported", "not supported", "inconclusive")
_TOP_KEYS = ("scenario", "field", "games", "claims")
_CLAIM_KEYS = ("id", "lesson", "player", "against", "statistic", "direction", "seats", "field")


class LessonsError(ProblemsError):
    """A lessons file is not valid, does not fit its scenario, or there is none."""


@valueclass.frozen
class Claim:
    """One lesson as a claim the lab can test (the keys are described in docs/lessons.md)."""

    id: str
    lesson: str
    player: str
    """A bundled doctrine's name or a bot strategy (``greedy``, ``lookahead``)."""
    against: str
    """The other player in the same seat, or ``fair_share`` (only for ``win_rate``)."""
    statistic: str
    direction: str
    """``higher`` or ``lower``: how ``player``'s statistic compares with ``against``'s."""
    seats: tuple[str, ...] = ()
    """Faction ids the claim is measured in; empty: every seat."""
    field: str = ""
    """The strategy of the other seats; empty: the file's."""


@valueclass.frozen
class Lessons:
    """A scenario's lessons file."""

    scenario: str
    field: str
    games: int
    """Games per player and seat when the command line does not say."""
    claims: tuple[Claim, ...]


def strategy(player: str) -> str:
    """The strategy name a seat takes for ``player`` (a bot strategy, or ``doctrine:NAME``)."""
    return player if player in STRATEGIES else DOCTRINE + player.replace("-", "_")


def bundled_lessons_ids() -> list[str]:
    """Ids of the bundled scenarios that state their lessons, sorted."""
    folder = resources.files("scenarios").joinpath("lessons")
    if not folder.is_dir():
        return []
    return sorted(item.name[:-5] for item in folder.iterdir() if item.name.endswith(".toml"))


@functools.lru_cache(maxsize=16)
def find_lessons(name: str) -> Lessons:
    """The lessons of a bundled scenario by its id, or the lessons file at path ``name``."""
    if "/" in name or "\\" in name or name.endswith(".toml") or Path(name).exists():
        return load_lessons_text(read_input_file(name, "lessons file", LessonsError, MAX_FILE_BYTES), name)
    if name not in bundled_lessons_ids():
        known = ", ".join(bundled_lessons_ids()) or "none"
        raise LessonsError(name, [Problem("", f"no such file, and no bundled scenario states lessons with this id (bundled: {known})")])
    text = resources.files("scenarios").joinpath("lessons").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return load_lessons_text(text, f"scenarios/lessons/{name}.toml")


def load_lessons_text(text: str, file: str = "<lessons>") -> Lessons:
    """Validate lessons TOML ``text`` on its own; ``file`` names it in error messages."""
    if len(text) > MAX_FILE_BYTES:
        raise LessonsError(file, [Problem("", f"text is longer than {MAX_FILE_BYTES} characters")])
    raw, syntax = parse_toml(text)
    if syntax is not None:
        raise LessonsError(file, [valueclass.evolve(syntax, message=syntax.message.replace("a scenario", "a lessons file"))])
    reader = Reader(text)
    document: dict[str, Any] = raw or {}
    reader.characters(document)
    top = reader.table(document, "$", _TOP_KEYS)
    lessons = Lessons(
        scenario=reader.identifier(top, "scenario", "$"),
        field=reader.choice(top, "field", "$", FIELDS, "greedy"),
        games=reader.integer(top, "games", "$", 200, low=1, high=MAX_GAMES),
        claims=tuple(_claim(reader, path, item) for path, item in reader.array_of_tables(top, "claims", "$", limit=MAX_CLAIMS, required=True)),
    )
    seen: set[str] = set()
    for index, claim in enumerate(lessons.claims):
        if claim.id in seen:
            reader.problem(f"$.claims[{index}].id", f"duplicate claim id {claim.id!r}")
        seen.add(claim.id)
    if reader.problems:
        raise LessonsError(file, reader.problems, reader.more)
    return lessons


def _claim(reader: Reader, path: str, raw: Any) -> Claim:
    item = reader.table(raw, path, _CLAIM_KEYS)
    claim = Claim(
        id=reader.identifier(item, "id", path),
        lesson=reader.text(item, "lesson", path, lines=True),
        player=reader.text(item, "player", path),
        against=reader.text(item, "against", path),
        statistic=reader.text(item, "statistic", path),
        direction=reader.choice(item, "direction", path, DIRECTIONS),
        seats=reader.strings(item, "seats", path, ids=True),
        field=reader.choice(item, "field", path, FIELDS, "") if "field" in item else "",
    )
    for key in ("player", "against"):
        name = getattr(claim, key)
        if name and not _known_player(name) and not (key == "against" and name == FAIR_SHARE):
            extra = f", or {FAIR_SHARE}" if key == "against" else ""
            reader.problem(
                f"{path}.{key}",
                f"{name!r} is neither a bundled doctrine nor a bot strategy; expected one of: {', '.join((*STRATEGIES, *bundled_doctrines()))}{extra}",
            )
    if claim.player and claim.player == claim.against:
        reader.problem(f"{path}.against", "a claim compares two different players")
    if claim.against == FAIR_SHARE and claim.statistic and claim.statistic != "win_rate":
        reader.problem(f"{path}.statistic", f"against {FAIR_SHARE} a claim is about the win_rate, not {claim.statistic!r}")
    return claim


def _known_player(name: str) -> bool:
    return name in STRATEGIES or name.replace("-", "_") in bundled_doctrines()


def check_against(lessons: Lessons, scenario: Scenario, file: str) -> None:
    """Raise ``LessonsError`` unless ``lessons`` fits ``scenario``: its id, the seats and the statistics named."""
    problems = []
    if lessons.scenario != scenario.id:
        problems.append(Problem("$.scenario", f"the lessons are about {lessons.scenario!r}, not {scenario.id!r}"))
    factions = [f.id for f in scenario.factions]
    statistics = (*BASE_STATISTICS, *(t.id for t in scenario.tracks))
    for index, claim in enumerate(lessons.claims):
        where = f"$.claims[{index}]"
        for seat in claim.seats:
            if seat not in factions:
                problems.append(Problem(f"{where}.seats", f"{seat!r} is not a faction of {scenario.id}; expected one of: {', '.join(factions)}"))
        if claim.statistic not in statistics:
            problems.append(Problem(f"{where}.statistic", f"{claim.statistic!r} is not a statistic; expected one of: {', '.join(statistics)}"))
    if problems:
        raise LessonsError(file, problems)


# -- the games ------------------------------------------------------------------------------------


def _plays(lessons: Lessons, scenario: Scenario) -> list[tuple[str, int, str]]:
    """Every (player's strategy, seat index, field) the claims need, once each, in the claims' order."""
    factions = [f.id for f in scenario.factions]
    plays: list[tuple[str, int, str]] = []
    for claim in lessons.claims:
        field = claim.field or lessons.field
        players = [claim.player] if claim.against == FAIR_SHARE else [claim.player, claim.against]
        for player in players:
            for seat in claim.seats or factions:
                play = (strategy(player), factions.index(seat), field)
                if play not in plays:
                    plays.append(play)
    return plays


def lesson_games(lessons: Lessons, scenario: Scenario, first_seed: int, count: int) -> list[tuple[int, tuple[str, ...]]]:
    """The games the claims need: for each player, seat and field they name (each once), ``count``
    games with seeds ``first_seed`` onwards, the player in that seat and the field in every other."""
    n = len(scenario.factions)
    games = []
    for player, seat, field in _plays(lessons, scenario):
        for i in range(count):
            seats = [field] * n
            seats[seat] = player
            games.append((first_seed + i, tuple(seats)))
    return games


# -- the report -----------------------------------------------------------------------------------


def lessons_report(lessons: Lessons, scenario: Scenario, first_seed: int, count: int, summaries: Sequence[GameSummary]) -> dict[str, Any]:
    """Every claim measured on ``summaries`` (the games of ``lesson_games`` in its order), as a JSON-ready dict.

    Win rates and their differences are in percent; every figure is rounded to 0.001.
    """
    plays = _plays(lessons, scenario)
    if len(summaries) != len(plays) * count:
        raise ValueError(f"{len(summaries)} games given; the lessons list {len(plays) * count}")
    blocks = {play: summaries[i * count : (i + 1) * count] for i, play in enumerate(plays)}
    factions = [f.id for f in scenario.factions]
    names = {f.id: f.name for f in scenario.factions}
    columns = {t.id: 2 + i for i, t in enumerate(scenario.tracks)}
    fair = 100.0 / len(factions)
    rows = []
    for claim in lessons.claims:
        field = claim.field or lessons.field
        seats = claim.seats or tuple(factions)

        def values(player: str, claim: Claim = claim, field: str = field, seats: tuple[str, ...] = seats) -> list[float]:
            found: list[float] = []
            for seat in seats:
                index = factions.index(seat)
                found += [_statistic(s, index, claim.statistic, columns) for s in blocks[(strategy(player), index, field)]]
            return found

        mine = values(claim.player)
        row: dict[str, Any] = {
            "id": claim.id,
            "lesson": claim.lesson,
            "player": claim.player,
            "against": claim.against,
            "statistic": claim.statistic,
            "direction": claim.direction,
            "field": field,
            "seats": [names[seat] for seat in seats],
            "games": len(mine),
            "value": _r(_mean(mine)),
        }
        if claim.against == FAIR_SHARE:
            low, high = wilson(sum(mine) / 100, len(mine))
            row.update(against_value=_r(fair), difference=_r(_mean(mine) - fair), ci_low=_r(100 * low - fair), ci_high=_r(100 * high - fair))
        else:
            theirs = values(claim.against)
            differences = [a - b for a, b in zip(mine, theirs, strict=True)]
            mean = _mean(differences)
            half = Z95 * _sd(differences) / math.sqrt(len(differences)) if len(differences) > 1 else math.inf
            row.update(against_value=_r(_mean(theirs)), difference=_r(mean), ci_low=_r(mean - half), ci_high=_r(mean + half))
        row["verdict"] = verdict(row["ci_low"], row["ci_high"], claim.direction)
        rows.append(row)
    counts = {name: sum(1 for row in rows if row["verdict"] == name) for name in VERDICTS}
    return {
        "scenario": {"id": scenario.id, "title": scenario.title, "sha256": scenario.sha256},
        "games_per_seat": count,
        "seeds": [first_seed, first_seed + count - 1],
        "fair_share": _r(fair),
        "claims": rows,
        "verdicts": counts,
    }


def verdict(low: float, high: float, direction: str) -> str:
    """``supported`` when the interval ``[low, high]`` of the difference lies wholly on the side of 0
    that ``direction`` claims, ``not supported`` when wholly on the other, else ``inconclusive``."""
    above, below = low > 0, high < 0
    if (direction == "higher" and above) or (direction == "lower" and below):
        return "supported"
    if above or below:
        return "not supported"
    return "inconclusive"


def _statistic(summary: GameSummary, seat: int, statistic: str, columns: dict[str, int]) -> float:
    """One game's value of ``statistic`` for the faction in ``seat``: a win is 100, a loss 0 (so means
    are percentages); the rank is 1 for first, a level finish sharing the places (collapsed factions
    rank below the rest); a track is its final value."""
    if statistic == "win_rate":
        return 100.0 if summary.factions[seat] in summary.winners else 0.0
    if statistic == "score":
        return float(summary.scores[seat])
    if statistic == "rank":
        mine = _rank_key(summary, seat)
        others = [_rank_key(summary, other) for other in range(len(summary.factions)) if other != seat]
        return 1.0 + sum(1.0 for key in others if key > mine) + sum(0.5 for key in others if key == mine)
    return float(summary.rows[-1][seat][columns[statistic]])
