"""rolesim: a terminal simulator of AWS IAM roles and STS, for teaching."""

__version__ = "0.1.0"
