"""The console's dialogs for time and rules: add or take off minutes, and change the phases and the resolve rule.

Coroutines for a console screen's workers (they wait for the dialogs with
``push_screen_wait``); each returns what to hand the desk, or None when the
facilitator cancelled. Nothing here touches the session.
"""

from __future__ import annotations

from textual.app import App

from classroom.resolve_rules import RESOLVE_RULES
from classroom.timer import parse_phase, phases_text
from classroom.values import Settings
from tui.classroom.dialogs import Choice, ChoicePrompt, TextPrompt

RULE_WORDS = {
    "all-in": "As soon as every team is in",
    "deadline": "When the last phase runs out",
    "both": "When every team is in, or at the latest when time is up",
    "manual": "Only when you resolve it (r)",
}
"""How each resolve rule reads in the settings dialog."""


def minutes(text: str) -> int:
    """``2``, ``+2``, ``-1.5`` minutes as whole seconds; ``ValueError`` for anything else, nothing, or more than a day."""
    value = float(text.replace(" ", "").removesuffix("min").removesuffix("m"))
    seconds = round(value * 60)
    if not 0 < abs(seconds) <= 86_400:
        raise ValueError(text)
    return seconds


def _minutes_problem(text: str) -> str | None:
    try:
        minutes(text)
    except ValueError:
        return "Give minutes to add, such as 2, or to take off, such as -1.5 (up to a day)."
    return None


async def ask_time(app: App[object], where: str) -> int | None:
    """Seconds to add to ``where``'s current phase (negative: to take off), or None."""
    answer = await app.push_screen_wait(
        TextPrompt(
            f"Add or take off time: {where}",
            "Minutes for the current phase: 2 adds two minutes, -1 takes one off (time up at once if none is left). The log says so.",
            placeholder="e.g. 2 or -1",
            required="Give the minutes.",
            check=_minutes_problem,
            ok="Change the timer",
        )
    )
    return minutes(answer) if answer else None


def _phases_problem(text: str) -> str | None:
    try:
        _phases(text)
    except ValueError as exc:
        return f"{str(exc)[:1].upper()}{str(exc)[1:]}, comma-separated (at most 20)."
    return None


def _phases(text: str) -> tuple[tuple[str, int], ...]:
    phases = tuple(parse_phase(item) for item in text.split(",") if item.strip())
    if not 1 <= len(phases) <= 20:
        raise ValueError("give 1 to 20 phases")
    return phases


async def ask_settings(app: App[object], settings: Settings) -> Settings | None:
    """New phases, resolve rule and deadline rule for every world, from ``settings``; or None."""
    text = await app.push_screen_wait(
        TextPrompt(
            "The turn's phases, in every world",
            "NAME=MINUTES, comma-separated, run back to back. A change takes effect at once, on the turn in progress.",
            value=phases_text(settings.phases),
            required="Give at least one phase.",
            check=_phases_problem,
            ok="Next…",
        )
    )
    if not text:
        return None
    rule = await app.push_screen_wait(
        ChoicePrompt("When does a turn resolve by itself?", [Choice(name, words) for name, words in RULE_WORDS.items()], selected=settings.resolve_rule)
    )
    if rule is None:
        return None
    all_in, deadline = RESOLVE_RULES[rule]
    drafts = False
    if deadline:
        answer = await app.push_screen_wait(
            ChoicePrompt(
                "At the deadline, a team that has not submitted…",
                [Choice("pass", "passes the turn"), Choice("draft", "submits the draft it saved, if it is legal")],
                selected="draft" if settings.drafts_at_deadline else "pass",
            )
        )
        if answer is None:
            return None
        drafts = answer == "draft"
    return Settings(_phases(text), all_in, deadline, drafts)
