"""Principals no policy can tell apart as the target of an edge: the `graph` command decides
who can become one of them once, for all of them (docs/paths.md, "Large worlds").

Two principals T1 and T2 are look-alike targets when every caller other than them that can
become T1 can become T2 the same way, and the other way round. That holds when swapping their
names leaves every decision about them unchanged: they are of the same kind in the same
account, with the same trust policy, tags, path, boundary and console password (up to their
own name, where a document names itself), and no policy tells their names apart:

* no Resource or NotResource of a policy other than its own documents is its ARN (in any
  letter case): the only place a target's name is compared with a policy's text (the
  context of a request carries no target name, only its account and tags);
* every Resource or NotResource pattern with a wildcard matches all of them or none, as the
  evaluator matches it (letter case included);
* a pattern with a policy variable, or one of a principal's own documents naming it with a
  wildcard, matches none of them even with each variable (and the name) read as `*`; but a
  pattern whose variables are all the caller's own (`${aws:username}`,
  `${aws:PrincipalTag/team}`, ...) is resolved as each principal's session would resolve it,
  and then must match, of the members other than that caller, all or none (so
  `user/${aws:username}`, which names each user itself, tells no two users apart).

Their own permissions may differ: what T1 can do decides T1's edges out, which each caller's
search works out for itself. A role that runs a Lambda function or an instance, or is in an
instance profile, is a class of its own (those name it in other ways). Anything doubtful
splits a class, never merges one: a class may be smaller than it could be, never wrong.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from rolesim.core.policy.compiled import resource_template
from rolesim.core.policy.model import Policy
from rolesim.core.policy.variables import Variable, has_variables, resolve
from rolesim.core.policy.wildcard import QMARK, STAR, compile_glob, has_wildcard, to_pattern
from rolesim.core.request import ContextValue
from rolesim.core.world import Role, User, World

_VARIABLE = re.compile(r"\$\{[^}]*\}")

CallerKeys = Callable[[str], Mapping[str, ContextValue] | None]
"""What a fresh session of the principal carries about itself in a request's context (the
path graph's `Candidate.context`), or None for no such principal."""

_OWN_KEYS = frozenset({"aws:username", "aws:principalarn", "aws:principalaccount",
                       "aws:principaltype", "aws:principalisawsservice"})
"""Keys whose value a caller's own session fixes, which no request of the path graph changes
(none is one a proposal sets, requirements.CONTROLLED): aws:userid is left out (a role
session's holds its session name, which a trust may ask to be another)."""


def target_classes(world: World, caller_keys: CallerKeys | None = None) -> list[list[str]]:
    """The world's users and roles as classes of look-alike targets, each in the world's order,
    classes in the order of their first member. With `caller_keys`, a Resource whose variables
    are all the caller's own is resolved for each principal as a caller, not read loosely."""
    principals: list[User | Role] = [*world.users.values(), *world.roles.values()]
    running = ({f.role for f in world.functions.values()}
               | {ip.role for ip in world.instance_profiles.values()})
    by_key: dict[str, list[User | Role]] = {}
    trusts: dict[int, str] = {}  # each trust document written out once: 5,000 roles share one
    for p in principals:
        by_key.setdefault(_signature(p, p.arn in running, trusts), []).append(p)
    shared = [members for members in by_key.values() if len(members) > 1]
    if not shared:
        return [[p.arn] for p in principals]
    apart = _patterns_tell_apart(world, shared, caller_keys)
    klass: dict[str, int] = {}
    for i, members in enumerate(by_key.values()):
        for p in members:
            klass[p.arn] = i if p.arn not in apart else len(principals) + len(klass)
    out: dict[int, list[str]] = {}
    for p in principals:
        out.setdefault(klass[p.arn], []).append(p.arn)
    return list(out.values())


def _signature(p: User | Role, runs: bool, trusts: dict[int, str]) -> str:
    """What a caller's decision about the principal as a target depends on, its own name
    replaced (the unique ID first: it never contains the name). `runs`: a function or an
    instance profile names the role (then it is a class of its own). `trusts`: each trust
    document as JSON text, by `id`."""
    record: dict[str, Any] = {"kind": type(p).__name__, "account": p.account, "path": p.path,
                              "boundary": p.boundary}
    if isinstance(p, Role):
        record.update(trust=_written(p.trust, trusts) if p.trust else None,
                      bindings=p.trust_bindings, max=p.max_session_duration,
                      alone=p.arn if runs else None)
    else:
        record.update(login=p.login_profile, groups=p.groups, mfa=p.mfa)
    text = json.dumps(record, sort_keys=True, default=str)
    text = text.replace(p.arn, "\x02").replace(p.unique_id, "\x01")
    # the tags exactly: a trust's conditions compare them
    return _own_name_out(text, p.name) + json.dumps(p.tags, sort_keys=True)


def _written(doc: Policy, texts: dict[int, str]) -> str:
    """The document as JSON text (keys sorted), written once per document."""
    text = texts.get(id(doc))
    if text is None:
        text = texts[id(doc)] = json.dumps(doc.raw, sort_keys=True, default=str)
    return text


_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-")
"""What IAM allows in a user or role name: a name inside a longer run of these is not it."""


def _own_name_out(text: str, name: str) -> str:
    """`text` with each whole occurrence of `name` (not part of a longer name) replaced by a
    mark (a regular expression per principal cost more than all the rest on 5,000 roles)."""
    out: list[str] = []
    start = 0
    at = text.find(name)
    while at >= 0:
        end = at + len(name)
        if ((at == 0 or text[at - 1] not in _NAME_CHARS)
                and (end == len(text) or text[end] not in _NAME_CHARS)):
            out += [text[start:at], "\x00"]
            start = end
        at = text.find(name, end)
    return "".join(out) + text[start:]


def _documents(world: World) -> Iterator[tuple[str, Policy]]:
    """Every policy document of the world, with the principal it belongs to ("" if shared)."""
    for p in [*world.users.values(), *world.roles.values()]:
        for doc in p.inline.values():
            yield p.arn, doc
        if isinstance(p, Role) and p.trust is not None:
            yield p.arn, p.trust
    for group in world.groups.values():
        yield from (("", doc) for doc in group.inline.values())
    for managed in world.policies.values():
        yield from (("", doc) for doc in managed.stored_versions().values())
    for account in world.accounts.values():
        yield from (("", doc) for doc in account.scps or ())
        for _level, docs in account.scp_levels or ():
            yield from (("", doc) for doc in docs)
    for resource in world.resources.values():
        if resource.policy is not None:
            yield "", resource.policy


def _resource_patterns(world: World) -> Iterator[tuple[str, str, bool]]:
    """Each Resource or NotResource text of every document, with its owner and whether the
    evaluator substitutes its variables; and each text of a trust policy that names the role
    itself (never substituted here: read loosely)."""
    lowered: dict[int, str] = {}  # each trust written out once, not once per role
    for owner, doc in _documents(world):
        enabled = doc.variables_enabled
        for statement in doc.statements:
            for text in (statement.resources or ()) + (statement.not_resources or ()):
                yield owner, text, enabled
        if owner and owner in world.roles and doc is world.roles[owner].trust:
            name = world.roles[owner].name.lower()
            written = lowered.get(id(doc))
            if written is None:
                written = lowered[id(doc)] = json.dumps(doc.raw).lower()
            if name not in written:
                continue
            for text in _strings(doc.raw):
                if name in text.lower() and ("*" in text or "?" in text):
                    yield owner, text, False


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key  # a condition key may name someone too (aws:PrincipalTag/...)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _patterns_tell_apart(world: World, shared: list[list[User | Role]],
                         caller_keys: CallerKeys | None) -> set[str]:
    """Members of a class that a Resource names (other than its own), or that a wildcard
    pattern matches unevenly (or, read loosely, at all, for a pattern that depends on who
    asks, unless it depends only on the caller's own keys: then as each caller reads it)."""
    slots: list[tuple[str, str, int]] = []  # (text, principal, class)
    for i, members in enumerate(shared):
        for p in members:
            slots += [(p.arn, p.arn, i), (p.name, p.arn, i), (p.unique_id, p.arn, i)]
    lowered = sorted((text.lower(), n) for n, (text, _, _) in enumerate(slots))
    keys = [text for text, _ in lowered]
    sizes = [len(members) for members in shared]
    split: set[int] = set()
    seen: set[tuple[str, bool]] = set()
    arns = {p.arn.lower(): p.arn for members in shared for p in members}
    named: set[str] = set()
    per_caller = _PerCaller(world, caller_keys, slots, keys, lowered, sizes, split, named)
    names: dict[str, str] = {}  # each owner's name worked out of its ARN once
    read: set[tuple[str, bool]] = set()  # texts read already, where whose makes no odds
    for owner, text, enabled in _resource_patterns(world):
        if "*" not in text and "?" not in text and "${" not in text:
            arn = arns.get(text.lower())
            if arn is not None and arn != owner:
                named.add(arn)
            continue
        if (text, enabled) in read:
            continue
        name = names.get(owner)
        if name is None:
            name = names[owner] = world.users[owner].name if owner in world.users else (
                world.roles[owner].name if owner in world.roles else "")
        if not name or name.lower() not in text.lower():
            read.add((text, enabled))  # not its owner's name: read alike whoever's it is
        pattern = _VARIABLE.sub("*", text)
        at = pattern.lower().find(name.lower()) if name else -1
        while at >= 0:  # its own name, read as any name
            pattern = pattern[:at] + "*" + pattern[at + len(name):]
            at = pattern.lower().find(name.lower())
        if (enabled and "${" in text and (not name or name.lower() not in text.lower())
                and per_caller.read(text, pattern)):
            continue
        loose = pattern != text
        if (pattern, loose) in seen:
            continue
        seen.add((pattern, loose))
        hits = _candidates(pattern, keys, lowered)
        if not hits:
            continue
        if loose:
            split |= {slots[n][2] for n in hits}
            continue
        exact = compile_glob(to_pattern(text))  # the evaluator's matcher; and in any case
        _uneven(slots, sizes, {n for n in hits if exact(slots[n][0])}, split)
        folded = compile_glob(to_pattern(text.lower()))
        _uneven(slots, sizes, {n for n in hits if folded(slots[n][0].lower())}, split)
    return named | {arn for _, arn, i in slots if i in split}


def _uneven(slots: list[tuple[str, str, int]], sizes: list[int], matched: set[int],
            split: set[int]) -> None:
    """Adds the classes where the pattern matches some members' slot and not all."""
    split |= {i for (i, _slot), hits in _counts(slots, matched).items() if hits != sizes[i]}


def _counts(slots: list[tuple[str, str, int]], matched: set[int]) -> dict[tuple[int, int], int]:
    """How many members of each class the pattern matches, by slot (ARN, name, unique ID)."""
    count: dict[tuple[int, int], int] = {}
    for n in matched:
        key = (slots[n][2], n % 3)  # slots come in threes: ARN, name, unique ID
        count[key] = count.get(key, 0) + 1
    return count


class _PerCaller:
    """Patterns whose variables are all the caller's own (`user/${aws:username}`), resolved
    as each user and role of the world would resolve them in a request of its own. Such a
    pattern tells two members of a class apart only when, for some caller, it matches some of
    the members other than that caller and not all: a caller's edges to itself are not edges
    (and a change to its own permissions is asked of each principal, grouped.py). One that
    resolves to a plain ARN (`user/${aws:PrincipalTag/buddy}`) names that principal: it
    alone leaves its class, as when a policy names it in so many words."""

    def __init__(self, world: World, caller_keys: CallerKeys | None,
                 slots: list[tuple[str, str, int]], keys: list[str],
                 lowered: list[tuple[str, int]], sizes: list[int], split: set[int],
                 named: set[str]) -> None:
        self.named = named
        self.callers = [*world.users, *world.roles] if caller_keys is not None else []
        self.caller_keys = caller_keys
        self.slots, self.keys, self.lowered = slots, keys, lowered
        self.sizes, self.split = sizes, split
        self.class_of = {arn: i for _text, arn, i in slots}
        self.seen: set[tuple[Any, ...]] = set()
        self.read_texts: dict[str, bool] = {}
        self.contexts: dict[str, Mapping[str, ContextValue] | None] = {}

    def read(self, text: str, loose: str) -> bool:
        """Whether the text is such a pattern (then its verdicts are added to `split`).
        `loose`: the text with each variable read as `*`, which any reading of it fits."""
        if text in self.read_texts:
            return self.read_texts[text]
        template = resource_template(text, True)
        own = self.caller_keys is not None and has_variables(template) and all(
            piece.key_lower in _OWN_KEYS or piece.key_lower.startswith("aws:principaltag/")
            for piece in template if isinstance(piece, Variable))
        self.read_texts[text] = own
        if not own or template in self.seen:
            return own
        self.seen.add(template)
        if not _candidates(loose, self.keys, self.lowered):
            return True  # an S3 object's ARN, say: matches no user or role however read
        found: dict[str, list[_Matched]] = {}
        for caller in self.callers:
            context = self._context(caller)
            pattern = None if context is None else resolve(template, context, to_pattern)
            if pattern is None:
                continue  # no value, no default: the pattern matches nothing (PV-05)
            readings = found.get(pattern)
            if readings is None:
                readings = found[pattern] = self._match(pattern)
            for counts, mine in readings:
                if has_wildcard(pattern):
                    self._judge(caller, counts, mine)
                else:  # it names one principal: that one alone leaves its class
                    self.named |= {arn for arn, _slot in mine if arn != caller}
        return True

    def _context(self, caller: str) -> Mapping[str, ContextValue] | None:
        if caller not in self.contexts:
            assert self.caller_keys is not None
            self.contexts[caller] = self.caller_keys(caller)
        return self.contexts[caller]

    def _match(self, pattern: str) -> list[_Matched]:
        """What the resolved pattern matches, as the evaluator matches it and ignoring letter
        case: counted by class and slot, and the (principal, slot) pairs matched."""
        loose = pattern.replace(STAR, "*").replace(QMARK, "?")
        hits = _candidates(loose, self.keys, self.lowered)
        out: list[_Matched] = []
        for matches, fold in ((compile_glob(pattern), False),
                              (compile_glob(pattern.lower()), True)):
            matched = {n for n in hits
                       if matches(self.slots[n][0].lower() if fold else self.slots[n][0])}
            out.append((_counts(self.slots, matched),
                        {(self.slots[n][1], n % 3) for n in matched}))
        return out

    def _judge(self, caller: str, counts: dict[tuple[int, int], int],
               mine: set[tuple[str, int]]) -> None:
        """Adds the classes whose members other than the caller the pattern, as the caller
        resolves it, matches some of and not all."""
        own = self.class_of.get(caller)
        for (i, slot), hits in counts.items():
            if i != own:
                if hits != self.sizes[i]:
                    self.split.add(i)
                continue
            hits -= (caller, slot) in mine
            if hits and hits != self.sizes[i] - 1:
                self.split.add(i)


_Matched = tuple[dict[tuple[int, int], int], set[tuple[str, int]]]
"""A resolved pattern's hits by (class, slot), and the (principal, slot) pairs it matches."""


def _candidates(pattern: str, keys: list[str], lowered: list[tuple[str, int]]) -> set[int]:
    """The slots the pattern may match, read loosely (any letter case, `*` and `?` across
    colons): those starting with its text before the first wildcard, then tried."""
    prefix = re.split(r"[*?]", pattern.lower(), maxsplit=1)[0]
    start = bisect.bisect_left(keys, prefix)
    loose = re.compile(".*".join(".".join(re.escape(part) for part in chunk.split("?"))
                                 for chunk in pattern.lower().split("*")) + r"\Z", re.DOTALL)
    out: set[int] = set()
    for text, n in lowered[start:]:
        if not text.startswith(prefix):
            break
        if loose.match(text):
            out.add(n)
    return out
