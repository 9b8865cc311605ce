"""`rolesim inspect` and `rolesim who-can-assume`: the session inspector and the trust analysis
without the TUI.

`inspect` replays a file up to and including step N (1-based, as the TUI numbers steps; 0 is
before any step; default: the last) and shows what the inspector shows: who you are now (the
top of the credential stack, as the Identity tab; the signed-in identity apart), the
credential stack with expiry and time left, session and
principal tags with their origin, source identity, session policies, the top session's
effective permissions (per service: `actions`, `access_levels`, and `resources` for the actions
allowed on more than `*` alone), `uncatalogued_actions` (allowed action names and patterns the
catalogue does not list: never dropped), and what it gave up compared to the identity below it
(XA-04).
`inspection(simulator)` builds the same object for any front end.

`who-can-assume` analyses the world as the file defines it (before any step).
Errors are one line on stderr and exit status 2; never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rolesim.core.clock import format_time
from rolesim.core.sts.session import Session
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.fit_lines import fit_lines
from rolesim.scenario.session_view import identity_json, session_json

EXIT_OK, EXIT_ERROR = 0, 2
WHO = "who-can-assume"  # the command, as its errors name it
LISTED_ACTIONS = 12


def _session_entry(session: Session, now: Any) -> dict[str, Any]:
    """The `session` fields of `rolesim run --json`, plus what the inspector adds."""
    entry = session_json(session)
    entry.update({
        "kind": str(session.kind),
        "expired": session.expired(now),
        "seconds_left": session.seconds_left(now),
        "principal_tag_origins": {t.key: str(t.origin) for t in session.principal_tags},
        "session_policies": (None if session.session_policies is None
                             else [p.arn or p.label for p in session.session_policies]),
    })
    return entry


def inspection(simulator: Any) -> dict[str, Any]:
    """What the inspector shows about the simulator's stack, as one JSON-ready object."""
    from rolesim.core.analysis.effective import effective_permissions, given_up

    now = simulator.clock.now
    stack: list[Session] = list(simulator.stack)
    out: dict[str, Any] = {
        "clock": format_time(now),
        "identity": identity_json(stack[-1]) if stack else None,
        "signed_in": identity_json(stack[0]) if stack else None,
        "chain": [_session_entry(s, now) for s in stack],
        "effective_permissions": {},
        "uncatalogued_actions": [],
        "given_up": {},
        "gained": {},
    }
    top = simulator.top
    if top is not None:
        effective = effective_permissions(simulator, top)
        out["effective_permissions"] = effective.to_json(resources=True)
        out["uncatalogued_actions"] = list(effective.uncatalogued)
        lost, gained = given_up(simulator, top)
        out["given_up"] = lost.to_json()
        out["gained"] = gained.to_json()
    return out


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h{minutes:02d}m"
    return f"{minutes}m{secs:02d}s" if minutes else f"{secs}s"


def _chain_line(index: int, entry: dict[str, Any]) -> str:
    bits = [entry["kind"]]
    if entry["expiration"] is None:
        bits.append("long-term")
    elif entry["expired"]:
        bits.append(f"EXPIRED at {entry['expiration']}")
    else:
        bits.append(f"expires {entry['expiration']} ({_duration(entry['seconds_left'])} left)")
    if entry["chained"]:
        bits.append("chained")
    if entry["mfa"]:
        bits.append("MFA")
    return f"  depth {index}: {entry['arn']}  ({', '.join(bits)})"


def _permission_lines(title: str, summary: dict[str, Any]) -> list[str]:
    total = sum(len(s["actions"]) for s in summary.values())
    lines = [f"{title}: {total} action{'s' if total != 1 else ''} in {len(summary)} "
             f"service{'s' if len(summary) != 1 else ''}"]
    for prefix, service in summary.items():
        levels = ", ".join(f"{lvl} {n}" for lvl, n in service["access_levels"].items() if n)
        actions = service["actions"]
        line = f"  {prefix}: {len(actions)} ({levels})"
        scoped = service.get("resources", {})
        if len(actions) <= LISTED_ACTIONS:
            line += ": " + ", ".join(_with_resources(a, scoped.get(a)) for a in actions)
        lines.append(line)
    return lines


def _with_resources(action: str, where: list[str] | None) -> str:
    name = action.split(":", 1)[1]
    return f"{name} on {', '.join(where)}" if where else name


def inspection_lines(data: dict[str, Any]) -> list[str]:
    """The inspection as text, for a terminal."""
    lines = [f"Clock: {data['clock']}"]
    identity = data["identity"]
    if identity is None:
        return [*lines, "Nobody has signed in: the credential stack is empty."]
    lines.append(f"Identity now: {identity['arn']} ({identity['type']}, account "
                 f"{identity['account']}, user id {identity['user_id']})")
    signed_in = data["signed_in"]
    if signed_in is not None and signed_in["arn"] != identity["arn"]:
        lines.append(f"Signed in as: {signed_in['arn']} ({signed_in['type']}, account "
                     f"{signed_in['account']})")
    lines.append("Chain (bottom to top, by depth on the credential stack):")
    lines += [_chain_line(i, e) for i, e in enumerate(data["chain"])]
    top = data["chain"][-1]
    origins = top["principal_tag_origins"]
    transitive = set(top["transitive_tag_keys"])
    tags = ", ".join(f"{k}={v}" + (" (transitive)" if k in transitive else "")
                     for k, v in top["session_tags"].items()) or "none"
    lines.append(f"Session tags: {tags}")
    ptags = ", ".join(f"{k}={v} ({origins.get(k, '')})"
                      for k, v in top["principal_tags"].items()) or "none"
    lines.append(f"Principal tags: {ptags}")
    lines.append(f"Source identity: {top['source_identity'] or 'none'}")
    policies = top["session_policies"]
    lines.append("Session policies: " + ("none passed" if policies is None
                                         else ", ".join(policies) or "none (allows nothing)"))
    lines += _permission_lines("Effective permissions", data["effective_permissions"])
    if data["uncatalogued_actions"]:
        from rolesim.core.catalog import catalog_data_version

        lines.append(f"  also allowed, not in the catalogue (data version "
                     f"{catalog_data_version()}): {', '.join(data['uncatalogued_actions'])}")
    if len(data["chain"]) > 1:
        below = data["chain"][-2]["arn"]
        lines += _permission_lines(f"Given up compared to {below}", data["given_up"])
        lines += _permission_lines("Gained", data["gained"])
    return lines


def _fail(message: str | ScenarioError, command: str = "inspect") -> int:
    """One line per problem, as `run` prints them; untrusted text escaped (safe_text)."""
    from rolesim.scenario.errors import print_error

    print_error(command, message)
    return EXIT_ERROR


def _load(path: Path) -> Any:
    from rolesim.scenario.importer.detect import load_any

    return load_any(path)


def run_inspect(path: Path, step: int | None, as_json: bool) -> int:
    """Replay `path` through step `step` and print the inspection.

    Steps are numbered from 1, as the TUI and the transcript number them: `--step 3` is the
    state after the third step, `--step 0` before any, the default after the last. The JSON
    gives `step` (that number) and, when a step has run, its 0-based `index` in the file."""
    from rolesim.scenario.runner import replay

    try:
        scenario = _load(Path(path))
        count = len(scenario.steps)
        if step is None:
            step = count
        elif not 0 <= step <= count:
            which = f"1..{count}, or 0 for before the first" if count else "only 0"
            return _fail(f"{path}: --step {step}: the file has {count} steps ({which})")
        result = replay(scenario, upto=step)
    except ScenarioError as exc:
        return _fail(exc)
    except OSError as exc:
        return _fail(f"{path}: {exc.strerror or exc}")
    data: dict[str, Any] = {"step": step}
    if step:
        data.update(index=step - 1, do=scenario.steps[step - 1].do)
    data.update(inspection(result.simulator))
    if as_json:
        print(json.dumps(data, indent=2))
    else:
        after = f"after step {step} ({scenario.steps[step - 1].do})" if step else "before any step"
        print("\n".join(fit_lines([f"{path}: {after}", *inspection_lines(data)])))
    return EXIT_OK


def run_who_can_assume(path: Path, role_arn: str, as_json: bool) -> int:
    """Print every principal of the file's world that can reach `role_arn`, how and why; who
    the trust names but is refused, and why; and what the trust lets in from outside it."""
    from rolesim.core.analysis.who_can_assume import explain_who_can_assume
    from rolesim.scenario.build import build_world
    from rolesim.scenario.bulk import loading_to_keep
    from rolesim.scenario.runner import start_time

    try:
        # The analysis too: everything it makes (callers, compiled policies) lives to its
        # end, and collections walking it as it grows were ~15% of it on a 5,000-role world.
        with loading_to_keep():
            scenario = _load(Path(path))
            world = build_world(scenario)
            if role_arn not in world.roles:
                from rolesim.scenario.missing_principal import missing_principal

                return _fail(f"{path}: " + missing_principal(role_arn, "role", world.roles,
                                                              world.users), WHO)
            answer = explain_who_can_assume(world, role_arn, start_time(scenario))
    except ScenarioError as exc:
        return _fail(exc, WHO)
    except OSError as exc:
        return _fail(f"{path}: {exc.strerror or exc}", WHO)
    if as_json:
        print(json.dumps([p.to_json() for p in answer.paths], indent=2))
        return EXIT_OK
    print("\n".join(fit_lines(who_can_assume_lines(role_arn, answer))))
    return EXIT_OK


def who_can_assume_lines(role_arn: str, answer: Any) -> list[str]:
    """The text of `rolesim who-can-assume`: each path with the statements that let every hop
    in, then the callers refused with the evaluator's reason, then the trust's reach outside
    the world."""
    from rolesim.core.safe_text import escape_controls

    if answer.paths:
        lines = [f"Who can assume {role_arn}:"]
    else:
        lines = [f"No principal of the world can assume {role_arn}."]
    for found in answer.paths:
        lines.append(f"  {found.kind} {found.principal}")
        lines.append(f"    path: {' -> '.join(found.path)}")
        for need in found.requires:
            lines.append(f"    needs: {need}")
        for hop in found.hops:
            into = hop.role.rsplit("/", 1)[-1]
            head = f"    why ({into}): " if len(found.hops) > 1 else "    why: "
            lines.append(head + ("; ".join(hop.why) or "allowed"))
    if answer.refused:
        lines.append("Refused (the trust names them, or their own policies allow it):")
        for refused in answer.refused:
            lines.append(f"  {refused.kind} {refused.principal}")
            lines.append(f"    why not: {escape_controls(refused.reason)}")
    if answer.outside:
        lines.append("The trust also lets in, from outside this world:")
        lines += [f"  {escape_controls(text)}" for text in answer.outside]
    return lines
