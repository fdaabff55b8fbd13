"""Numbered equations and cross-references."""
import re

import pytest

from lecture_site.equations import EquationError, number

PAGE = "See \\eqref{b} and \\eqref{a}.\n\n\\[\nx = 1 \\label{a}\n\\]\n\n\\[ z \\]\n\n\\[\ny = 2 \\label{b}\n\\]\n"


def test_labels_become_tags_in_page_order_and_references_links():
    out = number(PAGE, "p.md")
    assert out.startswith("See [(2)](#eq-b) and [(1)](#eq-a).")
    assert '<div id="eq-a"></div>\n\n\\[\nx = 1 \\tag{1}\n\\]' in out
    assert '<div id="eq-b"></div>\n\n\\[\ny = 2 \\tag{2}\n\\]' in out
    assert "\\[ z \\]" in out and "\\label" not in out and "\\eqref" not in out


def test_unknown_reference_names_page_and_line():
    with pytest.raises(EquationError, match=r"p\.md:3: \\eqref\{c\} names no labelled formula; labels on this page: a"):
        number("\\[ x \\label{a} \\]\n\n\\eqref{c}", "p.md")


def test_duplicate_label_is_refused():
    with pytest.raises(EquationError, match=r"p\.md:3: a formula needs one label of its own"):
        number("\\[ x \\label{a} \\]\n\n\\[ y \\label{a} \\]", "p.md")


def test_site_references_resolve(built_site):
    for page in ("", "networks", "training", "representation"):
        html = (built_site / page / "index.html").read_text()
        refs = set(re.findall(r'href="#(eq-[^"]+)"', html))
        ids = set(re.findall(r'id="(eq-[^"]+)"', html))
        assert refs and refs <= ids, (page, refs - ids)
        assert "\\tag{1}" in html
