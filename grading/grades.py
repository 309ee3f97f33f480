"""Grading recorded games against a rubric (docs/grading.md, docs/rubric-format.md).

``grade_file(path, rubric)`` reads a record, replays it and returns either a
``RecordGrade`` (one ``TeamGrade`` per graded faction) or a ``Rejected`` with
the reason. Every number comes from the replayed game — its log, its inputs
and its history of positions — never from the numbers stored in the file.
Grading is pure: no clock, no randomness, no Textual; the same record and
rubric always give the same grade, which is what lets ``detente grade``
spread records over worker processes and still print the same report.

The criterion kinds themselves are measured in ``grading.criteria``. Points
are exact fractions; reports round them to one decimal (``tenths``).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path

import engine.valueclass as valueclass
from engine.errors import RecordError, printable
from engine.game import Game
from engine.inputs import Order
from engine.model import Scenario
from engine.record import Record, Replay, parse_record, read_record_text, replay
from grading.criteria import MEASURES, Facts, Marks, Tables
from grading.marking import SheetRow, sheet_rows
from grading.provenance import MISMATCH, SELF_ATTESTED, Provenance, SessionSource, provenance_of, scenario_difference
from grading.rubric import PARTICIPATION, PERFORMANCE, Criterion, Rubric

UNCHECKED = Provenance(SELF_ATTESTED)
"""The provenance of a grade before its record is checked."""


@valueclass.frozen
class Mark:
    """What one criterion gave one team, and why."""

    id: str
    name: str
    half: str
    points: Fraction
    """Points given (negative for a penalty)."""
    maximum: int
    """The criterion's ``points``: the most it gives, or for a penalty the most it takes."""
    penalty: bool
    why: str
    """One line, derived from the game, saying what earned the points."""


@valueclass.frozen
class TeamGrade:
    """One faction of one record: a team's grade."""

    faction: str
    team: str
    """The team's name from the record's header (set at ``facilitate`` or by the team at the door),
    else the faction's name."""
    letter: str
    seat: str
    """Who played it, from the record's header (``human``, ``orders`` or a bot strategy)."""
    score: int
    """The final score, recomputed by the replay."""
    rank: int
    """1 for the best score; equal scores share a rank; a collapsed faction ranks below the others."""
    tied: bool
    """True when another faction shares the rank."""
    of: int
    """How many factions played."""
    result: str
    """``winner``, ``collapsed``, ``–`` (finished without winning) or ``unfinished``."""
    objectives_met: tuple[str, ...]
    """The texts of the objectives met at the end."""
    objectives_total: int
    marks: tuple[Mark, ...]
    participation: Fraction
    """The participation half, weighted (out of the rubric's participation weight)."""
    performance: Fraction
    total: Fraction
    """Both halves: out of the rubric's total weight."""


@valueclass.frozen
class Trace:
    """What two parallel worlds need to be compared turn by turn, in a few hundred bytes."""

    factions: tuple[str, ...]
    choices: tuple[bytes, ...]
    """Per resolved turn, every faction's final orders (move and target), encoded by ``encode_choices``."""
    scores: tuple[tuple[int, ...], ...]
    """Per resolved turn, every faction's score after it, in scenario order."""


@valueclass.frozen
class RecordGrade:
    """A record that verified and was graded."""

    file: str
    scenario_id: str
    scenario_title: str
    scenario_sha256: str
    seed: int
    created: str
    engine: str
    seats: tuple[tuple[str, str], ...]
    turns_played: int
    turns_total: int
    finished: bool
    termination: str
    """How the game ended (``turn_limit``, ``score``, ``collapse``), or '' when unfinished."""
    winners: tuple[str, ...]
    losers: tuple[str, ...]
    scores: tuple[tuple[str, int], ...]
    """Every faction's final (or latest) score, in scenario order."""
    teams: tuple[TeamGrade, ...]
    """Graded factions, in scenario order (bot seats are left out unless the rubric grades them)."""
    trace: Trace
    names: tuple[tuple[str, str], ...]
    """Display names of the scenario's factions, regions and moves, for reports."""
    moves: tuple[str, ...]
    """Move ids in scenario order, to decode ``trace.choices``."""
    targets: tuple[str, ...]
    """Target ids ('' first, then regions, then factions), to decode ``trace.choices``."""
    provenance: Provenance = UNCHECKED
    """Whether the record is a game of the session given (``grading.provenance``)."""
    sheet: tuple[SheetRow, ...] = ()
    """The graded teams' justifications for the marking sheet, when asked for."""

    verified = True


@valueclass.frozen
class Rejected:
    """A file that was not graded, and why."""

    file: str
    reason: str

    verified = False


def tenths_count(value: Fraction) -> int:
    """``value`` in tenths, rounded half away from zero: ``Fraction(25, 3)`` → 83, ``Fraction(-1, 4)`` → -3.
    Exact integer arithmetic (a grade is read and summed many times a record)."""
    numerator, denominator = value.numerator, value.denominator
    count = (20 * abs(numerator) + denominator) // (2 * denominator)
    return -count if numerator < 0 else count


def tenths_text(count: int) -> str:
    """A number of tenths written with one decimal: 83 → ``'8.3'``, -5 → ``'-0.5'``."""
    whole, tenth = divmod(abs(count), 10)
    return f"{'-' if count < 0 else ''}{whole}.{tenth}"


def tenths(value: Fraction) -> str:
    """``value`` rounded half away from zero to one decimal: ``Fraction(25, 3)`` → ``'8.3'``, and never ``'-0.0'``."""
    return _tenths_of(value.numerator, value.denominator)


@functools.lru_cache(maxsize=4096)
def _tenths_of(numerator: int, denominator: int) -> str:
    """``tenths`` of the fraction ``numerator / denominator`` (in lowest terms), remembered: a report writes the
    same few marks and totals thousands of times."""
    return tenths_text(tenths_count(Fraction(numerator, denominator)))


def is_bot(seat: str) -> bool:
    """True for a seat played by a bot strategy (not ``human``, not an ``orders`` file)."""
    return seat not in ("human", "orders")


@valueclass.frozen
class Reference:
    """The scenario a rubric grades, as a file: each record's embedded scenario must be it."""

    file: str
    """Where it was read: ``scenarios/ID.toml`` for a bundled one, or the file the grader gave."""
    sha256: str
    source: str
    earlier: frozenset[str] = frozenset()
    """The hashes of earlier versions of the same scenario that records may embed too (a bundled
    scenario's versions before a retune, ``engine.catalog.earlier_versions``)."""

    @classmethod
    def of(cls, scenario: Scenario, file: str, earlier: Iterable[str] = ()) -> Reference:
        """The reference of ``scenario`` (loaded from ``file``), also accepting the sources ``earlier``."""
        return cls(file, scenario.sha256, scenario.source, frozenset(hashlib.sha256(text.encode("utf-8")).hexdigest() for text in earlier))

    def accepts(self, sha256: str) -> bool:
        """Whether a record embedding the scenario source with this hash plays this scenario (or an earlier version)."""
        return sha256 == self.sha256 or sha256 in self.earlier


# -- reading, checking, replaying ---------------------------------------------------------------


def grade_file(
    path: str | Path,
    rubric: Rubric,
    reference: Reference | None = None,
    session: SessionSource | None = None,
    marks: Marks | None = None,
    *,
    sheet: bool = False,
) -> RecordGrade | Rejected:
    """Read, verify and grade the record at ``path``; never raises for a bad file.

    With a ``reference``, a record whose embedded scenario is not that file is
    rejected with the first difference; with a ``session``, the grade's
    provenance says whether the record is a game of it (``grading.provenance``);
    ``marks`` are the teacher's marks of its justifications (``teacher_marks``);
    with ``sheet``, the grade carries the rows of the marking sheet.
    """
    name = str(path)
    try:
        return _grade_path(name, rubric, reference, session, marks, sheet)
    except RecordError as exc:
        return Rejected(name, _reason(exc, name))
    except Exception as exc:  # one strange file must never stop a class's batch
        return Rejected(name, f"could not be graded ({type(exc).__name__}: {exc})")


def verify_file(path: str, session: SessionSource | None) -> Provenance:
    """Read and replay the record at ``path`` and check it against ``session`` (``detente verify``): a
    record that cannot be read or does not verify is a ``mismatch`` with the reason. Never raises for a bad file."""
    try:
        text = read_record_text(path)
        record = parse_record(text, path)
    except RecordError as exc:
        return Provenance(MISMATCH, _reason(exc, path))
    result, provenance = checked(text, record, session)
    if not result.verified:
        return provenance if provenance.line else Provenance(MISMATCH, f"does not verify: {result.mismatch}")
    return provenance


def checked(text: str, record: Record, session: SessionSource | None) -> tuple[Replay, Provenance]:
    """The replay of ``record`` and its provenance (read from its ``text``) as ``session`` says. When the replay
    fails, the provenance keeps its ``line`` only if the session names a difference before the replay's."""
    result = replay(record, played_on=False)
    provenance = provenance_of(text, record, session)
    if not result.verified and provenance.line:
        found = re.match(r"line (\d+):", result.mismatch or "")
        if found and int(found.group(1)) < provenance.line:
            provenance = valueclass.evolve(provenance, line=0)
    return result, provenance


def _reason(exc: RecordError, name: str) -> str:
    """The error without the file name in front (the report names the file): ``line 3: ...``.

    The error shows the name ``printable``, so that is what is taken off."""
    text = str(exc)
    shown = printable(name)
    located = f"{shown}:{exc.line}: "
    if exc.line and text.startswith(located):
        return f"line {exc.line}: {text[len(located) :]}"
    return text.removeprefix(f"{shown}: ")


def _grade_path(
    name: str, rubric: Rubric, reference: Reference | None, session: SessionSource | None, marks: Marks | None, sheet: bool
) -> RecordGrade | Rejected:
    text = read_record_text(name)
    record = parse_record(text, name)
    problem = scenario_problem(record, rubric)
    if problem:
        return Rejected(name, problem)
    if reference is not None and not reference.accepts(record.header.scenario_sha256):
        difference = scenario_difference(reference.source, record.scenario.source)
        return Rejected(name, f"line 2: the embedded scenario {record.scenario.id!r} is not {printable(reference.file)}: {difference}")
    result, provenance = checked(text, record, session)
    if not result.verified:
        return Rejected(name, provenance.detail if provenance.line else f"does not verify: {result.mismatch}")
    game = result.game
    if not game.digests:
        return Rejected(name, "no turn was played to its end: there is nothing to grade")
    if rubric.require_finished and not game.is_over:
        return Rejected(name, f"the game is unfinished (after turn {max(game.digests)} of {game.scenario.turns}) and the rubric grades finished games only")
    return valueclass.evolve(grade_game(record, game, rubric, marks, sheet=sheet), provenance=provenance)


def scenario_problem(record: Record, rubric: Rubric) -> str | None:
    """Why ``rubric`` cannot grade ``record``'s scenario, or None."""
    scenario = record.scenario
    if scenario.id != rubric.scenario:
        return f"a game of scenario {scenario.id!r} ({scenario.title}); rubric {rubric.id!r} grades {rubric.scenario!r}"
    known = {t.id for t in scenario.tracks}
    for track in rubric.tracks():
        if track not in known:
            return f"the rubric reads track {track!r}, which this record's scenario does not have"
    return None


# -- grading a replayed game --------------------------------------------------------------------


def grade_game(record: Record, game: Game, rubric: Rubric, marks: Marks | None = None, *, sheet: bool = False) -> RecordGrade:
    """Grade the replayed ``game`` of ``record`` (verified by the caller), with the teacher's ``marks`` of it;
    with ``sheet``, list the graded teams' justifications for the marking sheet."""
    facts = Facts(game, marks)
    scenario = game.scenario
    seats = dict(record.header.seats)
    names = dict(record.header.teams)
    outcome = game.outcome
    teams = []
    for faction in game.factions:
        seat = seats.get(faction, "human")
        if is_bot(seat) and not rubric.grade_bots:
            continue
        teams.append(_grade_team(facts, rubric, faction, seat, names.get(faction, "")))
    return RecordGrade(
        file=record.file,
        scenario_id=scenario.id,
        scenario_title=scenario.title,
        scenario_sha256=scenario.sha256,
        seed=record.header.seed,
        created=record.header.created,
        engine=record.header.engine,
        seats=tuple((f, seats.get(f, "human")) for f in game.factions),
        turns_played=len(facts.turns),
        turns_total=scenario.turns,
        finished=outcome is not None,
        termination=outcome.termination.value if outcome else "",
        winners=outcome.winners if outcome else (),
        losers=outcome.losers if outcome else (),
        scores=tuple(facts.scores.items()),
        teams=tuple(teams),
        trace=Trace(game.factions, _encoded_choices(facts), facts.score_rows()),
        names=facts.tables.names,
        moves=facts.tables.moves,
        targets=facts.tables.targets,
        sheet=sheet_rows(facts, tuple(team.faction for team in teams), rubric.min_chars(), names) if sheet else (),
    )


def _encoded_choices(facts: Facts) -> tuple[bytes, ...]:
    return tuple(encode_choices(facts.scenario, [facts.orders[turn].get(f, ()) for f in facts.game.factions]) for turn in facts.turns)


def encode_choices(scenario: Scenario, per_faction: Iterable[Iterable[Order]]) -> bytes:
    """A turn's orders (moves and targets, not the justifications) as compact bytes.

    Per faction in scenario order: the number of orders, then for each order
    the index of its move and of its target (``grading.criteria.target_ids``).
    """
    tables = Tables.of(scenario)
    moves, targets = tables.move_index, tables.target_index
    out = bytearray()
    for orders in per_faction:
        orders = tuple(orders)
        out.append(len(orders))
        for order in orders:
            out.append(moves[order.move])
            out.append(targets[order.target])
    return bytes(out)


def decode_choices(data: bytes, moves: tuple[str, ...], targets: tuple[str, ...], factions: int) -> list[list[tuple[str, str]]]:
    """The inverse of ``encode_choices``: per faction, a list of (move, target) ids."""
    out = []
    position = 0
    for _ in range(factions):
        count = data[position]
        position += 1
        orders = []
        for _ in range(count):
            orders.append((moves[data[position]], targets[data[position + 1]]))
            position += 2
        out.append(orders)
    return out


def _grade_team(facts: Facts, rubric: Rubric, faction: str, seat: str, team: str) -> TeamGrade:
    definition = facts.scenario.faction(faction)
    marks = tuple(_mark(facts, criterion, faction) for criterion in rubric.criteria)
    halves = {
        half: weighted_half([m.points for m in marks if m.half == half], rubric.weight(half), rubric.half_maximum(half))
        for half in (PARTICIPATION, PERFORMANCE)
    }
    met = set(facts.objectives.get(faction, ()))
    if faction in facts.losers:
        result = "collapsed"
    elif faction in facts.winners:
        result = "winner"
    else:
        result = "–" if facts.game.is_over else "unfinished"
    return TeamGrade(
        faction=faction,
        team=team or definition.name,
        letter=definition.letter,
        seat=seat,
        score=facts.scores[faction],
        rank=facts.rank(faction),
        tied=facts.tied(faction),
        of=len(facts.scores),
        result=result,
        objectives_met=tuple(o.text.rstrip(".") for o in definition.objectives if o.id in met),
        objectives_total=len(definition.objectives),
        marks=marks,
        participation=halves[PARTICIPATION],
        performance=halves[PERFORMANCE],
        total=halves[PARTICIPATION] + halves[PERFORMANCE],
    )


def weighted_half(points: list[Fraction], weight: int, maximum: int) -> Fraction:
    """A half of a team's grade: the sum of its marks' ``points`` (penalties included) out of the half's
    ``maximum``, scaled to its ``weight``, and kept between 0 and the weight (0 when the half gives no points).

    The sum is kept as one integer numerator over one integer denominator and made a ``Fraction`` once:
    the same exact number as adding the fractions one by one, without a reduced fraction at every step."""
    numerator, denominator = 0, 1
    for point in points:
        numerator, denominator = numerator * point.denominator + point.numerator * denominator, denominator * point.denominator
    if not maximum or numerator <= 0:
        return Fraction(0)
    if numerator >= maximum * denominator:
        return Fraction(weight)
    return Fraction(numerator * weight, denominator * maximum)


def _mark(facts: Facts, criterion: Criterion, faction: str) -> Mark:
    share, why = MEASURES[criterion.kind](facts, criterion, faction)
    return _made_mark(criterion.id, criterion.name, criterion.half, criterion.points, criterion.penalty, share.numerator, share.denominator, why)


@functools.lru_cache(maxsize=1024)
def _made_mark(criterion: str, name: str, half: str, maximum: int, penalty: bool, numerator: int, denominator: int, why: str) -> Mark:
    """The mark of a criterion (its id, name, half, points and whether it is a penalty) that measured the share
    ``numerator / denominator`` and ``why``, remembered: teams earn the same marks again and again, and a chunk of
    grades sent to the grading process pickles each mark it holds once however many teams share it."""
    if penalty:
        points = Fraction(-numerator, denominator) if numerator < maximum * denominator else Fraction(-maximum)
    else:
        points = Fraction(numerator * maximum, denominator)
    return Mark(criterion, name, half, points, maximum, penalty, why)
