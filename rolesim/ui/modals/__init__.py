"""modals package."""
