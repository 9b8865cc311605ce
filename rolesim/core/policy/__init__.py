"""The IAM policy language: parse, validate, match (PL-*, CO-*, PV-*)."""
