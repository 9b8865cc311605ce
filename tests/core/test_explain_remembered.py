"""A denial's nearest miss is worded by `explain_remembered`, which remembers a statement's
words per values of the context keys it reads: it must say exactly what `explain_statement`
says, for any resource and context, in any order of requests, and `context_keys` must name
every key a statement's words can depend on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from rolesim.core.policy.compiled import compiled
from rolesim.core.policy.model import AttachedPolicy
from rolesim.core.policy.trace import context_keys, explain_remembered, explain_statement
from rolesim.core.request import AuthzRequest
from tests.core.test_evaluator_properties import CONTEXTS, REQUEST_RESOURCES, requests

MORE_CONTEXTS: list[dict[str, Any]] = [
    *CONTEXTS,
    {"aws:username": "bob", "aws:principaltag/team": "dev", "test:n": "9"},
    {"aws:username": "alice", "aws:principaltag/team": "alice", "aws:sourceip": "192.0.2.1"},
]


class Reading(dict[str, Any]):
    """A request context that notes every key read from it, however it is read."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.read: set[str] = set()
        self.listed = False

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        self.read.add(str(key))
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self.listed = True
        return super().__iter__()

    def keys(self) -> Any:
        self.listed = True
        return super().keys()

    def items(self) -> Any:
        self.listed = True
        return super().items()

    def values(self) -> Any:
        self.listed = True
        return super().values()


def _policies(req: AuthzRequest) -> list[AttachedPolicy]:
    pols = req.policies
    out = [*pols.identity, *(pols.session or ()), *(pols.scps or ())]
    if pols.boundary is not None:
        out.append(pols.boundary)
    if req.resource_policy is not None:
        out.append(req.resource_policy)
    return out


def _variant(req: AuthzRequest, resource: str, context: dict[str, Any]) -> AuthzRequest:
    return AuthzRequest(req.caller, req.policies, req.action, resource, req.resource_account,
                        req.resource_policy, context, req.mode)


@settings(max_examples=150)
@given(requests(), st.lists(st.tuples(st.sampled_from(REQUEST_RESOURCES),
                                      st.sampled_from(MORE_CONTEXTS)), min_size=1, max_size=6))
def test_remembered_words_are_the_statement_s_own(
        req: AuthzRequest, variants: list[tuple[str, dict[str, Any]]]) -> None:
    """The same statements asked about different resources and contexts, again and again:
    each answer is what explain_statement says for that very request."""
    for resource, context in [*variants, *reversed(variants)]:
        asked = _variant(req, resource, dict(context))
        for ap in _policies(asked):
            for cs in compiled(ap.policy).statements:
                assert explain_remembered(cs, ap, asked) == explain_statement(cs, ap, asked)


@settings(max_examples=150)
@given(requests(), st.sampled_from(MORE_CONTEXTS))
def test_a_statement_s_words_read_only_the_keys_it_names(
        req: AuthzRequest, context: dict[str, Any]) -> None:
    """PL-10: whatever explain_statement reads from the context (past a Principal, which
    reads the caller) is among context_keys(statement); it never lists the whole context."""
    for ap in _policies(req):
        for cs in compiled(ap.policy).statements:
            if cs.principal is not None or cs.not_principal is not None:
                continue
            reading = Reading(context)
            asked = _variant(req, req.resource, reading)
            reading.read.clear()  # the request's own check of the key names reads them all
            reading.listed = False
            explain_statement(cs, ap, asked)
            assert not reading.listed
            assert reading.read <= set(context_keys(cs))
