"""The position digest's fast writing (``GameState.canonical_json``) gives the encoder's text of
``canonical()`` character for character, so every digest, record and golden file stays as it was."""

from __future__ import annotations

import hashlib
import json

import pytest

from engine import Game
from engine.catalog import load_bundled
from engine.state import AgreementState, ArguedState
from players.bots import RandomBot


def _encoded(state) -> str:
    return json.dumps(state.canonical(), separators=(",", ":"), ensure_ascii=True)


@pytest.mark.parametrize("scenario", ["indo_pacific", "qadiri_gulf", "corvenna_sound", "lantern_forum"])
def test_every_position_of_random_games_is_written_as_the_encoder_writes_it(scenario):
    """Formats 1 and 2, with and without fog: each turn's position, and each faction's believed one."""
    loaded = load_bundled(scenario)
    for seed in range(3):
        game = Game(loaded, seed)
        while not game.is_over:
            for faction in game.factions:
                game.submit(faction, RandomBot().choose(game, faction))
            game.resolve()
            for state in (game.state, *(game.believed(f).state for f in game.factions)):
                assert state.canonical_json() == _encoded(state)


def test_agreements_argued_actions_and_unusual_text_are_written_as_the_encoder_writes_them():
    """The parts a random game seldom holds: agreements, argued actions whose text is not ASCII, a game that is over."""
    state = Game(load_bundled("qadiri_gulf"), 5).state.copy()
    first, second = list(state.factions)[:2]
    state.agreements = [AgreementState("aid", first, second, "in_force", 2, second)]
    state.argued = [ArguedState(first, 1, 'Détente, "quoted" \\ and a tab\t', next(iter(state.regions)), True, 5, (("influence", 1),))]
    state.over = True
    assert state.canonical_json() == _encoded(state)
    assert state.digest() == hashlib.sha256(_encoded(state).encode("ascii")).hexdigest()
