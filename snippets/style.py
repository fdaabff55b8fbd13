"""How our figures look and how they are written: one place, so every figure matches.

Figures are drawn on an explicit ``matplotlib.figure.Figure`` (never pyplot's global state) with a white
background of their own, which keeps them legible on the site's light and dark schemes alike. SVG bytes
are reproducible: a fixed ``svg.hashsalt`` for element ids, no date metadata, text drawn as paths so the
result does not depend on which fonts a machine has.
"""
import io

import matplotlib
from matplotlib.figure import Figure

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]

_RC = {
    "svg.hashsalt": "snippets",
    "svg.fonttype": "path",
    "font.size": 10,
    "axes.prop_cycle": matplotlib.cycler(color=COLORS),
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
}


def new_figure(ncols: int = 1, nrows: int = 1, width: float = 6.4, height: float = 3.6):
    """A white figure with a grid of axes; returns ``(fig, axes)`` with axes always a flat list."""
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(width, height), layout="constrained")
        axes = fig.subplots(nrows, ncols, squeeze=False).ravel().tolist()
    return fig, axes


def svg_bytes(fig: Figure) -> bytes:
    """The figure as SVG, byte-identical for identical content."""
    buf = io.BytesIO()
    with matplotlib.rc_context(_RC):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()
