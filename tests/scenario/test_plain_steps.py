"""Plain call steps made straight from the text (rolesim.scenario.plain_steps) give exactly the
scenario the usual reading gives (rtoml or tomli, then pydantic): the same steps, fields,
order and fields set, or, for a file that is wrong, the same error message. Each text is
loaded both ways and compared."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rolesim.scenario import load, plain_steps
from rolesim.scenario.errors import ScenarioError
from rolesim.scenario.load import load_scenario_text
from rolesim.scenario.save import scenario_data
from rolesim.scenario.steps import CallStep

HEAD = 'format = 1\ntitle = "t"\n\n'


def _snapshot(text: str) -> Any:
    """What loading `text` gives: every step's class, fields in order, fields set and the
    rest of pydantic's state, and the scenario's data; or the error's message."""
    try:
        scenario = load_scenario_text(text, "f.toml")
    except ScenarioError as exc:
        return ("error", str(exc))
    steps = [(type(s), list(s.__dict__.items()), s.__pydantic_fields_set__,
              s.__pydantic_extra__, s.__pydantic_private__) for s in scenario.steps]
    return steps, scenario.model_fields_set, scenario_data(scenario)


def _same_both_ways(text: str) -> Any:
    fast = _snapshot(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(plain_steps, "cut", lambda text: None)
        usual = _snapshot(text)
    assert fast == usual
    return fast


PLAIN = ('[[steps]]\ndo = "call"\naction = "s3:GetObject"\nresource = "arn:aws:s3:::b/k"\n'
         'context = { "aws:SourceIp" = "10.1.2.3", bare-key = "x" }\nexpect = "allowed"\n'
         'note = "a note"\n\n')
SIGN_IN = '[[steps]]\ndo = "sign-in"\nprincipal = "arn:aws:iam::111111111111:user/a"\n\n'


def test_plain_steps_are_made_from_the_text_and_equal_the_usual_reading() -> None:
    bare = '[[steps]]\ndo = "call"\naction = "sqs:SendMessage"\nresource = "arn:x"\n\n'
    text = HEAD + SIGN_IN + PLAIN + bare * 3 + SIGN_IN + bare + PLAIN
    assert load._with_plain_steps(text, "f.toml") is not None  # the fast path was taken
    found = plain_steps.cut(text)
    assert found is not None and [len(run) for run in found[1]] == [4, 2]
    steps, _, _ = _same_both_ways(text)
    assert [s[0] is CallStep for s in steps] == [False, True, True, True, True, False, True, True]


def test_steps_of_the_same_table_text_share_nothing_they_could_change() -> None:
    """Tables with the same context, expect and note are read once (`Shape`), yet each step
    has its own context table and fields set, as pydantic gives them: the world editor's
    renames set fields on one step (pydantic adds the name to that step's fields set)."""
    text = HEAD + PLAIN * 3
    found = plain_steps.cut(text)
    assert found is not None
    calls = found[1][0]
    assert len({id(call.shape) for call in calls}) == 1
    first, second, third = load_scenario_text(text, "f.toml").steps
    first.context["aws:SourceIp"] = "changed"
    first.__pydantic_fields_set__.add("explain")
    assert second.context == third.context == {"aws:SourceIp": "10.1.2.3", "bare-key": "x"}
    assert "explain" not in second.__pydantic_fields_set__
    assert second.__dict__ is not third.__dict__


@pytest.mark.parametrize("text", [
    # a plain table inside a multi-line string is text, not a step
    HEAD + '[[steps]]\ndo = "sign-in"\nprincipal = "p"\nnote = """\n' + PLAIN + '"""\n',
    HEAD + "[[steps]]\ndo = \"sign-in\"\nprincipal = \"p\"\nnote = '''\n" + PLAIN + "'''\n"
    + PLAIN,
    # a sub-table below a plain table belongs to it
    HEAD + PLAIN + '[steps.expect_session]\narn = "x"\n\n' + PLAIN,
    # steps already defined otherwise: TOML refuses [[steps]]
    HEAD + "steps = []\n" + PLAIN,
    HEAD + '[steps]\ndo = "call"\n' + PLAIN,
    # errors in the plain tables: the usual path words them
    HEAD + PLAIN.replace('expect = "allowed"', 'expect = "ok"'),
    HEAD + PLAIN.replace('expect = "allowed"', 'expect = "allowed"\nexpect = "denied"'),
    HEAD + PLAIN.replace('bare-key = "x"', '"aws:SourceIp" = "y"'),
    HEAD + PLAIN.replace('bare-key = "x"', 'bare-key = 1'),
    HEAD + PLAIN.replace("s3:GetObject", "s3:\\u0047etObject"),
    HEAD + PLAIN.replace("s3:GetObject", 's3:"GetObject'),
    HEAD + PLAIN + "oops\n",
    HEAD + PLAIN + '[[steps]]\ndo = "call"\n',  # action missing
    # errors elsewhere, with plain tables around them
    HEAD + PLAIN + '[[steps]]\ndo = "fly"\n\n' + PLAIN,
    'format = 2\ntitle = "t"\n' + PLAIN,
    HEAD + PLAIN + "[[roles]]\narn = 1\n",
    # a file that names the marker's key is read the usual way
    HEAD + PLAIN + f"# {plain_steps.MARK}\n",
    HEAD + PLAIN.replace('"a note"', f'"{plain_steps.MARK}"'),
    # Windows line ends, a header not at a line's start, trailing spaces and comments
    HEAD + PLAIN.replace("\n", "\r\n"),
    HEAD + "x = 1 " + PLAIN,
    HEAD + PLAIN.replace('"a note"\n', '"a note"  \n'),
    HEAD + PLAIN.replace('"a note"\n', '"a note" # said\n'),
    HEAD + PLAIN.rstrip("\n"),
    HEAD + PLAIN.replace('resource = "arn:aws:s3:::b/k"\n', ""),
    # the last table at the end of the text, with and without a newline
    HEAD + PLAIN + '[[steps]]\ndo = "call"\naction = "a"\nresource = "r"\n',
    HEAD + PLAIN + '[[steps]]\ndo = "call"\naction = "a"\nresource = "r"',
    # a too deep value elsewhere is said as the usual reading says it
    HEAD + PLAIN + '[[steps]]\ndo = "put-policy"\nprincipal = "p"\nname = "n"\ndocument = '
    + "[" * 60 + "]" * 60 + "\n",
])
def test_any_doubt_reads_as_the_usual_reading_does(text: str) -> None:
    _same_both_ways(text)


def test_a_table_whose_action_or_resource_is_not_ascii_is_read_the_usual_way() -> None:
    """Only ASCII action and resource text is read as plain (the cheaper character class of
    `_NAME_CHARS`); other text still loads, through rtoml and pydantic, to the same steps."""
    for text in (PLAIN.replace("b/k", "b/caf\u00e9"), PLAIN.replace("b/k", "b/\x80"),
                 PLAIN.replace("GetObject", "GetObject\u25b6")):
        assert plain_steps.cut(HEAD + text) is None
        steps, _, _ = _same_both_ways(HEAD + text)
        assert steps[0][1][7][1] == text.split('resource = "')[1].split('"')[0]
    assert plain_steps.cut(HEAD + PLAIN.replace("b/k", "b/~ !#[]\t")) is not None


_SAFE = st.text(st.sampled_from(list("ab:*/ -\t\u00e9\u25b6#=[]{},'")), max_size=6)
_SAFE_NAME = st.text(st.sampled_from(list("ab:*/ -\t#=[]{},'")), max_size=6)
"""What a plain table's action and resource may hold: ASCII (`plain_steps._NAME_CHARS`)."""
_ODD = st.text(st.sampled_from([*'ab"\\\x01\x7f', "\u2028", "\r"]), min_size=1, max_size=3)
_STRINGS = st.one_of(_SAFE, _SAFE, _SAFE, _SAFE, _ODD)
"""Mostly strings a plain table may hold; sometimes one with a quotation mark, a backslash
or a control character (TOML refuses it, or reads an escape)."""
_KEYS = st.sampled_from(["do", "action", "resource", "context", "expect", "note", "explain",
                         "principal", "expect_session"])


def _rarely(usual: Any, *others: Any) -> st.SearchStrategy[Any]:
    return st.sampled_from([usual] * 8 + list(others))


@st.composite
def _clean_table(draw: st.DrawFn) -> str:
    """A plain table, in the forms `plain_steps` reads: it must take these (see the test)."""
    lines = [f'do = "call"\naction = "{draw(_SAFE_NAME)}"\n'
             f'resource = "{draw(_SAFE_NAME)}"\n']
    if draw(st.booleans()):
        pairs = draw(st.dictionaries(st.sampled_from(['"k"', "k2", '"a:b"', "b-c"]), _SAFE,
                                     max_size=3))
        inner = ", ".join(f'{k} = "{v}"' for k, v in pairs.items())
        lines.append(draw(st.sampled_from(["context = { %s }\n", "context = {%s}\n"])) % inner)
    if draw(st.booleans()):
        lines.append(f'expect = "{draw(st.sampled_from(["allowed", "denied", "explicitDeny"]))}"\n')
    if draw(st.booleans()):
        lines.append(f'note = "{draw(_SAFE)}"\n')
    return "[[steps]]\n" + "".join(lines) + "\n" * draw(st.integers(0, 2))


@st.composite
def _value(draw: st.DrawFn, key: str) -> str:
    if key == "context" and draw(st.integers(0, 9)):
        pairs = draw(st.lists(st.tuples(_rarely('"k"', "k", '"a:b"', "b-c", '"k" ', "k.k"),
                                        _STRINGS), max_size=3))
        inner = ", ".join(f'{k} = "{v}"' for k, v in pairs)
        return draw(_rarely("{ %s }", "{%s}", "{ %s}", "{ %s, }")) % inner
    if key == "do":
        return draw(_rarely('"call"', '"sign-in"', "'call'", '"call" '))
    if key == "expect" and draw(st.integers(0, 4)):
        return draw(st.sampled_from(['"allowed"', '"denied"', '"implicitDeny"', '"ok"']))
    return draw(_rarely('"%s"', "'%s'", '"""%s"""')) % draw(_STRINGS)


@st.composite
def _table(draw: st.DrawFn) -> str:
    """A step table, most often plain, sometimes not in one small way."""
    keys = draw(st.sampled_from([["do", "action", "resource"],
                                 ["do", "action", "resource", "context"],
                                 ["do", "action", "resource", "expect", "note"],
                                 ["do", "action", "resource", "context", "expect"]]))
    if not draw(st.integers(0, 9)):
        keys = [*keys, draw(_KEYS)]
    if not draw(st.integers(0, 9)):
        keys = draw(st.permutations(keys))
    lines = [f"{key} = {draw(_value(key))}" for key in keys]
    ends = draw(_rarely("\n\n", "\n", "\n\n\n", "\r\n", "\n# c\n", " \n"))
    header = draw(_rarely("[[steps]]\n", "[[steps]] \n", "[[ steps ]]\n", "[[steps]]\r\n"))
    extra = draw(_rarely("", '[steps.expect_session]\narn = "x"\n',
                         'explain = """\n[[steps]]\n"""\n', "[[roles]]\n"))
    return header + "\n".join(lines) + ends + extra


@settings(max_examples=300, deadline=None)
@given(st.lists(_table(), min_size=1, max_size=6))
def test_generated_step_tables_read_as_the_usual_reading(tables: list[str]) -> None:
    _same_both_ways(HEAD + "".join(tables))


_CLEAN = st.tuples(st.just(True), _clean_table())
_ANY = st.tuples(st.just(False), _table())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_CLEAN, _CLEAN, _CLEAN, _ANY), min_size=1, max_size=6))
def test_plain_tables_among_others_read_as_the_usual_reading(
        tables: list[tuple[bool, str]]) -> None:
    """Mostly plain tables, so that the files load and the plain path is the one taken."""
    text = HEAD + "".join(table for _, table in tables)
    _same_both_ways(text)
    if all(clean for clean, _ in tables):
        assert load._with_plain_steps(text, "f.toml") is not None


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.fixed_dictionaries({"do": st.just("call"), "action": _TEXT}, optional={
    "resource": _TEXT, "expect": st.sampled_from(["allowed", "denied", "explicitDeny"]),
    "note": _TEXT, "explain": _TEXT, "context": st.dictionaries(_TEXT, _TEXT, max_size=3)}))
def test_new_call_step_is_what_pydantic_makes(values: dict[str, Any]) -> None:
    made = plain_steps.new_call_step(values)
    validated = CallStep.model_validate(values)
    assert list(made.__dict__.items()) == list(validated.__dict__.items())
    assert made.__pydantic_fields_set__ == validated.__pydantic_fields_set__
    assert made.__pydantic_extra__ == validated.__pydantic_extra__
    assert made.__pydantic_private__ == validated.__pydantic_private__
    assert made == validated


def test_a_file_loaded_to_run_is_checked_as_the_usual_reading() -> None:
    """`rolesim run` loads its file to run (plain call steps kept as PlainCalls): the world
    builder's step checks name the same step and line (a sign-in with MFA by a user without
    a device comes after plain calls), and `--require-expect` sees a plain step's expect."""
    from scenario_text import SIGN_IN, WORLD, call

    from rolesim.scenario.build import build_world
    from rolesim.scenario.report import unchecked_ok

    calls = call("s3:GetObject") * 3
    mfa = SIGN_IN.replace('do = "sign-in"', 'do = "sign-in"\nmfa = true')
    text = WORLD + SIGN_IN + calls + mfa + calls
    messages = []
    for to_run in (False, True):
        scenario = load_scenario_text(text, "f.toml", to_run)
        assert any(type(s) is plain_steps.PlainCall for s in scenario.steps) == to_run
        with pytest.raises(ScenarioError) as raised:
            build_world(scenario)
        messages.append(str(raised.value))
    assert messages[0] == messages[1]
    assert "steps[4].mfa" in messages[0] and "no MFA device" in messages[0]
    checked = WORLD + SIGN_IN + calls + call("s3:GetObject", expect="allowed")
    unchecked = WORLD + SIGN_IN + calls
    assert unchecked_ok(Path("f.toml"), load_scenario_text(checked, "f.toml", to_run=True))
    assert not unchecked_ok(Path("f.toml"), load_scenario_text(unchecked, "f.toml", True))
