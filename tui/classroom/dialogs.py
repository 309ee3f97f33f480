"""Small dialogs of the facilitator's console: a line of text, a choice, a code shown once, an inject.

Each is a ``ModalScreen`` that dismisses with its answer (None when
cancelled with Escape), so a screen can ``await app.push_screen_wait(...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

import engine.valueclass as valueclass
from engine.model import CardDef, CardTarget, Scenario
from engine.views import Viewable
from tui.palette import faction_colours
from tui.screens.order_picker import highlight_first_open, picked
from tui.widgets.events import counters_summary, effects_summary, modifier_summary
from tui.widgets.key_bar import KeyBar

_DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > #dialog {{
    width: 72; max-width: 100%; height: auto; max-height: 100%;
    border: thick $accent; background: $surface; padding: 0 1;
}}
{name} #title {{ text-style: bold; width: 100%; }}
{name} #detail {{ color: $text-muted; width: 100%; }}
{name} #error {{ color: $error; text-style: bold; width: 100%; display: none; }}
{name} #hint {{ color: $text-muted; width: 100%; }}
{name} #buttons {{ height: auto; align-horizontal: right; }}
{name} Button {{ margin-left: 2; min-width: 10; }}
"""


class TextPrompt(ModalScreen[str | None]):
    """Ask for one line of text; dismisses with it (stripped), or None on Escape.

    With ``required``, a blank answer is refused with ``required`` as the
    message and the dialog stays open; with ``check``, so is an answer for
    which it returns a message.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt.cancel")]

    DEFAULT_CSS = _DIALOG_CSS.format(name="TextPrompt")

    def __init__(
        self,
        title: str,
        detail: str = "",
        *,
        value: str = "",
        placeholder: str = "",
        required: str = "",
        max_length: int = 0,
        ok: str = "OK",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.check = check
        """Why an answer cannot be taken (None: it can)."""
        self.title_text = title
        self.detail = detail
        self.value = value
        self.placeholder = placeholder
        self.required = required
        """The message shown when the answer is blank; empty: a blank answer is accepted."""
        self.max_length = max_length
        self.ok = ok

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="title", markup=False)
            if self.detail:
                yield Static(self.detail, id="detail", markup=False)
            yield Input(self.value, placeholder=self.placeholder, max_length=self.max_length, id="answer")
            yield Static("", id="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button(self.ok, variant="primary", id="ok")
                yield Button("Cancel", id="cancel")
        yield KeyBar()  # this dialog's keys, not those of the screen under it

    def on_mount(self) -> None:
        self.query_one("#answer", Input).focus()

    @on(Input.Submitted, "#answer")
    @on(Button.Pressed, "#ok")
    def _answer(self) -> None:
        text = self.query_one("#answer", Input).value.strip()
        problem = self.required if self.required and not text else self.check(text) if self.check is not None and text else None
        if problem:
            error = self.query_one("#error", Static)
            error.update(problem)
            error.display = True
            self.query_one("#answer", Input).focus()
            return
        self.dismiss(text)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without an answer."""
        self.dismiss(None)


@valueclass.frozen
class Choice:
    """One line of a ``ChoicePrompt``: its id (what the prompt returns) and what it shows."""

    id: str
    prompt: str | Text
    disabled: bool = False


class ChoicePrompt(ModalScreen[str | None]):
    """Choose one of a list; dismisses with the chosen ``Choice.id``, or None on Escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="choice.cancel")]

    DEFAULT_CSS = (
        _DIALOG_CSS.format(name="ChoicePrompt")
        + """
    ChoicePrompt OptionList { height: auto; max-height: 16; }
    """
    )

    def __init__(self, title: str, choices: Sequence[Choice], detail: str = "", *, selected: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.detail = detail
        self.selected = selected

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="title", markup=False)
            if self.detail:
                yield Static(self.detail, id="detail", markup=False)
            yield OptionList(*(Option(c.prompt, id=c.id, disabled=c.disabled) for c in self.choices), id="choices")
            yield Static("enter: choose · escape: cancel", id="hint")
        yield KeyBar()  # this dialog's keys, not those of the screen under it

    def on_mount(self) -> None:
        options = self.query_one("#choices", OptionList)
        ids = [c.id for c in self.choices if not c.disabled]
        if self.selected in ids:
            options.highlighted = [c.id for c in self.choices].index(self.selected)
        else:
            highlight_first_open(options)
        options.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        """Close without a choice."""
        self.dismiss(None)


class CodeShown(ModalScreen[None]):
    """A new access code, shown once in large letters, with who it is for."""

    BINDINGS = [
        Binding("enter", "close", "Done", priority=True, id="code.enter"),  # before the button's own, so the footer names it
        Binding("escape", "close", "Done", show=False, id="code.escape"),
    ]

    DEFAULT_CSS = (
        _DIALOG_CSS.format(name="CodeShown")
        + """
    CodeShown > #dialog { border: thick $success; }
    CodeShown #code { text-style: bold; width: 100%; content-align: center middle; height: 3; color: $success; }
    """
    )

    def __init__(self, title: str, code: str, detail: str) -> None:
        super().__init__()
        self.title_text = title
        self.code = code
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text, id="title", markup=False)
            yield Static(" ".join(self.code), id="code", markup=False)
            yield Static(self.detail, id="detail", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Done (enter)", variant="success", id="done")
        yield KeyBar()  # this dialog's keys, not those of the screen under it

    def on_mount(self) -> None:
        self.query_one("#done", Button).focus()

    @on(Button.Pressed, "#done")
    def action_close(self) -> None:
        """Close: the code is not shown again."""
        self.dismiss(None)


# -- injects --------------------------------------------------------------------------------------


@valueclass.frozen
class InjectChoice:
    """An inject to make: the card, its target ("" for the card's own rule) and the turn (None: now)."""

    card: str
    target: str = ""
    turn: int | None = None


def rule_words(card: CardDef, scenario: Scenario) -> str:
    """Where ``card`` lands by its own rule, in words: ``the least stable region``, ``Kepulan``."""
    if card.target is CardTarget.REGION:
        return scenario.region(card.region).name
    if card.target is CardTarget.FACTION:
        faction = scenario.faction(card.faction)
        return f"{faction.letter} {faction.name}"
    if card.target in (CardTarget.TOP_INFLUENCE, CardTarget.PRESENT):
        return f"{card.target.description.removesuffix('in its region')}in {scenario.region(card.region).name}"
    return card.target.description


def card_description(card: CardDef, scenario: Scenario) -> Text:
    """A card in full: its text, what it does at once and while in play, its counters and its target."""
    text = Text()
    text.append(card.name, "bold")
    text.append(f" ({card.category.replace('_', ' ')}) ", "dim")
    text.append(card.text, "italic")
    effects = effects_summary(card.effects, scenario)
    if effects:
        text.append(f"\nAt once: {effects}.")
    modifier = modifier_summary(card, scenario)
    if modifier and card.modifier is not None:
        text.append(f"\nFor {card.modifier.turns} turn{'s' if card.modifier.turns != 1 else ''}: {modifier}; {counters_summary(card, scenario)}.")
    text.append(f"\nLands on {rule_words(card, scenario)} unless you choose a target.", "dim")
    return text


CHOOSE_CARD = "Choose a card (or, in a world, k makes an event of your own)."
"""The inject picker's first step."""


class InjectPicker(ModalScreen[InjectChoice | None]):
    """Choose an event card, its target and when it plays; dismisses with an ``InjectChoice``.

    Step 1 lists the scenario's cards with a description of the highlighted
    one; step 2 offers the card's own targeting rule or any region (or
    faction, for a card that lands on factions); step 3 is now or the start
    of a later turn. Escape goes back a step, and from the first, cancels.
    """

    BINDINGS = [Binding("escape", "back", "Back", id="inject.back")]

    VERTICAL_BREAKPOINTS = [(0, "-short"), (34, "-tall")]

    DEFAULT_CSS = (
        _DIALOG_CSS.format(name="InjectPicker")
        + """
    InjectPicker > #dialog { width: 100; max-height: 100%; }
    InjectPicker OptionList { height: auto; max-height: 9; }
    InjectPicker.-tall > #dialog { max-height: 90%; }
    InjectPicker.-tall OptionList { max-height: 18; }
    InjectPicker #card-text { height: auto; margin-top: 1; }
    """
    )

    def __init__(self, game: Viewable) -> None:
        super().__init__()
        self.view = game.view()
        """The world as it was when the picker opened (its turn and scenario)."""
        self.scenario = self.view.scenario
        self.card: CardDef | None = None
        self.target = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(f"Inject an event card · turn {self.view.turn}", id="title")
            yield Label(CHOOSE_CARD, id="hint")
            yield OptionList(*self._card_options(), id="cards")
            yield OptionList(id="targets")
            yield OptionList(id="when")
            yield Static("", id="card-text", markup=False)
        yield KeyBar()  # this dialog's keys, not those of the screen under it

    def on_mount(self) -> None:
        self.query_one("#targets").display = False
        self.query_one("#when").display = False
        cards = self.query_one("#cards", OptionList)
        cards.highlighted = 0
        cards.focus()

    def _card_options(self) -> list[Option]:
        width = max(len(card.name) for card in self.scenario.cards)
        return [
            Option(
                Text.assemble((card.name.ljust(width + 2), "bold"), (card.category.replace("_", " "), "dim")),
                id=card.id,
            )
            for card in self.scenario.cards
        ]

    def _target_options(self, card: CardDef) -> list[Option]:
        scenario = self.scenario
        options = [Option(Text.assemble("By the card's rule: ", (rule_words(card, scenario), "bold")), id="_rule")]
        if card.target.is_region:
            options += [Option(region.name, id=region.id) for region in scenario.regions]
        else:
            colours = faction_colours(scenario)
            options += [Option(Text(f"{f.letter} {f.name}", f"bold {colours[f.id]}"), id=f.id) for f in scenario.factions]
        return options

    def _when_options(self) -> list[Option]:
        turn = self.view.turn
        options = [Option(Text.assemble(("Now", "bold"), f" (turn {turn})"), id="now")]
        options += [Option(f"When turn {n} begins", id=f"turn-{n}") for n in range(turn + 1, self.scenario.turns + 1)]
        return options

    def _step(self, shown: str, hint: str) -> None:
        for name in ("cards", "targets", "when"):
            self.query_one(f"#{name}").display = name == shown
        self.query_one("#hint", Label).update(hint)
        self.query_one(f"#{shown}", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#cards")
    def _card_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        card = self.scenario.card(picked(event.option))
        self.query_one("#card-text", Static).update(card_description(card, self.scenario))

    @on(OptionList.OptionSelected, "#cards")
    def _card_chosen(self, event: OptionList.OptionSelected) -> None:
        self.card = card = self.scenario.card(picked(event.option))
        targets = self.query_one("#targets", OptionList)
        targets.clear_options()
        targets.add_options(self._target_options(card))
        targets.highlighted = 0
        self._step("targets", f"{card.name}: where does it land?")

    @on(OptionList.OptionSelected, "#targets")
    def _target_chosen(self, event: OptionList.OptionSelected) -> None:
        self.target = "" if event.option.id == "_rule" else picked(event.option)
        when = self.query_one("#when", OptionList)
        when.clear_options()
        when.add_options(self._when_options())
        when.highlighted = 0
        self._step("when", f"{self._card().name}: play it now, or when a later turn begins?")

    @on(OptionList.OptionSelected, "#when")
    def _when_chosen(self, event: OptionList.OptionSelected) -> None:
        turn = None if event.option.id == "now" else int(picked(event.option).removeprefix("turn-"))
        self.dismiss(InjectChoice(self._card().id, self.target, turn))

    def _card(self) -> CardDef:
        """The card chosen in the first step (the later steps come only after one is)."""
        if self.card is None:
            raise RuntimeError("no card has been chosen yet")
        return self.card

    def action_back(self) -> None:
        """Go back one step; from the first step, cancel."""
        if self.query_one("#when").display:
            self._step("targets", f"{self._card().name}: where does it land?")
        elif self.query_one("#targets").display:
            self._step("cards", CHOOSE_CARD)
        else:
            self.dismiss(None)
