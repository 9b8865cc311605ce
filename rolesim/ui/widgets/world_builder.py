"""The World tab: the tree of accounts on the left, the selected entity in words on the right,
and the commands that create, edit, rename and delete (all through the Workspace)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Tree

from rolesim.core.policy.model import PolicyType
from rolesim.ui.commands import bindings_for
from rolesim.ui.widgets import world_edits
from rolesim.ui.widgets.documents import document_from_text, document_text
from rolesim.ui.widgets.entity_detail import EntityDetail
from rolesim.ui.widgets.messages import WorkspaceChanged
from rolesim.ui.widgets.world_tree import NodeRef, WorldTree

if TYPE_CHECKING:
    from rolesim.core.analysis.paths import PathsSummary
    from rolesim.core.analysis.principal import PrincipalPermissions
    from rolesim.core.clock import Clock
    from rolesim.core.world import World
    from rolesim.scenario.model import Scenario
    from rolesim.ui.app import RolesimApp

SLR_REASON = ("{name} is a service-linked role: the service that owns it defines its trust and "
              "permissions, and IAM refuses changes with UnmodifiableEntity (SLR-02, SLR-03). "
              "You can look at it, not change it.")


def _name(arn: str) -> str:
    return arn.rsplit("/", 1)[-1]


class WorldBuilder(Horizontal):
    """Owns the `world` command scope (see rolesim.ui.commands)."""

    COMMAND_SCOPE = "world"
    BINDINGS = bindings_for("world")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.selected: NodeRef | None = None
        """The highlighted tree node's reference (what the commands act on)."""
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
        self._can_do_wanted: str | None = None
        self._can_do_busy = False

    @property
    def rolesim(self) -> RolesimApp:
        return cast("RolesimApp", self.app)

    @property
    def scenario(self) -> Scenario:
        return self.rolesim.workspace.scenario

    def compose(self) -> ComposeResult:
        yield WorldTree(id="world-tree")
        with VerticalScroll(id="detail-scroll"):
            yield EntityDetail(id="detail")

    def on_mount(self) -> None:
        self.query_one(WorldTree).focus()
        if self.rolesim.workspace_loaded:
            self.rebuild()
        else:  # the app reads the tutorial just after this frame, then says WorkspaceChanged
            self.query_one(EntityDetail).update("Opening the built-in tutorial...")

    @on(WorkspaceChanged)
    def workspace_changed(self) -> None:
        self.rebuild(self.selected)

    def rebuild(self, select: NodeRef | None = None) -> None:
        """Refill the tree from the scenario now; build the world (does it build? who can
        assume what?) just after the frame is painted, keeping start-up and typing snappy."""
        self.world, self.world_error = None, None
        self.selected = self.query_one(WorldTree).rebuild(self.scenario, select)
        self.rolesim.startup_mark("tree")
        self._show()
        self.call_after_refresh(self._analyse)

    def _analyse(self) -> None:
        self.ready = True
        self._build_world()
        self._show()

    def _build_world(self) -> None:
        try:
            self.world, self.world_error = self.rolesim.workspace.world(), None
        except Exception as error:  # ScenarioError, or a document the parser refuses
            self.world, self.world_error = None, str(error)

    @on(Tree.NodeHighlighted, "#world-tree")
    def node_highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        self.selected = event.node.data
        self._show()

    def _show(self) -> None:
        if not self.ready:
            self.query_one(EntityDetail).update("Reading the world...")
            return
        self.query_one(EntityDetail).show(self.selected, self.scenario, self.world,
                                          self.world_error, self._can_do_for(self.selected),
                                          self._paths_for(self.selected))

    # --- what a user or role can do (worked out in a thread, cached per world) ------------
    def _can_do_for(self, ref: NodeRef | None) -> PrincipalPermissions | str | None:
        """The cached answer for a selected user or role; None (and a worker started) when it
        is still to be worked out."""
        if ref is None or ref.kind not in ("user", "role") or self.world is None:
            return None
        if self.can_do_world is not self.world:
            self.can_do_world, self.can_do, self.paths_of = self.world, {}, {}
        found = self.can_do.get(ref.key)
        if found is None:
            self._can_do_wanted = ref.key
            if not self._can_do_busy:
                from rolesim.core.clock import DEFAULT_START, Clock

                start = self.scenario.start  # the scenario's clock, as its replay starts it
                self._can_do_busy = True
                self._work_out_can_do(self.world, ref.key,
                                      Clock(start if start is not None else DEFAULT_START))
        return found

    @work(thread=True, group="builder-can-do", exit_on_error=False)
    def _work_out_can_do(self, world: World, arn: str, clock: Clock) -> None:
        from rolesim.core.analysis.principal import principal_permissions
        from rolesim.ui.widgets.permission_summary import can_do_lines

        try:
            found = principal_permissions(world, arn, clock)
            can_do_lines(found)  # built here, off the UI thread; the panel only paints it
            result: PrincipalPermissions | str = found
        except Exception as error:  # an analysis bug must not take the builder down
            result = f"Could not work out what it can do: {error}"
        paths = _work_out_paths(world, arn, clock)
        self.app.call_from_thread(self._can_do_ready, world, arn, result, paths)

    def _paths_for(self, ref: NodeRef | None) -> PathsSummary | str | None:
        return self.paths_of.get(ref.key) if ref is not None else None

    def _can_do_ready(self, world: World, arn: str, result: PrincipalPermissions | str,
                      paths: PathsSummary | str | None = None) -> None:
        """Back on the UI thread: keep the answer, show it if still selected, else work out
        the one selected now (one thread at a time, so racing down the tree never piles up
        work)."""
        self._can_do_busy = False
        if world is self.can_do_world:
            self.can_do[arn] = result
            if paths is not None:
                self.paths_of[arn] = paths
        ref = self.selected
        if ref is None or ref.kind not in ("user", "role") or self.world is None:
            return
        if (ref.key == arn and world is self.world) or self._can_do_for(ref) is not None:
            self._show()

    def changed(self, select: NodeRef | None) -> None:
        """After an edit: mark the Workspace dirty and let everyone rebuild."""
        self.rolesim.workspace.mark_dirty()
        self.selected = select
        self.rolesim.workspace_changed()

    # --- guards -----------------------------------------------------------------------------
    def _is_slr(self, ref: NodeRef | None) -> bool:
        if ref is None:
            return False
        arn = ref.owner if ref.kind == "inline" else ref.key
        if "/aws-service-role/" not in arn or ":role/" not in arn:
            return False
        from rolesim.ui.modals.confirm import MessageModal

        self.app.push_screen(MessageModal("Service-linked role",
                                          SLR_REASON.format(name=arn.rsplit("/", 1)[-1])))
        return True

    def _entity(self) -> NodeRef | None:
        ref = self.selected
        if ref is None or not (ref.is_entity or ref.kind in ("inline", "scp")):
            self.notify("Select an entity in the tree first.", severity="warning")
            return None
        return ref

    # --- commands ---------------------------------------------------------------------------
    def action_new_entity(self) -> None:
        from rolesim.ui.modals.entity_form import KIND_TITLES
        from rolesim.ui.modals.new_entity import NewEntityModal

        ref = self.selected
        guess = "account" if ref is None else {"section": ref.key, "account": "role",
                                                "inline": "policy"}.get(ref.kind, ref.kind)
        account = ref.account if ref and ref.account != "aws" else None

        def chosen(kind: str | None) -> None:
            if kind is not None:
                self._create(kind, account)

        self.app.push_screen(NewEntityModal(guess if guess in KIND_TITLES else "role"), chosen)

    def _create(self, kind: str, account: str | None) -> None:
        from rolesim.ui.modals.entity_form import KIND_TITLES, EntityForm

        def created(spec: Any) -> None:
            if spec is None:
                return
            ref = world_edits.add(self.scenario, kind, spec)
            self.changed(ref)
            self.notify(f"Created {KIND_TITLES[kind]} {ref.key}.")
            if kind == "policy":
                self.action_edit_policy()

        self.app.push_screen(EntityForm(kind, self.scenario, account=account), created)

    def action_edit_entity(self) -> None:
        ref = self._entity()
        if ref is None or self._is_slr(ref):
            return
        if ref.kind in ("inline", "scp"):
            self.action_edit_policy()
            return
        self._edit(ref, rename=False)

    def action_rename_entity(self) -> None:
        ref = self._entity()
        if ref is None or self._is_slr(ref):
            return
        if ref.kind in ("inline", "scp"):
            self.notify("Policies in place have no name of their own to change here.")
            return
        self._edit(ref, rename=True)

    def _edit(self, ref: NodeRef, rename: bool) -> None:
        from rolesim.ui.modals.entity_form import EntityForm

        spec = world_edits.find(self.scenario, ref.kind, ref.key)

        def edited(new_spec: Any) -> None:
            if new_spec is not None:
                self.changed(world_edits.replace(self.scenario, ref.kind, ref.key, new_spec))

        self.app.push_screen(EntityForm(ref.kind, self.scenario, spec, rename=rename), edited)

    def action_delete_entity(self) -> None:
        ref = self._entity()
        if ref is None or self._is_slr(ref):
            return
        from rolesim.ui.modals.confirm import ConfirmModal
        from rolesim.ui.modals.entity_form import KIND_TITLES

        what = (f"the inline policy {ref.key} of {ref.owner}" if ref.kind == "inline"
                else f"SCP {int(ref.key) + 1} of account {ref.account}" if ref.kind == "scp"
                else f"the {KIND_TITLES[ref.kind]} {ref.key}")
        consequences = ([] if ref.kind == "scp"
                        else world_edits.references_to(self.scenario, ref.key))
        if ref.kind == "account":
            consequences = ["everything in this account is deleted with it"]
        if ref.kind == "role":
            consequences.append("steps that assume it will get AccessDenied (AR-18)")
        question = f"Delete {what}?" + "".join(f"\n  • {c}" for c in consequences)

        def answered(yes: bool | None) -> None:
            if yes:
                world_edits.delete(self.scenario, ref)
                section = {"inline": "", "scp": "scp"}.get(ref.kind, ref.kind)
                self.changed(NodeRef("section", section, ref.account)
                             if ref.kind != "account" else None)
                self.notify(f"Deleted {what}.")

        self.app.push_screen(ConfirmModal("Delete", question), answered)

    def action_edit_trust(self) -> None:
        ref = self.selected
        if ref is None or ref.kind != "role":
            self.notify("Select a role: only roles have a trust policy.", severity="warning")
            return
        spec = world_edits.find(self.scenario, "role", ref.key)
        read_only = "/aws-service-role/" in ref.key
        title = f"Role {_name(spec.arn)}"
        if read_only:
            title += " (read-only: service-linked, SLR-03)"
        self._open_editor(title, spec.trust, PolicyType.TRUST, ref,
                          lambda doc: setattr(spec, "trust", doc), read_only)

    def action_edit_policy(self) -> None:
        ref = self.selected
        if ref is not None and (ref.kind in ("account", "scp") or ref == NodeRef(
                "section", "scp", ref.account)):
            self._edit_scp(ref)
            return
        if ref is None or ref.kind in ("section", "provider", "instance_profile"):
            self.notify("Select a policy, a resource, or a user, group or role to add an "
                        "inline policy to.", severity="warning")
            return
        read_only = "/aws-service-role/" in (ref.owner or ref.key) and ":role/" in (
            ref.owner or ref.key)
        if ref.kind == "inline":
            owner = next(world_edits.find(self.scenario, k, ref.owner)
                         for k in ("user", "group", "role")
                         if world_edits.find(self.scenario, k, ref.owner) is not None)
            self._open_editor(f"Inline policy {ref.key} of {_name(ref.owner)}",
                              owner.inline[ref.key], PolicyType.IDENTITY, ref,
                              lambda doc: owner.inline.__setitem__(ref.key, doc), read_only)
        elif ref.kind == "policy":
            spec = world_edits.find(self.scenario, "policy", ref.key)
            self._open_editor(f"Managed policy {_name(spec.arn)}", spec.document,
                              PolicyType.IDENTITY, ref,
                              lambda doc: setattr(spec, "document", doc), False)
        elif ref.kind == "resource":
            spec = world_edits.find(self.scenario, "resource", ref.key)
            self._open_editor(f"Resource {spec.arn}", spec.policy,
                              PolicyType.RESOURCE, ref,
                              lambda doc: setattr(spec, "policy", doc), False)
        elif not self._is_slr(ref):
            self._new_inline(ref)

    def _edit_scp(self, ref: NodeRef) -> None:
        """p on an SCP edits it; on an account (or its SCP heading) adds one (ORG-*)."""
        account = world_edits.find(self.scenario, "account", ref.account)
        if account is None:
            return
        if ref.kind == "scp":
            index = int(ref.key)
            scps = account.scps
            self._open_editor(f"SCP {index + 1} of account {account.id}", scps[index],
                              PolicyType.SCP, ref, lambda doc: scps.__setitem__(index, doc),
                              False)
            return
        import json

        template = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Sid": "FullAWSAccess", "Effect": "Allow", "Action": "*", "Resource": "*"}]},
            indent=2)
        index = len(account.scps or [])

        def store(doc: Any) -> None:
            account.scps = [*(account.scps or []), doc]

        self._open_editor(f"New SCP {index + 1} of account {account.id}", template,
                          PolicyType.SCP, NodeRef("scp", str(index), account.id), store, False,
                          always_apply=True)

    def _new_inline(self, ref: NodeRef) -> None:
        from rolesim.ui.modals.entity_form import POLICY_TEMPLATE
        from rolesim.ui.modals.inline_name import InlineNameModal

        owner = world_edits.find(self.scenario, ref.kind, ref.key)

        def named(name: str | None) -> None:
            if not name:
                return
            import json

            template = json.dumps(POLICY_TEMPLATE, indent=2)
            child = NodeRef("inline", name, ref.account, owner=ref.key)
            self._open_editor(f"New inline policy {name} of {_name(ref.key)}", template,
                              PolicyType.IDENTITY, child,
                              lambda doc: owner.inline.__setitem__(name, doc), False,
                              always_apply=True)

        self.app.push_screen(InlineNameModal(list(owner.inline)), named)

    def _open_editor(self, title: str, document: Any, kind: PolicyType, ref: NodeRef,
                     store: Any, read_only: bool, always_apply: bool = False) -> None:
        from rolesim.ui.modals.policy_editor import PolicyEditor

        names = {a.id: a.name for a in self.scenario.accounts if a.name}
        original = document_text(document)

        def applied(text: str | None) -> None:
            if text is None or (text == original and not always_apply):
                return
            store(document_from_text(text, document))
            self.changed(ref)

        self.app.push_screen(PolicyEditor(title, original, kind, account=ref.account,
                                          names=names, read_only=read_only), applied)


def _work_out_paths(world: World, arn: str, clock: Clock) -> PathsSummary | str:
    """Who can become the principal, and what it can become (docs/paths.md), off the UI
    thread."""
    from rolesim.core.analysis.paths import paths_summary

    try:
        return paths_summary(world, arn, clock.now)
    except Exception as error:  # an analysis bug must not take the builder down
        return f"Could not work out the paths: {error}"
