"""``detente aar``: the after-action review, compared byte for byte with golden files.

The reviews of one class game (tests/class_folder.py) are kept in
tests/golden/reports/aar.md and aar.html, written with the clock frozen.
Regenerate them after a deliberate change and read the diff:

    DETENTE_WRITE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_grading_cli.py tests/test_aar.py
"""

from __future__ import annotations

import io
import itertools
import re
import sys
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest
from class_folder import CLASS4, CREATED, play_session
from freezegun import freeze_time
from test_grading_cli import NOW, check_golden, shared_class

from detente.cli import main
from engine import Game, Order, load_scenario_file
from engine.record import write_record
from reports.charts import Line, svg_line_chart, text_line_chart, ticks
from reports.review import instrument_use, series, turning_points


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    return shared_class(tmp_path_factory)


def aar(record: Path | str, out: Path | str) -> tuple[int, str, str]:
    """Run ``detente aar`` in this process with the clock frozen; (exit code, stdout, stderr)."""
    printed, errors = io.StringIO(), io.StringIO()
    with freeze_time(NOW):
        old = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = printed, errors
        try:
            code = main(["aar", str(record), "--out", str(out)])
        finally:
            sys.stdout, sys.stderr = old
    return code, printed.getvalue(), errors.getvalue()


@pytest.mark.parametrize("kind", ["md", "html"])
def test_the_review_matches_the_golden_file(classroom, monkeypatch, kind):
    monkeypatch.chdir(classroom)
    code, printed, _ = aar("class/room1/table_a.jsonl", f"review.{kind}")
    assert code == 0
    assert printed == f"after-action review of class/room1/table_a.jsonl written to review.{kind}\n"
    check_golden(f"aar.{kind}", Path(f"review.{kind}").read_text(encoding="utf-8"))


def test_the_review_has_every_part_a_teacher_projects(classroom, monkeypatch):
    monkeypatch.chdir(classroom)
    aar("class/room1/table_a.jsonl", "review.html")
    page = Path("review.html").read_text(encoding="utf-8")
    for heading in ("Result", "Over the turns", "Turning points", "Choices by instrument", "Timeline"):
        assert f"<h2>{heading}</h2>" in page
    svgs = re.findall(r"<svg.*?</svg>", page, flags=re.S)
    assert len(svgs) == 4  # score, credibility, domestic support, budget
    for svg in svgs:
        ElementTree.fromstring(svg)  # each chart is well-formed XML
    assert page.count("<details open>") == 12
    assert f"Review generated {NOW} by Détente" in page
    Balanced().check(page)


class Balanced(HTMLParser):
    """Fails on a closing tag that does not match the open one."""

    VOID = {"meta", "br", "circle", "line", "polyline", "img"}

    def check(self, page: str) -> None:
        self.stack: list[str] = []
        self.feed(page)
        assert self.stack == []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-3:])
        self.stack.pop()


def test_player_text_cannot_inject_markup(tmp_path):
    scenario = load_scenario_file(CLASS4)
    game = Game(scenario, 5)
    game.submit("north", [Order("comms", "port", "<script>alert('x')</script> | *bold* [link](http://x)")])
    game.note("</details><h1>owned</h1>", "south")
    game.resolve()
    record = tmp_path / "game.jsonl"
    write_record(record, game, {}, CREATED)
    assert aar(record, tmp_path / "r.html")[0] == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page and "<h1>owned</h1>" not in page
    Balanced().check(page)
    assert aar(record, tmp_path / "r.md")[0] == 0
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "<script>" not in text and r"\*bold\*" in text and r"\[link\]" in text and r"\|" in text


def test_an_unfinished_game_says_so(classroom, tmp_path):
    code, _, _ = aar(classroom / "class" / "room2" / "unfinished.jsonl", tmp_path / "u.md")
    assert code == 0
    text = (tmp_path / "u.md").read_text(encoding="utf-8")
    assert "The record stops after turn 5 of 12: the game is unfinished. Standings so far:" in text
    assert "### Turn 5" in text and "### Turn 6" not in text


def test_a_record_that_does_not_verify_gets_no_review(classroom, tmp_path):
    out = tmp_path / "forged.html"
    code, _, errors = aar(classroom / "class" / "handed_in" / "forged.jsonl", out)
    assert code == 1 and "does not verify, so no review was written: line 9: turn 1: the engine rolled" in errors
    assert not out.exists()
    code, _, errors = aar(classroom / "class" / "handed_in" / "truncated.jsonl", out)
    assert code == 1 and "cut short" in errors and not out.exists()


def test_the_review_is_markdown_or_html(classroom, tmp_path):
    code, _, errors = aar(classroom / "class" / "room1" / "table_a.jsonl", tmp_path / "review.pdf")
    assert code == 2 and "the report is written as Markdown (.md) or HTML (.html)" in errors


def test_a_review_replaces_an_old_one_whole(classroom, tmp_path):
    out = tmp_path / "review.md"
    out.write_text("an older review\n", encoding="utf-8")
    assert aar(classroom / "class" / "room1" / "table_b.jsonl", out)[0] == 0
    assert out.read_text(encoding="utf-8").startswith("# After-action review: Class of Four\n")
    assert [p.name for p in tmp_path.iterdir()] == ["review.md"]


# -- the data behind the review, and the charts ---------------------------------------------------


def test_turning_points_are_the_largest_swings_with_their_causes(tmp_path):
    path = tmp_path / "game.jsonl"
    play_session(path, 7)
    from engine.record import read_record, replay

    game = replay(read_record(path)).game
    points = turning_points(game)
    swings = sorted((abs(b - a) for s in [game.history] for x, y in itertools.pairwise(s) for (_, a), (_, b) in zip(x.scores, y.scores)), reverse=True)
    assert sorted((abs(p.delta) for p in points), reverse=True) == swings[:5]
    assert [p.turn for p in points] == sorted(p.turn for p in points)
    for point in points:
        assert point.reasons and all(isinstance(amount, int) for amount, _ in point.reasons)
    use = instrument_use(game)
    assert sum(u.ordered for per in use.values() for u in per.values()) == sum(len(orders) for turn in game.digests for orders in _final(game, turn).values())
    assert [s.id for s in series(game)] == ["score", "credibility", "domestic_support", "budget"]


def _final(game, turn):
    from engine.inputs import Submission

    final = {}
    for item in game.inputs[turn]:
        if isinstance(item, Submission):
            final[item.faction] = item.orders
    return final


def test_text_chart_places_letters_and_marks_shared_spots():
    lines = [Line("A", "Alpha", "#000", (1, 2, 3)), Line("B", "Beta", "#111", (3, 2, 1))]
    assert text_line_chart(lines) == [
        "3 ┤  B       A",
        "2 ┤      *",
        "1 ┤  A       B",
        "  └────────────",
        "    0   1   2  turn",
    ]


def test_svg_chart_scales_to_round_ticks():
    assert ticks(7, 61) == (0, 70, 10)
    assert ticks(0, 1000) == (0, 1000, 200)
    assert ticks(4, 4) == (4, 5, 1)
    svg = svg_line_chart("Score", [Line("A", "Alpha", "#0072B2", (10, 20, 15))], marks=(1,))
    ElementTree.fromstring(svg)
    assert 'aria-label="Score over the turns; at the end: A 15"' in svg
    assert "<title>Alpha, turn 2: 15</title>" in svg and 'class="mark"' in svg


def test_the_review_is_built_on_the_learning_objectives_and_shows_the_facilitators_hand():
    from engine.describe import Describer
    from engine.record import read_record, replay
    from reports.lessons import facilitators_hand, hot_wash, objective_evidence
    from reports.review import turning_points

    game = replay(read_record(Path(__file__).parent / "golden" / "records" / "indo_pacific-facilitated.jsonl")).game
    describe = Describer(game.scenario)
    evidence = objective_evidence(game, describe)
    assert [objective for objective, _ in evidence] == list(game.scenario.learning_objectives)
    by_objective = dict(evidence)
    credibility = next(lines for objective, lines in evidence if "credibility" in objective)
    assert credibility[1].startswith("H Heartland Republic: turn 1 Arms sale") and "credibility 4 → 3" in credibility[1]
    assert any("Forged basing memo → Solvana (disinformation, inject): not answered." in line for line in by_objective[game.scenario.learning_objectives[4]])
    hand = facilitators_hand(game, describe)
    assert "Turn 3: undid the resolution of turn 3, because: the class asked to argue turn 3 again" in hand
    assert "Turn 2: injected Forged basing memo → Solvana." in hand and "Turn 2: sideline (H Heartland Republic): Sam" in hand
    assert "Turn 1: rated S Seaboard Federation's order 1 strong." in hand
    questions = hot_wash(game, describe, turning_points(game), evidence)
    assert questions[0].startswith("Which decision won the game for M Meridian Commonwealth")
    assert any(q.startswith("Where did this game show it? ") for q in questions)


def test_the_charts_keep_their_text_readable_on_a_projector():
    """One chart a row, never drawn narrower than its 720-unit view box: 14-unit ticks stay 14 px or more at 1280 px."""
    from reports.aar import STYLE
    from reports.charts import svg_line_chart

    assert ".charts { display: grid; grid-template-columns: 1fr;" in STYLE
    assert "svg.chart { width: 100%; min-width: 720px;" in STYLE and "svg .tick { font-size: 14px;" in STYLE
    assert 'viewBox="0 0 720 ' in svg_line_chart("Score", [])


def test_a_made_event_shows_in_the_facilitators_hand_and_the_after_action_review(tmp_path):
    from engine.catalog import load_bundled
    from engine.describe import Describer
    from engine.game import Game
    from engine.record import read_record, replay, write_record
    from reports.lessons import facilitators_hand

    game = Game(load_bundled("indo_pacific"), 5)
    strike = {"id": "made_port_strike", "name": "Port strike", "category": "crisis", "text": "Dockers walk out.", "target": "region", "region": "tenrai"}
    game.made_inject({**strike, "effects": {"stability": -1}, "modifier": {"turns": 2, "roll": -1}})
    game.resolve()
    path = tmp_path / "made.jsonl"
    write_record(path, game, {}, "2026-12-07T09:00:00Z")
    replayed = replay(read_record(path)).game
    assert "Turn 1: injected Port strike (an event made in play) → Tenrai." in facilitators_hand(replayed, Describer(replayed.scenario))
    out = tmp_path / "made.md"
    assert main(["aar", str(path), "--out", str(out)]) == 0
    assert "Port strike" in out.read_text(encoding="utf-8")


def test_private_messages_are_in_the_after_action_review(tmp_path):
    from engine.catalog import load_bundled
    from engine.game import Game

    game = Game(load_bundled("indo_pacific"), 5)
    game.message("seaboard", "heartland", "Stay out of Solvana <and> we stay out of Khemra.")
    game.message("facilitator", "meridian", "Your move.")
    game.resolve()
    path = tmp_path / "talk.jsonl"
    write_record(path, game, {}, "2026-12-07T09:00:00Z")
    for suffix in ("md", "html"):
        out = tmp_path / f"talk.{suffix}"
        assert main(["aar", str(path), "--out", str(out)]) == 0
        text = out.read_text(encoding="utf-8")
        assert "Private, S Seaboard Federation to H Heartland Republic: Stay out of Solvana" in text
        assert "Private, facilitator to M Meridian Commonwealth: Your move." in text
    assert "Stay out of Solvana &lt;and&gt; we" in (tmp_path / "talk.html").read_text(encoding="utf-8")
