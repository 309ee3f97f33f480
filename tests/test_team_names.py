"""Team names (set at facilitate or at the door) reach the grade report, the marking sheet and the
after-action review through the record's header."""

from __future__ import annotations

from pathlib import Path

from engine import Game, load_scenario_file
from engine.record import parse_record, record_lines, replay
from grading.grades import grade_game
from grading.rubric import load_rubric_text
from players.autoplay import autoplay
from players.bots import RandomBot
from reports.aar import Review

MINI = Path(__file__).parent / "scenarios" / "mini.toml"
RUBRIC = """format = 1
id = "r"
title = "R"
scenario = "mini"

[[criteria]]
id = "rank"
kind = "rank"
points = 5
"""


def _record(teams):
    scenario = load_scenario_file(MINI)
    game = autoplay(Game(scenario, 3), {f.id: RandomBot() for f in scenario.factions})
    text = "\n".join(record_lines(game, {"blue": "human", "red": "human", "green": "random"}, "2026-01-01T00:00:00Z", teams)) + "\n"
    return parse_record(text, "class.jsonl")


def test_the_grade_and_the_marking_sheet_name_the_team_and_fall_back_to_the_faction():
    record = _record({"blue": "Blue team <3a>", "red": "Reds"})
    result = replay(record)
    grade = grade_game(record, result.game, load_rubric_text(RUBRIC, "r.toml"), sheet=True)
    assert {t.faction: t.team for t in grade.teams} == {"blue": "Blue team <3a>", "red": "Reds"}
    assert {row.team for row in grade.sheet} <= {"Blue team <3a>", "Reds"}
    plain = _record(None)
    assert {t.faction: t.team for t in grade_game(plain, replay(plain).game, load_rubric_text(RUBRIC, "r.toml")).teams} == {"blue": "Blue", "red": "Red"}


def test_the_review_names_the_teams_with_their_seats():
    record = _record({"blue": "Blue team"})
    review = Review(replay(record), "2026-01-02T00:00:00Z")
    assert any("Blue (human, team Blue team)" in line for line in review.meta())
