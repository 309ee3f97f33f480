"""Continue a saved game: the autosaved records in the games folder, newest first."""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.shelf import bundled_cards
from tui.widgets.key_bar import KeyBar


def saved_games(folder: Path) -> list[Path]:
    """The game records (``*.jsonl``) in ``folder``, the most recently saved first; none if it is missing."""
    if not folder.is_dir():
        return []
    found = [path for path in folder.glob("*.jsonl") if path.is_file()]
    return sorted(found, key=lambda path: (-path.stat().st_mtime, path.name))


def describe_saved(path: Path, titles: dict[str, str]) -> Text:
    """``Indo-Pacific Partnerships · seed 11 · saved 2026-12-07 00:50``, from the file's name and time.

    Autosaves are named ``SCENARIO-STAMP-seedN.jsonl``; any other name is shown as it is.
    """
    stem = path.stem
    scenario, _, rest = stem.partition("-")
    seed = rest.rpartition("-seed")[2] if "-seed" in rest else ""
    saved = time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))
    text = Text()
    text.append(titles.get(scenario, stem), "bold")
    if seed and scenario in titles:
        text.append(f" · seed {seed}")
    text.append(f" · saved {saved}", "dim")
    text.append(f"\n  {path}", "dim")
    return text


class SavedGamesScreen(ModalScreen[Path | None]):
    """List the saved games in a folder; dismisses with the chosen record's path, or None."""

    BINDINGS = [Binding("escape", "cancel", "Back", id="saved.back")]

    DEFAULT_CSS = """
    SavedGamesScreen { align: center middle; }
    SavedGamesScreen > Vertical {
        width: 90%; max-width: 110; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    SavedGamesScreen #title { text-style: bold; }
    SavedGamesScreen OptionList { height: auto; max-height: 70vh; }
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        """Where the autosaves are."""
        self.paths = saved_games(folder)
        """The saved games, newest first."""

    def compose(self) -> ComposeResult:
        titles = {card.id: card.title for card in bundled_cards()}
        with Vertical():
            if self.paths:
                yield Label(f"Continue a saved game ({len(self.paths)} in {self.folder})", id="title")
                yield OptionList(*(Option(describe_saved(path, titles), id=str(index)) for index, path in enumerate(self.paths)), id="games")
            else:
                yield Label(f"No saved games in {self.folder} yet. Escape: back.", id="title")
        yield KeyBar()  # this list's keys, not the title screen's under it

    @on(OptionList.OptionSelected, "#games")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.paths[event.option_index])

    def action_cancel(self) -> None:
        """Back to the title screen."""
        self.dismiss(None)
