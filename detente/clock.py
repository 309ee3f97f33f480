"""The one clock: every timestamp in files comes from ``now`` (tests freeze it)."""

from __future__ import annotations

from datetime import datetime, timezone


def now() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SSZ``."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
