"""The facilitator's console's keys, screen by screen: one table for the footers, the help and the palette.

Each console screen takes its ``BINDINGS`` from here (``WorldScreen.BINDINGS
= WORLD_KEYS``), and the help lists the same tables (``HELP_PAGES``), so the
help never goes stale. They live here, not in the screens, so that the help
(opened from every screen) can list every screen's keys without importing
the screens: the console's imports then run one way (cells, keys, help ←
views ← the console screen). One table also shows at a glance that a key
means one thing per screen (``n`` is a note in a world, a new code among the
codes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual.binding import Binding, BindingType

OVERVIEW_KEYS: list[BindingType] = [
    Binding("enter", "open_world", "Open", priority=True, tooltip="The highlighted world in detail, with every action"),
    Binding("p", "pause_all", "Pause", tooltip="Pause every world's timer (journaled in each world)"),
    Binding("s", "resume_all", "Resume", tooltip="Start or resume every world's timer"),
    Binding("c", "codes", "Codes", tooltip="Seats and codes: every seat's team and code; issue a new code"),
    Binding("r", "resolve_all", "Resolve", tooltip="Resolve the turn now in every world that plays (confirmed first; teams not in pass)"),
    Binding("t", "time_all", "Time ±", show=False, tooltip="Add or take off minutes in every world's current phase"),
    Binding("n", "note_all", "Note all", show=False, tooltip="Add the same note to every world's log"),
    Binding("i", "inject_all", "Inject all", show=False, tooltip="Play an event card in every world, now or when a later turn begins"),
    Binding("g", "settings", "Rules", show=False, tooltip="Change the turn's phases, when turns resolve, and what a deadline does with drafts"),
    Binding("question_mark", "help", "Help", key_display="?", tooltip="The console's keys"),
    Binding("q", "leave", "Leave", tooltip="Close the console; the session file keeps everything"),
]
"""The overview of every world (``FacilitatorScreen``): its keys act on every world at once (enter opens one)."""

WORLD_KEYS: list[BindingType] = [
    Binding("r", "resolve", "Resolve", tooltip="Resolve this turn now (confirmed first; teams not in pass)"),
    Binding("i", "inject", "Inject", tooltip="Play an event card now, or when a later turn begins"),
    Binding("n", "note", "Note", tooltip="Add a note to the log (every team sees it)"),
    Binding("a", "rate", "Rate", tooltip="Mark this turn's orders' justifications strong or weak"),
    Binding("u", "undo", "Undo", tooltip="Take back the last resolution, with a reason"),
    Binding("escape", "back", "Back", tooltip="Back to the overview of every world"),
    Binding("question_mark", "help", "Help", key_display="?", tooltip="The console's keys"),
    Binding("p", "pause", "Pause", tooltip="Pause or resume this world's timer"),
    Binding("t", "time", "Time ±", tooltip="Add or take off minutes in this world's current phase"),
    Binding("o", "reseat", "Reseat", tooltip="Give the highlighted seat to another team (a new code) or a bot"),
    Binding("c", "new_code", "New code", tooltip="A new code for the highlighted seat; the old one stops working"),
    Binding("m", "sideline", "Sideline", tooltip="A member of the highlighted seat's team sits this turn out"),
    Binding("e", "export", "Export", tooltip="Write this world's game record (it replays and grades)"),
    Binding("x", "cancel_inject", "Cancel inject", tooltip="Cancel an inject scheduled for a later turn"),
    Binding("w", "messages", "Messages", show=False, tooltip="Every private message of this world, and a line to write to a team"),
    Binding("k", "compose", "Make event", show=False, tooltip="Make an event of your own (or start from the library): play it now or later, and keep it"),
    Binding("j", "adjudicate", "Adjudicate", show=False, tooltip="The teams' argued actions of this turn: a difficulty and effects for each"),
    Binding("l", "focus_log", "Log", show=False, tooltip="Move to the log (f and t filter it)"),
    Binding("b", "focus_board", "Board", show=False, tooltip="Move to the board (enter shows a region)"),
    Binding("s", "focus_seats", "Seats", show=False, tooltip="Move to the seats"),
]
"""One world in detail (``WorldScreen``): the most used first, for the footer at 80 columns."""

RATE_KEYS: list[BindingType] = [
    Binding("s", "rate('strong')", "Strong +1", tooltip="The highlighted order's argument is strong: +1 to its roll"),
    Binding("w", "rate('weak')", "Weak −1", tooltip="The highlighted order's argument is weak: −1 to its roll"),
    Binding("0", "rate('none')", "Not rated", tooltip="Withdraw the highlighted order's rating"),
    Binding("escape", "back", "Back", tooltip="Back to the world"),
    Binding("question_mark", "help", "Help", key_display="?", tooltip="The console's keys"),
]
"""Rating this turn's arguments (``RateScreen``)."""

CODES_KEYS: list[BindingType] = [
    Binding("n", "new_code", "New code", tooltip="Issue a new code for the highlighted seat; the old one stops working"),
    Binding("escape", "back", "Overview", tooltip="Back to the overview"),
    Binding("question_mark", "help", "Help", key_display="?", tooltip="The console's keys"),
]
"""Every seat and its code (``CodesScreen``)."""

HELP_PAGES: tuple[tuple[str, Sequence[BindingType]], ...] = (
    ("The overview", OVERVIEW_KEYS),
    ("A world", WORLD_KEYS),
    ("Rating arguments", RATE_KEYS),
    ("Seats and codes", CODES_KEYS),
)
"""What the console's help lists, in this order: a title and the screen's keys."""

_KEY_NAMES = {"question_mark": "?", "escape": "esc", "enter": "enter"}


def key_name(binding: Binding) -> str:
    """The key as the footer shows it: ``?`` for ``question_mark``, ``esc`` for ``escape``."""
    return binding.key_display or _KEY_NAMES.get(binding.key, binding.key)


def keys_markdown(pages: Iterable[tuple[str, Sequence[BindingType]]]) -> str:
    """A Markdown list of each page's keys, with their descriptions and tooltips."""
    lines = []
    for title, bindings in pages:
        lines += [f"## {title}", ""]
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                tip = f": {binding.tooltip}" if binding.tooltip else ""
                lines.append(f"- `{key_name(binding)}` **{binding.description}**{tip}")
        lines.append("")
    return "\n".join(lines)
