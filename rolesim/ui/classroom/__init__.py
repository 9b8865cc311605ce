"""The classroom feature of the TUI."""
