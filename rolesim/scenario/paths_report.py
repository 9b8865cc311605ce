"""`rolesim paths` and `rolesim graph`: the attack-path analysis of a file's world, in words,
JSON, Graphviz DOT or Mermaid (docs/paths.md)."""

from __future__ import annotations

import argparse
import json
import re
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

from rolesim.core.words import counted
from rolesim.scenario.errors import ScenarioError, print_error, print_note
from rolesim.scenario.missing_principal import missing_principal

if TYPE_CHECKING:
    from rolesim.core.analysis.paths import Edge, Graph
    from rolesim.core.analysis.paths import Path as AttackPath
    from rolesim.core.analysis.paths.budget import BudgetExceeded
    from rolesim.core.analysis.paths.groups import GroupEdge
    from rolesim.core.world import World

EXIT_OK, EXIT_ERROR = 0, 2
MAX_EDGES = 1000
"""`graph` draws at most this many edges unless told (--max-edges): past it, principals with
the same edges are drawn as one node (core/analysis/paths/grouped.py), and only a grouped
graph still past it (or one too costly to group) is refused."""
BUDGET_SECONDS = 60.0
"""`paths` and `graph` stop with a message after this long unless told (--budget)."""

PATHS_HELP = """\
Every way a principal can become another principal, or admin-equivalent: AssumeRole,
PassRole to a service that runs as the role, new credentials for another user, a rewritten
trust policy, and changes to its own (or a reachable principal's) permissions. Each step is
decided by the evaluator, boundaries, SCPs, conditions and explicit denies included.
With --steps [N] it prints path N (default 1, the shortest) as scenario steps in TOML, to
append to the file and replay with `rolesim run`."""

PATHS_EPILOG = """\
exit status:
  0  the analysis ran (paths found or none)
  2  bad input (one line naming the file or the ARN), or past --budget

examples:
  rolesim paths rolesim/lessons/09-ec2-instance-profile.toml \\
      --from arn:aws:iam::111111111111:user/launcher \\
      --to arn:aws:iam::111111111111:role/ReportingRole
  rolesim paths FILE --from arn:aws:iam::111111111111:user/dev --admin --json
  rolesim paths FILE --from arn:aws:iam::111111111111:user/dev --admin \\
      --steps >> FILE"""

GRAPH_HELP = """\
Who can become whom in the file's world: accounts as clusters, users and roles as nodes
(admin-equivalent ones marked), edges labelled with the technique. With --escalation only
the edges other than plain AssumeRole are drawn. Past --max-edges the principals with the
same edges are drawn as one node ("role/app-0000, role/app-0001 … (299 roles)"), found by
asking about one or two of each class of roles no policy tells apart; a grouped graph still
past it, or a world whose policies tell too many principals apart, is not drawn: it says how
to ask about one principal instead."""

GRAPH_EPILOG = """\
exit status:
  0  drawn
  2  bad input, more than --max-edges edges even grouped, too many principals
     that policies tell apart, or past --budget (one line naming the file)

examples:
  rolesim graph rolesim/lessons/09-*.toml | dot -Tpng > graph.png
  rolesim graph FILE --format mermaid"""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    paths = sub.add_parser("paths", help="every way a principal can escalate",
                           description=PATHS_HELP, epilog=PATHS_EPILOG)
    paths.add_argument("file", metavar="FILE", help="scenario file")
    paths.add_argument("--from", dest="source", required=True, metavar="PRINCIPAL_ARN",
                       help="the user or role to start from")
    goal = paths.add_mutually_exclusive_group(required=True)
    goal.add_argument("--to", dest="target", metavar="ARN",
                      help="paths that end as this user or role")
    goal.add_argument("--admin", action="store_true",
                      help="paths that end admin-equivalent")
    out = paths.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the JSON report")
    out.add_argument("--steps", nargs="?", type=int, const=1, default=None, metavar="N",
                     help="print path N (default 1, the shortest) as scenario steps (TOML)")
    graph = sub.add_parser("graph", help="draw who can become whom (DOT or Mermaid)",
                           description=GRAPH_HELP, epilog=GRAPH_EPILOG)
    graph.add_argument("file", metavar="FILE", help="scenario file")
    graph.add_argument("--format", choices=("dot", "mermaid"), default="dot",
                       help="Graphviz DOT (default) or Mermaid")
    graph.add_argument("--escalation", action="store_true",
                       help="only edges other than plain AssumeRole")
    graph.add_argument("--max-edges", type=_positive, default=MAX_EDGES, metavar="N",
                       help="draw at most N edges, grouping principals with the same "
                       f"edges past it (default {MAX_EDGES:,})")
    for parser in (paths, graph):
        parser.add_argument("--budget", type=_seconds, default=BUDGET_SECONDS,
                            metavar="SECONDS", help="stop with a message after this long "
                            f"(default {BUDGET_SECONDS:.0f}; 0: no limit)")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def _seconds(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds (0: no limit)")
    return value or None


def _fail(message: str | ScenarioError, command: str = "paths") -> int:
    print_error(command, message)
    return EXIT_ERROR


def _world(path: Path) -> tuple[World, object]:
    from rolesim.scenario.build import build_world
    from rolesim.scenario.importer.detect import load_any
    from rolesim.scenario.runner import start_time

    # The loader names what is wrong with the path (no such file, a directory, a FIFO);
    # an authorization-details export is imported on the fly, as inspect does.
    scenario = load_any(path)
    return build_world(scenario), start_time(scenario)


def _graph(path: Path, seconds: float | None, command: str) -> Graph:
    """The world's graph, with a budget that reports progress on stderr while it works."""
    from rolesim.core.analysis.paths import Graph
    from rolesim.core.analysis.paths.budget import Budget

    world, now = _world(path)

    def progress(checks: int, took: float) -> None:
        print_note(command, f"{path}: still working after {took:.0f} s ({checks:,} checks of "
                   "who can become whom so far)")

    budget = Budget(seconds=seconds, progress=progress)
    return Graph(world, now, budget)  # type: ignore[arg-type]


def _find(graph: Graph, source: str, target: str | None, admin: bool) -> list[AttackPath]:
    from rolesim.core.analysis.paths import find_paths

    return find_paths(graph.world, source, target, admin_only=admin, graph=graph)


def _over_budget(path: Path, exc: BudgetExceeded) -> str:
    return (f"{path}: {exc}: the world is too big to answer this within the budget. Ask a "
            "narrower question (paths --to ARN rather than --admin), or give --budget SECONDS "
            "(0: no limit)")


def run_paths(path: Path, source: str, target: str | None, admin: bool, as_json: bool,
              steps: int | None = None, budget: float | None = BUDGET_SECONDS) -> int:
    with _kept_to_the_end():
        return _run_paths(path, source, target, admin, as_json, steps, budget)


def _kept_to_the_end() -> AbstractContextManager[None]:
    """The cyclic collector off while a command works: the world it loads and all the
    analysis makes (callers, compiled policies, edges) live until it ends and hold no
    garbage, yet collections walked them again and again as they grew (1.0 of 2.5 s CPU of
    `graph` on the 5,000-role world, with the same peak memory either way), as for `run`
    and `who-can-assume` (scenario/bulk.py)."""
    from rolesim.scenario.bulk import loading_to_keep

    return loading_to_keep()


def _run_paths(path: Path, source: str, target: str | None, admin: bool, as_json: bool,
               steps: int | None, budget: float | None) -> int:
    from rolesim.core.analysis.paths.budget import BudgetExceeded  # not on `run`'s start-up

    try:
        graph = _graph(path, budget, "paths")
    except ScenarioError as exc:
        return _fail(exc)
    except OSError as exc:
        return _fail(f"{path}: {exc.strerror or exc}")
    world = graph.world
    for option, arn in (("--from", source), ("--to", target)):
        if arn is not None and arn not in world.users and arn not in world.roles:
            return _fail(f"{path}: {option}: " + missing_principal(
                arn, "user or role", world.roles, world.users))
    if source == target:
        return _fail(f"{path}: --from and --to are the same principal ({source}); give "
                     "--to another user or role, or --admin")
    try:
        found = _find(graph, source, target, admin)
    except BudgetExceeded as exc:
        return _fail(_over_budget(path, exc))
    if steps is not None:
        return _print_steps(path, graph, source, found, steps,
                            "admin-equivalent" if admin else target)
    if as_json:
        print(json.dumps({"from": source, "paths": [p.to_json() for p in found]}, indent=2))
        return EXIT_OK
    goal = "admin-equivalent" if admin else target
    if not found:
        print(f"No path from {source} to {goal}.")
        return EXIT_OK
    print(f"{counted(len(found), 'path')} from {source} to {goal}, shortest first:")
    for number, found_path in enumerate(found, 1):
        mark = " (admin-equivalent)" if found_path.admin else ""
        print(f"\n{number}. to {found_path.target}{mark}, {counted(len(found_path.hops), 'hop')}")
        if not found_path.hops:
            print("   it is admin-equivalent already: a fresh session is allowed every action")
        for hop in found_path.hops:
            print(f"   {_name(hop.source)} -> {_name(hop.target)}: {hop.technique} "
                  f"({', '.join(hop.actions)})")
            for line in _hop_words(hop):
                print(f"      {line}")
    return EXIT_OK


def _print_steps(path: Path, graph: Graph, source: str, found: list[AttackPath], number: int,
                 goal: str | None) -> int:
    """Path `number` (1 = the shortest) as `[[steps]]` tables; none found is not an error."""
    from rolesim.core.analysis.paths import reach
    from rolesim.scenario.path_entry import EntryError
    from rolesim.scenario.path_steps import PathStepsError, steps_for
    from rolesim.scenario.save import render

    if not found:
        print(f"# No path from {source} to {goal}: no steps.")
        return EXIT_OK
    if not 1 <= number <= len(found):
        which = "only path 1" if len(found) == 1 else f"paths 1 to {len(found)}"
        return _fail(f"{path}: --steps {number}: there is {which}")
    chosen = found[number - 1]
    try:
        data = steps_for(graph, chosen, reach(graph, chosen.source))
    except (PathStepsError, EntryError) as exc:
        return _fail(f"{path}: --steps {number}: {exc}")
    print(f"# Path {number} of {len(found)}: {_name(chosen.source)} to {_name(chosen.target)}"
          f"{' (admin-equivalent)' if chosen.admin else ''}, {counted(len(chosen.hops), 'hop')}.")
    print(render({"steps": data}), end="")
    return EXIT_OK


def _hop_words(hop: Edge) -> list[str]:
    """Why the hop works, then what it needs."""
    needs = list(hop.requires)
    if hop.technique == "assume-role":
        why = "its trust policy lets the caller in and the caller's policies allow it"
    else:
        why = needs.pop(0) if needs else hop.technique
    return [f"how: {why}"] + [f"needs: {need}" for need in needs]


def _name(arn: str) -> str:
    parts = arn.split(":", 5)
    return f"{parts[5]} ({parts[4]})" if len(parts) == 6 else arn


# -- graph ------------------------------------------------------------------------------------

class TooManyEdges(Exception):
    """More edges than `--max-edges`: a drawing that big helps nobody."""


def _edges(graph: Graph, escalation: bool, limit: int) -> list[Edge]:
    """The edges to draw; TooManyEdges as soon as there are more than `limit` (the rest are
    not asked for: on 5,000 roles trusting the account root they would be 25 million)."""
    out: list[Edge] = []

    def keep(edge: Edge) -> None:
        out.append(edge)
        if len(out) > limit:
            raise TooManyEdges

    for arn in graph.principals():
        admin = graph.admin(arn) is not None

        def drawn(_target: str, technique: str, admin: bool = admin) -> bool:
            plain = technique == "assume-role"
            # an admin's other edges go without saying: it can do anything
            return (plain and not escalation) or (not plain and not admin)

        for edge in graph.edges_where(arn, drawn):
            keep(edge)
        if not admin:
            for edge in graph.grants_for(arn, arn):
                keep(edge)
    return out


def _id(arn: str) -> str:
    return "n_" + re.sub(r"[^A-Za-z0-9_]", "_", arn.split(":", 4)[-1])


def _label(arn: str) -> str:
    return arn.split(":", 5)[-1].replace('"', "'")


def run_graph(path: Path, fmt: str, escalation: bool, max_edges: int = MAX_EDGES,
              budget: float | None = BUDGET_SECONDS) -> int:
    with _kept_to_the_end():
        return _run_graph(path, fmt, escalation, max_edges, budget)


def _run_graph(path: Path, fmt: str, escalation: bool, max_edges: int,
               budget: float | None) -> int:
    from rolesim.core.analysis.paths.budget import BudgetExceeded  # not on `run`'s start-up

    try:
        graph = _graph(path, budget, "graph")
    except ScenarioError as exc:
        return _fail(exc, "graph")
    except OSError as exc:
        return _fail(f"{path}: {exc.strerror or exc}", "graph")
    fewer = "" if escalation else "--escalation leaves out plain AssumeRole; "
    limit = f"{max_edges:,} edge" + ("s" if max_edges > 1 else "")
    refusal = (" Ask about one principal instead: rolesim paths FILE --from ARN --admin (or "
               f"--to ARN), or rolesim who-can-assume FILE ROLE_ARN; {fewer}--max-edges N "
               "draws more")
    try:
        edges = _edges(graph, escalation, max_edges)
    except TooManyEdges:
        return _draw_grouped(path, graph, fmt, escalation, max_edges, limit, refusal)
    except BudgetExceeded as exc:
        return _fail(_over_budget(path, exc), "graph")
    nodes = graph.principals()
    if escalation:
        touched = {e.source for e in edges} | {e.target for e in edges}
        nodes = [n for n in nodes if n in touched or graph.admin(n) is not None]
    admin = {n for n in nodes if graph.admin(n) is not None}
    admin |= {e.target for e in edges if e.source == e.target}
    by_account: dict[str, list[str]] = {}
    for node in nodes:
        by_account.setdefault(node.split(":")[4], []).append(node)
    names = {a.id: a.label for a in graph.world.accounts.values()}
    render = _dot if fmt == "dot" else _mermaid
    print(render(by_account, names, admin, edges))
    if not edges:  # on stderr: the drawing on stdout stays a valid graph
        what = ("no edge other than plain AssumeRole: drop --escalation to draw those"
                if escalation else "nobody in this world can become anyone else")
        print_note("graph", f"{path}: {what}")
    return EXIT_OK


def _draw_grouped(path: Path, graph: Graph, fmt: str, escalation: bool, max_edges: int,
                  limit: str, refusal: str) -> int:
    """More than --max-edges edges: principals with the same edges as one node each
    (core/analysis/paths/grouped.py), drawn when the groups' edges are few enough."""
    from rolesim.core.analysis.paths.budget import BudgetExceeded
    from rolesim.core.analysis.paths.edges import Edge as PlainEdge
    from rolesim.core.analysis.paths.grouped import TooManyToGroup, grouped_graph

    def drawn(technique: str, admin: bool) -> bool:
        plain = technique == "assume-role"
        # an admin's other edges go without saying: it can do anything
        return (plain and not escalation) or (not plain and not admin)

    try:
        found = grouped_graph(graph, drawn, escalation, lambda n, admin: (
            n.split(":")[4], n.split(":")[5].split("/")[0], admin))
    except TooManyToGroup as exc:
        return _fail(f"{path}: policies tell {exc.classes:,} of its {exc.principals:,} users "
                     "and roles apart: too many to work out who can become whom and group "
                     "them." + refusal, "graph")
    except BudgetExceeded as exc:
        return _fail(_over_budget(path, exc), "graph")
    if len(found.group_edges) > max_edges:
        return _fail(f"{path}: more than {limit} (who can become whom), even with principals "
                     "that have the same edges drawn as one: too many to draw." + refusal, "graph")
    ids = [_group_key(members) for members in found.groups]
    labels = {_group_key(members): _group_label(members) for members in found.groups}
    drawn_edges = [PlainEdge(ids[e.source], ids[e.target],
                             e.technique + _loop_words(e, len(found.groups[e.source])), ())
                   for e in found.group_edges]
    group_admin = {ids[i] for i in found.admin} | {ids[e.source] for e in found.group_edges
                                                   if e.itself}
    by_account: dict[str, list[str]] = {}
    for node in ids:
        by_account.setdefault(node.split(":")[4], []).append(node)
    names = {a.id: a.label for a in graph.world.accounts.values()}
    render = _dot if fmt == "dot" else _mermaid
    print(render(by_account, names, group_admin, drawn_edges, labels))
    print_note("graph", f"{path}: {found.edges:,} edges between {found.principals:,} "
               f"principals, drawn as {len(drawn_edges):,} between {len(found.groups):,} groups "
               "of principals with the same edges (each member of a group can become each "
               "member of the other)")
    return EXIT_OK


def _group_key(members: list[str]) -> str:
    """What stands for a group in the drawing: its first member's ARN, and for a group of
    more, `... and 4999 like it`, so that its node's name (`n_..._role_app_0001_and_4999_like_it`)
    says it is a group and an edge from it to itself does not read as one role's loop."""
    if len(members) == 1:
        return members[0]
    return f"{members[0]} and {len(members) - 1} like it"


def _loop_words(edge: GroupEdge, size: int) -> str:
    """An edge from a group of several to itself: each member on each other one, or each on
    itself (a change to its own permissions); a single principal's loop is its own."""
    if edge.source != edge.target or size == 1:
        return ""
    return " (each on itself)" if edge.itself else " (one another)"


def _group_label(members: list[str]) -> str:
    """`role/app-0000, role/app-0001 … role/app-4999 (5,000 roles)`; one member: its name."""
    if len(members) == 1:
        return _label(members[0])
    kind = members[0].split(":")[5].split("/")[0]
    names = [_label(m) for m in members]
    shown = ", ".join(names[:2]) + (f" … {names[-1]}" if len(names) > 2 else "")
    return f"{shown} ({counted(len(members), kind, grouped=True)})"


def _dot(by_account: dict[str, list[str]], names: dict[str, str], admin: set[str],
         edges: list[Edge], labels: dict[str, str] | None = None) -> str:
    lines = ["digraph rolesim {", "  rankdir=LR;", '  graph [fontname="Helvetica"];',
             '  node [shape=box, fontname="Helvetica"];',
             '  edge [fontname="Helvetica", fontsize=10];']
    for account, members in sorted(by_account.items()):
        lines += [f"  subgraph cluster_{account} {{",
                  f'    label="account {names.get(account, account)}";']
        for arn in members:
            extra = ', style=filled, fillcolor="#f4b6b6", penwidth=2' if arn in admin else ""
            mark = "\\n(admin-equivalent)" if arn in admin else ""
            label = (labels or {}).get(arn) or _label(arn)
            lines.append(f'    {_id(arn)} [label="{label}{mark}"{extra}];')
        lines.append("  }")
    for e in edges:
        lines.append(f'  {_id(e.source)} -> {_id(e.target)} [label="{e.technique}"];')
    lines.append("}")
    return "\n".join(lines)


def _mermaid(by_account: dict[str, list[str]], names: dict[str, str], admin: set[str],
             edges: list[Edge], labels: dict[str, str] | None = None) -> str:
    lines = ["flowchart LR"]
    for account, members in sorted(by_account.items()):
        title = names.get(account, account).replace('"', "'")
        lines.append(f'  subgraph acct_{account}["account {title}"]')
        for arn in members:
            mark = " (admin-equivalent)" if arn in admin else ""
            label = (labels or {}).get(arn) or _label(arn)
            lines.append(f'    {_id(arn)}["{label}{mark}"]')
        lines.append("  end")
    for e in edges:
        lines.append(f"  {_id(e.source)} -->|{e.technique}| {_id(e.target)}")
    lines.append("  classDef admin fill:#f4b6b6,stroke:#a00,stroke-width:2px")
    lines += [f"  class {_id(a)} admin" for a in sorted(admin)]
    return "\n".join(lines)
