"""Lessons as measurable claims: the file, the verdicts, the command, and the bundled scenarios' claims (slow)."""

from __future__ import annotations

import json
import os

import pytest

from detente.cli import main
from engine.catalog import bundled_ids, load_bundled
from lab.balance import GameSummary, run_games
from lab.lessons import (
    LessonsError,
    _statistic,
    bundled_lessons_ids,
    check_against,
    find_lessons,
    lesson_games,
    lessons_report,
    load_lessons_text,
    verdict,
)

MINI = """scenario = "mini"
games = 6

[[claims]]
id = "talk_beats_arms"
lesson = "Talk ranks better than arms."
player = "talk_only"
against = "arms_first"
statistic = "rank"
direction = "lower"

[[claims]]
id = "arms_fair"
lesson = "Arms win less than the fair share."
player = "arms_first"
against = "fair_share"
statistic = "win_rate"
direction = "lower"
seats = ["blue"]
"""


def test_every_bundled_scenario_states_lessons_that_fit_it():
    assert bundled_lessons_ids() == bundled_ids()
    for scenario_id in bundled_ids():
        lessons = find_lessons(scenario_id)
        check_against(lessons, load_bundled(scenario_id), scenario_id)
        assert len(lessons.claims) >= 4
        assert all(claim.lesson for claim in lessons.claims)


BAD = """scenario = "mini"
colour = "red"

[[claims]]
id = "one"
lesson = "x"
player = "cleverbot"
against = "fair_share"
statistic = "score"
direction = "up"

[[claims]]
id = "one"
lesson = "y"
player = "greedy"
against = "greedy"
statistic = "rank"
direction = "lower"
"""


def test_a_bad_lessons_file_gets_one_located_error_per_problem():
    with pytest.raises(LessonsError) as caught:
        load_lessons_text(BAD, "bad.toml")
    lines = str(caught.value).splitlines()
    assert len(lines) == 6, lines
    text = "\n".join(lines)
    assert "bad.toml:2: $.colour: unknown key 'colour'" in text
    assert "bad.toml:7: $.claims[0].player: 'cleverbot' is neither a bundled doctrine nor a bot strategy" in text
    assert "bad.toml:9: $.claims[0].statistic: against fair_share a claim is about the win_rate" in text
    assert "bad.toml:10: $.claims[0].direction: 'up' is not allowed" in text
    assert "$.claims[1].id: duplicate claim id 'one'" in text
    assert "$.claims[1].against: a claim compares two different players" in text


def test_lessons_must_fit_their_scenario(mini):
    wrong = MINI.replace('seats = ["blue"]', 'seats = ["purple"]').replace('statistic = "rank"', 'statistic = "leverage"')
    with pytest.raises(LessonsError) as caught:
        check_against(load_lessons_text(wrong), mini, "wrong.toml")
    text = str(caught.value)
    assert "$.claims[0].statistic: 'leverage' is not a statistic" in text and "$.claims[1].seats: 'purple' is not a faction of mini" in text
    with pytest.raises(LessonsError, match="the lessons are about 'mini', not 'indo_pacific'"):
        check_against(load_lessons_text(MINI), load_bundled("indo_pacific"), "mini.toml")


@pytest.mark.parametrize(
    ("low", "high", "direction", "expected"),
    [
        (0.5, 2.0, "higher", "supported"),
        (0.5, 2.0, "lower", "not supported"),
        (-2.0, -0.1, "lower", "supported"),
        (-2.0, -0.1, "higher", "not supported"),
        (-1.0, 1.0, "higher", "inconclusive"),
        (0.0, 1.0, "higher", "inconclusive"),
    ],
)
def test_the_verdict_reads_the_interval_of_the_difference(low, high, direction, expected):
    assert verdict(low, high, direction) == expected


def summary(scores, winners=(), collapsed=()):
    factions = ("blue", "red", "green")
    rows = ((tuple((s, 0, 5, 5) for s in scores)),)
    return GameSummary(0, factions, ("greedy",) * 3, winners, collapsed, "victory", 5, tuple(scores), rows, 0, (), (), (), ())


def test_a_statistic_is_read_per_game_with_level_finishes_and_collapses_ranked():
    columns = {"credibility": 2, "domestic_support": 3}
    game = summary((30, 30, 10), winners=("blue", "red"))
    assert [_statistic(game, seat, "rank", columns) for seat in range(3)] == [1.5, 1.5, 3.0]
    assert [_statistic(game, seat, "win_rate", columns) for seat in range(3)] == [100.0, 100.0, 0.0]
    collapsed = summary((40, 20, 10), winners=("red",), collapsed=("blue",))
    assert [_statistic(collapsed, seat, "rank", columns) for seat in range(3)] == [3.0, 1.0, 2.0]
    assert _statistic(collapsed, 0, "credibility", columns) == 5.0


def test_the_report_pairs_the_games_and_measures_every_claim(mini):
    lessons = load_lessons_text(MINI)
    games = lesson_games(lessons, mini, 3, 6)
    # talk_only and arms_first in each of the three seats, then arms_first as blue is already listed.
    assert len(games) == 6 * 6
    assert games[0] == (3, ("doctrine:talk_only", "greedy", "greedy")) and games[6] == (3, ("greedy", "doctrine:talk_only", "greedy"))
    result = lessons_report(lessons, mini, 3, 6, run_games(mini, games))
    first, second = result["claims"]
    assert first["games"] == 18 and second["games"] == 6
    assert first["difference"] == pytest.approx(first["value"] - first["against_value"], abs=0.002)
    assert first["ci_low"] <= first["difference"] <= first["ci_high"]
    assert second["against_value"] == 33.333 and second["seats"] == ["Blue"]
    assert first["verdict"] == verdict(first["ci_low"], first["ci_high"], "lower")
    assert sum(result["verdicts"].values()) == 2 and result["seeds"] == [3, 8]
    with pytest.raises(ValueError, match="games given"):
        lessons_report(lessons, mini, 3, 6, [])


def command(*extra):
    return ["lessons", "qadiri_gulf", "--games", "3", "--progress", "never", *extra]


def test_the_command_is_the_same_for_any_worker_count_and_prints_a_verdict_per_claim(capsys):
    assert main(command("--workers", "1", "--format", "json")) == 0
    one = capsys.readouterr().out
    assert main(command("--workers", "2", "--format", "json")) == 0
    assert capsys.readouterr().out == one
    result = json.loads(one)
    assert [c["id"] for c in result["claims"]] == [c.id for c in find_lessons("qadiri_gulf").claims]
    assert all(c["verdict"] in ("supported", "not supported", "inconclusive") for c in result["claims"])
    assert main(command("--workers", "1")) == 0
    out = capsys.readouterr().out
    assert all(len(line) <= 100 for line in out.splitlines())
    assert sum(out.count(f"\n{v.upper()}  ") for v in ("supported", "not supported", "inconclusive")) == len(result["claims"])
    # A rank is better when its number is lower: the text says worse / better, never "rank is higher".
    assert "claim: arms_first's rank is worse (a higher number) than greedy's" in out
    assert "claim: aid_for_dependency's rank is better (a lower number) than arms_first's" in out
    assert "rank is higher" not in out and "rank is lower" not in out
    strict = main(command("--workers", "1", "--strict"))
    capsys.readouterr()
    assert strict == (0 if result["verdicts"]["supported"] == len(result["claims"]) else 1)


def test_the_command_refuses_missing_or_mismatched_lessons_with_exit_1(tmp_path, capsys):
    assert main(["lessons", "tests/scenarios/mini.toml", "--games", "1"]) == 1
    assert "no bundled scenario states lessons with this id" in capsys.readouterr().err
    lessons = tmp_path / "mini.toml"
    lessons.write_text(MINI, encoding="utf-8")
    assert main(["lessons", "indo_pacific", "--lessons", str(lessons), "--games", "1"]) == 1
    err = capsys.readouterr().err
    assert "the lessons are about 'mini', not 'indo_pacific'" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exited:
        main(["lessons", "indo_pacific", "--games", "0"])
    assert exited.value.code == 2


# -- the bundled scenarios' claims ------------------------------------------------------------------

NOT_YET = {
    # The claims the bundled files do not yet bear out (the games per player and seat each lessons file names, greedy
    # field; the reports are in docs/scenarios/reports/): the evidence for the retune. A claim that becomes
    # supported fails here (strict xfail), so this list and the facilitator pages are updated with it.
    ("northern_alliance", "disruption_is_cheap"): "the hybrid disruptor ends with leverage 3.17 as Sarmatia against greedy's 4.66 (gas deals; 200 games)",
}


def bundled_claims():
    for scenario_id in bundled_lessons_ids():
        for claim in find_lessons(scenario_id).claims:
            marks = [pytest.mark.xfail(strict=True, reason=NOT_YET[(scenario_id, claim.id)])] if (scenario_id, claim.id) in NOT_YET else []
            yield pytest.param(scenario_id, claim.id, marks=marks, id=f"{scenario_id}-{claim.id}")


_REPORTS: dict[str, dict] = {}


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("DETENTE_LESSONS"), reason="plays every bundled claim's games (minutes): set DETENTE_LESSONS=1")
@pytest.mark.parametrize(("scenario_id", "claim_id"), list(bundled_claims()))
def test_a_bundled_lesson_is_supported_by_the_lab(scenario_id, claim_id, capsys):
    if scenario_id not in _REPORTS:
        assert main(["lessons", scenario_id, "--workers", "2", "--format", "json", "--progress", "never"]) == 0
        _REPORTS[scenario_id] = json.loads(capsys.readouterr().out)
    claim = next(c for c in _REPORTS[scenario_id]["claims"] if c["id"] == claim_id)
    assert claim["verdict"] == "supported", claim
