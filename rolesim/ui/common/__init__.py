"""The common feature of the TUI."""
