"""The bundled doctrines (TOML files read with importlib.resources; docs/bots.md describes them)."""
