"""The debrief's substance, from a replayed game: evidence per learning objective, the facilitator's hand, hot-wash questions.

A scenario's learning objectives are sentences (docs/scenario-format.md);
each is read for what it is about, by its words, and gets the evidence of
that kind from this game (``LENSES``, first match wins; an objective that
matches none gets the instruments each faction used):

- instruments (``instrument``, ``tool``): each faction's orders by category and how they went;
- disasters (``disaster``, ``crisis``, ``goodwill``): each disaster and crisis, and who sent help there that turn or the next;
- events (``disinformation``, ``opposition``, ``budget``, ``respond``): each event that touched a faction and its answer, or none;
- credibility (``credib``, ``arms``, ``naval``, ``short-term``): each faction's arms sales and exercises against its credibility curve;
- receptivity (``receptiv``, ``welcom``, ``resent``): orders aimed where the move was welcome or resented, and how they went;
- slow payoffs (``slow``, ``pay off``, ``ahead``, ``delayed``, ``training``): delayed effects, when ordered and when they matured.

``facilitators_hand`` lists what the facilitator did (ratings, undos with
their reasons, injects, directives: seating, sidelining, the timer, notes);
``hot_wash`` asks questions for the debrief from the game's own moments.
Pure data and text: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine.describe import Describer
from engine.game import Game
from engine.inputs import Directive, Inject, MadeInject, Note, Rating, Submission, Undo
from engine.log import CardPlayed, Cause, Change, Countered, OrderFizzled, OrderResolved, Rolled
from engine.model import TargetKind
from reports.review import TurningPoint

Lens = Callable[[Game, Describer], list[str]]
MAX_LINES = 8
"""Evidence lines per objective; more are summed up in one last line."""


def _capped(lines: list[str]) -> list[str]:
    if len(lines) <= MAX_LINES:
        return lines
    return [*lines[: MAX_LINES - 1], f"… and {len(lines) - MAX_LINES + 1} more"]


def _orders(game: Game) -> list[tuple[int, str, int, str, str]]:
    """Every order carried out or fizzled: (turn, faction, order, move, target), in log order."""
    return [(e.turn, e.faction, e.order, e.move, e.target) for e in game.log if isinstance(e, (OrderResolved, OrderFizzled))]


def _results(game: Game) -> dict[tuple[int, str, int], str]:
    out: dict[tuple[int, str, int], str] = {}
    for e in game.log:
        if isinstance(e, Rolled):
            out[(e.turn, e.faction, e.order)] = "succeeded" if e.success else "failed"
        elif isinstance(e, OrderFizzled):
            out[(e.turn, e.faction, e.order)] = "fizzled"
    return out


def _instruments(game: Game, describe: Describer) -> list[str]:
    lines = []
    results = _results(game)
    for faction in game.factions:
        used: dict[str, list[str]] = {}
        for turn, who, order, move, _ in _orders(game):
            if who == faction:
                category = game.scenario.move(move).category.replace("_", " ")
                used.setdefault(category, []).append(results.get((turn, who, order), "carried out"))
        if not used:
            lines.append(f"{describe.name(faction)} gave no orders.")
            continue
        parts = []
        for category, how in used.items():
            counts = ", ".join(f"{how.count(word)} {word}" for word in ("succeeded", "failed", "fizzled", "carried out") if how.count(word))
            parts.append(f"{category} ×{len(how)} ({counts})")
        lines.append(f"{describe.name(faction)}: {'; '.join(parts)}.")
    return lines


def _slow_payoffs(game: Game, describe: Describer) -> list[str]:
    lines = []
    for e in game.log:
        if isinstance(e, Change) and e.cause is Cause.MATURED and e.delta:
            where = f" in {describe.name(e.region)}" if e.region else ""
            by = f" by {describe.name(e.faction)}" if e.faction else ""
            lines.append(f"Turn {e.turn}: {describe.name(e.source)}{by} paid off: {e.track.replace('_', ' ')} {e.delta:+d}{where}.")
    delayed = [(turn, faction, move, target) for turn, faction, _, move, target in _orders(game) if game.scenario.move(move).delayed]
    if not lines and not delayed:
        return ["No faction ordered a move that pays off later."]
    if not lines:
        lines.append("None of the slow moves ordered had paid off by the end.")
    ordered = ", ".join(f"{describe.name(f)} turn {t}" for t, f, _, _ in delayed[:6])
    return [*lines, f"Slow moves ordered: {len(delayed)} ({ordered}{', …' if len(delayed) > 6 else ''})."] if delayed else lines


def _receptivity(game: Game, describe: Describer) -> list[str]:
    results = _results(game)
    lines = []
    for turn, faction, order, move, target in _orders(game):
        definition = game.scenario.move(move)
        if definition.target is not TargetKind.REGION or not target:
            continue
        region = next(r for r in game.scenario.regions if r.id == target)
        value = region.receptivity_for(definition.category)
        if value:
            feeling = "welcome" if value > 0 else "resented"
            how = results.get((turn, faction, order), "carried out")
            lines.append(f"Turn {turn}: {describe.name(faction)}'s {describe.name(move)} in {describe.name(target)} ({feeling}, {value:+d}): {how}.")
    return lines or ["No order went where its kind of move was especially welcome or resented."]


def _credibility(game: Game, describe: Describer) -> list[str]:
    track = next((t.id for t in game.scenario.tracks if t.id == "credibility"), None)
    lines = []
    for faction in game.factions:
        risky = [(turn, move) for turn, who, _, move, _ in _orders(game) if who == faction and game.scenario.move(move).category in ("arms_sale", "exercise")]
        curve = ""
        if track:
            values = [dict(dict(snapshot.tracks)[faction])[track] for snapshot in game.history]
            curve = f"; credibility {' → '.join(map(str, values))}"
        sold = ", ".join(f"turn {turn} {describe.name(move)}" for turn, move in risky[:5]) or "no arms sales or exercises"
        lines.append(f"{describe.name(faction)}: {sold}{curve}.")
    return lines


def _events(game: Game, describe: Describer, categories: tuple[str, ...] = ("disinformation", "domestic_opposition", "budget_cut")) -> list[str]:
    answers = {(e.card, e.target): e for e in game.log if isinstance(e, Countered)}
    lines = []
    for e in game.log:
        if not isinstance(e, CardPlayed):
            continue
        card = game.scenario.card(e.card)
        if card.category not in categories:
            continue
        for target in e.targets or ("",):
            answer = answers.get((e.card, target))
            if answer is not None:
                done = "cancelled it" if answer.success else "softened it"
                said = f"answered by {describe.name(answer.faction)}'s {describe.name(answer.move)} on turn {answer.turn}, which {done}"
            elif card.countered_by:
                said = "not answered"
            else:
                said = "no move answers it"
            where = f" → {describe.name(target)}" if target else ""
            lines.append(f"Turn {e.turn}: {card.name}{where} ({card.category.replace('_', ' ')}, {e.how}): {said}.")
    return lines or ["No such event came up in this game."]


def _disasters(game: Game, describe: Describer) -> list[str]:
    """Each disaster and crisis, and the humanitarian and peacekeeping orders aimed at where it struck, that turn or the next."""
    helping = ("humanitarian", "peacekeeping")
    results = _results(game)
    lines = []
    for e in game.log:
        if not isinstance(e, CardPlayed) or game.scenario.card(e.card).category not in ("disaster", "crisis"):
            continue
        card = game.scenario.card(e.card)
        for target in e.targets or ("",):
            helpers = [
                f"{describe.name(faction)}'s {describe.name(move)} (turn {turn}, {results.get((turn, faction, order), 'carried out')})"
                for turn, faction, order, move, aimed in _orders(game)
                if aimed == target and e.turn <= turn <= e.turn + 1 and game.scenario.move(move).category in helping
            ]
            where = f" → {describe.name(target)}" if target else ""
            said = "helped by " + ", ".join(helpers) if helpers else "nobody came to help"
            lines.append(f"Turn {e.turn}: {card.name}{where} ({card.category}): {said}.")
    return lines or ["No disaster or crisis came up in this game."]


def _instruments_in_short(game: Game) -> str:
    used = {game.scenario.move(move).category for _, _, _, move, _ in _orders(game)}
    return f"{len(used)} of {len({m.category for m in game.scenario.moves})} instrument kinds used"


def _slow_in_short(game: Game) -> str:
    paid = sum(1 for e in game.log if isinstance(e, Change) and e.cause is Cause.MATURED and e.delta and e.faction)
    slow = sum(1 for _, _, _, move, _ in _orders(game) if game.scenario.move(move).delayed)
    return f"{slow} slow moves ordered, {paid} payoffs"


def _receptivity_in_short(game: Game) -> str:
    results = _results(game)
    tally = {True: [0, 0], False: [0, 0]}
    for turn, faction, order, move, target in _orders(game):
        definition = game.scenario.move(move)
        if definition.target is TargetKind.REGION and target:
            value = next(r for r in game.scenario.regions if r.id == target).receptivity_for(definition.category)
            if value:
                tally[value > 0][0] += results.get((turn, faction, order)) == "succeeded"
                tally[value > 0][1] += 1
    return f"welcome {tally[True][0]}/{tally[True][1]} succeeded, resented {tally[False][0]}/{tally[False][1]}"


def _credibility_in_short(game: Game) -> str:
    if not any(t.id == "credibility" for t in game.scenario.tracks):
        return "no credibility track"
    lost = 0
    for e in game.log:
        if isinstance(e, Change) and e.track == "credibility" and e.delta < 0 and e.cause is Cause.ORDER:
            lost += game.scenario.move(e.source).category in ("arms_sale", "exercise") if e.source in {m.id for m in game.scenario.moves} else 0
    return f"{lost} credibility losses from arms sales or exercises"


def _answered(game: Game, categories: tuple[str, ...]) -> tuple[int, int]:
    answered = {(e.card, e.target) for e in game.log if isinstance(e, Countered)}
    events = [(e.card, t) for e in game.log if isinstance(e, CardPlayed) and game.scenario.card(e.card).category in categories for t in e.targets or ("",)]
    return sum(1 for event in events if event in answered), len(events)


def _events_in_short(game: Game) -> str:
    done, total = _answered(game, ("disinformation", "domestic_opposition", "budget_cut"))
    return f"{done} of {total} events answered"


def _disasters_in_short(game: Game) -> str:
    lines = _disasters(game, Describer(game.scenario))
    helped = sum(1 for line in lines if "helped by" in line)
    total = sum(1 for line in lines if line.startswith("Turn "))
    return f"help came to {helped} of {total} disasters and crises"


LENSES: tuple[tuple[tuple[str, ...], Lens, Callable[[Game], str]], ...] = (
    (("instrument", "tool"), _instruments, _instruments_in_short),
    (("disaster", "crisis", "goodwill"), _disasters, _disasters_in_short),
    (("disinformation", "opposition", "budget cut", "respond"), _events, _events_in_short),
    (("credib", "arms", "naval", "short-term"), _credibility, _credibility_in_short),
    (("receptiv", "welcom", "resent"), _receptivity, _receptivity_in_short),
    (("slow", "pay off", "ahead", "delayed", "training"), _slow_payoffs, _slow_in_short),
)
"""Words of an objective, the evidence they call for and its one-line summary (for the class debrief), in the order they are tried."""


def _lens(objective: str) -> tuple[Lens, Callable[[Game], str]]:
    text = objective.lower()
    return next(((lens, short) for words, lens, short in LENSES if any(word in text for word in words)), (_instruments, _instruments_in_short))


def objective_summaries(game: Game) -> list[tuple[str, str]]:
    """Each learning objective with what this game shows of it, in a few words (``3 of 6 events answered``)."""
    return [(objective, _lens(objective)[1](game)) for objective in game.scenario.learning_objectives]


def objective_evidence(game: Game, describe: Describer) -> list[tuple[str, list[str]]]:
    """Each of the scenario's learning objectives with the evidence of this game."""
    return [(objective, _capped(_lens(objective)[0](game, describe))) for objective in game.scenario.learning_objectives]


def facilitators_hand(game: Game, describe: Describer) -> list[str]:
    """What the facilitator did, in the order it was done: ratings, undos with reasons, injects, directives, notes."""
    lines = []
    for step, made in zip(game.journal, game.made):
        turn = made.turn
        if isinstance(step, Rating):
            rating = {True: "strong", False: "weak", None: "no longer rated"}[step.strong]
            lines.append(f"Turn {turn}: rated {describe.name(step.faction)}'s order {step.order} {rating}.")
        elif isinstance(step, Undo):
            lines.append(f"Turn {turn}: undid the resolution of turn {turn}, because: {step.reason}")
        elif isinstance(step, Inject | MadeInject):
            played = next((e for e in made.entries if isinstance(e, CardPlayed)), None)
            where = ", ".join(describe.name(t) for t in played.targets) if played and played.targets else "no target"
            made_here = " (an event made in play)" if isinstance(step, MadeInject) else ""
            lines.append(f"Turn {turn}: injected {game.scenario.card(played.card).name if played else '?'}{made_here} → {where}.")
        elif isinstance(step, Directive):
            about = f" ({describe.name(step.faction)})" if step.faction else ""
            lines.append(f"Turn {turn}: {step.kind}{about}: {step.text}")
        elif isinstance(step, Note) and step.author == "facilitator":
            lines.append(f"Turn {turn}: note: {step.text}")
    return lines


def hot_wash(game: Game, describe: Describer, points: Sequence[TurningPoint], evidence: list[tuple[str, list[str]]]) -> list[str]:
    """Questions for the debrief, from this game's turning points, unanswered events, ratings and objectives."""
    questions = []
    outcome = game.outcome
    if outcome is not None and outcome.winners:
        questions.append(f"Which decision won the game for {describe.names(outcome.winners)}, and when could the others have stopped it?")
    for point in points[:2]:
        direction = "rose" if point.delta > 0 else "fell"
        questions.append(
            f"{describe.name(point.faction)}'s score {direction} by {abs(point.delta)} on turn {point.turn}: what caused it, and could the others have seen it coming?"
        )
    missed = next((line for _, lines in evidence for line in lines if line.endswith("not answered.")), None)
    if missed:
        questions.append(f"{missed[:-1]}: who could have answered it, and what would it have cost them?")
    strong = [step for step in game.journal if isinstance(step, Rating) and step.strong]
    if strong:
        questions.append("Read out an argument the facilitator rated strong: what made it convincing?")
    submitted = [step for step in game.journal if isinstance(step, Submission) and step.orders]
    if submitted:
        questions.append("Which order would your team change if you played again, and why?")
    for objective, _ in evidence[:3]:
        questions.append(f"Where did this game show it? {objective}")
    return questions
