"""Command line: `rolesim [FILE]` opens the TUI, `rolesim run FILE...` replays headless.

    rolesim                       the TUI on the built-in tutorial
    rolesim FILE                  the TUI on FILE
    rolesim FILE --learn|--present   ... in learner or presenter mode (default: the file's)
    rolesim run FILE [FILE...] [--json] [--trace] [--require-expect]
    rolesim inspect FILE [--step N] [--json]
    rolesim who-can-assume FILE ROLE_ARN [--json]
    rolesim paths FILE --from PRINCIPAL_ARN (--to ARN | --admin) [--json | --steps [N]]
                  [--budget SECONDS]
    rolesim graph FILE [--format dot|mermaid] [--escalation] [--max-edges N]
                  [--budget SECONDS]
    rolesim lint FILE [FILE...] [--json] [--fail-on error|warning|info] [--kind KIND]
    rolesim facts [ID|TERM]       look up a fact or a glossary word
    rolesim lessons               list the shipped lessons
    rolesim lesson NUMBER|NAME    the TUI on a shipped lesson
    rolesim import AUTHZ.json [AUTHZ2.json ...] [-o OUT.toml] [--scps SCPS]
                   [--resource-policies DIR] [--anonymize] [--json]
    rolesim serve [--host H] [--port P] [--lessons DIR] [--work DIR] [--max-sessions N]
    rolesim scores DIR [--json]   the class table of a `rolesim serve` session
    rolesim --version             rolesim's version and its AWS data versions

Exit status of `run`: 0 every expectation met, 1 one was not (or, with --require-expect, a
file checks nothing), 2 a file cannot be run. Errors are one line (or a few) on stderr, each
`rolesim COMMAND: error: MESSAGE`, naming file, line and key; never a traceback. Warnings and
notes on stderr have the same form (`warning:`, `note:`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import argparse

SUBCOMMANDS = ("run", "inspect", "who-can-assume", "lint", "facts", "lessons", "lesson",
               "import", "paths", "graph", "serve", "scores")
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
        from rolesim.scenario.errors import print_error

        command = args[0] if args and args[0] in SUBCOMMANDS else None
        print_error(command, f"internal error (a bug in rolesim): {type(exc).__name__}: {exc}")
        return EXIT_UNRUNNABLE


def _dispatch(args: list[str]) -> int:
    if not args:  # the common case, kept to the imports the first frame needs
        return open_tui(None)
    if args[0] in SUBCOMMANDS:
        parser = _subcommand_parser(args[0])
        options = parser.parse_args(args)
        if options.command == "run":
            return run_files([Path(f) for f in options.files], as_json=options.json,
                             trace=options.trace, require_expect=options.require_expect)
        if options.command == "import":
            from rolesim.scenario.importer.command import run_import

            return run_import(options.files, options.output, options.scps,
                              options.resource_policies, options.anonymize, options.json)
        if options.command == "lint":
            from rolesim.scenario.lint_report import run_lint

            return run_lint([Path(f) for f in options.files], as_json=options.json,
                            fail_on=options.fail_on, kind=options.kind)
        if options.command in ("serve", "scores"):
            from rolesim.serve.command import run_scores_command, run_serve

            return run_serve(options) if options.command == "serve" else (
                run_scores_command(options))
        if options.command == "facts":
            from rolesim.knowledge.cli import run_facts

            return run_facts(" ".join(options.query) or None)
        if options.command == "lessons":
            from rolesim.lessons.cli import run_lessons

            return run_lessons()
        if options.command == "lesson":
            from rolesim.lessons.cli import resolve_lesson

            lesson = resolve_lesson(options.name)
            return open_tui(lesson) if lesson is not None else EXIT_UNMET
        if options.command == "inspect":
            from rolesim.scenario.inspect_report import run_inspect

            return int(run_inspect(Path(options.file), options.step, options.json))
        if options.command in ("paths", "graph"):
            from rolesim.scenario import paths_report as pr

            if options.command == "graph":
                return pr.run_graph(Path(options.file), options.format, options.escalation,
                                    options.max_edges, options.budget)
            return pr.run_paths(Path(options.file), options.source, options.target,
                                options.admin, options.json, options.steps, options.budget)
        from rolesim.scenario.inspect_report import run_who_can_assume

        return int(run_who_can_assume(Path(options.file), options.role_arn, options.json))
    options = _tui_parser().parse_args(args)
    if options.version:
        from rolesim.native import build_words
        from rolesim.scenario.fit_lines import fit_lines
        from rolesim.version_info import version_text

        print("\n".join(fit_lines([*version_text().splitlines(), build_words()])))
        return 0
    if options.classroom:
        return open_classroom(Path(options.classroom), Path(options.lessons))
    return open_tui(Path(options.file) if options.file else None, mode=options.mode)


def _tui_parser() -> argparse.ArgumentParser:
    from rolesim.cli_help import HelpParser

    parser = HelpParser(
        prog="rolesim",
        description="A terminal simulator of AWS IAM roles and STS, for teaching.\n\n"
                    "With no argument it opens the TUI on the built-in tutorial; with FILE, on "
                    "that scenario (a name not yet a file: a new, empty scenario that Ctrl+S "
                    "writes there).",
        epilog=TUI_EPILOG)
    parser.add_argument("file", nargs="?", help="scenario file to open (default: the tutorial)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--learn", dest="mode", action="store_const", const="learn",
                      help="learner mode: answers hidden until each step has run, predictions "
                           "asked for")
    mode.add_argument("--present", dest="mode", action="store_const", const="present",
                      help="presenter mode: expectations and notes shown, editing on")
    parser.add_argument("--version", action="store_true",
                        help="print rolesim's version and its AWS data versions")
    import argparse  # one session of `rolesim serve` (not for typing by hand)

    parser.add_argument("--classroom", metavar="WORK", help=argparse.SUPPRESS)
    parser.add_argument("--lessons", metavar="DIR", help=argparse.SUPPRESS)
    return parser


TUI_EPILOG = """\
subcommands (rolesim SUBCOMMAND --help for each):
  run FILE... [--json]                replay scenarios, check expectations
  inspect FILE [--step N] [--json]    what the session inspector shows
  who-can-assume FILE ROLE_ARN        every principal that can reach a role
  paths FILE --from ARN --to|--admin  every way one principal can become another
  graph FILE [--format dot|mermaid]   who can become whom, as a picture
  lint FILE... [--fail-on LEVEL]      check policies for likely mistakes
  facts [ID|TERM]                     look up an AWS fact or a glossary word
  lessons                             list the lessons shipped with rolesim
  lesson NUMBER|NAME                  open a shipped lesson in the TUI
  import AUTHZ.json... [-o OUT.toml]  a scenario from your account's IAM export
  serve [--host H] [--port P]         a classroom in the browser
  scores DIR [--json]                 the class table of a `rolesim serve` class

exit status: 0 the TUI closed normally; 2 the file cannot be loaded (the error names the
file, line and key).

errors: every command prints them on stderr as `rolesim COMMAND: error: MESSAGE`
(warnings and notes: `rolesim COMMAND: warning: ...`, `rolesim COMMAND: note: ...`).

examples:
  rolesim
  rolesim my-scenario.toml
  rolesim lesson role-chaining"""

RUN_HELP = ("replay scenario files and check their expectations", """\
Replays each scenario file step by step, without the TUI, and checks every step's expected
outcome. One file: its transcript (each step, its outcome, whether it met its expectation
and why). Several files: one line per file.""", """\
exit status:
  0  every expectation in every file was met
     (a file with no expectation checks nothing; its last line says so)
  1  at least one expectation was not met, or (with --require-expect) a file
     checks nothing
  2  a file cannot be run (stderr names the file, line and key)

examples:
  rolesim run my-scenario.toml
  rolesim run --json my-scenario.toml > report.json
  rolesim run --require-expect lessons/*.toml""")

INSPECT_HELP = ("show the credential stack and what the session may do", """\
Replays FILE up to step N (default: all of it) and prints what the TUI's session inspector
shows: the credential stack from the signed-in identity to the current session, expiry,
session tags, source identity and the effective permissions.""", """\
exit status:
  0  printed
  2  the file cannot be loaded, or N is not a step of it

examples:
  rolesim inspect my-scenario.toml
  rolesim inspect my-scenario.toml --step 3 --json""")

WHO_HELP = ("list every principal that can reach a role", """\
Lists every principal in FILE's world that can assume ROLE_ARN, directly or through a
chain of roles, and why.""", """\
exit status:
  0  printed (also when nobody can assume the role)
  2  the file cannot be loaded, or it has no role ROLE_ARN

example:
  rolesim who-can-assume my-scenario.toml \\
      arn:aws:iam::111111111111:role/UpdateApp""")

FACTS_HELP = ("look up an AWS fact by ID, or a glossary word", """\
Prints what AWS does, in rolesim's words, with the AWS documentation it rests on.
  no argument     every section with its fact IDs
  an ID           that fact: text, confidence, source (e.g. CH-02)
  a term          its definition and related facts (e.g. "trust policy")
  a section       its facts (e.g. role-chaining)
  anything else   every fact ID, title and term that contains it""", """\
exit status:
  0  something matched
  1  nothing matched (stderr suggests close matches)

examples:
  rolesim facts CH-02
  rolesim facts confused deputy
  rolesim facts TAG""")

LESSONS_HELP = ("list the lessons shipped with rolesim", """\
Lists the teaching lessons installed with rolesim: number, name and title.""", """\
exit status:
  0  listed

example:
  rolesim lessons""")

LESSON_HELP = ("open a shipped lesson in the TUI", """\
Opens one of the shipped lessons (see rolesim lessons) in the TUI, by number or by name;
a unique prefix of the name is enough.""", """\
exit status:
  0  the TUI closed normally
  1  no lesson, or more than one, matches (stderr says which)
  2  the lesson cannot be loaded

examples:
  rolesim lesson 4
  rolesim lesson role-chaining
  rolesim lesson role""")


def _add(sub: Any, name: str, texts: tuple[str, str, str]) -> argparse.ArgumentParser:
    """A subcommand with a one-line summary, a description and an epilog (exit codes,
    examples), laid out as written."""
    summary, description, epilog = texts
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=summary, description=description, epilog=epilog)
    return parser


def _subcommand_parser(command: str) -> argparse.ArgumentParser:
    """The parser of `rolesim COMMAND ...`, holding COMMAND's subparser only: the others'
    modules (paths, serve, import, lint) are not imported to run one that needs none of them.
    `rolesim --help` lists every subcommand (TUI_EPILOG)."""
    from rolesim.cli_help import HelpParser

    parser = HelpParser(prog="rolesim", epilog=TUI_EPILOG)
    sub: Any = parser.add_subparsers(dest="command", required=True, parser_class=HelpParser)
    if command in ("paths", "graph"):
        from rolesim.scenario.paths_report import add_parsers

        add_parsers(sub)
    elif command in ("serve", "scores"):
        from rolesim.serve.command import add_serve_parsers

        add_serve_parsers(sub)
    elif command == "lint":
        from rolesim.scenario.lint_help import add_lint_parser

        add_lint_parser(sub)
    elif command == "import":
        from rolesim.scenario.importer.import_parser import add_import_parser

        add_import_parser(sub, _add)
    else:
        _add_own_parser(sub, command)
    return parser


def _add_own_parser(sub: Any, command: str) -> None:
    """The subcommands whose options are written here."""
    if command == "run":
        run = _add(sub, "run", RUN_HELP)
        run.add_argument("files", nargs="+", metavar="FILE", help="scenario files to replay")
        run.add_argument("--json", action="store_true", help="print the JSON report")
        run.add_argument("--trace", action="store_true",
                         help="explain each decision with every policy and statement considered")
        run.add_argument("--require-expect", action="store_true",
                         help="fail (exit 1) a file where no step has an expect: nothing would "
                              "be checked (for CI)")
    elif command == "inspect":
        inspect = _add(sub, "inspect", INSPECT_HELP)
        inspect.add_argument("file", metavar="FILE", help="scenario file")
        inspect.add_argument("--step", type=int, default=None, metavar="N",
                             help="inspect the state after step N, numbered from 1 as in the TUI "
                                  "and the transcript; 0: before any step (default: the last)")
        inspect.add_argument("--json", action="store_true", help="print JSON instead of text")
    elif command == "who-can-assume":
        who = _add(sub, "who-can-assume", WHO_HELP)
        who.add_argument("file", metavar="FILE", help="scenario file")
        who.add_argument("role_arn", metavar="ROLE_ARN", help="the role to reach")
        who.add_argument("--json", action="store_true", help="print JSON instead of text")
    elif command == "facts":
        facts = _add(sub, "facts", FACTS_HELP)
        facts.add_argument("query", nargs="*", metavar="ID|TERM",
                           help="a fact ID, a word, a section, or part of one (optional)")
    elif command == "lessons":
        _add(sub, "lessons", LESSONS_HELP)
    else:
        lesson = _add(sub, "lesson", LESSON_HELP)
        lesson.add_argument("name", metavar="NUMBER|NAME",
                            help="lesson number or name (or prefix)")


def _json(report: Any) -> str:
    import json

    return json.dumps(report, indent=2)


def open_tui(path: Path | None, mode: str | None = None) -> int:
    """The TUI; a file that cannot be loaded is reported like `run` does, before any screen."""
    from rolesim.scenario.errors import ScenarioError, print_error, print_note

    try:
        from rolesim.ui.app import make_app

        workspace = _export_workspace(path)
        if workspace is None and path is not None:
            from rolesim.cli_new_file import new_file_workspace

            workspace = new_file_workspace(path)  # a name not yet a file: a new scenario
        app = make_app(path, mode=mode, workspace=workspace)
    except ScenarioError as exc:
        print_error(None, exc)
        return EXIT_UNRUNNABLE
    app.run()
    recovered = getattr(app, "recovery_copy", None)  # the crash barrier's copy (ui.app)
    if recovered is not None:
        print_note(None, f"the unsaved scenario was saved to {recovered}")
    code = getattr(app, "return_code", None)
    return code if isinstance(code, int) else EXIT_MET


def _export_workspace(path: Path | None) -> Any:
    """An `aws iam get-account-authorization-details` export, recognised by its content, opens
    as an unsaved scenario (Save asks where to write it); None for a scenario file."""
    if path is None:
        return None
    from rolesim.scenario.importer.detect import imported_scenario

    scenario = imported_scenario(path)
    if scenario is None:
        return None
    from rolesim.scenario.workspace import Workspace

    return Workspace(scenario)


def open_classroom(work: Path, lessons: Path) -> int:
    """One browser tab of `rolesim serve`: the learner's name, then the lesson picker."""
    from rolesim.ui.classroom.classroom_app import make_classroom_app

    make_classroom_app(work, lessons).run()
    return EXIT_MET


# ------------------------------------------------------------------------------------------ run


def run_files(paths: list[Path], as_json: bool = False, trace: bool = False,
              require_expect: bool = False) -> int:
    """Replay each file. One file: its transcript (or JSON report), written as it runs.
    Several: one line each. `require_expect`: a file with no expectation fails (exit 1)."""
    if len(paths) == 1:
        from rolesim.scenario.stream import run_one_streamed

        return run_one_streamed(paths[0], as_json, trace, require_expect)
    worst = EXIT_MET
    reports: list[dict[str, Any]] = []
    for path in paths:
        status, report, line = _run_one(path, as_json, summary=True,
                                        require_expect=require_expect)
        worst = max(worst, status)
        if as_json:
            reports.append({"file": str(path), "status": status, **report})
        elif line is not None:
            print(line)
    if as_json:
        print(_json(reports))
    return worst


def _shown(path: Path) -> str:
    """A file name as printed: control and bidi characters escaped (core.safe_text)."""
    from rolesim.core.safe_text import escape_controls

    return escape_controls(str(path))


def _run_one(path: Path, as_json: bool, summary: bool = False,
             require_expect: bool = False) -> tuple[int, dict[str, Any], str | None]:
    """(exit status, JSON report, text to print). Unrunnable files go to stderr."""
    from rolesim.scenario.errors import ScenarioError, print_error
    from rolesim.scenario.load import load_scenario
    from rolesim.scenario.report import report_json, summary_line, transcript, unchecked_ok
    from rolesim.scenario.runner import replay

    try:
        scenario = load_scenario(path)
        result = replay(scenario)
    except ScenarioError as exc:
        print_error("run", exc)
        line = f"{_shown(path)}: cannot be run (see above)" if summary and not as_json else None
        return EXIT_UNRUNNABLE, {"error": str(exc)}, line
    status = EXIT_MET if result.passed else EXIT_UNMET
    if require_expect and not unchecked_ok(path, scenario):
        status = EXIT_UNMET
    if as_json:
        return status, report_json(result), None
    if summary:
        return status, {}, summary_line(result, _shown(path))
    return status, {}, transcript(result)
