"""Scenario files: TOML in and out, the replay runner, reports."""
