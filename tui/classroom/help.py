"""The console's help: every screen's keys, from the same tables as their footers.

``ConsoleHelp`` lists ``keys.HELP_PAGES`` (the overview, a world, rating,
seats and codes) after a short introduction; every console screen opens it
with ``?``. It imports the key tables, not the screens, so that the screens
can open it without an import cycle.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from tui.classroom.keys import HELP_PAGES, keys_markdown
from tui.widgets.key_bar import KeyBar

HELP_INTRO = """\
Every action is kept in the session file's journal and in each world's
record, so a replay repeats it exactly (rules, section 12). Turns resolve by
themselves when every team is in, or at the deadline, as the session's
settings say; `ctrl+p` finds any action by name.

"""
"""What the help says before the keys."""


class ConsoleHelp(ModalScreen[None]):
    """The console's keys, screen by screen; Escape or ? closes it."""

    CSS_PATH = "console.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="console-help.close"),
        Binding("question_mark", "close", "Close", key_display="?", show=False, id="console-help.toggle"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-dialog") as scroll:
            scroll.border_title = "Facilitator's console: help"
            scroll.border_subtitle = "esc to close"
            yield Markdown(HELP_INTRO + keys_markdown(HELP_PAGES))
        yield KeyBar()  # this dialog's keys, not those of the screen under it

    def on_mount(self) -> None:
        self.query_one("#help-dialog").focus()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
