"""Field validators for the builder's forms: the IAM naming rules (QT-01, QT-09, QT-10),
12-digit account IDs and ARNs, checked as the user types. The scenario model stays the
source of truth; these give the reason beside the field before anything is saved."""

from __future__ import annotations

from textual.validation import ValidationResult, Validator

from rolesim.core.arn import ACCOUNT_ID, Arn, ArnError
from rolesim.core.names import ALIAS_SHAPE, arn_characters_problem, name_problem, path_problem


class IamName(Validator):
    """1..`limit` characters of letters, digits and `+=,.@_-` (QT-01; rolesim.core.names)."""

    def __init__(self, limit: int = 64) -> None:
        super().__init__()
        self.limit = limit

    def validate(self, value: str) -> ValidationResult:
        problem = name_problem(value, self.limit)
        return self.success() if problem is None else self.failure(problem)


class IamPath(Validator):
    """`/` or `/a/b/`: starts and ends with `/`, printable ASCII, at most 512 (QT-01)."""

    def validate(self, value: str) -> ValidationResult:
        problem = path_problem(value)
        return self.success() if problem is None else self.failure(problem)


class AccountId(Validator):
    """Exactly 12 digits (ID-01)."""

    def __init__(self, optional: bool = False) -> None:
        super().__init__()
        self.optional = optional

    def validate(self, value: str) -> ValidationResult:
        if not value and self.optional:
            return self.success()
        if not ACCOUNT_ID.match(value):
            return self.failure(f"An account ID is 12 digits ({len(value)} typed).")
        return self.success()


class AccountAlias(Validator):
    """Empty, or 3..63 lowercase letters, digits, single hyphens inside; not 12 digits (QT-10)."""

    def validate(self, value: str) -> ValidationResult:
        if not value:
            return self.success()
        if not 3 <= len(value) <= 63:
            return self.failure("An alias is 3 to 63 characters.")
        if ACCOUNT_ID.match(value):
            return self.failure("An alias cannot be a 12-digit number.")
        if not ALIAS_SHAPE.match(value):
            return self.failure("Lowercase letters, digits and single hyphens, not at an end.")
        return self.success()


class ArnText(Validator):
    """An ARN `arn:partition:service:region:account:resource` (ID-01)."""

    def validate(self, value: str) -> ValidationResult:
        try:
            arn = Arn.parse(value)
        except ArnError:
            return self.failure("An ARN looks like arn:aws:service:region:account:resource.")
        problem = arn_characters_problem(value, spaces=arn.service != "iam")
        return self.success() if problem is None else self.failure(problem)


class SessionDuration(Validator):
    """A role's maximum session duration: 3600..43200 seconds."""

    def validate(self, value: str) -> ValidationResult:
        if not value.isdigit():
            return self.failure("Seconds, as a whole number (3600 to 43200).")
        if not 3600 <= int(value) <= 43200:
            return self.failure("Between 3600 (1 hour) and 43200 (12 hours).")
        return self.success()


def parse_tags(value: str) -> dict[str, str]:
    """`team=ops, project=x` -> {"team": "ops", "project": "x"}; raises ValueError."""
    tags: dict[str, str] = {}
    for item in filter(None, (piece.strip() for piece in value.split(","))):
        key, sep, tag_value = item.partition("=")
        key, tag_value = key.strip(), tag_value.strip()
        if not sep or not key:
            raise ValueError(f"'{item}' is not key=value.")
        if len(key) > 128 or len(tag_value) > 256:
            raise ValueError("Tag keys are at most 128 characters, values 256.")
        if key.lower() in (k.lower() for k in tags):
            raise ValueError(f"Tag key '{key}' is given twice (keys ignore case, QT-09).")
        tags[key] = tag_value
    return tags


def tags_text(tags: dict[str, str]) -> str:
    return ", ".join(f"{key}={value}" for key, value in tags.items())


class Tags(Validator):
    """`key=value` pairs separated by commas (QT-09)."""

    def validate(self, value: str) -> ValidationResult:
        try:
            parse_tags(value)
        except ValueError as error:
            return self.failure(str(error))
        return self.success()


FUNCTION_NAME_LIMIT = 64
"""A Lambda function's name: 1 to 64 letters, digits, hyphens and underscores (the Lambda API
reference, CreateFunction's FunctionName)."""


class FunctionName(Validator):
    """A Lambda function's name, as `rolesim run` accepts it in a function ARN."""

    def validate(self, value: str) -> ValidationResult:
        if not value:
            return self.failure("A name is required.")
        if len(value) > FUNCTION_NAME_LIMIT:
            return self.failure(f"At most {FUNCTION_NAME_LIMIT} characters ({len(value)} now).")
        bad = sorted({"space" if c == " " else repr(c) for c in value
                      if not (c.isascii() and (c.isalnum() or c in "-_"))})
        if bad:
            return self.failure(f"Not allowed in a function name: {', '.join(bad)} "
                                "(use letters, digits, - and _).")
        return self.success()


class InstanceId(Validator):
    """An EC2 instance ID: `i-` and 8 to 17 lowercase hex digits (as the scenario format)."""

    def validate(self, value: str) -> ValidationResult:
        from rolesim.scenario.model import INSTANCE_ID_PATTERN

        if INSTANCE_ID_PATTERN.match(value):
            return self.success()
        return self.failure("An instance ID is i- and 8 to 17 hex digits (0-9, a-f), such as "
                            "i-0123456789abcdef0.")


class Region(Validator):
    """A Region code such as `us-east-1`."""

    def validate(self, value: str) -> ValidationResult:
        from rolesim.scenario.model import REGION_PATTERN

        if REGION_PATTERN.match(value):
            return self.success()
        return self.failure("A Region looks like us-east-1 or eu-west-3.")


class ProviderName(Validator):
    """An identity provider's name (SAML) or issuer host/path (OIDC), as its ARN ends
    (ID-02): required, no spaces."""

    def validate(self, value: str) -> ValidationResult:
        text = value.strip()
        if not text:
            return self.failure("Required: the SAML provider's name, or the OIDC issuer's host "
                                "and path (token.actions.githubusercontent.com).")
        if any(char.isspace() for char in text):
            return self.failure("No spaces: it ends the provider's ARN.")
        return self.success()
