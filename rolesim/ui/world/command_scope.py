"""Which world-builder commands do something on the selected tree node.

The builder's `check_action` asks `applies`: a command that does not apply is left out of the
footer, the command palette and F1's key table, so what they list is what can be done on the
node the learner is looking at (`t` only on a role, which alone has a trust policy).
Commands that answer with an explanation (`e` on an AWS managed policy or a service-linked
role says why it cannot change) still apply: the explanation is the point. So does `s`, which
the footer does not show: on anything but a user or role it says what to select.
"""

from __future__ import annotations

from rolesim.ui.world.world_tree import AWS, NodeRef

NO_POLICY_KINDS = frozenset({"section", "provider", "instance_profile", "function", "instance"})
"""Nodes `p` has nothing to open or add on (an SCP heading is the exception: `p` adds one)."""


def applies(action: str, ref: NodeRef | None) -> bool:
    """Whether the builder's `action` does something on `ref` (None: nothing selected)."""
    if action == "edit_trust":
        return ref is not None and ref.kind == "role"
    if action == "edit_policy":
        return _policy_applies(ref)
    if action in ("edit_entity", "delete_entity", "rename_entity"):
        return _is_changeable(ref) and not (action == "rename_entity"
                                            and ref is not None and ref.kind == "inline")
    return True


def _is_changeable(ref: NodeRef | None) -> bool:
    """An entity, an inline policy or an SCP: not a heading, nor the AWS managed policies'
    pseudo-account."""
    if ref is None or (ref.kind == "account" and ref.key == AWS):
        return False
    return ref.is_entity or ref.kind in ("inline", "scp")


def _policy_applies(ref: NodeRef | None) -> bool:
    """`p` edits a policy (an AWS managed one: shows it, read-only), adds an inline policy to
    a user, group or role, edits a resource's policy, and edits or adds an SCP."""
    if ref is None or (ref.account == AWS and ref.kind != "policy"):
        return False
    if ref == NodeRef("section", "scp", ref.account):
        return True
    if ref.kind == "role" and "/aws-service-role/" in ref.key:
        return False  # its service defines its policies (SLR-02)
    return ref.kind not in NO_POLICY_KINDS


SCOPED = ("edit_trust", "edit_policy", "edit_entity", "delete_entity", "rename_entity")
"""The builder's actions whose keys depend on the selected node."""


def footer_keys(ref: NodeRef | None) -> tuple[bool, ...]:
    """Which of the SCOPED actions apply on `ref`: the footer changes only when this does."""
    return tuple(applies(action, ref) for action in SCOPED)
