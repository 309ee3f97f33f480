"""The teacher's judgement in the grade: reasons that count, the facilitator's ratings, the marking sheet and marks.

The evidence of issue 14 first: four records of one game with the same
orders and different justifications — thoughtful, gibberish, factually
unrelated, empty — must not score the same.
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import pytest

from detente.cli import main
from engine import Game
from engine.inputs import Order, Rating
from engine.record import write_record
from grading.grades import grade_file, tenths
from grading.justification import EMPTY, GIVEN, OFF_TOPIC, REPEAT, SHORT, ReasonJudge
from grading.rubric import load_rubric_text

CREATED = "2026-03-02T09:15:00Z"
MINI = Path(__file__).parent / "scenarios" / "mini.toml"
RUBRIC = """format = 1
id = "judged"
title = "Judged"
scenario = "mini"

[weights]
participation = 20
performance = 80

[[criteria]]
id = "reasons"
kind = "justifications"
min_chars = 15

[[criteria]]
id = "arguments"
kind = "strong_arguments"
points = 10

[[criteria]]
id = "progress"
kind = "argument_progress"
points = 10

[[criteria]]
id = "marks"
kind = "teacher_marks"
scale = 4
points = 10
"""
PLAN = [  # blue's move and target each turn; red and green pass
    ("aid", "north"),
    ("exercise", "east"),
    ("comms", "north"),
    ("training", "north"),
]
REASONS = {
    "thoughtful": [
        "Aid to the North builds capacity before the rumours land.",
        "A joint exercise in the East reassures a wavering partner.",
        "Strategic communication answers the rumour mill in the North.",
        "Training in the North pays off after the game's last turn.",
    ],
    "gibberish": ["asdf qwer zxcv uiop hjkl bnm asdf"] * 4,
    "unrelated": ["The moon is made of cheese, so this wins the war."] * 4,
    "empty": [""] * 4,
}


def play(mini, reasons: list[str], ratings: dict[int, bool] | None = None) -> Game:
    """Blue plays ``PLAN`` with ``reasons``; ``ratings`` rates blue's order on some turns (turn → strong)."""
    game = Game(mini, 3)
    for turn, ((move, target), why) in enumerate(zip(PLAN, reasons), start=1):
        game.submit("blue", [Order(move, target, why)])
        if ratings and turn in ratings:
            game.apply(Rating("blue", 1, ratings[turn]))
        game.resolve()
    return game


@pytest.fixture
def rubric():
    return load_rubric_text(RUBRIC, "judged.toml")


def graded_team(tmp_path, game, rubric, marks=None):
    path = tmp_path / "game.jsonl"
    write_record(path, game, {"blue": "human", "red": "random", "green": "random"}, CREATED)
    return grade_file(path, rubric, marks=marks).teams[0]


def points(team, criterion):
    mark = next(m for m in team.marks if m.id == criterion)
    return mark.points, mark.why


def test_four_justifications_of_one_game_no_longer_score_the_same(tmp_path, mini, rubric):
    scored = {kind: points(graded_team(tmp_path, play(mini, reasons), rubric), "reasons") for kind, reasons in REASONS.items()}
    assert scored["thoughtful"][0] == 5
    assert [scored[kind][0] for kind in ("gibberish", "unrelated", "empty")] == [0, 0, 0]
    assert scored["gibberish"][1] == f"gave a reason of 15+ characters about the order for 0 of 4 orders (not counted: 4 {OFF_TOPIC})"
    assert scored["empty"][1].endswith("(not counted: 4 empty)")


def test_a_reason_counts_once_and_only_when_it_speaks_of_the_order(mini):
    judge = ReasonJudge(mini)
    earlier: set[str] = set()
    aid = Order("aid", "north", "")
    verdicts = [
        judge.verdict(Order("aid", "north", why), earlier, 15)
        for why in ("", "Too short.", "Northern partners need it now.", "northern partners NEED it now!", "Because the rumours spread.", "Because.")
    ]
    assert verdicts == [EMPTY, SHORT, GIVEN, REPEAT, GIVEN, SHORT]
    assert judge.verdict(aid.__class__("aid", "north", "We like the colour of the sea today."), earlier, 15) == OFF_TOPIC


def test_strong_arguments_and_their_progress_come_from_the_facilitators_ratings(tmp_path, mini, rubric):
    team = graded_team(tmp_path, play(mini, REASONS["thoughtful"], {1: False, 2: False, 3: True, 4: True}), rubric)
    assert points(team, "arguments") == (Fraction(5), "2 of 4 rated arguments were strong (0 of 4 orders not rated)")
    assert points(team, "progress") == (
        Fraction(10),
        "strong arguments went from 0 of 2 (turns 1–2) to 2 of 2 (turns 3–4); every point for a rise of 50 percentage points or all strong",
    )
    worse = graded_team(tmp_path, play(mini, REASONS["thoughtful"], {1: True, 2: True, 3: False, 4: True}), rubric)
    assert points(worse, "progress")[0] == 0  # 100 % → 50 %: down 50 points
    unrated = graded_team(tmp_path, play(mini, REASONS["thoughtful"]), rubric)
    assert points(unrated, "arguments") == (Fraction(0), "the facilitator rated 0 of its 4 orders (1 needed to judge): no points")


def test_a_withdrawn_or_replaced_rating_does_not_count(tmp_path, mini, rubric):
    game = Game(mini, 3)
    game.submit("blue", [Order("aid", "north", "Aid to the North now.")])
    game.apply(Rating("blue", 1, True))
    game.apply(Rating("blue", 1, None))
    game.resolve()
    game.submit("blue", [Order("aid", "north", "Aid to the North again.")])
    game.apply(Rating("blue", 1, True))
    game.submit("blue", [Order("comms", "north", "Answer the rumour mill.")])  # replacing the orders drops their ratings
    game.resolve()
    team = graded_team(tmp_path, game, rubric)
    assert points(team, "arguments")[0] == 0


def test_justifications_count_in_participation_only_with_a_small_default(rubric):
    assert next(c for c in rubric.criteria if c.kind == "justifications").points == 5
    older = load_rubric_text(RUBRIC.replace("min_chars = 15\n", 'min_chars = 15\nhalf = "performance"\npoints = 20\n'), "judged.toml")
    assert [(c.half, c.points) for c in older.criteria if c.kind == "justifications"] == [("participation", 20)]  # an older rubric still loads


def test_the_marking_sheet_round_trips_the_teachers_marks(tmp_path, mini, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("class").mkdir()
    game = play(mini, REASONS["thoughtful"], {2: True})
    write_record("class/t1.jsonl", game, {"blue": "human", "red": "random", "green": "random"}, CREATED)
    Path("judged.toml").write_text(RUBRIC, encoding="utf-8")
    base = ["grade", "class", "--rubric", "judged.toml", "--scenario", str(MINI)]
    assert main([*base, "--sheet", "sheet.csv", "--out", "g.md"]) == 0
    assert main([*base, "--sheet", "sheet.html", "--out", "g.md"]) == 0
    rows = list(csv.DictReader(Path("sheet.csv").open(encoding="utf-8", newline="")))
    assert [(r["turn"], r["move"], r["target"], r["rating"], r["counted"]) for r in rows] == [
        ("1", "Military aid", "North", "", GIVEN),
        ("2", "Joint exercise", "East", "strong", GIVEN),
        ("3", "Strategic communication", "North", "", GIVEN),
        ("4", "Training programme", "North", "", GIVEN),
    ]
    assert all(r["outcome"] and r["receptivity"] and r["standing"].startswith("influence ") for r in rows)
    page = Path("sheet.html").read_text(encoding="utf-8")
    assert "Strategic communication answers the rumour mill in the North." in page and '<td class="mark"></td>' in page
    for row, mark in zip(rows, ("4", "2", "", "3")):
        row["mark"] = mark
    rows[2]["comment"] = "Names the event it answers."
    with Path("marks.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert main([*base, "--marks", "marks.csv", "--out", "g.csv"]) == 0
    graded = next(csv.DictReader(Path("g.csv").open(encoding="utf-8", newline="")))
    assert (graded["marks_points"], graded["marks_why"]) == (
        tenths(Fraction(10) * 3 / 4),
        "marked 3 of 4 justifications, 3.0 of 4 on average; comments: T3#1: Names the event it answers.",
    )


def test_bad_marks_are_refused_at_their_line(tmp_path, monkeypatch, capsys, mini):
    monkeypatch.chdir(tmp_path)
    write_record("t1.jsonl", play(mini, REASONS["thoughtful"]), {}, CREATED)
    Path("judged.toml").write_text(RUBRIC, encoding="utf-8")
    Path("marks.csv").write_text("file,faction,turn,order,mark,comment\nt1.jsonl,blue,1,1,5,\n", encoding="utf-8")
    assert main(["grade", "t1.jsonl", "--rubric", "judged.toml", "--marks", "marks.csv"]) == 1
    assert capsys.readouterr().err.strip() == "detente grade: marks.csv:2: mark '5' is not a whole number from 0 to 4"
    Path("marks.csv").write_text("file,turn,mark\n", encoding="utf-8")
    assert main(["grade", "t1.jsonl", "--rubric", "judged.toml", "--marks", "marks.csv"]) == 1
    assert "it has no faction, order, comment column" in capsys.readouterr().err
    Path("plain.toml").write_text(RUBRIC.split('[[criteria]]\nid = "marks"')[0], encoding="utf-8")
    assert main(["grade", "t1.jsonl", "--rubric", "plain.toml", "--marks", "marks.csv"]) == 2
    assert "has no teacher_marks or written_marks criterion" in capsys.readouterr().err


def test_the_marking_sheet_shows_receptivity_as_it_stood_when_the_order_was_given():
    """In format 2 a partner's receptivity moves in play (rule 13.3): each row shows the value of its turn, not the start's."""
    from engine import load_scenario_file
    from engine.record import parse_record, record_lines, replay
    from grading.grades import grade_game
    from players.autoplay import autoplay
    from players.bots import RandomBot

    scenario = load_scenario_file(Path(__file__).parent / "rules" / "scenarios" / "partners.toml")
    game = autoplay(Game(scenario, 1), {f.id: RandomBot() for f in scenario.factions})
    record = parse_record("\n".join(record_lines(game, {}, CREATED)) + "\n")
    rubric = load_rubric_text('format = 1\nid = "p"\ntitle = "P"\nscenario = "partners"\n[[criteria]]\nid = "in"\nkind = "orders_every_turn"\npoints = 1\n')
    rows = [row for row in grade_game(record, replay(record).game, rubric, sheet=True).sheet if row.receptivity]
    names = {r.name: r for r in scenario.regions}
    moves = {m.name: m for m in scenario.moves}
    moved = 0
    for row in rows:
        category = moves[row.move].category
        before = replay(record, to_turn=row.turn - 1).game if row.turn > 1 else Game(scenario, 1)
        standing = before.state.regions[names[row.target].id].receptivity.get(category, 0)
        assert row.receptivity == f"{standing:+d} to {category.replace('_', ' ')}", (row.turn, row.target)
        moved += standing != names[row.target].receptivity_for(category)
    assert moved, "no order of this game met a receptivity that had moved: pick another seed"
