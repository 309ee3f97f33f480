"""A class's grades taken together: a summary per faction, and parallel worlds.

Both take each ``RecordGrade`` as it streams past and keep only what the end
of the report needs, compactly, so that memory hardly grows with the number
of records:

- ``ClassSummary`` keeps, per scenario and faction, running sums for the mean
  and the spread, and for the ranking each team's file number and printed
  totals in typed arrays (about fifty bytes a team);
- ``ParallelWorlds`` writes each record's ``Trace`` to a temporary file and
  keeps in memory only its place there and its (scenario version, seed) key;
  at the end it reads back the groups of two or more records and compares
  them turn by turn.
"""

from __future__ import annotations

import math
import pickle
import tempfile
from array import array
from collections.abc import Iterator, Sequence
from fractions import Fraction

import engine.valueclass as valueclass
from grading.grades import RecordGrade, TeamGrade, decode_choices, tenths_count, tenths_text
from grading.provenance import KINDS as PROVENANCES

RESULTS = ("winner", "–", "collapsed", "unfinished")
"""A team's result, stored as its index here."""


@valueclass.frozen
class TeamRow:
    """One team's line in the class ranking; numbers as printed (one decimal)."""

    file: str
    total: str
    participation: str
    performance: str
    score: int
    result: str
    provenance: str
    """The record's provenance kind (``grading.provenance.KINDS``)."""


class _Column:
    """The teams of one faction: running sums, and one array entry per team."""

    def __init__(self, title: str, team: str) -> None:
        self.title, self.team = title, team
        self.sum, self.squares = Fraction(0), Fraction(0)
        self.low = self.high = Fraction(0)
        """The lowest and the highest total, once a team is added."""
        self.scores = 0
        self.file = array("q")
        self.total = array("q")
        self.participation = array("q")
        self.performance = array("q")
        self.score = array("q")
        self.result = array("b")

    def add(self, file: int, team: TeamGrade) -> None:
        total = team.total
        first = not self.total
        self.sum += total
        self.squares += total * total
        self.low = total if first else min(self.low, total)
        self.high = total if first else max(self.high, total)
        self.scores += team.score
        self.file.append(file)
        self.total.append(tenths_count(total))
        self.participation.append(tenths_count(team.participation))
        self.performance.append(tenths_count(team.performance))
        self.score.append(team.score)
        self.result.append(RESULTS.index(team.result))


@valueclass.frozen
class FactionSummary:
    """Every team that played one faction of one scenario."""

    scenario_id: str
    scenario_title: str
    faction: str
    team: str
    """Letter and name, such as ``S Seaboard Federation``."""
    count: int
    mean: Fraction
    spread: float
    """The population standard deviation of the totals (0 for a single team)."""
    low: Fraction
    high: Fraction
    mean_score: Fraction
    _column: _Column = valueclass.field(repr=False, eq=False)
    _files: list[str] = valueclass.field(repr=False, eq=False)
    _provenances: array[int] = valueclass.field(repr=False, eq=False)

    def ranked(self) -> Iterator[tuple[int, TeamRow]]:
        """Each team with its place, best total first: 1 for the best; teams whose printed
        totals are equal share a place and are listed in file order."""
        c, files = self._column, self._files
        order = sorted(range(len(c.total)), key=lambda i: (-c.total[i], files[c.file[i]]))
        place, previous = 0, None
        for position, i in enumerate(order, start=1):
            if c.total[i] != previous:
                place, previous = position, c.total[i]
            row = TeamRow(
                files[c.file[i]],
                tenths_text(c.total[i]),
                tenths_text(c.participation[i]),
                tenths_text(c.performance[i]),
                c.score[i],
                RESULTS[c.result[i]],
                PROVENANCES[self._provenances[c.file[i]]],
            )
            yield place, row


class ClassSummary:
    """Mean, spread and ranking of the teams' totals, per scenario and faction."""

    def __init__(self) -> None:
        self._files: list[str] = []
        self._provenances = array("b")
        self._columns: dict[tuple[str, str], _Column] = {}

    def add(self, grade: RecordGrade) -> None:
        """Count the teams of one graded record."""
        if not grade.teams:
            return
        self._files.append(grade.file)
        self._provenances.append(PROVENANCES.index(grade.provenance.kind))
        number = len(self._files) - 1
        for team in grade.teams:
            key = (grade.scenario_id, team.faction)
            column = self._columns.get(key)
            if column is None:
                column = self._columns[key] = _Column(grade.scenario_title, f"{team.letter} {team.team}")
            column.add(number, team)

    @property
    def teams(self) -> int:
        """How many teams were counted."""
        return sum(len(c.total) for c in self._columns.values())

    def factions(self) -> list[FactionSummary]:
        """One summary per scenario and faction, in the order they were first met."""
        out = []
        for (scenario, faction), c in self._columns.items():
            count = len(c.total)
            mean = c.sum / count
            variance = max(c.squares / count - mean * mean, Fraction(0))
            out.append(
                FactionSummary(
                    scenario,
                    c.title,
                    faction,
                    c.team,
                    count,
                    mean,
                    math.sqrt(variance),
                    c.low,
                    c.high,
                    Fraction(c.scores, count),
                    c,
                    self._files,
                    self._provenances,
                )
            )
        return out


# -- parallel worlds ----------------------------------------------------------------------------


@valueclass.frozen
class World:
    """One record of a group of parallel worlds."""

    file: str
    choices: tuple[bytes, ...]
    scores: tuple[tuple[int, ...], ...]
    """Per turn played, every faction's score after it."""
    finished: bool
    winners: tuple[str, ...]


@valueclass.frozen
class Divergence:
    """How two worlds of a group differ."""

    first: int
    second: int
    """Indexes of the two worlds in their group."""
    turn: int
    """The first turn on which their orders differ; 0 when they never do."""
    same_through: int
    """The last turn both played with the same orders (0: none)."""
    choices: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    """On ``turn``, each faction that chose differently: its orders in the first and in the second world."""
    final: tuple[tuple[str, int, int], ...]
    """Each faction's final score in both worlds."""
    widest_turn: int
    """The turn when the two worlds' scores were furthest apart (0 when never apart)."""
    widest: tuple[str, int, int]
    """The faction furthest apart on that turn, and its scores in both worlds."""
    scores_first_differ: int
    """The first turn their scores differ (0 when never): before ``turn``, something else than orders differed."""


@valueclass.frozen
class WorldGroup:
    """Records that played the same scenario (the same version of it) with the same seed."""

    scenario_title: str
    seed: int
    factions: tuple[str, ...]
    letters: tuple[str, ...]
    teams: tuple[str, ...]
    """Each faction's letter and name."""
    worlds: tuple[World, ...]
    divergences: tuple[Divergence, ...]
    """Each pair of worlds, or with many worlds each world against the first."""

    def diverged_from_first(self, index: int) -> Divergence | None:
        """How world ``index`` differs from world 0 (None for world 0)."""
        for d in self.divergences:
            if d.first == 0 and d.second == index:
                return d
        return None


_ScenarioVersion = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...], dict[str, str], tuple[str, ...], tuple[str, ...]]
"""What a group of worlds needs of its scenario version: its title, factions, their letters
and teams, display names by id, and the move and target ids that decode the choices."""

MAX_PAIRS_WORLDS = 6
"""Up to this many worlds every pair is compared; beyond it, each world against the first."""


class ParallelWorlds:
    """Groups records by scenario version and seed, and compares each group's worlds turn by turn.

    Use it as a context manager (or call ``close``): it owns a temporary file.
    """

    def __init__(self) -> None:
        self._spill = tempfile.TemporaryFile()
        self._places = array("q")
        """Offset of each spilled trace, then (at the next index) its end."""
        self._versions: dict[str, int] = {}
        self._scenarios: list[_ScenarioVersion] = []
        self._first: dict[tuple[int, int], int] = {}
        self._more: dict[tuple[int, int], list[int]] = {}

    def __enter__(self) -> ParallelWorlds:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the temporary file."""
        self._spill.close()

    def add(self, grade: RecordGrade) -> None:
        """Set aside the trace of one graded record."""
        version = self._versions.get(grade.scenario_sha256)
        if version is None:
            version = self._versions[grade.scenario_sha256] = len(self._scenarios)
            teams = tuple(dict(grade.names)[f] for f in grade.trace.factions)
            letters = tuple(team.split(" ", 1)[0] for team in teams)
            self._scenarios.append((grade.scenario_title, grade.trace.factions, letters, teams, dict(grade.names), grade.moves, grade.targets))
        number = len(self._places)
        self._places.append(self._spill.tell())
        world = (grade.file, grade.trace.choices, grade.trace.scores, grade.finished, grade.winners)
        self._spill.write(pickle.dumps(world, protocol=pickle.HIGHEST_PROTOCOL))
        key = (version, grade.seed)
        if key in self._first:
            self._more.setdefault(key, []).append(number)
        else:
            self._first[key] = number

    def _world(self, number: int) -> World:
        self._spill.seek(self._places[number])
        end = self._places[number + 1] if number + 1 < len(self._places) else None
        data = self._spill.read() if end is None else self._spill.read(end - self._places[number])
        return World(*pickle.loads(data))

    def groups(self) -> Iterator[WorldGroup]:
        """Every group of two or more worlds, in the order their first record was met."""
        position = self._spill.tell()
        try:
            for key, first in self._first.items():
                more = self._more.get(key)
                if not more:
                    continue
                worlds = [self._world(number) for number in (first, *more)]
                title, factions, letters, teams, names, moves, targets = self._scenarios[key[0]]
                if len(worlds) <= MAX_PAIRS_WORLDS:
                    pairs = [(i, j) for i in range(len(worlds)) for j in range(i + 1, len(worlds))]
                else:
                    pairs = [(0, j) for j in range(1, len(worlds))]
                divergences = tuple(_compare(worlds, i, j, factions, names, moves, targets) for i, j in pairs)
                yield WorldGroup(title, key[1], factions, letters, teams, tuple(worlds), divergences)
        finally:
            self._spill.seek(position)


def _compare(
    worlds: Sequence[World], i: int, j: int, factions: tuple[str, ...], names: dict[str, str], moves: tuple[str, ...], targets: tuple[str, ...]
) -> Divergence:
    a, b = worlds[i], worlds[j]
    common = min(len(a.choices), len(b.choices))
    turn = next((t + 1 for t in range(common) if a.choices[t] != b.choices[t]), 0)
    choices: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = ()
    if turn:
        left = decode_choices(a.choices[turn - 1], moves, targets, len(factions))
        right = decode_choices(b.choices[turn - 1], moves, targets, len(factions))
        choices = tuple((faction, _labels(x, names), _labels(y, names)) for faction, x, y in zip(factions, left, right) if x != y)
    final = tuple(zip(factions, a.scores[-1], b.scores[-1]))
    widest_turn, widest, gap, first_score_gap = 0, ("", 0, 0), 0, 0
    for t in range(common):
        for faction, x, y in zip(factions, a.scores[t], b.scores[t]):
            if x != y and not first_score_gap:
                first_score_gap = t + 1
            if abs(x - y) > gap:
                gap, widest_turn, widest = abs(x - y), t + 1, (faction, x, y)
    same = (turn - 1) if turn else common
    return Divergence(i, j, turn, same, choices, final, widest_turn, widest, first_score_gap)


def _labels(orders: list[tuple[str, str]], names: dict[str, str]) -> tuple[str, ...]:
    if not orders:
        return ("no orders",)
    return tuple(names.get(move, move) + (f" → {names.get(target, target)}" if target else "") for move, target in orders)
