"""A minimal TOML writer for generated test scenarios (tables, arrays of tables, inline values)."""

from __future__ import annotations

import json
from typing import Any


def value(item: Any) -> str:
    """One TOML value: integers, strings, booleans, arrays and inline tables."""
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, (int, float)):
        return repr(item)
    if isinstance(item, str):
        return json.dumps(item, ensure_ascii=False)
    if isinstance(item, list):
        return "[" + ", ".join(value(v) for v in item) + "]"
    if isinstance(item, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {value(v)}" for k, v in item.items()) + " }"
    raise TypeError(type(item))


def dumps(document: dict[str, Any]) -> str:
    """TOML text for ``document``: scalars first, then tables, then arrays of tables (one level)."""
    lines = []
    tables: list[tuple[str, Any, bool]] = []
    for key, item in document.items():
        if isinstance(item, list) and item and all(isinstance(v, dict) for v in item):
            tables.extend((key, entry, True) for entry in item)
        elif isinstance(item, dict):
            tables.append((key, item, False))
        else:
            lines.append(f"{json.dumps(key)} = {value(item)}")
    for key, table, many in tables:
        lines.append("")
        lines.append(f"[[{key}]]" if many else f"[{key}]")
        lines.extend(f"{json.dumps(k)} = {value(v)}" for k, v in table.items())
    return "\n".join(lines) + "\n"
