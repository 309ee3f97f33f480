"""``detente debrief``: one page comparing a class's worlds, from a session file or from its exported records."""

from __future__ import annotations

from pathlib import Path

import pytest

from classroom.store import Store
from classroom.values import Settings, WorldSpec
from detente.cli import main
from engine.catalog import load_bundled

CREATED = "2026-03-02T09:15:00Z"


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """Three worlds of indo_pacific, bots in every seat: two on seed 42 (one of them with an inject on turn 2), one on seed 7."""
    folder = tmp_path_factory.mktemp("debrief")
    scenario = load_bundled("indo_pacific")
    worlds = [WorldSpec("Monday", seed=42), WorldSpec("Tuesday", seed=42), WorldSpec("Friday", seed=7)]
    bots = {f.id: "greedy" for f in scenario.factions}
    new = Store.create(folder / "class.detente", scenario, created=CREATED, worlds=worlds, players=bots, settings=Settings(resolve_when_all_in=False))
    with Store.open(new.path) as store:
        fac = store.facilitator(new.facilitator_code)
        for world in (1, 2, 3):
            for turn in range(1, 5):
                if world == 2 and turn == 2:
                    fac.inject(world, "typhoon")
                fac.resolve(world)
            fac.export(world, folder / f"world{world}.jsonl")
    return folder


def test_the_debrief_compares_the_worlds_of_a_session(session, monkeypatch):
    monkeypatch.chdir(session)
    assert main(["debrief", "class.detente", "--out", "debrief.md"]) == 0
    page = Path("debrief.md").read_text(encoding="utf-8")
    assert "| Monday | 42 | 4 of 10 | unfinished |" in page and "| Friday | 7 | 4 of 10 | unfinished |" in page
    assert "- Tuesday first differs from Monday on turn 2: " in page
    assert "It came after the facilitator's inject of Super typhoon on turn 2 in Tuesday only." in page
    assert "## The learning objectives, world by world" in page and "- Friday: " in page
    assert "events answered" in page and "instrument kinds used" in page


def test_the_debrief_reads_a_folder_of_exports_and_leaves_out_what_does_not_verify(session, monkeypatch, capsys):
    monkeypatch.chdir(session)
    broken = Path("broken.jsonl")
    broken.write_text(Path("world1.jsonl").read_text(encoding="utf-8").replace('"die":', '"die":1,"x":', 1), encoding="utf-8")
    assert main(["debrief", ".", "--out", "debrief.html"]) == 1
    assert "detente debrief: left out: ./broken.jsonl:51: the checksum on the end line does not match" in capsys.readouterr().err
    page = Path("debrief.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "./world3.jsonl" in page and "broken.jsonl" not in page
    broken.unlink()
    assert main(["debrief", "class.detente", "world1.jsonl", "--out", "x.md"]) == 2
