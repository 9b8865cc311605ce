"""What the stepper shows for each step, and how predict mode scores a guess.

Plain functions over the scenario's step models and the runner's outcome strings: the outcome
itself always comes from the core; this only names and colours it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from rolesim.core.arn import Arn, ArnError, account_field
from rolesim.scenario.model import STEP_TYPES
from rolesim.ui.steps.document_words import document_words

DENIED = ("explicitDeny", "implicitDeny")


def short_arn(arn: str, accounts: Mapping[str, str] | None = None) -> str:
    """`role/Deploy in prod` for `arn:aws:iam::222222222222:role/Deploy` (account name when the
    world gives one, else its ID); anything that is not an ARN comes back as written. Not
    `role/Deploy@prod`: an `@` reads like a tag or an e-mail address."""
    try:
        parsed = Arn.parse(arn)
    except ArnError:
        return arn
    if not parsed.account:
        return parsed.resource if parsed.service == "s3" else arn
    name = (accounts or {}).get(parsed.account) or parsed.account
    return f"{parsed.resource} in {name}"


def _duration(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    if hours and minutes:
        return f"{hours}h{minutes:02d}m"
    return f"{hours}h" if hours else f"{minutes}m" if minutes else f"{seconds}s"


OPTIONAL_SETTINGS = ("external_id", "mfa", "source_identity", "policy", "tags",
                     "source_arn", "source_account")
"""Settings shown as absent (`no ext-id`) on a step that lacks them when another step of the
scenario sets them: two steps that differ only by one of these never look the same."""


def varied_settings(steps: Sequence[Any]) -> frozenset[str]:
    """The optional settings that at least one of `steps` sets."""
    return frozenset(key for key in OPTIONAL_SETTINGS
                     if any(getattr(step, key, None) for step in steps))


def _value(text: object, limit: int = 24) -> str:
    shown = str(text)
    return f'"{shown}"' if len(shown) <= limit else f'"{shown[:limit - 1]}…"'


def _plain_value(value: object, limit: int = 24) -> str:
    """`value` unquoted, cut to `limit` with `…` (the predict prompt shows it whole)."""
    shown = str(value)
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


def _pairs(pairs: Mapping[str, Any], narrow: bool, marked: frozenset[str] = frozenset(),
           sep: str = "") -> str:
    """`key=value` pairs as the step list shows a call's context keys, a step's session tags
    and SAML attributes: values too, narrow or not, since two steps may differ only by one
    (`Project=Other` is refused where `Project=Unicorn` passes, TAG-10); narrow: each value
    cut to 24 characters with `…`, the pairs joined by `, ` (or `sep`). A list value is
    joined by `,`; a key in `marked` gets `⇢` (transitive)."""
    items = []
    for key, value in pairs.items():
        shown = ",".join(map(str, value)) if isinstance(value, list) else str(value)
        items.append(f"{key}={_plain_value(shown) if narrow else shown}"
                     + ("⇢" if key.lower() in marked else ""))
    return (sep or (", " if narrow else " ")).join(items)


def _tag_words(step: Any, narrow: bool) -> list[str]:
    """`tags project=apollo⇢ stage=beta` (⇢: transitive), and transitive keys that are not
    among the tags passed (`transitive Team`): both change the outcome (TAG-09, TAG-12)."""
    tags: dict[str, str] = dict(getattr(step, "tags", None) or {})
    transitive = [str(k) for k in getattr(step, "transitive_tag_keys", None) or ()]
    marked = frozenset(k.lower() for k in transitive)
    words = []
    if tags:
        words.append("tags " + _pairs(tags, narrow, marked))
    lone = [k for k in transitive if k.lower() not in {t.lower() for t in tags}]
    if lone:
        words.append("transitive " + ",".join(lone))
    return words


def _settings_words(step: Any, narrow: bool, varied: frozenset[str],
                    s: Any = short_arn) -> list[str]:
    """The settings of a step that change its outcome, in a few words each (`s`: an ARN's
    short form)."""
    words: list[str] = []
    duration = getattr(step, "duration", None)
    if duration is not None:
        words.append(_duration(int(duration)))
    external_id = getattr(step, "external_id", None)
    if external_id:
        words.append(f"ext-id {_value(external_id)}")  # the value decides (TP-13)
    elif "external_id" in varied and hasattr(step, "external_id"):
        words.append("no\u00a0ext-id")
    words += _tag_words(step, narrow)
    if getattr(step, "policy", None) and str(step.do) != "attach-policy" \
            and hasattr(step, "policy_arns"):
        said = document_words(step.policy, narrow=narrow)  # two differ only by it (AR-15)
        words.append(" ".join(filter(None, ("sess-policy" if narrow else "session policy",
                                            said))))
    arns = getattr(step, "policy_arns", None) or ()
    if arns:
        words.append("policy-arns " + ", ".join(str(a).rsplit("/", 1)[-1] for a in arns)
                     if narrow else "policy ARNs " + ", ".join(str(s(a)) for a in arns))
    source = getattr(step, "source_identity", None)
    if source:
        words.append(f"{'src-id' if narrow else 'source-id'} {_value(source)}")
    elif "source_identity" in varied and hasattr(step, "source_identity"):
        words.append("no\u00a0src-id")
    if hasattr(step, "mfa") and str(step.do) != "sign-in":
        if step.mfa:
            words.append("MFA")
        elif "mfa" in varied:
            words.append("no\u00a0MFA")
    for key, label in (("source_arn", "source-arn"), ("source_account", "source-account")):
        value = getattr(step, key, None)
        if value:
            shown = short_arn(str(value))  # the value, narrow too: it decides (TP-15)
            words.append(f"{label} {_plain_value(shown) if narrow else shown}")
        elif key in varied and hasattr(step, key):
            words.append(f"no\u00a0{label}")
    return words


def step_summary(step: Any, accounts: Mapping[str, str] | None = None, *,
                 narrow: bool = False, varied: frozenset[str] = frozenset()) -> str:
    """One line saying what the step does and every setting that changes its outcome, e.g.
    `role/Deploy in prod as david · 2h · ext-id "x" · MFA`; `narrow`: short forms for 80
    columns (`ext-id ✓`); `varied`: settings to show as absent (`no ext-id`)."""
    do = str(step.do)

    def s(arn: object) -> str:
        return short_arn(str(arn), accounts)

    head = _head(step, do, s, narrow)
    extras = _settings_words(step, narrow, varied, s) if is_decision(do) else []
    return " · ".join([head, *extras]) if extras else head


def _head(step: Any, do: str, s: Any, narrow: bool) -> str:
    """What the step does, before its settings."""
    if do == "sign-in":
        using = {"access-key": " with its access key", "password": " with its password"}
        return (str(s(step.principal)) + using.get(getattr(step, "using", None) or "", "")
                + (" with MFA" if step.mfa else ""))
    if do == "assume-role":
        return f"{s(step.role)} as {step.session_name}"
    if do == "assume-role-with-web-identity":
        claims = step.claims or {}
        shown = " ".join(f"{k}={v}" for k, v in claims.items()
                         if k != "https://aws.amazon.com/tags")
        if "https://aws.amazon.com/tags" in claims:
            shown += " +tags claim"
        return f"{s(step.role)} via {step.issuer}" + (f" · claims {shown}" if shown else "")
    if do == "assume-role-with-saml":
        head = f"{s(step.role)} via {s(step.provider)}"
        if step.attributes:  # ", " between pairs: a value may have spaces (`John Smith`)
            named = {str(k).rsplit("/", 1)[-1]: v for k, v in step.attributes.items()}
            head += " · attributes " + _pairs(named, narrow, sep=", ")
        if step.not_on_or_after is not None:
            head += f" · valid until {step.not_on_or_after:%H:%M}"
        return head
    if do == "get-session-token":
        return "session token"
    if do == "get-federation-token":
        return f"federated user {step.name}"
    if do == "instance-credentials":
        if step.instance_profile is None:
            return f"instance {step.instance_id}"
        return f"{s(step.instance_profile)} on {step.instance_id}"
    if do == "service-assume-role":
        return f"{step.service} assumes {s(step.role)}"
    if do == "call":
        resource = "" if step.resource == "*" else f" on {s(step.resource)}"
        context = step.context or {}
        if context:
            resource += " · " + _pairs(context, narrow)
        return f"{step.action}{resource}"
    return _world_head(step, do, s, narrow)


def _world_head(step: Any, do: str, s: Any, narrow: bool) -> str:
    head = _change_head(step, do, s)
    said = _new_document_words(step, do, s, narrow)
    if said:
        head += f" · {said}"
    if getattr(step, "by", None) == "caller" and do in _TRAINER_BY_DEFAULT:
        head += " · by the caller"
    return head


def _new_document_words(step: Any, do: str, s: Any, narrow: bool) -> str:
    """The document a change writes, in a few words (`trust Allow user/sam`, `Allow s3:*`):
    two changes that differ only by it must not look the same; `as default` after a new
    policy version's."""
    if do == "update-trust" and step.trust is not None:
        own = account_field(str(step.role))

        def principal(arn: str) -> str:  # the role's own account goes without saying
            if own and account_field(arn) == own and not arn.endswith(":root"):
                return arn.split(":", 5)[5]
            return str(s(arn))

        return "trust " + document_words(step.trust, trust=True, narrow=narrow,
                                         short=principal)
    said = ""
    if do in ("put-policy", "create-policy-version") and step.document is not None:
        said = document_words(step.document, narrow=narrow)
    if do == "create-policy-version" and step.set_as_default:
        said = " · ".join(filter(None, (said, "as default")))
    return said


_TRAINER_BY_DEFAULT = frozenset({"revoke-sessions", "update-trust", "attach-policy",
                                 "detach-policy", "put-policy", "delete-policy", "set-boundary",
                                 "recreate"})


def _change_head(step: Any, do: str, s: Any) -> str:
    if do == "advance":
        return f"+{_duration(int(step.total_seconds))}"
    if do == "exit":
        return "leave the top role session"
    if do in ("revoke-sessions", "update-trust"):
        return str(s(step.role))
    if do in ("attach-policy", "detach-policy", "set-boundary"):
        policy = s(step.policy) if step.policy else "(none)"
        return f"{policy} → {s(step.principal)}"
    if do in ("put-policy", "delete-policy"):
        return f"{step.name} → {s(step.principal)}"
    if do == "recreate":
        return str(s(step.principal))
    return _new_step_head(step, do, s)


def _new_step_head(step: Any, do: str, s: Any) -> str:
    """rolesim's own steps (made by the caller unless `by = "trainer"`)."""
    if do in ("create-access-key", "create-login-profile", "update-login-profile"):
        return str(s(step.user)) if step.user else "the caller's own user"
    if do in ("add-user-to-group", "remove-user-from-group"):
        return f"{s(step.user)} → {s(step.group)}"
    if do == "create-policy-version":
        return str(s(step.policy))
    if do == "set-default-policy-version":
        return f"{s(step.policy)} → {step.version}"
    if do == "run-instance":
        return f"{s(step.instance_profile)} on {step.instance_id}"
    if do == "create-function":
        return f"{s(step.function)} as {s(step.role)}"
    if do in ("update-function-code", "invoke-function"):
        return str(s(step.function))
    if do == "pass-role":
        return f"{s(step.role)} → {step.service}"
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


SHORT_OUTCOMES = {
    "allowed": "allowed", "explicitDeny": "explicit", "implicitDeny": "implicit",
    "AccessDenied": "AccessDenied", "ValidationError": "Validation",
    "InvalidParameterValue": "InvalidParam", "MalformedPolicyDocument": "Malformed",
    "PackedPolicyTooLarge": "TooLarge", "ExpiredToken": "ExpiredTok",
    "ExpiredTokenException": "ExpiredTokExc", "InvalidIdentityToken": "BadIdToken",
    "MissingAuthenticationToken": "NoAuthToken", "UnmodifiableEntity": "Unmodifiable",
    "NothingToExit": "NothingToExit", "IDPRejectedClaim": "IdPRejected",
    "RegionDisabledException": "RegionOff",
}
"""At most 13 characters each, all different: the step list at 80 columns still tells every
outcome apart (`explicit` and `implicit` deny, `ExpiredTok` and `ExpiredTokExc`)."""


def outcome_badge_short(outcome: str | None) -> Text:
    """`outcome_badge` in a short form for narrow terminals."""
    badge = outcome_badge(outcome)
    if outcome is None:
        return badge
    short = SHORT_OUTCOMES.get(outcome, outcome[:13])
    return Text(badge.plain[:2] + short, style=outcome_style(outcome))


def met_badge(met: bool | None) -> Text:
    if met is None:
        return Text("")
    return Text("✓", style="bold green") if met else Text("✗", style="bold red")


# --- predict mode ------------------------------------------------------------------------------

DECISION_STEPS = frozenset({
    "assume-role", "assume-role-with-web-identity", "assume-role-with-saml",
    "get-session-token", "get-federation-token", "instance-credentials",
    "service-assume-role", "call", "invoke-function",
})
"""Steps whose outcome is an AWS decision on a caller's request: predict mode always asks about
them. A change the caller makes is a decision too (`is_decision` of the step)."""

WORLD_CHANGES = frozenset(do for do, kind in STEP_TYPES.items() if kind.changes_world)
"""Steps that change the world (a policy put, a trust replaced, a role recreated...)."""


def is_decision(step: Any) -> bool:
    """A kind (`do`) that is always a decision, or a step: then also a world change the caller
    makes (`by = "caller"`), which the caller's policies decide like a call."""
    if isinstance(step, str):
        return step in DECISION_STEPS
    return str(step.do) in DECISION_STEPS or getattr(step, "by", None) == "caller"


def is_asked(step: Any) -> bool:
    """Whether predict mode asks about the step before it runs (and scores the answer): the
    step's `ask` when the lesson gives it; else every decision, and any other step whose
    `expect` is an outcome other than `ok` (a change IAM refuses, `UnmodifiableEntity` on a
    service-linked role, SLR-02): that outcome is the lesson's point. Sign-in, exit, advance
    and the trainer's changes that simply succeed (the setting of the scene) run unasked."""
    ask = getattr(step, "ask", None)
    if ask is not None:
        return bool(ask)
    if is_decision(step):
        return True
    expect = getattr(step, "expect", None)
    return expect is not None and expect != "ok"


@dataclass(frozen=True, slots=True)
class Guess:
    """One answer a learner can give: a key to press, a label, and which outcomes it covers."""

    key: str
    label: str
    covers: tuple[str, ...]
    """Outcomes that make this guess right; empty means 'any error code not covered above'."""


_CODE_WORDS = {
    "allowed": "allowed: the request goes through",
    "explicitDeny": "explicitDeny: a Deny statement refuses it",
    "implicitDeny": "implicitDeny: nothing allows it",
    "ExpiredToken": "ExpiredToken: the credentials used have expired",
    "MissingAuthenticationToken": "MissingAuthenticationToken: nobody is signed in",
    "ok": "ok: STS hands out the credentials",
    "AccessDenied": "AccessDenied: not authorized",
    "ValidationError": "ValidationError: a parameter breaks a rule",
    "InvalidParameterValue": "InvalidParameterValue: a tag parameter is refused",
    "MalformedPolicyDocument": "MalformedPolicyDocument: a policy passed is not valid",
    "PackedPolicyTooLarge": "PackedPolicyTooLarge: session policies and tags too big",
    "RegionDisabledException": "RegionDisabledException: STS not enabled in the region",
    "InvalidIdentityToken": "InvalidIdentityToken: the token or assertion is not accepted",
    "ExpiredTokenException": "ExpiredTokenException: the token or assertion has expired",
    "IDPRejectedClaim": "IDPRejectedClaim: the identity provider refused",
    "UnmodifiableEntity": "UnmodifiableEntity: the entity is protected, only AWS may change it",
    "NoSuchEntity": "NoSuchEntity: something the step names does not exist",
    "EntityAlreadyExists": "EntityAlreadyExists: what it would create exists already",
    "LimitExceeded": "LimitExceeded: an IAM quota would be exceeded",
    "InvalidClientTokenId": "InvalidClientTokenId: the access key is not valid",
    "NothingToExit": "NothingToExit: no role session to leave",
}
"""What each outcome means, in a few words (fact sheet ER-04..ER-07, SLR-02)."""

_OK_WORDS = {
    "change": "ok: the change is made",
    "sign-in": "ok: the principal is signed in",
    "exit": "ok: back to the identity below",
    "advance": "ok: the clock moves on",
    "request": "ok: the request succeeds",
}
"""`ok` for the steps that hand out no credentials."""

_STS_TAIL = ("MalformedPolicyDocument", "PackedPolicyTooLarge")
_CHANGE = ("ok", "AccessDenied", "UnmodifiableEntity", "MalformedPolicyDocument",
           "NoSuchEntity", "EntityAlreadyExists", "LimitExceeded")
CHOICES: dict[str, tuple[str, ...]] = {
    "call": ("allowed", "explicitDeny", "implicitDeny", "ExpiredToken",
             "MissingAuthenticationToken"),
    "assume-role": ("ok", "AccessDenied", "ValidationError", "InvalidParameterValue",
                    *_STS_TAIL, "ExpiredToken", "RegionDisabledException"),
    "assume-role-with-web-identity": ("ok", "AccessDenied", "InvalidIdentityToken",
                                      "ExpiredTokenException", "IDPRejectedClaim",
                                      "ValidationError", "InvalidParameterValue", *_STS_TAIL),
    "assume-role-with-saml": ("ok", "AccessDenied", "InvalidIdentityToken",
                              "ExpiredTokenException", "ValidationError", *_STS_TAIL),
    "get-session-token": ("ok", "AccessDenied", "ValidationError", "ExpiredToken"),
    "get-federation-token": ("ok", "AccessDenied", "ValidationError", "InvalidParameterValue",
                             *_STS_TAIL, "ExpiredToken"),
    "sign-in": ("ok", "AccessDenied", "InvalidClientTokenId"),
    "exit": ("ok", "NothingToExit"),
    **{do: _CHANGE for do in sorted(WORLD_CHANGES)},
}
"""The outcomes offered for each kind of step, in a fixed order: the same list for every step
of a kind, so the list itself says nothing about the answer (fact sheet ER-04..ER-07; the call
outcomes are the format's). Every change to the world gets one list, the IAM errors of ER-06
a change can meet: whether IAM makes a change is the question, not which change it is. A last
choice covers any other error code."""

_DEFAULT_CHOICES = ("ok", "AccessDenied")


def _ok_words(do: str) -> str:
    """What `ok` means for this kind of step."""
    if do in WORLD_CHANGES:
        return _OK_WORDS["change"]
    if do in _OK_WORDS:
        return _OK_WORDS[do]
    return _CODE_WORDS["ok"] if STEP_TYPES[do].pushes_session else _OK_WORDS["request"]


def guesses_for(do: str) -> tuple[Guess, ...]:
    """The choices for a step of kind `do`, numbered from 1; every kind but `call` ends with
    'another error code' (the call outcomes are a closed list)."""
    codes = CHOICES.get(do, _DEFAULT_CHOICES)
    guesses = [Guess(str(n), _ok_words(do) if code == "ok" else _CODE_WORDS.get(code, code),
                     (code,))
               for n, code in enumerate(codes, 1)]
    if do != "call":
        guesses.append(Guess(str(len(guesses) + 1), "another error code", ()))
    return tuple(guesses)


def guess_right(guess: Guess, outcome: str, do: str) -> bool:
    """Whether the guess covers the outcome; the catch-all covers every error the others do
    not name."""
    if guess.covers:
        return outcome in guess.covers
    named = {o for g in guesses_for(do) for o in g.covers}
    return outcome not in named and outcome not in ("ok", "allowed")


@dataclass(frozen=True, slots=True)
class Prediction:
    """What the learner said about one step, and whether it was right."""

    guess: Guess
    outcome: str
    correct: bool


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

    @classmethod
    def of(cls, predictions: Mapping[int, Prediction], reached: int) -> Score:
        """The tally of the predictions kept per step (a step predicted again after going back
        counts once, with its latest answer); `reached`: decision steps run forward."""
        right = sum(p.correct for p in predictions.values())
        return cls(right, len(predictions), max(reached, len(predictions)))

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
