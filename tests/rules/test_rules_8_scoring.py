"""Rule 8: scoring — influence, control, tracks and objectives."""

from __future__ import annotations

from rulekit import new_game, play

from engine.inputs import Order
from engine.log import Scored


def scored(entries):
    return [e for e in entries if isinstance(e, Scored)]


def test_8_1_score_adds_influence_control_tracks_and_objectives():
    """Scoring (influence 1 a point, control 3 a region, credibility 2 a point).

    Start: Blue has influence 2 + 2 + 3 = 7, controls the Port and the Hills
    (6), has credibility 5 (10), and meets Control the Port (4) and Keep 3
    influence in the Hills (2): 29. Red: influence 4, no control, 10: 14.

    Blue orders Military aid → Bay (2 → 3: Blue now leads it alone) and
    Strategic communication at home (credibility 6). Blue: influence 8, three
    regions controlled (9), credibility 12, and all four objectives (4 + 2 +
    1 + 5 = 12): 41, up 12. Red: unchanged, 14.
    """
    game = new_game("scoring")
    assert [game.state.factions[f].score for f in game.factions] == [29, 14]
    entries = play(game, blue=[Order("aid", "bay"), Order("comms")])
    assert scored(entries) == [
        Scored(1, "blue", 41, 12, ("hold_port", "hills_presence", "credible", "coast_bloc")),
        Scored(1, "red", 14, 0, ()),
    ]


def test_8_2_control_needs_the_minimum_and_a_sole_lead():
    """Scoring (control from 2 influence). At the start Blue controls the
    Port (2 to 1) and the Hills (3); nobody controls the Bay (2 to 2: a tie)
    or the Plain (Red leads with 1, below the minimum).

    Red orders Military aid → Bay and → Plain: Red now leads the Bay 3 to 2
    and reaches 2 in the Plain, and controls both.
    """
    game = new_game("scoring")
    assert [game.controller(r) for r in ("port", "bay", "hills", "plain")] == ["blue", "", "blue", ""]
    play(game, red=[Order("aid", "bay"), Order("aid", "plain")])
    assert [game.controller(r) for r in ("port", "bay", "hills", "plain")] == ["blue", "red", "blue", "red"]


def test_8_3_objectives_are_met_while_they_hold():
    """Scoring. Red orders Military aid → Bay (2 → 3, now ahead of Blue's 2):
    Red meets Control the Bay (3 points) and scores influence 5 + control 3
    + credibility 10 + 3 = 21 (+7). Blue keeps 29: the Bay was never its to
    lose, and its Coast objective still lacks a second region.
    """
    game = new_game("scoring")
    entries = play(game, red=Order("aid", "bay"))
    assert scored(entries) == [
        Scored(1, "blue", 29, 0, ("hold_port", "hills_presence")),
        Scored(1, "red", 21, 7, ("take_bay",)),
    ]
