"""Read-only views of a game (engine.views): what they hold, that they cannot change and never
change, the reveal fold over the log, and forks and undos that leave other games alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine import Game, Order, valueclass
from engine.catalog import bundled_ids, load_bundled
from engine.log import CardPlayed, Countered, Expired, GameEnded, Scored, Undone
from engine.scenario_loader import load_scenario_file, load_scenario_text
from engine.views import GameView, Snapshot, advance, reveal
from players.bots import GreedyBot, RandomBot

MINI = Path(__file__).parent / "scenarios" / "mini.toml"


def numbers(view: GameView) -> dict:
    """The view's numbers as plain, independent Python values."""
    return {
        "turn": view.turn,
        "factions": {f: (r.budget, r.income, dict(r.tracks), r.score, r.objectives) for f, r in view.factions.items()},
        "regions": {r: (g.stability, dict(g.influence), g.controller) for r, g in view.regions.items()},
        "events": [(e.card, e.target, e.remaining) for e in view.events],
        "log": list(view.log),
        "history": list(view.history),
        "outcome": view.outcome,
        "submitted": dict(view.submitted),
    }


def play_turns(game: Game, turns: int, bot=None) -> Game:
    bot = bot or RandomBot()
    for _ in range(turns):
        if game.is_over:
            break
        for faction in game.factions:
            game.submit(faction, bot.choose(game, faction))
        game.resolve()
    return game


# -- what a view holds ----------------------------------------------------------------------------


@pytest.mark.parametrize("scenario_id", bundled_ids())
def test_a_view_holds_what_the_game_holds_now(scenario_id):
    game = play_turns(Game(load_bundled(scenario_id), 5), 3)
    game.submit(game.factions[0], RandomBot().choose(game, game.factions[0]))
    view = game.view()
    state = game.state
    assert view.scenario is game.scenario and view.turn == game.turn and not view.is_over
    assert list(view.factions) == list(game.factions) and list(view.regions) == [r.id for r in game.scenario.regions]
    for faction, record in state.factions.items():
        seen = view.factions[faction]
        assert (seen.budget, seen.income, dict(seen.tracks), seen.score, seen.objectives) == (
            record.budget,
            record.income,
            record.tracks,
            record.score,
            record.objectives,
        )
    for region, record in state.regions.items():
        seen = view.regions[region]
        assert (seen.stability, dict(seen.influence), seen.controller) == (record.stability, record.influence, game.controller(region))
    assert [(e.card, e.target, e.remaining) for e in view.events] == [(e.card, e.target, e.remaining) for e in state.events]
    assert list(view.log) == game.log and list(view.history) == game.history and view.outcome == game.outcome
    assert dict(view.submitted) == {game.factions[0]: game.submitted(game.factions[0])}
    assert view.waiting_for == game.waiting_for() == game.factions[1:]
    assert list(view.turn_log(2)) == game.turn_log(2)
    assert Snapshot.of(7, view) == Snapshot.of(7, state)
    assert view.view() is view


def test_a_view_cannot_be_changed(mini):
    game = play_turns(Game(mini, 3), 1)
    game.submit("blue", [Order("outreach", "")])
    view = game.view()
    before = numbers(view)
    with pytest.raises(valueclass.FrozenInstanceError):
        view.turn = 9  # type: ignore[misc]
    with pytest.raises(valueclass.FrozenInstanceError):
        view.factions["blue"].budget = 99  # type: ignore[misc]
    with pytest.raises(valueclass.FrozenInstanceError):
        view.regions["north"].controller = "red"  # type: ignore[misc]
    with pytest.raises(TypeError):
        view.factions["blue"] = view.factions["red"]  # type: ignore[index]
    with pytest.raises(TypeError):
        view.factions["blue"].tracks["credibility"] = 0  # type: ignore[index]
    with pytest.raises(TypeError):
        view.regions["north"].influence["red"] = 9  # type: ignore[index]
    with pytest.raises(TypeError):
        view.submitted["red"] = ()  # type: ignore[index]
    with pytest.raises(AttributeError):
        view.log.append(view.log[0])  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        view.history.pop()  # type: ignore[attr-defined]
    assert numbers(view) == before and view == game.view()


def test_a_view_stays_as_it_was_taken_while_the_game_plays_on(mini):
    game = Game(mini, 8)
    view = game.view()
    taken = numbers(view)
    play_turns(game, 2)
    game.inject("rumours", "south")
    assert numbers(view) == taken
    assert view != game.view() and len(game.view().log) > len(view.log)


# -- the reveal fold -------------------------------------------------------------------------------


def mini_with_long_answerable_rumours():
    """Mini, with rumours lasting three turns and a counter that always fails: an answer only shortens them."""
    text = MINI.read_text(encoding="utf-8")
    text = text.replace('category = "communication"\ncost = 1\n', 'category = "communication"\ncost = 1\ndifficulty = 20\n')
    text = text.replace("turns = 2\ngain_divisor = 2", "turns = 3\ngain_divisor = 2")
    assert "difficulty = 20" in text and "turns = 3" in text
    return load_scenario_text(text, "mini-long-rumours.toml")


def assert_folds(before: GameView, after: GameView) -> None:
    """Folding the new entries into ``before``, all at once or one by one, gives ``after``."""
    entries = after.log[len(before.log) :]
    assert after.log[: len(before.log)] == before.log
    assert reveal(before, entries) == after
    stepped = before
    for entry in entries:
        stepped = advance(stepped, entry)
    assert stepped == after


class _Passing:
    """A bot that always passes."""

    def choose(self, game, faction):
        return []


def test_an_answer_to_two_copies_of_a_card_on_one_target_shortens_each_in_turn():
    game = Game(mini_with_long_answerable_rumours(), 4)
    game.inject("rumours", "south")
    play_turns(game, 1, bot=_Passing())
    game.inject("rumours", "south")
    south = [(e.card, e.remaining) for e in game.state.events if e.target == "south"]
    assert south == [("rumours", 2), ("rumours", 3)]
    game.submit("blue", [Order("comms", "south")])
    before = game.view()
    game.resolve()
    answers = [e for e in game.log if isinstance(e, Countered)]
    assert [(e.success, e.remaining) for e in answers] == [(False, 1), (False, 2)]
    assert_folds(before, game.view())


@pytest.mark.parametrize("scenario_id", [*bundled_ids(), "mini", "long-rumours"])
def test_folding_the_entries_of_every_step_into_the_view_before_it_gives_the_view_after_it(scenario_id, mini):
    scenario = {"mini": mini, "long-rumours": mini_with_long_answerable_rumours()}.get(scenario_id) or load_bundled(scenario_id)
    folded: set[type] = set()
    for seed in range(6):
        game = Game(scenario, seed)
        bots = [RandomBot(), GreedyBot()]
        cards = [card for card in scenario.cards if card.modifier is not None]
        turn = 0
        while not game.is_over:
            turn += 1
            if turn % 2 and cards:
                card = cards[(seed + turn) % len(cards)]
                before = game.view()
                game.inject(card.id, "")
                assert_folds(before, game.view())
            before = game.view()
            game.note(f"turn {game.turn}")
            assert_folds(before, game.view())
            for index, faction in enumerate(game.factions):
                game.submit(faction, bots[(seed + index) % 2].choose(game, faction))
            before = game.view()
            game.resolve()
            after = game.view()
            assert_folds(before, after)
            folded |= {type(entry) for entry in after.log[len(before.log) :]}
    assert {CardPlayed, Scored, GameEnded, Expired} <= folded


def test_the_fold_at_the_end_of_a_revealed_turn_draws_what_the_game_shows(mini):
    """The table's reveal: board and tracks move entry by entry, and end where the game is."""
    game = play_turns(Game(mini, 11), 1)
    for faction in game.factions:
        game.submit(faction, GreedyBot().choose(game, faction))
    before = game.view()
    entries = game.resolve()
    shown = before
    seen_budgets = []
    for entry in entries:
        shown = advance(shown, entry)
        seen_budgets.append(shown.factions["blue"].budget)
    assert shown == game.view()
    assert seen_budgets[0] == before.factions["blue"].budget and seen_budgets[-1] == game.state.factions["blue"].budget
    assert len(shown.history) == len(before.history) + 1 and not shown.submitted


def test_an_undone_mark_moves_nothing(mini):
    game = play_turns(Game(mini, 2), 1)
    view = game.view()
    marked = advance(view, Undone(game.turn, "a mistake"))
    assert valueclass.evolve(marked, log=view.log) == view and marked.log[-1] == Undone(game.turn, "a mistake")


def test_an_entry_about_an_event_the_view_does_not_have_is_refused(mini):
    view = Game(mini, 2).view()
    with pytest.raises(ValueError, match="no active event"):
        advance(view, Expired(1, "rumours", "nowhere"))


# -- forks and undo ---------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [None, 99])
def test_playing_a_fork_never_changes_the_game_it_was_forked_from(mini, seed):
    game = play_turns(Game(mini, 21), 1)
    game.submit("blue", [Order("outreach", "")])
    game.rate("blue", 1, True)
    view, digest, journal = game.view(), game.digest(), list(game.journal)
    taken = numbers(view)
    fork = game.fork() if seed is None else game.fork(seed)
    assert fork.view() == view  # a new seed reshuffles only the undrawn cards, which no view shows
    assert fork.rating("blue", 1) is True
    fork.rate("blue", 1, None)
    fork.inject("rumours", "south")
    play_turns(fork, 2)
    fork.undo("fork only")
    play_turns(fork, 1)
    assert game.view() == view and numbers(view) == taken
    assert game.digest() == digest and game.journal == journal and game.rating("blue", 1) is True
    assert game.state is not fork.state and game.log is not fork.log


def test_undo_returns_to_the_view_before_the_resolution_and_keeps_the_whole_journal(mini):
    game = play_turns(Game(mini, 5), 1)
    game.submit("red", [Order("outreach", "")])
    game.rate("red", 1, False)
    before = game.view()
    digest = game.digest()
    game.resolve()
    game.note("after the resolution")
    journal = list(game.journal)
    game.undo("a misread card")
    assert game.view() == valueclass.evolve(before, log=(*before.log, Undone(before.turn, "a misread card")))
    assert game.digest() == digest and game.rating("red", 1) is False
    assert game.journal[:-1] == journal and len(game.made) == len(game.journal)


def test_the_fold_follows_format_2_fading_attitudes_and_receptivity():
    """Partners (format 2): through fading arms sales, reactions that move attitudes and
    receptivity, hedging and a played backlash, folding each turn's entries into the view
    before it gives the view the game shows, turn after turn."""
    game = Game(load_scenario_file(Path(__file__).parent / "rules" / "scenarios" / "partners.toml"), 5)
    while not game.is_over:
        before = game.view()
        game.submit("blue", [Order("arms", "north"), Order("drill", "north")])
        game.submit("red", [Order("relief", "north")])
        game.resolve()
        assert_folds(before, game.view())
    north = game.view().regions["north"]
    assert north.attitudes["blue"]["dependency"] == 5 and north.attitudes["red"]["goodwill"] == 5
    assert north.receptivity["exercise"] == -3
    assert north.lasting("blue") + north.fading.get("blue", 0) == north.influence["blue"]


def test_a_view_tells_a_faction_how_far_its_aim_is():
    """Aims: Small's aim is support 9 and influence 5 in Capital and Harbour (it has 8, 4, 4)."""
    game = Game(load_scenario_file(Path(__file__).parent / "rules" / "scenarios" / "aims.toml"), 1)
    progress = game.view().aim_progress("small")
    assert [(leaf.text, leaf.value, leaf.met, leaf.distance) for leaf in progress] == [
        ("Domestic support at least 9", 8, False, 1),
        ("influence in Capital at least 5", 4, False, 1),
        ("influence in Harbour at least 5", 4, False, 1),
    ]
    assert game.view().aim_progress("big") == ()
    assert [leaf.met for leaf in game.view().aim_progress("ally")] == [True]
