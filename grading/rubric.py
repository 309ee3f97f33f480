"""Grading rubrics: loading and validating rubric TOML (docs/rubric-format.md).

A rubric says how to mark the teams of recorded games: two halves,
participation and performance, each with a weight, and a list of criteria of
a few documented kinds (``KINDS``). ``load_rubric_text`` returns a ``Rubric``
or raises ``RubricError`` listing every problem with its line and key path,
exactly as scenarios are checked. Nothing here reads a record; the grading
itself is in ``grading.grades``.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

import engine.valueclass as valueclass
from engine.errors import Problem, ProblemsError
from engine.model import CARD_CATEGORIES, CATEGORIES
from engine.toml_reader import Reader, parse_toml, read_input_file

FORMAT_VERSION = 1
"""The rubric format this program reads (and every older one)."""
MAX_FILE_BYTES = 200_000
MAX_CRITERIA = 40

PARTICIPATION = "participation"
PERFORMANCE = "performance"
HALVES = (PARTICIPATION, PERFORMANCE)

PENALTIES = ("escalation", "loss")
"""Kinds that only ever take points away (their ``points`` is the largest deduction)."""

KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "orders_every_turn": (PARTICIPATION, ()),
    "justifications": (PARTICIPATION, ("min_chars",)),
    "notes": (PARTICIPATION, ("count",)),
    "strong_arguments": (PERFORMANCE, ("min_rated",)),
    "argument_progress": (PERFORMANCE, ("min_rated", "gain")),
    "teacher_marks": (PERFORMANCE, ("scale",)),
    "written_work": (PARTICIPATION, ()),
    "written_marks": (PERFORMANCE, ("scale",)),
    "within_budget": (PERFORMANCE, ("reserve",)),
    "rank": (PERFORMANCE, ()),
    "score": (PERFORMANCE, ("target",)),
    "objectives": (PERFORMANCE, ()),
    "track_floor": (PERFORMANCE, ("track", "value")),
    "counter_events": (PERFORMANCE, ("category", "within")),
    "instrument_variety": (PERFORMANCE, ("count",)),
    "escalation": (PERFORMANCE, ("categories", "fragile", "per_incident")),
    "loss": (PERFORMANCE, ()),
}
"""Each criterion kind: the half it belongs to unless told, and its own keys."""
PARTICIPATION_ONLY = ("justifications", "written_work")
"""Kinds that count in participation and nowhere else, whatever their ``half`` says: the length of a reason shows a team
took part, not how well it reasoned, and so does handing in a plan and a reflection (the facilitator's ratings and the
teacher's marks judge how well)."""
DEFAULT_POINTS = {"justifications": 5}
"""Kinds whose ``points`` may be left out, and their default: participation by reasons given weighs little."""

_NAMES = {
    "orders_every_turn": "Orders every turn",
    "justifications": "Justified orders",
    "notes": "Notes",
    "strong_arguments": "Strong arguments",
    "argument_progress": "Arguments improved",
    "teacher_marks": "Teacher's marks",
    "written_work": "Plan and reflection",
    "written_marks": "Plan and reflection marked",
    "within_budget": "Within budget",
    "rank": "Final rank",
    "score": "Final score",
    "objectives": "Objectives met",
    "track_floor": "Kept a track up",
    "counter_events": "Answered events",
    "instrument_variety": "Instruments used",
    "escalation": "Escalation",
    "loss": "Collapse",
}
_TOP_KEYS = ("format", "id", "title", "summary", "scenario", "grade_bots", "require_finished", "weights", "criteria")
_COMMON_KEYS = ("id", "name", "kind", "half", "points")


class RubricError(ProblemsError):
    """A rubric file is not valid; ``problems`` lists the first problems found, ``more`` counts the rest."""


@valueclass.frozen
class Criterion:
    """One line of a rubric: what is measured, in which half, for how many points.

    Only the fields of its ``kind`` mean anything (see ``KINDS``); the others
    keep their defaults.
    """

    id: str
    name: str
    kind: str
    half: str
    points: int
    """The most a criterion gives, or for a penalty the most it takes away."""
    min_chars: int = 20
    min_rated: int = 1
    """``strong_arguments``, ``argument_progress``: the rated orders needed (in each half of the game, for progress)."""
    gain: int = 50
    """``argument_progress``: the rise, in percentage points of strong arguments, that earns every point."""
    scale: int = 3
    """``teacher_marks``: the highest mark a justification can get."""
    count: int = 1
    reserve: int = 0
    target: int = 1
    track: str = ""
    value: int = 0
    category: str = "disinformation"
    within: int = 1
    categories: tuple[str, ...] = ("arms_sale", "exercise")
    fragile: int = -1
    """-1: off; otherwise orders aimed at a region this stable or less count as escalation."""
    per_incident: int = 1

    @property
    def penalty(self) -> bool:
        """True for kinds that only take points away."""
        return self.kind in PENALTIES


@valueclass.frozen
class Rubric:
    """A validated rubric."""

    id: str
    title: str
    summary: str
    scenario: str
    """The id of the scenario whose records this rubric grades."""
    weights: tuple[tuple[str, int], ...]
    """Participation and performance weights, in that order."""
    criteria: tuple[Criterion, ...]
    grade_bots: bool = False
    """False: seats played by a bot strategy get no grade."""
    require_finished: bool = False
    """True: a record of an unfinished game is rejected instead of graded."""
    format: int = FORMAT_VERSION
    sha256: str = ""

    def weight(self, half: str) -> int:
        """The weight of ``half``."""
        return dict(self.weights)[half]

    @property
    def total_weight(self) -> int:
        """What a perfect team scores in all."""
        return sum(weight for _, weight in self.weights)

    def half_maximum(self, half: str) -> int:
        """The points the criteria of ``half`` can give, penalties left out."""
        return sum(c.points for c in self.criteria if c.half == half and not c.penalty)

    def min_chars(self) -> int:
        """The length a reason must have to count as given: the first ``justifications`` criterion's (20 without one)."""
        return next((c.min_chars for c in self.criteria if c.kind == "justifications"), 20)

    def scale(self) -> int | None:
        """The highest mark a teacher gives a justification, plan or reflection (the largest ``teacher_marks`` or
        ``written_marks`` scale); None when no criterion reads marks."""
        return max((c.scale for c in self.criteria if c.kind in ("teacher_marks", "written_marks")), default=None)

    def tracks(self) -> tuple[str, ...]:
        """Faction tracks the criteria read (a scenario graded by this rubric must have them)."""
        return tuple(dict.fromkeys(c.track for c in self.criteria if c.kind == "track_floor"))


# -- loading ------------------------------------------------------------------------------------


def load_rubric_file(path: str | Path) -> Rubric:
    """Read and validate the rubric at ``path``; ``RubricError`` on any problem."""
    return load_rubric_text(read_input_file(path, "rubric file", RubricError, MAX_FILE_BYTES), str(path))


def bundled_rubric_ids() -> list[str]:
    """Ids of the scenarios that ship an example rubric, sorted."""
    folder = resources.files("scenarios").joinpath("rubrics")
    if not folder.is_dir():
        return []
    return sorted(item.name[:-5] for item in folder.iterdir() if item.name.endswith(".toml"))


def find_rubric(name: str) -> Rubric:
    """The example rubric of a bundled scenario by its id, or a rubric file by path."""
    if "/" in name or "\\" in name or name.endswith(".toml") or Path(name).exists():
        return load_rubric_file(name)
    if name not in bundled_rubric_ids():
        known = ", ".join(bundled_rubric_ids()) or "none"
        raise RubricError(name, [Problem("", f"no such file, and no bundled scenario has a rubric with this id (bundled: {known})")])
    text = resources.files("scenarios").joinpath("rubrics").joinpath(f"{name}.toml").read_text(encoding="utf-8")
    return load_rubric_text(text, f"scenarios/rubrics/{name}.toml")


def load_rubric_text(text: str, file: str = "<rubric>") -> Rubric:
    """Validate rubric TOML ``text``; ``file`` names it in error messages."""
    if len(text) > MAX_FILE_BYTES:
        raise RubricError(file, [Problem("", f"text is longer than {MAX_FILE_BYTES} characters")])
    raw, syntax = parse_toml(text)
    if syntax is not None:
        raise RubricError(file, [valueclass.evolve(syntax, message=syntax.message.replace("a scenario", "a rubric"))])
    if not raw:
        raise RubricError(file, [Problem("", "the rubric is empty")])
    reader = Reader(text)
    reader.characters(raw)
    rubric = _build(reader, raw)
    if not reader.problems:
        _check_scenario_tracks(reader, rubric)
    if reader.problems:
        raise RubricError(file, reader.problems, reader.more)
    return valueclass.evolve(rubric, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())


def _build(r: Reader, raw: dict[str, Any]) -> Rubric:
    top = r.table(raw, "$", _TOP_KEYS)
    version = r.integer(top, "format", "$", low=1)
    if version > FORMAT_VERSION:
        r.problem("$.format", f"format {version} is newer than this program reads (at most {FORMAT_VERSION}); upgrade Détente")
    criteria = tuple(_criterion(r, path, item) for path, item in r.array_of_tables(top, "criteria", "$", limit=MAX_CRITERIA, required=True))
    used = [half for half in HALVES if any(c.half == half and not c.penalty for c in criteria)]
    weights_raw = r.table(top.get("weights", {}), "$.weights", HALVES)
    weights = tuple((half, r.integer(weights_raw, half, "$.weights", 100 // len(used) if half in used else 0, 0, 1000)) for half in HALVES)
    rubric = Rubric(
        id=r.identifier(top, "id", "$"),
        title=r.text(top, "title", "$"),
        summary=r.text(top, "summary", "$", "", lines=True),
        scenario=r.identifier(top, "scenario", "$"),
        weights=weights,
        criteria=criteria,
        grade_bots=r.boolean(top, "grade_bots", "$", False),
        require_finished=r.boolean(top, "require_finished", "$", False),
        format=version,
    )
    seen: set[str] = set()
    for index, criterion in enumerate(criteria):
        if criterion.id and criterion.id in seen:
            r.problem(f"$.criteria[{index}].id", f"duplicate criterion id {criterion.id!r}")
        seen.add(criterion.id)
    if sum(w for _, w in weights) == 0:
        r.problem("$.weights", "the weights add up to 0; give participation or performance a weight above 0")
    for half, weight in weights:
        if weight and criteria and rubric.half_maximum(half) == 0:
            r.problem("$.criteria", f"{half} has weight {weight} but no criterion that gives points; add one or set its weight to 0")
    return rubric


def _criterion(r: Reader, path: str, item: Any) -> Criterion:
    given = item.get("kind") if isinstance(item, dict) else None
    kind = r.choice(item if isinstance(item, dict) else {}, "kind", path, tuple(KINDS))
    default_half, own = KINDS[kind]
    if given not in KINDS:  # an unknown kind: accept any criterion key rather than pile up problems
        c = r.table(item, path, _COMMON_KEYS + tuple(key for _, keys in KINDS.values() for key in keys))
        own = ()
    else:
        c = r.table(item, path, _COMMON_KEYS + own)
    fields: dict[str, Any] = {}
    if "min_chars" in own:
        fields["min_chars"] = r.integer(c, "min_chars", path, 20, 0, 2000)
    if "min_rated" in own:
        fields["min_rated"] = r.integer(c, "min_rated", path, 1, 1, 1000)
    if "gain" in own:
        fields["gain"] = r.integer(c, "gain", path, 50, 1, 100)
    if "scale" in own:
        fields["scale"] = r.integer(c, "scale", path, 3, 1, 100)
    half = r.choice(c, "half", path, HALVES, default_half)
    if kind in PARTICIPATION_ONLY:
        half = PARTICIPATION  # whatever the file says: a rubric that put it in performance still loads
    if kind == "notes" and own:
        fields["count"] = r.integer(c, "count", path, 1, 1, 100)
    if kind == "instrument_variety" and own:
        fields["count"] = r.integer(c, "count", path, 4, 1, len(CATEGORIES))
    if "reserve" in own:
        fields["reserve"] = r.integer(c, "reserve", path, 0, 0, 999)
    if "target" in own:
        fields["target"] = r.integer(c, "target", path, low=1, high=10_000)
    if "track" in own:
        fields["track"] = r.identifier(c, "track", path)
        fields["value"] = r.integer(c, "value", path, low=-99, high=99)
    if "category" in own:
        fields["category"] = r.choice(c, "category", path, CARD_CATEGORIES, "disinformation")
        fields["within"] = r.integer(c, "within", path, 1, 1, 50)
    if "categories" in own:
        categories = r.strings(c, "categories", path, limit=len(CATEGORIES)) if "categories" in c else ("arms_sale", "exercise")
        for index, name in enumerate(categories):
            if name not in CATEGORIES:
                r.problem(f"{path}.categories[{index}]", f"{name!r} is not a move category; expected one of: {', '.join(CATEGORIES)}")
        fields["categories"] = categories
        fields["fragile"] = r.integer(c, "fragile", path, -1, -1, 5)
        fields["per_incident"] = r.integer(c, "per_incident", path, 1, 1, 1000)
    return Criterion(
        id=r.identifier(c, "id", path),
        name=r.text(c, "name", path, _NAMES[kind]),
        kind=kind,
        half=half,
        points=r.integer(c, "points", path, DEFAULT_POINTS[kind], 1, 1000) if kind in DEFAULT_POINTS else r.integer(c, "points", path, low=1, high=1000),
        **fields,
    )


def _check_scenario_tracks(r: Reader, rubric: Rubric) -> None:
    """When the rubric's scenario is bundled, the tracks it names must exist there."""
    from engine.catalog import bundled_ids, load_bundled

    if rubric.scenario not in bundled_ids():
        return
    scenario = load_bundled(rubric.scenario)
    known = [t.id for t in scenario.tracks]
    for index, criterion in enumerate(rubric.criteria):
        if criterion.kind == "track_floor" and criterion.track not in known:
            r.problem(f"$.criteria[{index}].track", f"{rubric.scenario} has no track {criterion.track!r}; its tracks: {', '.join(known)}")
