"""The ``detente`` command: headless tools and the entry to the terminal UI."""
