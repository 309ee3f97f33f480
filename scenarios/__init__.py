"""Bundled scenario files (TOML), read through ``importlib.resources``."""
