"""Team names: given at creation or at the door, carried into the log and the record's header; the join sheet."""

from __future__ import annotations

import json

import pytest

from classroom.join_sheet import join_sheet
from classroom.values import WorldSpec
from engine.errors import OrderError
from engine.log import Directed
from engine.record import read_record, replay


def test_a_team_names_itself_once_and_the_record_carries_the_names(make_session, tmp_path):
    new, store = make_session(worlds=[WorldSpec("Table A", teams={"red": "Red Lions"})])
    blue = store.seat(new.seat_codes[(1, "blue")])
    assert blue.unnamed()
    with pytest.raises(OrderError):
        blue.name_team("   ")
    blue.name_team("Blue Herons")
    assert not blue.unnamed() and blue.view().team == "Blue Herons"
    with pytest.raises(OrderError, match="named already"):
        blue.name_team("Other")
    assert not store.seat(new.seat_codes[(1, "red")]).unnamed()  # named by the facilitator at creation
    desk = store.facilitator(new.facilitator_code)
    assert any(isinstance(e, Directed) and e.kind == "seat" and e.text == "Blue Herons" for e in desk.view(1).log)
    desk.export(1, tmp_path / "a.jsonl")
    record = read_record(tmp_path / "a.jsonl")
    teams = dict(record.header.teams)
    assert teams["blue"] == "Blue Herons" and teams["red"] == "Red Lions" and set(teams) == {"blue", "red", "green"}
    assert replay(record).verified
    header = json.loads((tmp_path / "a.jsonl").read_text().splitlines()[0])
    assert header["teams"]["red"] == "Red Lions"


def test_a_record_without_team_names_reads_as_before(make_session, tmp_path):
    new, store = make_session()
    desk = store.facilitator(new.facilitator_code)
    desk.reseat(1, "blue", "Bot (greedy)", "greedy")
    desk.export(1, tmp_path / "w.jsonl")
    lines = (tmp_path / "w.jsonl").read_text().splitlines()
    header = json.loads(lines[0])
    del header["teams"]  # as an older program wrote it (and its checksum covers the header: rebuild the file)
    from engine.record import record_lines

    old = record_lines(desk.game(1), {"blue": "greedy"}, header["created"])
    (tmp_path / "old.jsonl").write_text("\n".join(old) + "\n")
    record = read_record(tmp_path / "old.jsonl")
    assert record.header.teams == () and replay(record).verified


def test_the_join_sheet_has_a_slip_per_team_seat_with_its_code_and_a_qr_code_of_the_address(make_session, mini):
    new, _ = make_session(worlds=2, players={"green": "random"})
    sheet = join_sheet(new, mini, {(1, "blue"): "Blue <Herons>"}, "http://192.168.1.23:8000/")
    assert sheet.count('class="slip"') == 4
    for code in new.seat_codes.values():
        assert code in sheet
    assert new.facilitator_code not in sheet
    assert "Blue &lt;Herons&gt;" in sheet and "<Herons>" not in sheet
    assert sheet.count("<svg") == 4 and "http://192.168.1.23:8000/" in sheet
    assert "<svg" not in join_sheet(new, mini, {}, None)
