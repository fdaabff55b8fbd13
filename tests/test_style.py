"""How figures look and are written (snippets.style): white, gridded, colour-blind-safe, reproducible SVG."""
from __future__ import annotations

import re

import matplotlib.colors as mcolors

from snippets import style


def test_a_new_figure_is_white_with_a_flat_list_of_gridded_axes():
    fig, axes = style.new_figure(ncols=3, nrows=2, width=5.0, height=2.5)
    assert isinstance(axes, list) and len(axes) == 6
    assert tuple(fig.get_size_inches()) == (5.0, 2.5) and fig.get_layout_engine() is not None
    assert mcolors.to_hex(fig.get_facecolor()) == "#ffffff"
    ax = axes[0]
    assert mcolors.to_hex(ax.get_facecolor()) == "#ffffff"
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert ax.spines["left"].get_visible() and all(line.get_visible() for line in ax.get_xgridlines())
    assert ax.xaxis.get_gridlines()[0].get_alpha() == 0.3
    lines = [ax.plot([0, 1])[0] for _ in range(3)]
    assert [line.get_color() for line in lines] == style.COLORS[:3]  # Okabe-Ito, in order
    one_fig, one = style.new_figure()
    assert len(one) == 1 and tuple(one_fig.get_size_inches()) == (6.4, 3.6)


def test_svg_is_the_same_bytes_every_time_with_text_as_paths_and_no_date():
    def draw():
        fig, (ax,) = style.new_figure()
        ax.plot([0, 1, 2], [1, 0, 1], label="a line")
        ax.set_title("Title")
        ax.legend()
        return style.svg_bytes(fig)
    first, second = draw(), draw()
    assert first == second and first.startswith(b"<?xml")
    text = first.decode()
    assert "<dc:date>" not in text and "matplotlib.org" not in text  # no date, no creator
    assert "<text" not in text  # glyphs as paths: no dependence on installed fonts
    assert re.search(r'id="[^"]+"', text)  # ids, fixed by the hash salt (else the two would differ)
