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


def test_keys_with_colons_hyphens_and_underscores_are_linked():
    entry = citations.load(BIB)["telgarsky2016benefits"]
    entries = {k: entry for k in ("a-b", "c:d", "e_f")}
    text, cited = citations.cite("[@a-b] [@c:d; @e_f]", entries, "r.md", "p.md")
    assert cited == ["a-b", "c:d", "e_f"] and "[@" not in text and "(r.md#a-b)" in text


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


# --- Exact small cases: every field and branch of an entry, with the text it must give -------------------

SMALL_BIB = r"""
@article{doi2001, author = {Klaus-Robert M{\"u}ller and Ya. Sinai and Jean de la Fontaine}, title = {A {DOI} paper},
  journal = {Journal of {T}ests}, volume = {12}, number = {3}, pages = {1--9}, year = {2001}, doi = {10.1/x}}
@inproceedings{arxiv2002, author = {Ann Lee and Bo Chen and others}, title = {On arXiv}, booktitle = {Proc. X},
  pages = {5--6}, year = {2002}, archivePrefix = {arXiv}, eprint = {2002.00001}, url = {https://ignored.org/}}
@book{url2003, author = {Zed Zhu}, title = {Online}, publisher = {Pub}, volume = {7}, year = {2003},
  url = {https://www.example.org/a/b}}
@misc{eprintonly2004, author = {Al Bo}, title = {T}, howpublished = {Web}, year = {2004}, eprint = {1.2},
  url = {https://u.org/}}
@misc{plato2005, author = {Plato and Jean Paul Sartre}, title = {Dialogue}, howpublished = {Agora}, year = {2005},
  url = {https://p.org/}}
"""


def small(tmp_path, text=SMALL_BIB):
    bib = tmp_path / "small.bib"
    bib.write_text(text, encoding="utf-8")
    return citations.load(bib)


def test_each_kind_of_entry_gives_exactly_its_reference(tmp_path):
    e = small(tmp_path)
    assert list(e) == ["doi2001", "arxiv2002", "url2003", "eprintonly2004", "plato2005"]
    assert e["doi2001"] == citations.Entry(
        "doi2001", ("K.-R. Müller", "Ya. Sinai", "J. de la Fontaine"), ("Müller", "Sinai", "de la Fontaine"),
        "A DOI paper", "Journal of Tests", "2001", "12(3):1–9", "https://doi.org/10.1/x", "doi:10.1/x")
    assert e["doi2001"].markdown() == ("K.-R. Müller, Ya. Sinai, J. de la Fontaine. A DOI paper. *Journal of Tests*, "
                                       "12(3):1–9, 2001. [doi:10.1/x](https://doi.org/10.1/x)")
    assert e["arxiv2002"].markdown() == ("A. Lee, B. Chen, et al.. On arXiv. *Proc. X*, pp. 5–6, 2002. "
                                         "[arXiv:2002.00001](https://arxiv.org/abs/2002.00001)")
    assert e["arxiv2002"].surnames == ("Lee", "Chen", "others") and e["arxiv2002"].label == "Lee et al., 2002"
    assert e["url2003"].markdown() == "Z. Zhu. Online. *Pub*, 7, 2003. [www.example.org](https://www.example.org/a/b)"
    assert e["url2003"].label == "Zhu, 2003" and e["doi2001"].label == "Müller et al., 2001"
    # an eprint without archivePrefix = arXiv is not an arXiv link
    assert e["eprintonly2004"].markdown() == "A. Bo. T. *Web*, 2004. [u.org](https://u.org/)"
    # a single name is a surname, not "et al."; every first name gives an initial
    assert e["plato2005"].authors == ("Plato", "J. P. Sartre") and e["plato2005"].label == "Plato and Sartre, 2005"


def test_two_authors_are_both_named():
    two = citations.Entry("k", ("A. B", "C. D"), ("B", "D"), "T", "V", "2000", "", "https://x.org/", "x.org")
    assert two.label == "B and D, 2000"


@pytest.mark.parametrize("fields, missing", [
    ("title = {T}, journal = {J}, year = {2000}, doi = {1}", "author"),
    ("author = {A B}, journal = {J}, year = {2000}, doi = {1}", "title"),
    ("author = {A B}, title = {T}, year = {2000}, doi = {1}", "venue"),
    ("author = {A B}, title = {T}, journal = {J}, doi = {1}", "year"),
    ("title = {T}, year = {2000}", "author, venue, doi, arXiv eprint or url"),
])
def test_an_incomplete_entry_names_everything_it_lacks(tmp_path, fields, missing):
    with pytest.raises(citations.CitationError) as info:
        small(tmp_path, f"@article{{k1, {fields}}}\n")
    assert str(info.value) == f"references.bib: entry 'k1' lacks {missing}"


def test_the_file_is_read_as_bibtex_whatever_its_name(tmp_path):
    other = tmp_path / "refs.txt"
    other.write_text(SMALL_BIB, encoding="utf-8")
    assert citations.load(other) == small(tmp_path)


def test_an_unparsable_file_is_named(tmp_path):
    bib = tmp_path / "broken.bib"
    bib.write_text("@article{a, title = {T}}\n@article{a, title = {T}}\n")  # a key twice
    with pytest.raises(citations.CitationError, match=rf"^{re.escape(str(bib))}: cannot parse the BibTeX file: "):
        citations.load(bib)


def test_cite_bibliography_and_references_page_exactly(tmp_path):
    e = small(tmp_path)
    text, cited = citations.cite("\nSee [@url2003] and [@arxiv2002;@doi2001], again [@url2003].", e, "r.md", "p.md")
    assert text == ("\nSee ([Zhu, 2003](r.md#url2003)) and ([Lee et al., 2002](r.md#arxiv2002); "
                    "[Müller et al., 2001](r.md#doi2001)), again ([Zhu, 2003](r.md#url2003)).")
    assert cited == ["url2003", "arxiv2002", "doi2001"]
    with pytest.raises(citations.CitationError) as info:
        citations.cite("\n\nx [@doi2001; @Xnope]\nmore\n", e, "r.md", "p.md")  # newlines before it, not after
    assert str(info.value) == "p.md:3: [@doi2001; @Xnope] cites 'Xnope', which is not in references.bib"
    assert citations.bibliography(["url2003", "doi2001"], e) == f"- {e['url2003'].markdown()}\n- {e['doi2001'].markdown()}\n"
    page = citations.references_page(e)
    assert page == ("# References\n\nEvery work these notes cite, from one BibTeX file (`docs/references.bib`). "
                    "Citations in the text link here.\n\n"
                    + "".join(f'- <span id="{k}"></span>{e[k].markdown()}\n'
                              for k in ("eprintonly2004", "arxiv2002", "doi2001", "plato2005", "url2003")))
