"""An after-action review of a replayed, verified game, as Markdown or HTML to project in class.

The review tells the result, shows charts of the score and every track over
the turns (inline SVG in HTML, one chart a row so that its text is at least
its 14 px on a 1280 px wide page; text charts with the exact numbers in
Markdown), the turning points (the largest score swings and the changes
behind them), the evidence of this game for each of the scenario's learning
objectives, each team's plan against what it did and its reflection, the
facilitator's hand and hot-wash questions (reports/lessons.py),
each faction's choices by instrument, and the whole timeline
(reports/timeline.py). Its only timestamp is the ``generated`` text it is
given. Pure text: no I/O, no Textual.
"""

from __future__ import annotations

from html import escape
from typing import Any

from engine.describe import Describer
from engine.errors import printable, printable_lines
from engine.game import Game
from engine.log import CardPlayed, Scored
from engine.record import Replay
from engine.version import ENGINE_VERSION
from reports.charts import OKABE_ITO, Line, svg_line_chart, text_line_chart
from reports.faction_view import revelations, seen_lines, views_by_turn
from reports.lessons import facilitators_hand, hot_wash, objective_evidence
from reports.review import Series, TurningPoint, Use, instrument_use, series, turning_points
from reports.timeline import timeline_json


class Review:
    """Everything the review says about one replayed record, in both formats."""

    def __init__(self, result: Replay, generated: str, views: tuple[str, ...] = ()) -> None:
        self.result = result
        self.views = views
        """Factions whose view of each turn the review shows (``detente aar --view``): a fogged game's (rule 16)."""
        self.game: Game = result.game
        self.scenario = self.game.scenario
        self.describe = Describer(self.scenario)
        self.generated = generated
        self.timeline = timeline_json(result)
        self.series = series(self.game)
        self.points = turning_points(self.game)
        self.use = instrument_use(self.game)
        self.evidence = objective_evidence(self.game, self.describe)
        self.hand = facilitators_hand(self.game, self.describe)
        self.questions = hot_wash(self.game, self.describe, self.points, self.evidence)
        self.colours = {f.id: OKABE_ITO[i % len(OKABE_ITO)] for i, f in enumerate(self.scenario.factions)}
        self.letters = {f.id: f.letter for f in self.scenario.factions}
        record = result.record.scenario
        self.fog = revelations(record, self.game) if record.fog is not None else {}
        self.seen = {faction: views_by_turn(record, self.game, faction) for faction in views}

    # -- shared sentences ----------------------------------------------------------------------------

    def name(self, item: str) -> str:
        """Display name of an id."""
        return self.describe.name(item)

    def meta(self) -> list[str]:
        """Lines about the record itself."""
        header = self.result.record.header
        teams = dict(header.teams)
        seats = ", ".join(f"{self.name(f)} ({who}{', team ' + teams[f] if f in teams else ''})" for f, who in header.seats)
        turns = len(self.game.digests)
        return [
            f"Seed {header.seed} · recorded {header.created} with engine {header.engine} · file {self.result.record.file}",
            f"Seats: {seats}",
            f"Verified: every card, roll and position of turns 1–{turns} was recomputed and matches the record.",
            f"Review generated {self.generated} by Détente {ENGINE_VERSION}.",
        ]

    def ending(self) -> str:
        """How the game ended, in one sentence."""
        outcome = self.game.outcome
        if outcome is None:
            return f"The record stops after turn {max(self.game.digests)} of {self.scenario.turns}: the game is unfinished. Standings so far:"
        how = outcome.termination.description
        winners = self.describe.names(outcome.winners) or "nobody"
        word = "Winner" if len(outcome.winners) <= 1 else "Shared win"
        collapsed = f" Collapsed: {self.describe.names(outcome.losers)}." if outcome.losers else ""
        return f"Game over on turn {outcome.turn}: {how}. {word}: {winners}.{collapsed}"

    def standings(self) -> list[tuple[str, str, int, str, str]]:
        """(rank, faction, score, objectives met, result) best first; collapsed factions last."""
        outcome = self.game.outcome
        last = self.game.history[-1]
        scores = dict(last.scores)
        losers = outcome.losers if outcome else ()
        winners = outcome.winners if outcome else ()
        met = self._objectives_met()
        rows = []
        for faction in sorted(self.game.factions, key=lambda f: (f in losers, -scores[f], self.game.factions.index(f))):
            better = sum(1 for other in self.game.factions if (other in losers, -scores[other]) < (faction in losers, -scores[faction]))
            result = "winner" if faction in winners else "collapsed" if faction in losers else ""
            objectives = self.scenario.faction(faction).objectives
            done = [o.text.rstrip(".") for o in objectives if o.id in met.get(faction, ())]
            listed = f"{len(done)} of {len(objectives)}" + (f": {'; '.join(done)}" if done else "")
            rows.append((str(better + 1), faction, scores[faction], listed if objectives else "none set", result))
        return rows

    def written(self) -> list[tuple[str, str, str, str]]:
        """(faction, plan, what it did, reflection) for each faction that handed in a plan or a reflection, in
        scenario order; what it did: the instruments it used and where it finished."""
        rows = []
        ranks = {faction: (rank, score, objectives, result) for rank, faction, score, objectives, result in self.standings()}
        for faction in self.game.factions:
            plan, reflection = self.game.written(faction)
            if not plan and not reflection:
                continue
            used = [f"{category.replace('_', ' ')} ×{use.ordered}" for category, use in self.use[faction].items() if use.ordered]
            rank, score, objectives, result = ranks[faction]
            finish = "finished" if self.game.is_over else "stands"
            did = f"Used {', '.join(used) or 'no instrument'}; {finish} {rank} of {len(ranks)} with {score} points, objectives met {objectives}"
            rows.append((faction, plan, did + (f" ({result})." if result else "."), reflection))
        return rows

    def _objectives_met(self) -> dict[str, tuple[str, ...]]:
        last = max(self.game.digests)
        return {e.faction: e.objectives for e in self.game.turn_log(last) if isinstance(e, Scored)}

    def lines(self, measure: Series) -> list[Line]:
        """Chart lines of one measure, one per faction."""
        return [Line(self.letters[f], self.name(f), self.colours[f], values) for f, values in measure.values]

    def point_title(self, point: TurningPoint) -> str:
        """``Turn 4 · H Heartland Republic 35 → 44 (+9)``."""
        return f"Turn {point.turn} · {self.name(point.faction)} {point.before} → {point.after} ({signed(point.delta)})"

    def point_reasons(self, point: TurningPoint) -> list[str]:
        """The phrases behind a turning point."""
        if not point.reasons:
            return ["a change in the scored numbers not tied to one cause"]
        return [f"{signed(amount)}: {text}" for amount, text in point.reasons]

    def use_cell(self, use: Use) -> str:
        """``3 (2 ✓ 1 ✗)``, or ``–`` when unused."""
        if not use.ordered:
            return "–"
        parts = [f"{use.succeeded} ✓"] if use.succeeded else []
        if use.failed:
            parts.append(f"{use.failed} ✗")
        if use.fizzled:
            parts.append(f"{use.fizzled} fizzled")
        return f"{use.ordered} ({' '.join(parts)})" if parts else str(use.ordered)

    def card_line(self, card: dict[str, Any]) -> str:
        """An event of the timeline, in words."""
        return self.describe.entry(CardPlayed(0, card["card"], tuple(card["targets"]), card["how"]))

    def order_line(self, order: dict[str, Any]) -> tuple[str, list[str], str]:
        """An order of the timeline: what, how it went, the justification."""
        target = f" → {self.name(order['target'])}" if order["target"] else ""
        what = f"{self.name(order['move'])}{target}"
        how = []
        if order["fizzled"]:
            how.append(f"fizzled: {order['fizzled']}")
        if order["roll"]:
            roll = order["roll"]
            how.append(f"roll {roll['die']}, total {roll['total']} vs {roll['difficulty']}: {'success' if roll['success'] else 'failure'}")
        for card in order["countered"]:
            how.append(f"answers {self.name(card)}")
        return what, how, order["why"]

    def score_line(self, turn: dict[str, Any]) -> str:
        """``S 30 (+2) · H 28 (−1)`` for one turn of the timeline."""
        previous = dict(self.game.history[turn["turn"] - 1].scores)
        return " · ".join(f"{self.letters[f]} {s} ({signed(s - previous[f])})" for f, s in turn["scores"].items())

    def categories(self) -> list[str]:
        """Move categories any faction used, in priority order."""
        first = next(iter(self.use.values()), {})
        return list(first)

    # -- Markdown ------------------------------------------------------------------------------------

    def markdown(self) -> str:
        """The review as Markdown, with text charts; no control or bidirectional formatting character in it is raw."""
        out = [f"# After-action review: {md(self.scenario.title)}", ""]
        file = self.result.record.file
        out += [md(line).replace(md(file), f"`{printable(file)}`") + "  " if "`" not in file else md(line) + "  " for line in self.meta()]
        out += ["", "## Result", "", md(self.ending()), ""]
        out += ["| Rank | Faction | Score | Objectives met | |", "|---:|---|---:|---|---|"]
        for rank, faction, score, objectives, result in self.standings():
            out.append(f"| {rank} | {md(self.name(faction))} | {score} | {md(objectives)} | {result} |")
        out += ["", "## Over the turns", ""]
        out.append(
            "Each chart plots every faction's letter at its value after each turn (turn 0 is the start; `*` is two factions "
            "on the same spot); the table under it has the exact numbers."
        )
        for measure in self.series:
            out += ["", f"### {md(measure.name)}", "", "```text", *text_line_chart(self.lines(measure)), "```", ""]
            turns = len(measure.values[0][1])
            out.append("| Faction | " + " | ".join(str(t) for t in range(turns)) + " |")
            out.append("|---|" + "---:|" * turns)
            for faction, values in measure.values:
                out.append(f"| {md(self.name(faction))} | " + " | ".join(map(str, values)) + " |")
        out += ["", "## Turning points", ""]
        if not self.points:
            out.append("No score moved during the game.")
        out.append("The largest score swings of the game, in turn order, with the changes behind them.")
        for point in self.points:
            out += ["", f"**{md(self.point_title(point))}**", ""]
            out += [f"- {md(reason)}" for reason in self.point_reasons(point)]
        if self.evidence:
            out += ["", "## The learning objectives: evidence from this game"]
            for objective, lines in self.evidence:
                out += ["", f"**{md(objective)}**", ""]
                out += [f"- {md(line)}" for line in lines]
        written = self.written()
        if written:
            out += ["", "## Plans and reflections", "", "Each team's plan, written before turn 1, against what it did; then its reflection."]
            for faction, plan, did, reflection in written:
                out += ["", f"**{md(self.name(faction))}**", ""]
                out += [f"- Plan: {_quoted(plan)}", f"- {md(did)}", f"- Reflection: {_quoted(reflection)}"]
        out += ["", "## The facilitator's hand", ""]
        out += [f"- {md(line)}" for line in self.hand] or ["The facilitator rated no argument, undid no turn, injected no event and gave no directive."]
        out += ["", "## Hot-wash questions", ""]
        out += [f"{number}. {md(question)}" for number, question in enumerate(self.questions, start=1)]
        out += ["", "## Choices by instrument", ""]
        out.append("Orders given in each move category: how many, then how many succeeded (✓), failed their roll (✗) or fizzled.")
        out.append("")
        factions = list(self.use)
        out.append("| Instrument | " + " | ".join(md(self.name(f)) for f in factions) + " |")
        out.append("|---|" + "---:|" * len(factions))
        for category in self.categories():
            out.append(f"| {category.replace('_', ' ')} | " + " | ".join(self.use_cell(self.use[f][category]) for f in factions) + " |")
        out.append("| **budget spent** | " + " | ".join(str(sum(u.spent for u in self.use[f].values())) for f in factions) + " |")
        out += self.fog_markdown()
        out += ["", "## Timeline"]
        for turn in self.timeline["turns"]:
            out += ["", f"### Turn {turn['turn']}", ""]
            out += [f"- {md(self.card_line(card))}" for card in turn["cards"]]
            out += [f"- Note from {md(self.name(n['author']))}: {md(n['text'])}" for n in turn["notes"]]
            out += [f"- Private, {md(self.name(m['sender']))} to {md(self.name(m['to']))}: {md(m['text'])}" for m in turn.get("messages", ())]
            for faction, orders in turn["orders"].items():
                if not orders:
                    out.append(f"- **{md(self.name(faction))}** passes")
                    continue
                out.append(f"- **{md(self.name(faction))}**")
                for index, order in enumerate(orders, start=1):
                    what, how, why = self.order_line(order)
                    said = f" — “{md(why)}”" if why else ""
                    detail = f" ({md('; '.join(how))})" if how else ""
                    out.append(f"  {index}. {md(what)}{detail}{said}")
            out.append(f"- Scores: {md(self.score_line(turn))}")
        return printable_lines("\n".join(out) + "\n")  # every text went through md(); this catches what did not

    # -- fog of war -----------------------------------------------------------------------------------

    def fog_lines(self) -> list[str]:
        """In a fogged game (rule 16): per turn, what each faction had had revealed as the turn began."""
        lines = []
        for turn, revealed in self.fog.items():
            known = "; ".join(f"{self.name(f)}: {self.describe.names(regions) or 'nothing'}" for f, regions in revealed.items())
            lines.append(f"Turn {turn}: {known}")
        return lines

    def seen_views(self) -> list[tuple[str, int, list[str]]]:
        """(faction, turn, the view's text lines) for each faction asked for and each turn."""
        return [(faction, turn, seen_lines(view, faction, self.describe)) for faction, views in self.seen.items() for turn, view in views.items()]

    def fog_markdown(self) -> list[str]:
        if not self.fog and not self.seen:
            return []
        out = ["", "## Fog of war: what each side knew", ""]
        if self.fog:
            out += ["Partners revealed to each faction as each turn began (the rest it could not read):", ""]
            out += [f"- {md(line)}" for line in self.fog_lines()]
        for faction, turn, lines in self.seen_views():
            out += ["", f"### {md(self.name(faction))}'s view, turn {turn}", "", "```text", *(printable(line) for line in lines), "```"]
        return out

    def fog_html(self) -> list[str]:
        if not self.fog and not self.seen:
            return []
        out = ["<h2>Fog of war: what each side knew</h2>"]
        if self.fog:
            out += ["<p>Partners revealed to each faction as each turn began (the rest it could not read):</p>", "<ul>"]
            out += [f"<li>{escape(line)}</li>" for line in self.fog_lines()]
            out.append("</ul>")
        for faction, turn, lines in self.seen_views():
            out.append(f"<details><summary>{self.badge(faction)}'s view, turn {turn}</summary><pre>{escape(chr(10).join(lines))}</pre></details>")
        return out

    # -- HTML ----------------------------------------------------------------------------------------

    def badge(self, faction: str) -> str:
        """A faction's letter on its colour, then its name."""
        f = self.scenario.faction(faction)
        return f'<span class="badge" style="background:{self.colours[faction]}">{escape(f.letter)}</span> {escape(f.name)}'

    def html(self) -> str:
        """The review as one self-contained HTML page with inline SVG charts; no control or bidirectional
        formatting character in it is raw (line feeds aside)."""
        title = f"After-action review: {self.scenario.title}"
        out = [
            "<!DOCTYPE html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            f"<h1>{escape(title)}</h1>",
            '<p class="meta">',
        ]
        out.append("<br>\n".join(escape(line) for line in self.meta()))
        out.append("</p>")
        out += [
            "<h2>Result</h2>",
            f'<p class="ending">{escape(self.ending())}</p>',
            "<table>",
            "<tr><th>Rank</th><th>Faction</th><th>Score</th><th>Objectives met</th><th></th></tr>",
        ]
        for rank, faction, score, objectives, result in self.standings():
            out.append(
                f'<tr><td class="n">{rank}</td><td class="who">{self.badge(faction)}</td><td class="n">{score}</td>'
                f"<td>{escape(objectives)}</td><td>{escape(result)}</td></tr>"
            )
        out += [
            "</table>",
            "<h2>Over the turns</h2>",
            "<p>Turn 0 is the start. Lines differ by colour, dash and letter; dashed rules on the score chart mark turning points. "
            "Hover a point for its value.</p>",
            '<div class="charts">',
        ]
        marks = sorted({p.turn for p in self.points})
        for measure in self.series:
            out.append(svg_line_chart(measure.name, self.lines(measure), marks if measure.id == "score" else ()))
        out += ["</div>", "<h2>Turning points</h2>"]
        if not self.points:
            out.append("<p>No score moved during the game.</p>")
        for point in self.points:
            out.append(
                f'<div class="point"><h3>Turn {point.turn} · {self.badge(point.faction)} {point.before} → {point.after} '
                f'<span class="delta">({signed(point.delta)})</span></h3><ul>'
            )
            out += [f"<li>{escape(reason)}</li>" for reason in self.point_reasons(point)]
            out.append("</ul></div>")
        if self.evidence:
            out.append("<h2>The learning objectives: evidence from this game</h2>")
            for objective, lines in self.evidence:
                out.append(f'<div class="objective"><h3>{escape(objective)}</h3><ul>')
                out += [f"<li>{escape(line)}</li>" for line in lines]
                out.append("</ul></div>")
        written = self.written()
        if written:
            out += ["<h2>Plans and reflections</h2>", "<p>Each team's plan, written before turn 1, against what it did; then its reflection.</p>"]
            for faction, plan, did, reflection in written:
                out.append(f'<div class="objective"><h3>{self.badge(faction)}</h3><ul>')
                out.append(f"<li><strong>Plan:</strong> {_paragraphs(plan)}</li><li>{escape(did)}</li>")
                out.append(f"<li><strong>Reflection:</strong> {_paragraphs(reflection)}</li></ul></div>")
        out.append("<h2>The facilitator's hand</h2>")
        if self.hand:
            out += ['<ul class="hand">', *(f"<li>{escape(line)}</li>" for line in self.hand), "</ul>"]
        else:
            out.append("<p>The facilitator rated no argument, undid no turn, injected no event and gave no directive.</p>")
        out += ["<h2>Hot-wash questions</h2>", '<ol class="questions">', *(f"<li>{escape(q)}</li>" for q in self.questions), "</ol>"]
        factions = list(self.use)
        out += [
            "<h2>Choices by instrument</h2>",
            "<p>Orders given in each move category: how many, then how many succeeded (✓), failed their roll (✗) or fizzled.</p>",
            "<table>",
            "<tr><th>Instrument</th>" + "".join(f'<th class="who">{self.badge(f)}</th>' for f in factions) + "</tr>",
        ]
        for category in self.categories():
            cells = "".join(f'<td class="n">{escape(self.use_cell(self.use[f][category]))}</td>' for f in factions)
            out.append(f"<tr><td>{escape(category.replace('_', ' '))}</td>{cells}</tr>")
        spent = "".join(f'<td class="n">{sum(u.spent for u in self.use[f].values())}</td>' for f in factions)
        out.append(f"<tr><th>budget spent</th>{spent}</tr>")
        out += ["</table>", *self.fog_html(), "<h2>Timeline</h2>"]
        for turn in self.timeline["turns"]:
            out.append(f'<details open><summary>Turn {turn["turn"]} · {escape(self.score_line(turn))}</summary><ul class="turn">')
            out += [f'<li class="event">{escape(self.card_line(card))}</li>' for card in turn["cards"]]
            out += [f'<li class="note">Note from {escape(self.name(n["author"]))}: {escape(n["text"])}</li>' for n in turn["notes"]]
            out += [
                f'<li class="note">Private, {escape(self.name(m["sender"]))} to {escape(self.name(m["to"]))}: {escape(m["text"])}</li>'
                for m in turn.get("messages", ())
            ]
            for faction, orders in turn["orders"].items():
                if not orders:
                    out.append(f"<li>{self.badge(faction)} passes</li>")
                    continue
                out.append(f"<li>{self.badge(faction)}<ol>")
                for order in orders:
                    what, how, why = self.order_line(order)
                    detail = f' <span class="how">({escape("; ".join(how))})</span>' if how else ""
                    said = f" <q>{escape(why)}</q>" if why else ""
                    out.append(f"<li>{escape(what)}{detail}{said}</li>")
                out.append("</ol></li>")
            out.append("</ul></details>")
        out += ["</body>", "</html>"]
        return printable_lines("\n".join(out) + "\n")  # escaped HTML may still hold control characters: none is left raw


def signed(number: int) -> str:
    """``+2``, ``−1`` (a true minus sign) or ``±0``."""
    return f"+{number}" if number > 0 else f"−{-number}" if number < 0 else "±0"


def _quoted(text: str) -> str:
    """A team's plan or reflection on one Markdown line, quoted; ``(none handed in)`` for none."""
    return f"“{md(text)}”" if text else "(none handed in)"


def _paragraphs(text: str) -> str:
    """A team's plan or reflection as escaped HTML, its line breaks kept; ``(none handed in)`` for none."""
    return "<br>".join(escape(line) for line in text.split("\n")) if text else "<em>(none handed in)</em>"


def md(text: str) -> str:
    """Player or scenario text made inert in Markdown: no markup, no HTML, no table breaks, and nothing
    raw for a terminal that shows the file (line breaks and tabs become spaces, other control and
    bidirectional formatting characters escapes: ``engine.errors.printable``)."""
    text = printable(str(text).replace("\r", " "), flatten=True)
    for char in "\\`*_[]|#":
        text = text.replace(char, "\\" + char)
    return text.replace("<", "&lt;").replace(">", "&gt;")


STYLE = """
body { font: 18px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.9em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.2em; margin-top: 1.6em; }
h3 { font-size: 1.05em; margin: 0.6em 0 0.2em; }
.meta { color: #555; font-size: 0.85em; }
.ending { font-size: 1.2em; font-weight: 600; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.who { white-space: nowrap; }
.badge { display: inline-block; min-width: 1.3em; text-align: center; color: #fff; font-weight: 700; border-radius: 0.25em; text-shadow: 0 0 2px #000; }
.charts { display: grid; grid-template-columns: 1fr; gap: 1em; }
svg.chart { width: 100%; min-width: 720px; height: auto; background: #fafafa; border: 1px solid #e4e4e4; border-radius: 6px; }
svg .grid { stroke: #ddd; stroke-width: 1; }
svg .mark { stroke: #888; stroke-width: 1.5; stroke-dasharray: 4 4; }
svg .tick { font-size: 14px; fill: #555; }
svg .chart-title { font-size: 18px; font-weight: 700; fill: #222; }
svg .end-label { font-size: 15px; font-weight: 700; }
.point, .objective { margin-bottom: 0.6em; }
ol.questions li { margin: 0.3em 0; font-size: 1.1em; }
.delta { color: #555; }
details { margin: 0.3em 0; }
summary { font-weight: 700; cursor: pointer; }
ul.turn { margin-top: 0.2em; }
li.event { color: #7a4b00; }
li.note { font-style: italic; }
.how { color: #555; font-size: 0.9em; }
q { color: #333; font-style: italic; }
@media print { details { break-inside: avoid; } .charts { display: block; } svg.chart { max-width: 100%; } }
"""
