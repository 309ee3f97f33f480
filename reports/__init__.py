"""Pure renderers: after-action reviews, timelines, charts and grade reports.

They take games, grades and reviews and return text; they do no I/O."""
