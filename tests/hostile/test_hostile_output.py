"""Nothing raw reaches a terminal or a text report, and a failed write ends with one line.

Records with hostile text are refused at load (test_hostile_records.py);
these tests are the second layer. They give the renderers a replayed game
whose every text holds control and bidirectional characters, as if one had
got past the reader, and hand the commands file names that hold them: the
timeline, the after-action review and the grade reports (Markdown, CSV and
JSON) show them escaped. Then standard output is a full disk or a closed
pipe: ``replay``, ``check`` and ``grade`` end with one line on standard error
and exit code 1, never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from hostile_run import MINI, bounded, refused

from detente.output import GuardedOutput, OutputError
from engine import Game, load_scenario_file
from engine.errors import printable, printable_json, printable_lines
from engine.inputs import Order
from engine.record import Header, Record, record_lines, replay, write_record
from grading.class_report import ClassSummary, ParallelWorlds
from grading.grades import Rejected, grade_game
from grading.rubric import find_rubric
from players.bots import RandomBot
from reports.aar import Review
from reports.grade_report import Ending, writer_for
from reports.timeline import timeline_json, timeline_text

CREATED = "2026-01-01T00:00:00Z"
NOW = "2026-03-02T12:00:00Z"
EVIL = "\x1b[2K\x1b[1A\x1b]0;pwned\x07\x1b]52;c;cHduZWQ=\x07\r\x9b2J\x7f\u202e\u2066"
"""Erase a line, move up, set the title, write the clipboard, return, a C1 CSI, DEL, and bidirectional overrides."""
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""What must never stand raw in a terminal line or a text report (line feeds and tabs aside)."""
RUBRIC_TEXT = (Path(__file__).parent.parent / "rubrics" / "class4.toml").read_text(encoding="utf-8").replace('scenario = "class4"', 'scenario = "mini"')
HOSTILE_NAMES = ("team\x1b]2;X\x07.jsonl", "b\u202egnp.jsonl")


def hostile_game(seed: int = 5) -> Game:
    """A whole mini game whose every justification, note and directive is hostile (and spans lines)."""
    game = Game(load_scenario_file(MINI), seed)
    bot = RandomBot()
    while not game.is_over:
        for faction in game.factions:
            game.submit(faction, [Order(o.move, o.target, f"why{EVIL}\nline two") for o in bot.choose(game, faction)])
        game.note(f"note{EVIL}\nline two")
        game.direct("timer", "", f"paused{EVIL}")
        game.resolve()
    return game


def unchecked(game: Game, file: str) -> Record:
    """The record of ``game`` as the reader would give it, without the reader's checks."""
    lines = [json.loads(line) for line in record_lines(game, {"red": f"human{EVIL}"}, CREATED)]
    scenario = game.scenario
    seats = tuple(lines[0]["seats"].items())
    header = Header(1, f"0.1{EVIL}", f"{CREATED}{EVIL}", scenario.id, scenario.sha256, game.seed, seats)
    return Record(file, header, scenario, tuple(enumerate(lines[2:-1], start=3)))


@pytest.fixture(scope="module")
def hostile():
    """A replayed hostile game. The game refuses such text at input and the reader at load; here both
    are bypassed, to prove that every renderer escapes what would reach it anyway (defence in depth)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("engine.game.unsafe_character", lambda text, lines=True: None)
        result = replay(unchecked(hostile_game(), HOSTILE_NAMES[0]))
    assert result.verified, result.mismatch
    return result


def test_the_text_timeline_escapes_every_line(hostile):
    lines = timeline_text(hostile)
    assert all(printable(line) == line for line in lines)
    text = "\n".join(lines)
    assert "why\\x1b[2K" in text and "note\\x1b[2K" in text and "paused\\x1b[2K" in text
    assert "line two" in text and "\\x0aline two" not in text  # texts that may span lines are flattened


def test_the_json_timeline_keeps_the_texts_with_nothing_raw(hostile):
    data = timeline_json(hostile)
    text = printable_json(json.dumps(data, ensure_ascii=False, indent=2))
    assert RAW.search(text) is None
    assert json.loads(text) == data


def test_the_markdown_review_escapes_everything(hostile):
    text = Review(hostile, NOW).markdown()
    assert RAW.search(text) is None and "\t" not in text
    assert "`team\\x1b]2;X\\x07.jsonl`" in text  # the file name, as inline code
    assert "why\\\\x1b\\[2K" in text  # the escape, its backslash and bracket escaped for Markdown


def test_the_html_review_leaves_nothing_raw(hostile):
    text = Review(hostile, NOW).html()
    assert RAW.search(text) is None
    assert "file team\\x1b]2;X\\x07.jsonl" in text


@pytest.fixture(scope="module")
def rubric(tmp_path_factory):
    path = tmp_path_factory.mktemp("rubric") / "mini.toml"
    path.write_text(RUBRIC_TEXT, encoding="utf-8")
    return find_rubric(str(path))


def report(kind: str, rubric, hostile) -> str:
    """The grade report of two hostile records of one world and one rejected file, in ``kind``."""
    grades = [grade_game(unchecked(hostile.game, name), hostile.game, rubric) for name in HOSTILE_NAMES]
    rejected = [Rejected(f"c{EVIL}.jsonl", f"line 3: {EVIL}")]
    spool, out = io.StringIO(), io.StringIO()
    writer = writer_for(kind, rubric, spool)
    summary = ClassSummary()
    with ParallelWorlds() as worlds:
        for grade in grades:
            writer.record(grade)
            summary.add(grade)
            worlds.add(grade)
        for item in rejected:
            writer.rejected(item)
        writer.finish(out, Ending(NOW, 3, tuple(rejected), tuple(summary.factions()), worlds.groups()))
    return out.getvalue()


def test_the_markdown_grade_report_escapes_file_names_and_texts(rubric, hostile):
    text = report("md", rubric, hostile)
    assert RAW.search(text) is None and "\t" not in text
    assert "`team\\x1b]2;X\\x07.jsonl`" in text and "`b\\u202egnp.jsonl`" in text and "`c\\x1b[2K" in text
    assert "## Parallel worlds" in text and "human\\\\x1b" in text  # the seat, escaped and then made a safe cell


def test_the_csv_grade_report_has_one_printable_line_per_field(rubric, hostile):
    text = report("csv", rubric, hostile)
    assert RAW.search(text) is None
    rows = list(csv.reader(io.StringIO(text)))
    assert all(printable(field) == field for row in rows for field in row)
    assert [row[0] for row in rows[1:]].count("team\\x1b]2;X\\x07.jsonl") == 2  # blue and green (red's seat is not "human")
    assert rows[-1][:2] == [printable(f"c{EVIL}.jsonl"), printable(f"rejected: line 3: {EVIL}")]


def test_the_json_grade_report_escapes_and_round_trips_file_names(rubric, hostile):
    text = report("json", rubric, hostile)
    assert RAW.search(text) is None
    data = json.loads(text)
    assert [record["file"] for record in data["records"]] == [*HOSTILE_NAMES, f"c{EVIL}.jsonl"]


# -- the commands, with hostile file names -------------------------------------------------------


def clean_game(seed: int = 5) -> Game:
    game = Game(load_scenario_file(MINI), seed)
    bot = RandomBot()
    while not game.is_over:
        for faction in game.factions:
            game.submit(faction, bot.choose(game, faction))
        game.resolve()
    return game


@pytest.fixture(scope="module")
def handed_in(tmp_path_factory):
    """A class folder whose records have hostile names, and the rubric."""
    top = tmp_path_factory.mktemp("school")
    (top / "class").mkdir()
    game = clean_game()
    for name in HOSTILE_NAMES:
        write_record(top / "class" / name, game, {}, CREATED)
    (top / "mini.toml").write_text(RUBRIC_TEXT, encoding="utf-8")
    return top


@pytest.mark.parametrize("kind", ["md", "csv", "json"])
def test_grade_prints_hostile_file_names_escaped(handed_in, kind):
    result = bounded("grade", handed_in / "class", "--rubric", handed_in / "mini.toml", "--format", kind)
    assert result.returncode == 0, result.stderr
    assert RAW.search(result.stdout) is None and result.stderr == ""
    if kind == "json":
        assert {record["file"].rsplit("/", 1)[-1] for record in json.loads(result.stdout)["records"]} == set(HOSTILE_NAMES)
    else:
        assert "team\\x1b]2;X\\x07.jsonl" in result.stdout and "b\\u202egnp.jsonl" in result.stdout


def test_grade_writes_a_report_file_with_hostile_names_escaped(handed_in, tmp_path):
    out = tmp_path / "grades.csv"
    result = bounded("grade", handed_in / "class", "--rubric", handed_in / "mini.toml", "--out", out)
    assert result.returncode == 0 and RAW.search(result.stdout) is None
    assert RAW.search(out.read_text(encoding="utf-8")) is None


def test_replay_and_aar_print_a_hostile_file_name_escaped(handed_in, tmp_path):
    record = handed_in / "class" / HOSTILE_NAMES[0]
    for args in (("replay", record), ("replay", record, "--format", "json"), ("aar", record, "--out", tmp_path / "r.md")):
        result = bounded(*args)
        assert result.returncode == 0, result.stderr
        assert RAW.search(result.stdout + result.stderr) is None
    assert RAW.search((tmp_path / "r.md").read_text(encoding="utf-8")) is None


def test_check_prints_its_ok_line_escaped(tmp_path):
    path = tmp_path / f"mini{EVIL}.toml"
    path.write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")
    result = bounded("check", path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(printable(f"{path}: ok — Mini: 3 factions, 4 regions, 6 moves, 3 cards, 4 turns; format 1"))
    assert result.stdout.count("\n") == 1


def test_errors_are_printed_escaped(tmp_path):
    missing = tmp_path / f"gone{EVIL}.jsonl"
    for command in ("replay", "aar"):
        result = bounded(command, missing, *(("--out", tmp_path / "x.md") if command == "aar" else ()))
        lines = refused(result, "no such file")
        assert len(lines) == 1 and RAW.search(result.stderr) is None


# -- full disks and closed pipes -------------------------------------------------------------------

needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
GOLDEN_RECORD = Path(__file__).parent.parent / "golden" / "records" / "indo_pacific-facilitated.jsonl"


def commands(handed_in: Path) -> dict[str, tuple[object, ...]]:
    return {
        "replay": ("replay", GOLDEN_RECORD),
        "replay_json": ("replay", GOLDEN_RECORD, "--format", "json"),
        "check": ("check", MINI),
        "grade": ("grade", handed_in / "class", "--rubric", handed_in / "mini.toml"),
        "scenarios": ("scenarios",),
    }


@needs_dev_full
@pytest.mark.parametrize("name", ["replay", "replay_json", "check", "grade", "scenarios"])
def test_a_full_disk_under_standard_output_ends_with_one_line(handed_in, name):
    args = commands(handed_in)[name]
    with open("/dev/full", "w") as full:
        result = bounded(*args, stdout=full)
    assert refused(result) == [f"detente {args[0]}: cannot write to standard output: No space left on device"]


@pytest.mark.parametrize("name", ["replay", "replay_json", "check", "grade", "scenarios"])
def test_a_closed_pipe_ends_with_one_line(handed_in, name):
    """As ``detente replay rec.jsonl | head -1`` once ``head`` is gone: the reading end is closed before the first write."""
    args = commands(handed_in)[name]
    reading, writing = os.pipe()
    os.close(reading)
    try:
        result = bounded(*args, stdout=writing)
    finally:
        os.close(writing)
    assert refused(result) == [f"detente {args[0]}: standard output was closed before everything was written (broken pipe)"]


def test_a_full_disk_under_the_report_file_ends_with_one_line(handed_in, tmp_path, monkeypatch):
    """``grade --out`` on a full disk: the report is not written, one line says so, and nothing is left behind."""
    import detente.grade

    real = detente.grade.atomic_text.__enter__

    def full(self):
        stream = real(self)

        def write(text: str) -> int:
            raise OSError(28, "No space left on device")

        stream.write = write  # type: ignore[method-assign]
        return stream

    monkeypatch.setattr(detente.grade.atomic_text, "__enter__", full)
    monkeypatch.chdir(handed_in)
    from detente.cli import main

    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    assert main(["grade", "class", "--rubric", "mini.toml", "--out", str(tmp_path / "g.md")]) == 1
    assert err.getvalue() == f"detente grade: {tmp_path / 'g.md'}: the report was not written: No space left on device\n"
    assert list(tmp_path.iterdir()) == []


# -- the guard itself ----------------------------------------------------------------------------------


class Refusing(io.StringIO):
    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


def test_the_guard_escapes_all_but_line_feeds():
    stream = io.StringIO()
    guard = GuardedOutput(stream)
    print(f"a{EVIL}\tb", "second line", sep="\n", file=guard)  # type: ignore[arg-type]
    assert stream.getvalue() == printable_lines(f"a{EVIL}\tb\nsecond line\n") == printable(f"a{EVIL}\tb") + "\nsecond line\n"
    assert guard.getvalue() == stream.getvalue()  # everything else is the stream's


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (BrokenPipeError(32, "Broken pipe"), "standard output was closed before everything was written (broken pipe)"),
        (OSError(28, "No space left on device"), "cannot write to standard output: No space left on device"),
    ],
)
def test_the_guard_turns_a_failed_write_into_one_line(error, message):
    with pytest.raises(OutputError) as caught:
        GuardedOutput(Refusing(error)).write("x")  # type: ignore[arg-type]
    assert str(caught.value) == message and caught.value.stdout
