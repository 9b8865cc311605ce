"""The Textual TUI. Holds no IAM logic of its own: every decision comes from rolesim.core."""
