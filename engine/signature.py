"""Signed records: a classroom export sealed with its session's secret (docs/record-format.md, "Signed exports").

A signed record is an ordinary record whose header has one more member,
``signed``: ``{"session": KEY_ID, "world": N, "mac": HEX}``. ``mac`` is
HMAC-SHA256, keyed with the session's secret, of every line of the record but
the ``end`` line, joined with line feeds, the header written with ``mac``
empty; ``session`` names the key (``key_id``) without revealing it. The end
line is then computed as for any record, so a reader that knows nothing of
signatures replays a signed record as it would any other.

Anyone can recompute an end line; only the holder of the secret can compute
the ``mac``, so a signed record whose ``mac`` checks has not been changed in
any field since it was exported: seats, justifications, ratings, notes and
the ``created`` time included.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

import engine.valueclass as valueclass
from engine.record import dump_line, end_line, text_lines

SIGNED = "signed"
"""The header member that holds a record's signature."""
SIGNATURE_KEYS = ("session", "world", "mac")
_KEY_ID_MESSAGE = b"detente session key id"


@valueclass.frozen
class Signature:
    """The ``signed`` member of a record's header."""

    session: str
    """The key id of the session that signed it (``key_id``)."""
    world: int
    """The world of that session whose game it is."""
    mac: str


class MalformedSignature(ValueError):
    """A header's ``signed`` member that is not a signature: ``path`` is its key path, ``str()`` says what is wrong."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(message)


def key_id(secret: bytes) -> str:
    """A short public name of ``secret`` (16 hex digits): which session signed a record, telling nothing of the key."""
    return hmac.new(secret, _KEY_ID_MESSAGE, hashlib.sha256).hexdigest()[:16]


def sign_lines(lines: list[str], secret: bytes, world: int) -> list[str]:
    """The record ``lines`` (as ``engine.record.record_lines`` gives them, end line last) signed for ``world``."""
    header = json.loads(lines[0])
    header.pop(SIGNED, None)
    header[SIGNED] = {"session": key_id(secret), "world": world, "mac": ""}
    body = [dump_line(header), *lines[1:-1]]
    header[SIGNED]["mac"] = _mac(secret, body)
    body[0] = dump_line(header)
    return [*body, end_line(body)]


def signature_of(header: dict[str, Any]) -> Signature | None:
    """The signature in a record's parsed ``header``; None when it has none; ``MalformedSignature`` when its
    ``signed`` member is not one."""
    raw = header.get(SIGNED)
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise MalformedSignature(f"$.{SIGNED}", "is not a signature (a table of session, world and mac)")
    for key in raw:
        if key not in SIGNATURE_KEYS:
            raise MalformedSignature(f"$.{SIGNED}.{key}", "is not a key of a signature")
    session, world, mac = (raw.get(key) for key in SIGNATURE_KEYS)
    if not isinstance(session, str):
        raise MalformedSignature(f"$.{SIGNED}.session", "the signing session's key id is missing")
    if not isinstance(world, int) or isinstance(world, bool):
        raise MalformedSignature(f"$.{SIGNED}.world", "the world is missing or not a whole number")
    if not isinstance(mac, str):
        raise MalformedSignature(f"$.{SIGNED}.mac", "the signature's mac is missing")
    return Signature(session, world, mac)


def mac_matches(text: str, secret: bytes) -> bool:
    """True when the record ``text`` carries a signature whose ``mac`` is the one ``secret`` gives it.

    ``text`` is read as ``engine.record.parse_record`` reads it (a byte-order
    mark and Windows line endings allowed); a text that is not a whole record
    with a signed header is False.
    """
    lines = text_lines(text)
    if len(lines) < 3 or lines[-1] != "":
        return False
    try:
        header = json.loads(lines[0])
        signature = signature_of(header) if isinstance(header, dict) else None
    except (ValueError, MalformedSignature):
        return False
    if signature is None:
        return False
    header[SIGNED]["mac"] = ""
    body = [dump_line(header), *lines[1:-2]]
    return hmac.compare_digest(_mac(secret, body), signature.mac)


def _mac(secret: bytes, body: list[str]) -> str:
    return hmac.new(secret, "\n".join(body).encode("utf-8"), hashlib.sha256).hexdigest()
