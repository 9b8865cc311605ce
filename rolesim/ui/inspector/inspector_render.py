"""The session inspector's text: who am I, expiry, the chain, tags and why.

Everything shown is read from the core's Session, StepResult and Decision; nothing here decides
anything. Kept apart from the widget so it can be tested and timed without a terminal.

Text is built as Rich Text and shown as `inspector_grid.Section`s, which Textual renders
natively (a Rich Table in a Static costs a Rich console pass to measure and another to render).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from rich.text import Text

from rolesim.core.clock import format_time
from rolesim.core.sts.session import Session, SessionKind
from rolesim.ui.inspector.inspector_grid import Grid, Section
from rolesim.ui.steps.stepper_model import outcome_style, short_arn

WARN_SECONDS = 5 * 60
"""Under five minutes left, the countdown turns from green to the warning colour."""
CHAIN_CAP_SECONDS = 3600
"""A session from role chaining lasts at most one hour (CH-02)."""


def account_names(world: Any) -> dict[str, str]:
    return {aid: acc.name for aid, acc in getattr(world, "accounts", {}).items() if acc.name}


Row = tuple[Text, Text | str]


def _kv(rows: list[Row], key: str, value: Text | str) -> None:
    rows.append((Text(key, style="bold"), value))


def countdown(session: Session | None, now: datetime) -> Text:
    """`42:10 left` on the simulated clock; the warning colour under 5 minutes; `expired` at or
    past the expiration; long-term credentials do not expire; an instance profile's or a
    service role's temporary credentials are renewed by the service before they expire
    (SVC-08), so they never run out on the clock."""
    if session is not None and session.expiration is None and session.temporary:
        return Text("renewed by the service (SVC-08)", style="dim")
    if session is None or session.expiration is None:
        return Text("long-term: no expiry", style="dim")
    if session.expired(now):
        return Text(" EXPIRED ", style="bold white on red")
    left = session.seconds_left(now) or 0
    hours, rest = divmod(left, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"
    style = "bold black on yellow" if left < WARN_SECONDS else "bold green"
    return Text(f" {clock} left ", style=style)


def whoami(session: Session | None, world: Any) -> Section:
    """What `aws sts get-caller-identity` says, plus the principal type."""
    if session is None:
        return Section(Text("Nobody has signed in yet: calls fail with "
                            "MissingAuthenticationToken.", style="italic"))
    names = account_names(world)
    grid: list[Row] = []
    _kv(grid, "Arn", Text(session.arn, style="bold cyan"))
    _kv(grid, "UserId", session.user_id)
    name = names.get(session.account)
    account = session.account + (f"  ({name})" if name else "")
    _kv(grid, "Account", account)
    _kv(grid, "Type", f"{session.caller.type}  · {session.kind}")
    return Section(Text("Who am I  (GetCallerIdentity)", style="bold underline"), Grid(grid))


def expiry(session: Session | None, now: datetime) -> Section:
    grid: list[Row] = []
    _kv(grid, "Clock", format_time(now))
    if session is not None and session.issued is not None:
        _kv(grid, "Issued", format_time(session.issued))
    if session is not None and session.expiration is not None:
        _kv(grid, "Expires", format_time(session.expiration))
    _kv(grid, "Time left", countdown(session, now))
    return Section(Text("Expiry", style="bold underline"), Grid(grid))


def details(session: Session | None) -> Section:
    """Source identity, MFA and session policies of the current session."""
    if session is None:
        return Section("")
    grid: list[Row] = []
    _kv(grid, "Source identity", session.source_identity or Text("none", style="dim"))
    mfa = "yes" + (f" (at {format_time(session.mfa_time)})" if session.mfa_time else "")
    _kv(grid, "MFA", Text(mfa, style="green") if session.mfa else Text("no", style="dim"))
    policies = session.session_policies
    if policies is None:
        text = Text("none passed: the role's permissions apply in full", style="dim")
    elif not policies:
        text = Text("none passed: a federated user with no session policy can do nothing",
                    style="yellow")
    else:
        text = Text("\n".join(p.arn or p.label for p in policies))
    _kv(grid, "Session policies", text)
    return Section(Grid(grid))


def _node_cell(node: Session, names: Mapping[str, str], now: datetime) -> Text:
    label = {SessionKind.ROOT: "root user", SessionKind.USER: "IAM user"}.get(node.kind,
                                                                              str(node.kind))
    cell = Text()
    cell.append(label, style="bold")
    if node.mfa:
        cell.append("  MFA", style="green")
    cell.append("\n")
    cell.append(short_arn(node.arn, names), style="cyan")
    if node.expiration is None:
        cell.append("\nlong-term credentials", style="dim")
    else:
        issued = format_time(node.issued) if node.issued else "?"
        cell.append(f"\nissued {issued}\nexpires {format_time(node.expiration)}  ")
        cell.append_text(countdown(node, now))
    if node.chained:
        cell.append("\n")
        cell.append("chained", style="bold magenta")
        cell.append(": at most 1 hour (CH-02)", style="magenta")
    return cell


def chain(session: Session | None, world: Any, now: datetime) -> Section:
    """From the signed-in identity (bottom) to the current session (top)."""
    if session is None:
        return Section(Text("The credential stack is empty.", style="italic"))
    names = account_names(world)
    rows: list[tuple[str, Text | str]] = []
    nodes = session.chain()
    for depth, node in enumerate(nodes):
        marker = "●" if depth == 0 else "  " * (depth - 1) + "└▶"
        rows.append((marker, _node_cell(node, names, now)))
        if depth < len(nodes) - 1:
            rows.append(("", ""))
    parts: list[Text | Grid] = [
        Text("Credential chain (signed-in identity first)", style="bold underline"),
        Grid(rows, gap=1, label_style="dim")]
    if session.chained:
        parts.append(Text(
            "\nRole chaining: this session came from another role session, so AWS caps it at "
            "1 hour whatever the role's MaxSessionDuration; asking for more is a "
            "ValidationError (CH-02).", style="magenta"))
    return Section(*parts)


SHORT_ORIGINS = {"user tag": "user", "role tag": "role", "session tag": "session",
                 "inherited transitive": "inherited"}
"""Origins in a narrow inspector, where the title says that ⇢ means transitive."""


def tag_rows(session: Session | None, *,
             narrow: bool = False) -> list[tuple[Text, Text, Text, Text]]:
    """key, value, origin, transitive marker for each principal tag (TAG-09); `narrow`: short
    origins and a bare ⇢, so the four columns fit at 80 columns."""
    if session is None:
        return []
    rows = []
    for tag in sorted(session.principal_tags, key=lambda t: t.key.lower()):
        origin = str(tag.origin)
        origin_style = {"session tag": "cyan", "inherited transitive": "magenta"}.get(origin, "")
        marker = ("⇢" if narrow else "⇢ transitive") if tag.transitive else ""
        rows.append((Text(tag.key, style="bold"), Text(tag.value),
                     Text(SHORT_ORIGINS.get(origin, origin) if narrow else origin,
                          style=origin_style),
                     Text(marker, style="magenta")))
    return rows


def _tag_list(tags: Mapping[str, str], hop: Any = None) -> Text:
    text = Text()
    for number, (key, value) in enumerate(tags.items()):
        if number:
            text.append(", ")
        text.append(f"{key}={value}")
        if hop is not None and hop.is_transitive(key):
            text.append(" ")  # in the plain run: a run that starts with a space can lose it
            text.append("⇢ transitive", style="magenta")
    return text


def _with_note(text: Text, note: str) -> Text:
    """`text`, then a dim note; the gap belongs to the text, so no run starts with a space."""
    out = text.copy()
    out.append("  ")
    out.append(note, style="dim")
    return out


def tag_hops(session: Session | None) -> Section:
    """The tags hop by hop, bottom first: the principal's own tags, the session tags passed
    (transitive marked), inherited as transitive, dropped, overridden (TAG-06..TAG-16)."""
    from rolesim.core.why import tag_hops as hops_of

    hops = hops_of(session)
    if not hops:
        return Section("")
    parts: list[Text | Grid] = [Text("Hop by hop (signed-in identity first)",
                                     style="bold underline")]
    rows: list[Row] = []
    for number, hop in enumerate(hops, start=1):
        if rows:
            rows.append((Text(""), ""))
        first = len(rows)
        rows.append((Text(f"hop {number}", style="bold"), Text(hop.arn, style="cyan")))
        own = "role tags" if hop.kind.is_role_session else "user tags"
        if hop.own:
            rows.append((Text(own, style="bold"), _with_note(
                _tag_list(hop.own), "(never transitive, TAG-09)")))
        if hop.passed:
            rows.append((Text("passed", style="bold cyan"), _with_note(
                _tag_list(hop.passed, hop), "(TAG-01)")))
        if hop.inherited:
            rows.append((Text("inherited", style="bold magenta"), _with_note(
                _tag_list(hop.inherited), "transitive, from the hop before (TAG-10)")))
        if hop.dropped:
            rows.append((Text("dropped", style="bold red"), _with_note(
                _tag_list(hop.dropped), "not transitive, so not carried on (TAG-16)")))
        for key, old, new, by in hop.overridden:
            fact = "TAG-13" if by == "inherited transitive" else "TAG-06"
            rows.append((Text("overridden", style="bold yellow"),
                         Text(f"{key}={old} → {new}, by the {by} ({fact})")))
        if len(rows) == first + 1:
            rows.append((Text("no tags", style="dim"), Text("")))
    parts.append(Grid(rows))
    return Section(*parts)


TONE_STYLES = {"heading": "bold", "allow": "bold black on green", "deny": "bold white on red",
               "note": "italic", "plain": ""}
"""How the Why tab shows each tone of the core's explanation lines."""


def why(result: Any, world: Any = None) -> Section:
    """The selected step's reasons, for every outcome (the core's `why` lines, styled): the
    message, the deciding statements highlighted, both halves and what changed for a new
    session; then every policy and statement the evaluator considered."""
    if result is None:
        return Section(Text("Select a step that has run to see why it had its outcome.",
                            style="italic"))
    header = Text()
    header.append(f"Step {result.number} · {result.do} → ", style="bold")
    header.append(str(result.outcome), style=outcome_style(str(result.outcome)))
    parts: list[Text | Grid] = [header]
    for line in result.why(account_names(world)):
        text = Text(line.text, style=TONE_STYLES.get(str(line.tone), ""))
        # an indented line is a one-row grid, so that its wrapped lines keep the indent
        parts.append(Grid([(" " * line.indent, text)], gap=0) if line.indent else text)
    decision = getattr(result, "decision", None)
    if decision is not None:
        parts.append(Text("Every policy considered:", style="bold"))
        parts.extend(_trace_lines(decision.trace(), set(decision.deciding)))
    return Section(*parts)


def _trace_lines(trace: Iterable[Any], deciding: set[Any]) -> list[Text]:
    lines: list[Text] = []
    for policy in trace:
        lines.append(Text(f"  {policy.type}: {policy.label}", style="bold cyan"))
        for st in policy.statements:
            sid = f' "{st.ref.sid}"' if st.ref.sid else ""
            text = Text(f"    {st.ref.effect:<5} Statement[{st.ref.index}]{sid}: ")
            if st.ref in deciding:
                text.stylize("bold reverse")
                text.append("DECIDED ", style="bold reverse")
            text.append("matched" if st.matched else "no match",
                        style="green" if st.matched else "dim")
            if st.why:
                text.append(f" — {st.why}", style="dim")
            lines.append(text)
    return lines
