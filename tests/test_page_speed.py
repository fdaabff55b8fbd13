"""What makes the pages fast on a phone (make bench runs Lighthouse) keeps them correct: the light/dark
toggle that replaced Material's palette script, the article held back until its math fonts arrive,
blocks far below the screen left unrendered until needed, no KaTeX script where math is typeset, and
the print-site plugin's files only on the printable page."""
from __future__ import annotations

import re

from test_browser import PAGES, browser, open_page  # noqa: F401 -- browser: the module-scoped fixture

SCHEME = "() => document.body.getAttribute('data-md-color-scheme')"


def test_palette_follows_the_system_until_the_reader_chooses(browser, served_site):
    with open_page(browser, f"{served_site}/networks/", dark=True) as (page, problems):
        assert page.evaluate(SCHEME) == "slate"
        assert page.evaluate("() => document.querySelector('meta[name=color-scheme]').content") == "dark"
    with open_page(browser, f"{served_site}/networks/") as (page, problems):
        assert page.evaluate(SCHEME) == "default"
        assert page.evaluate("() => document.querySelector('meta[name=theme-color]').content").startswith("rgb")
        page.click("[data-palette-toggle] label:not([hidden])")  # the moon icon
        assert page.evaluate(SCHEME) == "slate"
        page.reload(wait_until="networkidle")  # the choice is kept, in Material's storage
        assert page.evaluate(SCHEME) == "slate"
        page.focus("#__palette_1")  # keyboard: Enter on the toggle switches back
        page.keyboard.press("Enter")
        assert page.evaluate(SCHEME) == "default"
        shown = page.eval_on_selector_all("[data-palette-toggle] label", "els => els.map(e => !e.hidden)")
        assert shown == [True, False], f"one toggle icon, the one for the other scheme: {shown}"
        assert not problems, "; ".join(problems)


def test_article_appears_once_its_math_fonts_are_there(browser, served_site):
    with open_page(browser, f"{served_site}/networks/") as (page, problems):
        assert page.evaluate("() => getComputedStyle(document.querySelector('.md-content')).visibility") == "visible"
        assert not page.evaluate("() => document.documentElement.classList.contains('katex-fonts-pending')")


def test_article_appears_even_when_the_math_fonts_never_come(browser, served_site):
    ctx = browser.new_context()
    page = ctx.new_page()
    page.route(re.compile(r".*/katex/fonts/.*"), lambda route: route.abort())
    page.goto(f"{served_site}/networks/", wait_until="domcontentloaded")
    page.wait_for_function("() => getComputedStyle(document.querySelector('.md-content')).visibility === 'visible'",
                           timeout=3000)
    ctx.close()


def test_blocks_far_below_are_skipped_but_not_headings_or_the_last_ones(browser, served_site):
    with open_page(browser, f"{served_site}/rethinking-generalization/") as (page, problems):
        cv = page.eval_on_selector_all(".md-content__inner > *",
                                       "els => els.map(e => [e.tagName, getComputedStyle(e).contentVisibility])")
        skipped = [i for i, (tag, value) in enumerate(cv) if value == "auto"]
        assert len(skipped) > len(cv) // 2, f"only {len(skipped)} of {len(cv)} blocks can be skipped"
        assert all(cv[i][0] not in {"H1", "H2", "H3", "H4"} for i in skipped)
        assert min(skipped) >= 4 and max(skipped) < len(cv) - 3
        page.emulate_media(media="print")  # printing renders everything
        assert page.eval_on_selector_all(".md-content__inner > *",
                                         "els => els.every(e => getComputedStyle(e).contentVisibility === 'visible')")


def test_no_page_loads_katex_in_the_browser(browser, served_site):
    """Math is typeset at build time everywhere, notebook Markdown cells included."""
    ctx = browser.new_context()
    page = ctx.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith("katex.min.js") else None)
    for path in PAGES:
        page.goto(f"{served_site}/{path}", wait_until="networkidle")
        assert not fetched, f"{path or 'home'} loaded KaTeX's script: {fetched}"
    ctx.close()


def test_print_site_files_only_on_the_printable_page(built_site):
    printable = (built_site / "print_page" / "index.html").read_text()
    assert "css/print-site.css" in printable and "js/print-site.js" in printable
    for html in built_site.rglob("*.html"):
        if html.parent.name != "print_page":
            assert "print-site" not in html.read_text(), f"{html.relative_to(built_site)} loads print-site files"
