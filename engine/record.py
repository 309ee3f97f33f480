"""Game records: writing, reading and verifying replays (docs/record-format.md).

A record is JSON Lines: a header, the embedded scenario, then per turn the
chance outcomes (cards, rolls), the inputs in the order they were made and
the state digest, then the result and a closing ``end`` line that carries a
checksum of every line before it. The format depends on the engine; the
engine knows nothing of it. An input line is a step as ``engine.codec``
spells it, framed with the record's own keys: ``t`` (the kind), ``turn``,
and for an inject (of a scenario's card or a made one) the ``targets`` its
card landed on.

Replay re-runs the inputs through the public ``Game`` API with the same
legality checks as live play, and compares every chance outcome and digest
with the record: the first difference is reported by turn.

Reading refuses, located at their line, a string or key holding a control or
bidirectional formatting character (tabs and line feeds are allowed in a
justification and a note only) and more than ``MAX_INPUTS_PER_TURN`` inputs
for one turn. Writing replaces only a regular file (``engine.files``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable
from glob import escape as glob_escape
from pathlib import Path
from typing import Any

from engine import codec, valueclass
from engine.errors import DetenteError, RecordError, character_name, printable, unsafe_character
from engine.files import FileTooLarge, NotText, UnreadableFile, read_text, require_replaceable
from engine.game import Game, Made
from engine.inputs import Adjudication, Argue, Counter, Inject, MadeInject, Message, Pact, Plan, Reflection, Resolve, Step
from engine.log import CardPlayed, Entry, GameEnded, Rolled
from engine.model import Scenario
from engine.outcome import Outcome
from engine.scenario_loader import load_scenario_text
from engine.version import ENGINE_VERSION

DRAWN = ("deck", "schedule")
"""How the cards a record lists came into play: drawn or scheduled at a turn's start. Injects
have lines of their own; cards a partner's reaction plays (rule 13.3) follow from the
rules alone, so the turn's digest covers them."""

FORMAT_VERSION = 2
"""The newest record format this engine writes; it reads every version up to it. A record is written in
format 2 only when it holds an input of a kind format 1 did not have (``FORMAT_2_KINDS``), so every other
record is written in format 1, byte for byte as before."""
FORMAT_2_KINDS = ("made_inject", "message", "plan", "reflection", "agreement", "argue", "adjudicate", "counter")
"""The kinds of input line that need format 2: a facilitator-made event, a private message, a team's plan and
its reflection, a step on an agreement (rule 14), an argued action, its adjudication and a counter-argument (rule 15)."""
MAX_RECORD_BYTES = 20_000_000
MAX_INPUTS_PER_TURN = 1000
"""Input lines a record may hold for one turn: every ``COUNTED_INPUTS`` line naming that turn, those an
undo took back included. Room for eight factions resubmitting their orders many times over, every
order rated and rated again, notes and directives, through several undos (docs/record-format.md)."""
COUNTED_INPUTS = ("orders", "inject", "note", "rate", "directive", *FORMAT_2_KINDS)
"""The kinds of input line ``MAX_INPUTS_PER_TURN`` counts: every input but an undo, which adds nothing to
the turn (a record's undos are bounded by its size)."""
FRAME = ("t", "turn")
"""The keys a record line adds around an input's fields (an inject or made_inject line also has ``targets``)."""
_MULTI_LINE = {
    "orders": re.compile(r"\$\.orders\[\d+\]\.why"),
    "made_inject": re.compile(r"\$\.card\.text"),
    **dict.fromkeys(("note", "message", "plan", "reflection", "argue", "counter"), re.compile(r"\$\.text")),
}
"""For a kind of line, the key paths of its texts that may span lines: an order's justification, a made
card's text, a note's, a message's, a plan's or a reflection's text."""


@valueclass.frozen
class Header:
    """A record's first line."""

    format: int
    engine: str
    created: str
    scenario_id: str
    scenario_sha256: str
    seed: int
    seats: tuple[tuple[str, str], ...]
    """Faction id and who played it (``human`` or a bot strategy)."""
    teams: tuple[tuple[str, str], ...] = ()
    """Faction id and the name of the team that played it, where one was given (the optional header key
    ``teams``, which readers before it ignore: the format version stays)."""


@valueclass.frozen
class Record:
    """A parsed (not yet verified) game record."""

    file: str
    header: Header
    scenario: Scenario
    lines: tuple[tuple[int, dict[str, Any]], ...]
    """The turn lines with their line numbers, header and scenario excluded."""


# -- writing ------------------------------------------------------------------------------------


def record_lines(game: Game, seats: dict[str, str], created: str, teams: dict[str, str] | None = None) -> list[str]:
    """The record of ``game`` so far, as lines without newlines; ``teams`` (faction to team name) goes in the header."""
    scenario = game.scenario
    newer = any(isinstance(step, MadeInject | Message | Plan | Reflection | Pact | Argue | Adjudication | Counter) for step in game.journal)
    header = {
        "detente_record": FORMAT_VERSION if newer else 1,
        "engine": ENGINE_VERSION,
        "created": created,
        "scenario": {"id": scenario.id, "title": scenario.title, "sha256": scenario.sha256},
        "seed": game.seed,
        "seats": {faction: seats.get(faction, "human") for faction in game.factions},
    }
    if teams:
        header["teams"] = {faction: teams[faction] for faction in game.factions if faction in teams}
    out = [_dump(header), _dump({"t": "scenario", "source": scenario.source})]
    out.extend(_dump(line) for line in _turn_start(1, game.opening))
    for step, made in zip(game.journal, game.made):
        out.extend(_dump(line) for line in _step_lines(game, step, made))
    if game.outcome is not None:
        out.append(_dump(_outcome_line(game.outcome)))
    out.append(end_line(out))
    return out


def end_line(body: list[str]) -> str:
    """The ``end`` line that closes a record whose other lines are ``body``: their count and checksum."""
    checksum = hashlib.sha256("\n".join(body).encode("utf-8")).hexdigest()
    return _dump({"t": "end", "lines": len(body), "sha256": checksum})


def _turn_start(turn: int, entries: tuple[Entry, ...]) -> list[dict[str, Any]]:
    """A turn's opening line and the cards its events phase drew."""
    lines: list[dict[str, Any]] = [{"t": "turn", "turn": turn}]
    for entry in entries:
        if isinstance(entry, CardPlayed) and entry.turn == turn and entry.how in DRAWN:
            lines.append({"t": "card", "turn": turn, "card": entry.card, "targets": list(entry.targets), "how": entry.how})
    return lines


def _step_lines(game: Game, step: Step, made: Made) -> list[dict[str, Any]]:
    """The lines of one journal step: an input, or a resolution's rolls and digest and the next turn's start."""
    turn = made.turn
    if isinstance(step, Resolve):
        lines = [{"t": "roll", "turn": turn, "faction": e.faction, "order": e.order, "die": e.die} for e in made.entries if isinstance(e, Rolled)]
        lines.append({"t": "digest", "turn": turn, "sha256": made.digest})
        if not any(isinstance(entry, GameEnded) for entry in made.entries):
            lines.extend(_turn_start(turn + 1, made.entries))
        return lines
    kind, fields = codec.encode(step)
    line: dict[str, Any] = {"t": kind, "turn": turn, **fields}
    if isinstance(step, Inject | MadeInject):
        played = next(e for e in made.entries if isinstance(e, CardPlayed))
        line["targets"] = list(played.targets)
    return [line]


def _outcome_line(outcome: Outcome) -> dict[str, Any]:
    return {
        "t": "result",
        "turn": outcome.turn,
        "termination": outcome.termination.value,
        "winners": list(outcome.winners),
        "losers": list(outcome.losers),
        "scores": dict(outcome.scores),
    }


def write_record(path: str | Path, game: Game, seats: dict[str, str], created: str, *, mode: int | None = None, teams: dict[str, str] | None = None) -> None:
    """Write the record of ``game`` to ``path`` atomically (temporary file, fsync, rename); ``mode`` as in
    ``write_atomically``, ``teams`` as in ``record_lines``."""
    data = ("\n".join(record_lines(game, seats, created, teams)) + "\n").encode("utf-8")
    write_atomically(Path(path), data, mode=mode)


def write_atomically(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole.

    The data goes to a temporary file beside ``path``, is flushed to disk and
    renamed over ``path``. Temporaries left by an earlier crash are removed.
    A ``path`` that is a named pipe, a device or a socket is left as it is:
    ``engine.files.SpecialDestination`` (an ``OSError``). The file gets the
    permissions ``mode`` (such as 0o600: its owner's only) from its first byte
    on, or by default an ordinary file's under the umask.
    """
    folder = path.parent if str(path.parent) else Path(".")
    require_replaceable(path)
    remove_stale_temporaries(path)
    import tempfile  # here: reading and replaying a record never writes one

    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        os.chmod(temporary, 0o666 & ~_umask() if mode is None else mode)  # mkstemp makes 0600; a record is an ordinary file
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        require_replaceable(path)  # once more: the path may have been replaced while the data was written
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files that a killed writer of ``path`` left behind (regular files only:
    a named pipe or a device that happens to have such a name is not ours)."""
    folder = path.parent if str(path.parent) else Path(".")
    for stale in folder.glob(f".{glob_escape(path.name)}.*.tmp"):
        try:
            if stat.S_ISREG(stale.lstat().st_mode):
                stale.unlink(missing_ok=True)
        except FileNotFoundError:
            continue


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


dump_line = _dump
"""A record line as the writer spells it: compact JSON, key order kept, non-ASCII as it is."""


# -- reading ------------------------------------------------------------------------------------


def read_record(path: str | Path) -> Record:
    """Parse the record at ``path``; ``RecordError`` if it is not a whole, readable record.

    Only a regular file is read, and at most ``MAX_RECORD_BYTES`` of it (``engine.files``)."""
    return parse_record(read_record_text(path), str(path))


def read_record_text(path: str | Path) -> str:
    """The text of the record file at ``path``, unparsed; ``RecordError`` if it cannot be a record's
    (not a regular file, over ``MAX_RECORD_BYTES``, not UTF-8 text)."""
    name = str(path)
    try:
        return read_text(path, "game record", MAX_RECORD_BYTES)
    except FileTooLarge as exc:
        raise RecordError(name, f"file is {exc.size} bytes; records are at most {MAX_RECORD_BYTES}") from None
    except NotText as exc:
        raise RecordError(name, f"{exc.reason}; it is not a game record") from None
    except UnreadableFile as exc:
        raise RecordError(name, exc.reason) from None


def text_lines(text: str) -> list[str]:
    """Record ``text`` split at its line feeds as the reader sees it: a leading byte-order mark dropped and a
    whole file's Windows line endings read as line feeds (what an editor may leave). The last item is what
    follows the last line feed ('' for a whole record)."""
    text = text.removeprefix("\ufeff")
    if "\r\n" in text and text.count("\r\n") == text.count("\n"):
        text = text.replace("\r\n", "\n")
    return text.split("\n")


def parse_record(text: str, file: str = "<record>") -> Record:
    """Parse record ``text``; ``file`` names it in error messages."""
    if not text.strip():
        raise RecordError(file, "is empty; it is not a game record")
    raw_lines = text_lines(text)
    if raw_lines[-1] != "":
        raise RecordError(file, "the last line is incomplete: the record was cut short", len(raw_lines))
    raw_lines.pop()
    parsed = []
    inputs: dict[int, int] = {}
    for number, line in enumerate(raw_lines, start=1):
        try:
            value = _decoded(line)
        except RecursionError:
            raise RecordError(file, "a value is nested too deeply to be part of a game record", number) from None
        except ValueError:
            if number == 1:
                raise RecordError(file, "the first line is not a record header; this is not a Détente game record", 1) from None
            raise RecordError(file, "not valid JSON: the record was cut short or edited", number) from None
        if not isinstance(value, dict):
            raise RecordError(file, "each line is a JSON object", number)
        if "\\" in line or unsafe_character(line, lines=False) is not None:  # else no string in it can hold one
            problem = _unsafe_text(value)
            if problem:
                raise RecordError(file, problem, number)
        turn = value.get("turn")
        if value.get("t") in COUNTED_INPUTS and isinstance(turn, int) and not isinstance(turn, bool):
            inputs[turn] = inputs.get(turn, 0) + 1
            if inputs[turn] > MAX_INPUTS_PER_TURN:
                raise RecordError(
                    file,
                    f"more than {MAX_INPUTS_PER_TURN} inputs (orders, injects, notes, ratings, directives) for turn {turn}; "
                    f"a record holds at most {MAX_INPUTS_PER_TURN} a turn",
                    number,
                )
        parsed.append(value)
    header = _header(file, parsed[0])
    _check_end(file, raw_lines, parsed)
    if len(parsed) < 3 or parsed[1].get("t") != "scenario" or not isinstance(parsed[1].get("source"), str):
        raise RecordError(file, "line 2 must embed the scenario source", 2)
    source = parsed[1]["source"]
    if hashlib.sha256(source.encode("utf-8")).hexdigest() != header.scenario_sha256:
        raise RecordError(file, "the embedded scenario does not match the hash in the header: it was edited", 2)
    try:
        scenario = _embedded_scenario(source)
    except DetenteError as exc:
        raise RecordError(file, f"the embedded scenario is not valid: {exc}", 2) from None
    if scenario.id != header.scenario_id:
        raise RecordError(file, f"the header names scenario {header.scenario_id!r} but the embedded one is {scenario.id!r}", 1)
    body = tuple((number, value) for number, value in enumerate(parsed[2:-1], start=3))
    return Record(file, header, scenario, body)


def _unsafe_text(line: dict[str, Any]) -> str | None:
    """Where the first key or string of a record line holds a character record text may not hold, and which; None if none does.

    Every key and string is one line (no tab, no line feed) except an
    order's ``why`` and a note's ``text``, which may span lines; none may
    hold any other control character or a bidirectional formatting
    character (``engine.errors.unsafe_character``). The embedded scenario's
    source is left to the scenario loader.
    """
    kind = line.get("t")
    multi = _MULTI_LINE.get(kind) if isinstance(kind, str) else None
    stack: list[tuple[str, Any]] = [("$", line)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            lines = multi is not None and multi.fullmatch(path) is not None
            bad = unsafe_character(value, lines=lines)
            if bad is None:
                continue
            if lines:
                rule = "a justification or a note may hold tabs and line feeds, but no other control character and no bidirectional formatting character"
            else:
                rule = "this text must be one line (only a justification or a note may span lines) without control or bidirectional formatting characters"
            return f"{path}: {character_name(value[bad])} at character {bad + 1}; {rule}"
        if isinstance(value, dict):
            if kind == "scenario" and path == "$":
                value = {key: item for key, item in value.items() if key != "source"}
            for key in value:
                bad = unsafe_character(key, lines=False)
                if bad is not None:
                    shown = printable(json.dumps(key, ensure_ascii=False))
                    return f"{path}: the key {shown} holds {character_name(key[bad])}; keys may not hold control or bidirectional formatting characters"
            stack.extend((f"{path}.{key}", item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((f"{path}[{index}]", item) for index, item in reversed(list(enumerate(value))))
    return None


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not allowed in a record")


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)
"""The one decoder of record lines (``json.loads`` with an option would build one a line): NaN and Infinity refused."""


def _decoded(line: str) -> Any:
    """``_DECODER.decode(line)``: at once for a line that is one JSON value and nothing else (as written), else by
    ``decode`` itself, which reads a value with white space around it or raises its error."""
    try:
        value, end = _DECODER.raw_decode(line)
    except ValueError:
        return _DECODER.decode(line)
    return value if end == len(line) else _DECODER.decode(line)


@functools.lru_cache(maxsize=16)
def _embedded_scenario(source: str) -> Scenario:
    """The scenario embedded in a record; a class's records share a few, so they are read once."""
    return load_scenario_text(source, "(embedded scenario)")


def _header(file: str, raw: dict[str, Any]) -> Header:
    version = raw.get("detente_record")
    if version is None:
        raise RecordError(file, "the first line is not a record header; this is not a Détente game record", 1)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise RecordError(file, f"the record format {version!r} is not a version number", 1)
    if version > FORMAT_VERSION:
        raise RecordError(
            file,
            f"the record uses format {version}, newer than this program reads (up to {FORMAT_VERSION}); upgrade Détente to replay it",
            1,
        )
    scenario: Any = raw.get("scenario")
    seats = raw.get("seats")
    seed = raw.get("seed")
    try:
        fields = (raw["engine"], raw["created"], scenario["id"], scenario["sha256"])
    except (KeyError, TypeError):
        raise RecordError(file, "the header lacks engine, created or scenario id and sha256", 1) from None
    if not all(isinstance(value, str) for value in fields):
        raise RecordError(file, "engine, created and scenario id and sha256 are strings", 1)
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise RecordError(file, f"the seed is a non-negative integer, not {seed!r}", 1)
    if not isinstance(seats, dict) or not all(isinstance(v, str) for v in seats.values()):
        raise RecordError(file, "the header's seats map each faction to a string", 1)
    teams = raw.get("teams", {})
    if not isinstance(teams, dict) or not all(isinstance(v, str) for v in teams.values()):
        raise RecordError(file, "the header's teams map factions to team names", 1)
    return Header(version, fields[0], fields[1], fields[2], fields[3], seed, tuple(seats.items()), tuple(teams.items()))


def _check_end(file: str, raw_lines: list[str], parsed: list[dict[str, Any]]) -> None:
    end = parsed[-1]
    if end.get("t") != "end":
        raise RecordError(file, "there is no end line: the record was cut short", len(parsed))
    body = raw_lines[:-1]
    checksum = hashlib.sha256("\n".join(body).encode("utf-8")).hexdigest()
    if end.get("lines") != len(body) or end.get("sha256") != checksum:
        raise RecordError(file, "the checksum on the end line does not match: lines were added, removed or edited", len(parsed))
    if raw_lines[-1] != end_line(body):
        raise RecordError(file, "the end line was edited", len(parsed))


# -- replaying ----------------------------------------------------------------------------------


@valueclass.frozen
class TurnCheck:
    """What replaying one turn found."""

    turn: int
    digest: str
    """The recomputed digest ('' if the turn was not completed)."""
    matches: bool


@valueclass.frozen
class Replay:
    """The outcome of replaying a record."""

    record: Record
    game: Game
    turns: tuple[TurnCheck, ...]
    mismatch: str | None
    """The first difference found, naming its turn; None when the record verifies."""

    @property
    def verified(self) -> bool:
        """True when every chance outcome, digest and the result matched."""
        return self.mismatch is None


def _last_standing_digest(record: Record, turn: int) -> int | None:
    """The line number of ``turn``'s digest that no later undo took back, if there is one."""
    stop = None
    for number, line in record.lines:
        if line.get("t") == "digest" and line.get("turn") == turn:
            stop = number
        elif line.get("t") == "undo" and isinstance(line.get("turn"), int) and line["turn"] <= turn:
            stop = None
    return stop


def replay(record: Record, to_turn: int | None = None, *, played_on: bool = True) -> Replay:
    """Re-run ``record`` through the engine and compare it line by line.

    Stops at the first difference; with ``to_turn``, stops after that turn as it stands in the
    end: a resolution of it that a later undo took back does not count. With ``played_on`` False
    (the game is only read: graded, reviewed, shown), a record without an undo line is replayed
    without the checkpoints an undo needs, and the game it gives cannot be undone.
    """
    undoable = played_on or any(line.get("t") == "undo" for _, line in record.lines)
    game = Game(record.scenario, record.header.seed, undoable=undoable)
    checks: list[TurnCheck] = []
    mismatch = _Replayer(record, game, checks, to_turn).run()
    return Replay(record, game, tuple(checks), mismatch)


class _Replayer:
    def __init__(self, record: Record, game: Game, checks: list[TurnCheck], to_turn: int | None) -> None:
        self.record = record
        self.game = game
        self.checks = checks
        self.to_turn = to_turn
        self.stop_line = _last_standing_digest(record, to_turn) if to_turn is not None else None
        self.cards: list[CardPlayed] = []
        self.rolls: list[Rolled] = []
        self.result_seen = False
        self.last_turn_line = 0

    def run(self) -> str | None:
        game = self.game
        self._collect(0)
        handlers = _HANDLERS
        for number, line in self.record.lines:
            kind = line.get("t")
            handler = handlers.get(kind) if isinstance(kind, str) else None
            if handler is None:
                return f"line {number}: unknown line type {kind!r}"
            try:
                problem = None
                if kind not in ("turn", "card", "result"):
                    turn = line["turn"]
                    if self.cards:  # else no card is left unlisted
                        problem = self._unchecked_cards(turn)
                problem = problem or handler(self, line)
            except (DetenteError, KeyError, TypeError, ValueError) as exc:
                problem = f"turn {game.turn}: the record's {kind} line is invalid: {exc}"
            if problem:
                return f"line {number}: {problem}"
            if number == self.stop_line:
                return None
        if game.is_over and not self.result_seen:
            return f"turn {game.turn}: the game ended but the record has no result line"
        if self.cards and self.last_turn_line >= self.cards[0].turn:
            return self._unchecked_cards(self.cards[0].turn)
        return None

    def _collect(self, start: int) -> None:
        """Keep the drawn cards and the rolls among the log's entries from ``start`` on, to check against the record's lines."""
        for entry in self.game.log[start:]:
            if type(entry) is Rolled:  # entries are NamedTuples of their own: a type test is exact, and cheaper than isinstance
                self.rolls.append(entry)
            elif type(entry) is CardPlayed and entry.how in DRAWN:
                self.cards.append(entry)

    def _turn_of(self, line: dict[str, Any]) -> int:
        turn: int = line["turn"]
        if turn != self.game.turn or self.game.is_over:
            raise ValueError(f"it is for turn {turn} but the game is at turn {self.game.turn}")
        return turn

    def _on_turn(self, line: dict[str, Any]) -> str | None:
        self.last_turn_line = self._turn_of(line)
        return None

    def _on_card(self, line: dict[str, Any]) -> str | None:
        turn = self._turn_of(line)
        if not self.cards:
            return f"turn {turn}: the record says card {line['card']} was drawn; the deck drew nothing"
        played = self.cards.pop(0)
        recorded = (line["card"], tuple(line["targets"]), line["how"])
        if (played.card, played.targets, played.how) != recorded:
            return f"turn {turn}: the deck drew {played.card} → {', '.join(played.targets)}, the record says {line['card']} → {', '.join(line['targets'])}"
        return None

    @staticmethod
    def _step(line: dict[str, Any], *extra: str) -> Step:
        """The step an input line holds: its fields, without the record's own keys (``FRAME`` and ``extra``)."""
        frame = (*FRAME, *extra)
        return codec.decode(line["t"], {key: value for key, value in line.items() if key not in frame})

    def _take(self, line: dict[str, Any]) -> str | None:
        """An orders, note, message, plan, rate or directive line: its step, taken with the checks of live play."""
        self._turn_of(line)
        self.game.apply(self._step(line))
        return None

    _on_orders = _on_note = _on_rate = _on_directive = _take

    def _take_newer(self, line: dict[str, Any]) -> str | None:
        """A private message, plan, agreement, argued action, adjudication or counter line: an input of format 2,
        taken like the others."""
        return self._newer(line) or self._take(line)

    _on_message = _on_plan = _on_agreement = _on_argue = _on_adjudicate = _on_counter = _take_newer

    def _on_reflection(self, line: dict[str, Any]) -> str | None:
        """A reflection line: written once the game is over, so it names the last turn of a finished game."""
        problem = self._newer(line)
        if problem:
            return problem
        turn = line["turn"]
        if turn != self.game.turn or not self.game.is_over:
            raise ValueError(f"it is for turn {turn} but the game is at turn {self.game.turn}{'' if self.game.is_over else ' and not over'}")
        self.game.apply(self._step(line))
        return None

    def _newer(self, line: dict[str, Any]) -> str | None:
        """Why a line of a ``FORMAT_2_KINDS`` kind cannot be in this record: one of format 1, which has none."""
        if self.record.header.format < 2:
            article = "an" if str(line["t"])[:1] in "aeiou" else "a"
            return f"turn {line['turn']}: {article} {line['t']} line needs record format 2; the header says format {self.record.header.format}"
        return None

    def _on_inject(self, line: dict[str, Any]) -> str | None:
        """An inject line, of a scenario's card or a made one: played, then checked to land where the record says."""
        turn = self._turn_of(line)
        step = self._step(line, "targets")
        start = len(self.game.log)
        self.game.apply(step)
        played = next(e for e in self.game.log[start:] if isinstance(e, CardPlayed))
        if list(played.targets) != line["targets"]:
            return f"turn {turn}: inject {played.card} landed on {', '.join(played.targets)}, the record says {line['targets']}"
        return None

    def _on_made_inject(self, line: dict[str, Any]) -> str | None:
        """A made event's inject line: an input of format 2, played like a scenario card's inject."""
        return self._newer(line) or self._on_inject(line)

    def _on_undo(self, line: dict[str, Any]) -> str | None:
        """An undo line names the turn whose resolution it takes back: the turn the game returns to."""
        if self.rolls:
            extra = self.rolls[0]
            return f"turn {extra.turn}: the engine rolled for {extra.faction} order {extra.order}; the record has no such roll"
        self.game.apply(self._step(line))
        if self.game.turn != line["turn"]:
            return f"turn {self.game.turn}: the undo took the game back to turn {self.game.turn}, the record says turn {line['turn']}"
        self.checks[:] = [check for check in self.checks if check.turn < self.game.turn]
        return None

    def _on_roll(self, line: dict[str, Any]) -> str | None:
        turn = line["turn"]
        if self.game.turn == turn and not self.game.is_over and turn not in self.game.digests:
            self._resolve()
        return self._check_roll(line)

    def _on_digest(self, line: dict[str, Any]) -> str | None:
        turn = line["turn"]
        if turn not in self.game.digests:
            if self.game.turn != turn or self.game.is_over:
                return f"turn {turn}: the record has a digest for a turn the game is not at ({self.game.turn})"
            self._resolve()
        if self.rolls and self.rolls[0].turn == turn:
            extra = self.rolls[0]
            return f"turn {turn}: the engine rolled for {extra.faction} order {extra.order}; the record has no such roll"
        digest = self.game.digests[turn]
        matches = digest == line["sha256"]
        self.checks.append(TurnCheck(turn, digest, matches))
        if not matches:
            return f"turn {turn}: the position differs from the record (digest {digest[:12]}…, record {str(line['sha256'])[:12]}…)"
        return None

    def _on_result(self, line: dict[str, Any]) -> str | None:
        self.result_seen = True
        outcome = self.game.outcome
        if outcome is None:
            return f"turn {self.game.turn}: the record has a result but the game is not over"
        if _outcome_line(outcome) != line:
            return f"turn {outcome.turn}: the recomputed result differs from the record's result"
        return None

    def _resolve(self) -> None:
        start = len(self.game.log)
        self.game.resolve()
        self._collect(start)

    def _check_roll(self, line: dict[str, Any]) -> str | None:
        turn = line["turn"]
        if not self.rolls or self.rolls[0].turn != turn:
            return f"turn {turn}: the record has a roll for {line['faction']} order {line['order']} that the engine did not make"
        rolled = self.rolls.pop(0)
        if (rolled.faction, rolled.order, rolled.die) != (line["faction"], line["order"], line["die"]):
            return (
                f"turn {turn}: the engine rolled {rolled.die} for {rolled.faction} order {rolled.order}, "
                f"the record says {line['die']} for {line['faction']} order {line['order']}"
            )
        return None

    def _unchecked_cards(self, turn: int) -> str | None:
        pending = [c for c in self.cards if c.turn <= turn]
        if pending:
            return f"turn {turn}: the deck drew {pending[0].card} but the record does not list it"
        return None


_HANDLERS: dict[str, Callable[[_Replayer, dict[str, Any]], str | None]] = {
    name.removeprefix("_on_"): handler for name, handler in vars(_Replayer).items() if name.startswith("_on_")
}
"""The replayer's handler of each line type (``_Replayer._on_KIND``), by the type."""
