"""Help: the rules in two minutes and the keys of the game screen."""

from __future__ import annotations

from rich.markdown import Markdown as RichMarkdown
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from engine.model import CATEGORIES, Scenario
from tui.widgets.key_bar import KeyBar

RULES = """\
## The turn

1. **Events.** The turn's scheduled cards are played, then cards are drawn
   from the shuffled deck. A card acts at once and may leave a modifier in
   play for a few turns. Turn 1's events are already out when the game starts.
2. **Secret orders.** Each faction gives up to {orders} orders: a move, a
   target and a short reason why. An order must be legal (the right kind of
   target, its requirements met, not blocked by an event, not the same move
   twice on one target) and all of them together must fit the budget. Nobody
   sees them before resolution.
3. **Resolution.** Orders are revealed and carried out one at a time: first
   by move category ({categories}), then by initiative, which rotates (the
   first faction goes first on turn 1, the second on turn 2, and so on), then
   by the order's place in its faction's list. An order that is no longer legal
   or affordable when its turn comes *fizzles*, and the log says why.
4. **Upkeep.** Active events apply their per-turn effects; delayed effects of
   earlier successes (training, aid) pay off; income is paid; events count
   down and expire; scores are worked out.
5. **Victory check.** The game ends after the last turn, when a faction
   reaches the victory score (if the scenario has one), or when a faction's
   domestic support falls to its minimum: that faction *collapses* and
   cannot win. The highest score among the rest wins; ties share the win.

## The numbers

- **Influence** (per faction, per region): your standing with a partner,
  and most of your score. You **control** a region when you alone have the
  most influence there, and at least the scenario's minimum.
- **Stability** (per region, 0 to 5): a shaky region (1 or less) gives −1
  to rolls there, a steady one (4 or more) +1. Some moves need a stability
  range, and some events strike the least stable region.
- **Credibility**: whether your word is believed. At 2 or less your rolls
  get −1, at 7 or more +1, and it usually counts towards the score. Arms
  sales and shows of force can cost it.
- **Domestic support**: backing at home. Opposition events drain it when
  you make the moves they object to; at its minimum you collapse.
- **Budget**: what you can spend. Orders cost budget; income refills it in
  upkeep, up to a cap.
- **Score**: influence everywhere, plus points per controlled region, plus
  weighted tracks (usually credibility), plus the points of each of your
  objectives met right now.

## Rolls

A move with a difficulty rolls one six-sided die and adds: the region's
**receptivity** to that kind of move (−3 to +3), **stability** (±1),
**credibility** (±1) and the roll modifiers of active events. A total at
least the difficulty succeeds; a failure applies the move's failure effects
instead (often none), and its delayed effects never come. Side effects (an
arms sale's cost in credibility, say) apply either way. Moves without a
difficulty always succeed. The log shows every roll with its modifiers.

## Contested regions

When two or more factions aim region moves at the same region in one turn,
it is **contested**: each influence gain of 2 or more there is cut by 1.

## Events and counters

Event cards (disinformation, budget cuts, domestic opposition, disasters,
crises and more) can leave a modifier for some turns: a roll penalty, higher
costs, halved gains, blocked kinds of move, lost domestic support when you
act, or losses every turn. Most can be **countered**: the card names the
moves that answer it. Such a move aimed at the event's target (its region,
or your own faction for an event on you) cancels the event when it succeeds
and shortens it by a turn when its roll fails. Some moves are only possible
while an event is on (relief after a disaster).
"""

LEGEND = """\
## What the marks mean

- Board: `S 3` a faction's letter and its influence in the region; `★` marks
  the faction that **controls** it; bars grow with influence (`▒`: fading); `s5` (or
  `stab 5`) is the region's stability; `⚑` an active event there, `2t` the
  turns it has left.
- Tracks: `▶` the faction ordering now (in reverse); `✓` its orders are in;
  `$11` budget and `+7` income each turn; `cred` credibility, `dom`
  domestic support; `↑1` / `↓1` the change over the last turn; `21/65`
  score and the victory score; `▁▃█` the score over the turns, one scale
  for every faction; `⚠` one more turn like its last reaches victory;
  `obj 1/3` objectives met; `●` met, `○` not yet, `+3` its points; `◎` an aim.
- Log: `T3` the turn, then the acting faction's letter, `⚑` an event,
  `✎` a note; every change says what caused it.
- Panels: `↓ more` / `↑ more` in a border: it holds more than it shows;
  `… cut` on the board: names or factions are shortened. `m` (board), `k`
  (tracks) or `e` (events) fills the screen with it, `escape` returns.
- Orders and picker: `−3` an order's cost; `sure`, `83%` its chance of
  success as the bots reckon it.
"""

KEYS = """\
## Keys on the game screen

- `a`: add an order (or `enter` on "add order")
- `d`: delete the highlighted order
- `s`: submit your orders (you are asked to confirm a risky or incomplete set)
- `c`: agreements with the other factions: propose, accept, decline or renounce
  (in a scenario that offers them)
- `x`: argued actions: argue one of your own, or counter another team's (in a
  scenario that allows them, with someone to adjudicate)
- `tab` / `shift+tab`: move between panels
- `b`: focus the board; `enter` on a region shows its detail
- `l`: focus the log; `L`: the log full screen; `o`: the log grouped by turn
  and faction (again: in order)
- `m` / `k` / `e`: the whole board / every faction's tracks / every event, full screen (`escape` returns)
- `g`: what the marks mean (this help, at the legend)
- `f`: cycle the log's faction filter
- `t`: cycle the log's turn filter
- While a turn is revealed: `space` pauses or goes on, `n` shows one more
  entry, `end` shows the rest at once
- After it: the turn's review (each faction's orders, rolls and changes, the
  events, the scores) stays until `enter`; `←` / `→` browse earlier turns
- `v`: review the resolved turns again; `r`: replay the last turn's reveal
- `?` or `f1`: this help
- `ctrl+p`: command palette (every legal order by name, log filters, help)
- `ctrl+t`: switch between the dark and the light theme
- On the title screen: `c` continues a saved game, `t` starts a guided first turn
{seat_keys}
In this help: arrows, `page up` and `page down` scroll, `k` jumps here, `g` to the
legend; `escape` or `?` closes.

Every faction has a letter as well as a colour; every change in the log says
what caused it.
"""


GAME_KEYS = (
    "- `p`: your team's plan (aims, instruments) while turn 1 is open; the reflection is asked for at the end\n"
    "- `q`: quit (the game is saved; resume it with `detente play --resume FILE`)\n"
)
"""The keys that only the one-keyboard game has."""
SEAT_KEYS = (
    "- `N` (shift+n): a note from your team in the log, which every team and the facilitator read\n"
    "- `p`: your team's plan (aims, instruments) while turn 1 is open\n"
    "- `w`: private messages with the facilitator and the other teams (no one else reads them)\n"
    "- `q`: leave the seat (your orders and draft stay in the session; join again with the same code)\n"
)
"""The keys that only a classroom seat has."""


class HelpScreen(ModalScreen[None]):
    """A rules summary and the game screen's keys, over the current screen.

    Given a scenario, it starts with the scenario's title, learning
    objectives and its own numbers (orders per turn, scoring, victory).
    Escape or ? closes it (dismisses with None).
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("k", "keys", "Keys", id="help.keys"),
        Binding("g", "legend", "Legend", id="help.legend"),
        Binding("question_mark", "close", "Close", key_display="?", show=False, id="help.toggle"),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        background: $background;  /* opaque: the game behind it is not drawn again and blended */
    }
    HelpScreen #dialog {
        width: 100%;
        height: 1fr;
        border: round $accent;
        border-title-align: center;
        background: $surface;
    }
    HelpScreen.-wide #dialog {
        max-width: 150;
        margin: 1 2;
    }
    HelpScreen #pages {
        height: 1fr;
        padding: 0 1;
    }
    HelpScreen #columns {
        height: auto;
    }
    HelpScreen #columns Static {
        height: auto;
        margin: 0 0 1 0;
    }
    HelpScreen #aside {
        height: auto;
    }
    HelpScreen.-wide #columns {
        layout: horizontal;
    }
    HelpScreen.-wide #rules {
        width: 3fr;
        padding-right: 2;
    }
    HelpScreen.-wide #aside {
        width: 2fr;
    }
    """

    def __init__(self, scenario: Scenario | None = None, *, seat_keys: str = GAME_KEYS, at_legend: bool = False) -> None:
        super().__init__()
        self.scenario = scenario
        self.at_legend = at_legend
        """Open scrolled to the legend of marks."""
        """The scenario being played or chosen, if any."""
        self.keys = KEYS.format(seat_keys=seat_keys)
        """The key reference: the game screen's keys and those of this way of playing."""

    def compose(self) -> ComposeResult:
        # Rich's Markdown in a Static draws the pages in one go; Textual's Markdown widget
        # builds a widget per block and took seconds to open on a loaded machine.
        with Vertical(id="dialog") as dialog:
            dialog.border_title = "Help"
            with VerticalScroll(id="pages"):
                with Vertical(id="columns"):
                    yield Static(RichMarkdown(self.rules_text()), id="rules")
                    with Vertical(id="aside"):
                        yield Static(RichMarkdown(self.keys), id="keys")
                        yield Static(RichMarkdown(LEGEND), id="legend")
                        if self.scenario is not None:
                            yield Static(RichMarkdown(self.scenario_text(self.scenario)), id="scenario")
        yield KeyBar()

    def on_screen_resume(self) -> None:
        """Each time it is shown (a kept help is shown again): at the top, or at the legend."""
        pages = self.query_one("#pages", VerticalScroll)
        pages.focus()
        if self.at_legend:
            self.call_after_refresh(self.action_legend)
        else:
            pages.scroll_home(animate=False)

    def rules_text(self) -> str:
        """The rules summary, as Markdown."""
        scenario = self.scenario
        orders = str(scenario.orders_per_turn) if scenario else "the scenario's number of"
        categories = ", ".join(name.replace("_", " ") for name in CATEGORIES)
        return RULES.format(orders=orders, categories=categories)

    @staticmethod
    def scenario_text(scenario: Scenario) -> str:
        """The scenario's own numbers (orders, scoring, victory) and learning objectives, as Markdown."""
        lines = [f"## {scenario.title}", ""]
        scoring, victory = scenario.scoring, scenario.victory
        score = [f"{scoring.influence} per point of influence", f"{scoring.control} per controlled region"]
        score += [f"{weight} per point of {scenario.track(track).name.lower()}" for track, weight in scoring.tracks]
        lines += [
            f"- {scenario.turns} turns, up to {scenario.orders_per_turn} orders per faction per turn.",
            f"- Control needs at least {scoring.control_min} influence, more than anyone else.",
            f"- Score: {', '.join(score)}, plus objectives met.",
        ]
        if victory.score:
            lines.append(f"- A score of {victory.score} ends the game at once.")
        if victory.collapse_track:
            lines.append(f"- A faction whose {scenario.track(victory.collapse_track).name.lower()} hits its minimum collapses.")
        if scenario.learning_objectives:
            lines += ["", "### Learning objectives", ""]
            lines += [f"- {objective}" for objective in scenario.learning_objectives]
        return "\n".join(lines) + "\n"

    def action_keys(self) -> None:
        """Scroll to the key reference."""
        self.query_one("#keys").scroll_visible(top=True, animate=False)

    def action_legend(self) -> None:
        """Scroll to the legend of marks."""
        self.query_one("#legend").scroll_visible(top=True, animate=False)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
