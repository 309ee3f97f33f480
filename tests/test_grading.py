"""Grading: the rubric format, every criterion kind on a game scripted to the turn, rejected files.

The scripted game (``SCENARIO`` below) is small enough to follow by hand:

- turn 1: a scheduled fake-news card lands on North. Blue answers it with
  Strategic communication (no roll: it cancels the card), and also orders a
  Patrol; then the facilitator injects a budget cut on Blue, so the patrol
  fizzles for lack of money. Red gives no orders.
- turn 2: fake news lands on South, where Blue has influence; nobody answers
  it. Blue sells arms to South (stability 1: a fragile state). Red sells arms
  to the Isle and purges at home (domestic support 5 → 2).
- turn 3: Blue gives military aid to North; Red purges again (2 → 0) and
  collapses: the game ends with Blue the winner.
"""

from __future__ import annotations

import decimal
import json
from fractions import Fraction
from pathlib import Path

import pytest
from class_folder import CLASS4, CREATED, RUBRIC
from hypothesis import given
from hypothesis import strategies as st

from engine import Game, Order, load_scenario_text
from engine.catalog import bundled_ids
from engine.record import write_record
from grading.grades import Rejected, grade_file, tenths, weighted_half
from grading.rubric import KINDS, RubricError, bundled_rubric_ids, find_rubric, load_rubric_text

SCENARIO = """
format = 1
id = "gradekit"
title = "Grade kit"
turns = 3
orders_per_turn = 3
events_per_turn = 0

[[tracks]]
id = "credibility"
name = "Credibility"
min = 0
max = 10

[[tracks]]
id = "domestic_support"
name = "Domestic support"
min = 0
max = 10

[[factions]]
id = "blue"
name = "Blue Team"
letter = "B"
budget = 6
income = 2
tracks = { credibility = 5, domestic_support = 5 }

[[factions.objectives]]
id = "north_four"
text = "Influence 4 in the North."
kind = "influence"
region = "north"
value = 4
points = 2

[[factions]]
id = "red"
name = "Red Team"
letter = "R"
budget = 6
income = 2
tracks = { credibility = 5, domestic_support = 5 }

[[regions]]
id = "north"
name = "North"
stability = 3
influence = { blue = 2, red = 1 }

[[regions]]
id = "south"
name = "South"
stability = 1
influence = { blue = 1 }

[[regions]]
id = "isle"
name = "Isle"
stability = 2
influence = { red = 2 }

[[moves]]
id = "comms"
name = "Strategic communication"
category = "communication"
cost = 1
effects = { influence = 1 }

[[moves]]
id = "patrol"
name = "Patrol"
category = "exercise"
cost = 2
effects = { influence = 1 }
side_effects = { stability = -1 }

[[moves]]
id = "arms"
name = "Arms sale"
category = "arms_sale"
cost = 1
effects = { influence = 1 }

[[moves]]
id = "aid"
name = "Military aid"
category = "aid"
cost = 3
effects = { influence = 2 }

[[moves]]
id = "purge"
name = "Purge"
category = "dialogue"
target = "home"
cost = 0
effects = { domestic_support = -3 }

[[cards]]
id = "fake"
name = "Fake news"
category = "disinformation"
text = "Lies."
target = "random_region"
copies = 0
countered_by = ["comms"]

[cards.modifier]
turns = 2
gain_divisor = 2

[[cards]]
id = "cut"
name = "Budget cut"
category = "budget_cut"
text = "Less money."
target = "random_faction"
copies = 0
effects = { budget = -5 }

[[schedule]]
turn = 1
card = "fake"
target = "north"

[[schedule]]
turn = 2
card = "fake"
target = "south"
"""

RUBRIC_TEXT = """
format = 1
id = "kit"
title = "Kit rubric"
scenario = "gradekit"

[weights]
participation = 40
performance = 60

[[criteria]]
id = "orders"
kind = "orders_every_turn"
points = 6

[[criteria]]
id = "reasons"
kind = "justifications"
min_chars = 20
points = 8

[[criteria]]
id = "notes"
kind = "notes"
count = 2
points = 4

[[criteria]]
id = "budget"
kind = "within_budget"
half = "participation"
points = 2

[[criteria]]
id = "rank"
kind = "rank"
points = 6

[[criteria]]
id = "score"
kind = "score"
target = 10
points = 4

[[criteria]]
id = "objectives"
kind = "objectives"
points = 2

[[criteria]]
id = "home"
kind = "track_floor"
track = "domestic_support"
value = 4
points = 4

[[criteria]]
id = "fakes"
kind = "counter_events"
points = 4

[[criteria]]
id = "tools"
kind = "instrument_variety"
count = 3
points = 3

[[criteria]]
id = "escalation"
kind = "escalation"
fragile = 1
per_incident = 2
points = 3

[[criteria]]
id = "collapse"
kind = "loss"
points = 5
"""


def scripted_game() -> Game:
    game = Game(load_scenario_text(SCENARIO, "gradekit.toml"), 1)
    game.submit("blue", [Order("comms", "north", "Rebut the fake memo before it spreads."), Order("patrol", "north", "Show.")])
    game.inject("cut", "blue")
    game.note("We answer lies first.", "blue")
    game.resolve()
    game.submit("blue", [Order("arms", "south")])
    game.submit("red", [Order("arms", "isle", "Our old client."), Order("purge", "", "Clear the ministry of doubters.")])
    game.resolve()
    game.submit("blue", [Order("aid", "north", "Build capacity in the North for the long run.")])
    game.submit("red", [Order("purge")])
    game.resolve()
    assert game.is_over
    return game


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    path = tmp_path_factory.mktemp("kit") / "game.jsonl"
    write_record(path, scripted_game(), {"blue": "human", "red": "orders"}, CREATED)
    return grade_file(path, load_rubric_text(RUBRIC_TEXT, "kit.toml"))


def marks(team):
    return {m.id: (tenths(m.points), m.why) for m in team.marks}


def test_every_criterion_kind_is_measured_from_the_replayed_game(graded):
    blue, red = graded.teams
    assert (blue.team, blue.seat, blue.score, blue.rank, blue.result) == ("Blue Team", "human", graded.scores[0][1], 1, "winner")
    assert marks(blue) == {
        "orders": ("6.0", "submitted orders on all 3 turns"),
        "reasons": ("4.0", "gave a reason of 20+ characters about the order for 2 of 4 orders (not counted: 1 empty; 1 too short)"),
        "notes": ("2.0", "wrote 1 note (2 asked for)"),
        "budget": ("1.3", "paid for every order on 2 of 3 turns (turn 1: Patrol → North fizzled, costs 2 but only 0 is left)"),
        "rank": ("6.0", "ranked 1st of 2 with a score of 9"),
        "score": ("3.6", "final score 9 (full points at 10)"),
        "objectives": ("2.0", "met 1 of 1 objective at the end: Influence 4 in the North"),
        "home": ("4.0", "kept domestic support at 4 or more after every turn (lowest 5)"),
        "fakes": ("2.0", "answered 1 of 2 disinformation events in the turn it appeared; missed: Fake news → South (turn 2)"),
        "tools": ("3.0", "used 3 instrument categories (3 asked for): communication, aid, arms sale"),
        "escalation": ("-2.0", "1 escalation, −2: Arms sale → South, turn 2 (stability was 1)"),
        "collapse": ("0.0", "did not collapse: no deduction"),
    }
    assert marks(red) == {
        "orders": ("4.0", "submitted orders on 2 of 3 turns (none on turn 1)"),
        "reasons": (
            "0.0",
            "gave a reason of 20+ characters about the order for 0 of 3 orders (not counted: 1 empty; 1 too short; 1 names neither the move, its target nor an event)",
        ),
        "notes": ("0.0", "wrote no notes (2 asked for)"),
        "budget": ("2.0", "paid for every order on all 3 turns"),
        "rank": ("0.0", "collapsed, so ranked 2nd of 2"),
        "score": ("2.4", "final score 6 (full points at 10)"),
        "objectives": ("2.0", "the scenario sets this faction no objectives"),
        "home": ("1.3", "domestic support was below 4 after 2 of 3 turns (lowest 0, turn 3)"),
        "fakes": ("4.0", "no disinformation event that could be answered touched this faction; 1 more cleared by others"),
        "tools": ("2.0", "used 2 instrument categories (3 asked for): dialogue, arms sale"),
        "escalation": ("0.0", "no escalation: no arms sale or exercise order lowered a region's stability or aimed at a region of stability 1 or less"),
        "collapse": ("-5.0", "collapsed on turn 3 (domestic support fell to its minimum): −5"),
    }


def test_halves_are_weighted_and_floored(graded):
    blue, red = graded.teams
    # Participation criteria give at most 6 + 8 + 4 + 2 = 20 points, performance 6 + 4 + 2 + 4 + 4 + 3 = 23.
    assert blue.participation == Fraction(40) * (6 + 4 + 2 + Fraction(4, 3)) / 20
    assert blue.performance == Fraction(60) * (6 + Fraction(18, 5) + 2 + 4 + 2 + 3 - 2) / 23
    assert blue.total == blue.participation + blue.performance
    assert red.performance == Fraction(60) * (0 + Fraction(12, 5) + 2 + Fraction(4, 3) + 4 + 2 - 5) / 23
    assert red.participation == Fraction(40) * (4 + 0 + 0 + 2) / 20
    assert (tenths(blue.total), tenths(red.total)) == ("75.2", "29.6")
    assert (graded.finished, graded.termination, graded.winners, graded.losers) == (True, "collapse", ("blue",), ("red",))


def test_a_penalty_never_takes_a_half_below_zero(tmp_path):
    path = tmp_path / "game.jsonl"
    write_record(path, scripted_game(), {}, CREATED)
    harsh = load_rubric_text(RUBRIC_TEXT.replace('kind = "loss"\npoints = 5', 'kind = "loss"\npoints = 100'), "kit.toml")
    red = grade_file(path, harsh).teams[1]
    assert marks(red)["collapse"][0] == "-100.0"
    assert (red.performance, red.total) == (0, red.participation)


def test_tenths_round_half_away_from_zero():
    assert [tenths(Fraction(n, 20)) for n in (1, 3, -1, -3, 0)] == ["0.1", "0.2", "-0.1", "-0.2", "0.0"]
    assert tenths(Fraction(-1, 100)) == "0.0"
    assert [tenths(Fraction(n)) for n in (100, -100, 0)] == ["100.0", "-100.0", "0.0"]


@given(st.fractions(max_denominator=10**12).filter(lambda value: abs(value) < 10**9))
def test_tenths_are_decimal_rounding_half_up(value):
    """Tenths are counted in integers; they are what decimal arithmetic exact to 60 digits prints (no '-0.0')."""
    with decimal.localcontext() as context:
        context.prec = 60
        exact = decimal.Decimal(value.numerator) / decimal.Decimal(value.denominator)
        expected = str(exact.quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP) + 0)
    assert tenths(value) == expected


def test_bots_are_not_graded_unless_the_rubric_says_so(tmp_path):
    path = tmp_path / "game.jsonl"
    write_record(path, scripted_game(), {"blue": "human", "red": "random"}, CREATED)
    rubric = load_rubric_text(RUBRIC_TEXT, "kit.toml")
    assert [t.faction for t in grade_file(path, rubric).teams] == ["blue"]
    everyone = load_rubric_text(RUBRIC_TEXT.replace('scenario = "gradekit"', 'scenario = "gradekit"\ngrade_bots = true'), "kit.toml")
    assert [t.faction for t in grade_file(path, everyone).teams] == ["blue", "red"]


def test_stored_numbers_are_never_trusted(tmp_path):
    """A result line with better scores (and a checksum recomputed to match) is rejected, not graded."""
    from class_folder import _resealed

    path = tmp_path / "game.jsonl"
    write_record(path, scripted_game(), {}, CREATED)
    lines = path.read_text(encoding="utf-8").splitlines()
    result = next(i for i, line in enumerate(lines) if '"t":"result"' in line)
    value = json.loads(lines[result])
    value["scores"]["red"] = 99
    lines[result] = json.dumps(value, separators=(",", ":"))
    path.write_text(_resealed(lines[:-1]), encoding="utf-8")
    outcome = grade_file(path, load_rubric_text(RUBRIC_TEXT, "kit.toml"))
    assert outcome == Rejected(str(path), f"does not verify: line {result + 1}: turn 3: the recomputed result differs from the record's result")


def test_unfinished_games_are_graded_or_rejected_as_the_rubric_says(tmp_path):
    game = Game(load_scenario_text(SCENARIO, "gradekit.toml"), 1)
    game.submit("blue", [Order("comms", "north")])
    game.resolve()
    path = tmp_path / "game.jsonl"
    write_record(path, game, {}, CREATED)
    rubric = load_rubric_text(RUBRIC_TEXT, "kit.toml")
    grade = grade_file(path, rubric)
    assert (grade.finished, grade.turns_played, [t.result for t in grade.teams]) == (False, 1, ["unfinished", "unfinished"])
    assert marks(grade.teams[0])["rank"][1] == "ranked 1st= of 2 with a score of 3 after turn 1 (unfinished)"
    assert marks(grade.teams[0])["collapse"][1] == "has not collapsed (the game is unfinished): no deduction"
    strict = load_rubric_text(RUBRIC_TEXT.replace('scenario = "gradekit"', 'scenario = "gradekit"\nrequire_finished = true'), "kit.toml")
    assert grade_file(path, strict).reason == "the game is unfinished (after turn 1 of 3) and the rubric grades finished games only"
    fresh = tmp_path / "fresh.jsonl"
    write_record(fresh, Game(load_scenario_text(SCENARIO, "gradekit.toml"), 1), {}, CREATED)
    assert grade_file(fresh, rubric).reason == "no turn was played to its end: there is nothing to grade"


def test_a_file_that_cannot_be_read_is_rejected_not_raised(tmp_path):
    rubric = load_rubric_text(RUBRIC_TEXT, "kit.toml")
    assert grade_file(tmp_path / "missing.jsonl", rubric).reason == "no such file"
    (tmp_path / "binary.jsonl").write_bytes(b"\xff\xfe\x00garbage")
    assert "is not UTF-8 text" in grade_file(tmp_path / "binary.jsonl", rubric).reason


# -- the rubric format ----------------------------------------------------------------------------


def test_the_test_rubric_reads_and_sums_its_halves():
    rubric = find_rubric(str(RUBRIC))
    assert (rubric.id, rubric.scenario, rubric.total_weight) == ("class4_test", "class4", 100)
    assert {c.kind for c in rubric.criteria} == set(KINDS)
    assert (rubric.half_maximum("participation"), rubric.half_maximum("performance")) == (35, 60)
    assert CLASS4.exists()


@pytest.mark.parametrize("scenario_id", bundled_ids())
def test_every_bundled_scenario_ships_a_valid_rubric(scenario_id):
    assert scenario_id in bundled_rubric_ids()
    rubric = find_rubric(scenario_id)
    assert rubric.scenario == scenario_id
    assert rubric.half_maximum("participation") and rubric.half_maximum("performance")


BAD_RUBRICS = {
    "unknown_kind": (
        'format = 1\nid = "r"\ntitle = "R"\nscenario = "indo_pacific"\n\n[[criteria]]\nid = "a"\nkind = "speeches"\npoints = 5\n',
        [
            "r.toml:8: $.criteria[0].kind: 'speeches' is not allowed; expected one of: orders_every_turn, justifications, notes, "
            "strong_arguments, argument_progress, teacher_marks, written_work, written_marks, within_budget, rank, score, objectives, track_floor, counter_events, instrument_variety, escalation, loss"
        ],
    ),
    "key_of_another_kind": (
        'format = 1\nid = "r"\ntitle = "R"\nscenario = "indo_pacific"\n\n[[criteria]]\nid = "a"\nkind = "rank"\ntarget = 3\npoints = 5\n',
        ["r.toml:9: $.criteria[0].target: unknown key 'target'; expected one of: half, id, kind, name, points"],
    ),
    "missing_points_and_track": (
        'format = 1\nid = "r"\ntitle = "R"\nscenario = "mine"\n\n[[criteria]]\nid = "a"\nkind = "track_floor"\nvalue = 3\n',
        [
            "r.toml:6: $.criteria[0].track: missing required key 'track' (a string)",
            "r.toml:6: $.criteria[0].points: missing required key 'points' (an integer)",
        ],
    ),
    "unknown_track_of_bundled_scenario": (
        'format = 1\nid = "r"\ntitle = "R"\nscenario = "indo_pacific"\n\n[[criteria]]\nid = "a"\nkind = "track_floor"\n'
        'track = "morale"\nvalue = 3\npoints = 2\n',
        ["r.toml:9: $.criteria[0].track: indo_pacific has no track 'morale'; its tracks: credibility, domestic_support"],
    ),
    "newer_format": (
        'format = 2\nid = "r"\ntitle = "R"\nscenario = "x"\n\n[[criteria]]\nid = "a"\nkind = "rank"\npoints = 5\n',
        ["r.toml:1: $.format: format 2 is newer than this program reads (at most 1); upgrade Détente"],
    ),
    "duplicate_and_bad_category": (
        'format = 1\nid = "r"\ntitle = "R"\nscenario = "x"\n\n[[criteria]]\nid = "a"\nkind = "rank"\npoints = 5\n\n'
        '[[criteria]]\nid = "a"\nkind = "escalation"\ncategories = ["tanks"]\npoints = 5\n',
        [
            "r.toml:14: $.criteria[1].categories[0]: 'tanks' is not a move category; expected one of: communication, dialogue, "
            "humanitarian, peacekeeping, training, aid, economic, arms_sale, exercise",
            "r.toml:12: $.criteria[1].id: duplicate criterion id 'a'",
        ],
    ),
    "half_without_points": (
        'format = 1\nid = "r"\ntitle = "R"\nscenario = "x"\n\n[weights]\nparticipation = 30\nperformance = 70\n\n'
        '[[criteria]]\nid = "a"\nkind = "rank"\npoints = 5\n',
        ["r.toml:10: $.criteria: participation has weight 30 but no criterion that gives points; add one or set its weight to 0"],
    ),
    "syntax": ('format = 1\nid = "r\n', ["r.toml:2: TOML syntax error: a line ends inside a string (is a quote missing?) (Illegal character '\\n')"]),
}


@pytest.mark.parametrize("name", sorted(BAD_RUBRICS))
def test_bad_rubrics_are_refused_with_located_problems(name):
    text, expected = BAD_RUBRICS[name]
    with pytest.raises(RubricError) as caught:
        load_rubric_text(text, "r.toml")
    assert str(caught.value).splitlines() == expected


def test_a_missing_rubric_names_the_bundled_ones(tmp_path):
    with pytest.raises(RubricError, match="no such file, and no bundled scenario has a rubric with this id"):
        find_rubric("atlantis")
    with pytest.raises(RubricError, match="no such file"):
        find_rubric(str(tmp_path / "gone.toml"))


def test_the_example_rubric_documents_itself():
    text = (Path(__file__).parent.parent / "scenarios" / "rubrics" / "indo_pacific.toml").read_text(encoding="utf-8")
    assert "docs/rubric-format.md" in text and "detente grade" in text


@given(
    st.lists(st.fractions(min_value=-30, max_value=30, max_denominator=60), max_size=20),
    st.integers(min_value=0, max_value=1000),
    st.integers(min_value=0, max_value=200),
)
def test_a_half_is_the_sum_of_its_marks_scaled_to_its_weight_and_kept_within_it(points, weight, maximum):
    """``weighted_half`` adds the marks in integers and makes one fraction: the same exact number as adding them
    as fractions, scaling the sum from the half's most to its weight and keeping it between 0 and the weight."""
    earned = sum(points, Fraction(0))
    expected = min(max(earned, Fraction(0)) * weight / maximum, Fraction(weight)) if maximum else Fraction(0)
    found = weighted_half(points, weight, maximum)
    assert type(found) is Fraction
    assert (found.numerator, found.denominator) == (expected.numerator, expected.denominator)
