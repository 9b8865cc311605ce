"""The pure domain of rolesim: ARNs, policies, the evaluator, STS, the clock, the world.

Nothing under this package may import textual or rich (tests/test_core_purity.py proves it),
so the same decisions serve the TUI, `rolesim run` and any other front end.
"""
