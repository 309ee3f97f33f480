"""``detente grade``: grade folders of game records against a rubric. No Textual here.

Records are found (folders recursively, ``*.jsonl``, in sorted order), graded
one at a time — in this process, or in ``--jobs N`` worker processes that
stream their results back in input order — and each grade is written into
the report as soon as it arrives, so memory does not grow with the number of
records. The output is the same byte for byte whatever ``--jobs`` is.

A folder may hold things that are not files: a named pipe, a socket, a link
to a device or to nothing. Those are skipped unread and listed on standard
error, one line each (``skipped_line``); a path named on the command line is
always graded, or rejected with the reason. The report goes only to a regular
file (or standard output): ``--out`` naming a named pipe, a device or a
socket is refused before any grading, and leaves it as it is.

Exit codes: 0 every file was graded; 1 at least one file was rejected (the
report lists it and grades the others), the rubric is invalid or the report
cannot be written (one line on standard error); 2 a wrong command line (an
unknown option, a path that does not exist, no records).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import stat
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, TextIO

import engine.valueclass as valueclass
from detente.clock import now
from detente.output import STANDARD_OUTPUT, OutputError, failure
from detente.usage import UsageError
from engine.catalog import bundled_ids, earlier_versions, load_bundled
from engine.errors import printable
from engine.files import require_replaceable, special_kind
from engine.scenario_loader import load_scenario_file
from grading.class_report import ClassSummary, ParallelWorlds
from grading.criteria import Marks
from grading.grades import RecordGrade, Reference, Rejected, grade_file
from grading.marks import read_marks
from grading.provenance import MISMATCH, SessionSource
from grading.rubric import Rubric, find_rubric
from reports.grade_report import Ending, writer_for
from reports.marking_sheet import SheetWriter

if TYPE_CHECKING:
    from classroom.witness import SessionWitness

PROGRESS_MIN = 10
"""A progress bar is drawn (on a terminal) from this many files up."""
SPOOL_MEMORY = 1_000_000
"""Bytes of report kept in memory before the per-record part spills to a temporary file."""


# -- finding records ----------------------------------------------------------------------------


def find_records(paths: Sequence[str], skipped: list[tuple[str, str]] | None = None) -> list[str]:
    """The files to grade: each named file as given, and every ``*.jsonl`` under each named
    folder (recursively, sorted by path); a file named twice is graded once.

    In a folder, a ``*.jsonl`` that is not a regular file (a named pipe, a
    socket, a link to a device or to nothing) is left out unread and added
    to ``skipped`` as (path, what it is).
    """
    found: list[str] = []
    seen: set[str] = set()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files = []
            for folder, subfolders, names in os.walk(path):
                subfolders.sort()
                for file in (os.path.join(folder, n) for n in sorted(names) if n.endswith(".jsonl") and not n.startswith(".")):
                    what = _not_a_file(file)
                    if what is None:
                        files.append(file)
                    elif skipped is not None:
                        skipped.append((file, what))
            candidates = sorted(files, key=lambda f: Path(f).relative_to(path).parts)
        elif path.exists():
            candidates = [name]
        else:
            raise UsageError(f"{name}: no such file or folder")
        for candidate in candidates:
            key = os.path.realpath(candidate)
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    if not found:
        raise UsageError(f"no game records (*.jsonl) found in {', '.join(paths)}")
    return found


def _not_a_file(path: str) -> str | None:
    """What ``path`` found in a folder is, when it is not a regular file (links followed); None when it is one."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return "a link to nothing" if os.path.islink(path) else f"unreadable ({exc.strerror or exc})"
    return None if stat.S_ISREG(mode) else special_kind(mode) or "a special file"


def skipped_line(path: str, what: str) -> str:
    """The line that says a folder's ``path`` was skipped: ``detente grade: class/x.jsonl: skipped: a named pipe (FIFO), not a file``."""
    return printable(f"detente grade: {path}: skipped: {what}, not a file")


# -- grading, in order, in one process or several -----------------------------------------------


@valueclass.frozen
class Grading:
    """What every record is graded with besides its file: picklable, for the worker processes."""

    rubric: Rubric
    reference: Reference | None = None
    """The scenario file every record must embed (``rubric_scenario``)."""
    session: str | None = None
    """The session file to check each record's provenance against."""
    marks: Mapping[str, Marks] = valueclass.field(factory=dict)
    """The teacher's marks, by record file."""
    sheet: bool = False
    """True: each grade carries its marking sheet's rows."""

    def grade(self, path: str, session: SessionSource | None) -> RecordGrade | Rejected:
        """Grade the record at ``path`` (``session`` is the opened ``self.session``)."""
        return grade_file(path, self.rubric, self.reference, session, self.marks.get(path), sheet=self.sheet)


_worker: tuple[Grading, SessionSource | None] | None = None


def _open_session(path: str) -> SessionWitness:
    """The session file at ``path`` opened to check records against; SQLite is imported only then."""
    from classroom.witness import SessionWitness

    return SessionWitness(path)


COLLECT_AFTER = 10_000
"""How many container objects the grading processes make, beyond those they free, before the cycle collector's
youngest generation runs (Python's default is 700). A record's replay makes tens of thousands and frees almost
all of them by reference counting when its grade is made, so the collector run at the default finds little and
costs a few per cent of grading."""


@contextlib.contextmanager
def collecting_less() -> Iterator[None]:
    """Run the cycle collector after ``COLLECT_AFTER`` new objects instead of the default, then set it back."""
    before = gc.get_threshold()
    gc.set_threshold(COLLECT_AFTER, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _start_worker(grading: Grading) -> None:
    """Keep what grading needs (the session opened here) for this worker's chunks; leave Ctrl-C to the main process.
    What the worker holds now (modules, the rubric) is left out of the cycle collector's runs (``gc.freeze``), which
    then run after ``COLLECT_AFTER`` new objects."""
    global _worker
    _worker = (grading, _open_session(grading.session) if grading.session else None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()
    gc.set_threshold(COLLECT_AFTER, *gc.get_threshold()[1:])


def _grade_chunk(paths: list[str]) -> list[RecordGrade | Rejected]:
    assert _worker is not None
    grading, session = _worker
    return [grading.grade(path, session) for path in paths]


def graded(paths: Sequence[str], grading: Grading, jobs: int = 1) -> Iterator[RecordGrade | Rejected]:
    """Grade ``paths`` as ``grading`` says and yield the results in the same order; with a session file, each
    record's provenance is checked against it (``grading.provenance``).

    With ``jobs`` above 1 the records are graded in worker processes, a few
    small chunks at a time: at most ``4 * jobs`` chunks are in flight, so the
    results waiting to be written stay few however many records there are.
    Each worker opens the session for itself.
    """
    with collecting_less():
        yield from _graded(paths, grading, jobs)


def _graded(paths: Sequence[str], grading: Grading, jobs: int) -> Iterator[RecordGrade | Rejected]:
    if jobs <= 1 or len(paths) < 2:
        with _open_session(grading.session) if grading.session else contextlib.nullcontext() as witness:
            for path in paths:
                yield grading.grade(path, witness)
        return
    size = max(1, min(16, len(paths) // (jobs * 8)))
    chunks = (list(paths[i : i + size]) for i in range(0, len(paths), size))
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(grading,))
    try:
        window: deque[Future[list[RecordGrade | Rejected]]] = deque()
        for chunk in chunks:
            window.append(pool.submit(_grade_chunk, chunk))
            if len(window) >= 4 * jobs:
                yield from window.popleft().result()
        while window:
            yield from window.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- the command --------------------------------------------------------------------------------


def command_grade(args: argparse.Namespace) -> int:
    """Grade the records, write the report, and exit 1 if any file was rejected."""
    kind = args.format or _format_from(args.out)
    rubric = find_rubric(args.rubric)
    reference = rubric_scenario(rubric, args.scenario)
    if args.session:
        _open_session(args.session).close()  # a file that is not a session stops here, before any grading
    marks: dict[str, Marks] = {}
    if args.marks:
        scale = rubric.scale()
        if scale is None:
            raise UsageError(f"--marks {args.marks}: rubric {rubric.id!r} has no teacher_marks or written_marks criterion, so the marks would not count")
        marks = read_marks(args.marks, scale)
    sheet_kind = _sheet_kind(args.sheet) if args.sheet else None
    grading = Grading(rubric, reference, args.session, marks, sheet_kind is not None)
    skipped: list[tuple[str, str]] = []
    try:
        paths = find_records(args.paths, skipped)
    finally:
        for path, what in skipped:
            print(skipped_line(path, what), file=sys.stderr)
    progress = Progress(len(paths), sys.stderr)
    rejected: list[Rejected] = []
    mismatched = 0
    earlier = 0
    summary = ClassSummary()
    destination = atomic_text(Path(args.out)) if args.out else contextlib.nullcontext(sys.stdout)
    try:
        with (
            destination as out,
            atomic_text(Path(args.sheet)) if args.sheet else contextlib.nullcontext(None) as sheet_out,
            ParallelWorlds() as worlds,
            tempfile.SpooledTemporaryFile(SPOOL_MEMORY, mode="w+", encoding="utf-8", newline="") as spool,
        ):  # the output files are opened first, so that a wrong --out or --sheet fails before any grading
            writer = writer_for(kind, rubric, spool)
            sheet = SheetWriter(sheet_out, sheet_kind, rubric.title) if sheet_out is not None and sheet_kind else None
            if sheet:
                sheet.start()
            for result in graded(paths, grading, args.jobs):
                if isinstance(result, Rejected):
                    rejected.append(result)
                    writer.rejected(result)
                else:
                    mismatched += result.provenance.kind == MISMATCH
                    earlier += reference is not None and result.scenario_sha256 != reference.sha256
                    if sheet:
                        sheet.record(result.file, result.sheet)
                    summary.add(result)
                    worlds.add(result)
                    writer.record(result)
                progress.step(len(rejected))
            progress.done()
            checked_against = reference.file if reference else ""
            ending = Ending(now(), len(paths), tuple(rejected), tuple(summary.factions()), worlds.groups(), checked_against, args.session or "")
            writer.finish(out, ending)
            out.flush()
            if sheet:
                sheet.finish()
    except OSError as exc:  # the report, its temporary files or the disk under them (standard output raises OutputError)
        raise _report_failure(args.out, exc) from None
    said = f"graded {ending.graded} of {len(paths)} files ({summary.teams} teams); rejected {len(rejected)}"
    if args.session:
        said += f"; {mismatched} not a game of the session"
    if earlier and reference is not None:
        print(
            f"detente grade: {earlier} of the graded files played an earlier version of {printable(reference.file)} (before a retune): graded as played",
            file=sys.stderr,
        )
    if args.out:
        print(f"{said}; report written to {printable(args.out)}")
    elif rejected or mismatched:
        print(f"detente grade: {said} (listed in the report)", file=sys.stderr)
    return 1 if rejected or mismatched else 0


def rubric_scenario(rubric: Rubric, given: str | None) -> Reference | None:
    """The scenario ``rubric`` grades, as records must embed it: the file ``given``, else the bundled one,
    else None (a scenario that is not bundled, with no file given)."""
    if given:
        scenario = load_scenario_file(given)
        if scenario.id != rubric.scenario:
            raise UsageError(f"--scenario {given} is scenario {scenario.id!r}, but rubric {rubric.id!r} grades {rubric.scenario!r}")
        return Reference.of(scenario, given)
    if rubric.scenario in bundled_ids():
        return Reference.of(load_bundled(rubric.scenario), f"the bundled {rubric.scenario}", earlier_versions(rubric.scenario))
    return None


def _report_failure(out: str | None, exc: OSError) -> OutputError:
    """One line for a report that could not be written: to ``--out``, or for want of room for its temporary files."""
    if out is None:
        return failure(STANDARD_OUTPUT, exc)
    return OutputError(printable(f"{out}: the report was not written: {exc.strerror or exc}"))


def _sheet_kind(path: str) -> str:
    """The marking sheet's format from its file's extension: ``csv`` or ``html``."""
    kind = {".csv": "csv", ".html": "html", ".htm": "html"}.get(Path(path).suffix.lower())
    if kind is None:
        raise UsageError(f"--sheet {path}: the marking sheet is written as CSV (.csv) or HTML (.html); name it so")
    return kind


def _format_from(out: str | None) -> str:
    suffix = Path(out).suffix.lower() if out else ""
    return {".csv": "csv", ".json": "json"}.get(suffix, "md")


class atomic_text:
    """Write a text file atomically while streaming into it: a temporary file in the same
    folder, flushed and synced, then renamed over the target (``engine.record.write_atomically``
    does the same for data already in memory). A target that is a named pipe, a device or a
    socket is refused (``engine.files.SpecialDestination``) before anything is written, and
    looked at again before the rename."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temporary = ""
        self.stream: TextIO | None = None

    def __enter__(self) -> TextIO:
        folder = self.path.parent if str(self.path.parent) else Path(".")
        require_replaceable(self.path)
        try:
            handle, self.temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise UsageError(f"cannot write {self.path}: {exc.strerror or exc}") from None
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(self.temporary, 0o666 & ~mask)  # mkstemp makes 0600; a report is an ordinary file
        self.stream = os.fdopen(handle, "w", encoding="utf-8", newline="")
        return self.stream

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None) -> None:
        assert self.stream is not None
        try:
            if kind is None:
                self.stream.flush()
                os.fsync(self.stream.fileno())
            self.stream.close()
            if kind is None:
                require_replaceable(self.path)
                os.replace(self.temporary, self.path)
        finally:
            if os.path.exists(self.temporary):
                os.unlink(self.temporary)


class Progress:
    """A one-line progress bar on a terminal's standard error; silent otherwise or for few files."""

    WIDTH = 30

    def __init__(self, total: int, stream: TextIO) -> None:
        self.total = total
        self.stream = stream
        self.count = 0
        self.shown = 0.0
        self.on = total >= PROGRESS_MIN and _isatty(stream)

    def step(self, rejected: int) -> None:
        """One more file done."""
        self.count += 1
        if not self.on:
            return
        moment = time.monotonic()
        if moment - self.shown < 0.1 and self.count < self.total:
            return
        self.shown = moment
        filled = self.WIDTH * self.count // self.total
        bar = "█" * filled + "░" * (self.WIDTH - filled)
        self.stream.write(f"\rgrading {bar} {self.count}/{self.total} files, {rejected} rejected")
        self.stream.flush()

    def done(self) -> None:
        """Clear the bar."""
        if self.on and self.count:
            self.stream.write("\r\033[K")
            self.stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
