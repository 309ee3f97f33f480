"""``detente grade`` on a class folder: golden reports, exit codes, CSV, worker processes.

The folder (tests/class_folder.py) holds four games played through
``players.table.Session`` — two of them parallel worlds of the same seed, one
with bot seats, one unfinished — and six broken files: tampered, forged,
truncated, another scenario, a newer format, and an essay.

The reports are compared byte for byte with tests/golden/reports/, with the
clock frozen. After a deliberate change to grading or to the report layout,
regenerate them and read the diff before committing:

    DETENTE_WRITE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_grading_cli.py tests/test_aar.py
"""

from __future__ import annotations

import csv
import gc
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from class_folder import RUBRIC, make_class
from freezegun import freeze_time

from detente.cli import main
from detente.grade import COLLECT_AFTER, Grading, Progress, find_records, graded
from detente.usage import UsageError
from grading.rubric import load_rubric_file

GOLDEN = Path(__file__).parent / "golden" / "reports"
WRITE = os.environ.get("DETENTE_WRITE_GOLDEN") == "1"
NOW = "2026-03-02T12:00:00Z"


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with the golden file ``name`` (or rewrite it when asked)."""
    path = GOLDEN / name
    if WRITE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from the golden file; see this module's docstring"


def shared_class(tmp_path_factory) -> Path:
    """The class folder, made once per test session (test_aar.py uses it too)."""
    top = tmp_path_factory.getbasetemp() / "school"
    if not top.exists():
        make_class(top / "class")
    return top


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    return shared_class(tmp_path_factory)


@pytest.fixture
def in_school(classroom, monkeypatch):
    """Work from the folder that holds ``class/``, so reports name files ``class/...``."""
    monkeypatch.chdir(classroom)
    return classroom


def grade(*args: str) -> tuple[int, str]:
    """Run ``detente grade`` in this process with the clock frozen; (exit code, stdout)."""
    out = io.StringIO()
    with freeze_time(NOW):
        old, sys.stdout = sys.stdout, out
        try:
            code = main(["grade", *args])
        finally:
            sys.stdout = old
    return code, out.getvalue()


@pytest.mark.parametrize("kind", ["md", "csv", "json"])
def test_the_class_report_matches_the_golden_file(in_school, kind):
    code, printed = grade("class", "--rubric", str(RUBRIC), "--out", f"grades.{kind}")
    assert code == 1  # six files were rejected
    assert printed == f"graded 4 of 10 files (14 teams); rejected 6; report written to grades.{kind}\n"
    check_golden(f"class.{kind}", Path(f"grades.{kind}").read_text(encoding="utf-8"))
    assert [p.name for p in Path(".").iterdir() if p.name.startswith(".grades")] == []  # no temporary left


def test_worker_processes_give_the_same_report(in_school):
    outputs = {jobs: grade("class", "--rubric", str(RUBRIC), "--format", "json", "--jobs", str(jobs)) for jobs in (1, 2, 3)}
    assert outputs[1][0] == outputs[2][0] == outputs[3][0] == 1
    assert outputs[1][1] == outputs[2][1] == outputs[3][1]
    assert json.loads(outputs[1][1])["graded"] == 4


@pytest.mark.parametrize("jobs", [1, 2])
def test_grading_runs_the_cycle_collector_less_often_and_sets_it_back(in_school, jobs):
    """While records are graded the collector's youngest generation runs after ``COLLECT_AFTER`` new objects
    (a replay frees what it makes by reference counting); once the grades are all given, as it was."""
    before = gc.get_threshold()
    assert before[0] != COLLECT_AFTER
    paths = find_records(["class"], [])
    thresholds = [gc.get_threshold() for _ in graded(paths, Grading(load_rubric_file(RUBRIC)), jobs)]
    assert len(thresholds) == len(paths)
    assert set(thresholds) == {(COLLECT_AFTER, *before[1:])}
    assert gc.get_threshold() == before


def test_the_csv_is_a_gradebook(in_school):
    _code, text = grade("class", "--rubric", str(RUBRIC), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    rejected = [r for r in rows if r["status"].startswith("rejected: ")]
    graded = [r for r in rows if r["status"].startswith("graded")]
    assert len(rejected) == 6 and len(graded) == 14
    assert {r["verified"] for r in rejected} == {"no"} and {r["verified"] for r in graded} == {"yes"}
    files = [r["file"] for r in rows]
    assert files == sorted(files)  # in the order the folder search found them: sorted by path
    forged = next(r for r in rejected if r["file"].endswith("forged.jsonl"))
    assert forged["status"].startswith("rejected: does not verify: line ")
    truncated = next(r for r in rejected if r["file"].endswith("truncated.jsonl"))
    assert "cut short" in truncated["status"]
    east = next(r for r in graded if r["file"] == "class/room1/table_a.jsonl" and r["faction"] == "east")
    assert (east["team"], east["seat"], east["finished"], east["factions"]) == ("Eastern Pact", "human", "yes", "4")
    assert east["reasons_why"].startswith("gave a reason of 25+ characters about the order for ")
    total = float(east["participation"]) + float(east["performance"])
    assert abs(total - float(east["total"])) < 0.11 and east["total_max"] == "100"
    bots = {r["faction"] for r in graded if r["file"] == "class/room2/table_c.jsonl"}
    assert bots == {"south", "east"}  # north and west were played by the random bot
    unfinished = {r["status"] for r in graded if r["file"] == "class/room2/unfinished.jsonl"}
    assert unfinished == {"graded (unfinished game)"}


def test_parallel_worlds_name_the_turn_and_the_choice(in_school):
    _code, text = grade("class", "--rubric", str(RUBRIC), "--format", "json")
    (group,) = json.loads(text)["parallel_worlds"]
    assert [w["file"] for w in group["worlds"]] == ["class/room1/table_a.jsonl", "class/room1/table_b.jsonl"]
    (comparison,) = group["comparisons"]
    assert (comparison["first_divergence"], comparison["same_orders_through"]) == (3, 2)
    (choice,) = comparison["choices"]
    assert choice["faction"] == "east" and choice["second"] == ["no orders"] and choice["first"] != ["no orders"]
    a, b = (w["scores_by_turn"] for w in group["worlds"])
    assert a[:2] == b[:2] and a[2] != b[2]  # the same game until the choices differ


def test_every_file_graded_exits_0(in_school, capsys):
    code, text = grade("class/room1", "class/room2/table_c.jsonl", "--rubric", str(RUBRIC), "--format", "md")
    assert code == 0
    assert "**3 files: 3 graded, 0 rejected.**" in text
    assert capsys.readouterr().err == ""


def test_files_are_found_sorted_and_named_once(in_school):
    assert find_records(["class/room2", "class/room1/table_b.jsonl", "class/room1"]) == [
        "class/room2/table_c.jsonl",
        "class/room2/unfinished.jsonl",
        "class/room1/table_b.jsonl",
        "class/room1/table_a.jsonl",
    ]
    assert "class/handed_in/README.txt" not in find_records(["class"])
    assert find_records(["class/handed_in/README.txt"]) == ["class/handed_in/README.txt"]  # named: graded (and rejected)
    with pytest.raises(UsageError, match="no such file or folder"):
        find_records(["class/room9"])


def detente(*args, cwd):
    return subprocess.run([sys.executable, "-m", "detente", *map(str, args)], capture_output=True, text=True, cwd=cwd)


def test_exit_codes_from_the_command_line(in_school, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = detente("grade", "class/room9", "--rubric", RUBRIC, cwd=in_school)
    assert missing.returncode == 2 and "detente grade: error: class/room9: no such file or folder" in missing.stderr
    nothing = detente("grade", empty, "--rubric", RUBRIC, cwd=in_school)
    assert nothing.returncode == 2 and "no game records (*.jsonl) found" in nothing.stderr
    jobs = detente("grade", "class", "--rubric", RUBRIC, "--jobs", "0", cwd=in_school)
    assert jobs.returncode == 2 and "must be 1 or more" in jobs.stderr
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\nid = "x"\ntitle = "X"\nscenario = "class4"\n\n[[criteria]]\nid = "a"\nkind = "rank"\npoints = -1\n', encoding="utf-8")
    rubric = detente("grade", "class", "--rubric", bad, cwd=in_school)
    assert rubric.returncode == 1 and f"{bad}:9: $.criteria[0].points: -1 is out of range; expected an integer from 1 to 1000" in rubric.stderr
    rejected = detente("grade", "class", "--rubric", RUBRIC, "--format", "csv", cwd=in_school)
    assert rejected.returncode == 1 and "Traceback" not in rejected.stderr
    assert rejected.stderr == "detente grade: graded 4 of 10 files (14 teams); rejected 6 (listed in the report)\n"
    nowhere = detente("grade", "class", "--rubric", RUBRIC, "--out", tmp_path / "missing" / "g.md", cwd=in_school)
    assert nowhere.returncode == 2 and f"cannot write {tmp_path / 'missing' / 'g.md'}: No such file or directory" in nowhere.stderr
    fine = detente("grade", "class/room1", "--rubric", RUBRIC, "--out", tmp_path / "room1.md", cwd=in_school)
    assert fine.returncode == 0 and fine.stdout == f"graded 2 of 2 files (8 teams); rejected 0; report written to {tmp_path / 'room1.md'}\n"


def test_grade_and_aar_never_import_textual(in_school, tmp_path):
    code = (
        "import sys\n"
        "from detente.cli import main\n"
        f"main(['grade', 'class', '--rubric', {str(RUBRIC)!r}, '--out', {str(tmp_path / 'g.md')!r}, '--jobs', '2'])\n"
        f"assert main(['aar', 'class/room1/table_a.jsonl', '--out', {str(tmp_path / 'a.html')!r}]) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=in_school)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


class FakeTerminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_the_progress_bar_shows_only_on_a_terminal_and_for_many_files():
    terminal = FakeTerminal(True)
    bar = Progress(20, terminal)
    for done in range(20):
        bar.step(rejected=1 if done > 10 else 0)
    bar.done()
    text = terminal.getvalue()
    assert "\rgrading ██████████████████████████████ 20/20 files, 1 rejected" in text and text.endswith("\r\033[K")
    for stream, files in ((FakeTerminal(False), 20), (FakeTerminal(True), 3)):
        quiet = Progress(files, stream)
        quiet.step(0)
        quiet.done()
        assert stream.getvalue() == ""
