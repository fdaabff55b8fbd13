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


# --- Exact messages and the edges of a path ---------------------------------------------------------------

def test_a_path_steps_through_dicts_and_list_indices_and_nowhere_else():
    results = {"fig-b": {"rows": [[1, 2], [3, 4]], "d": {"x": {"y": 5}}, "s": "text"}}
    assert fill("{{fig-b.rows.1.0}} {{ fig-b.d.x.y }} {{ fig-b.rows.0.1 :03d }}", results.get, "p.md") == "3 5 002"
    for path in ("rows.2.0", "rows.x", "rows.0.2", "d.x.y.z", "s.0", "d.y"):
        with pytest.raises(QuoteError) as info:
            fill(f"\n\nsee {{{{ fig-b.{path} }}}} there\nmore", results.get, "p.md")
        assert str(info.value) == (f"p.md:3: {{{{ fig-b.{path} }}}}: figure 'fig-b' has no result {path!r}; "
                                   "its keys: d, rows, s")


def test_results_that_are_not_a_dict_have_no_keys_to_list():
    with pytest.raises(QuoteError) as info:
        fill("{{ fig-c.k }}", {"fig-c": [1, 2]}.get, "p.md")
    assert str(info.value) == "p.md:1: {{ fig-c.k }}: figure 'fig-c' has no result 'k'; its keys: ?"


def test_exact_messages_for_an_unknown_figure_and_a_bad_format():
    with pytest.raises(QuoteError) as info:
        fill("x\n{{ nope.n }}\ny", RESULTS.get, "docs/p.md")
    assert str(info.value) == "docs/p.md:2: {{ nope.n }} names figure 'nope', which does not exist"
    with pytest.raises(QuoteError) as info:
        fill("{{ fig-a.table:.2f }}", RESULTS.get, "p.md")
    assert str(info.value).startswith("p.md:1: {{ fig-a.table:.2f }}: cannot format {'16': [{'mean': 3.5}]} with "
                                      "'.2f': ")
    with pytest.raises(QuoteError, match="cannot format 12 with 'q'"):
        fill("{{ fig-a.n:q }}", RESULTS.get, "p.md")


def test_every_data_link_of_a_page_gets_its_own_figure():
    from lecture_site.quote import add_provenance

    other = dict(RECORD, made_by="snippets.y.g", seed=0)
    out = add_provenance("\n[Data](figures/fig-a.json) and [Data](figures/fig-b.json)\n",
                         {"fig-a": RECORD, "fig-b": other}.get, "p.md")
    assert out.count("Computed at build time") == 2
    assert '`snippets.y.g` (quick scale, seed 0, [compute time](figures/timings.json){: .figure-time ' \
           'data-figure="fig-b" }, torch 2.13.0). [Data](figures/fig-b.json)' in out
    with pytest.raises(QuoteError) as info:
        add_provenance("\n\n[Data](figures/nope.json)\nb", {}.get, "p.md")  # counted from the first character
    assert str(info.value) == "p.md:3: [Data](figures/nope.json) links figure 'nope', which does not exist"
