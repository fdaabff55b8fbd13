"""Citations: one BibTeX file, links to the References page, and a bibliography per page."""
import re

import pytest

from conftest import REPO
from lecture_site import citations

BIB = REPO / "docs" / "references.bib"


def test_every_entry_has_what_a_reader_needs():
    entries = citations.load(BIB)
    assert len(entries) >= 10
    for e in entries.values():
        assert e.authors and e.title and e.venue and re.fullmatch(r"\d{4}", e.year), e.key
        assert e.link.startswith(("https://doi.org/", "https://arxiv.org/abs/", "https://")), e.key
    assert entries["leshno1993multilayer"].label == "Leshno et al., 1993"
    assert entries["hanin2019complexity"].label == "Hanin and Rolnick, 2019"
    assert "Montúfar" in entries["montufar2014number"].markdown()  # accents decoded
    assert "K.-R. Müller" in entries["lecun1998efficient"].markdown()


def test_cite_links_and_collects_keys():
    entries = citations.load(BIB)
    text, cited = citations.cite("A [@telgarsky2016benefits]. B [@cybenko1989approximation; @telgarsky2016benefits].",
                                 entries, "references.md", "p.md")
    assert text == ("A ([Telgarsky, 2016](references.md#telgarsky2016benefits)). B ([Cybenko, 1989]"
                    "(references.md#cybenko1989approximation); [Telgarsky, 2016](references.md#telgarsky2016benefits)).")
    assert cited == ["telgarsky2016benefits", "cybenko1989approximation"]


def test_unknown_key_names_page_and_line():
    with pytest.raises(citations.CitationError, match=r"p\.md:2: \[@nope\] cites 'nope'"):
        citations.cite("x\n[@nope]", citations.load(BIB), "references.md", "p.md")


def test_incomplete_entry_is_refused(tmp_path):
    bib = tmp_path / "r.bib"
    bib.write_text("@article{x2020, author = {A, B}, title = {T}, journal = {J}, year = {2020}}\n")
    with pytest.raises(citations.CitationError, match="entry 'x2020' lacks doi, arXiv eprint or url"):
        citations.load(bib)


def test_site_citations_point_at_entries_and_pages_list_what_they_cite(built_site):
    references = (built_site / "references" / "index.html").read_text()
    anchors = set(re.findall(r'<span id="([^"]+)"></span>', references))
    assert anchors == set(citations.load(BIB))
    for page in ("index", "networks", "training", "representation"):
        html = (built_site / ("" if page == "index" else page) / "index.html").read_text()
        targets = re.findall(r'href="(?:\.\./)?references/#([^"]+)"', html)
        assert targets, f"{page}: no citation"
        assert set(targets) <= anchors
        listed = html.split('id="references"', 1)[1]
        for key in set(targets):  # the page's own list has each entry it cites
            assert citations.load(BIB)[key].title in listed, (page, key)
        assert "[@" not in html and "\\bibliography" not in html
