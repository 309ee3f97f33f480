"""Facilitator pages cannot drift: their generated blocks agree with the scenario files and stored lab reports."""

from __future__ import annotations

import json

import pytest

from engine.catalog import bundled_ids, load_bundled
from tools.pages import BLOCK, PAGES, PageError, main, pages, render


def test_every_bundled_scenario_has_a_page():
    assert [page.stem for page in pages()] == bundled_ids()


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.stem)
def test_a_page_agrees_with_its_scenario_file_and_reports(page):
    text = page.read_text(encoding="utf-8")
    assert render(page, text) == text, f"{page.name} disagrees with its files: run python -m tools.pages"
    kinds = [match.group("kind") for match in BLOCK.finditer(text)]
    assert {"facts", "objectives", "factions", "board", "lessons"} <= set(kinds)


@pytest.mark.parametrize("page", pages(), ids=lambda page: page.stem)
def test_a_page_shows_lessons_measured_on_its_file_as_it_is_now(page):
    scenario = load_bundled(page.stem)
    reports = [match.group("report") for match in BLOCK.finditer(page.read_text(encoding="utf-8")) if match.group("kind") == "lessons"]
    current = [r for r in reports if json.loads((PAGES / r).read_text(encoding="utf-8"))["scenario"]["sha256"] == scenario.sha256]
    assert current, f"{page.name}: no lessons report measured on scenarios/{page.stem}.toml as it is now"


def test_a_wrong_number_in_a_page_is_found_and_rewritten():
    page = PAGES / "indo_pacific.md"
    text = page.read_text(encoding="utf-8")
    wrong = text.replace("| 9 / 5 |", "| 9 / 6 |", 1)
    assert wrong != text
    assert render(page, wrong) == text


def test_an_unknown_block_or_missing_report_is_refused():
    page = PAGES / "indo_pacific.md"
    with pytest.raises(PageError, match="no generated block 'weather'"):
        render(page, "<!-- generated: weather -->\n<!-- end generated -->\n")
    with pytest.raises(PageError, match=r"names reports/none\.json, which does not exist"):
        render(page, "<!-- generated: lessons reports/none.json -->\n<!-- end generated -->\n")


def test_check_exits_1_naming_a_stale_page(tmp_path, monkeypatch, capsys):
    import tools.pages

    folder = tmp_path / "scenarios"
    folder.mkdir()
    stale = folder / "qadiri_gulf.md"
    stale.write_text("# Qadiri\n\n<!-- generated: facts -->\nold\n<!-- end generated -->\n", encoding="utf-8")
    monkeypatch.setattr(tools.pages, "PAGES", folder)
    monkeypatch.setattr(tools.pages, "ROOT", tmp_path)
    assert main(["--check"]) == 1
    assert "scenarios/qadiri_gulf.md: disagrees with its files" in capsys.readouterr().err
    assert "old" in stale.read_text(encoding="utf-8")
    assert main([]) == 0
    assert "| Bundled id | `qadiri_gulf`" in stale.read_text(encoding="utf-8")
    assert main(["--check"]) == 0
