"""The printable join sheet of a new session: one slip per team seat, with its code, the join address and a QR code.

``join_sheet(new, scenario, teams, url)`` returns a whole HTML page (print it
from a browser, cut along the dashes). A slip gives the world, the team's
name and faction, its code in large letters, and, when the server's address
is known, that address as text and as a QR code (``segno``) a phone or
laptop camera opens. The QR code holds the address only, never the code: an
address ends up in browser histories and server logs. The facilitator's
code is not on the sheet. Every text is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import segno

from classroom.values import NewSession
from engine.model import Scenario

_CSS = """
body { font-family: system-ui, sans-serif; margin: 1cm; }
h1 { font-size: 14pt; }
.slips { display: flex; flex-wrap: wrap; gap: 0.5cm; }
.slip { border: 1px dashed #555; padding: 0.4cm; width: 8.2cm; break-inside: avoid; page-break-inside: avoid; }
.world { color: #555; font-size: 10pt; }
.team { font-size: 14pt; font-weight: 700; margin: 0.1cm 0; }
.code { font-family: ui-monospace, monospace; font-size: 22pt; letter-spacing: 0.1em; margin: 0.2cm 0; }
.url { font-family: ui-monospace, monospace; font-size: 10pt; word-break: break-all; }
.how { font-size: 9pt; color: #333; }
.qr { float: right; margin-left: 0.2cm; }
@media print { body { margin: 0.5cm; } h1, .note { display: none; } }
"""


def join_sheet(new: NewSession, scenario: Scenario, teams: Mapping[tuple[int, str], str], url: str | None) -> str:
    """The sheet's HTML: a slip per team seat of ``new`` (``teams`` names them by (world, faction); default the
    faction's name); ``url`` is the address teams open (``detente serve`` prints it), None if not known yet."""
    qr = segno.make(url, error="m").svg_inline(scale=3, border=2) if url else ""
    worlds = {world.id: world.name for world in new.worlds}
    slips = []
    for (world, faction_id), code in sorted(new.seat_codes.items()):
        faction = scenario.faction(faction_id)
        team = teams.get((world, faction_id), faction.name)
        where = (
            f'<div class="url">{html.escape(url)}</div><div class="how">Open this address (or scan the code), click the page, type your code.</div>'
            if url
            else '<div class="how">Open the address your teacher gives you, click the page, and type your code.</div>'
        )
        slips.append(
            '<div class="slip">'
            + (f'<div class="qr">{qr}</div>' if qr else "")
            + f'<div class="world">{html.escape(scenario.title)} · {html.escape(worlds[world])}</div>'
            + f'<div class="team">{html.escape(team)}</div>'
            + f'<div class="world">plays {html.escape(faction.letter)} {html.escape(faction.name)}</div>'
            + f'<div class="code">{html.escape(code)}</div>'
            + where
            + "</div>"
        )
    title = html.escape(f"Join sheet · {scenario.title}")
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title><style>{_CSS}</style></head><body>\n'
        f"<h1>{title}</h1>\n"
        '<p class="note">One slip per team: cut along the dashes. Each code opens one seat; the facilitator\'s code is not on this sheet.</p>\n'
        f'<div class="slips">\n{chr(10).join(slips)}\n</div>\n</body></html>\n'
    )
