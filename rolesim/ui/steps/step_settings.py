"""Every setting of a step, as the predict prompt shows it before the learner answers.

A prediction is only fair when everything that decides the outcome is on screen: the external
ID's value, each tag and whether it is transitive (and a transitive key that names no tag
passed, TAG-12), the session policy, the duration, MFA, the source identity, the token's
claims. Only the step's own parameters are listed: nothing here runs or judges the step.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, NamedTuple

from rich.text import Text

from rolesim.core.arn import Arn, ArnError
from rolesim.ui.steps.stepper_model import _duration

Setting = tuple[str, Text]

_LABELS = {
    "role": "role", "principal": "principal", "session_name": "session name",
    "duration": "duration", "external_id": "external ID", "source_identity": "source identity",
    "mfa": "MFA", "issuer": "issuer", "provider": "SAML provider", "subject": "subject",
    "audience": "audience", "not_on_or_after": "assertion valid until", "name": "name",
    "instance_profile": "instance profile", "instance_id": "instance", "service": "service",
    "source_arn": "aws:SourceArn", "source_account": "aws:SourceAccount", "action": "action",
    "resource": "resource",
}
_ARN_KEYS = {"role", "principal", "provider", "instance_profile", "source_arn", "resource"}
_SKIP = {"do", "expect", "expect_session", "note", "explain", "ask", "by"}
"""Not settings of the request: the lesson's own keys, and who makes a change (the predict
prompt says that above the settings)."""
_TABLE_LABELS = {"context": ("context key", "extra request context keys"),
                 "claims": ("token claim", "token claims"),
                 "attributes": ("SAML attribute", "SAML attributes")}
"""A table's label for one of its entries, and its name when it is empty."""


class StepSettings(NamedTuple):
    """What the predict prompt lists: the settings given, and the names of those left out."""

    given: list[Setting]
    left_out: list[str]


def document_text(document: Any) -> str:
    """A policy document as indented JSON (a JSON string is re-indented when it parses; text
    that does not parse is shown exactly as written: spotting that can be the lesson)."""
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except ValueError:
            return str(document)
    return json.dumps(document, indent=2, default=str)


def document_summary(document: Any, limit: int = 56) -> str:
    """The start of the document as written, on one line, and its size: the same form for
    every document, valid or not (whether it is valid is for the learner to predict)."""
    text = document if isinstance(document, str) else json.dumps(document, default=str)
    one_line = " ".join(str(text).split())
    size = len("".join(one_line.split()))
    head = one_line if len(one_line) <= limit else one_line[:limit - 1] + "…"
    return f"{head}  ({size} characters without spaces)"


def _plain(key: str, value: Any, accounts: Mapping[str, str]) -> Text:
    if isinstance(value, bool):
        return Text("yes" if value else "no", style="bold" if value else "dim")
    if key == "duration" and isinstance(value, int):
        return Text(f"{value} s ({_duration(value)})")
    if key in _ARN_KEYS and isinstance(value, str) and value.startswith("arn:"):
        account = _account_name(value, accounts)
        return Text(value, style="cyan") + (Text(f"  (account {account})", style="dim")
                                            if account else Text(""))
    return Text(str(value))


def _account_name(arn: str, accounts: Mapping[str, str]) -> str:
    """The name the world gives the ARN's account, if any: the only thing a short form of the
    ARN would add to it."""
    try:
        return accounts.get(Arn.parse(arn).account, "")
    except ArnError:
        return ""


def _tags(tags: Mapping[str, str], transitive: list[str]) -> list[Setting]:
    marked = {k.lower() for k in transitive}
    rows: list[Setting] = []
    for key, value in tags.items():
        line = Text(f"{key} = {value}")
        if key.lower() in marked:
            line.append("  ⇢ transitive", style="magenta")
        rows.append(("session tag", line))
    passed = {k.lower() for k in tags}
    for key in transitive:
        if key.lower() not in passed:
            rows.append(("transitive key", Text(f"{key}  (no tag {key} is passed in this step)",
                                                style="magenta")))
    if not tags and not transitive:
        rows.append(("session tags", Text("none", style="dim")))
    return rows


def step_settings(step: Any, accounts: Mapping[str, str] | None = None) -> StepSettings:
    """(label, value) for every parameter of `step` given, and the names of the ones left at
    their default, which change an outcome too (no external ID, no MFA, no session policy)."""
    names = accounts or {}
    data = step.model_dump(exclude=_SKIP)
    rows: list[Setting] = []
    for key, value in data.items():
        if key in ("tags", "transitive_tag_keys") and str(step.do) != "call":
            continue
        if key in ("policy", "document", "trust"):
            label = {"policy": "session policy", "document": "policy document",
                     "trust": "new trust policy"}[key]
            if str(step.do) in ("attach-policy", "detach-policy", "set-boundary"):
                rows.append(("policy", _plain("principal", value or "(none)", names)))
            elif value is None:
                rows.append((label, Text("none", style="dim")))
            else:
                rows.append((label, Text(document_summary(value)) +
                             Text("  (v: view it)", style="dim")))
            continue
        if key == "policy_arns":
            rows.append(("policy ARNs", Text(", ".join(value)) if value
                         else Text("none", style="dim")))
            continue
        if isinstance(value, dict):
            one, empty = _TABLE_LABELS.get(key, (key.replace("_", " ").rstrip("s"),
                                                 key.replace("_", " ")))
            if not value:
                rows.append((empty, Text("none", style="dim")))
            for sub, item in value.items():
                rows.append((one, Text(f"{sub} = {item}")))
            continue
        if value is None:
            rows.append((_LABELS.get(key, key.replace("_", " ")), Text("not given",
                                                                        style="dim")))
            continue
        rows.append((_LABELS.get(key, key.replace("_", " ")), _plain(key, value, names)))
    if hasattr(step, "transitive_tag_keys"):
        rows += _tags(dict(step.tags), list(step.transitive_tag_keys))
    elif hasattr(step, "tags") and str(step.do) == "get-federation-token":
        rows += _tags(dict(step.tags), [])
    return _unset_last(rows)


def _unset_last(rows: list[Setting]) -> StepSettings:
    """The settings given, and the names of those left out, which the prompt says in one
    sentence (`Not given: duration, MFA.`): everything stays on screen at 80x24."""
    unset = {"not given", "none", "no"}
    return StepSettings([(label, value) for label, value in rows if value.plain not in unset],
                        [label for label, value in rows if value.plain in unset])


def documents(step: Any) -> list[tuple[str, str]]:
    """The policy documents a step passes, as text to read in full."""
    found = []
    for key, label in (("policy", "Session policy"), ("document", "Policy document"),
                       ("trust", "New trust policy")):
        value = getattr(step, key, None)
        if value is not None and str(step.do) not in ("attach-policy", "detach-policy",
                                                      "set-boundary"):
            found.append((label, document_text(value)))
    return found
