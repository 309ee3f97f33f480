"""A faction's look at a fogged game (``engine.observer.observe``) cuts only what the game gained since its
last look (``grown_cut``): it must show exactly what cutting the whole game shows, after revelations and undos too."""

from __future__ import annotations

from types import MappingProxyType

import engine.valueclass as valueclass
from engine import Game
from engine.catalog import load_bundled
from engine.observer import _snapshot, observe, visible
from players.bots import RandomBot


def _looks_whole(game: Game) -> None:
    """Every faction's look (and the public's) at ``game`` and each faction's believed journal, against cutting the whole game."""
    whole = game.view()
    for faction in ("", *game.factions):
        seen = observe(whole, faction)
        assert seen.log == tuple(entry for entry in whole.log if visible(seen.sight, entry))
        assert seen.history == tuple(_snapshot(seen.sight, snapshot) for snapshot in whole.history)
        if faction and not game.is_over:
            twin = game.believed(faction)
            made = {id(step): done for step, done in zip(game.journal, game.made, strict=True)}
            for step, done in zip(twin.journal, twin.made, strict=True):
                assert done.entries == tuple(entry for entry in made[id(step)].entries if visible(seen.sight, entry))


def test_each_look_shows_what_cutting_the_whole_game_shows():
    """Random games of a fogged scenario (regions are revealed as they go), each turn looked at by every
    faction and the public before and after its orders, with every third turn undone and played again."""
    scenario = load_bundled("corvenna_sound")
    assert scenario.fog is not None
    revealed = 0
    for seed in range(4):
        game = Game(scenario, seed)
        while not game.is_over:
            _looks_whole(game)
            for faction in game.factions:
                game.submit(faction, RandomBot().choose(game, faction))
            _looks_whole(game)
            game.resolve()
            if game.turn % 3 == 0 and not game.is_over:
                _looks_whole(game)
                game.undo("played again")
                _looks_whole(game)
                for faction in game.factions:
                    game.submit(faction, RandomBot().choose(game, faction))
                game.resolve()
        revealed += sum(len(regions) for regions in game.state.revealed.values())
    assert revealed  # the games did reveal regions


def test_a_revelation_shows_the_changes_of_its_turn_made_before_it():
    """A look after regions were revealed shows their receptivity and attitude changes from each one's turn of
    revelation on, those made before the look that preceded the revelation too."""
    scenario = load_bundled("corvenna_sound")
    game = Game(scenario, 2)
    while not game.is_over:
        for faction in game.factions:
            game.submit(faction, RandomBot().choose(game, faction))
        game.resolve()
    whole = game.view()
    faction = game.factions[0]
    regions = [region.id for region in scenario.regions]
    hidden = valueclass.evolve(whole, revealed=MappingProxyType({faction: MappingProxyType({})}))
    shown = valueclass.evolve(whole, revealed=MappingProxyType({faction: MappingProxyType(dict.fromkeys(regions, 2))}))
    before, after = observe(hidden, faction), observe(shown, faction)
    assert after.log == tuple(entry for entry in whole.log if visible(after.sight, entry))
    assert len(after.log) > len(before.log)  # the revelation shows changes the first look hid
