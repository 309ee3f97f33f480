"""The balance lab: many seeded bot games of one scenario, and what they say about it.

``run_games`` plays games ``seed, seed + 1, ...`` with bots in every seat, on
any ``concurrent.futures`` executor (or in this process), and returns one
``GameSummary`` per game in seed order, so that every figure computed from
them is the same whatever the executor and its number of workers. ``report``
turns the summaries into a plain dict (JSON-ready, floats rounded);
``duel`` measures one strategy against another with seats rotated.
docs/bots.md describes the report and its rules.

Games run in workers from the scenario's source text, never from pickled
objects, so a worker on another machine (a Dask cluster) needs only Détente
installed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from typing import Any, NamedTuple

from engine.game import Game
from engine.log import CardPlayed, OrderResolved, Rolled
from engine.model import Scenario
from engine.scenario_loader import load_scenario_text
from players.autoplay import autoplay
from players.bots import make_strategy

Z95 = 1.959963984540054
"""The two-sided 95% normal quantile."""
BAND_HALF_WIDTH = 10.0
"""Half-width of the fair band around 100/n percent, in percentage points."""
TOP = 5
"""Moves and cards listed in the report's "decided the game" tables."""


class GameSummary(NamedTuple):
    """What the report needs of one finished game (small, so it travels between processes)."""

    seed: int
    factions: tuple[str, ...]
    """Faction ids in scenario order."""
    seats: tuple[str, ...]
    """The strategy of each faction, in scenario order."""
    winners: tuple[str, ...]
    collapsed: tuple[str, ...]
    termination: str
    turns: int
    """The turn the game ended on."""
    scores: tuple[int, ...]
    """Final scores in scenario order."""
    rows: tuple[tuple[tuple[int, ...], ...], ...]
    """Per turn from 0 (the start): per faction, (score, budget, *tracks in scenario order)."""
    decisive_turn: int
    """The turn the single winner's lead grew most (0: no single winner)."""
    decisive_moves: tuple[str, ...]
    """Moves of the winner's successful orders on the decisive turn (each once)."""
    decisive_cards: tuple[str, ...]
    """Cards that came into play on the decisive turn (each once)."""
    winner_moves: tuple[tuple[str, ...], ...]
    """Per turn 1..end, the moves of the single winner's successful orders (each once)."""
    cards: tuple[tuple[str, ...], ...]
    """Per turn 1..end, the cards that came into play (each once)."""


# -- playing -------------------------------------------------------------------------------


def play_game(scenario: Scenario, seats: Sequence[str], seed: int) -> GameSummary:
    """Play one game with strategy ``seats[i]`` on faction ``i`` and summarize it."""
    game = Game(scenario, seed)
    factions = game.factions
    autoplay(game, {faction: make_strategy(seat) for faction, seat in zip(factions, seats, strict=True)})
    return summarize(game, tuple(seats))


def summarize(game: Game, seats: tuple[str, ...]) -> GameSummary:
    """The ``GameSummary`` of a finished game."""
    outcome = game.outcome
    if outcome is None:
        raise ValueError("the game is not over")
    factions = game.factions
    track_ids = [t.id for t in game.scenario.tracks]
    rows = []
    for snapshot in game.history:
        budgets = dict(snapshot.budgets)
        tracks = dict(snapshot.tracks)
        rows.append(tuple((score, budgets[faction], *(dict(tracks[faction])[t] for t in track_ids)) for faction, score in snapshot.scores))
    end = outcome.turn
    cards: list[list[str]] = [[] for _ in range(end + 1)]
    moves: list[list[tuple[int, str]]] = [[] for _ in range(end + 1)]
    winner = outcome.winners[0] if len(outcome.winners) == 1 else ""
    failed: set[tuple[int, int]] = set()
    for entry in game.log:
        if isinstance(entry, CardPlayed):
            if entry.card not in cards[entry.turn]:
                cards[entry.turn].append(entry.card)
        elif isinstance(entry, Rolled):
            if entry.faction == winner and not entry.success:
                failed.add((entry.turn, entry.order))
        elif isinstance(entry, OrderResolved) and entry.faction == winner:
            moves[entry.turn].append((entry.order, entry.move))
    winner_moves: list[tuple[str, ...]] = []
    for turn in range(end + 1):
        done: list[str] = []
        for order, move in moves[turn]:
            if (turn, order) not in failed and move not in done:
                done.append(move)
        winner_moves.append(tuple(done))
    decisive = 0
    if winner:
        index = factions.index(winner)
        best = None
        for turn in range(1, len(rows)):
            gain = _lead(rows[turn], index) - _lead(rows[turn - 1], index)
            if best is None or gain > best:
                best, decisive = gain, turn
    return GameSummary(
        seed=game.seed,
        factions=factions,
        seats=seats,
        winners=outcome.winners,
        collapsed=outcome.losers,
        termination=outcome.termination.value,
        turns=end,
        scores=tuple(score for _, score in outcome.scores),
        rows=tuple(rows),
        decisive_turn=decisive,
        decisive_moves=winner_moves[decisive] if decisive else (),
        decisive_cards=tuple(cards[decisive]) if decisive else (),
        winner_moves=tuple(winner_moves[1:]),
        cards=tuple(tuple(c) for c in cards[1:]),
    )


def _lead(row: tuple[tuple[int, ...], ...], index: int) -> int:
    """The score lead of faction ``index`` over the best other faction in one row."""
    others = [r[0] for i, r in enumerate(row) if i != index]
    return row[index][0] - max(others, default=0)


_SCENARIOS: dict[str, Scenario] = {}


def _scenario(source: str, name: str) -> Scenario:
    """The scenario of ``source``, loaded once per process."""
    found = _SCENARIOS.get(source)
    if found is None:
        found = _SCENARIOS[source] = load_scenario_text(source, name)
    return found


def play_chunk(source: str, name: str, games: Sequence[tuple[int, tuple[str, ...]]]) -> list[GameSummary]:
    """Play ``(seed, seats)`` games of the scenario in ``source`` (the task a worker runs)."""
    scenario = _scenario(source, name)
    return [play_game(scenario, seats, seed) for seed, seats in games]


def chunk_size(games: int, workers: int) -> int:
    """Games per task: about 16 tasks per worker, between 1 and 25 games each
    (small tasks keep the progress bar moving and an interruption quick)."""
    return max(1, min(25, games // max(workers * 16, 1)))


def run_games(
    scenario: Scenario,
    games: Sequence[tuple[int, tuple[str, ...]]],
    executor: Executor | None = None,
    *,
    chunk: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> list[GameSummary]:
    """Play ``(seed, seats)`` games, on ``executor`` or in this process, and return
    their summaries in the order given.

    ``progress(done, total)`` is called in this process as games finish.
    ``chunk`` sets how many games make one task (0: ``chunk_size``).
    """
    total = len(games)
    if progress:
        progress(0, total)
    source, name = scenario.source, f"{scenario.id}.toml"
    if executor is None:
        results = []
        for seed, seats in games:
            results.append(play_game(scenario, seats, seed))
            if progress:
                progress(len(results), total)
        return results
    size = chunk or chunk_size(total, getattr(executor, "_max_workers", 2) or 2)
    parts = [list(games[i : i + size]) for i in range(0, total, size)]
    futures: list[Future[list[GameSummary]]] = [executor.submit(play_chunk, source, name, part) for part in parts]
    done = 0
    collected: dict[int, list[GameSummary]] = {}
    pending = {future: index for index, future in enumerate(futures)}
    try:
        while pending:
            finished, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            for future in finished:
                index = pending.pop(future)
                collected[index] = future.result()
                done += len(parts[index])
                if progress:
                    progress(done, total)
    except BaseException:
        # Interrupted, or a game failed: the games not yet started are dropped.
        for future in pending:
            future.cancel()
        raise
    return [summary for index in range(len(parts)) for summary in collected[index]]


def seat_games(seats: Sequence[str], first_seed: int, count: int) -> list[tuple[int, tuple[str, ...]]]:
    """``count`` games with the same seats, seeds ``first_seed`` onwards."""
    seats = tuple(seats)
    return [(first_seed + i, seats) for i in range(count)]


# -- statistics ------------------------------------------------------------------------------


def wilson(successes: float, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval for a proportion (95% by default).

    >>> [round(x, 4) for x in wilson(81, 263)]
    [0.2553, 0.3662]
    """
    if trials <= 0:
        return (0.0, 1.0)
    p = successes / trials
    z2 = z * z
    denominator = 1 + z2 / trials
    centre = (p + z2 / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """First quartile, median and third quartile (linear interpolation between order statistics)."""
    ordered = sorted(values)
    return (_quantile(ordered, 0.25), _quantile(ordered, 0.5), _quantile(ordered, 0.75))


def _quantile(ordered: Sequence[float], q: float) -> float:
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def fair_band(factions: int) -> tuple[float, float]:
    """The win-rate band (percent) outside which a faction is called out of balance:
    100/n ± 10 points (40-60% for two factions)."""
    share = 100.0 / factions
    return (max(0.0, share - BAND_HALF_WIDTH), min(100.0, share + BAND_HALF_WIDTH))


# -- the report --------------------------------------------------------------------------------


def report(scenario: Scenario, summaries: Sequence[GameSummary], band: tuple[float, float] | None = None) -> dict[str, Any]:
    """The balance report of ``summaries`` (games of ``scenario``), as a JSON-ready dict."""
    factions = [f.id for f in scenario.factions]
    names = {f.id: f.name for f in scenario.factions}
    n = len(summaries)
    band = band or fair_band(len(factions))
    seats = _seat_description(factions, summaries)
    rows = []
    for index, faction in enumerate(factions):
        wins = sum(1 for s in summaries if faction in s.winners)
        shared = sum(1 for s in summaries if faction in s.winners and len(s.winners) > 1)
        low, high = wilson(wins, n)
        scores = [s.scores[index] for s in summaries]
        q1, median, q3 = quartiles(scores)
        rows.append(
            {
                "id": faction,
                "name": names[faction],
                "seat": seats.get(faction, "mixed"),
                "wins": wins,
                "shared_wins": shared,
                "win_rate": _r(100 * wins / n if n else 0.0),
                "ci95": [_r(100 * low), _r(100 * high)],
                "collapses": sum(1 for s in summaries if faction in s.collapsed),
                "score": {
                    "mean": _r(_mean(scores)),
                    "sd": _r(_sd(scores)),
                    "min": min(scores, default=0),
                    "q1": _r(q1),
                    "median": _r(median),
                    "q3": _r(q3),
                    "max": max(scores, default=0),
                },
            }
        )
    endings: dict[str, int] = {}
    for s in summaries:
        endings[s.termination] = endings.get(s.termination, 0) + 1
    result: dict[str, Any] = {
        "scenario": {"id": scenario.id, "title": scenario.title, "sha256": scenario.sha256},
        "games": n,
        "seeds": [summaries[0].seed, summaries[-1].seed] if summaries else [],
        "seats": seats,
        "band": [_r(band[0]), _r(band[1])],
        "factions": rows,
        "draws": sum(1 for s in summaries if len(s.winners) > 1),
        "no_winner": sum(1 for s in summaries if not s.winners),
        "endings": dict(sorted(endings.items())),
        "mean_length": _r(_mean([s.turns for s in summaries])),
        "tracks": _tracks(scenario, summaries),
        "decided": _decided(scenario, summaries),
    }
    result["warnings"] = warnings(result)
    return result


def _seat_description(factions: list[str], summaries: Sequence[GameSummary]) -> dict[str, str]:
    seats = {}
    for index, faction in enumerate(factions):
        used = sorted({s.seats[index] for s in summaries})
        seats[faction] = used[0] if len(used) == 1 else "mixed"
    return seats


def _tracks(scenario: Scenario, summaries: Sequence[GameSummary]) -> dict[str, Any]:
    """Mean score, budget and tracks per faction per turn, over the games still going."""
    names = ["score", "budget", *(t.id for t in scenario.tracks)]
    longest = max((len(s.rows) for s in summaries), default=0)
    turns = []
    for turn in range(longest):
        going = [s.rows[turn] for s in summaries if len(s.rows) > turn]
        factions: dict[str, dict[str, float]] = {}
        for index, faction in enumerate(f.id for f in scenario.factions):
            factions[faction] = {name: _r(_mean([row[index][k] for row in going])) for k, name in enumerate(names)}
        turns.append({"turn": turn, "games": len(going), "factions": factions})
    return {"columns": names, "turns": turns}


def _decided(scenario: Scenario, summaries: Sequence[GameSummary]) -> dict[str, Any]:
    """Which moves and cards most often decided a game (docs/bots.md gives the rule)."""
    decided = [s for s in summaries if s.decisive_turn]
    count = len(decided)
    move_turns = sum(len(s.winner_moves) for s in decided)
    card_turns = sum(len(s.cards) for s in summaries)
    move_hits: dict[str, int] = {}
    move_base: dict[str, int] = {}
    card_hits: dict[str, int] = {}
    card_base: dict[str, int] = {}
    for s in decided:
        for move in s.decisive_moves:
            move_hits[move] = move_hits.get(move, 0) + 1
        for turn in s.winner_moves:
            for move in turn:
                move_base[move] = move_base.get(move, 0) + 1
        for card in s.decisive_cards:
            card_hits[card] = card_hits.get(card, 0) + 1
    for s in summaries:
        for turn in s.cards:
            for card in turn:
                card_base[card] = card_base.get(card, 0) + 1

    def table(hits: dict[str, int], base: dict[str, int], turns: int, lookup: Callable[[str], str]) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for key, games in hits.items():
            share = games / count
            usual = base.get(key, 0) / turns if turns else 0.0
            rows.append(
                {
                    "id": key,
                    "name": lookup(key),
                    "games": games,
                    "share": _r(100 * share),
                    "usual": _r(100 * usual),
                    "lift": _r(share / usual) if usual else None,
                }
            )
        rows.sort(key=lambda r: (-r["games"], r["id"]))
        return rows[:TOP]

    return {
        "games": count,
        "moves": table(move_hits, move_base, move_turns, lambda m: scenario.move(m).name),
        "cards": table(card_hits, card_base, card_turns, lambda c: scenario.card(c).name),
    }


def warnings(result: dict[str, Any]) -> list[str]:
    """Plain sentences about factions whose win rate is outside the fair band.

    When the seats are not all played by one strategy, a rate outside the band
    compares the players' skill, not the seats: the sentence says so instead of
    calling the scenario out of balance.
    """
    low, high = result["band"]
    mixed = len(set(result["seats"].values())) > 1 or "mixed" in result["seats"].values()
    found = []
    for row in result["factions"]:
        rate = row["win_rate"]
        if low <= rate <= high:
            continue
        ci_low, ci_high = row["ci95"]
        side = "above" if rate > high else "below"
        sure = ci_low > high or ci_high < low
        if mixed:
            verdict = f"a comparison of the {row['seat']} player's skill with the others', not a measure of seat fairness."
        elif sure:
            verdict = "the scenario is out of balance for this seating."
        else:
            verdict = "possibly out of balance; play more games to be sure."
        found.append(
            f"{row['name']} wins {rate:.1f}% of games (95% CI {ci_low:.1f}-{ci_high:.1f}%), {side} the fair band of {_pct(low)}-{_pct(high)}%: " + verdict
        )
    if result["games"] and result["no_winner"]:
        found.append(f"{result['no_winner']} game(s) ended with no winner (every faction collapsed).")
    return found


def _pct(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.1f}"


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _sd(values: Sequence[float]) -> float:
    if len(values) < 2:
        return 0.0
    mean = _mean(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))


def _r(value: float) -> float:
    return round(float(value), 3)


# -- duels ---------------------------------------------------------------------------------------


def duel_games(factions: int, challenger: str, incumbent: str, first_seed: int, count: int) -> list[tuple[int, tuple[str, ...]]]:
    """Games with ``challenger`` in one seat, rotating through the factions game by game,
    and ``incumbent`` in every other seat."""
    games = []
    for i in range(count):
        seats = [incumbent] * factions
        seats[i % factions] = challenger
        games.append((first_seed + i, tuple(seats)))
    return games


def duel(summaries: Iterable[GameSummary], challenger: str) -> dict[str, Any]:
    """How the ``challenger`` seat did in duel games.

    ``ahead``: the share of (game, other seat) pairs in which the challenger
    finished ahead of that seat — a collapsed faction ranks below every other,
    then the higher score ranks first; a level finish counts half. With two
    factions it is the win rate with draws halved. ``win_rate``: the share of
    games the challenger won (a shared win counts), to compare with 1/n.
    """
    pairs = ahead = 0.0
    wins = games = 0
    factions = 0
    for s in summaries:
        games += 1
        factions = len(s.seats)
        seat = s.seats.index(challenger)
        key = _rank_key(s, seat)
        for other in range(len(s.seats)):
            if other == seat:
                continue
            pairs += 1
            theirs = _rank_key(s, other)
            ahead += 1.0 if key > theirs else (0.5 if key == theirs else 0.0)
        if _faction_won(s, seat):
            wins += 1
    low, high = wilson(wins, games)
    return {
        "games": games,
        "ahead": _r(100 * ahead / pairs) if pairs else 0.0,
        "win_rate": _r(100 * wins / games) if games else 0.0,
        "ci95": [_r(100 * low), _r(100 * high)],
        "fair_share": _r(100 / factions) if factions else 0.0,
    }


def _rank_key(summary: GameSummary, seat: int) -> tuple[int, int]:
    return (0 if summary.factions[seat] in summary.collapsed else 1, summary.scores[seat])


def _faction_won(summary: GameSummary, seat: int) -> bool:
    return summary.factions[seat] in summary.winners
