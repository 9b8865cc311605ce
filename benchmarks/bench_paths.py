"""Benchmark of `rolesim paths` (issue 15): every path from one user in a world of 1,000
users and 1,000 roles in 5 accounts; target <= 1 s (the index built, then the search).

The world is bench_analysis's (teams of users who may assume their team's roles, trusts by
account with external id, by user, by the previous role, by account with MFA), with escalation
material added: every 7th role trusts ec2.amazonaws.com and every 11th lambda.amazonaws.com;
every 5th role (offset by 3) may pass roles and run instances, every 13th may create access
keys for any user, every 17th may update trust policies, every 50th may do everything.

Then the commands on gen_worlds.py's big world (5,000 roles in one account, every trust
policy naming the account root, a user who may assume them): `paths --to`, `paths --admin`,
`graph` (the roles are one class of look-alike targets: grouped without listing the 25
million edges, core/analysis/paths/grouped.py), each in its own process, with its
wall time and peak memory (target <= 5 s and <= 500 MB each).

Run: .venv/bin/python benchmarks/bench_paths.py [--big-only]
"""

from __future__ import annotations

import dataclasses
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_analysis import big_world  # type: ignore[import-not-found]

from rolesim.core.analysis.paths import Graph, find_paths, reach
from rolesim.core.clock import DEFAULT_START
from rolesim.core.policy.model import PolicyType
from rolesim.core.policy.parse import parse_policy
from rolesim.core.world import World


def _doc(*statements: str) -> str:
    return '{"Version":"2012-10-17","Statement":[' + ",".join(statements) + "]}"


ESCALATIONS = {
    5: _doc('{"Effect":"Allow","Action":["iam:PassRole","ec2:RunInstances",'
            '"iam:CreateInstanceProfile","iam:AddRoleToInstanceProfile"],"Resource":"*"}'),
    13: _doc('{"Effect":"Allow","Action":"iam:CreateAccessKey","Resource":"*"}'),
    17: _doc('{"Effect":"Allow","Action":"iam:UpdateAssumeRolePolicy","Resource":"*"}'),
    50: _doc('{"Effect":"Allow","Action":"*","Resource":"*"}'),
}


def escalation_world() -> World:
    world = big_world()
    for j, role in enumerate(world.roles.values()):
        for every, text in ESCALATIONS.items():
            if (j + 3) % every == 0:
                role.inline[f"esc{every}"] = parse_policy(text, PolicyType.IDENTITY)
        services = [s for every, s in ((7, "ec2"), (11, "lambda")) if j % every == 0]
        if services and role.trust is not None:
            extra = parse_policy(_doc(
                '{"Effect":"Allow","Principal":{"Service":"' + services[0]
                + '.amazonaws.com"},"Action":"sts:AssumeRole"}'), PolicyType.TRUST)
            role.trust = dataclasses.replace(
                role.trust, statements=role.trust.statements + extra.statements)
    return world


def main() -> None:
    world = escalation_world()
    probe = Graph(world, DEFAULT_START)  # the user who reaches most, chosen outside the timing
    source = max(list(world.users)[:40], key=lambda u: (
        any(probe.admin(a) is not None for a in reach(probe, u)), len(reach(probe, u))))
    times: list[float] = []
    counts: tuple[int, int] = (0, 0)
    for _ in range(5):
        start = time.perf_counter()
        graph = Graph(world, DEFAULT_START)
        found = find_paths(world, source, graph=graph)
        admin = find_paths(world, source, admin_only=True, graph=graph)
        times.append(time.perf_counter() - start)
        counts = (len(found), len(admin))
    print(f"source {source}: reaches {len(reach(Graph(world, DEFAULT_START), source))} "
          "principals")
    print(f"paths from one user, 1,000 users x 1,000 roles: {len(world.users)} users, "
          f"{len(world.roles)} roles")
    print(f"  {counts[0]} paths ({counts[1]} to admin-equivalence), "
          f"median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms "
          f"(target <= 1000 ms)")
    role_start(world)


def role_start(world: World) -> None:
    """A path from a role as steps: the way into the role (who-can-assume's users first,
    path_entry) and a replay of the steps on a copy of the world for each way tried (at most
    path_steps.MAX_WAYS_IN). Each role's graph is fresh, so the edges are computed in the
    timing, as the world builder's dialog does on first use."""
    from rolesim.scenario.path_entry import EntryError
    from rolesim.scenario.path_steps import steps_for

    print("a path from a role as steps (way in found, steps replayed to check them):")
    for index in (3, 10, 500):
        arn = list(world.roles)[index]
        graph = Graph(world, DEFAULT_START)
        found = [p for p in find_paths(world, arn, graph=graph) if p.hops][:1]
        if not found:
            continue
        start = time.perf_counter()
        try:
            steps = steps_for(graph, found[0], reach(graph, arn))
            outcome = f"{len(steps)} steps, first {steps[0]['do']}"
        except EntryError as error:
            outcome = f"refused: {error}"
        took = time.perf_counter() - start
        print(f"  {arn.split(':')[-1]}: {outcome}; {took * 1000:.0f} ms")


BIG = Path("/tmp/rolesim-bench/big-nocalls.toml")
BIG_USER = "arn:aws:iam::111111111111:user/admin"


CHILD = ("import resource, sys\n"
         "from rolesim.cli import main\n"
         "code = main(sys.argv[1:])\n"
         "used = resource.getrusage(resource.RUSAGE_SELF)\n"
         "print(used.ru_utime + used.ru_stime, file=sys.stderr)\n"
         "print(used.ru_maxrss, file=sys.stderr)\n"
         "sys.exit(code)\n")
"""The command in a process of its own, which says its CPU time (s) and then its peak memory
(KB) last on stderr: CPU time is the figure to compare on a machine others share."""


def big_commands() -> None:
    """The commands a user runs on a real account with thousands of roles trusting its root."""
    if not BIG.exists():
        subprocess.run([sys.executable, str(Path(__file__).parent / "gen_worlds.py")],
                       check=True, stdout=subprocess.DEVNULL)
    print(f"commands on {BIG} (5,000 roles trusting the account root), target <= 5 s, "
          "<= 500 MB:")
    for args in (["paths", str(BIG), "--from", BIG_USER, "--to",
                  "arn:aws:iam::111111111111:role/app-4321"],
                 ["paths", str(BIG), "--from", BIG_USER, "--admin"],
                 ["graph", str(BIG)], ["graph", str(BIG), "--escalation"]):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True,
                              text=True, check=False)
        took = time.perf_counter() - start
        err = done.stderr.splitlines()
        peak = int(err.pop()) / 1024 if err and err[-1].isdigit() else float("nan")
        cpu = float(err.pop()) if err and err[-1].replace(".", "", 1).isdigit() else float("nan")
        said = [line for line in err if line.startswith("rolesim graph:")]
        first = (said or done.stdout.splitlines() or err or [""])[0]
        shown = " ".join(a for a in args if a != str(BIG))
        print(f"  rolesim {shown.replace(BIG_USER, 'user/admin')}: exit {done.returncode}, "
              f"{took:.1f} s ({cpu:.2f} s CPU), {peak:.0f} MB peak")
        print(f"    {first[:150]}")


if __name__ == "__main__":
    if "--big-only" not in sys.argv:
        main()
    big_commands()
