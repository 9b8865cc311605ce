"""What the stepper shows for each step, and how predict mode scores a guess.

Plain functions over the scenario's step models and the runner's outcome strings: the outcome
itself always comes from the core; this only names and colours it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from rolesim.core.arn import Arn, ArnError

CALL_OUTCOMES = ("allowed", "explicitDeny", "implicitDeny")
DENIED = ("explicitDeny", "implicitDeny")


def short_arn(arn: str, accounts: Mapping[str, str] | None = None) -> str:
    """`role/Deploy @prod` for `arn:aws:iam::222222222222:role/Deploy` (account name when the
    world gives one, else its ID); anything that is not an ARN comes back as written."""
    try:
        parsed = Arn.parse(arn)
    except ArnError:
        return arn
    if not parsed.account:
        return parsed.resource if parsed.service == "s3" else arn
    name = (accounts or {}).get(parsed.account) or parsed.account
    return f"{parsed.resource} @{name}"


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours and minutes:
        return f"{hours}h{minutes:02d}m"
    return f"{hours}h" if hours else f"{minutes}m" if minutes else f"{seconds}s"


def step_summary(step: Any, accounts: Mapping[str, str] | None = None) -> str:
    """One line saying what the step does, e.g. `role/Deploy @prod as david (2h, MFA)`."""
    do = str(step.do)

    def s(arn: object) -> str:
        return short_arn(str(arn), accounts)

    if do == "sign-in":
        return s(step.principal) + (" with MFA" if step.mfa else "")
    if do in ("assume-role", "assume-role-with-web-identity"):
        extras = []
        if step.duration is not None:
            extras.append(_duration(int(step.duration)))
        for attr, label in (("external_id", "external ID"), ("tags", "tags"),
                            ("policy", "session policy"), ("source_identity", "source identity")):
            if getattr(step, attr, None):
                extras.append(label)
        if getattr(step, "mfa", False):
            extras.append("MFA")
        tail = f" ({', '.join(extras)})" if extras else ""
        return f"{s(step.role)} as {step.session_name}{tail}"
    if do == "assume-role-with-saml":
        return f"{s(step.role)} via {s(step.provider)}"
    if do == "get-session-token":
        return "session token" + (" with MFA" if step.mfa else "")
    if do == "get-federation-token":
        return f"federated user {step.name}"
    if do == "instance-credentials":
        return f"{s(step.instance_profile)} on {step.instance_id}"
    if do == "service-assume-role":
        return f"{step.service} assumes {s(step.role)}"
    if do == "call":
        resource = "" if step.resource == "*" else f" on {s(step.resource)}"
        return f"{step.action}{resource}"
    if do == "advance":
        return f"+{_duration(int(step.total_seconds))}"
    if do == "exit":
        return "leave the top role session"
    if do in ("revoke-sessions", "update-trust"):
        return s(step.role)
    if do in ("attach-policy", "detach-policy", "set-boundary"):
        policy = s(step.policy) if step.policy else "(none)"
        return f"{policy} → {s(step.principal)}"
    if do in ("put-policy", "delete-policy"):
        return f"{step.name} → {s(step.principal)}"
    if do == "recreate":
        return s(step.principal)
    return ""


def outcome_style(outcome: str) -> str:
    """Green for allowed/ok, red for a denial or AccessDenied, yellow for other errors."""
    if outcome in ("allowed", "ok"):
        return "bold green"
    if outcome in DENIED or outcome == "AccessDenied":
        return "bold red"
    return "bold yellow"


def outcome_badge(outcome: str | None) -> Text:
    if outcome is None:
        return Text("·", style="dim")
    mark = {"allowed": "✔ ", "ok": "✔ "}.get(outcome, "✘ " if outcome in DENIED else "⚠ ")
    return Text(mark + outcome, style=outcome_style(outcome))


def met_badge(met: bool | None) -> Text:
    if met is None:
        return Text("")
    return Text("✓", style="bold green") if met else Text("✗", style="bold red")


# --- predict mode ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Guess:
    """One answer a learner can give: a key to press, a label, and which outcomes it covers."""

    key: str
    label: str
    covers: tuple[str, ...]
    """Outcomes that make this guess right; empty means 'any error code not covered above'."""


def guesses_for(do: str) -> tuple[Guess, ...]:
    """A call is allowed or denied (or fails before evaluation); other steps are ok or fail."""
    if do == "call":
        return (
            Guess("1", "allowed", ("allowed",)),
            Guess("2", "denied (explicit or implicit)", DENIED),
            Guess("3", "an error before evaluation (ExpiredToken…)", ()),
        )
    return (
        Guess("1", "ok", ("ok",)),
        Guess("2", "AccessDenied", ("AccessDenied",)),
        Guess("3", "ValidationError", ("ValidationError",)),
        Guess("4", "another error", ()),
    )


def guess_right(guess: Guess, outcome: str, do: str) -> bool:
    """Whether the guess covers the outcome; the catch-all covers every error the others do
    not name."""
    if guess.covers:
        return outcome in guess.covers
    named = {o for g in guesses_for(do) for o in g.covers}
    return outcome not in named


@dataclass
class Score:
    """Predict mode's tally for the run.

    `n` predicts every step it reaches; a jump forward predicts only its target and runs the
    steps before it unscored, so the score also says how many of the steps reached were
    predicted (`coverage`: "3 of 7 steps predicted").
    """

    right: int = 0
    """Predictions that were right."""
    asked: int = 0
    """Predictions made."""
    reached: int = 0
    """Steps run forward in predict mode, predicted or skipped over by a jump."""

    def record(self, correct: bool, skipped: int = 0) -> None:
        """One prediction, made after running `skipped` steps without asking (a jump)."""
        self.asked += 1
        self.right += int(correct)
        self.reached += 1 + skipped

    @property
    def skipped(self) -> int:
        """Steps reached without a prediction."""
        return max(0, self.reached - self.asked)

    @property
    def coverage(self) -> str:
        """How many of the steps reached were predicted; empty while every one was."""
        return f"{self.asked} of {self.reached} steps predicted" if self.skipped else ""

    def with_coverage(self, sep: str = " · ") -> str:
        """The score, then its coverage when a jump skipped steps: `1/2 · 2 of 5 steps
        predicted`."""
        return f"{self}{sep}{self.coverage}" if self.coverage else str(self)

    def __str__(self) -> str:
        return f"{self.right}/{self.asked}"
