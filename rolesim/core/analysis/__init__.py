"""Analyses over the world: effective permissions, who can assume a role."""
