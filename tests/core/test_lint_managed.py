"""AWS accepted every AWS managed policy, so none of those rolesim ships may get a parse error
or a lint error (issues #11, #13; docs/lint.md, "Calibration on AWS's own policies")."""

from __future__ import annotations

from rolesim.core import managed
from rolesim.core.catalog import get_catalog
from rolesim.core.lint import Severity, lint_policy
from rolesim.core.policy.model import MalformedPolicyDocument, PolicyType
from rolesim.core.policy.parse import parse_policy


def test_every_shipped_aws_managed_policy_parses_and_has_no_lint_error() -> None:
    catalog = get_catalog()
    names = [info.name for info in managed.all_managed()]
    assert len(names) > 1000, "every AWS managed policy is shipped"
    unparsed: list[str] = []
    errors: list[str] = []
    for name in names:
        document = managed.aws_managed_document(name)
        assert document is not None, name
        try:
            policy = parse_policy(document, PolicyType.IDENTITY)
        except MalformedPolicyDocument as error:
            unparsed.append(f"{name}: {error}")
            continue
        errors.extend(f"{name}: {f}" for f in lint_policy(policy, PolicyType.IDENTITY, catalog)
                      if f.severity is Severity.ERROR)
    assert not unparsed, "\n".join(unparsed[:20])
    assert not errors, "\n".join(errors[:20])
