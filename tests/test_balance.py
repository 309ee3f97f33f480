"""The balance lab: statistics with known values, reports independent of the executor, the command."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from detente.balance import ProgressBar, render_text
from detente.cli import main
from engine import Game
from lab.balance import (
    duel,
    duel_games,
    fair_band,
    quartiles,
    report,
    run_games,
    seat_games,
    summarize,
    wilson,
)
from players.autoplay import autoplay
from players.bots import GreedyBot

SCENARIOS = Path(__file__).parent / "scenarios"
MINI = str(SCENARIOS / "mini.toml")


def detente(*args):
    return subprocess.run([sys.executable, "-m", "detente", *map(str, args)], capture_output=True, text=True)


# -- statistics --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("successes", "trials", "low", "high"),
    [
        # Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table II, method 3.
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
        (29, 29, 0.8830, 1.0),
        (5, 10, 0.2366, 0.7634),
    ],
)
def test_wilson_interval_known_values(successes, trials, low, high):
    got = wilson(successes, trials)
    assert round(got[0], 4) == low and round(got[1], 4) == high


def test_wilson_interval_without_games():
    assert wilson(0, 0) == (0.0, 1.0)


def test_quartiles_and_fair_band():
    assert quartiles([1, 2, 3, 4]) == (1.75, 2.5, 3.25)
    assert quartiles([5, 1, 9, 3, 7, 2, 8, 4, 6]) == (3.0, 5.0, 7.0)
    assert fair_band(2) == (40.0, 60.0)
    assert [round(x, 3) for x in fair_band(3)] == [23.333, 43.333]
    assert [round(x, 3) for x in fair_band(6)] == [6.667, 26.667]


# -- reports ------------------------------------------------------------------------------------


def test_report_is_the_same_whatever_the_executor(mini):
    games = seat_games(["greedy", "random", "greedy"], 40, 24)
    inline = run_games(mini, games)
    with ThreadPoolExecutor(3) as pool:
        threaded = run_games(mini, games, pool, chunk=5)
    with ProcessPoolExecutor(2) as pool:
        processes = run_games(mini, games, pool, chunk=7)
    assert inline == threaded == processes
    assert [s.seed for s in inline] == list(range(40, 64))
    assert json.dumps(report(mini, inline)) == json.dumps(report(mini, processes))


def test_report_contents(mini):
    summaries = run_games(mini, seat_games(["greedy"] * 3, 0, 30))
    result = report(mini, summaries)
    assert result["games"] == 30 and result["seeds"] == [0, 29]
    assert result["seats"] == {"blue": "greedy", "red": "greedy", "green": "greedy"}
    rows = {row["id"]: row for row in result["factions"]}
    for row in rows.values():
        low, high = row["ci95"]
        assert low <= row["win_rate"] <= high
        s = row["score"]
        assert s["min"] <= s["q1"] <= s["median"] <= s["q3"] <= s["max"]
    assert sum(row["wins"] for row in rows.values()) == sum(len(s.winners) for s in summaries)
    assert sum(result["endings"].values()) == 30
    turns = result["tracks"]["turns"]
    assert turns[0]["turn"] == 0 and turns[0]["games"] == 30
    assert turns[0]["factions"]["blue"]["budget"] == 8.0
    assert result["tracks"]["columns"] == ["score", "budget", "credibility", "domestic_support"]
    decided = result["decided"]
    assert decided["games"] <= 30
    for row in decided["moves"] + decided["cards"]:
        assert 0 < row["games"] <= decided["games"]
    text = "\n".join(render_text(result))
    assert "WIN RATES (95% Wilson interval; fair band 23.3-43.3%)" in text
    assert "WHAT DECIDED THE GAME" in text


def test_warnings_name_factions_out_of_the_band(mini):
    summaries = run_games(mini, seat_games(["greedy", "random", "random"], 0, 20))
    result = report(mini, summaries)
    assert any(w.startswith("Blue wins ") and "above the fair band of 23.3-43.3%" in w for w in result["warnings"])
    calm = report(mini, summaries, band=(0.0, 100.0))
    assert calm["warnings"] == []


def test_decisive_turn_is_where_the_winners_lead_grew_most(mini):
    game = autoplay(Game(mini, 8), {f.id: GreedyBot() for f in mini.factions})
    summary = summarize(game, ("greedy",) * 3)
    if len(summary.winners) != 1:
        pytest.skip("a shared win has no decisive turn")
    winner = summary.factions.index(summary.winners[0])

    def lead(turn):
        row = summary.rows[turn]
        return row[winner][0] - max(r[0] for i, r in enumerate(row) if i != winner)

    gains = [lead(t) - lead(t - 1) for t in range(1, len(summary.rows))]
    assert summary.decisive_turn == 1 + gains.index(max(gains))
    assert set(summary.decisive_moves) <= set(summary.winner_moves[summary.decisive_turn - 1])
    assert set(summary.decisive_cards) == set(summary.cards[summary.decisive_turn - 1])


def test_duel_rotates_the_challengers_seat(mini):
    games = duel_games(3, "greedy", "random", 0, 6)
    assert [g[1].index("greedy") for g in games] == [0, 1, 2, 0, 1, 2]
    result = duel(run_games(mini, games), "greedy")
    assert result["games"] == 6 and 0 <= result["ahead"] <= 100 and result["fair_share"] == 33.333


def test_progress_bar_text():
    ticks = iter([0.0, 12.4, 12.4])
    out = io.StringIO()
    bar = ProgressBar(out, clock=lambda: next(ticks))
    bar.update(50, 200)
    bar.update(50, 200)
    bar.close()
    assert out.getvalue() == "\r[#######.......................]  25%  50/200 games  12 s\n"


# -- the command ------------------------------------------------------------------------------------


def test_balance_command_same_report_for_one_and_two_workers():
    one = detente("balance", MINI, "--games", "16", "--seed", "5", "--workers", "1", "--format", "json")
    two = detente("balance", MINI, "--games", "16", "--seed", "5", "--workers", "2", "--format", "json")
    assert one.returncode == 0, one.stderr
    assert one.stdout == two.stdout
    result = json.loads(one.stdout)
    assert result["games"] == 16 and result["seeds"] == [5, 20]
    assert one.stderr == ""  # no progress bar when standard error is not a terminal


def test_balance_command_text_and_seats(capsys):
    assert main(["balance", MINI, "--games", "6", "--workers", "1", "--seat", "red=random", "--progress", "always"]) == 0
    captured = capsys.readouterr()
    assert "seats: Blue greedy, Red random, Green greedy" in captured.out
    assert "6/6 games" in captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bots", "clever"], "unknown strategy 'clever'"),
        (["--seat", "purple=greedy"], "'purple' is not a faction of mini"),
        (["--seat", "blue"], "--seat takes FACTION=WHO"),
        (["--games", "0"], "must be 1 or more"),
        (["--workers", "x"], "is not a whole number"),
        (["--band", "70-30"], "takes LO-HI in percent"),
        (["--executor", "cluster"], "--executor takes process, thread or dask://HOST:PORT"),
        (["--seed", str(2**63 - 2), "--games", "5"], "above 2^63-1"),
    ],
)
def test_balance_command_usage_errors(capsys, args, message):
    try:
        code = main(["balance", MINI, *args])
    except SystemExit as exc:  # argparse's own checks
        code = exc.code
    assert code == 2
    assert message in capsys.readouterr().err


def test_balance_command_exit_codes():
    missing = detente("balance", "no_such_scenario", "--games", "2")
    assert missing.returncode == 1 and "no bundled scenario has this id" in missing.stderr
    assert "Traceback" not in missing.stderr
    strict = detente("balance", MINI, "--games", "8", "--workers", "1", "--seat", "blue=random", "--seat", "red=random", "--strict")
    assert strict.returncode == 1 and "WARNINGS" in strict.stdout


def test_balance_command_never_imports_textual():
    code = (
        "import sys\n"
        "from detente.cli import main\n"
        f"assert main(['balance', {MINI!r}, '--games', '2', '--workers', '1', '--format', 'json']) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


# -- Dask (optional extra) ------------------------------------------------------------------------------


def test_dask_executor_gives_the_same_report(capsys):
    """A scheduler and two worker processes (a cluster on one machine; CI installs the extra
    through the test extra): the report is byte for byte the one machine's."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, protocol="tcp://", host="127.0.0.1", dashboard_address=None)
    try:
        address = cluster.scheduler_address.removeprefix("tcp://")
        assert main(["balance", MINI, "--games", "10", "--executor", f"dask://{address}", "--format", "json"]) == 0
        remote = capsys.readouterr().out
    finally:
        cluster.close()
    assert main(["balance", MINI, "--games", "10", "--workers", "1", "--format", "json"]) == 0
    assert capsys.readouterr().out == remote


def test_dask_executor_missing(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as on a machine without the extra
    assert main(["balance", MINI, "--games", "2", "--executor", "dask://127.0.0.1:9"]) == 1
    assert "pip install 'detente[dask]'" in capsys.readouterr().err


def test_dask_executor_unreachable(capsys, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("detente.balance.DASK_TIMEOUT", 1)
    assert main(["balance", MINI, "--games", "2", "--executor", "dask://127.0.0.1:9"]) == 1
    assert "cannot reach the Dask scheduler at 127.0.0.1:9" in capsys.readouterr().err


def test_an_interruption_drops_the_games_not_started(mini):
    """Ctrl-C (or any failure) while waiting cancels every task not yet running."""

    class Recording(ThreadPoolExecutor):
        def __init__(self):
            super().__init__(1)
            self.futures = []

        def submit(self, *args, **kwargs):
            future = super().submit(*args, **kwargs)
            self.futures.append(future)
            return future

    def interrupt(done, total):
        if done >= 2:
            raise KeyboardInterrupt

    pool = Recording()
    with pytest.raises(KeyboardInterrupt):
        run_games(mini, seat_games(["greedy"] * 3, 0, 40), pool, chunk=1, progress=interrupt)
    pool.shutdown(wait=True)
    assert sum(f.cancelled() for f in pool.futures) >= 30
