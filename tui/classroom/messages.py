"""Private channels on screen (rule 12.6): a seat's messages or a world's, and a line to write one.

``MessagesScreen`` is a ``ModalScreen`` the seat (its own messages: with the
facilitator and with the other teams) and the console's world (every message
of the world) open with ``w``. It shows the messages oldest first, newest at
the bottom, and a recipient and a line to write to; Enter sends through the
``send`` it was given, which returns why a message was refused (shown under
the line, which keeps the text) or None; the list is read again through
``read`` after each message sent. Escape closes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from engine.describe import Describer
from engine.inputs import FACILITATOR, MAX_MESSAGE
from engine.log import Messaged
from tui.widgets.key_bar import KeyBar

Send = Callable[[str, str], str | None]
"""Send ``text`` to ``to``; why it was refused, or None."""
Read = Callable[[], Sequence[Messaged]]
"""The messages to show, oldest first."""


def message_line(message: Messaged, describe: Describer, me: str = "") -> Text:
    """``T2 S Seaboard Federation → facilitator: text``; ``you`` for ``me``'s own side."""

    def who(party: str) -> str:
        return "you" if party == me else "facilitator" if party == FACILITATOR else describe.name(party)

    return Text.assemble((f"T{message.turn} ", "dim"), (f"{who(message.sender)} → {who(message.to)}", "bold"), ": ", message.text)


class MessagesScreen(ModalScreen[None]):
    """Private messages, and a line to write one to a chosen recipient."""

    BINDINGS = [Binding("escape", "close", "Close", id="messages.close")]

    DEFAULT_CSS = """
    MessagesScreen { align: center middle; }
    MessagesScreen > #dialog {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    MessagesScreen #title { text-style: bold; width: 100%; }
    MessagesScreen #detail { color: $text-muted; width: 100%; }
    MessagesScreen #list { height: auto; max-height: 14; border: round $primary-darken-2; }
    MessagesScreen #write { height: 1; margin-top: 1; }
    MessagesScreen #to { width: 30; }
    MessagesScreen #text { width: 1fr; }
    MessagesScreen #error { color: $error; text-style: bold; width: 100%; display: none; }
    MessagesScreen #hint { color: $text-muted; width: 100%; }
    """

    def __init__(self, title: str, detail: str, recipients: Sequence[tuple[str, str]], read: Read, send: Send, describe: Describer, me: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.detail = detail
        self.recipients = list(recipients)
        """(label, party id) pairs, in the order offered."""
        self.read = read
        self.send = send
        self.describe = describe
        self.me = me
        """The seat's own faction (shown as ``you``); empty for the facilitator."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="title")
            yield Static(self.detail, id="detail", markup=False)
            yield VerticalScroll(Static(id="messages", markup=False), id="list")
            with Horizontal(id="write"):
                yield Select(self.recipients, value=self.recipients[0][1], allow_blank=False, compact=True, id="to")
                yield Input(placeholder="a message (enter sends it)", max_length=MAX_MESSAGE, compact=True, id="text")
            yield Static("", id="error", markup=False)
            yield Static("enter: send · escape: close", id="hint", markup=False)
        yield KeyBar()  # this dialog's keys, not those of the screen under it

    def on_mount(self) -> None:
        self.show(self.read())
        self.query_one("#text", Input).focus()

    def show(self, messages: Sequence[Messaged]) -> None:
        """Draw ``messages``, the newest in sight."""
        lines = [message_line(m, self.describe, self.me) for m in messages] or [Text("No messages yet.", "dim")]
        self.query_one("#messages", Static).update(Text("\n").join(lines))
        self.query_one("#list", VerticalScroll).scroll_end(animate=False)

    @on(Input.Submitted, "#text")
    def _send(self) -> None:
        line = self.query_one("#text", Input)
        error = self.query_one("#error", Static)
        to = str(self.query_one("#to", Select).value)
        problem = self.send(to, line.value)
        error.display = problem is not None
        if problem is not None:
            error.update(problem)
            return
        line.value = ""
        self.show(self.read())

    def action_close(self) -> None:
        """Close the messages."""
        self.dismiss(None)
