"""The facts feature of the TUI."""
