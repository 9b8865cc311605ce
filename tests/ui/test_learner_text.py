"""What the learner reads: rows that tell steps apart, short outcomes that stay distinct, the
settings of a step before predicting, and the key ideas of a lesson."""

from __future__ import annotations

from rolesim.lessons import lessons_dir
from rolesim.scenario.load import load_scenario
from rolesim.scenario.model import AssumeRoleStep, CallStep, PutPolicyStep, SignInStep
from rolesim.ui.lesson.key_ideas import key_ideas, without_key_ideas
from rolesim.ui.steps.step_settings import document_summary, step_settings
from rolesim.ui.steps.stepper_model import (
    SHORT_OUTCOMES,
    WORLD_CHANGES,
    guesses_for,
    is_asked,
    is_decision,
    step_summary,
    varied_settings,
)

LESSONS = lessons_dir()


def test_steps_that_differ_only_by_external_id_never_look_the_same_ext_03() -> None:
    """Lesson 02: the same role, with and without the external ID, wide and narrow."""
    steps = load_scenario(LESSONS / "02-third-party-external-id.toml").steps
    varied = varied_settings(steps)
    for narrow in (False, True):
        rows = [step_summary(s, narrow=narrow, varied=varied) for s in steps
                if s.do == "assume-role"]
        without = [row for row in rows if "no\u00a0ext-id" in row]
        with_id = [row for row in rows if "ext-id" in row and "no\u00a0ext-id" not in row]
        assert without and with_id
        assert len(set(rows)) == len(rows) or narrow  # wide rows carry the value itself
    assert any('ext-id "ExampleCorp-7f3a9c21"' in step_summary(s, varied=varied)
               for s in steps)


def test_a_transitive_key_not_among_the_tags_is_shown_tag_12() -> None:
    step = AssumeRoleStep(role="arn:aws:iam::111111111111:role/R", session_name="s",
                          tags={"Project": "x"}, transitive_tag_keys=["Team"])
    assert "transitive Team" in step_summary(step)
    assert "tags Project=x" in step_summary(step)
    marked = AssumeRoleStep(role="arn:aws:iam::111111111111:role/R", session_name="s",
                            tags={"Project": "x"}, transitive_tag_keys=["project"])
    assert "Project=x⇢" in step_summary(marked)
    shown = step_settings(step)
    settings = {label: value.plain for label, value in shown.given}
    assert settings["transitive key"].startswith("Team")
    assert {"external ID", "MFA", "duration"} <= set(shown.left_out)


def test_short_outcomes_stay_distinct_and_short() -> None:
    shorts = list(SHORT_OUTCOMES.values())
    assert len(set(shorts)) == len(shorts)
    assert all(len(s) <= 13 for s in shorts)
    assert SHORT_OUTCOMES["explicitDeny"] != SHORT_OUTCOMES["implicitDeny"]


def test_only_decision_steps_are_predicted() -> None:
    assert all(is_decision(do) for do in ("assume-role", "assume-role-with-web-identity",
                                          "assume-role-with-saml", "get-session-token",
                                          "get-federation-token", "instance-credentials",
                                          "service-assume-role", "call"))
    assert not any(is_decision(do) for do in ("sign-in", "exit", "advance", "update-trust",
                                              "attach-policy", "revoke-sessions"))


def test_a_document_is_summarised_the_same_way_valid_or_not_ar_14() -> None:
    """A broken session policy must not look different before the learner answers."""
    broken = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"'
    valid = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*",
                                                     "Resource": "*"}]}
    assert "characters without spaces" in document_summary(broken)
    assert "characters without spaces" in document_summary(valid)
    assert document_summary(broken).startswith('{"Version": "2012-10-17"')


def test_key_ideas_is_the_section_under_its_heading() -> None:
    text = "Intro.\n\n## Key ideas\n\n- one\n- two\n\n### detail\nkept\n\n## Next\nnot kept"
    assert key_ideas(text) == "- one\n- two\n\n### detail\nkept"
    assert key_ideas("# Key Ideas:\nx") == "x"
    assert key_ideas("no section here") == ""
    assert key_ideas("```\n## Key ideas\n```\nafter") == ""


def test_without_key_ideas_keeps_everything_else() -> None:
    text = "Intro.\n\n## Key ideas\n\n- one\n- two\n\n### detail\nkept\n\n## Next\nstays"
    assert without_key_ideas(text) == "Intro.\n\n## Next\nstays"
    assert without_key_ideas("no section here") == "no section here"
    fenced = "```\n## Key ideas\n```\nafter"
    assert without_key_ideas(fenced) == fenced


def test_predict_mode_asks_about_decisions_and_changes_that_do_not_simply_succeed() -> None:
    """`is_asked`: decisions; a trainer's change whose expected outcome is not `ok` (lesson
    11's refused changes, SLR-02); never sign-in or a change that sets the scene; the step's
    `ask` wins either way."""
    slr = "arn:aws:iam::111111111111:role/aws-service-role/elb.amazonaws.com/AWSServiceRoleForELB"
    refused = PutPolicyStep(principal=slr, name="extra", document="{}",
                            expect="UnmodifiableEntity")
    scene = PutPolicyStep(principal=slr, name="extra", document="{}", expect="ok")
    call = CallStep(action="s3:GetObject")
    assert is_asked(refused) and not is_decision(refused)
    assert not is_asked(scene) and not is_asked(PutPolicyStep(principal=slr, name="x",
                                                              document="{}"))
    assert is_asked(call) and is_asked(AssumeRoleStep(role=slr, session_name="s"))
    assert is_asked(PutPolicyStep(principal=slr, name="x", document="{}", by="caller"))
    assert not is_asked(SignInStep(principal="arn:aws:iam::111111111111:user/a", expect="ok"))
    assert is_asked(scene.model_copy(update={"ask": True}))
    assert not is_asked(refused.model_copy(update={"ask": False}))
    assert not is_asked(call.model_copy(update={"ask": False}))


def test_every_change_to_the_world_offers_the_same_choices_each_with_its_meaning() -> None:
    """One list for every kind of change, whatever the answer: ok, AccessDenied and the IAM
    errors of ER-06; `ok` says what it means for the kind of step."""
    lists = {do: [g.label for g in guesses_for(do)] for do in WORLD_CHANGES}
    assert len(set(map(tuple, lists.values()))) == 1
    labels = lists["put-policy"]
    assert labels[0] == "ok: the change is made"
    assert "UnmodifiableEntity: the entity is protected, only AWS may change it" in labels
    assert labels[-1] == "another error code" and len(labels) <= 9
    assert all(": " in label for label in labels[:-1])
    assert guesses_for("sign-in")[0].label == "ok: the principal is signed in"
    assert guesses_for("assume-role")[0].label == "ok: STS hands out the credentials"
    assert guesses_for("exit")[1].label == "NothingToExit: no role session to leave"


def test_settings_left_out_are_named_in_words() -> None:
    """No `context` key name, no label run into its value: a call without extra keys says so
    in a sentence the prompt shows (`Not given: extra request context keys.`)."""
    shown = step_settings(CallStep(action="s3:ListBucket", resource="arn:aws:s3:::b"))
    assert shown.left_out == ["extra request context keys"]
    given = step_settings(CallStep(action="s3:ListBucket", context={"aws:SourceIp": "1.2.3.4"}))
    assert ("context key", "aws:SourceIp = 1.2.3.4") in [(label, value.plain)
                                                         for label, value in given.given]
    role = step_settings(AssumeRoleStep(role="arn:aws:iam::222222222222:role/Deploy",
                                        session_name="s"), {"222222222222": "prod"})
    assert dict((label, value.plain) for label, value in role.given)["role"] == (
        "arn:aws:iam::222222222222:role/Deploy  (account prod)")
