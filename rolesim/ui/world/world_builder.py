"""The World tab: the tree of accounts on the left, the selected entity in words on the right,
and the commands that create, edit, rename and delete.

Data flows as Textual intends: the screen that owns the Workspace gives this pane the
workspace to show (`show_workspace`), and the pane posts what the user did (`Edited`, an
`Edit` of rolesim.scenario.world_edits); the screen applies it through the Workspace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Tree

from rolesim.core.policy.model import PolicyType
from rolesim.core.words import account_label
from rolesim.scenario.world_edits import Edit
from rolesim.ui.commands import bindings_for
from rolesim.ui.world.command_scope import NO_POLICY_KINDS, applies, footer_keys
from rolesim.ui.world.documents import document_from_text, document_text
from rolesim.ui.world.entity_detail import EntityDetail, PathsWorking
from rolesim.ui.world.world_tree import NodeRef, WorldTree, scp_name

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from textual.timer import Timer

    from rolesim.core.analysis.paths import Path, PathsSummary
    from rolesim.core.analysis.paths.budget import Budget, BudgetExceeded
    from rolesim.core.analysis.principal import PrincipalPermissions
    from rolesim.core.clock import Clock
    from rolesim.core.world import World
    from rolesim.scenario.model import AccountSpec, Scenario
    from rolesim.scenario.steps import Step
    from rolesim.scenario.workspace import Workspace
    from rolesim.ui.world.path_steps_modal import PathStepsModal

AWS_POLICY_REASON = (
    "{name} is an AWS managed policy: AWS writes and updates it, and nobody can create or "
    "change a policy in account aws. To use it, attach it: open the user, group or role (e), "
    "press ctrl+a and type part of its name. To change what it allows, create your own "
    "managed policy in one of your accounts.")

SLR_REASON = ("{name} is a service-linked role: the service that owns it defines its trust and "
              "permissions, and IAM refuses changes with UnmodifiableEntity (SLR-02, SLR-03). "
              "You can look at it, not change it.")


DETAIL_DELAY = 0.2
"""Seconds after the last keystroke in the tree's filter before the detail pane shows the
newly highlighted entity (benchmarks/bench_tree.py)."""


def _name(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


def _ref_of(kind: str, spec: Any) -> NodeRef:
    """The tree node of an entity spec."""
    from rolesim.scenario.world_edits import account_of, key_of

    key = key_of(kind, spec)
    account = key if kind == "account" else account_of(kind, key, getattr(spec, "account", None))
    return NodeRef(kind, key, account)


class WorldBuilder(Horizontal):
    """Owns the `world` command scope (see rolesim.ui.commands)."""

    COMMAND_SCOPE = "world"
    BINDINGS = bindings_for("world")

    workspace: reactive[Workspace | None] = reactive(None, always_update=True, init=False)
    """What is shown, set by the screen that owns it (None while it is being read)."""
    selected: reactive[NodeRef | None] = reactive(None, init=False)
    """The highlighted tree node's reference (what the commands act on); the footer and the
    palette follow it (`check_action`)."""

    class Edited(Message):
        """The user changed the world: the screen applies `edit` to the Workspace, then
        shows `select` (the entity made or changed, or where a deleted one was)."""

        def __init__(self, edit: Edit, select: NodeRef | None) -> None:
            super().__init__()
            self.edit = edit
            self.select = select

    class StepsChosen(Message):
        """The user chose a path to replay: the screen appends `steps` to the scenario."""

        def __init__(self, steps: list[Step]) -> None:
            super().__init__()
            self.steps = steps

    class TreeBuilt(Message):
        """The tree shows the workspace (a start-up milestone, see benchmarks/bench_tui)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.world: World | None = None
        self.world_error: str | None = None
        self.ready = False
        """False until the first analysis: the first frame shows the tree at once, and the
        parser, the action catalogue and the analyses load just after it (start-up)."""
        self.can_do: dict[str, PrincipalPermissions | str] = {}
        """What each user or role can do, for `can_do_world` (emptied when the world is
        rebuilt after an edit, so moving through the tree never recomputes)."""
        self.can_do_world: World | None = None
        self.paths_of: dict[str, PathsSummary | str] = {}
        """Who can become each user or role and what it can become, worked out with can_do."""
        self.assumers_of: dict[str, list[Any] | str] = {}
        """Who can end up in a session of each role (who_can_assume), worked out with can_do:
        on the UI thread it held up every highlight of a role on a big world."""
        self.paths_working: dict[str, PathsWorking] = {}
        """How far the path search of each user or role still running has got."""
        self._paths_budget: Budget | None = None
        """The running path search's budget: Escape stops it (world.stop_paths)."""
        self._paths_for_arn: str | None = None
        """Whose search runs: moving to another user or role stops it."""
        self._left: set[str] = set()
        """Whose search was stopped because the selection moved away: nothing of it is kept,
        so coming back starts it again."""
        self.out_of_role: dict[str, list[Path]] = {}
        """What each role can become, worked out when `s` asks (the summary has it only for
        a user)."""
        self._steps_modal: PathStepsModal | None = None
        self._steps_budget: Budget | None = None
        """The `s` dialog's search for what a role can become: Escape there stops it."""
        self._can_do_wanted: str | None = None
        self._can_do_busy = False
        self._detail_timer: Timer | None = None
        self.hold_answers = False
        """Set by the screen for a learner in a lesson not yet finished: the detail holds
        back who can become a user or role (the answers to come)."""

    @property
    def scenario(self) -> Scenario:
        assert self.workspace is not None
        return self.workspace.scenario

    def compose(self) -> ComposeResult:
        with Vertical(id="tree-column"):
            # disabled while hidden, so that showing the tab does not focus it
            yield Input(placeholder="filter: type to narrow", id="tree-filter", disabled=True)
            yield WorldTree(id="world-tree")
        with VerticalScroll(id="detail-scroll"):
            yield EntityDetail(id="detail")

    def watch_selected(self, before: NodeRef | None, after: NodeRef | None) -> None:
        """Moving away from the principal whose paths are searched stops that search. The
        footer is rebuilt only when the keys that apply change (moving from role to role
        keeps them: rebuilding it each time slowed every move through the tree)."""
        if self._paths_for_arn is not None:
            self._leave_search(self.principal_of(after))
        if footer_keys(before) != footer_keys(after):
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A command that does nothing on the selected node is left out of the footer, the
        palette and F1's keys (command_scope), and its key does nothing there; Escape stops
        a path search only while one runs."""
        if action == "stop_paths":
            return self._paths_budget is not None
        return applies(action, self.selected)

    def action_stop_paths(self) -> None:
        """Stop the path search (it says what it had searched); the world builder stays."""
        if self._paths_budget is not None:
            self._paths_budget.stop()

    def on_mount(self) -> None:
        self.query_one(WorldTree).focus()
        if self.workspace is None:  # the app reads the tutorial just after the first frame
            self.query_one(EntityDetail).update("Opening the built-in tutorial...")

    def show_workspace(self, workspace: Workspace, select: NodeRef | None = None) -> None:
        """Show `workspace`, with `select` highlighted (else the selection is kept)."""
        if select is not None:
            self.selected = select
        self.workspace = workspace

    def watch_workspace(self, workspace: Workspace | None) -> None:
        """Set by the screen that owns the workspace after every change: show it."""
        if workspace is not None and self.query(WorldTree):
            self.rebuild(self.selected)

    def edited(self, edit: Edit, select: NodeRef | None) -> None:
        """Say what the user did; the screen applies it and shows the result."""
        self.selected = select
        self.post_message(self.Edited(edit, select))

    def rebuild(self, select: NodeRef | None = None) -> None:
        """Refill the tree from the scenario now; build the world (does it build? who can
        assume what?) just after the frame is painted, keeping start-up and typing snappy."""
        self.world, self.world_error = None, None
        self.selected = self.query_one(WorldTree).rebuild(
            self.scenario, select, self.query_one("#tree-filter", Input).value)
        self.post_message(self.TreeBuilt())
        self._show()
        self.call_after_refresh(self._analyse)

    @on(Input.Changed, "#tree-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        """Narrow the tree to matching entities (the world itself is unchanged)."""
        event.stop()
        before = self.selected
        self.selected = self.query_one(WorldTree).rebuild(self.scenario, self.selected,
                                                          event.value, regroup=False)
        if self.selected != before:  # the detail follows once typing pauses: painting a
            self._show_soon()        # long detail pane took longer than the tree itself

    def _show_soon(self) -> None:
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_DELAY, self._show)

    @on(Input.Submitted, "#tree-filter")
    def filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(WorldTree).focus()

    def action_filter_tree(self) -> None:
        """Show the filter above the tree (hidden while unused: the tree keeps its rows)."""
        box = self.query_one("#tree-filter", Input)
        box.disabled = False
        box.add_class("-shown")
        self.call_after_refresh(box.focus)  # after the "/" key is done, so it is not typed

    @on(Input.Blurred, "#tree-filter")
    def filter_left(self, event: Input.Blurred) -> None:
        if not event.value:
            event.input.remove_class("-shown")
            event.input.disabled = True

    def key_escape(self) -> None:
        """Escape clears the tree's filter first; else it stops a running path search (the
        key handler is found before the binding, world.stop_paths, which shows it)."""
        box = self.query_one("#tree-filter", Input)
        if box.has_focus or box.value:
            box.value = ""
            box.remove_class("-shown")
            box.disabled = True
            self.query_one(WorldTree).focus()
        else:
            self.action_stop_paths()

    def _analyse(self) -> None:
        self.ready = True
        self._build_world()
        self._show()

    def _build_world(self) -> None:
        try:
            assert self.workspace is not None
            self.world, self.world_error = self.workspace.world(), None
        except Exception as error:  # ScenarioError, or a document the parser refuses
            self.world, self.world_error = None, str(error)

    @on(Tree.NodeHighlighted, "#world-tree")
    def node_highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        if event.node.data == self.selected and self.ready:
            return  # the same entity highlighted again after a rebuild: already shown
        if self.query_one(WorldTree).is_stale(event.node):
            return
        self.selected = event.node.data
        self._show()

    def refresh_detail(self) -> None:
        """Show the selection again (the screen changed what the detail may say)."""
        if self.ready:
            self._show()

    def _show(self) -> None:
        if not self.ready:
            self.query_one(EntityDetail).update("Reading the world...")
            return
        self.query_one(EntityDetail).show(self.selected, self.scenario, self.world,
                                          self.world_error, self._can_do_for(self.selected),
                                          self._paths_for(self.selected),
                                          self._assumers_for(self.selected),
                                          hold_answers=self.hold_answers)

    # --- what a user or role can do (worked out in a thread, cached per world) ------------
    def principal_of(self, ref: NodeRef | None) -> str | None:
        """Whose permissions the detail pane shows: a user's or role's own, the role a
        function or an instance runs as."""
        if ref is None or ref.kind not in ("user", "role", "function", "instance"):
            return None
        if ref.kind in ("user", "role"):
            return ref.key
        from rolesim.scenario.world_edits import runs_as

        return runs_as(self.scenario, ref.kind, ref.key)

    def _can_do_for(self, ref: NodeRef | None) -> PrincipalPermissions | str | None:
        """The cached answer for a selected user or role (or the role of a selected function
        or instance); None (and a worker started) when it is still to be worked out."""
        arn = self.principal_of(ref)
        if arn is None or self.world is None:
            return None
        if self.can_do_world is not self.world:
            self.can_do_world, self.can_do, self.paths_of = self.world, {}, {}
            self.paths_working, self.out_of_role = {}, {}
            self.assumers_of = {}
        if arn not in self.world.roles and arn not in self.world.users:
            return None
        found = self.can_do.get(arn)
        if found is None:
            self._can_do_wanted = arn
            if not self._can_do_busy:
                from rolesim.core.clock import DEFAULT_START, Clock

                start = self.scenario.start  # the scenario's clock, as its replay starts it
                self._can_do_busy = True
                self._paths_for_arn = arn
                self._paths_budget = self._budget_for(self.world, arn, self._paths_progress)
                self.refresh_bindings()  # Escape now stops it, and the footer says so
                self._work_out_can_do(self.world, arn,
                                      Clock(start if start is not None else DEFAULT_START),
                                      self._paths_budget)
        return found

    def _leave_search(self, arn: str | None) -> None:
        """Anything else is shown (another user or role, or `arn` None: an account, a policy, a
        heading): the search still running for the one before stops, and what it found is
        dropped (it would be cut short), so coming back starts it again."""
        running = self._paths_for_arn
        if running is not None and running != arn and self._paths_budget is not None:
            self._paths_budget.stop()
            self._left.add(running)
            self._paths_budget = None  # Escape no longer has a search to stop
            self.refresh_bindings()

    def _budget_for(self, world: World, arn: str,
                    shown: Callable[[World, str, PathsWorking], None]) -> Budget:
        """The CLI's budget (`rolesim paths --budget`, 60 s), saying how far it got each
        second (to `shown`, on the UI thread)."""
        from rolesim.core.analysis.paths.budget import Budget
        from rolesim.scenario.paths_report import BUDGET_SECONDS

        def progress(checks: int, took: float) -> None:
            self.app.call_from_thread(shown, world, arn,
                                      PathsWorking(checks, took, BUDGET_SECONDS))

        return Budget(seconds=BUDGET_SECONDS, progress=progress, every=1.0)

    def _paths_progress(self, world: World, arn: str, working: PathsWorking) -> None:
        if world is self.can_do_world and arn not in self.paths_of:
            self.paths_working[arn] = working
            if self.principal_of(self.selected) == arn:
                self._show()

    @work(thread=True, group="builder-can-do", exit_on_error=False,
          description="what a user or role can do")  # not repr(world): 1 s on a big world
    def _work_out_can_do(self, world: World, arn: str, clock: Clock, budget: Budget) -> None:
        """What it can do and who can assume it are shown first; the paths (the slow part on
        a big world) follow, with the budget's progress meanwhile."""
        from rolesim.core.analysis.principal import principal_permissions
        from rolesim.ui.world.permission_summary import can_do_lines

        try:
            found = principal_permissions(world, arn, clock)
            can_do_lines(found)  # built here, off the UI thread; the panel only paints it
            result: PrincipalPermissions | str = found
        except Exception as error:  # an analysis bug must not take the builder down
            result = f"Could not work out what it can do: {error}"
        assumers = _work_out_assumers(world, arn) if ":role/" in arn else None
        self.app.call_from_thread(self._can_do_shown, world, arn, result, assumers)
        paths = _work_out_paths(world, arn, clock, budget)
        self.app.call_from_thread(self._can_do_ready, world, arn, result, paths, assumers)

    def _can_do_shown(self, world: World, arn: str, result: PrincipalPermissions | str,
                      assumers: list[Any] | str | None) -> None:
        """What it can do, while its paths are still being worked out."""
        if world is self.can_do_world:
            self.can_do[arn] = result
            if assumers is not None:
                self.assumers_of[arn] = assumers
            if self.principal_of(self.selected) == arn:
                self._show()

    def _paths_for(self, ref: NodeRef | None) -> PathsSummary | PathsWorking | str | None:
        arn = self.principal_of(ref)
        if arn is None:
            return None
        return self.paths_of.get(arn) or self.paths_working.get(arn)

    def _assumers_for(self, ref: NodeRef | None) -> list[Any] | str | None:
        return self.assumers_of.get(ref.key) if ref is not None else None

    def _can_do_ready(self, world: World, arn: str, result: PrincipalPermissions | str,
                      paths: PathsSummary | str | None = None,
                      assumers: list[Any] | str | None = None) -> None:
        """Back on the UI thread: keep the answer, show it if still selected, else work out
        the one selected now (one thread at a time, so racing down the tree never piles up
        work)."""
        self._can_do_busy = False
        self._paths_budget = None
        self._paths_for_arn = None
        self.refresh_bindings()
        self.paths_working.pop(arn, None)
        if arn in self._left:  # stopped as the selection moved away: asked again on return
            self._left.discard(arn)
            if world is self.can_do_world:
                self.can_do.pop(arn, None)
                self.assumers_of.pop(arn, None)
        elif world is self.can_do_world:
            self.can_do[arn] = result
            if paths is not None:
                self.paths_of[arn] = paths
            if assumers is not None:
                self.assumers_of[arn] = assumers
        ref = self.selected
        principal = self.principal_of(ref)
        if principal is None or self.world is None:
            return
        if (principal == arn and world is self.world) or self._can_do_for(ref) is not None:
            self._show()

    def _find(self, kind: str, key: str) -> Any:
        from rolesim.scenario.world_edits import find

        return find(self.scenario, kind, key)

    def _references_to(self, key: str) -> list[str]:
        from rolesim.scenario.world_edits import references_to

        return references_to(self.scenario, key)

    # --- guards -----------------------------------------------------------------------------
    def _is_slr(self, ref: NodeRef | None) -> bool:
        if ref is None:
            return False
        arn = ref.owner if ref.kind == "inline" else ref.key
        if "/aws-service-role/" not in arn or ":role/" not in arn:
            return False
        from rolesim.ui.common.confirm import MessageModal

        self.app.push_screen(MessageModal("Service-linked role",
                                          SLR_REASON.format(name=arn.rsplit("/", 1)[-1])))
        return True

    def _is_aws_policy(self, ref: NodeRef | None) -> bool:
        """True (and says why) for a policy in account `aws`: nobody can change those."""
        if ref is None or ref.kind != "policy" or ref.account != "aws":
            return False
        from rolesim.ui.common.confirm import MessageModal

        self.app.push_screen(MessageModal("AWS managed policy",
                                          AWS_POLICY_REASON.format(name=_name(ref.key))))
        return True

    def _entity(self) -> NodeRef | None:
        """The selected entity, inline policy or SCP (check_action keeps e, r and del off
        anything else)."""
        ref = self.selected
        return ref if applies("edit_entity", ref) else None

    # --- commands ---------------------------------------------------------------------------
    def action_new_entity(self) -> None:
        """The new-entity form, its kind (the first field) starting on the one that fits the
        selected node; an account can always be created."""
        from rolesim.ui.world.entity_form import KIND_TITLES

        ref = self.selected
        guess = "account" if ref is None else {"section": ref.key, "account": "account",
                                                "inline": "policy", "scp": "account",
                                                }.get(ref.kind, ref.kind)
        if ref is not None and ref.account == "aws":
            guess = "account"  # nothing can be created in account aws
        account = ref.account if ref and ref.account != "aws" else None

        self._create(guess if guess in KIND_TITLES else "role", account, choose_kind=True)

    def _create(self, kind: str, account: str | None, *, choose_kind: bool = False) -> None:
        from rolesim.ui.world.entity_form import KIND_TITLES, EntityForm

        form = EntityForm(kind, self.scenario, account=account, choose_kind=choose_kind)

        def created(spec: Any) -> None:
            if spec is None:
                return
            kind = form.kind  # the form's first field may have changed it
            if kind == "policy":
                self._pick_document(spec)
                return
            ref = _ref_of(kind, spec)
            self.edited(Edit("add", kind, ref.key, spec=spec), ref)
            # by its name: an ARN in a toast broke mid-name at 80 columns (the detail shows it)
            self.notify(f"Created {KIND_TITLES[kind]} {_name(ref.key)}.")

        self.app.push_screen(form, created)

    def _pick_document(self, spec: Any) -> None:
        """A new managed policy starts from a template (or empty, in the editor)."""
        from rolesim.scenario.choices import template_pickers
        from rolesim.scenario.templates import defaults, initial_template, templates_for
        from rolesim.ui.world.template_picker import TemplatePicker

        account = spec.arn.split(":")[4]

        def chosen(result: tuple[str, str, str] | None) -> None:
            if result is None:
                self.notify("No policy created.")
                return
            _, template_id, text = result
            ref = _ref_of("policy", spec)
            if template_id == "empty":  # written in the editor, created when applied
                self._write_new_policy(spec, ref, text)
                return
            spec.document = text
            self.edited(Edit("add", "policy", ref.key, spec=spec), ref)
            self.notify(f"Created managed policy {_name(ref.key)}.")

        self.app.push_screen(TemplatePicker(
            f"New managed policy {_name(spec.arn)}: start from", templates_for("permissions"),
            defaults(self.scenario, account), pickers=template_pickers(self.scenario),
            initial=initial_template("permissions", self.scenario, account)), chosen)

    def _write_new_policy(self, spec: Any, ref: NodeRef, text: str) -> None:
        from rolesim.ui.world.policy_editor import PolicyEditor

        def applied(written: str | None) -> None:
            if written is None:
                self.notify("No policy created.")
                return
            spec.document = document_from_text(written, text)
            self.edited(Edit("add", "policy", ref.key, spec=spec), ref)
            self.notify(f"Created managed policy {_name(ref.key)}.")

        self.app.push_screen(PolicyEditor(f"New managed policy {_name(ref.key)}", text,
                                          PolicyType.IDENTITY, account=ref.account), applied)

    def action_edit_entity(self) -> None:
        ref = self._entity()
        if ref is None or self._is_slr(ref) or self._is_aws_policy(ref):
            return
        if ref.kind in ("inline", "scp"):
            self.action_edit_policy()
            return
        self._edit(ref, rename=False)

    def action_rename_entity(self) -> None:
        ref = self._entity()
        if ref is None or self._is_slr(ref) or self._is_aws_policy(ref):
            return
        if ref.kind == "scp":
            self._rename_scp(ref)
            return
        if ref.kind == "inline":  # check_action keeps r off these
            return
        self._edit(ref, rename=True)

    def _edit(self, ref: NodeRef, rename: bool) -> None:
        from rolesim.ui.world.entity_form import EntityForm

        spec = self._find(ref.kind, ref.key)

        def edited(new_spec: Any) -> None:
            if new_spec is not None:
                self.edited(Edit("replace", ref.kind, ref.key, spec=new_spec),
                            _ref_of(ref.kind, new_spec))

        self.app.push_screen(EntityForm(ref.kind, self.scenario, spec, rename=rename), edited)

    def action_delete_entity(self) -> None:
        ref = self._entity()
        if ref is None or self._is_slr(ref):
            return
        from rolesim.ui.common.confirm import ConfirmModal
        from rolesim.ui.world.entity_form import KIND_TITLES

        account = self._find("account", ref.account) if ref.kind == "scp" else None
        what = (f"the inline policy {ref.key} of {ref.owner}" if ref.kind == "inline"
                else scp_name(account, int(ref.key)) if account is not None
                else f"the {KIND_TITLES[ref.kind]} {ref.key}")
        consequences = ([] if ref.kind == "scp"
                        else self._references_to(ref.key))
        if ref.kind == "account":
            consequences = ["everything in this account is deleted with it"]
        if ref.kind == "role":
            consequences.append("steps that assume it will get AccessDenied (AR-18)")
        consequences += _steps_will_fail(self.scenario, ref)
        question = f"Delete {what}?" + "".join(f"\n  • {c}" for c in consequences)
        done = (f"Deleted the inline policy {ref.key} of {_name(ref.owner)}."
                if ref.kind == "inline" else f"Deleted {what}." if account is not None
                else f"Deleted the {KIND_TITLES[ref.kind]} {_name(ref.key)}.")

        def answered(yes: bool | None) -> None:
            if yes:
                section = {"inline": "", "scp": "scp"}.get(ref.kind, ref.kind)
                self.edited(Edit("delete", ref.kind, ref.key, account=ref.account,
                                 owner=ref.owner),
                            NodeRef("section", section, ref.account)
                            if ref.kind != "account" else None)
                self.notify(done)

        self.app.push_screen(ConfirmModal("Delete", question), answered)

    def action_edit_trust(self) -> None:
        ref = self.selected
        if ref is None or ref.kind != "role":  # check_action keeps t to roles
            return
        spec = self._find("role", ref.key)
        read_only = "/aws-service-role/" in ref.key
        title = f"Role {_name(spec.arn)}"
        if read_only:
            title += " (read-only: service-linked, SLR-03)"
        self._open_editor(title, spec.trust, PolicyType.TRUST, ref,
                          Edit("document", "trust", ref.key), read_only)

    def action_edit_policy(self) -> None:
        ref = self.selected
        if ref is not None and (ref.kind in ("account", "scp") or ref == NodeRef(
                "section", "scp", ref.account)):
            self._edit_scp(ref)
            return
        if ref is None or ref.kind in NO_POLICY_KINDS:  # check_action keeps p off these
            return
        read_only = "/aws-service-role/" in (ref.owner or ref.key) and ":role/" in (
            ref.owner or ref.key)
        if ref.kind == "inline":
            from rolesim.scenario.world_edits import owner_of

            owner = owner_of(self.scenario, ref.owner)
            self._open_editor(f"Inline policy {ref.key} of {_name(ref.owner)}",
                              owner.inline[ref.key], PolicyType.IDENTITY, ref,
                              Edit("document", "inline", ref.key, owner=ref.owner), read_only)
        elif ref.kind == "policy" and ref.account == "aws":
            self._show_aws_policy(ref)
        elif ref.kind == "policy":
            spec = self._find("policy", ref.key)
            self._open_editor(f"Managed policy {_name(spec.arn)}", spec.document,
                              PolicyType.IDENTITY, ref, Edit("document", "policy", ref.key),
                              False)
        elif ref.kind == "resource":
            spec = self._find("resource", ref.key)
            self._open_editor(f"Resource {spec.arn}", spec.policy,
                              PolicyType.RESOURCE, ref, Edit("document", "resource", ref.key),
                              False)
        elif not self._is_slr(ref):
            self._new_inline(ref)

    def _show_aws_policy(self, ref: NodeRef) -> None:
        """The AWS managed policy's real document, read-only (AWS's, not the world's)."""
        from rolesim.core.managed import aws_managed_document

        document = aws_managed_document(ref.key)
        if document is None:
            self._is_aws_policy(ref)
            return
        self._open_editor(f"AWS managed policy {_name(ref.key)} (read-only: AWS's own)",
                          document, PolicyType.IDENTITY, ref, None, True)

    def _edit_scp(self, ref: NodeRef) -> None:
        """p on an SCP edits it; on an account (or its SCP heading) adds one (ORG-*)."""
        account = self._find("account", ref.account)
        if account is None:
            return
        if ref.kind == "scp":
            index = int(ref.key)
            self._open_editor(scp_name(account, index), account.scps[index],
                              PolicyType.SCP, ref,
                              Edit("document", "scp", ref.key, account=account.id), False)
            return
        import json

        template = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"}]},
            indent=2)
        index = len(account.scps or [])

        def named(name: str | None) -> None:
            if name is None:
                return
            self._open_editor(f"New {scp_name(account, index, name=name)}", template,
                              PolicyType.SCP, NodeRef("scp", str(index), account.id),
                              Edit("document", "scp", str(index), account=account.id,
                                   name=name), False, always_apply=True)

        # named first, as a new inline policy is: AWS's own default SCP is FullAWSAccess
        where = f"account {account_label(account.id, account.name)}"
        self._ask_scp_name(account, index, f"New SCP on {where}",
                           "" if index else "FullAWSAccess", named)

    def _rename_scp(self, ref: NodeRef) -> None:
        """r on an SCP: its name (empty: called by its place), in the account's scp_names."""
        account = self._find("account", ref.account)
        if account is None:
            return
        index = int(ref.key)
        names = account.scp_names or []

        def named(name: str | None) -> None:
            if name is not None:
                self.edited(Edit("name", "scp", ref.key, account=account.id, name=name), ref)
                self.notify(f"Renamed: {scp_name(account, index, name=name)}.")

        self._ask_scp_name(account, index, f"Rename {scp_name(account, index)}",
                           names[index] if index < len(names) else "", named)

    def _ask_scp_name(self, account: AccountSpec, index: int, heading: str, name: str,
                      then: Callable[[str | None], None]) -> None:
        from rolesim.ui.world.scp_name_form import ScpNameForm

        taken = [other for k, other in enumerate(account.scp_names or []) if k != index]
        self.app.push_screen(ScpNameForm(heading, name, index, taken), then)

    def _new_inline(self, ref: NodeRef) -> None:
        """A name and a starting template; Empty opens the editor, a template is stored as
        filled in (p edits it later)."""
        from rolesim.scenario.choices import template_pickers
        from rolesim.scenario.templates import defaults, initial_template, templates_for
        from rolesim.ui.world.template_picker import TemplatePicker

        owner = self._find(ref.kind, ref.key)

        def chosen(result: tuple[str, str, str] | None) -> None:
            if result is None:
                return
            name, template_id, text = result
            child = NodeRef("inline", name, ref.account, owner=ref.key)
            edit = Edit("document", "inline", name, owner=ref.key)
            if template_id == "empty":
                self._open_editor(f"New inline policy {name} of {_name(ref.key)}", text,
                                  PolicyType.IDENTITY, child, edit, False, always_apply=True)
                return
            self.edited(edit.with_document(text), child)
            self.notify(f"Added the inline policy {name} to {_name(ref.key)} (p edits it).")

        self.app.push_screen(TemplatePicker(
            f"New inline policy of {_name(ref.key)}", templates_for("permissions"),
            defaults(self.scenario, ref.account, owner=ref.key), ask_name=True,
            taken=list(owner.inline), pickers=template_pickers(self.scenario),
            initial=initial_template("permissions", self.scenario, ref.account,
                                     owner=ref.key)), chosen)

    def _open_editor(self, title: str, document: Any, kind: PolicyType, ref: NodeRef,
                     edit: Edit | None, read_only: bool, always_apply: bool = False) -> None:
        """The policy editor on `document`; applying it posts `edit` with the new document
        (`edit` None: nothing to store, e.g. an AWS managed policy shown read-only)."""
        from rolesim.ui.world.policy_editor import PolicyEditor

        names = {a.id: a.name for a in self.scenario.accounts if a.name}
        original = document_text(document)

        def applied(text: str | None) -> None:
            if edit is None or text is None or (text == original and not always_apply):
                return
            self.edited(edit.with_document(document_from_text(text, document)), ref)

        gallery = {PolicyType.TRUST: "trust", PolicyType.IDENTITY: "permissions",
                   PolicyType.BOUNDARY: "permissions", PolicyType.RESOURCE: "resource"}.get(kind)
        starts = None
        if gallery is not None and not read_only:
            from rolesim.ui.world.policy_editor import gallery_starts

            owner = ref.owner or (ref.key if ref.kind in ("role", "resource") else "")
            starts = gallery_starts(self.scenario, gallery, ref.account, owner,
                                    open_at_once=kind in (PolicyType.TRUST, PolicyType.RESOURCE))
        self.app.push_screen(PolicyEditor(title, original, kind, account=ref.account,
                                          names=names, read_only=read_only, starts=starts),
                             applied)


    def action_path_steps(self) -> None:
        """A path of the selected user or role as steps (world.path_steps)."""
        from rolesim.core.clock import DEFAULT_START
        from rolesim.ui.world.path_steps_modal import PathStepsModal

        ref = self.selected
        if ref is None or ref.kind not in ("user", "role"):
            self.notify("Select a user or role first: its paths become steps.",
                        severity="warning")
            return
        summary = self._paths_for(ref)
        if self.world is None or summary is None or isinstance(summary, (str, PathsWorking)):
            self.notify("Its paths are not worked out yet: wait for \"Who can become it\".",
                        severity="warning")
            return
        now = self.scenario.start or DEFAULT_START
        out = summary.out if ref.kind == "user" else self.out_of_role.get(ref.key)
        searching = out is None
        modal = PathStepsModal(ref.key, self.world, now, summary, out,
                               stop=self._stop_role_paths if searching else None)

        def chosen(steps: list[Step] | None) -> None:
            self._stop_role_paths()
            self._steps_modal = None
            if steps:
                self.post_message(self.StepsChosen(steps))

        self._steps_modal = modal
        self.app.push_screen(modal, chosen)
        if searching:  # within the builder's budget, with its progress, stopped by Escape
            self._steps_budget = self._budget_for(self.world, ref.key, self._role_paths_progress)
            self._work_out_role_paths(self.world, ref.key, now, self._steps_budget)

    def _stop_role_paths(self) -> None:
        if self._steps_budget is not None:
            self._steps_budget.stop()

    def _role_paths_progress(self, world: World, arn: str, working: PathsWorking) -> None:
        if self._steps_modal is not None and self._steps_modal.arn == arn:
            self._steps_modal.show_working(working)

    @work(thread=True, group="builder-role-paths", exit_on_error=False,
          description="what a role can become")
    def _work_out_role_paths(self, world: World, arn: str, now: datetime,
                             budget: Budget) -> None:
        from rolesim.core.analysis.paths import Graph, find_paths
        from rolesim.core.analysis.paths.budget import BudgetExceeded

        found: list[Path] | BudgetExceeded | str
        try:
            found = find_paths(world, arn, graph=Graph(world, now, budget))
        except BudgetExceeded as stopped:
            found = stopped
        except Exception as error:  # an analysis bug must not take the builder down
            found = f"Could not work out the paths: {error}"
        self.app.call_from_thread(self._role_paths_ready, world, arn, found)

    def _role_paths_ready(self, world: World, arn: str,
                          found: list[Path] | BudgetExceeded | str) -> None:
        self._steps_budget = None
        if isinstance(found, list) and world is self.can_do_world:
            self.out_of_role[arn] = found
        if self._steps_modal is not None and self._steps_modal.arn == arn:
            self._steps_modal.show_out_of(found)


def _steps_will_fail(scenario: Scenario, ref: NodeRef) -> list[str]:
    """What steps naming a deleted function or instance will meet (the simulator's errors)."""
    from rolesim.scenario.world_edits import steps_naming

    count = steps_naming(scenario, ref.kind, ref.key)
    if not count:
        return []
    error = ("ResourceNotFoundException" if ref.kind == "function"
             else "InvalidInstanceID.NotFound")
    steps = "1 step names it" if count == 1 else f"{count} steps name it"
    return [f"{steps}: it will get {error}"]


def _work_out_paths(world: World, arn: str, clock: Clock, budget: Budget) -> PathsSummary | str:
    """Who can become the principal, and what it can become (docs/paths.md), off the UI
    thread, within the budget."""
    from rolesim.core.analysis.paths import paths_summary

    try:
        return paths_summary(world, arn, clock.now, budget)
    except Exception as error:  # an analysis bug must not take the builder down
        return f"Could not work out the paths: {error}"


def _work_out_assumers(world: World, arn: str) -> list[Any] | str:
    """Who can end up in a session of the role (the detail pane lists them), off the UI
    thread."""
    from rolesim.core.analysis.who_can_assume import who_can_assume

    try:
        return list(who_can_assume(world, arn))
    except Exception as error:  # an analysis bug must not take the builder down
        return str(error)
