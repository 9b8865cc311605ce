"""The IAM policy language: parse, validate, match (PL-*, CO-*, PV-*).

* `parse.parse_policy(document, kind)` — JSON text or a mapping -> `model.Policy`, or
  `model.MalformedPolicyDocument` naming the place. Linting is separate: `rolesim.core.lint`.
* `wildcard` — linear-time globs (no regular expression is built from policy text).
* `variables` — `${...}` templates (PV-01..PV-06); `conditions` — every operator (CO-01..CO-14).
* `principals` — how a Principal element names a caller (`MatchKind`), bindings (TP-06).
* `compiled` — statements precompiled at parse time, indexed by service prefix and action.
* `trace` — the lazy, statement-by-statement explanation of a decision.
"""
