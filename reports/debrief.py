"""The class debrief across worlds: one page that compares the games a class played of one scenario.

Given each world's name and replayed game, ``ClassDebrief`` writes, as
Markdown or a self-contained HTML page: the standings of every world; where
worlds on the same seed first gave different orders (the same events and
dice, so the teams' choices made the difference), who chose what there and
how far the scores drifted apart, and the facilitator's first action that
one of them had and the other had not (an inject, a rating, an undo); the instruments each world used; and for
each of the scenario's learning objectives what each world shows of it
(``reports.lessons.objective_summaries``). Pure text: no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import engine.valueclass as valueclass
from engine.describe import Describer
from engine.errors import printable_lines
from engine.game import Game
from engine.inputs import Inject, MadeInject, Rating, Submission, Undo
from engine.log import CardPlayed, OrderFizzled, OrderResolved
from engine.model import CATEGORIES
from engine.version import ENGINE_VERSION
from reports.aar import STYLE, md
from reports.lessons import objective_summaries


@valueclass.frozen
class World:
    """One world of the class: its name and its replayed game."""

    name: str
    game: Game


@valueclass.frozen
class Divergence:
    """Where a world first gave other orders than the first world on its seed."""

    world: str
    first: str
    """The first world on the same seed, compared with."""
    turn: int
    """The first turn on which their orders differ; 0 when they never do."""
    choices: tuple[str, ...]
    """On ``turn``, each faction that chose differently: ``S Seaboard Federation: Arms sale → Kepulan here, Disaster relief → Tenrai there``."""
    final: str
    """The final scores side by side."""
    cause: str = ""
    """The facilitator's first action (inject, rating, undo) that one world had and the other had not, up to ``turn``
    (or to the end when their orders never differ): why they may have diverged, in a sentence, or ''."""


def _facilitator_actions(game: Game, describe: Describer) -> list[tuple[int, str]]:
    """The facilitator's injects, ratings and undos, as (turn, what), in order."""
    out = []
    for step, made in zip(game.journal, game.made):
        if isinstance(step, Inject | MadeInject):
            played = next((e for e in made.entries if isinstance(e, CardPlayed)), None)
            name = game.scenario.card(played.card).name if played else "an event"
            out.append((made.turn, f"inject of {name} on turn {made.turn}"))
        elif isinstance(step, Rating) and step.strong is not None:
            out.append(
                (made.turn, f"rating of {describe.name(step.faction)}'s order {step.order} as {'strong' if step.strong else 'weak'} on turn {made.turn}")
            )
        elif isinstance(step, Undo):
            out.append((made.turn, f"undo on turn {made.turn} ({step.reason})"))
    return out


def _choices(game: Game) -> dict[int, dict[str, tuple[tuple[str, str], ...]]]:
    """Each resolved turn's last submission of each faction, as (move, target) pairs."""
    out: dict[int, dict[str, tuple[tuple[str, str], ...]]] = {}
    for turn in sorted(game.digests):
        final: dict[str, tuple[tuple[str, str], ...]] = {}
        for item in game.inputs.get(turn, []):
            if isinstance(item, Submission):
                final[item.faction] = tuple((order.move, order.target) for order in item.orders)
        out[turn] = final
    return out


class ClassDebrief:
    """The debrief of ``worlds`` (games of one scenario), generated at ``generated``, read from ``source``."""

    def __init__(self, worlds: Sequence[World], source: str, generated: str) -> None:
        self.worlds = list(worlds)
        self.source = source
        self.generated = generated
        self.scenario = self.worlds[0].game.scenario
        self.describe = Describer(self.scenario)
        self.factions = tuple(f.id for f in self.scenario.factions)

    def name(self, item: str) -> str:
        """Display name of an id."""
        return self.describe.name(item)

    def standings(self) -> list[tuple[str, int, str, str, tuple[int, ...]]]:
        """Per world: name, seed, turns played, result, every faction's score."""
        rows = []
        for world in self.worlds:
            game = world.game
            scores = dict(game.history[-1].scores)
            turns = max(game.digests, default=0)
            if game.outcome is not None:
                result = f"winner: {self.describe.names(game.outcome.winners) or 'nobody'}"
            else:
                result = "unfinished"
            rows.append((world.name, game.seed, f"{turns} of {self.scenario.turns}", result, tuple(scores[f] for f in self.factions)))
        return rows

    def divergences(self) -> list[Divergence]:
        """Each world compared with the first world on its seed."""
        first_on: dict[int, World] = {}
        out = []
        for world in self.worlds:
            first = first_on.setdefault(world.game.seed, world)
            if first is world:
                continue
            mine, theirs = _choices(world.game), _choices(first.game)
            turn = next((t for t in sorted(set(mine) & set(theirs)) if mine[t] != theirs[t]), 0)
            choices = []
            if turn:
                for faction in self.factions:
                    here, there = mine[turn].get(faction, ()), theirs[turn].get(faction, ())
                    if here != there:
                        choices.append(f"{self.name(faction)}: {self._orders(here)} here, {self._orders(there)} in {first.name}")
            cause = self._cause(world, first, turn or max(max(mine, default=0), max(theirs, default=0)))
            mine_scores, their_scores = dict(world.game.history[-1].scores), dict(first.game.history[-1].scores)
            final = ", ".join(f"{self.scenario.faction(f).letter} {mine_scores[f]} vs {their_scores[f]}" for f in self.factions)
            out.append(Divergence(world.name, first.name, turn, tuple(choices), final, cause))
        return out

    def _cause(self, world: World, first: World, turn: int) -> str:
        mine = [action for action in _facilitator_actions(world.game, self.describe) if action[0] <= turn]
        theirs = [action for action in _facilitator_actions(first.game, self.describe) if action[0] <= turn]
        for index in range(max(len(mine), len(theirs))):
            here = mine[index] if index < len(mine) else None
            there = theirs[index] if index < len(theirs) else None
            if here != there:
                if here is not None and here not in theirs:
                    return f"the facilitator's {here[1]} in {world.name} only"
                if there is not None and there not in mine:
                    return f"the facilitator's {there[1]} in {first.name} only"
        return ""

    def _orders(self, orders: tuple[tuple[str, str], ...]) -> str:
        if not orders:
            return "no orders"
        return "; ".join(f"{self.name(move)}{f' → {self.name(target)}' if target else ''}" for move, target in orders)

    def instruments(self) -> list[tuple[str, dict[str, int]]]:
        """Per world, the orders carried out (or fizzled) in each move category, every faction together."""
        rows = []
        for world in self.worlds:
            counts = dict.fromkeys(CATEGORIES, 0)
            for entry in world.game.log:
                if isinstance(entry, (OrderResolved, OrderFizzled)):
                    counts[self.scenario.move(entry.move).category] += 1
            rows.append((world.name, counts))
        return rows

    def lessons(self) -> list[tuple[str, list[str]]]:
        """Per learning objective, what each world shows of it."""
        per_world = [dict(objective_summaries(world.game)) for world in self.worlds]
        return [(objective, [shown[objective] for shown in per_world]) for objective in self.scenario.learning_objectives]

    def seeds_note(self) -> str:
        """Which worlds share a seed (and so their events and dice)."""
        seeds = {world.game.seed for world in self.worlds}
        if len(seeds) == 1:
            return "Every world played the same seed: the same events and dice, so every difference comes from the teams' choices (and the facilitator's)."
        return f"The worlds played {len(seeds)} seeds: worlds on different seeds faced different events and dice, so only worlds on the same seed are compared order by order."

    # -- Markdown -------------------------------------------------------------------------------

    def markdown(self) -> str:
        """The debrief as Markdown."""
        letters = " · ".join(f.letter for f in self.scenario.factions)
        out = [f"# Class debrief: {md(self.scenario.title)}", ""]
        out += [f"{len(self.worlds)} worlds from `{md(self.source)}` · generated {md(self.generated)} by Détente {ENGINE_VERSION}", ""]
        out += [md(self.seeds_note()), "", "## Standings", "", f"| World | Seed | Turns | Result | Scores ({letters}) |", "|---|---:|---|---|---|"]
        for name, seed, turns, result, scores in self.standings():
            out.append(f"| {md(name)} | {seed} | {turns} | {md(result)} | {' · '.join(map(str, scores))} |")
        out += ["", "## Where the worlds diverged", ""]
        divergences = self.divergences()
        if not divergences:
            out.append("No two worlds played the same seed, so none is compared order by order.")
        for d in divergences:
            out.append(f"- {md(self._divergence_sentence(d))}")
        out += ["", "## Instruments used", "", "Orders carried out (or fizzled) in each category, all teams of a world together.", ""]
        used = [c for c in CATEGORIES if any(counts[c] for _, counts in self.instruments())]
        out += ["| World | " + " | ".join(c.replace("_", " ") for c in used) + " |", "|---|" + "---:|" * len(used)]
        for name, counts in self.instruments():
            out.append(f"| {md(name)} | " + " | ".join(str(counts[c]) for c in used) + " |")
        out += ["", "## The learning objectives, world by world", ""]
        if not self.scenario.learning_objectives:
            out.append("The scenario states no learning objectives.")
        for objective, shown in self.lessons():
            out += [f"**{md(objective)}**", ""]
            out += [f"- {md(world.name)}: {md(text)}" for world, text in zip(self.worlds, shown)]
            out.append("")
        return printable_lines("\n".join(out).rstrip() + "\n")

    def _divergence_sentence(self, d: Divergence) -> str:
        after = f" It came after {d.cause}." if d.cause else ""
        if not d.turn:
            return f"{d.world} gave the same orders as {d.first} on every turn both played.{after} Final scores: {d.final}."
        return f"{d.world} first differs from {d.first} on turn {d.turn}: {' — '.join(d.choices)}.{after} Final scores: {d.final}."

    # -- HTML -----------------------------------------------------------------------------------

    def html(self) -> str:
        """The debrief as one self-contained HTML page."""
        title = f"Class debrief: {self.scenario.title}"
        letters = " · ".join(f.letter for f in self.scenario.factions)
        out = [
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{escape(title)}</title><style>{STYLE}</style></head><body>',
            f"<h1>{escape(title)}</h1>",
            f'<p class="meta">{len(self.worlds)} worlds from {escape(self.source)} · generated {escape(self.generated)} by Détente {ENGINE_VERSION}</p>',
            f"<p>{escape(self.seeds_note())}</p>",
            "<h2>Standings</h2>",
            f"<table><tr><th>World</th><th>Seed</th><th>Turns</th><th>Result</th><th>Scores ({escape(letters)})</th></tr>",
        ]
        for name, seed, turns, result, scores in self.standings():
            out.append(
                f'<tr><td>{escape(name)}</td><td class="n">{seed}</td><td>{turns}</td><td>{escape(result)}</td><td>{" · ".join(map(str, scores))}</td></tr>'
            )
        out += ["</table>", "<h2>Where the worlds diverged</h2>", "<ul>"]
        divergences = self.divergences()
        out += [f"<li>{escape(self._divergence_sentence(d))}</li>" for d in divergences] or ["<li>No two worlds played the same seed.</li>"]
        used = [c for c in CATEGORIES if any(counts[c] for _, counts in self.instruments())]
        out += ["</ul>", "<h2>Instruments used</h2>", "<table><tr><th>World</th>" + "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in used) + "</tr>"]
        for name, counts in self.instruments():
            out.append(f"<tr><td>{escape(name)}</td>" + "".join(f'<td class="n">{counts[c]}</td>' for c in used) + "</tr>")
        out += ["</table>", "<h2>The learning objectives, world by world</h2>", "<table><tr><th>Objective</th>"]
        out[-1] += "".join(f"<th>{escape(world.name)}</th>" for world in self.worlds) + "</tr>"
        for objective, shown in self.lessons():
            out.append(f"<tr><td>{escape(objective)}</td>" + "".join(f"<td>{escape(text)}</td>" for text in shown) + "</tr>")
        out += ["</table>", "</body></html>"]
        return printable_lines("\n".join(out) + "\n")  # escaped HTML may still hold control characters: none is left raw
