"""BreakingText keeps an ARN whole between its ':' and '/' when a line must break inside it,
also in a text of several lines (the predict dialog's title: the step, then who makes it).

An account ID or a role name cut in two reads as two names (ID-01 gives the ARN's parts)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from rolesim.ui.common.line_breaks import BreakingText

ROLE = ("arn:aws:iam::111111111111:role/aws-service-role/elasticloadbalancing.amazonaws.com/"
        "AWSServiceRoleForElasticLoadBalancing")


def _lines(text: Text, width: int) -> list[str]:
    console = Console(width=width, record=True, color_system=None)
    console.print(BreakingText(text))
    return [line.rstrip() for line in console.export_text().splitlines()]


def test_an_arn_breaks_after_a_slash_in_a_text_of_several_lines() -> None:
    text = Text(f"Predict: step 3: put-policy extra → {ROLE} in production\n"
                "Made by: an administrator")
    lines = _lines(text, 74)
    assert lines == [
        "Predict: step 3: put-policy extra →",
        "arn:aws:iam::111111111111:role/aws-service-role/",
        "elasticloadbalancing.amazonaws.com/AWSServiceRoleForElasticLoadBalancing",
        "in production",
        "Made by: an administrator",
    ]


def test_wide_characters_keep_rich_wrapping() -> None:
    text = Text(f"役割 {ROLE}")  # two cells a character: Rich's own wrap, folded
    assert "".join(_lines(text, 40)).replace(" ", "") == text.plain.replace(" ", "")


def test_the_step_list_breaks_a_text_of_several_lines_as_the_dialogs_do() -> None:
    from rolesim.ui.steps.stepper import wrapped

    text = Text(f"assume-role {ROLE}\nas alice")
    lines = wrapped(text, 50).plain.split("\n")
    assert lines == ["assume-role", "arn:aws:iam::111111111111:role/aws-service-role/",
                     "elasticloadbalancing.amazonaws.com/",
                     "AWSServiceRoleForElasticLoadBalancing", "as alice"]
