"""The shell feature of the TUI."""
