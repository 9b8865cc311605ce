"""Command line: `rolesim [FILE]` opens the TUI, `rolesim run FILE...` replays headless.

    rolesim                       the TUI on the built-in tutorial
    rolesim FILE                  the TUI on FILE
    rolesim run FILE [FILE...] [--json]
    rolesim inspect FILE [--step N] [--json]
    rolesim who-can-assume FILE ROLE_ARN [--json]
    rolesim lint FILE [FILE...] [--json] [--fail-on error|warning|info] [--kind KIND]
    rolesim serve [--host H] [--port P] [--lessons DIR] [--work DIR] [--max-sessions N]
    rolesim scores DIR [--json]   the class table of a `rolesim serve` session
    rolesim --version             rolesim's version and its AWS data versions

Exit status of `run`: 0 every expectation met, 1 one was not, 2 a file cannot be run. Errors
are one line (or a few) on stderr naming file, line and key; never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

SUBCOMMANDS = ("run", "inspect", "who-can-assume", "lint", "serve", "scores")
EXIT_MET, EXIT_UNMET, EXIT_UNRUNNABLE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except SystemExit as exc:  # argparse: usage errors already printed
        return exc.code if isinstance(exc.code, int) else EXIT_UNRUNNABLE
    except Exception as exc:  # the promise: one line, no traceback
        print(f"rolesim: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_UNRUNNABLE


def _dispatch(args: list[str]) -> int:
    if not args:  # the common case, kept to the imports the first frame needs
        return open_tui(None)
    if args[0] in SUBCOMMANDS:
        parser = _subcommand_parser()
        options = parser.parse_args(args)
        if options.command == "run":
            return run_files([Path(f) for f in options.files], as_json=options.json)
        if options.command == "lint":
            from rolesim.scenario.lint_report import run_lint

            return run_lint([Path(f) for f in options.files], as_json=options.json,
                            fail_on=options.fail_on, kind=options.kind)
        if options.command in ("serve", "scores"):
            from rolesim.serve.command import run_scores_command, run_serve

            return run_serve(options) if options.command == "serve" else (
                run_scores_command(options))
        if options.command == "inspect":
            from rolesim.scenario.inspect_report import run_inspect

            return int(run_inspect(Path(options.file), options.step, options.json))
        from rolesim.scenario.inspect_report import run_who_can_assume

        return int(run_who_can_assume(Path(options.file), options.role_arn, options.json))
    options = _tui_parser().parse_args(args)
    if options.version:
        from rolesim.version_info import version_text

        print(version_text())
        return 0
    if options.classroom:
        return open_classroom(Path(options.classroom), Path(options.lessons))
    return open_tui(Path(options.file) if options.file else None)


def _tui_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="rolesim",
        description="A terminal simulator of AWS IAM roles and STS, for teaching.",
        epilog="subcommands: run FILE... [--json] | inspect FILE [--step N] [--json] | "
               "who-can-assume FILE ROLE_ARN [--json] | lint FILE... [--json] | "
               "serve [--port P] | scores DIR (rolesim run --help for more)")
    parser.add_argument("file", nargs="?", help="scenario file to open (default: the tutorial)")
    parser.add_argument("--version", action="store_true",
                        help="print rolesim's version and its AWS data versions")
    import argparse as _argparse  # one session of `rolesim serve` (not for typing by hand)

    parser.add_argument("--classroom", metavar="WORK", help=_argparse.SUPPRESS)
    parser.add_argument("--lessons", metavar="DIR", help=_argparse.SUPPRESS)
    return parser


def _subcommand_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(prog="rolesim")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="replay scenario files and check their expectations")
    run.add_argument("files", nargs="+", metavar="FILE")
    run.add_argument("--json", action="store_true", help="print the JSON report")
    inspect = sub.add_parser("inspect", help="the credential stack and effective permissions")
    inspect.add_argument("file", metavar="FILE")
    inspect.add_argument("--step", type=int, default=None, metavar="N",
                         help="inspect the state after step N (default: the last)")
    inspect.add_argument("--json", action="store_true")
    who = sub.add_parser("who-can-assume", help="every principal that can reach a role")
    who.add_argument("file", metavar="FILE")
    who.add_argument("role_arn", metavar="ROLE_ARN")
    who.add_argument("--json", action="store_true")
    from rolesim.scenario.lint_help import add_lint_parser

    add_lint_parser(sub)
    from rolesim.serve.command import add_serve_parsers

    add_serve_parsers(sub)
    return parser


def _json(report: Any) -> str:
    import json

    return json.dumps(report, indent=2)


def open_tui(path: Path | None) -> int:
    """The TUI; a file that cannot be loaded is reported like `run` does, before any screen."""
    from rolesim.scenario.errors import ScenarioError

    try:
        from rolesim.ui.app import make_app

        app = make_app(path)
    except ScenarioError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNRUNNABLE
    app.run()
    return EXIT_MET


def open_classroom(work: Path, lessons: Path) -> int:
    """One browser tab of `rolesim serve`: the learner's name, then the lesson picker."""
    from rolesim.ui.classroom_app import make_classroom_app

    make_classroom_app(work, lessons).run()
    return EXIT_MET


# ------------------------------------------------------------------------------------------ run


def run_files(paths: list[Path], as_json: bool = False) -> int:
    """Replay each file. One file: its transcript (or JSON report). Several: one line each."""
    if len(paths) == 1:
        status, report, text = _run_one(paths[0], as_json)
        if text is not None:
            print(text)
        elif as_json:
            print(_json(report))
        return status
    worst = EXIT_MET
    reports: list[dict[str, Any]] = []
    for path in paths:
        status, report, line = _run_one(path, as_json, summary=True)
        worst = max(worst, status)
        if as_json:
            reports.append({"file": str(path), "status": status, **report})
        elif line is not None:
            print(line)
    if as_json:
        print(_json(reports))
    return worst


def _run_one(path: Path, as_json: bool,
             summary: bool = False) -> tuple[int, dict[str, Any], str | None]:
    """(exit status, JSON report, text to print). Unrunnable files go to stderr."""
    from rolesim.scenario.errors import ScenarioError
    from rolesim.scenario.load import load_scenario
    from rolesim.scenario.report import report_json, summary_line, transcript
    from rolesim.scenario.runner import replay

    try:
        result = replay(load_scenario(path))
    except ScenarioError as exc:
        print(str(exc), file=sys.stderr)
        line = f"{path}: cannot be run (see above)" if summary and not as_json else None
        return EXIT_UNRUNNABLE, {"error": str(exc)}, line
    status = EXIT_MET if result.passed else EXIT_UNMET
    if as_json:
        return status, report_json(result), None
    if summary:
        return status, {}, summary_line(result, str(path))
    return status, {}, transcript(result)
