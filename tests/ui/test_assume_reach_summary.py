"""sts:AssumeRole allowed by a principal's own policy is only half (TP-01, TP-10): the summary
says when it leads nowhere, and why, instead of contradicting the policy shown below it."""

from __future__ import annotations

from rich.console import Group

from rolesim.core.analysis.principal import principal_permissions
from rolesim.scenario.build import build_world
from rolesim.scenario.load import load_scenario_text
from rolesim.ui.world.permission_summary import can_do_lines

ANY_ROLE = ("inline.go = '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            "\"Action\":\"sts:AssumeRole\",\"Resource\":\"arn:aws:iam::*:role/*\"}]}'")
PARTNER = "arn:aws:iam::333333333333:user/partner"


def world(trust: str) -> object:
    text = f"""
format = 1
title = "t"

[[users]]
arn = "{PARTNER}"
{ANY_ROLE}

[[roles]]
arn = "arn:aws:iam::111111111111:role/Target"
trust = '{trust}'
"""
    return build_world(load_scenario_text(text, "t.toml"))


def _said(found: object) -> str:
    import io

    from rich.console import Console

    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(Group(*can_do_lines(found)))  # type: ignore[arg-type]
    return " ".join(console.export_text().split())


def test_tp01_assume_on_any_role_with_no_trust_naming_it_leads_nowhere() -> None:
    trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
             '{"AWS":"arn:aws:iam::444444444444:root"},"Action":"sts:AssumeRole"}]}')
    found = principal_permissions(world(trust), PARTNER)  # type: ignore[arg-type]
    assert found.assume is not None
    assert found.assume.patterns == ("arn:aws:iam::*:role/*",)
    assert found.assume.leads_nowhere and found.assume.conditional == ()
    said = _said(found)
    assert ("sts:AssumeRole is allowed by its policy (on arn:aws:iam::*:role/*), but no role "
            "in this world trusts it, so it can become no one") in said
    assert "Nothing: every request is implicitly denied" not in said


def test_tp13_a_trust_naming_it_with_an_external_id_is_said_as_a_condition() -> None:
    trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
             '{"AWS":"arn:aws:iam::333333333333:root"},"Action":"sts:AssumeRole","Condition":'
             '{"StringEquals":{"sts:ExternalId":"x-123"}}}]}')
    found = principal_permissions(world(trust), PARTNER)  # type: ignore[arg-type]
    assert found.assume is not None and found.assume.leads_nowhere
    assert found.assume.conditional == ("arn:aws:iam::111111111111:role/Target",)
    said = _said(found)
    assert "The trust policy of Target names it, but a request with nothing passed is still " \
           "refused" in said


def test_tp10_both_halves_allowing_is_counted_and_no_note_is_given() -> None:
    trust = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":'
             '{"AWS":"arn:aws:iam::333333333333:root"},"Action":"sts:AssumeRole"}]}')
    found = principal_permissions(world(trust), PARTNER)  # type: ignore[arg-type]
    assert found.assume is not None
    assert found.assume.reached == ("arn:aws:iam::111111111111:role/Target",)
    assert not found.assume.leads_nowhere
    assert "can become no one" not in _said(found)
