"""Explorable figures at build time: the element checked against the figure's results, paths read at the
selected position, templates filled as the browser fills them, and where a figure's axes lie."""
import pytest
from matplotlib.figure import Figure

from lecture_site.explore import ExploreError, at, axes_geometry, check, count, expand, figures, fill, strip, uses

RESULTS = {"p": [0.0, 0.5, 1.0], "steps": [100, 250, 1234567], "error": [0.02, 0.125, 0.9], "seeds": 5,
           "rows": [{"k": 1, "v": 0.25}, {"k": 2, "v": 0.35}, {"k": 4, "v": 4.25}],
           "table": {"4": [{"depth": 1, "median": 5.0}, {"depth": 2, "median": 8.0}, {"depth": 3, "median": 12.0}]}}
GEOMETRY = {"width": 400.0, "height": 200.0,
            "axes": [{"box": [40, 10, 190, 170], "xlim": [0, 1], "ylim": [0, 100], "xscale": "linear", "yscale": "linear"},
                     {"box": [240, 10, 390, 170], "xlim": [1, 10], "ylim": [0.01, 1], "xscale": "log", "yscale": "log"},
                     {"box": [0, 0, 1, 1], "xlim": [0, 1], "ylim": [0, 1], "xscale": "symlog", "yscale": "linear"}]}
RECORD = {"results": RESULTS, "axes": GEOMETRY}
ATTRS = {"figure": "fig", "x": "p", "panels": "0 1", "label": "Corruption", "value": "p = {p:.1f}",
         "readout": "{steps:,d} steps, error {error:.1%}"}


def element(**attrs) -> str:
    return '<div class="explore"' + "".join(f'\n     data-{k}="{v}"' for k, v in attrs.items()) + "></div>"


def test_a_path_takes_the_selected_element_of_every_list_on_its_way():
    assert [at(RESULTS, "p", i) for i in range(3)] == [0.0, 0.5, 1.0]
    assert at(RESULTS, "rows.k", 2) == 4 and at(RESULTS, "table.4.median", 1) == 8.0
    assert at(RESULTS, "seeds", 2) == 5  # a single number is the same at every position
    assert count(RESULTS, "rows.k") == 3 and count(RESULTS, "table.4.depth") == 3
    for path in ("nope", "rows.x", "table.8.depth", "p.q"):
        with pytest.raises((KeyError, IndexError, TypeError)):
            at(RESULTS, path, 0)
    with pytest.raises(KeyError):
        count(RESULTS, "seeds")  # no list: nothing to select


def test_fill_formats_every_field_at_the_position_as_python_does():
    assert fill("p = {p:.1f}: {steps:,d} steps, {error:.1%}", RESULTS, 2) == "p = 1.0: 1,234,567 steps, 90.0%"
    assert fill("{rows.v:.1f} {rows.v:,.2f}", RESULTS, 2) == "4.2 4.25"  # ties to even, like Python
    assert fill("no fields", RESULTS, 0) == "no fields"


def test_a_good_element_becomes_one_hidden_line_with_its_count():
    page = "Text\n\n" + element(**ATTRS, marks="0:error*100 1:error", start="0.5") + "\n\nMore"
    out = expand(page, {"fig": RECORD}.get, "docs/p.md")
    line = out.split("\n")[2]
    assert out.startswith("Text\n\n") and out.endswith("\n\nMore") and out.count("\n") == 4
    assert line.startswith('<div class="explore" data-figure="fig" data-x="p"') and line.endswith(
        ' data-count="3" hidden></div>')
    assert 'data-marks="0:error*100 1:error"' in line and 'data-start="0.5"' in line
    assert strip(out) == "Text\n\n\n\nMore"
    assert figures(out + out.replace('"fig"', '"other"')) == ["fig", "other"] and uses(out)
    assert figures(strip(out)) == [] and not uses(strip(out))


def test_html_in_an_attribute_survives_the_round_trip():
    out = expand(element(**dict(ATTRS, label="p &amp; q &lt; 1")), {"fig": RECORD}.get, "p.md")
    assert 'data-label="p &amp; q &lt; 1"' in out


@pytest.mark.parametrize("change, message", [
    ({"figure": "nope"}, "figure 'nope' does not exist"),
    ({"x": "seeds"}, "no list of values at 'seeds'"),
    ({"x": "nope"}, "no list of values at 'nope'"),
    ({"x": "rows"}, "must hold two or more numbers"),
    ({"panels": "0 3"}, "data-panels '0 3': figure 'fig' has axes 0 to 2"),
    ({"panels": "2"}, "axes 2 of figure 'fig' has a scale other than linear or log"),
    ({"marks": "2:error"}, "data-marks item '2:error' must be PANEL:PATH"),
    ({"marks": "0:error*x"}, "data-marks item '0:error\\*x' must be"),
    ({"marks": "0:nope"}, "no number at 'nope' for value 1 of 3"),
    ({"x-at": "middle"}, "data-x-at must be 'value' or 'index'"),
    ({"start": "0.3"}, r"data-start '0.3' is not one of the values \[0.0, 0.5, 1.0\]"),
    ({"start": "half"}, "data-start 'half' is not one of the values"),
    ({"value": "p = {p:.3g}"}, "format '.3g' is not one of"),
    ({"value": "p = {p}"}, "brace that is not a {path:format} field"),
    ({"readout": "{rows.v:d}"}, "Unknown format code 'd'"),
    ({"readout": "{table.8.median:.1f}"}, r"no number at 'table.8.median' for value 1 of 3"),
    ({"label": ""}, "data-label is missing"),
    ({"colour": "red"}, "unknown attribute 'data-colour'"),
])
def test_a_broken_element_is_an_error_naming_page_line_and_what_is_wrong(change, message):
    attrs = {k: v for k, v in {**ATTRS, **change}.items()}
    with pytest.raises(ExploreError, match=r"docs/p\.md:3: .*" + message):
        expand("a\n\n" + element(**attrs), {"fig": RECORD}.get, "docs/p.md")


def test_an_attribute_that_is_not_data_is_named():
    with pytest.raises(ExploreError, match="unknown attribute 'style=\"x\"'"):
        expand(element(**ATTRS)[:-7] + ' style="x"></div>', {"fig": RECORD}.get, "p.md")


def test_a_record_without_geometry_is_named():
    with pytest.raises(ExploreError, match="figure 'fig' has no axes geometry"):
        check(ATTRS, {"results": RESULTS}, "p.md:1")


def test_the_checked_count_is_the_number_of_swept_values():
    assert check(dict(ATTRS, x="table.4.depth", readout="{table.4.median:.0f}"), RECORD, "p.md:1") == 3


def test_geometry_is_each_axes_box_in_svg_points_from_the_top_left_with_limits_and_scales():
    fig = Figure(figsize=(4, 3))  # 288 x 216 points
    left = fig.add_axes((0.1, 0.2, 0.5, 0.6))
    left.set_xlim(0, 2)
    left.set_ylim(-1, 3)
    right = fig.add_axes((0.7, 0.5, 0.25, 0.25))
    right.set_xscale("log")
    right.set_xlim(1, 1000)
    g = axes_geometry(fig)
    assert (g["width"], g["height"]) == (288.0, 216.0)
    assert g["axes"][0] == {"box": [28.8, 43.2, 172.8, 172.8], "xlim": [0.0, 2.0], "ylim": [-1.0, 3.0],
                            "xscale": "linear", "yscale": "linear"}
    assert g["axes"][1]["box"] == [201.6, 54.0, 273.6, 108.0]
    assert (g["axes"][1]["xscale"], g["axes"][1]["xlim"]) == ("log", [1.0, 1000.0])
