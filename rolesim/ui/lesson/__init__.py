"""The lesson feature of the TUI."""
