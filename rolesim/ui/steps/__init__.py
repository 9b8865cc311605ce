"""The steps feature of the TUI."""
