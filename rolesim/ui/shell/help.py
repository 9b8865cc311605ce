"""F1: what the current screen is for, the IAM idea it shows, and its keys."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, Markdown

from rolesim.ui.commands import available

TOPICS: dict[str, str] = {
    "world": """\
## The world builder

The tree lists every **account** and what lives in it: users, groups, roles, managed
policies, identity providers, instance profiles, Lambda functions, EC2 instances and
resources. Select one to see it on the right.

A **Lambda function** runs as its execution role, an **EC2 instance** as the role of its
instance profile: whoever can invoke the function, replace its code, or run a command on the
instance acts with that role's permissions. That is how privilege-escalation lessons are
built: select one to see its role, what the role can do and who can become it.

**The IAM idea.** A role has two sides. Its *trust policy* says **who may assume it**:
a principal named there still needs its own policies to allow `sts:AssumeRole` when the
trust names a whole account. Its *permissions policies* say **what the session can do**,
cut down by a permissions boundary and by any session policy. Another account's role is
reached only when *both* accounts agree: the trust policy in the role's account, and the
caller's own policies in the caller's account.

Service-linked roles (path `/aws-service-role/`) belong to an AWS service: you can look at
them but not change them.

The footer shows the keys that do something on the selected node, and so does the table
below: `t` on a role edits its trust policy; `p` opens a policy, adds an inline policy to a
user, group or role, edits a resource's policy, and on an account or an SCP edits or adds a
service control policy (a new one is named first; `r` on an SCP renames it, and an empty name
calls it by its place, `SCP 2`).
""",
    "scenario": """\
## The scenario

The steps of the lesson: sign in, assume roles, make calls, move the clock. Step through
them and watch the credential stack and the decision for each call.
""",
    "editor": """\
## The policy editor

Paste or type a policy in AWS's JSON. It is checked as you type, as IAM would check it:
errors stop it from being applied, warnings (what IAM Access Analyzer would flag) do not.
The line of the statement at fault is named.

**Kinds of policy.** A *trust policy* names who may assume a role (it must have a
`Principal`). *Permissions* policies (identity-based) are attached to a user, group or role
and have no `Principal`. A *permissions boundary* caps what identity policies can grant.
A *resource-based* policy sits on a resource and names principals. A *session policy* is
passed when assuming a role and can only narrow the session.

`esc` closes the editor; when you have changed the document it asks first.
""",
    "form": """\
## Entity form

Each field is checked as you type; the reason is shown beside it. IAM names are 1 to 64
characters (users, roles) or 128 (groups, policies, profiles) of letters, digits and
`+=,.@_-`; a path starts and ends with `/`. Account IDs are 12 digits. A Lambda function's
name is 1 to 64 letters, digits, `-` and `_`; an instance ID is `i-` and 8 to 17 hex digits.
A function goes in its role's account and an instance in its profile's: pick the role or
profile, and the ARN it will have is shown under the fields.

In a user, group or role form `ctrl+a` attaches a managed policy (type part of its name),
and in a user or role form `ctrl+b` goes to the permissions boundary: type part of a
policy's name and pick it. A boundary must name a managed policy of the world or of AWS.
A new identity provider opens with GitHub's OIDC issuer filled in (a SAML provider: an
example name); type to replace it.

A new policy starts from a template (enter or ↓ lists them): a trust policy trusts another
account when the world has one, else this account; a permissions policy assumes a role of
the world, else starts empty; a bucket policy grants another account, else one of the
world's users or roles.

`ctrl+s` applies the form. `esc` (or Cancel) closes it; when you have changed a field it
first asks *Discard your changes?*, and `esc` there takes you back to the form.
""",
    "lesson": """\
## The lesson

The scenario's title and its description: what the lesson shows and what the learner
should take away. In presenter mode **e** edits the title, the description (Markdown), the
time the simulated clock starts and whether the saved file opens in learner mode (in
learner mode the lesson is read-only: its text holds the key ideas); F2 shows the world it
runs in, F3 steps through it.
""",
    "open": "## Open a scenario\n\nType a path, or pick one of the lessons shipped with "
            "rolesim (or a scenario beside the file you have open).",
    "fact": """\
## A fact about AWS

What AWS does, in rolesim's words, under the ID that transcripts, lesson notes and screens
cite, with the AWS documentation page it comes from. Confidence **H** means AWS documents it,
**M** strong secondary evidence (real AWS output seen in public threads).

`esc` closes it. `ctrl+p` and another ID or word looks up the next one.
""",
    "save": "## Save as\n\nType the path of the `.toml` file to write. It is written atomically.",
    "unsaved": "## Unsaved changes\n\nSave them, discard them, or cancel and keep editing.",
    "confirm": "## Confirm\n\nRead what will happen, then choose.",
    "learner-name": """\
## Your name

Type your name and press Enter. Your answers and anything you save are kept under it, on the
trainer's machine, so the trainer can see how the class is doing. Type the same name when you
come back (another tab, a reload, the next day): your answers and your place in each lesson
come back with it. There are no passwords, so two people typing one name share one folder.
""",
    "lessons": """\
## Pick a lesson

The lessons your trainer serves, in order. Move with the arrow keys and read what each one is
about on the right; Enter opens it on its Lesson tab. In a lesson, F3 goes to its steps:
before each decision you predict the outcome, then read why AWS decides as it does. F8 brings
you back here for the next lesson; a lesson you have started goes on where you left it.
Escape goes back to the lesson you had open without opening another (on the first list there
is none yet: pick one).
""",
}


STEP_HELP = """\
## A step

What happens next in the lesson: a sign-in, an assume-role, a call, a change to the world...
The first field is the **kind of step**; the fields below it are every parameter AWS takes for
that kind (`*` marks the ones it needs). A policy field (a session policy, a new trust, a
policy document) is checked as you type: what `rolesim lint` finds is shown under it. It is
a warning only: saving is never blocked, since a broken policy can be the lesson.

**Choosing the kind.** A kind's letter picks it at once and moves on to its first field
(`s` sign-in, `a` assume-role, `c` call). **Shift and a letter** goes through every kind whose
name starts with it, one per press, staying on the kind (`shift+c` five times: call,
create-access-key, create-login-profile, create-policy-version, create-function); `enter`
keeps the kind on show. `←`/`→` go through all of them. The kind field shows the keys of the
kind on show. Every kind and its keys:
"""


def _step_topic() -> str:
    """The step dialog's help, with every kind of step and its keys (from the list the kind
    field offers, so a new kind appears here with its keys)."""
    from rolesim.ui.common.kind_selector import kind_keys
    from rolesim.ui.steps.step_kind import KIND_KEYS, step_kinds

    kinds = step_kinds()
    rows = [f"| {kind_keys(kinds, KIND_KEYS, kind)} | `{kind}` | {what} |"
            for kind, what in kinds.items()]
    return (STEP_HELP + "\n| keys | kind | what it does |\n|---|---|---|\n" + "\n".join(rows)
            + "\n\n**For the lesson.** `expect` is the outcome the lesson expects (`ctrl+e` goes "
            "to it from any field, its text selected: type `ok`, `allowed`, `AccessDenied`...; "
            "`→` takes the completion shown), `note` is for "
            "the trainer, `explain` for the learner once the step has run; **ask the learner** "
            "`true` makes predict mode ask about the step, `false` runs it without a question "
            "(empty: every decision, and any step expecting an outcome other than `ok`)."
            + "\n\n`ctrl+s` saves the step, `esc` closes the dialog (asking first when you "
            "typed something).")


GENERATED = {"step": _step_topic}
"""Topics written when asked for, from what the screen offers."""


LOOK_UP = """

### Look things up

Press `ctrl+p` and type a fact ID that a screen or transcript cites (`CH-02`, `XA-02`), or a
word (`confused deputy`, `trust policy`, `transitive`): choose a result to read what AWS does,
in plain words, with its AWS documentation source. In a shell: `rolesim facts CH-02`.
"""
"""Every help topic ends with this: the IDs on screen are there to be looked up."""


def about_text() -> str:
    """Which rolesim and which AWS data this is: the catalogue and the managed policies age,
    so a learner comparing with the console can tell how old ours are."""
    from rolesim.version_info import version_text

    lines = version_text().splitlines()
    return "\n\n### About\n\n" + "\n".join(f"* {line}" for line in lines) + "\n"


def topic_for(screen: Screen[object]) -> str:
    topic = getattr(screen, "help_topic", None) or getattr(screen, "HELP_TOPIC", "world")
    return str(topic)


class HelpModal(ModalScreen[None]):
    """Shows the topic of the screen it was opened from, then that screen's keys."""

    BINDINGS = [Binding("escape,f1", "dismiss(None)", "Close", id="help.close",
                        tooltip="Close the help.")]
    HELP_TOPIC = "world"

    def __init__(self, screen: Screen[object]) -> None:
        super().__init__()
        self.topic = topic_for(screen)
        extra = [node for node in screen.query("*") if getattr(node, "HELP_TEXT", None)
                 and node.is_on_screen]
        self.text = (GENERATED[self.topic]() if self.topic in GENERATED
                     else TOPICS.get(self.topic, TOPICS["world"]))
        if extra:
            self.text = str(getattr(extra[0], "HELP_TEXT", self.text))
        keys = [f"| `{cmd.key.split(',')[0] or cmd.key_display}` | {cmd.title} | {cmd.help} |"
                for cmd, _ in available(screen) if cmd.key or cmd.key_display]
        if keys:
            self.text += ("\n\n### Keys\n\n| key | command | what it does |\n|---|---|---|\n"
                          + "\n".join(keys)
                          + "\n\n`ctrl+p` opens the command palette: every command, by name.")
        self.text += LOOK_UP + about_text()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide tall"):
            yield Label("Help (F1 or Escape to close)", classes="dialog-title")
            with VerticalScroll():
                yield Markdown(self.text)
