"""The tree of accounts and what lives in them, built from the scenario model (not the built
World), so it can show a world that does not build yet."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets._tree import TOGGLE_STYLE
from textual.widgets.tree import TreeNode

from rolesim.core.arn import Arn, ArnError
from rolesim.core.words import account_label, scp_title, scp_words
from rolesim.scenario.world_edits import LIST_OF_KIND, entity_account, key_of

if TYPE_CHECKING:
    from rolesim.scenario.model import AccountSpec, Scenario

AWS_POLICY_PREFIX = "arn:aws:iam::aws:policy/"
AWS = "aws"
"""The pseudo-account of AWS managed policies."""

SECTIONS: tuple[tuple[str, str], ...] = (
    ("user", "Users"),
    ("group", "Groups"),
    ("role", "Roles"),
    ("policy", "Managed policies"),
    ("provider", "Identity providers"),
    ("instance_profile", "Instance profiles"),
    ("function", "Lambda functions"),
    ("instance", "EC2 instances"),
    ("resource", "Resources"),
)
"""Entity kinds in the order an account lists them, with their heading."""


SHOWN_PER_SECTION = 200
"""A section lists at most this many entities (an imported account can hold 5,000 roles);
a last line says how many more there are and that the filter narrows them. Keeps a rebuild,
an expand and each keystroke in the filter to a bounded number of nodes."""


@dataclass(frozen=True, slots=True)
class NodeRef:
    """What a tree node shows: an entity (`key` = its ARN, or the account ID), a section
    heading (`kind="section"`, `key` = entity kind), or an inline policy (`owner` set)."""

    kind: str
    key: str
    account: str
    owner: str = ""

    @property
    def is_entity(self) -> bool:
        return self.kind in LIST_OF_KIND


def entity_label(kind: str, arn: str) -> str:
    """The short name a tree shows: the entity name, with its path when not `/` (a function:
    its name; an instance: its ID, which is what `arn` holds for one)."""
    if kind in ("resource", "instance"):
        return arn
    if kind == "function":
        return arn.rsplit(":", 1)[-1]
    try:
        parsed = Arn.parse(arn)
    except ArnError:
        return arn
    if kind == "provider":
        return parsed.resource
    if parsed.path == "/" or parsed.path.startswith("/aws-service-role/"):
        return parsed.name  # a service-linked role's long path is said beside it instead
    return f"{parsed.path}{parsed.name}"


def scp_name(account: AccountSpec, index: int, *, where: bool = True,
             name: str | None = None) -> str:
    """The account's SCP `index` named as explanations name it (core `scp_words`): by its
    `scp_names` name (or `name`, one it is being given), else by its place counted from 1,
    and where it is attached (`SCP FullAWSAccess on account production (111111111111)`);
    `where=False`: `SCP FullAWSAccess`, under the account in the tree."""
    if name is None:
        names = account.scp_names or []
        name = names[index] if index < len(names) else None
    if not where:
        return scp_title(name, index)
    return scp_words(name, index, f"account {account_label(account.id, account.name)}")


ELLIPSIS = "…"


def fit_label(label: Text, width: int) -> Text:
    """`label` cut to `width` cells so that it still says which entity it is: the dim note
    after the name (`AWS managed, read-only`, `as Role`) goes first, whole, then a path before the
    name (`…/AmazonEC2ContainerServiceforEC2Role`), then the middle of the name, keeping its
    start and its end (`AWSApplicationAu…DynamoDBTablePolicy`). The detail pane says it whole.
    Names are ASCII: a character is a cell."""
    if width < 6 or label.cell_len <= width:
        return label
    plain = label.plain
    dims = [span for span in label.spans if "dim" in str(span.style)]
    prefix_end = next((span.end for span in dims if span.start == 0), 0)
    note_start = next((span.start for span in dims if span.start > prefix_end), len(plain))
    prefix = label[:prefix_end]
    name = plain[prefix_end:note_start].rstrip()
    room = width - prefix.cell_len
    if len(name) <= room:  # the note goes whole: half a note reads as a different one
        return label[:prefix_end + len(name)]
    return prefix + Text(_shortened(name, room), style=label.style)


def _shortened(name: str, room: int) -> str:
    if len(name) <= room:
        return name
    if name.startswith("/") and name.count("/") > 1:  # a path: the name says more
        name = name.rsplit("/", 1)[1]
        if len(name) + 2 <= room:
            return f"{ELLIPSIS}/{name}"
    keep = max(room - 1, 2)
    head = keep // 2
    return f"{name[:head]}{ELLIPSIS}{name[len(name) - (keep - head):]}"


def entities_by_account(scenario: Scenario) -> dict[str, dict[str, list[str]]]:
    """account -> kind -> ARNs (an instance: its ID) in file order; accounts named only by
    ARNs are included."""
    grouped: dict[str, dict[str, list[str]]] = {a.id: {} for a in scenario.accounts}
    for kind, _ in SECTIONS:
        for spec in getattr(scenario, LIST_OF_KIND[kind]):
            account = entity_account(kind, spec)
            grouped.setdefault(account, {}).setdefault(kind, []).append(key_of(kind, spec))
    attached = [arn for arn in attached_aws_policies(scenario)
                if arn not in grouped.get(AWS, {}).get("policy", [])]
    if attached:
        grouped.setdefault(AWS, {}).setdefault("policy", []).extend(attached)
    return grouped


def instance_arn(spec: Any) -> str:
    """An instance's ARN (the file gives its ID, account and region; docs/scenario-format)."""
    return f"arn:aws:ec2:{spec.region}:{spec.account}:instance/{spec.id}"


def attached_aws_policies(scenario: Scenario) -> list[str]:
    """AWS managed policies the world attaches (or uses as a boundary) without defining them:
    listed under "AWS managed policies" so they can be opened, read-only."""
    found: list[str] = []
    holders: list[Any] = [*scenario.users, *scenario.groups, *scenario.roles]
    for holder in holders:
        for arn in [*holder.policies, getattr(holder, "boundary", None) or ""]:
            if arn.startswith(AWS_POLICY_PREFIX) and arn not in found:
                found.append(arn)
    return found


def filter_entities(grouped: dict[str, dict[str, list[str]]], text: str,
                    also: Mapping[str, str] | None = None,
                    ) -> dict[str, dict[str, list[str]]]:
    """Only the entities whose ARN (or `also[key]`: an instance's ARN, its key being its ID)
    contains `text` (any case); accounts and sections left empty are dropped, unless the
    account ID itself matches."""
    needle = text.strip().lower()
    if not needle:
        return grouped
    also = also or {}

    def matches(key: str) -> bool:
        return needle in key.lower() or needle in also.get(key, "").lower()

    out: dict[str, dict[str, list[str]]] = {}
    for account, kinds in grouped.items():
        kept = {k: [a for a in arns if matches(a)] for k, arns in kinds.items()}
        kept = {k: arns for k, arns in kept.items() if arns}
        if kept or needle in account:
            out[account] = kept
    return out


def match_count(grouped: dict[str, dict[str, list[str]]],
                filtered: dict[str, dict[str, list[str]]], text: str) -> str:
    """What the filter found, for the tree's title ("" when not filtering): the tree may be
    scrolled past every section heading and its count."""
    if not text.strip():
        return ""
    found = sum(len(arns) for kinds in filtered.values() for arns in kinds.values())
    total = sum(len(arns) for kinds in grouped.values() for arns in kinds.values())
    if not found:
        return f"nothing matches, of {total:,}"
    return f"{found:,} of {total:,} match"


class WorldTree(Tree[NodeRef]):
    """Accounts -> sections -> entities -> inline policies. Enter/space expand; the builder
    reacts to the highlighted node."""

    _filling = False
    """True while `rebuild` adds nodes: each addition would otherwise drop the line cache and
    ask for a layout (Textual's per-node invalidation), hundreds of times a keystroke."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__("World", **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 3
        self._specs: dict[tuple[str, str], object] = {}
        self._also: dict[str, str] = {}
        """Text the filter matches besides a key: an instance's ARN (its key is its ID)."""
        self._grouped: dict[str, dict[str, list[str]]] | None = None
        self._labels: dict[tuple[str, str], Text] = {}
        self.settling = False
        """True from a rebuild until the cursor is back on the selection."""
        """Entity labels made since the last regroup (a keystroke in the filter reuses them)."""

    def process_label(self, label: str | Text) -> Text:
        """Labels here are one-line Text already: skip Textual's markup parse and line split
        (a copy of every label, on each keystroke in the filter)."""
        if isinstance(label, Text) and "\n" not in label.plain:
            return label
        return super().process_label(label)

    def _invalidate(self) -> None:
        if not self._filling:
            super()._invalidate()

    def get_label_width(self, node: TreeNode[NodeRef]) -> int:
        """The label's width without rendering it (Textual renders every line's label to size
        the tree, on each expand: ~1,000 lines on a big imported world); at most the room its
        line has, as `render_label` cuts it there (so the tree never scrolls sideways)."""
        icon = self._icon(node)
        label = node.label
        width = (label.cell_len if isinstance(label, Text) else cell_len(label)) + cell_len(icon)
        room = self._room(node)
        return min(width, room) if room > 0 else width

    def _icon(self, node: TreeNode[NodeRef]) -> str:
        return (self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE
                ) if node.allow_expand else ""

    def _room(self, node: TreeNode[NodeRef]) -> int:
        """The cells a node's label (with its icon) has on its line: the tree's width less the
        guides before it (0 while the tree has no size yet)."""
        depth, parent = 0, node.parent
        while parent is not None and parent is not self.root:
            depth, parent = depth + 1, parent.parent
        return self.scrollable_content_region.width - depth * self.guide_depth

    def render_label(self, node: TreeNode[NodeRef], base_style: Style, style: Style) -> Text:
        """As Textual's, with the label cut to the room of its line so that a long name (an AWS
        managed policy's, a resource's ARN) still says which it is (fit_label)."""
        icon = self._icon(node)
        room = self._room(node) - cell_len(icon)
        label = node._label
        if room > 0 and label.cell_len > room:
            label = fit_label(label, room)
        label = label.copy()
        label.stylize(style)
        prefix = (icon, base_style + TOGGLE_STYLE) if icon else ("", base_style)
        return Text.assemble(prefix, label)

    def rebuild(self, scenario: Scenario, select: NodeRef | None = None,
                filter_text: str = "", regroup: bool = True) -> NodeRef | None:
        """Clear and refill (only entities matching `filter_text`); re-highlight `select` (or
        the first role, or the first account) when it still exists. Returns what will be
        highlighted. `regroup=False` (a keystroke in the filter: the scenario is unchanged)
        reuses the grouping of the last rebuild."""
        self.clear()
        self._filling = True
        try:
            chosen = self._fill(scenario, select, filter_text, regroup)
        finally:
            self._filling = False
        self._invalidate()  # once, for all the nodes added
        self.settling = chosen is not None
        if chosen is not None:
            self.call_after_refresh(self._settle_on, chosen)
        return chosen.data if chosen is not None else None

    def _settle_on(self, node: TreeNode[NodeRef]) -> None:
        self.move_cursor(node)
        self.settling = False

    def is_stale(self, node: TreeNode[NodeRef]) -> bool:
        """True for a highlight that is not what the tree shows highlighted: the line the
        cursor stood on before a rebuild, highlighted for a moment until the cursor is moved
        back to the selection (showing it would paint the detail pane twice a keystroke)."""
        return self.settling or node is not self.cursor_node

    def _fill(self, scenario: Scenario, select: NodeRef | None, filter_text: str,
              regroup: bool) -> TreeNode[NodeRef] | None:
        if regroup or self._grouped is None:
            self._specs = {(kind, key_of(kind, spec)): spec for kind, _ in SECTIONS
                           for spec in getattr(scenario, LIST_OF_KIND[kind])}
            self._also = {i.id: instance_arn(i) for i in scenario.instances}
            self._grouped = entities_by_account(scenario)
            self._labels = {}
        names = {a.id: a.name for a in scenario.accounts}
        declared = set(names)
        target: TreeNode[NodeRef] | None = None
        first_role: TreeNode[NodeRef] | None = None
        grouped = filter_entities(self._grouped, filter_text, self._also)
        self.border_title = match_count(self._grouped, grouped, filter_text)
        for account, kinds in grouped.items():
            alias = names.get(account)
            label = Text.assemble(("▣ ", "bold"), (f"{alias}  " if alias else "", "bold"),
                                  (f"({account})" if alias else account, ""))
            if account == AWS:
                label = Text("AWS managed policies", style="bold")
            elif account not in declared:
                label.append("  not declared", style="italic dim")
            ref = NodeRef("account", account, account)
            account_node = self.root.add(label, data=ref, expand=True)
            if ref == select:
                target = account_node
            spec = next((a for a in scenario.accounts if a.id == account), None)
            if spec is not None and spec.scps is not None:
                target = self._add_scps(account_node, spec, select, target)
                above = [(level.label(k), len(level.scps))
                         for k, level in enumerate(spec.scp_levels or ())]
                self._add_scp_levels(account_node.children[-1], account, above)
            for kind, heading in SECTIONS:
                arns = kinds.get(kind, [])
                if not arns:
                    continue
                section = account_node.add(f"{heading} ({len(arns)})",
                                           data=NodeRef("section", kind, account), expand=True)
                if NodeRef("section", kind, account) == select:
                    target = section
                shown = arns[:SHOWN_PER_SECTION]
                if select is not None and select.key in arns[SHOWN_PER_SECTION:]:
                    shown.append(select.key)  # the entity being edited stays in view
                for arn in shown:
                    target, first_role = self._add_entity(scenario, section, kind, arn, account,
                                                          select, target, first_role)
                if len(arns) > len(shown):
                    section.add_leaf(Text(f"... {len(arns) - len(shown)} more: type in the "
                                          f"filter to narrow", style="italic dim"),
                                     data=NodeRef("section", kind, account))
        self.root.expand()
        chosen = target or first_role
        if chosen is None and self.root.children:
            chosen = self.root.children[0]
        return chosen

    def _runs_as(self, kind: str, spec: Any) -> str:
        """The role a function or an instance runs as ("" for other kinds, or not found)."""
        if kind == "function":
            return str(spec.role)
        if kind == "instance":
            profile: Any = self._specs.get(("instance_profile", spec.instance_profile))
            return str(profile.role) if profile is not None else ""
        return ""

    def _add_scps(self, account_node: TreeNode[NodeRef], spec: AccountSpec,
                  select: NodeRef | None, target: TreeNode[NodeRef] | None,
                  ) -> TreeNode[NodeRef] | None:
        """The account's service control policies (ORG-*), by their names, else numbered
        from 1 as people say (scp_name)."""
        count = len(spec.scps or ())
        ref = NodeRef("section", "scp", spec.id)
        section = account_node.add(f"Service control policies ({count})", data=ref,
                                   expand=True, allow_expand=count > 0)
        if ref == select:
            target = section
        for index in range(count):
            child_ref = NodeRef("scp", str(index), spec.id)
            child = section.add_leaf(Text(scp_name(spec, index, where=False)), data=child_ref)
            if child_ref == select:
                target = child
        return target

    def _add_scp_levels(self, section: TreeNode[NodeRef], account: str,
                        above: list[tuple[str, int]]) -> None:
        """The SCPs attached above the account, which must allow too (ORG-02): one line per
        level, read-only here (the file's `scp_levels`)."""
        for name, count in above:
            section.add_leaf(Text(f"and {count} attached to the {name}", style="italic dim"),
                             data=NodeRef("section", "scp", account))
            section.allow_expand = True

    def _add_entity(self, scenario: Scenario, section: TreeNode[NodeRef], kind: str, arn: str,
                    account: str, select: NodeRef | None, target: TreeNode[NodeRef] | None,
                    first_role: TreeNode[NodeRef] | None,
                    ) -> tuple[TreeNode[NodeRef] | None, TreeNode[NodeRef] | None]:
        ref = NodeRef(kind, arn, account)
        spec = self._specs.get((kind, arn))
        label = self._labels.get((kind, arn))
        if label is None:
            label = Text(entity_label(kind, arn))
            if kind == "role" and "/aws-service-role/" in arn:
                label.append("  service-linked", style="italic dim")
            if spec is None:  # an AWS managed policy attached but not defined
                label.append("  AWS managed, read-only", style="italic dim")
            role = self._runs_as(kind, spec)
            if role:
                label.append(f"  as {entity_label('role', role)}", style="italic dim")
            self._labels[(kind, arn)] = label
        inline: dict[str, object] = getattr(spec, "inline", {}) or {}
        # expanded as it is added: node.expand() would post a NodeExpanded message per entity
        node = section.add(label, data=ref, expand=bool(inline), allow_expand=bool(inline))
        for name in inline:
            child_ref = NodeRef("inline", name, account, owner=arn)
            child = node.add_leaf(Text.assemble(("inline ", "dim"), name), data=child_ref)
            if child_ref == select:
                target = child
        if ref == select:
            target = node
        if kind == "role" and first_role is None:
            first_role = node
        return target, first_role
