"""`read_toml` reads a long file part by part (rtoml's own tree of one part at a time, fewer
fresh pages): the values must be exactly those of one read, whatever the file holds at the
cuts, and a file that is wrong must get tomli's message as before. The parts are made tiny
here (every `[[name]]` line is a cut) so that short texts exercise every cut."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import rtoml
import tomli
from hypothesis import given, settings
from hypothesis import strategies as st

from rolesim.scenario import load
from rolesim.scenario.load import read_toml


@pytest.fixture(autouse=True)
def tiny_parts() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(load, "PART_CHARS", 1)
        yield


def _as_tomli(text: str) -> None:
    """read_toml gives what tomli gives: the same values (types and order) or its error."""
    try:
        expected = repr(tomli.loads(text))
    except tomli.TOMLDecodeError as exc:
        with pytest.raises(tomli.TOMLDecodeError) as got:
            read_toml(text)
        assert str(got.value) == str(exc)
        return
    assert repr(read_toml(text)) == expected


STEPS = ('[[steps]]\ndo = "call"\naction = "s3:GetObject"\nresource = "arn:aws:s3:::b/k"\n'
         'context = { "aws:SourceIp" = "10.1.2.3" }\n\n')


def test_a_long_file_is_read_in_parts_with_the_same_values() -> None:
    text = ('format = 1\ntitle = "t"\nstart = 2026-01-01T09:00:00+01:00\n\n'
            '[[accounts]]\nid = "111111111111"\n\n[[accounts]]\nid = "222222222222"\n\n'
            '[[users]]\narn = "u"\n[users.tags]\nteam = "blue"\n\n'
            + STEPS * 5 + '[[steps]]\ndo = "call"\naction = "a"\n'
            '[steps.expect_session]\nissued = 2026-01-01T10:00:00-02:00\n\n'
            '[[accounts]]\nid = "333333333333"\n\n' + STEPS * 3)
    assert load._cuts(text)[0] == text.index("[[accounts]]")
    assert len(load._cuts(text)) == 13
    assert load._read_parts(text, load._cuts(text)) is not None  # read in parts, not whole
    _as_tomli(text)
    assert [a["id"] for a in read_toml(text)["accounts"]] == [
        "111111111111", "222222222222", "333333333333"]


@pytest.mark.parametrize("text", [
    # a [[name]] line inside multi-line strings and a multi-line array is no header
    "a = 1\n[[x]]\nnote = '''\n[[steps]]\ndo = \"no\"\n'''\n[[steps]]\ndo = \"yes\"\n",
    'a = 1\n[[x]]\nnote = """\n[[steps]]\n"""\n[[steps]]\ndo = "yes"\n',
    "a = [\n[[1]]\n]\n[[steps]]\nb = 1\n[[steps]]\nb = 2\n",
    # an array met before the cuts, or anything but arrays of tables after one
    "steps = [1]\n[[steps]]\nb = 1\n",
    "[steps]\nb = 1\n[[x]]\nc = 1\n[[steps]]\nb = 2\n",
    "[[x]]\nc = 1\n[y]\nd = 1\n[[x]]\nc = 2\n",
    "[[x]]\nc = 1\n[[y]]\nd = 1\n[[x.sub]]\ne = 1\n[[x]]\nc = 2\n",
    "[[x]]\nc = 1\n[[y]]\nd = 1\n[x]\ne = 1\n",
    # line ends of Windows, errors inside a part and across parts
    "a = 1\r\n[[x]]\r\nc = 1\r\n[[y]]\r\nd = 1\r\n[[x]]\r\nc = 2\r\n",
    "[[x]]\nc = 1\n[[x]]\nc = 1\nc = 2\n",
    "[[x]]\nc = 1\n[[y]]\nd = = 1\n",
    "[[x]]\nc = '''\n[[y]]\nd = 1\n",
    "[[x]]\nc = 1e400\n[[y]]\nd = 1\n",
])
def test_what_is_at_the_cuts_changes_nothing(text: str) -> None:
    _as_tomli(text)


BLOCKS = [
    "[[steps]]\n", "[[x]]\n", "[[y]]\n", "[[x.sub]]\n", "[x]\n", "[steps.inner]\n",
    "[z]\n", 'do = "call"\n', "n = 1\n", "n = 2\n", "when = 2026-01-01T09:00:00+02:00\n",
    "s = '''\n", "'''\n", 't = """\n', '"""\n', "a = [\n", "]\n", "[[1]]\n", "# [[x]]\n",
    "steps = []\n", "x = { a = 1 }\n", "\n",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(BLOCKS), max_size=14))
def test_any_text_reads_as_one_read_would(blocks: list[str]) -> None:
    text = "".join(blocks)
    _as_tomli(text)
    try:
        whole: object = rtoml.loads(text)
    except Exception as exc:  # rtoml's own errors: compared by kind
        whole = type(exc)
    parts = load._read_parts(text, load._cuts(text)) if load._cuts(text) else None
    assert parts is None or parts == whole
