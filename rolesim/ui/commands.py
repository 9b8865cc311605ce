"""Every command of the TUI, defined once: keys, footer, help and palette all come from here.

A `Command` names an action on the widget (or screen, or app) whose `COMMAND_SCOPE` equals the
command's `scope`. That widget declares `BINDINGS = bindings_for("<scope>")`; the command
palette offers the commands of every scope in the current context. Adding a command is one
`register(Command(...))` entry (here, or at import time of the module that owns the scope,
before its class body runs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.screen import Screen


@dataclass(frozen=True, slots=True)
class Command:
    """One thing the user can do, and everything needed to show it."""

    id: str
    """Globally unique, e.g. `scenario.save`; also the Binding id (so keymaps can rebind it)."""
    title: str
    """`category: action`, as the palette lists it (`scenario: save`)."""
    action: str
    """The Textual action run on the scope's node, e.g. `save` or `new_entity('role')`."""
    scope: str
    """Which node owns it: `app`, `main`, `world`, `scenario`, `editor`, ..."""
    help: str
    """One sentence: what it does. Shown in the palette, tooltips and F1 help."""
    key: str = ""
    """Textual key(s), comma-separated; empty for palette-only commands."""
    footer: str = ""
    """Short label for the footer; empty hides the binding from the footer."""
    priority: bool = False
    """Priority binding: works even when a focused widget would take the key."""
    key_display: str | None = None
    """How the footer shows the key, when Textual's default is unclear."""

    @property
    def palette_help(self) -> str:
        """The help line the palette shows, with the key to use next time."""
        key = self.key.split(",")[0]
        return f"{self.help}  (key: {self.key_display or key})" if key else self.help

    @property
    def binding(self) -> Binding:
        return Binding(
            self.key,
            self.action,
            self.footer or self.title.split(": ", 1)[-1],
            show=bool(self.footer),
            key_display=self.key_display,
            priority=self.priority,
            tooltip=self.help,
            id=self.id,
        )


REGISTRY: dict[str, Command] = {}
"""All commands by id, in registration order (the order the palette and help list them)."""


def register(command: Command) -> Command:
    """Add a command; re-registering an id replaces it (handy for module reloads in tests)."""
    REGISTRY[command.id] = command
    return command


def commands_in(scope: str) -> list[Command]:
    return [command for command in REGISTRY.values() if command.scope == scope]


def bindings_for(scope: str) -> list[BindingType]:
    """The BINDINGS of the node owning `scope`: one Binding per keyed command."""
    return [command.binding for command in commands_in(scope) if command.key]


# --- the shell (owned by tui-shell) ------------------------------------------------------------
register(Command("app.help", "help: this screen", "help", "app",
                 "Explain the current screen and the IAM idea it shows.", key="f1", footer="Help"))
register(Command("scenario.save", "scenario: save", "save", "app",
                 "Write the scenario to its file (atomically); asks for a name if it has none.",
                 key="ctrl+s", footer="Save"))
register(Command("scenario.save_as", "scenario: save as...", "save_as", "app",
                 "Write the scenario to a new file and keep editing that one."))
register(Command("scenario.open", "scenario: open...", "open", "app",
                 "Open another scenario file (asks first when there are unsaved changes).",
                 key="ctrl+o"))
register(Command("scenario.new", "scenario: new (empty world)", "new_scenario", "app",
                 "Start an empty scenario: build a world from nothing (asks first when there are "
                 "unsaved changes)."))
register(Command("scenario.tutorial", "scenario: open the built-in tutorial", "open_tutorial",
                 "app", "Open the built-in cross-account tutorial."))
register(Command("app.quit", "app: quit", "quit", "app",
                 "Leave rolesim; with unsaved changes it asks first.",
                 key="ctrl+q", footer="Quit", priority=True))
register(Command("view.world", "view: world builder", "show_tab('world')", "main",
                 "Show the world: accounts and what is in them.", key="f2"))
register(Command("view.scenario", "view: scenario", "show_tab('scenario')", "main",
                 "Show the scenario steps and the session inspector.", key="f3"))
register(Command("view.lesson", "view: lesson", "show_tab('lesson')", "main",
                 "Show the lesson: its title and its description.", key="f4"))
register(Command("lesson.settings", "lesson: edit title, description, start and mode",
                 "edit_lesson", "main", "Edit the lesson's title, its description (Markdown), "
                 "when its simulated clock starts and whether the saved file opens in learner "
                 "mode."))

# --- the world builder (owned by tui-shell) ----------------------------------------------------
register(Command("world.new", "world: new...", "new_entity", "world",
                 "Create an account, user, group, role, policy, provider, instance profile, "
                 "resource, Lambda function or EC2 instance.",
                 key="n", footer="New"))
register(Command("world.edit", "world: edit", "edit_entity", "world",
                 "Edit the selected entity's fields.", key="e", footer="Edit"))
register(Command("world.rename", "world: rename", "rename_entity", "world",
                 "Give the selected entity a new name (its ARN changes with it).",
                 key="r", footer="Rename"))
register(Command("world.delete", "world: delete", "delete_entity", "world",
                 "Delete the selected entity (asks first).", key="delete,x", footer="Delete",
                 key_display="del"))
register(Command("world.filter", "world: filter the tree", "filter_tree", "world",
                 "Type to narrow the tree to entities whose ARN contains the text; Enter "
                 "returns to the tree, Escape clears the filter.", key="slash",
                 key_display="/"))
register(Command("world.trust", "world: edit trust policy", "edit_trust", "world",
                 "Edit the selected role's trust policy: who may assume it.",
                 key="t", footer="Trust"))
register(Command("world.policy", "world: edit policy document", "edit_policy", "world",
                 "Edit the selected policy document; on a principal add an inline policy, on "
                 "an account a service control policy.",
                 key="p", footer="Policy"))
register(Command("world.stop_paths", "world: stop working out paths", "stop_paths", "world",
                 "Stop the search for who can become the selected user or role (and what it "
                 "can become): the detail says what it had searched. Only while it runs; it "
                 "stops by itself after 60 s, as rolesim paths --budget does, and when you "
                 "move to anything else in the tree.",
                 key="escape", footer="Stop paths", key_display="esc"))
register(Command("world.path_steps", "world: replay a path as steps...", "path_steps", "world",
                 "Choose a path into or out of the selected user or role and add its steps to "
                 "the scenario, to replay the escalation step by step. For a role, what it can "
                 "become is worked out in the dialog within the same 60 s; Esc stops that, "
                 "and Esc again closes the dialog.",
                 key="s"))

# --- the policy editor modal (owned by tui-shell) ----------------------------------------------
register(Command("editor.apply", "editor: apply", "apply", "editor",
                 "Check the document and put it in the world.", key="ctrl+s", footer="Apply",
                 priority=True))
register(Command("editor.explain", "editor: explain in words", "explain", "editor",
                 "Say what the policy allows and denies, in plain words.", key="f4",
                 footer="In words", priority=True))
register(Command("editor.select_all", "editor: select all", "select_all", "editor",
                 "Select the whole document: typing, pasting or Delete then replaces it.",
                 key="ctrl+a", footer="Select all", priority=True))
register(Command("editor.templates", "editor: start from a template", "templates", "editor",
                 "Replace the document with a template from the gallery (ctrl+z brings the "
                 "old one back).", key="f6", footer="Templates", priority=True))
register(Command("editor.cancel", "editor: cancel", "cancel", "editor",
                 "Close the editor without changing the world.", key="escape", footer="Cancel",
                 priority=True))

# --- the scenario pane (owned by tui-scenario): add `register(Command(..., "scenario", ...))`
# entries below, or in rolesim/ui/steps/scenario_pane.py before the ScenarioPane class.
register(Command("step.next", "step: run the next step", "step_next", "scenario",
                 "Run the next step and show its outcome (predict mode asks first).",
                 key="n", footer="Next"))
register(Command("step.back", "step: back one step", "step_back", "scenario",
                 "Replay the scenario up to the step before the current one.",
                 key="b", footer="Back"))
register(Command("step.jump", "step: jump to the highlighted step", "jump", "scenario",
                 "Replay the scenario up to and including the highlighted step (predict mode "
                 "asks about that step first when jumping forward).",
                 key="g", footer="Go"))
register(Command("step.add", "step: add...", "add_step", "scenario",
                 "Add a step after the highlighted one: pick its kind, fill its dialog.",
                 key="a", footer="Add"))
register(Command("step.edit", "step: edit...", "edit_step", "scenario",
                 "Edit every parameter of the highlighted step.", key="e", footer="Edit"))
register(Command("step.delete", "step: delete", "delete_step", "scenario",
                 "Delete the highlighted step (asks first).", key="delete,x", footer="Del",
                 key_display="x"))
register(Command("step.up", "step: move up", "move_step(-1)", "scenario",
                 "Move the highlighted step one place earlier.", key="shift+up"))
register(Command("step.down", "step: move down", "move_step(1)", "scenario",
                 "Move the highlighted step one place later.", key="shift+down"))
register(Command("step.predict", "step: predict mode on/off", "toggle_predict", "scenario",
                 "Guess each outcome before it is shown; a score is kept for the run.",
                 key="p", footer="Predict"))
register(Command("step.mode", "view: learner / presenter mode", "toggle_mode", "scenario",
                 "Learner mode hides every answer until its step has run and asks for "
                 "predictions; presenter mode shows expectations and notes, and allows editing.",
                 key="m", footer="Mode"))
register(Command("lesson.summary", "lesson: closing summary", "summary", "scenario",
                 "The score, the steps you missed with the reason behind each, and the "
                 "lesson's key ideas.", key="s"))
register(Command("inspector.identity", "inspector: identity", "inspect('identity')", "scenario",
                 "Show who the current credentials are and when they expire.", key="1"))
register(Command("inspector.chain", "inspector: chain", "inspect('chain')", "scenario",
                 "Show the chain from the signed-in identity to the current session.", key="2"))
register(Command("inspector.tags", "inspector: tags", "inspect('tags')", "scenario",
                 "Show the session's principal tags and where each came from.", key="3"))
register(Command("inspector.permissions", "inspector: permissions", "inspect('permissions')",
                 "scenario",
                 "Show what the current session may do, and what it gave up.", key="4"))
register(Command("inspector.why", "inspector: why", "inspect('why')", "scenario",
                 "Show why the highlighted step had its outcome.", key="5"))
register(Command("clock.minute", "clock: +1 minute", "advance_clock(60)", "scenario",
                 "Move the simulated clock 1 minute on (adds an advance step).", key="f5"))
register(Command("clock.quarter", "clock: +15 minutes", "advance_clock(900)", "scenario",
                 "Move the simulated clock 15 minutes on (adds an advance step).", key="f6"))
register(Command("clock.hour", "clock: +1 hour", "advance_clock(3600)", "scenario",
                 "Move the simulated clock 1 hour on (adds an advance step).", key="f7"))

# --- the step dialog (a modal of the scenario pane) -----------------------------------------------
register(Command("step_dialog.cancel", "step dialog: cancel", "cancel", "step_dialog",
                 "Close without saving (asks first if a field was changed).", key="escape",
                 footer="Cancel"))
register(Command("step_dialog.save", "step dialog: save", "save", "step_dialog",
                 "Save this step.", key="ctrl+s", footer="Save step"))
# --- every dialog: F1 explains it (an app key does not reach a modal screen) -------------------
register(Command("dialog.help", "dialog: help", "app.help", "dialog",
                 "Explain this dialog: what its fields mean and the IAM idea behind it.",
                 key="f1", footer="Help"))
register(Command("step_dialog.help", "step dialog: help", "app.help", "step_dialog",
                 "Explain the step dialog: the keys of every kind of step, and its fields.",
                 key="f1", footer="Help"))
register(Command("step_dialog.expect", "step dialog: set the expected outcome", "expect",
                 "step_dialog", "Go to the outcome the lesson expects (expect: ok, allowed, "
                 "AccessDenied...) from any field, its text selected: typing replaces it.",
                 key="ctrl+e", footer="Expect", priority=True))
register(Command("step_dialog.templates", "step dialog: policy from a template", "templates",
                 "step_dialog", "Fill the policy field you are in from the template gallery "
                 "(ctrl+z brings the old text back).", key="f6", footer="Templates",
                 priority=True))


# --- the kind field, first field of the step dialog and of the new-entity form ------------------
_LETTERS = ("A kind's letter picks it at once and moves on (in the step dialog: s sign-in, "
            "a assume-role, c call...); shift and a letter goes through every kind whose name "
            "starts with it, one per press (shift+c, shift+c... reaches create-function); the "
            "field shows the keys of the kind on show.")
register(Command("kind.next", "kind: next", "step(1)", "kind",
                 "Show the next kind, staying on the field. " + _LETTERS, key="right",
                 key_display="→"))
register(Command("kind.previous", "kind: previous", "step(-1)", "kind",
                 "Show the previous kind, staying on the field.", key="left", key_display="←"))
register(Command("kind.first", "kind: first", "first", "kind",
                 "Show the first kind of the list.", key="home"))
register(Command("kind.keep", "kind: keep it and go on", "keep", "kind",
                 "Keep the kind on show and go on to its first field.", key="enter"))
register(Command("kind.by_letter", "kind: by its letter, or shift and its first letter",
                 "keep", "kind", _LETTERS, key_display="a–z, shift+a–z"))


def _context_nodes(screen: Screen[object]) -> Iterator[DOMNode]:
    """The nodes whose commands make sense now: the focused widget and its ancestors, any
    other visible widget that owns a command scope, the screen and the app."""
    seen: set[int] = set()
    focused = screen.focused
    chain: list[DOMNode] = list(focused.ancestors_with_self) if focused is not None else []
    chain += [node for node in screen.query("*") if getattr(node, "COMMAND_SCOPE", None)
              and node.is_on_screen]
    chain += [screen, screen.app]
    for node in chain:
        if id(node) not in seen and getattr(node, "COMMAND_SCOPE", None):
            seen.add(id(node))
            yield node


def available(screen: Screen[object]) -> Iterator[tuple[Command, DOMNode]]:
    """Each command usable from `screen` with the node that runs it."""
    for node in _context_nodes(screen):
        for command in commands_in(getattr(node, "COMMAND_SCOPE", "")):
            name = command.action.split("(", 1)[0]
            if node.check_action(name, ()) is not False:
                yield command, node


class RolesimCommands(Provider):
    """The palette's view of the registry, sensitive to the screen it was opened on."""

    def _run(self, command: Command, node: DOMNode) -> None:
        self.app.call_later(self.app.run_action, command.action, node)

    async def discover(self) -> Hits:
        for command, node in available(self.screen):
            yield DiscoveryHit(command.title, partial(self._run, command, node),
                               help=command.palette_help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command, node in available(self.screen):
            score = matcher.match(command.title)
            if score > 0:
                yield Hit(score, matcher.highlight(command.title),
                          partial(self._run, command, node), text=command.title,
                          help=command.palette_help)
