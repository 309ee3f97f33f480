"""The three report formats of ``detente grade``: Markdown, CSV and JSON.

A writer gets each record's grade as it streams past and writes that
record's part into a spool file at once, so a batch never holds more than one
record's grade in memory. At the end ``finish`` writes the head (the class
summary, the rejected files, the parallel worlds) and then copies the spool.
The formats are described in docs/grading.md; the CSV has one row per team
(and one per rejected file) for a gradebook, and leaves the class summary to
the other two.

Nothing a team handed in reaches a report raw, file names included: Markdown
cells and CSV fields are made ``printable`` (line breaks become spaces, other
control and bidirectional formatting characters escapes), and the JSON writes
the characters ``json`` leaves raw as ``\\u`` escapes (``printable_json``).
"""

from __future__ import annotations

import csv
import functools
import json
import shutil
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import IO, Any, TextIO

import engine.valueclass as valueclass
from engine.errors import printable, printable_json
from engine.outcome import Termination
from engine.version import ENGINE_VERSION
from grading.class_report import Divergence, FactionSummary, WorldGroup
from grading.grades import Mark, RecordGrade, Rejected, TeamGrade, tenths
from grading.rubric import PARTICIPATION, PERFORMANCE, Rubric

REPORT_FORMAT = 2
"""The version of the JSON report's layout (``detente_grades``). 2: each record has its ``provenance``."""


@valueclass.frozen
class Ending:
    """What the writers need once every record has been graded."""

    generated: str
    files: int
    rejected: tuple[Rejected, ...]
    summary: tuple[FactionSummary, ...]
    worlds: Iterable[WorldGroup]
    """Read once, as the report is written (groups are loaded one at a time)."""
    scenario_file: str = ""
    """The scenario file the records' embedded scenarios were checked against ('' when none was)."""
    session: str = ""
    """The session file the records' provenance was checked against ('' when none was)."""

    @property
    def graded(self) -> int:
        """Files graded."""
        return self.files - len(self.rejected)


def _number(value: Fraction) -> float:
    """A fraction as a JSON number with one decimal."""
    return float(tenths(value))


_LABELS = {t.value: t.label for t in Termination}


def _ending_text(grade: RecordGrade) -> str:
    if grade.finished:
        how = _LABELS.get(grade.termination, grade.termination)
        winners = ", ".join(_name(grade, f) for f in grade.winners) or "nobody"
        word = "winners" if len(grade.winners) > 1 else "winner"
        return f"game over on turn {grade.turns_played} ({how}); {word} {winners}"
    return f"unfinished: the record stops after turn {grade.turns_played} of {grade.turns_total}"


def _name(grade: RecordGrade, item: str) -> str:
    return dict(grade.names).get(item, item)


class Writer:
    """Base class: a spool for the per-record part, and the rubric."""

    def __init__(self, rubric: Rubric, spool: IO[str]) -> None:
        self.rubric = rubric
        self.spool = spool

    def record(self, grade: RecordGrade) -> None:
        """Write one graded record's part."""
        raise NotImplementedError

    def rejected(self, item: Rejected) -> None:
        """Write one rejected file's part."""
        raise NotImplementedError

    def finish(self, out: TextIO, ending: Ending) -> None:
        """Write the head, then the spooled records."""
        raise NotImplementedError

    def _copy_spool(self, out: TextIO) -> None:
        self.spool.seek(0)
        shutil.copyfileobj(self.spool, out)


# -- CSV ----------------------------------------------------------------------------------------


class CsvWriter(Writer):
    """One row per graded team and one per rejected file; a header row first."""

    def __init__(self, rubric: Rubric, spool: IO[str]) -> None:
        super().__init__(rubric, spool)
        self.rows = csv.writer(spool, lineterminator="\n")

    def columns(self) -> list[str]:
        """The header row."""
        head = [
            "file", "status", "verified", "provenance", "provenance_detail", "scenario", "seed", "turns_played", "finished", "faction", "team", "seat",
            "score", "rank", "factions", "result", "objectives_met", "objectives_total",
        ]  # fmt: skip
        for criterion in self.rubric.criteria:
            head += [f"{criterion.id}_points", f"{criterion.id}_max", f"{criterion.id}_why"]
        return [*head, PARTICIPATION, PERFORMANCE, "total", "total_max"]

    def record(self, grade: RecordGrade) -> None:
        status = "graded" if grade.finished else "graded (unfinished game)"
        for team in grade.teams:
            row: list[Any] = [
                grade.file, status, "yes", grade.provenance.kind, grade.provenance.detail, grade.scenario_id, grade.seed, grade.turns_played, "yes" if grade.finished else "no",
                team.faction, team.team, team.seat, team.score, team.rank, team.of, team.result,
                "; ".join(team.objectives_met), team.objectives_total,
            ]  # fmt: skip
            for mark in team.marks:
                row += [tenths(mark.points), mark.maximum, mark.why]
            row += [tenths(team.participation), tenths(team.performance), tenths(team.total), self.rubric.total_weight]
            self.rows.writerow(_fields(row))

    def rejected(self, item: Rejected) -> None:
        row = [item.file, f"rejected: {item.reason}", "no"]
        self.rows.writerow(_fields(row + [""] * (len(self.columns()) - len(row))))

    def finish(self, out: TextIO, ending: Ending) -> None:
        csv.writer(out, lineterminator="\n").writerow(_fields(self.columns()))
        self._copy_spool(out)


def _fields(row: list[Any]) -> list[Any]:
    """A CSV row with every text on one printable line (a file name, a reason, a why)."""
    return [printable(value, flatten=True) if isinstance(value, str) else value for value in row]


# -- JSON ---------------------------------------------------------------------------------------


class JsonWriter(Writer):
    """One JSON object: the head, then ``records`` in input order (graded and rejected), one per line."""

    def __init__(self, rubric: Rubric, spool: IO[str]) -> None:
        super().__init__(rubric, spool)
        self.count = 0

    def _item(self, value: dict[str, Any]) -> None:
        text = printable_json(json.dumps(value, ensure_ascii=False, separators=(", ", ": ")))
        self.spool.write((",\n    " if self.count else "    ") + text)
        self.count += 1

    def record(self, grade: RecordGrade) -> None:
        self._item(
            {
                "file": grade.file,
                "status": "graded",
                "verified": True,
                "provenance": {"kind": grade.provenance.kind, "detail": grade.provenance.detail},
                "scenario": grade.scenario_id,
                "seed": grade.seed,
                "created": grade.created,
                "engine": grade.engine,
                "seats": dict(grade.seats),
                "turns_played": grade.turns_played,
                "turns": grade.turns_total,
                "finished": grade.finished,
                "termination": grade.termination or None,
                "winners": list(grade.winners),
                "collapsed": list(grade.losers),
                "scores": dict(grade.scores),
                "teams": [self._team(team) for team in grade.teams],
            }
        )

    def _team(self, team: TeamGrade) -> dict[str, Any]:
        return {
            "faction": team.faction,
            "team": team.team,
            "seat": team.seat,
            "score": team.score,
            "rank": team.rank,
            "tied": team.tied,
            "of": team.of,
            "result": team.result,
            "objectives_met": list(team.objectives_met),
            "objectives_total": team.objectives_total,
            "criteria": [_mark_json(mark) for mark in team.marks],
            PARTICIPATION: _number(team.participation),
            PERFORMANCE: _number(team.performance),
            "total": _number(team.total),
        }

    def rejected(self, item: Rejected) -> None:
        self._item({"file": item.file, "status": "rejected", "verified": False, "reason": item.reason})

    def finish(self, out: TextIO, ending: Ending) -> None:
        rubric = self.rubric
        head = {
            "detente_grades": REPORT_FORMAT,
            "generated": ending.generated,
            "engine": ENGINE_VERSION,
            "rubric": {
                "id": rubric.id,
                "title": rubric.title,
                "scenario": rubric.scenario,
                "sha256": rubric.sha256,
                "weights": dict(rubric.weights),
                "criteria": [{"id": c.id, "name": c.name, "kind": c.kind, "half": c.half, "points": c.points, "penalty": c.penalty} for c in rubric.criteria],
            },
            "scenario_checked_against": ending.scenario_file or None,
            "session": ending.session or None,
            "files": ending.files,
            "graded": ending.graded,
            "rejected": [{"file": r.file, "reason": r.reason} for r in ending.rejected],
        }
        text = printable_json(json.dumps(head, ensure_ascii=False, indent=2))
        out.write(text[: text.rindex("}")].rstrip() + ",\n")
        _json_list(out, "summary", (_summary_json(s) for s in ending.summary), last=False)
        _json_list(out, "parallel_worlds", (_worlds_json(g) for g in ending.worlds), last=False)
        out.write('  "records": [\n')
        self._copy_spool(out)
        out.write("\n  ]\n}\n" if self.count else "  ]\n}\n")


def _json_list(out: TextIO, key: str, items: Iterable[dict[str, Any] | Callable[[TextIO], None]], *, last: bool) -> None:
    """Write ``"key": [...]`` with one compact item per line, streaming the items
    (an item is a dict, or a function that writes itself)."""
    out.write(f'  "{key}": [')
    first = True
    for item in items:
        out.write("\n    " if first else ",\n    ")
        if callable(item):
            item(out)
        else:
            out.write(printable_json(json.dumps(item, ensure_ascii=False, separators=(", ", ": "))))
        first = False
    out.write("]" if first else "\n  ]")
    out.write("\n" if last else ",\n")


def _mark_json(mark: Mark) -> dict[str, Any]:
    return {"id": mark.id, "name": mark.name, "half": mark.half, "points": _number(mark.points), "max": mark.maximum, "penalty": mark.penalty, "why": mark.why}


def _summary_json(summary: FactionSummary) -> Callable[[TextIO], None]:
    """A writer of one faction's summary, its ranking streamed team by team."""

    def write(out: TextIO) -> None:
        head = {
            "scenario": summary.scenario_id,
            "faction": summary.faction,
            "team": summary.team,
            "teams": summary.count,
            "mean": _number(summary.mean),
            "spread": round(summary.spread, 1),
            "lowest": _number(summary.low),
            "highest": _number(summary.high),
            "mean_score": _number(summary.mean_score),
        }
        out.write(printable_json(json.dumps(head, ensure_ascii=False, separators=(", ", ": ")))[:-1] + ', "ranking": [')
        for number, (rank, row) in enumerate(summary.ranked()):
            entry = {"rank": rank, "file": row.file, "total": float(row.total), "score": row.score, "result": row.result, "provenance": row.provenance}
            out.write((", " if number else "") + printable_json(json.dumps(entry, ensure_ascii=False, separators=(", ", ": "))))
        out.write("]}")

    return write


def _worlds_json(group: WorldGroup) -> dict[str, Any]:
    return {
        "scenario": group.scenario_title,
        "seed": group.seed,
        "factions": list(group.factions),
        "worlds": [
            {
                "world": i + 1,
                "file": w.file,
                "turns": len(w.scores),
                "final_scores": dict(zip(group.factions, w.scores[-1])),
                "scores_by_turn": [list(row) for row in w.scores],
                "finished": w.finished,
                "winners": list(w.winners),
            }
            for i, w in enumerate(group.worlds)
        ],
        "comparisons": [
            {
                "worlds": [d.first + 1, d.second + 1],
                "first_divergence": d.turn or None,
                "same_orders_through": d.same_through,
                "choices": [{"faction": f, "first": list(x), "second": list(y)} for f, x, y in d.choices],
                "final_scores": {f: [x, y] for f, x, y in d.final},
                "widest_gap": None if not d.widest_turn else {"turn": d.widest_turn, "faction": d.widest[0], "scores": [d.widest[1], d.widest[2]]},
                "scores_first_differ": d.scores_first_differ or None,
            }
            for d in group.divergences
        ],
    }


# -- Markdown -----------------------------------------------------------------------------------


def minus(number: str) -> str:
    """A printed number with a true minus sign, as in the rest of the report."""
    return "−" + number[1:] if number.startswith("-") else number


_CELL_KEPT = 200
"""The longest text whose safe form is remembered: longer ones (justifications, file names) are seldom met twice."""


def cell(text: Any) -> str:
    """Text made safe for a Markdown table cell (no pipes, no line breaks, no HTML) and for a terminal
    (no control or bidirectional formatting character: ``engine.errors.printable``)."""
    key = str(text)
    return _remembered_cell(key) if len(key) <= _CELL_KEPT else _safe_cell(key)


def _safe_cell(text: str) -> str:
    """``cell`` of a string."""
    return printable(text.replace("\r", " "), flatten=True).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")


_remembered_cell = functools.lru_cache(maxsize=4096)(_safe_cell)
"""``_safe_cell`` remembered: a report repeats most of its short cells (names, marks, reasons)."""


def code(text: str) -> str:
    """A file name as inline code, made ``printable`` (a backslash in inline code is shown as it is)."""
    text = printable(text, flatten=True)
    return f"`{text}`" if "`" not in text else f"``{text}``"


class MarkdownWriter(Writer):
    """A report to read or print: summary first, then every record with its teams' marks."""

    def record(self, grade: RecordGrade) -> None:
        self.spool.write("".join(self._record_parts(grade)))

    def _record_parts(self, grade: RecordGrade) -> list[str]:
        """The record's part of the report, in pieces: written to the spool in one call."""
        parts: list[str] = []
        w = parts.append
        graded = {team.faction for team in grade.teams}
        seats = ", ".join(f"{_name(grade, f)} ({who}{'' if f in graded else ': not graded'})" for f, who in grade.seats)
        w(f"\n### {code(grade.file)}\n\n")
        w(
            f"{cell(grade.scenario_title)} · seed {grade.seed} · verified ✓ ({grade.turns_played} turns replayed) · "
            f"{cell(_ending_text(grade))} · recorded {cell(grade.created)} with engine {cell(grade.engine)}\n\n"
        )
        w(f"Provenance: **{cell(grade.provenance.kind)}**{': ' + cell(grade.provenance.detail) if grade.provenance.detail else ''}\n\n")
        w(f"Seats: {cell(seats)}\n\n")
        if not grade.teams:
            w("No team graded: every seat was played by a bot.\n")
            return parts
        w("| Team | Seat | Score | Rank | Result | Objectives | Participation | Performance | Total |\n")
        w("|---|---|---:|---:|---|---:|---:|---:|---:|\n")
        for team in grade.teams:
            w(
                f"| {cell(team.letter + ' ' + team.team)} | {cell(team.seat)} | {team.score} | {team.rank}{'=' if team.tied else ''} of {team.of} | {cell(team.result)} | "
                f"{len(team.objectives_met)}/{team.objectives_total} | {tenths(team.participation)} | {tenths(team.performance)} | "
                f"**{tenths(team.total)}** |\n"
            )
        for team in grade.teams:
            w(f"\n#### {cell(team.letter + ' ' + team.team)}: {tenths(team.total)} of {self.rubric.total_weight}\n\n")
            w("| Criterion | Half | Points | Why |\n|---|---|---:|---|\n")
            for mark in team.marks:
                points = f"{minus(tenths(mark.points))} of −{mark.maximum}" if mark.penalty else f"{tenths(mark.points)} of {mark.maximum}"
                w(f"| {cell(mark.name)} | {cell(mark.half)} | {points} | {cell(mark.why)} |\n")
        return parts

    def rejected(self, item: Rejected) -> None:
        self.spool.write(f"\n### {code(item.file)}\n\nrejected: {cell(item.reason)}\n")

    def finish(self, out: TextIO, ending: Ending) -> None:
        rubric = self.rubric
        w = out.write
        w(f"# Grades: {cell(rubric.title)}\n\n")
        w(
            f"Generated {cell(ending.generated)} by Détente {ENGINE_VERSION} with rubric {code(rubric.id)} for scenario {code(rubric.scenario)}. "
            "Every number was recomputed by replaying the records; none was read from them.\n\n"
        )
        if ending.scenario_file:
            w(f"Each record's embedded scenario was checked against {code(ending.scenario_file)}. ")
        else:
            w(f"Scenario {code(rubric.scenario)} is not bundled and no `--scenario` file was given: embedded scenarios were not checked. ")
        if ending.session:
            w(f"Each record was checked against the classroom session {code(ending.session)} (provenance: signed or mismatch).\n\n")
        else:
            w("No classroom session was given (`--session`): every record is self-attested.\n\n")
        weights = " + ".join(f"{half} {weight}" for half, weight in rubric.weights)
        w(f"A team's total is {weights} = {rubric.total_weight}. ")
        w("Penalties take points from their half, never below 0.\n\n")
        files = "1 file" if ending.files == 1 else f"{ending.files} files"
        w(f"**{files}: {ending.graded} graded, {len(ending.rejected)} rejected.**\n")
        if ending.rejected:
            w("\n## Rejected files\n\nThese were not graded. Ask the team for the original file.\n\n")
            for item in ending.rejected:
                w(f"- {code(item.file)}: rejected: {cell(item.reason)}\n")
        w("\n## Class summary\n")
        if not ending.summary:
            w("\nNo team was graded.\n")
        for summary in ending.summary:
            self._summary(out, summary)
        for number, group in enumerate(ending.worlds):
            if not number:
                w(
                    "\n## Parallel worlds\n\nRecords that played the same scenario with the same seed: "
                    "the same events and dice, so every difference comes from the teams' choices.\n"
                )
            _worlds_markdown(out, group)
        w("\n## Records\n")
        self._copy_spool(out)

    def _summary(self, out: TextIO, s: FactionSummary) -> None:
        w = out.write
        teams = "1 team" if s.count == 1 else f"{s.count} teams"
        w(f"\n### {cell(s.team)} ({cell(s.scenario_title)})\n\n")
        w(
            f"{teams} · mean {tenths(s.mean)} · spread (standard deviation) {s.spread:.1f} · "
            f"lowest {tenths(s.low)} · highest {tenths(s.high)} · mean game score {tenths(s.mean_score)}\n\n"
        )
        w("| Rank | Total | Participation | Performance | Score | Result | Record | Provenance |\n")
        w("|---:|---:|---:|---:|---:|---|---|---|\n")
        for rank, row in s.ranked():
            w(
                f"| {rank} | **{row.total}** | {row.participation} | {row.performance} | {row.score} | {cell(row.result)} | {code(row.file)} | "
                f"{cell(row.provenance)} |\n"
            )


def _worlds_markdown(out: TextIO, group: WorldGroup) -> None:
    w = out.write
    letters = cell(" · ".join(group.letters))
    w(f"\n### {cell(group.scenario_title)}, seed {group.seed}: {len(group.worlds)} worlds\n\n")
    w(f"| World | Record | Orders first differ from world 1 | Final scores ({letters}) | Winner |\n|---:|---|---|---|---|\n")
    for index, world in enumerate(group.worlds):
        d = group.diverged_from_first(index)
        differ = "—" if d is None else (f"turn {d.turn}" if d.turn else "never")
        winner = ", ".join(world.winners) if world.finished else f"unfinished (turn {len(world.scores)})"
        winner = ", ".join(_letter(group, f) for f in world.winners) if world.finished and world.winners else winner
        w(f"| {index + 1} | {code(world.file)} | {differ} | {' · '.join(map(str, world.scores[-1]))} | {cell(winner or 'nobody')} |\n")
    w("\n")
    for d in group.divergences:
        w(f"- {printable(_divergence_sentence(group, d))}\n")
    w(f"\nScores turn by turn ({letters}); ◆ marks a turn where some world's orders first differ:\n\n")
    w("| Turn | " + " | ".join(f"World {i + 1}" for i in range(len(group.worlds))) + " |\n")
    w("|---:|" + "---|" * len(group.worlds) + "\n")
    marks = {d.turn for d in group.divergences if d.turn}
    for turn in range(1, max(len(world.scores) for world in group.worlds) + 1):
        cells = [" · ".join(map(str, world.scores[turn - 1])) if turn <= len(world.scores) else "" for world in group.worlds]
        w(f"| {'◆ ' if turn in marks else ''}{turn} | " + " | ".join(cells) + " |\n")


def _letter(group: WorldGroup, faction: str) -> str:
    return group.letters[group.factions.index(faction)]


def _divergence_sentence(group: WorldGroup, d: Divergence) -> str:
    a, b = d.first + 1, d.second + 1
    if not d.turn:
        common = d.same_through
        text = f"Worlds {a} and {b} gave the same orders on every turn both played (1–{common})"
        if d.scores_first_differ:
            return text + f", yet their scores differ from turn {d.scores_first_differ}: a facilitator's inject or note made the difference."
        return text + ": the same game twice. Check that these are not copies of one file."
    same = (
        f"the same orders on turns 1–{d.same_through}"
        if d.same_through > 1
        else ("the same orders on turn 1" if d.same_through == 1 else "different orders from turn 1")
    )
    parts = [f"Worlds {a} and {b} gave {same}."]
    if d.same_through:
        parts.append(f"On turn {d.turn},")
    else:
        parts.append("On turn 1,")
    said = []
    for faction, first, second in d.choices:
        said.append(
            f"{cell(group.teams[group.factions.index(faction)])} ordered {cell(', '.join(first))} in world {a} but {cell(', '.join(second))} in world {b}"
        )
    parts.append("; ".join(said) + ".")
    if d.scores_first_differ and d.scores_first_differ < d.turn:
        parts.append(f"Their scores already differed from turn {d.scores_first_differ}: a facilitator's inject made a difference first.")
    finals = ", ".join(f"{_letter(group, f)} {x} vs {y}" for f, x, y in d.final)
    parts.append(f"Final scores: {finals}.")
    if d.widest_turn:
        faction, x, y = d.widest
        parts.append(f"The widest gap was on turn {d.widest_turn} ({_letter(group, faction)} {x} vs {y}).")
    return " ".join(parts)


WRITERS = {"md": MarkdownWriter, "csv": CsvWriter, "json": JsonWriter}


def writer_for(kind: str, rubric: Rubric, spool: IO[str]) -> Writer:
    """The writer of format ``kind`` (``md``, ``csv`` or ``json``)."""
    return WRITERS[kind](rubric, spool)
