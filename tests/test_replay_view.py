"""``detente replay RECORD --view FACTION [--turn N]`` and ``detente aar --view``: any faction's view of a
fogged game (rule 16) at any turn, from its record, exactly as the faction saw it; run as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from engine import Game, Order, load_scenario_file
from engine.record import write_record

FOG = Path(__file__).parent / "scenarios" / "fog.toml"

BLUE_TURN_2 = """\
Fog · B Blue's view · turn 2 of 5, orders phase (fog of war: what it could see)
Budget 9 (income 4) · score 7 · Credibility 5, Domestic support 5

Others:
  R Red: budget ? (hidden) · score 7 · Credibility 5, Domestic support 5
  G Green: budget ? (hidden) · score 7 · Credibility 5, Domestic support 5

Board:
  North                  stability 3   B 3  R 1-2  G 0 · held by B
  East                   stability 4   B 1  R 3-4  G 0 · held by R
  South                  stability 0   B 1  R 0  G 5+ · held by G
  West                   stability 2   B 0  R 0  G 0

Partners:
  East: receptivity aid +2, others 0
    attitudes towards B goodwill 1/5 · R goodwill 1/5 · G goodwill 1/5
  Not revealed to you: North, South, West (receptivity and attitudes unknown).

Turn 1:
  Event: Storm season → South
  stability in South -1 → 1 (event Storm season)
  North is contested by B Blue, R Red: influence gains of 2 or more there are cut by 1
  R Red order 2: Intelligence assessment → North (cost 1)
  B Blue order 1: Strategic talks → East (cost 1)
  B Blue: budget -1 → 7 (Strategic talks, B Blue order 1)
  B Blue: influence in East +1 → 1 (Strategic talks, B Blue order 1)
  B Blue order 2: Development aid → North (cost 2)
  B Blue: budget -2 → 5 (Development aid, B Blue order 2)
  B Blue rolls 5 = 5 vs 4: success
  B Blue: influence in North +1 → 3 (asked +2) (Development aid, B Blue order 2)
  North reacts towards B Blue: Aid is remembered.
  R Red order 1: Joint drill → West (cost 2)
  stability in West -1 → 2 (Joint drill, R Red order 1)
  West reacts towards R Red: Every drill wears out its welcome, whatever comes of it.
  B Blue: budget +4 → 9 (income)
  B Blue scores 7 (+4)
  R Red scores 7 (+0)
  G Green scores 7 (+0)
"""


def detente(*args):
    return subprocess.run([sys.executable, "-m", "detente", *map(str, args)], capture_output=True, text=True)


@pytest.fixture(scope="module")
def record(tmp_path_factory) -> Path:
    """Two turns of the fog scenario (seed 2): Blue talks in East (revealing it) and sends aid to North;
    Red drills in West (it fails) and assesses North (revealing it); on turn 2 Green talks in South and
    Red writes to Green in private."""
    game = Game(load_scenario_file(FOG), 2)
    game.submit("blue", [Order("talks", "east"), Order("aid", "north")])
    game.submit("red", [Order("drill", "west"), Order("intel", "north")])
    game.resolve()
    game.submit("green", [Order("talks", "south")])
    game.message("red", "green", "a secret")
    game.resolve()
    path = tmp_path_factory.mktemp("fog") / "fog.jsonl"
    write_record(path, game, dict.fromkeys(game.factions, "human"), "2026-12-07T00:00:00Z")
    return path


def test_replay_view_prints_exactly_what_blue_saw_as_turn_2_began(record):
    result = detente("replay", record, "--view", "blue", "--turn", 2)
    assert result.returncode == 0, result.stderr
    assert result.stdout == BLUE_TURN_2


def test_each_faction_sees_its_own_numbers_and_messages(record):
    red = detente("replay", record, "--view", "red").stdout
    assert "Budget 12 (income 3)" in red and "B Blue: budget ? (hidden)" in red
    assert "  North                  stability 3   B 3-4  R 1  G 0 · held by B" in red
    assert "Private, R Red to G Green: a secret" in red
    assert "a secret" not in detente("replay", record, "--view", "blue").stdout
    green = json.loads(detente("replay", record, "--view", "green", "--turn", 3, "--format", "json").stdout)
    assert green["faction"] == "green" and green["fog"] and green["revealed"] == ["south"]
    assert green["factions"]["blue"]["budget"] is None and green["factions"]["green"]["budget"] is not None
    assert green["regions"]["east"]["influence"] == {"blue": "1-2", "red": "3-4", "green": 0}
    assert green["regions"]["north"]["receptivity"] == {} and green["regions"]["north"]["revealed"] is False
    assert not any("rolls" in line["text"] for line in green["log"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--view", "purple"), "--view purple: not a faction of fog; its factions are blue, red, green"),
        (("--turn", "2"), "--turn goes with --view FACTION"),
        (("--view", "blue", "--turn", "4"), "--turn 4: the record's game never reached that turn's orders phase (it stops in turn 3)"),
        (("--view", "blue", "--to-turn", "2"), "--view shows one moment: give it --turn N, not --to-turn"),
    ],
)
def test_a_bad_view_request_is_one_clear_line(record, args, message):
    result = detente("replay", record, *args)
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_the_review_shows_what_each_side_knew_and_a_factions_view_of_every_turn(record, tmp_path):
    out = tmp_path / "review.md"
    result = detente("aar", record, "--out", out, "--view", "blue")
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert "## Fog of war: what each side knew" in text
    assert "- Turn 2: B Blue: East; R Red: North; G Green: nothing" in text
    assert "- Turn 3: B Blue: East; R Red: North; G Green: South" in text
    block = text.split("### B Blue's view, turn 2\n\n```text\n", 1)[1].split("```", 1)[0]
    assert block == BLUE_TURN_2
    assert "### B Blue's view, turn 1" in text and "### B Blue's view, turn 3" in text and "R Red's view" not in text
    html = tmp_path / "review.html"
    assert detente("aar", record, "--out", html, "--view", "red").returncode == 0
    assert '<summary><span class="badge" style="background:#E69F00">R</span> Red\'s view, turn 3</summary><pre>Fog · R Red&#x27;s view' in html.read_text()
    assert "not a faction of fog" in detente("aar", record, "--out", out, "--view", "nobody").stderr
