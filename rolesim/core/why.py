"""Why a step came out as it did, in words, for every outcome: the transcript, the JSON report
and the TUI's Why tab all read these lines (the TUI only styles them by `tone`).

* An allowed AssumeRole* says both halves: the caller's side (identity policy, boundary, SCPs)
  and the role's trust policy, with the deciding statements, and why cross-account needs both
  (XA-01, TP-10) while in one account a trust policy naming the caller is enough (TP-09).
* A new session says what changed: who the calls are made as now (XA-04), when it expires and
  where that comes from (AR-03, AR-04, CH-02), the tags passed, inherited, dropped and
  overridden (TAG-06, TAG-09..TAG-16).
* A decision names its deciding statements; a long list is cut to a few and a count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from rolesim.core.clock import format_time
from rolesim.core.decision import Decision, Outcome, StatementRef, policy_place
from rolesim.core.policy.model import PolicyType
from rolesim.core.sts.grant import SessionGrant
from rolesim.core.sts.session import Session, SessionKind, TagOrigin
from rolesim.core.words import hours, listing

DECIDING_SHOWN = 4
"""Deciding statements named one by one; past that, a count."""
CALLER_SIDE = (PolicyType.IDENTITY, PolicyType.BOUNDARY, PolicyType.SESSION, PolicyType.SCP)


class Tone(StrEnum):
    """How a front end may show a line: a heading, a statement that allowed or denied, a note."""

    PLAIN = "plain"
    HEADING = "heading"
    ALLOW = "allow"
    DENY = "deny"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class WhyLine:
    text: str
    tone: Tone = Tone.PLAIN
    indent: int = 0

    def __str__(self) -> str:
        return " " * self.indent + self.text


def plain(lines: Sequence[WhyLine]) -> list[str]:
    """The lines as text, indented with spaces (transcript, JSON `explanation`)."""
    return [" " * line.indent + line.text if line.indent else line.text for line in lines]


# ------------------------------------------------------------------------------- decisions


def ref_words(ref: StatementRef) -> str:
    """`Allow in the trust policy of UpdateApp, Statement[0] "Sid"`: the policy named once."""
    place = policy_place(ref.policy_type, ref.policy_label)
    sid = f' "{ref.sid}"' if ref.sid else ""
    return f"{ref.effect} in {place}, Statement[{ref.index}]{sid}"


def statement_lines(refs: Sequence[StatementRef], indent: int = 2) -> list[WhyLine]:
    """`▶ Allow in identity-based policy X, Statement[0]` per statement, a count past a few."""
    out = [_ref_line(ref, indent) for ref in refs[:DECIDING_SHOWN]]
    if len(refs) > DECIDING_SHOWN:
        out.append(WhyLine(f"and {len(refs) - DECIDING_SHOWN} more statements", Tone.NOTE,
                           indent))
    return out


def _ref_line(ref: StatementRef, indent: int) -> WhyLine:
    """The line naming one statement, made once per statement: the evaluator hands out the
    same StatementRef each time a statement decides, so a run of 20,000 calls words a few
    hundred statements, not 20,000 (WhyLine is immutable, so sharing it is safe)."""
    key = (id(ref), indent)
    found = _REF_LINES.get(key)
    if found is not None and found[0] is ref:
        return found[1]
    line = WhyLine(f"▶ {ref_words(ref)}", Tone.ALLOW if ref.effect == "Allow" else Tone.DENY,
                   indent)
    if len(_REF_LINES) >= REF_LINES_KEPT:
        _REF_LINES.clear()
    _REF_LINES[key] = (ref, line)
    return line


REF_LINES_KEPT = 4096
_REF_LINES: dict[tuple[int, int], tuple[StatementRef, WhyLine]] = {}
"""By (id(ref), indent); the ref is kept beside its line, so its id is not reused meanwhile."""
_DECIDED_BY = WhyLine("Decided by:", Tone.HEADING)


def decision_lines(decision: Decision) -> list[WhyLine]:
    """The verdict in a sentence, then the deciding statements (or what had to allow)."""
    reason = decision.reason
    verdict = (reason[0].upper() + reason[1:] if reason.startswith("allowed")
               else f"{decision.outcome}: {reason}")
    lines = [WhyLine(verdict)]
    if decision.deciding:
        lines.append(_DECIDED_BY)
        lines += statement_lines(decision.deciding)
    elif decision.blocked_by is not None:
        lines.append(WhyLine(f"Nothing in the {decision.blocked_by} allows it.", Tone.DENY))
    return lines


def decision_text(decision: Decision) -> list[str]:
    """`plain(decision_lines(decision))`, without making a WhyLine per line: the report of a
    20,000-call file words every decision, and most lines are the same few statements."""
    reason = decision.reason
    verdict = (reason[0].upper() + reason[1:] if reason.startswith("allowed")
               else _OUTCOME_HEADS[decision.outcome] + reason)
    deciding = decision.deciding
    if deciding:
        lines = [verdict, "Decided by:"]
        for ref in deciding[:DECIDING_SHOWN]:
            found = _REF_TEXTS.get(id(ref))
            if found is None or found[0] is not ref:
                if len(_REF_TEXTS) >= REF_LINES_KEPT:
                    _REF_TEXTS.clear()
                # str(_ref_line(ref, 2)), without the WhyLine the text path has no use for
                found = _REF_TEXTS[id(ref)] = (ref, f"  ▶ {ref_words(ref)}")
            lines.append(found[1])
        if len(deciding) > DECIDING_SHOWN:
            lines.append(f"  and {len(deciding) - DECIDING_SHOWN} more statements")
        return lines
    if decision.blocked_by is not None:
        return [verdict, _NOTHING_ALLOWS[decision.blocked_by]]
    return [verdict]


_OUTCOME_HEADS = {outcome: f"{outcome}: " for outcome in Outcome}
_NOTHING_ALLOWS = {kind: f"Nothing in the {kind} allows it." for kind in PolicyType}
"""`decision_text`'s words per outcome and per policy type, formatted once (formatting an
enum member in an f-string costs several times a dict look-up, and a denial without a
deciding statement is worded per call)."""
_REF_TEXTS: dict[int, tuple[StatementRef, str]] = {}
"""`decision_text`'s line per StatementRef, by id (the ref kept beside it, as in _REF_LINES)."""


# ------------------------------------------------------------------------------ the grant


def _side(decision: Decision, types: Sequence[PolicyType]) -> list[StatementRef]:
    return [ref for ref in decision.deciding if ref.policy_type in types]


def _account_words(account: str, names: Mapping[str, str]) -> str:
    name = names.get(account)
    return f"{account} ({name})" if name else account


def _caller_limits(grant: SessionGrant) -> str:
    boundary = (f"Its permissions boundary {grant.boundary} allows it too (EV-10)"
                if grant.boundary else "No permissions boundary")
    if grant.scps is None:
        scps = "no SCP (the account is in no organization, or is its management account)"
    else:
        scps = f"the organization's {grant.scps} SCP{'s' if grant.scps != 1 else ''} allow it"
    return f"{boundary}; {scps}."


def halves_lines(grant: SessionGrant, names: Mapping[str, str] | None = None) -> list[WhyLine]:
    """Both halves of an allowed AssumeRole*: what the caller's side and the role's trust
    policy each contributed, and the rule that says which were needed."""
    names = names or {}
    decision = grant.decision
    if decision is None:
        return []
    role_name = grant.role_arn.rsplit("/", 1)[-1]
    trust_refs = _side(decision, (PolicyType.TRUST,))
    caller_refs = _side(decision, CALLER_SIDE)
    lines: list[WhyLine] = []
    if grant.federated:
        lines.append(WhyLine("The trust policy alone allowed it (TP-01)", Tone.HEADING))
        lines.append(WhyLine(f"Role's side: the trust policy of {role_name}", indent=0))
        lines += statement_lines(trust_refs)
        lines.append(WhyLine("A web-identity or SAML caller has no policies of its own in "
                             "AWS, so the role's trust policy is the only half there is.",
                             Tone.NOTE))
    elif grant.cross_account:
        lines.append(WhyLine("Both halves allowed it: cross-account (XA-01, TP-10)",
                             Tone.HEADING))
        lines.append(WhyLine("Caller's side, account "
                             f"{_account_words(grant.caller_account, names)}: its identity "
                             "policies allow sts:AssumeRole on the role"))
        lines += statement_lines(caller_refs)
        lines.append(WhyLine(_caller_limits(grant), indent=2))
        lines.append(WhyLine("Role's side, account "
                             f"{_account_words(grant.role_account, names)}: the trust policy "
                             f"of {role_name} names the caller"))
        lines += statement_lines(trust_refs)
        lines.append(WhyLine(
            "Why both: the caller and the role are in different accounts, and each account "
            "decides for itself. The role's account says who may come in (its trust policy); "
            "the caller's account says where its people may go (their identity policies). "
            "Either one silent is AccessDenied.", Tone.NOTE))
    elif not [ref for ref in caller_refs if ref.policy_type is PolicyType.IDENTITY]:
        lines.append(WhyLine("The trust policy allowed it: same account, caller named (TP-09)",
                             Tone.HEADING))
        lines.append(WhyLine(f"Role's side: the trust policy of {role_name} names the caller "
                             "itself"))
        lines += statement_lines(trust_refs)
        lines.append(WhyLine("Caller's side: no identity policy was needed. "
                             + _caller_limits(grant), indent=0))
        lines += statement_lines(caller_refs)
        lines.append(WhyLine(
            "Why one half is enough: caller and role are in the same account "
            f"{_account_words(grant.role_account, names)}, so one account decides, and a "
            "trust policy that names the caller itself is that account's yes. Across "
            "accounts the caller's own identity policy would have to allow too (TP-10).",
            Tone.NOTE))
    else:
        lines.append(WhyLine("Both allowed it: same account, trust names only the account "
                             "(TP-09)", Tone.HEADING))
        lines.append(WhyLine(f"Role's side: the trust policy of {role_name} names the account "
                             "(or \"*\"), not the caller"))
        lines += statement_lines(trust_refs)
        lines.append(WhyLine("Caller's side: its identity policies allow sts:AssumeRole"))
        lines += statement_lines(caller_refs)
        lines.append(WhyLine(_caller_limits(grant), indent=2))
        lines.append(WhyLine(
            "Why both: a trust policy that names only the account hands the decision to the "
            "account's own policies, so the caller's identity policy had to allow too "
            "(TP-09, EV-08).", Tone.NOTE))
    for action, extra in zip(grant.actions[1:], grant.decisions[1:], strict=False):
        why = {"sts:TagSession": "session tags were passed or inherited (TAG-02, TAG-15)",
               "sts:SetSourceIdentity": "a source identity was set or carried (SI-01, SI-03)"}
        lines.append(WhyLine(f"{action} was checked too, because {why.get(action, 'it was')}:"
                             ))
        lines += statement_lines(extra.deciding)
    return lines


def duration_words(grant: SessionGrant) -> str:
    """Where the session's lifetime comes from (AR-03, AR-04, CH-02, CH-03)."""
    d = grant.duration
    if d.requested is None:
        said = "no DurationSeconds was asked for, so the default of 1 h (AR-03"
        said += ", CH-03)" if d.chained else ")"
    else:
        said = f"DurationSeconds {d.requested} ({hours(d.requested)}) was asked for"
    if d.chained:
        said += ("; this is role chaining, so 1 h at most whatever the role allows (CH-02: "
                 "credentials derived from temporary credentials live at most an hour)")
    else:
        said += f"; the role allows up to {hours(d.role_max)} (its MaxSessionDuration, AR-04)"
    return said


def changed_lines(session: Session, names: Mapping[str, str] | None = None) -> list[WhyLine]:
    """What a successful session-making step changed: who calls are made as, until when and
    why then, and the tags."""
    grant = session.grant
    lines = [WhyLine("What changed", Tone.HEADING)]
    was = f" (was {session.parent.arn})" if session.parent is not None else ""
    lines.append(WhyLine(f"New session: {session.arn}{was}."))
    if session.kind.is_role_session and session.parent is not None:
        lines.append(WhyLine("Calls are now made as the role: the caller's own permissions "
                             "are set aside until exit (XA-04).", indent=2))
    if session.expiration is not None and session.issued is not None:
        span = int((session.expiration - session.issued).total_seconds())
        lines.append(WhyLine(f"Expires {format_time(session.expiration)}, {hours(span)} after "
                             "it was issued."))
        if grant is not None:
            lines.append(WhyLine(f"Why then: {duration_words(grant)}.", indent=2))
    hop = tag_hop(session)
    lines += [WhyLine(text, indent=0) for text in hop.sentences()] or [
        WhyLine("No session tags.")]
    if session.source_identity:
        carried = session.parent is not None and (
            session.parent.source_identity == session.source_identity)
        how = "carried on from the calling session (SI-03)" if carried else "set now (SI-01)"
        lines.append(WhyLine(f"Source identity {session.source_identity}: {how}."))
    return lines


def granted_lines(session: Session, names: Mapping[str, str] | None = None) -> list[WhyLine]:
    """Everything a successful AssumeRole* step should say: both halves, then what changed."""
    lines: list[WhyLine] = []
    if session.grant is not None:
        lines += halves_lines(session.grant, names)
    return lines + changed_lines(session, names)


# ----------------------------------------------------------------------------- tags by hop


@dataclass(frozen=True)
class TagHop:
    """The tags of one session of a chain, as they came to be (TAG-06, TAG-09..TAG-16).

    `own` are the role's or user's IAM tags (never transitive, TAG-09); `passed` the session
    tags passed in the call that made this session; `transitive` the keys marked transitive
    (passed now or inherited); `inherited` the transitive tags that came from the calling
    session (TAG-10); `dropped` the calling session's tags that did not come along because
    they were not transitive (TAG-16); `overridden` (key, own value, new value, by what) for
    each own tag a session tag replaced (TAG-06, TAG-13)."""

    arn: str
    kind: SessionKind
    own: dict[str, str] = field(default_factory=dict)
    passed: dict[str, str] = field(default_factory=dict)
    transitive: tuple[str, ...] = ()
    inherited: dict[str, str] = field(default_factory=dict)
    dropped: dict[str, str] = field(default_factory=dict)
    overridden: tuple[tuple[str, str, str, str], ...] = ()

    def is_transitive(self, key: str) -> bool:
        return key.lower() in {k.lower() for k in self.transitive}

    def sentences(self) -> list[str]:
        """The hop in words; nothing when it has no tags of any kind."""
        out: list[str] = []
        if self.passed:
            shown = [f"{k}={v}" + (" (transitive)" if self.is_transitive(k) else "")
                     for k, v in self.passed.items()]
            out.append(f"Session tags passed: {listing(shown, limit=6)} (TAG-01).")
        if self.inherited:
            shown = [f"{k}={v}" for k, v in self.inherited.items()]
            out.append(f"Inherited as transitive from the calling session: "
                       f"{listing(shown, limit=6)} (TAG-10).")
        if self.dropped:
            shown = [f"{k}={v}" for k, v in self.dropped.items()]
            out.append(f"Dropped, not transitive in the calling session: "
                       f"{listing(shown, limit=6)} (TAG-16).")
        for key, old, new, by in self.overridden:
            fact = "TAG-13" if by == str(TagOrigin.INHERITED) else "TAG-06"
            out.append(f"The {'role' if self.kind.is_role_session else 'user'} tag {key}={old} "
                       f"is overridden by the {by} {key}={new} ({fact}).")
        return out


def tag_hop(session: Session) -> TagHop:
    """How the tags of `session` came to be."""
    own_origins = (TagOrigin.ROLE_TAG, TagOrigin.USER_TAG)
    grant = session.grant
    own = dict(grant.role_tags) if grant is not None else {
        t.key: t.value for t in session.principal_tags if t.origin in own_origins}
    winners = {t.key.lower(): t for t in session.principal_tags}
    overridden = []
    for key, value in own.items():
        winner = winners.get(key.lower())
        if winner is not None and winner.origin not in own_origins:
            overridden.append((key, value, winner.value, str(winner.origin)))
    return TagHop(
        arn=session.arn, kind=session.kind, own=own, passed=session.passed_session_tags,
        transitive=tuple(session.transitive_tag_keys),
        inherited=session.inherited_session_tags,
        dropped=dict(grant.dropped_tags) if grant is not None else {},
        overridden=tuple(overridden))


def tag_hops(session: Session | None) -> list[TagHop]:
    """Every session of the chain, bottom (signed-in identity) first."""
    return [tag_hop(node) for node in session.chain()] if session is not None else []


# --------------------------------------------------------------------- steps without a decision


def signed_in_lines(session: Session) -> list[WhyLine]:
    """A sign-in: who, with what kind of credentials, and which policies will decide."""
    who = "the account's root user" if session.kind is SessionKind.ROOT else "an IAM user"
    mfa = ", with MFA" if session.mfa else ""
    lines = [WhyLine(f"Signed in as {session.arn}: {who}, long-term credentials that do "
                     f"not expire{mfa}.")]
    if session.kind is SessionKind.ROOT:
        lines.append(WhyLine("The root user is allowed everything in its own account unless "
                             "an SCP or an explicit Deny says otherwise (EV-01), and it cannot "
                             "assume roles (AR-17).", Tone.NOTE))
    else:
        lines.append(WhyLine("Every call is now decided by this user's own policies (and its "
                             "groups'), until it assumes a role.", Tone.NOTE))
    if session.console:
        lines.append(WhyLine("A console sign-in with the user's password: its requests carry "
                             f"aws:MultiFactorAuthPresent = {str(session.mfa).lower()}, where "
                             "requests signed with an access key carry no such key (CK-08).",
                             Tone.NOTE))
    return lines


def exited_lines(now_top: Session | None) -> list[WhyLine]:
    """An exit: the identity below is back, with its own permissions (REV-07, XA-04)."""
    if now_top is None:
        return []
    return [WhyLine(f"Back to {now_top.arn}: the role session is left, and calls are decided "
                    "by this identity's own permissions again (REV-07, XA-04).")]


def advanced_lines(now: datetime, stack: Sequence[Session]) -> list[WhyLine]:
    """The clock moved: the time, and any session on the stack that has expired by now."""
    lines = [WhyLine(f"The clock is now {format_time(now)}.")]
    for session in stack:
        if session.expiration is not None and session.expired(now):
            lines.append(WhyLine(f"The session {session.arn} expired at "
                                 f"{format_time(session.expiration)}: calls signed with it "
                                 "now fail with ExpiredToken (ER-07).", Tone.DENY))
    return lines


WORLD_CHANGED = WhyLine("Done: the world changed for every later step, and for the sessions "
                        "already issued too, since every request is decided afresh (EV-16).")


def refused_lines(decision: Decision, caller_account: str, role_account: str) -> list[WhyLine]:
    """Which half of an AssumeRole said no, and the rule that made that enough (XA-01, TP-01,
    TP-09, TP-10)."""
    if decision.allowed or decision.blocked_by is None:
        return []
    cross = caller_account != role_account
    if decision.outcome is Outcome.EXPLICIT_DENY:
        half = "role's" if decision.blocked_by is PolicyType.TRUST else "caller's"
        return [WhyLine(f"The {half} half said no, explicitly: a Deny in its "
                        f"{decision.blocked_by} wins over every Allow, in either account "
                        "(EV-02).", Tone.NOTE)]
    if decision.blocked_by is PolicyType.TRUST:
        return [WhyLine("The role's half said no: its trust policy does not let this caller in "
                        "as the request stands. Whoever the caller is, and whatever its own "
                        "policies allow, a role is entered only through its trust policy "
                        "(TP-01).", Tone.NOTE)]
    if cross:
        return [WhyLine(f"The caller's half said no: its {decision.blocked_by} does not allow "
                        "sts:AssumeRole on this role. The caller and the role are in different "
                        "accounts, so both halves must allow: the role's trust policy alone is "
                        "not enough (XA-01, TP-10).", Tone.NOTE)]
    return [WhyLine(f"The caller's half said no: its {decision.blocked_by} does not allow "
                    "sts:AssumeRole on this role. In one account, a trust policy that names only "
                    "the account leaves the decision to the caller's own policies (TP-09).",
                    Tone.NOTE)]
