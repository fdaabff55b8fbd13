"""Placeholders in the prose: {{ NAME.KEY:FORMAT }} filled from a figure's results."""
import pytest

from lecture_site.quote import QuoteError, fill

RESULTS = {"fig-a": {"n": 12, "ratio": 0.123456, "table": {"16": [{"mean": 3.5}]}}}


def test_fills_values_with_formats():
    text = "n = {{ fig-a.n }}, r = {{ fig-a.ratio:.2f }}, m = {{fig-a.table.16.0.mean:.1f}}"
    assert fill(text, RESULTS.get, "p.md") == "n = 12, r = 0.12, m = 3.5"


def test_unknown_figure_names_page_and_line():
    with pytest.raises(QuoteError, match=r"docs/p\.md:3: .*names figure 'nope', which does not exist"):
        fill("a\nb\nsee {{ nope.n }}", RESULTS.get, "docs/p.md")


def test_unknown_key_lists_the_known_ones():
    with pytest.raises(QuoteError, match=r"p\.md:1: .*no result 'missing'; its keys: n, ratio, table"):
        fill("{{ fig-a.missing }}", RESULTS.get, "p.md")


def test_bad_format_is_an_error():
    with pytest.raises(QuoteError, match="cannot format"):
        fill("{{ fig-a.table:.2f }}", RESULTS.get, "p.md")


def test_other_braces_are_left_alone():
    assert fill("{{ not a placeholder }} and {x}", RESULTS.get, "p.md") == "{{ not a placeholder }} and {x}"


RECORD = {"made_by": "snippets.x.f", "scale": "quick", "seed": 3, "versions": {"torch": "2.13.0"},
          "results": {}}


def test_provenance_goes_before_the_data_link():
    from lecture_site.quote import add_provenance

    out = add_provenance("A caption. [Data](figures/fig-a.json).", {"fig-a": RECORD}.get, "p.md")
    assert out == ("A caption. Computed at build time by `snippets.x.f` (quick scale, seed 3, "
                   '[compute time](figures/timings.json){: .figure-time data-figure="fig-a" }, '
                   "torch 2.13.0). [Data](figures/fig-a.json).")


def test_data_link_to_a_missing_figure_names_page_and_line():
    from lecture_site.quote import add_provenance

    with pytest.raises(QuoteError, match=r"p\.md:2: .*links figure 'nope', which does not exist"):
        add_provenance("x\n[Data](figures/nope.json)", {}.get, "p.md")
