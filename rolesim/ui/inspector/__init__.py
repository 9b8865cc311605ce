"""The inspector feature of the TUI."""
