"""Line numbers of key paths, whatever the layout of the file (tomllib gives none)."""

from __future__ import annotations

from rolesim.scenario.locate import Locator

TEXT = """\
# comment
format = 1
title = "t"

[[roles]]
arn = "a"
trust = { Version = "2012-10-17", Statement = [
  { Effect = "Allow" },
  { Effect = "Permit" },
] }
inline.read = '''{"Version": "2012-10-17"}'''

[roles.tags]
team = "x"

[[steps]]
do = "sign-in"

[[roles]]
arn = "b"

[roles.trust]
Version = "2012-10-17"

[[roles.trust.Statement]]
Effect = "Allow"

[[roles.trust.Statement]]
Effect = "Permit"

[[steps]]
do = "call"
"""


def test_top_level_key() -> None:
    assert Locator(TEXT).line(("title",)) == 3


def test_array_of_tables_element_is_its_header() -> None:
    locate = Locator(TEXT)
    assert locate.line(("roles", 0)) == 5
    assert locate.line(("roles", 1)) == 19
    assert locate.line(("steps", 1)) == 31


def test_keys_in_interleaved_arrays_of_tables() -> None:
    locate = Locator(TEXT)
    assert locate.line(("roles", 1, "arn")) == 20
    assert locate.line(("steps", 0, "do")) == 17
    assert locate.line(("steps", 1, "do")) == 32


def test_inside_an_inline_policy_table() -> None:
    assert Locator(TEXT).line(("roles", 0, "trust", "Statement", 1, "Effect")) == 9


def test_inside_header_style_policy_tables() -> None:
    locate = Locator(TEXT)
    assert locate.line(("roles", 1, "trust", "Statement", 1, "Effect")) == 29
    assert locate.line(("roles", 1, "trust", "Version")) == 23


def test_dotted_and_sub_table_keys() -> None:
    locate = Locator(TEXT)
    assert locate.line(("roles", 0, "inline", "read")) == 11
    assert locate.line(("roles", 0, "tags", "team")) == 14


def test_missing_key_falls_back_to_its_table() -> None:
    locate = Locator(TEXT)
    assert locate.line(("roles", 1, "description")) == 19
    assert locate.line(("steps", 1, "action")) == 31


def test_inside_a_json_string_policy_names_the_key_line() -> None:
    assert Locator(TEXT).line(("roles", 0, "inline", "read", "Statement", 0)) == 11


def test_inline_array_of_tables() -> None:
    text = 'format = 1\ntitle = "t"\nsteps = [\n  { do = "exit" },\n  { do = "x" },\n]\n'
    assert Locator(text).line(("steps", 1, "do")) == 5
