"""The Textual terminal UI for Détente; it talks to the engine's public API only."""
