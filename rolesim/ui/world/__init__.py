"""The world feature of the TUI."""
