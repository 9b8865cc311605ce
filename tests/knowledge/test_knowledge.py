"""The knowledge data: every fact and term loads, reads as given -> expected, and names its
AWS source; the lookups the CLI and the TUI use find things by ID, name and alias."""

from __future__ import annotations

import re

import pytest

from rolesim.knowledge import (
    Fact,
    Term,
    all_facts,
    all_terms,
    cited_ids,
    fact,
    search,
    sections,
    term,
)

CONFIDENCE = re.compile(r"conflict|[HML]( \([^)]*\))?( / [HML]( \([^)]*\))?)?")
"""`H`, `M`, `L`, a split such as `H (rule) / M (message)`, or `conflict` for DC-*."""
OFFICIAL = ("AWS ", "Amazon ")


def test_every_fact_id_is_unique_and_well_formed() -> None:
    ids = [item.id for item in all_facts()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Z]{2,4}-\d{2}", fid) for fid in ids)
    assert len(ids) >= 250


def test_every_fact_has_a_title_text_confidence_and_source() -> None:
    for item in all_facts():
        assert item.title.strip() and len(item.title) <= 80, item.id
        assert len(item.text) > 20, item.id
        assert CONFIDENCE.fullmatch(item.confidence), (item.id, item.confidence)
        assert item.sources, item.id


def test_documented_facts_name_an_aws_document() -> None:
    """Confidence H means an AWS page or the AWS API model says it: the source must be one."""
    for item in all_facts():
        if item.confidence == "H":
            assert any(source.startswith(OFFICIAL) for source in item.sources), item.id


def test_aws_doc_sources_carry_a_docs_url() -> None:
    for item in all_facts():
        for source in item.sources:
            if source.startswith("AWS IAM User Guide"):
                assert "https://docs.aws.amazon.com/IAM/latest/UserGuide/" in source, item.id


def test_ch_02_keeps_the_one_hour_chaining_cap_and_message() -> None:
    """CH-02: a chained AssumeRole asking for more than 3600 s fails with ValidationError."""
    item = fact("CH-02")
    assert item is not None
    assert "3600" in item.text and "ValidationError" in item.text
    assert "exceeds the 1 hour session limit for roles assumed by role chaining" in item.text
    assert item.section.id == "role-chaining"


def test_ar_03_keeps_the_duration_range_and_default() -> None:
    """AR-03: DurationSeconds 900..43200, default 3600, 899 -> ValidationError."""
    item = fact("AR-03")
    assert item is not None
    assert all(number in item.text for number in ("900", "43200", "3600", "899"))


def test_fact_lookup_ignores_case_and_space() -> None:
    assert fact(" ch-02 ") is fact("CH-02")
    assert fact("ZZ-99") is None


def test_every_section_has_facts_and_a_title() -> None:
    for section in sections():
        assert section.title
        assert any(item.section == section for item in all_facts())


def test_terms_cover_the_words_the_lessons_use() -> None:
    for word in ("confused deputy", "trust policy", "permissions policy", "principal", "session",
                 "role session", "role chaining", "transitive tag", "session tag", "external ID",
                 "source identity", "permissions boundary", "SCP", "resource-based policy",
                 "identity provider", "federation", "SAML", "OIDC", "web identity",
                 "instance profile", "service-linked role", "explicit deny", "implicit deny",
                 "ABAC", "condition key", "policy variable", "NotPrincipal", "AssumeRole"):
        assert term(word) is not None, word


def test_every_term_points_at_facts_that_exist() -> None:
    for item in all_terms():
        assert item.definition.strip(), item.name
        assert item.facts, item.name
        for fid in item.facts:
            assert fact(fid) is not None, (item.name, fid)


def test_term_lookup_uses_aliases_and_ignores_case() -> None:
    assert term("Service Control Policy") is term("SCP")
    assert term("no such word") is None


@pytest.mark.parametrize(("query", "first"), [("CH-02", "CH-02"), ("ch-02", "CH-02"),
                                              ("confused deputy", "confused deputy"),
                                              ("TRUST POLICY", "trust policy")])
def test_search_puts_the_exact_match_first(query: str, first: str) -> None:
    found = search(query)
    assert found
    top = found[0]
    assert (top.id if isinstance(top, Fact) else top.name) == first


def test_search_by_prefix_lists_a_whole_section() -> None:
    ids = [item.id for item in search("ch-0") if isinstance(item, Fact)]
    assert ids[:3] == ["CH-01", "CH-02", "CH-03"]


def test_search_finds_terms_by_part_of_their_name() -> None:
    assert any(isinstance(item, Term) and item.name == "confused deputy"
               for item in search("deputy"))
    assert search("   ") == []


def test_cited_ids_finds_ids_and_skips_lookalikes() -> None:
    text = "Denied (XA-02); see ID-10, TAG-10.. and SAML-05. Not SHA-256, UTF-8, X-12a or AB-1."
    assert cited_ids(text) == ["XA-02", "ID-10", "TAG-10", "SAML-05"]


def test_knowledge_is_pure_and_lazy() -> None:
    """Importable by core, scenario and ui alike: no textual or rich, no data read at import."""
    import subprocess
    import sys

    code = ("import sys, rolesim.knowledge, rolesim.knowledge.cli, rolesim.knowledge.render\n"
            "from rolesim.knowledge import store\n"
            "assert store._facts.cache_info().currsize == 0\n"
            "assert not [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
            "assert store.fact('CH-02') is not None\n")
    subprocess.run([sys.executable, "-c", code], check=True)
