"""Every page in the nav, in a real Chromium, light and dark: nothing broken, math visible, no serious
accessibility violation (axe-core), search works.

The site is the one built by the session fixture (mkdocs build --strict), served on 127.0.0.1. A
screenshot of each page lands in tests/screenshots/ (gitignored) for a person to look at.
"""
from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

import chromium
from conftest import REPO

SHOTS = REPO / "tests" / "screenshots"
AXE = REPO / "tests" / "vendor" / "axe-core" / "axe.min.js"  # axe-core 4.14.1 from npm (make vendor-axe)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{|\\frac|\\sigma")


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold !!python tags; we only need the nav."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def nav_pages() -> list[str]:
    """The URL path of every page in mkdocs.yml's nav ("" for the home page)."""
    nav = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=_Loader)["nav"]
    out = []

    def walk(items):
        for item in items:
            (target,) = item.values()
            if isinstance(target, list):
                walk(target)
            else:
                stem = re.sub(r"\.(md|py|ipynb)$", "", target)
                out.append("" if stem == "index" else stem.removesuffix("/index") + "/")
    walk(nav)
    return out


PAGES = nav_pages()


@pytest.fixture(scope="module")
def browser():
    path = chromium.find()
    assert path, "no Chromium found: run `make test` (it installs one) or set CHROMIUM=/path/to/chrome"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, headless=True, args=ARGS)
        yield b
        b.close()


@contextlib.contextmanager
def open_page(browser, url: str, dark: bool = False):
    """The page at ``url``, loaded and with its fonts ready, and the list of problems seen on it."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark" if dark else "light")
    page = ctx.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("request", lambda r: problems.append(f"off-site request: {r.url}")
            if urlparse(r.url).hostname not in ("127.0.0.1", None) and not r.url.startswith("data:") else None)
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url}"))
    try:
        page.goto(url, wait_until="networkidle")
        page.wait_for_function("() => document.fonts.status === 'loaded'")
        yield page, problems
    finally:
        ctx.close()


def math_report(page) -> dict:
    return page.evaluate("""() => {
        const article = document.querySelector('article');
        const formulas = [...document.querySelectorAll('.arithmatex, .jp-RenderedMarkdown')]
            .filter(el => el.classList.contains('arithmatex') || /\\$/.test(el.textContent) || el.querySelector('.katex'));
        const katex = [...document.querySelectorAll('article .katex')];
        return {
            arithmatex: document.querySelectorAll('.arithmatex').length,
            untypeset: [...document.querySelectorAll('.arithmatex')].filter(el => !el.querySelector('.katex')).length,
            katex: katex.length,
            errors: document.querySelectorAll('.katex-error').length,
            invisible: katex.filter(el => el.getBoundingClientRect().width === 0).length,
            fonts: [...document.fonts].filter(f => /KaTeX/.test(f.family) && f.status === 'loaded').map(f => f.family),
            text: article ? article.innerText : document.body.innerText,
        };
    }""")


def assert_math_visible(page, where: str):
    m = math_report(page)
    assert m["untypeset"] == 0, f"{where}: {m['untypeset']} of {m['arithmatex']} formulas were not typeset"
    assert m["errors"] == 0, f"{where}: {m['errors']} formulas have TeX errors (.katex-error)"
    raw = RAW_TEX.findall(m["text"])
    assert not raw, f"{where}: raw TeX left in the text: {raw[:5]}"
    if m["katex"]:
        assert m["invisible"] == 0, f"{where}: {m['invisible']} formulas have zero width"
        assert m["fonts"], f"{where}: {m['katex']} formulas typeset but no KaTeX font loaded: invisible"
    return m


def axe_violations(page) -> list[str]:
    """Serious and critical accessibility violations found by axe-core (vendored from npm)."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}x, e.g. ${v.nodes[0].target.join(' ')})`)""")
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_page(browser, served_site, path, scheme):
    with open_page(browser, f"{served_site}/{path}", dark=scheme == "dark") as (page, problems):
        where = f"{path or 'home'} ({scheme})"
        # figures below the first load as the reader scrolls to them: scroll to each, as a reader would
        for img in page.locator("img[loading=lazy]").all():
            img.scroll_into_view_if_needed()
        page.wait_for_function("() => [...document.images].every(e => e.complete)")
        page.evaluate("() => window.scrollTo(0, 0)")  # the screenshots below show the page from its top
        broken = page.eval_on_selector_all("img", "els => els.filter(e => !e.complete || !e.naturalWidth)"
                                                  ".map(e => e.getAttribute('src'))")
        assert not broken, f"{where}: images that did not load: {broken}"
        m = assert_math_visible(page, where)
        if m["arithmatex"] or page.locator(".jp-RenderedMarkdown").count():
            assert m["katex"] > 0, f"{where}: the page has math but no typeset formula at all"
        # captions link figures/timings.json (pages stay reproducible); the script shows the seconds in place
        shown = "() => [...document.querySelectorAll('a.figure-time')].every(a => /^[0-9]+\\.[0-9] s$/.test(a.textContent))"
        try:
            page.wait_for_function(shown, timeout=5000)
        except PlaywrightTimeout:
            times = page.eval_on_selector_all("a.figure-time", "els => els.map(e => e.textContent)")
            pytest.fail(f"{where}: figure compute times not shown in the captions: {times}")
        # figures carry their own white background, so they stay legible on either scheme
        backgrounds = page.eval_on_selector_all("article img[src$='.svg']",
                                                "els => els.map(e => getComputedStyle(e).backgroundColor)")
        assert set(backgrounds) <= {"rgb(255, 255, 255)"}, f"{where}: figure backgrounds {backgrounds}"
        SHOTS.mkdir(parents=True, exist_ok=True)
        name = path.strip("/").replace("/", "_") or "index"
        # a full-page capture does not scroll, so blocks far below (content-visibility: auto) would come out
        # blank: render them all for the picture, then check accessibility on the page as a reader gets it
        everything = page.add_style_tag(content=".md-content__inner > * { content-visibility: visible !important; }")
        page.screenshot(path=str(SHOTS / f"{name}{'-dark' if scheme == 'dark' else ''}.png"), full_page=True)
        everything.evaluate("style => style.remove()")
        violations = axe_violations(page)
        assert not violations, f"{where}: " + "; ".join(violations)
        assert not problems, f"{where}: " + "; ".join(problems)


@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_search_finds_the_page(browser, served_site, path):
    with open_page(browser, f"{served_site}/{path}") as (page, problems):
        heading = page.inner_text("article h1")
        word = max(re.findall(r"[A-Za-z]{5,}", heading), key=len).lower()
        page.goto(f"{served_site}/", wait_until="networkidle")
        target = f"{served_site}/{path}"
        found = "(t) => [...document.querySelectorAll('.md-search-result__link')].some(a => a.href.split(/[?#]/)[0] === t)"
        box = page.locator("input.md-search__input")
        # The search index loads in a web worker; a query typed before it is ready is not re-run, so type again.
        box.click()
        for _ in range(30):
            box.press("Control+a")
            box.press_sequentially(word, delay=10)
            try:
                page.wait_for_function(found, arg=target, timeout=1000)
                break
            except PlaywrightTimeout:  # retried, then failed below
                continue
        assert page.evaluate(found, target), f"searching for {word!r} did not find {target}"
        assert not problems, "; ".join(problems)


def test_math_survives_instant_navigation(browser, served_site):
    """Material swaps pages without reloading; formulas on the new page must be typeset too."""
    with open_page(browser, f"{served_site}/") as (page, problems):
        page.evaluate("() => { window.__sameDocument = true; }")
        page.click("nav.md-nav--primary a[href$='networks/']")
        page.wait_for_url(re.compile(r".*/networks/$"))
        page.wait_for_function("() => document.querySelectorAll('.arithmatex .katex').length > 5")
        page.wait_for_function("() => document.fonts.status === 'loaded'")
        assert page.evaluate("() => window.__sameDocument === true"), "the page reloaded: no instant navigation"
        assert_math_visible(page, "networks (instant navigation)")
        assert not problems, "; ".join(problems)


def test_code_blocks_have_copy_buttons(browser, served_site):
    with open_page(browser, f"{served_site}/networks/") as (page, problems):
        blocks = page.locator("div.language-python pre").count()
        buttons = page.locator("div.language-python pre button[data-md-type='copy']").count()
        assert blocks >= 3 and buttons == blocks, (blocks, buttons)


def test_axe_check_catches_a_violation(browser, served_site):
    """Guard the guard: an image without alt text and unreadable text are reported."""
    with open_page(browser, f"{served_site}/") as (page, problems):
        page.evaluate("""() => document.querySelector('article').insertAdjacentHTML('beforeend',
            '<img src="figures/relu-network.svg"><p style="color:#ddd;background:#fff">faint</p>')""")
        found = " ".join(axe_violations(page))
        assert "image-alt" in found and "color-contrast" in found


def test_print_page_has_the_whole_lecture_and_prints(browser, served_site):
    """One printable page (mkdocs-print-site-plugin) with every page, math typeset; Chromium prints it."""
    with open_page(browser, f"{served_site}/print_page/") as (page, problems):
        headings = page.eval_on_selector_all("article h1", "els => els.map(e => e.textContent.trim())")
        for title in ("Deep neural networks", "Training and prediction", "Representation power", "References"):
            assert any(title in h for h in headings), f"print page lacks {title!r}: {headings}"
        assert page.locator("article img[src$='.svg']").count() >= 7
        assert page.locator("img[loading=lazy]").count() == 0, "the printable page must load every figure"
        assert page.locator("article div.language-python").count() >= 15
        assert_math_visible(page, "print page")
        violations = axe_violations(page)
        assert not violations, "print page: " + "; ".join(violations)
        SHOTS.mkdir(parents=True, exist_ok=True)
        pdf = SHOTS / "lecture.pdf"  # kept, like the screenshots, for a person to look at
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4", print_background=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
        assert pages >= 15, f"the printed lecture has only {pages} pages"
        assert not problems, "; ".join(problems)


# --- Explorable figures: a slider over the values a figure's experiment swept ------------------------------

EXPLORABLE = {"networks/": "piece-counts", "error-decomposition/": "error-decomposition",
              "rethinking-generalization/": "label-corruption", "implicit-regularization/": "double-descent"}


def _explorer_state(page, figure: str) -> dict:
    return page.evaluate("""figure => {
        const box = document.querySelector(`.explore[data-figure="${figure}"]`);
        const input = box.querySelector('input[type=range]');
        const stage = document.querySelector(`img[src$="figures/${figure}.svg"]`).closest('.explore-stage');
        return {
            selected: Number(box.dataset.selected), value: input.value, valuetext: input.getAttribute('aria-valuetext'),
            shown: box.querySelector('.explore-value').textContent, readout: box.querySelector('.explore-readout').textContent,
            live: box.querySelector('.explore-readout').getAttribute('aria-live'),
            label: box.querySelector(`label[for="${input.id}"]`).textContent,
            cursors: [...stage.querySelectorAll('.explore-cursor')].map(l => Number(l.getAttribute('x1'))),
            marks: [...stage.querySelectorAll('.explore-mark')].map(c => [Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))]),
        };
    }""", figure)


def _select(page, figure: str, index: int) -> None:
    """Move the slider with the keyboard, as a reader without a mouse would: Home, then right arrows."""
    slider = page.locator(f'.explore[data-figure="{figure}"] input[type=range]')
    slider.focus()
    page.keyboard.press("Home")
    for _ in range(index):
        page.keyboard.press("ArrowRight")


def _open_explorer(page, figure: str) -> dict:
    page.locator(f'img[src$="figures/{figure}.svg"]').scroll_into_view_if_needed()
    page.wait_for_selector(f'.explore[data-figure="{figure}"] input[type=range]', timeout=10000)
    return page.evaluate("""figure => Object.assign({}, document.querySelector(`.explore[data-figure="${figure}"]`).dataset)""", figure)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", EXPLORABLE, ids=list(EXPLORABLE))
def test_explorable_figure_shows_what_the_build_computed(browser, served_site, built_site, path, scheme):
    """For several values of the control: the numbers shown are the figure JSON's, formatted as Python
    formats them; the overlay moves; the control is labelled and announced; axe passes on the explored state."""
    from lecture_site import explore

    figure = EXPLORABLE[path]
    results = json.loads((built_site / "figures" / f"{figure}.json").read_text())["results"]
    with open_page(browser, f"{served_site}/{path}", dark=scheme == "dark") as (page, problems):
        data = _open_explorer(page, figure)
        n = int(data["count"])
        assert n == explore.count(results, data["x"]) >= 5
        start = next((i for i in range(n) if "start" in data and explore.at(results, data["x"], i) == float(data["start"])), 0)
        first = _explorer_state(page, figure)
        assert first["selected"] == start and first["readout"] == explore.fill(data["readout"], results, start)
        seen = {}
        for i in sorted({0, 1, n // 2, n - 1}):
            _select(page, figure, i)
            state = _explorer_state(page, figure)
            where = f"{path} ({scheme}) at value {i + 1} of {n}"
            assert state["selected"] == i and state["value"] == str(i), where
            assert state["readout"] == explore.fill(data["readout"], results, i), where
            assert state["shown"] == state["valuetext"] == explore.fill(data["value"], results, i), where
            assert state["label"] == data["label"] and state["live"] == "polite", where
            assert len(state["cursors"]) == len(data["panels"].split()), where
            seen[i] = state
        cursors = [s["cursors"][0] for s in seen.values()]
        assert cursors == sorted(cursors) and len(set(cursors)) == len(cursors), f"the cursor did not move: {cursors}"
        assert seen[0]["marks"] != seen[n - 1]["marks"], "the marks did not move"
        page.locator(f'.explore[data-figure="{figure}"]').scroll_into_view_if_needed()
        SHOTS.mkdir(parents=True, exist_ok=True)
        region = page.locator(f'img[src$="figures/{figure}.svg"]').locator("xpath=ancestor::figure")
        region.screenshot(path=str(SHOTS / f"explore-{figure}{'-dark' if scheme == 'dark' else ''}.png"))
        page.locator(f'.explore[data-figure="{figure}"]').screenshot(
            path=str(SHOTS / f"explore-{figure}-control{'-dark' if scheme == 'dark' else ''}.png"))
        violations = axe_violations(page)
        assert not violations, f"{path} ({scheme}, explored): " + "; ".join(violations)
        assert not problems, f"{path} ({scheme}): " + "; ".join(problems)


def test_explore_js_formats_numbers_exactly_as_python(browser):
    """The readouts are formatted in the browser; for ties and grouping it must agree with format()."""
    values = [0.0, 4.25, 4.35, 0.125, 0.375, 2.5, 3.5, -0.05, -2.5, 1234567.891, 0.1 + 0.2, 1e-7, 0.15, 0.145,
              0.8939866364002228, 4.298507462686567, 999.995, 0.045, 1 / 3, 2 / 3, 12345.5, 0.0049999]
    specs = [".0f", ".1f", ".2f", ".3f", ",.0f", ",.2f", ".1%", ".0%", ".2%", ",.1%"]
    cases = [(v, s) for v in values for s in specs] + [(400, "d"), (4000, ",d"), (1234567, ",d"), (-5, "d")]
    page = browser.new_page()
    page.add_script_tag(path=str(REPO / "docs" / "javascripts" / "explore.js"))
    shown = page.evaluate("cases => cases.map(([v, s]) => window.lectureExplore.format(v, s))", cases)
    page.close()
    assert shown == [format(v, s) for v, s in cases]


def test_explorable_figures_need_javascript_and_stay_off_paper(browser, served_site, built_site):
    """Without JavaScript the explorer stays hidden and the static figure is all there is; printed, the
    control and the overlay disappear; the printable page has no explorer at all."""
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    for path, figure in EXPLORABLE.items():
        page.goto(f"{served_site}/{path}")
        assert page.locator(f'.explore[data-figure="{figure}"]').count() == 1
        assert not page.locator(f'.explore[data-figure="{figure}"]').is_visible(), path
        assert page.locator(f'img[src$="figures/{figure}.svg"]').is_visible(), path
    ctx.close()
    with open_page(browser, f"{served_site}/rethinking-generalization/") as (page, problems):
        _open_explorer(page, "label-corruption")
        page.emulate_media(media="print")
        assert not page.locator('.explore[data-figure="label-corruption"]').is_visible()
        assert not page.locator(".explore-overlay").first.is_visible()
        assert page.locator('img[src$="figures/label-corruption.svg"]').is_visible()
        assert not problems, "; ".join(problems)
    printable = (built_site / "print_page" / "index.html").read_text(encoding="utf-8")
    assert 'class="explore"' not in printable and "explore.js" not in printable
    for figure in EXPLORABLE.values():
        assert f"figures/{figure}.svg" in printable


def test_explorable_figure_works_after_instant_navigation(browser, served_site):
    """Material swaps pages without reloading: the explorer's script must start on the new page too."""
    with open_page(browser, f"{served_site}/") as (page, problems):
        page.evaluate("() => { window.__sameDocument = true; }")
        page.click("nav.md-nav--primary a[href$='networks/']")
        page.wait_for_url(re.compile(r".*/networks/$"))
        _open_explorer(page, "piece-counts")
        _select(page, "piece-counts", 2)
        assert _explorer_state(page, "piece-counts")["selected"] == 2
        page.click("nav.md-nav--primary a[href$='error-decomposition/']")
        page.wait_for_url(re.compile(r".*/error-decomposition/$"))
        _open_explorer(page, "error-decomposition")
        assert page.evaluate("() => window.__sameDocument === true"), "the page reloaded: no instant navigation"
        assert not problems, "; ".join(problems)
