"""Choosing one order: a move, then its target, then the players' justification."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from engine.game import Game, OrderOption
from engine.inputs import Order
from engine.model import MoveDef, TargetKind
from players.advice import success_chance
from tui.order_facts import chance_text, move_facts, target_facts
from tui.widgets.key_bar import KeyBar


class Choices(OptionList):
    """The picker's list of moves or targets, its keys shown in the footer."""

    BINDINGS = [
        Binding("up", "cursor_up", "Move", key_display="↑↓"),
        Binding("enter", "select", "Choose"),
    ]


class Why(Input):
    """The justification's field; Enter adds the order (shown in the footer)."""

    BINDINGS = [Binding("enter", "submit", "Add order")]


class OrderPicker(ModalScreen[Order | None]):
    """A three-step dialog that returns an ``Order`` (or None when cancelled).

    Illegal moves and targets stay visible but disabled, each with the
    engine's reason, and the cost is checked against what the faction's
    other draft orders leave of its budget. Each move and target shows its
    chance of success as the bots reckon it; below the list, the highlighted
    one's effects, delayed payoffs, side effects, die modifiers and every
    reason it is not possible, wrapped to the dialog's width.
    """

    BINDINGS = [Binding("escape", "back", "Back", show=True)]

    DEFAULT_CSS = """
    OrderPicker { align: center middle; }
    OrderPicker > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    OrderPicker #title { text-style: bold; }
    OrderPicker #hint { color: $text-muted; }
    OrderPicker #facts { height: auto; max-height: 9; }
    OrderPicker #summary { color: $text-muted; height: auto; width: 1fr; }
    OrderPicker OptionList { height: auto; max-height: 50vh; }
    OrderPicker #why { display: none; }
    """

    def __init__(self, game: Game, faction: str, *, draft: list[Order]) -> None:
        super().__init__()
        self.game = game
        self.faction = faction
        self.draft = list(draft)
        spent = sum(game.option(faction, o.move, o.target).cost for o in draft)
        self.left = game.view().factions[faction].budget - spent
        """Budget left after the faction's other draft orders."""
        self.move: MoveDef | None = None
        self.target = ""

    def compose(self) -> ComposeResult:
        name = self.game.scenario.faction(self.faction).name
        with Vertical():
            yield Label(f"New order for {name} · budget left {self.left}", id="title")
            yield Label("Choose a move (greyed out: not possible now, with the reason).", id="hint")
            yield Choices(*self._move_options(), id="moves")
            yield Choices(id="targets")
            with VerticalScroll(id="facts"):
                yield Static("", id="summary")
            yield Why(placeholder="Why? Your justification for the facilitator (optional)", id="why", max_length=2000)
        yield KeyBar()  # the picker's keys, not the table's under it

    def on_mount(self) -> None:
        self.query_one("#targets").display = False
        moves = self.query_one("#moves", OptionList)
        highlight_first_open(moves)
        moves.focus()

    # -- options -----------------------------------------------------------------------------

    def _judge(self, option: OrderOption) -> str | None:
        """The engine's reason, or a draft-level one (cost against what is left, duplicates)."""
        if option.reason:
            return option.reason
        if any(o.move == option.move.id and o.target == option.target for o in self.draft):
            return "already in your orders"
        if option.cost > self.left:
            return f"costs {option.cost}; {self.left} left after your other orders"
        return None

    def _move_options(self) -> list[Option]:
        by_move: dict[str, list[OrderOption]] = {}
        for option in self.game.options(self.faction):
            by_move.setdefault(option.move.id, []).append(option)
        options = []
        width = max(len(move.name) for move in self.game.scenario.moves)
        for move in self.game.scenario.moves:
            choices = by_move.get(move.id, [])
            reasons = [self._judge(o) for o in choices]
            open_ = [o for o, r in zip(choices, reasons) if r is None]
            costs = sorted({o.cost for o in open_} or {o.cost for o in choices})
            cost = f"{costs[0]}" if len(costs) == 1 else f"{costs[0]}–{costs[-1]}"
            prompt = Text.assemble((f"{move.name:<{width}}", "bold"), f" cost {cost:<4}")
            if open_:
                best = max(success_chance(self.game, self.faction, move, o.target) for o in open_)
                prompt.append(f" {'up to ' if len(open_) > 1 and best < 1 else ''}{chance_text(best)}")
                if move.target is not TargetKind.HOME:
                    prompt.append(f" {len(open_)} target{'s' if len(open_) != 1 else ''}", "dim")
            else:
                others = len({r for r in reasons if r}) - 1
                more = f" (+{others} more reason{'s' if others != 1 else ''})" if others > 0 else ""
                prompt.append(f" — {reasons[0] if reasons else 'no target'}{more}", "dim italic")
            options.append(Option(prompt, id=move.id, disabled=not open_))
        return options

    def _target_options(self, move: MoveDef) -> list[Option]:
        options = []
        for option in self.game.options(self.faction):
            if option.move.id != move.id:
                continue
            reason = self._judge(option)
            label = self._target_name(option.target)
            chance = chance_text(success_chance(self.game, self.faction, move, option.target))
            prompt = Text.assemble((f"{label:<24}", "bold"), f" cost {option.cost}  {chance:<4}")
            if reason:
                prompt.append(f" — {reason}", "dim italic")
            options.append(Option(prompt, id=option.target or "_home", disabled=reason is not None))
        return options

    def _target_name(self, target: str) -> str:
        scenario = self.game.scenario
        if not target:
            return "at home"
        if target in {region.id for region in scenario.regions}:
            return scenario.region(target).name
        faction = scenario.faction(target)
        return f"{faction.letter} {faction.name}"

    # -- steps -------------------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#moves")
    def _move_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        move = self.game.scenario.move(picked(event.option))
        self.query_one("#summary", Static).update(move_facts(self.game, self.faction, move))

    @on(OptionList.OptionHighlighted, "#targets")
    def _target_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        target = "" if event.option.id == "_home" else picked(event.option)
        self.query_one("#summary", Static).update(target_facts(self.game, self.faction, self._move(), target))

    @on(OptionList.OptionSelected, "#moves")
    def _move_chosen(self, event: OptionList.OptionSelected) -> None:
        self.move = move = self.game.scenario.move(picked(event.option))
        if move.target is TargetKind.HOME:
            self._ask_why("")
            return
        targets = self.query_one("#targets", OptionList)
        targets.clear_options()
        targets.add_options(self._target_options(move))
        highlight_first_open(targets)
        self.query_one("#moves").display = False
        targets.display = True
        self.query_one("#hint", Label).update(f"{move.name}: choose a target.")
        targets.focus()

    @on(OptionList.OptionSelected, "#targets")
    def _target_chosen(self, event: OptionList.OptionSelected) -> None:
        self._ask_why("" if event.option.id == "_home" else picked(event.option))

    def _ask_why(self, target: str) -> None:
        move = self._move()
        self.target = target
        self.query_one("#moves").display = False
        self.query_one("#targets").display = False
        where = f" → {self._target_name(target)}" if target else ""
        self.query_one("#hint", Label).update(f"{move.name}{where}: why? Enter to add the order.")
        why = self.query_one("#why", Input)
        why.display = True
        why.focus()

    @on(Input.Submitted, "#why")
    def _why_given(self, event: Input.Submitted) -> None:
        self.dismiss(Order(self._move().id, self.target, event.value.strip()))

    def _move(self) -> MoveDef:
        """The move chosen in the first step (asking why comes only after one is)."""
        if self.move is None:
            raise RuntimeError("no move has been chosen yet")
        return self.move

    def action_back(self) -> None:
        """Go back one step; from the first step, cancel."""
        why = self.query_one("#why", Input)
        targets = self.query_one("#targets", OptionList)
        if why.display and self.move is not None and self.move.target is not TargetKind.HOME:
            why.display = False
            targets.display = True
            targets.focus()
        elif why.display or targets.display:
            why.display = targets.display = False
            moves = self.query_one("#moves", OptionList)
            moves.display = True
            self.query_one("#hint", Label).update("Choose a move (greyed out: not possible now, with the reason).")
            if self.move is not None:
                self.query_one("#summary", Static).update(move_facts(self.game, self.faction, self.move))
            moves.focus()
        else:
            self.dismiss(None)


def highlight_first_open(options: OptionList) -> None:
    """Put the cursor on the first option that can be chosen."""
    for index in range(options.option_count):
        if not options.get_option_at_index(index).disabled:
            options.highlighted = index
            return


def picked(option: Option) -> str:
    """The id of a picked option: every option the picker lists has one (a move or a target id)."""
    if option.id is None:
        raise RuntimeError(f"the option {option.prompt!r} has no id")
    return option.id
