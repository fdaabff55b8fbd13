"""Math typeset at build time with KaTeX in QuickJS."""
import json
import re
from pathlib import Path

import pytest

from conftest import REPO
from lecture_site.typeset import TypesetError, render, typeset, typeset_dollars

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


NOTEBOOK = ('<div class="jp-Cell jp-MarkdownCell"><div class="jp-RenderedHTMLCommon jp-RenderedMarkdown" '
            'data-mime-type="text/markdown"><p>A net $f(x; W)$ costs $5 a day; <code>$not$</code></p>'
            '<div><p>$$\\sum_i a_i$$</p></div></div></div>\n'
            '<div class="jp-CodeCell"><div class="clipboard-copy-txt">plot(label="$f$")</div>'
            '<pre>print("$y$")</pre></div>')


def test_notebook_markdown_cells_are_typeset_and_code_is_not():
    out = typeset_dollars(NOTEBOOK, KATEX, "docs/notebooks/n.py")
    assert out.count('class="katex"') == 2 and 'class="katex-display"' in out  # $f(x; W)$ and the $$ sum
    assert "costs $5 a day" in out  # a lone dollar is money, not math
    assert "<code>$not$</code>" in out  # code inside a Markdown cell
    assert 'plot(label="$f$")' in out and 'print("$y$")' in out  # code cells and their copy text
    assert out.count("</div>") == NOTEBOOK.count("</div>")  # the cell's nested div was kept whole


def test_bad_tex_in_a_notebook_names_its_line():
    cell = '<div class="jp-RenderedMarkdown"><p>broken $\\frac{1}{$</p></div>'
    source = "# %% [markdown]\n# Fine,\n# broken $\\frac{1}{$\n"
    with pytest.raises(TypesetError, match=r"^docs/notebooks/n\.py:3: cannot typeset"):
        typeset_dollars(cell, KATEX, "docs/notebooks/n.py", source)


def test_built_notebook_page_needs_no_katex_script(built_site):
    html = (built_site / "notebooks" / "relu-pieces" / "index.html").read_text()
    cells = re.findall(r'<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>(.*?)</div>', html, re.S)
    assert cells and all("$" not in re.sub(r"<annotation.*?</annotation>", "", c, flags=re.S) for c in cells)
    assert html.count('<span class="arithmatex"><span class="katex">') >= 4


# The formulas of the site's pages (352, collected when the engine was switched from quickjs 1.19.4 to
# quickjs-ng) and the SHA-256 of KaTeX's HTML for all of them, as quickjs 1.19.4 rendered them with the
# vendored KaTeX 0.19.1. A different JavaScript engine must give the same bytes; a new KaTeX changes this
# number on purpose (record the new one in the same commit as `make vendor-katex`).
KATEX_HTML_SHA256 = "955e791df3c88b96cd763a6827d679c930f8331dcd2ff1f7bcb241519e0026e2"


def test_the_engine_typesets_every_formula_as_the_recorded_engine_did():
    import hashlib
    import json

    formulas = json.loads((Path(__file__).parent / "katex_formulas.json").read_text(encoding="utf-8"))
    assert len(formulas) == 352
    digest = hashlib.sha256()
    for tex, display in formulas:
        digest.update(render(tex, display, KATEX).encode() + b"\0")
    assert digest.hexdigest() == KATEX_HTML_SHA256


def test_a_formula_typeset_once_comes_from_the_cache_after(tmp_path, monkeypatch):
    from lecture_site import typeset as T

    first = T.FormulaCache(tmp_path)
    html = first.render("x^2", False, KATEX)
    assert html.startswith('<span class="katex">')
    first.save()
    (stored,) = tmp_path.glob("katex-*.json")
    again = T.FormulaCache(tmp_path)
    monkeypatch.setattr(T, "_renderer", lambda *_: pytest.fail("the engine ran for a cached formula"))
    assert again.render("x^2", False, KATEX) == html
    # another KaTeX is another table; display and inline are separate entries
    other = tmp_path / "other-katex.js"
    other.write_text(KATEX.read_text(encoding="utf-8") + "\n")
    monkeypatch.undo()
    assert again.render("x^2", False, other) == html and again.render("x^2", True, KATEX) != html
    again.save()
    assert len(list(tmp_path.glob("katex-*.json"))) == 2 and stored.exists()


def test_bad_tex_is_not_cached_and_still_named(tmp_path):
    from lecture_site import typeset as T

    cache = T.use_cache(tmp_path)
    try:
        with pytest.raises(TypesetError, match="p.md"):
            typeset('<span class="arithmatex">\\(\\frac{1}{\\)</span>', KATEX, "p.md")
        cache.save()
        assert all("frac" not in text for text in (p.read_text() for p in tmp_path.glob("katex-*.json")))
    finally:
        T.use_cache(None)


# --- Exact small cases (fast: what mutation testing runs) -----------------------------------------------

def test_the_line_of_a_formula_in_its_source():
    from lecture_site.typeset import line_of

    source = "x^2 first\nsecond\n  \\sum_i a_i\n  + b\n"
    assert line_of("x^2", source) == 1  # at the very start of the source
    assert line_of(" \\sum_i a_i\n  + b ", source) == 3
    assert line_of("\\sum_i a_i\nwritten otherwise", source) == 3  # found by its first line
    assert line_of("first line\n\\sum_i a_i", source) is None  # only the first line is tried
    assert line_of("nowhere", source) is None and line_of("   ", source) is None


def test_the_cache_keeps_inline_and_display_apart_and_writes_into_new_folders(tmp_path):
    from lecture_site import typeset as T

    cache = T.FormulaCache(tmp_path / "a" / "b")
    inline, display = cache.render("x", False, KATEX), cache.render("x", True, KATEX)
    assert inline != display and 'class="katex-display"' in display
    cache.save()
    (stored,) = (tmp_path / "a" / "b").glob("katex-*.json")
    table = json.loads(stored.read_text(encoding="utf-8"))
    assert table == {"display:x": display, "inline:x": inline}
    assert stored.read_text(encoding="utf-8") == json.dumps(table, sort_keys=True)
    assert not list((tmp_path / "a" / "b").glob(".*"))  # no temporary left
    reread = T.FormulaCache(tmp_path / "a" / "b")
    assert reread.render("x", True, KATEX) == display and reread.render("x", False, KATEX) == inline


def test_the_module_cache_is_used_and_saved_only_when_set(tmp_path, monkeypatch):
    from lecture_site import typeset as T

    T.use_cache(None)
    T.save_cache()  # nothing to save: no error, no file
    assert render("y", True, KATEX) == T.FormulaCache(tmp_path / "x").render("y", True, KATEX)
    cache = T.use_cache(tmp_path / "c")
    try:
        assert render("y", True, KATEX) == cache.render("y", True, KATEX)
        T.save_cache()
        assert len(list((tmp_path / "c").glob("katex-*.json"))) == 1
    finally:
        T.use_cache(None)


def test_a_broken_cache_file_is_started_again(tmp_path):
    from lecture_site import typeset as T

    first = T.FormulaCache(tmp_path)
    first.render("z", False, KATEX)
    first.save()
    (stored,) = tmp_path.glob("katex-*.json")
    stored.write_text("{cut short", encoding="utf-8")
    assert T.FormulaCache(tmp_path).render("z", False, KATEX).startswith('<span class="katex">')


def test_dollars_outside_markdown_cells_and_after_them_are_kept():
    html = ('<p>$a$ before</p><div class="x jp-RenderedMarkdown y"><p>$b$ and <em>$c$</em></p></div>'
            '<p>$d$ after</p>')
    out = typeset_dollars(html, KATEX, "n.py")
    assert out.startswith("<p>$a$ before</p>") and out.endswith("<p>$d$ after</p>")
    assert out.count('class="katex"') == 2 and "<em>" in out and "</em></p></div>" in out
    with pytest.raises(TypesetError, match=r"^a notebook Markdown cell's <div> is never closed$"):
        typeset_dollars('<div class="jp-RenderedMarkdown"><div><p>$b$</p></div>', KATEX, "n.py")


def test_text_that_is_not_a_formula_is_left_as_it_is():
    kept = '<span class="arithmatex">not delimited</span>'
    assert typeset(kept, KATEX, "p.md") == kept
