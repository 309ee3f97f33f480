"""The application's screens and dialogs, one per module."""
