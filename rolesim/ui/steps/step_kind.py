"""Pick the kind of a new step (the scenario format's `do`), with one line on what each does."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

KIND_HELP: dict[str, str] = {
    "sign-in": "start the stack with a user's or root's long-term credentials",
    "assume-role": "STS AssumeRole with the top credentials",
    "assume-role-with-web-identity": "STS AssumeRoleWithWebIdentity (OIDC token)",
    "assume-role-with-saml": "STS AssumeRoleWithSAML (SAML assertion)",
    "get-session-token": "STS GetSessionToken with a user's credentials",
    "get-federation-token": "STS GetFederationToken: a federated-user session",
    "instance-credentials": "credentials of an EC2 instance profile",
    "service-assume-role": "an AWS service assumes a service role",
    "call": "an API request with the top credentials",
    "advance": "move the simulated clock forward",
    "exit": "leave the top role session",
    "revoke-sessions": "revoke the role's active sessions (REV-02)",
    "update-trust": "replace a role's trust policy",
    "attach-policy": "attach a managed policy",
    "detach-policy": "detach a managed policy",
    "put-policy": "create or replace an inline policy",
    "delete-policy": "delete an inline policy",
    "set-boundary": "set or remove a permissions boundary",
    "recreate": "delete and recreate a user or role (new unique ID)",
}
"""Every kind of step, in the scenario format's order."""


KIND_KEYS: dict[str, str] = {
    "sign-in": "s", "assume-role": "a", "assume-role-with-web-identity": "w",
    "assume-role-with-saml": "m", "get-session-token": "g", "get-federation-token": "f",
    "instance-credentials": "i", "service-assume-role": "v", "call": "c", "advance": "t",
    "exit": "x", "revoke-sessions": "r", "update-trust": "u", "attach-policy": "p",
    "detach-policy": "d", "put-policy": "n", "delete-policy": "l", "set-boundary": "b",
    "recreate": "e",
}
"""One letter picks each kind at once (shown before it): s sign in, a assume, c call..."""


class StepKindDialog(ModalScreen[str | None]):
    """A list of the kinds of step; enter or the kind's letter picks, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="step_kind.cancel",
                        tooltip="Add no step"),
                *[Binding(key, f"dismiss('{kind}')", show=False)
                  for kind, key in KIND_KEYS.items()]]

    DEFAULT_CSS = """
    StepKindDialog { align: center middle; }
    StepKindDialog > Vertical {
        width: 104; max-width: 96%; height: auto; max-height: 90%; border: thick $primary;
        background: $surface;
        padding: 0 1;
    }
    StepKindDialog #kind-title { text-style: bold; padding-bottom: 1; }
    StepKindDialog OptionList { height: auto; max-height: 24; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Add a step: what happens?", id="kind-title")
            yield OptionList(
                *[Option(f"{KIND_KEYS[kind]}  {kind:<31}{text}", id=kind)
                  for kind, text in KIND_HELP.items()],
                id="kinds",
            )

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
