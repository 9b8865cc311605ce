"""`n`: which kind of entity to create. Dismisses with the kind, or None."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from rolesim.ui.world.entity_form import KIND_TITLES

KIND_HINTS = {
    "account": "an AWS account: the boundary everything else lives in",
    "user": "a person or program with long-term credentials",
    "group": "a set of users sharing policies",
    "role": "an identity others assume for temporary credentials",
    "policy": "a managed policy document to attach",
    "provider": "a SAML or OIDC identity provider for federation",
    "instance_profile": "hands a role to an EC2 instance",
    "resource": "an S3 bucket, KMS key... and its resource policy",
}


KIND_KEYS = {"account": "a", "user": "u", "group": "g", "role": "r", "policy": "p",
             "provider": "i", "instance_profile": "e", "resource": "s"}
"""One letter picks each kind at once (shown before it)."""


class NewEntityModal(ModalScreen[str | None]):
    """Starts on the kind that fits the selected node (`preselect`); an account can always be
    created. Enter or a kind's letter chooses."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="dialog.cancel",
                        tooltip="Create nothing."),
                *[Binding(key, f"dismiss('{kind}')", show=False)
                  for kind, key in KIND_KEYS.items()]]
    HELP_TOPIC = "form"

    def __init__(self, preselect: str = "role") -> None:
        super().__init__()
        self.preselect = preselect

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Create what?", classes="dialog-title")
            yield OptionList(*[Option(f"{KIND_KEYS[kind]}  {title:<18} {KIND_HINTS[kind]}",
                                      id=kind)
                               for kind, title in KIND_TITLES.items()], id="kinds")

    def on_mount(self) -> None:
        kinds = self.query_one("#kinds", OptionList)
        kinds.highlighted = list(KIND_TITLES).index(self.preselect)
        kinds.focus()

    @on(OptionList.OptionSelected, "#kinds")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
