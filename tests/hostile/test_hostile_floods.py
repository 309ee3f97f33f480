"""Floods at the size caps: checking stays linear and the report stays short.

Each file is as large as its loader allows, and made of problems (unknown
keys, subtables, orders). Every problem used to be located by rescanning the
file, so these took minutes to hours; now the file is indexed once, the first
``MAX_PROBLEMS`` problems are listed and the rest only counted.
"""

from __future__ import annotations

import pytest
from hostile_run import MINI, bounded, refused

from engine.errors import MAX_PROBLEMS
from engine.scenario_loader import MAX_FILE_BYTES
from grading.rubric import MAX_FILE_BYTES as MAX_RUBRIC_BYTES
from players.orders_file import MAX_ORDERS_IN_FILE, MAX_ORDERS_PER_TURN, OrdersFileError, load_orders_file


def fill(lines, limit: int, head: str = "") -> tuple[str, int]:
    """``head`` then as many of ``lines`` as fit in ``limit`` bytes; the text and how many lines went in."""
    parts, size, count = [head], len(head.encode()), 0
    for line in lines:
        if size + len(line.encode()) > limit:
            break
        parts.append(line)
        size += len(line.encode())
        count += 1
    return "".join(parts), count


def short_report(lines: list[str], file: object, total: int) -> None:
    """At most ``MAX_PROBLEMS`` located lines, one "and N more" line, one count."""
    assert len(lines) == MAX_PROBLEMS + 2, lines[-3:]
    assert lines[-2] == f"{file}: and {total - MAX_PROBLEMS} more problems"


AT_THE_CAP = 60.0
"""Time allowed to ``check`` a scenario of a hundred thousand problems at the size cap: about 8 s on a quiet
2-core machine and 22–30 s with both cores busy: the bound is there to catch a hang, not a slow machine."""


def test_a_scenario_of_unknown_keys_at_the_size_cap(tmp_path):
    text, count = fill((f"k{i} = 1\n" for i in range(10**6)), MAX_FILE_BYTES)
    path = tmp_path / "keys.toml"
    path.write_text(text)
    lines = refused(bounded("check", path, seconds=AT_THE_CAP), "unknown key 'k0'")
    total = count + 9  # and the nine required keys that are missing
    short_report(lines, path, total)
    assert lines[-1] == f"{path}: {total} problems"
    assert lines[0].startswith(f"{path}:1: $.k0: unknown key 'k0'")


def test_a_scenario_of_subtables_at_the_size_cap(tmp_path):
    """Each problem sits in a table with thousands of subtables: the old section scan was quadratic."""
    text, count = fill((f"[victory.t{i}]\n" for i in range(10**6)), MAX_FILE_BYTES, head="[victory]\nscore = 1\n")
    path = tmp_path / "tables.toml"
    path.write_text(text)
    lines = refused(bounded("check", path, seconds=AT_THE_CAP), f"{path}:3: $.victory.t0: unknown key 't0'")
    total = count + 9  # and the nine required keys that are missing
    short_report(lines, path, total)
    assert lines[-1] == f"{path}: {total} problems"


def test_a_rubric_of_unknown_keys_at_the_size_cap(tmp_path):
    text, count = fill((f"k{i} = 1\n" for i in range(10**6)), MAX_RUBRIC_BYTES)
    path = tmp_path / "keys.toml"
    path.write_text(text)
    lines = refused(bounded("grade", "--rubric", path, tmp_path))
    assert lines[0].startswith(f"detente grade: {path}:1: $.k0: unknown key 'k0'")
    assert len(lines) == MAX_PROBLEMS + 1  # grade prints the report and no count
    assert lines[-1] == f"{path}: and {count + 6 - MAX_PROBLEMS} more problems"  # and six missing keys


ORDER = '[[orders]]\nturn = {turn}\nfaction = "{faction}"\nmove = "exercise"\ntarget = "north"\nwhy = "Order {i}."\n\n'


def test_an_orders_file_of_one_turn_at_the_size_cap_is_refused_before_any_order_is_read(tmp_path):
    text, count = fill((ORDER.format(turn=1, faction="blue", i=i) for i in range(10**6)), MAX_FILE_BYTES)
    path = tmp_path / "orders.toml"
    path.write_text(text)
    lines = refused(bounded("run", MINI, "--seed", "1", "--orders", path, "--record", tmp_path / "r.jsonl"))
    assert lines == [
        f"detente run: {path}:1: $.orders: {count} orders; an orders file holds at most {MAX_ORDERS_IN_FILE} (every turn of the longest game, for every faction)"
    ]
    assert not (tmp_path / "r.jsonl").exists()


def test_an_orders_file_at_its_cap_of_orders(tmp_path):
    """2,400 orders (50 turns, 8 factions, 6 orders): loaded, then refused for mini with a short report."""
    orders = (ORDER.format(turn=turn, faction=f"f{faction}", i=i) for turn in range(1, 51) for faction in range(8) for i in range(MAX_ORDERS_PER_TURN))
    text, count = fill(orders, MAX_FILE_BYTES)
    assert count == MAX_ORDERS_IN_FILE
    path = tmp_path / "orders.toml"
    path.write_text(text)
    lines = refused(bounded("run", MINI, "--seed", "1", "--orders", path, "--record", tmp_path / "r.jsonl"))
    assert len(lines) == MAX_PROBLEMS + 1
    assert lines[0] == f"detente run: {path}:1: $.orders[0].faction: 'f0' is not a faction of mini"
    assert lines[-1].startswith(f"{path}: and ")


def test_more_orders_for_one_turn_than_any_scenario_allows_are_refused_at_the_first_extra(tmp_path):
    path = tmp_path / "orders.toml"
    path.write_text("".join(ORDER.format(turn=2, faction="blue", i=i) for i in range(MAX_ORDERS_PER_TURN + 3)))
    with pytest.raises(OrdersFileError) as caught:
        load_orders_file(path)
    assert str(caught.value) == f"{path}:43: $.orders[6]: more than 6 orders for 'blue' on turn 2; no scenario allows more a turn"


def test_more_orders_for_one_turn_than_the_scenario_allows_are_refused_before_the_game(tmp_path, mini):
    path = tmp_path / "orders.toml"
    path.write_text("".join(ORDER.format(turn=1, faction="blue", i=i) for i in range(3)))
    with pytest.raises(OrdersFileError) as caught:
        load_orders_file(path).check_against(mini)
    assert str(caught.value) == f"{path}:15: $.orders[2]: blue has more than 2 orders for turn 1; mini allows at most 2 a turn"
