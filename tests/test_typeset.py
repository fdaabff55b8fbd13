"""Math typeset at build time with KaTeX in QuickJS."""
import pytest

from conftest import REPO
from snippets.typeset import TypesetError, typeset

KATEX = REPO / "docs" / "assets" / "katex" / "katex.min.js"


def test_inline_and_display_formulas_are_typeset():
    html = ('<p>a <span class="arithmatex">\\(x^2 &lt; 1\\)</span></p>\n'
            '<div class="arithmatex">\\[\n\\sum_i a_i \\tag{1}\n\\]</div>')
    out = typeset(html, KATEX, "p.md")
    assert out.count('class="katex"') == 2 and 'class="katex-display"' in out
    assert "\\(" not in out and "\\[" not in out
    assert '<mo>&lt;</mo>' in out  # the escaped "<" was read as TeX "<", then escaped again by KaTeX


def test_bad_tex_names_page_and_formula():
    with pytest.raises(TypesetError, match=r"p\.md: cannot typeset '\\\\frac\{1\}\{': ParseError: KaTeX parse error"):
        typeset('<span class="arithmatex">\\(\\frac{1}{\\)</span>', KATEX, "p.md")
    source = "# Title\n\nFine \\(x\\), then\nbroken \\(\\frac{1}{\\) here.\n"
    with pytest.raises(TypesetError, match=r"^p\.md:4: cannot typeset"):
        typeset('<span class="arithmatex">\\(\\frac{1}{\\)</span>', KATEX, "p.md", source)


def test_built_pages_ship_typeset_math(built_site):
    for page in ("networks", "training", "representation"):
        html = (built_site / page / "index.html").read_text()
        assert html.count('class="arithmatex"') == html.count('<span class="arithmatex"><span class="katex">') + \
            html.count('<div class="arithmatex"><span class="katex-display">')
