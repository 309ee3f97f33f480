"""The orders being drafted by the faction at the keyboard."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from engine.describe import Describer
from engine.inputs import Order
from engine.views import GameView


class OrdersPanel(OptionList):
    """The current faction's draft orders with their costs and the budget left.

    Only the faction at the keyboard is ever shown: other teams' orders stay
    hidden until resolution. The last line is an "add order" entry.
    """

    DEFAULT_CSS = """
    OrdersPanel { height: 1fr; border: round $primary; }
    """

    def show(self, view: GameView, faction: str | None, draft: Sequence[tuple[Order, int]]) -> None:
        """Render ``draft``, each order with its cost now, for ``faction`` (None: nobody is ordering now)."""
        highlighted = self.highlighted
        self.clear_options()
        if faction is None:
            self.border_title = "Orders"
            self.add_option(Option(Text("Waiting: no faction is ordering now.", style="dim"), disabled=True))
            return
        scenario = view.scenario
        definition = scenario.faction(faction)
        budget = view.factions[faction].budget
        spent = 0
        describe = Describer(scenario)
        for index, (order, cost) in enumerate(draft, start=1):
            spent += cost
            target = describe.name(order.target) if order.target else ""
            line = Text.assemble(f"{index} ", (f"−{cost}", "yellow"), " ", (scenario.move(order.move).name, "bold"), f"{' → ' + target if target else ''}")
            if order.why:
                line.append(f"\n   “{order.why}”", "dim italic")
            self.add_option(Option(line, id=f"order-{index}"))
        limit = scenario.orders_per_turn
        if len(draft) < limit:
            self.add_option(Option(Text(f"{len(draft) + 1} (add order: press a)", style="dim"), id="add"))
        self.border_title = f"Orders · {definition.letter} {definition.name}"
        self.border_subtitle = f"budget {budget - spent} of {budget} · {len(draft)}/{limit} orders"
        if highlighted is not None and self.option_count:
            self.highlighted = min(highlighted, self.option_count - 1)

    def selected_order_index(self) -> int | None:
        """The 0-based index of the highlighted draft order, or None."""
        if self.highlighted is None:
            return None
        option_id = self.get_option_at_index(self.highlighted).id or ""
        return int(option_id.split("-")[1]) - 1 if option_id.startswith("order-") else None
