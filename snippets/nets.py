"""Deep neural networks y = f(x; W), layer by layer: h^i = sigma(W_i h^{i-1} + b_i), sigma = ReLU.

The lecture writes a layer as h^i = sigma(W_i h^{i-1}) with sigma(z) = max(0, z); the bias b_i is the
usual constant coordinate folded into W_i, and we keep it explicit. The last layer is affine (no sigma).

- ``mlp`` builds the network as the ``torch.nn.Sequential`` a practitioner writes;
- ``layers_of`` reads its weights back as a list of (W_i, b_i);
- ``forward`` evaluates the formula directly, one matrix product and one max(0, .) per layer;
- ``linear_pieces`` computes, exactly, the affine pieces of a network with a scalar input: a ReLU
  network is piecewise linear, and on a line it has finitely many kinks that we can list one by one;
- ``tent_layers`` is Telgarsky's tent map composed k times: 2^k pieces from O(k) units.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch
from torch import nn

from snippets import checks
from snippets.claims import Claim, Refutation, altered
from snippets.figures import figure

Layers = list[tuple[torch.Tensor, torch.Tensor]]


def relu(z: torch.Tensor) -> torch.Tensor:
    """sigma(z) = max(0, z), elementwise."""
    checks.tensor("z", z)
    return torch.clamp(z, min=0)


def mlp(widths, seed: int = 0, dtype: torch.dtype = torch.float64) -> nn.Sequential:
    """Linear -> ReLU -> ... -> Linear with ``widths = [d_in, m_1, ..., d_out]``, PyTorch's default init."""
    widths = checks.positive_ints("widths", widths, at_least=2)
    torch.manual_seed(seed)
    mods: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(widths[:-1], widths[1:])):
        mods.append(nn.Linear(a, b, dtype=dtype))
        if i < len(widths) - 2:
            mods.append(nn.ReLU())
    return nn.Sequential(*mods)


def layers_of(model: nn.Sequential) -> Layers:
    """The (W_i, b_i) of every ``nn.Linear`` in order, detached."""
    checks.module("model", model)
    layers = [(m.weight.detach(), m.bias.detach()) for m in model if isinstance(m, nn.Linear)]
    if not layers:
        raise ValueError("the model has no nn.Linear layers")
    return layers


def _check_layers(layers) -> Layers:
    if isinstance(layers, nn.Module):
        layers = layers_of(layers)
    layers = list(layers)
    if not layers:
        raise ValueError("layers must be a non-empty list of (W, b) pairs")
    for i, pair in enumerate(layers):
        if not (isinstance(pair, (tuple, list)) and len(pair) == 2 and all(torch.is_tensor(t) for t in pair)):
            raise TypeError(f"layer {i}: layers must be (W, b) pairs of tensors, got {pair!r:.60}")
        W, b = pair
        if W.ndim != 2 or b.shape != (W.shape[0],):
            raise ValueError(f"layer {i}: W must be a matrix and b a vector of its row count, "
                             f"got W {tuple(W.shape)} and b {tuple(b.shape)}")
        if i and W.shape[1] != layers[i - 1][0].shape[0]:
            raise ValueError(f"layer {i}: W has {W.shape[1]} columns but layer {i - 1} has "
                             f"{layers[i - 1][0].shape[0]} outputs")
    return layers


def forward(x: torch.Tensor, layers) -> torch.Tensor:
    """f(x; W) for a batch of inputs ``x`` (shape n x d), straight from h^i = sigma(W_i h^{i-1} + b_i)."""
    layers = _check_layers(layers)
    d = layers[0][0].shape[1]
    checks.tensor("x", x)
    if x.ndim != 2 or x.shape[1] != d:
        raise ValueError(f"x must have shape (n, {d}) for this network, got {tuple(x.shape)}")
    h = x.T  # columns are examples, so each layer reads W_i h^{i-1} as in the formula
    for i, (W, b) in enumerate(layers):
        h = W @ h + b[:, None]
        if i < len(layers) - 1:
            h = relu(h)
    return h.T


@dataclass
class Pieces:
    """The affine pieces of a scalar-input network on (lo, hi): on piece j, f(x) = slopes[j] * x +
    intercepts[j]. ``count`` is the number of pieces, ``breakpoints`` the count - 1 kinks between them."""
    breakpoints: np.ndarray  # the kinks, sorted; piece j lives between breakpoints j-1 and j
    slopes: np.ndarray  # (pieces, outputs): the slope of each output on each piece
    intercepts: np.ndarray  # (pieces, outputs): its value at x = 0 extended from the piece
    lo: float  # the interval the pieces cover (may be infinite)
    hi: float
    kinks_made: int  # points where some hidden unit switches, before merging: count - 1 + the merged-away kinks
    dead_units: int  # hidden units that are off on the whole of (lo, hi): they make no kink there

    @property
    def count(self) -> int:
        return len(self.slopes)


def _inside(lo: float, hi: float) -> float:
    """A point strictly inside (lo, hi), also when an end is infinite."""
    if math.isinf(lo) and math.isinf(hi):
        return 0.0
    if math.isinf(lo):
        return hi - 1.0
    if math.isinf(hi):
        return lo + 1.0
    return (lo + hi) / 2


def linear_pieces(layers, lo: float = -math.inf, hi: float = math.inf, rtol: float = 1e-9) -> Pieces:
    """The exact affine pieces of a ReLU network with one input on the interval (lo, hi).

    ``layers`` is the network: a list of ``(W, b)`` pairs of tensors (ReLU between them, none after the
    last), or an ``nn.Sequential`` of ``nn.Linear`` and ``nn.ReLU`` layers, such as ``mlp(...)`` returns. ``rtol`` is the relative tolerance within which two neighbouring pieces
    count as one.

    On an interval where every unit keeps its on/off state, the network is affine in x. We carry those
    intervals layer by layer: a unit's pre-activation a*x + c changes sign only at x = -c/a, so each
    interval splits at those roots and nothing else. Neighbours whose final affine maps agree (a kink
    that a later layer switched off) are merged, so ``count`` is the number of genuinely different
    pieces. No grid is involved; the only approximation is float64 arithmetic.

    Also counted on the way: ``kinks_made``, the points where some unit switches (so ``kinks_made -
    (count - 1)`` kinks were erased by later layers), and ``dead_units``, the hidden units that are off
    on the whole interval.
    """
    checks.nonnegative("rtol", rtol)
    layers = [(W.double().numpy(), b.double().numpy()) for W, b in _check_layers(layers)]
    if layers[0][0].shape[1] != 1:
        raise ValueError(f"linear_pieces needs a network with one input, this one has {layers[0][0].shape[1]}")
    if not lo < hi:
        raise ValueError(f"need lo < hi, got lo={lo}, hi={hi}")
    # each piece: (lo, hi, A, B) with the current layer's output h = A x + B on (lo, hi)
    pieces = [(lo, hi, np.ones(1), np.zeros(1))]
    dead = 0
    for i, (W, b) in enumerate(layers):
        last = i == len(layers) - 1
        split = []
        ever_on = np.zeros(W.shape[0], dtype=bool)
        for p_lo, p_hi, A, B in pieces:
            a, c = W @ A, W @ B + b
            if last:
                split.append((p_lo, p_hi, a, c))
                continue
            with np.errstate(divide="ignore", invalid="ignore"):
                roots = -c / a
            roots = np.unique(roots[(a != 0) & (roots > p_lo) & (roots < p_hi)])
            edges = [p_lo, *roots.tolist(), p_hi]
            for e_lo, e_hi in zip(edges[:-1], edges[1:]):
                on = (a * _inside(e_lo, e_hi) + c) > 0
                ever_on |= on
                split.append((e_lo, e_hi, a * on, c * on))
        pieces = split
        dead += 0 if last else int((~ever_on).sum())
    merged = [pieces[0]]
    for p in pieces[1:]:
        q = merged[-1]
        scale = 1.0 + np.abs(np.concatenate([q[2], q[3]])).max()
        if np.allclose(p[2], q[2], rtol=0, atol=rtol * scale) and np.allclose(p[3], q[3], rtol=0,
                                                                               atol=rtol * scale):
            merged[-1] = (q[0], p[1], q[2], q[3])
        else:
            merged.append(p)
    return Pieces(np.array([p[0] for p in merged[1:]]), np.array([p[2] for p in merged]),
                  np.array([p[3] for p in merged]), lo, hi, kinks_made=len(pieces) - 1, dead_units=dead)


def tent_layers(k: int) -> Layers:
    """Telgarsky's tent map, Delta(x) = 2 sigma(x) - 4 sigma(x - 1/2) on [0, 1], composed k times, as layers.

    Each copy of Delta needs two ReLU units; composing k copies gives k hidden layers of width 2 and
    2^k affine pieces on [0, 1].
    """
    checks.positive_int("k", k)
    t = lambda rows: torch.tensor(rows, dtype=torch.float64)  # noqa: E731
    layers = [(t([[1.0], [1.0]]), t([0.0, -0.5]))]
    for _ in range(k - 1):  # the next Delta reads 2 h_1 - 4 h_2 from the previous one
        layers.append((t([[2.0, -4.0], [2.0, -4.0]]), t([0.0, -0.5])))
    layers.append((t([[2.0, -4.0]]), t([0.0])))
    return layers


def _quartiles(values) -> tuple[float, float, float]:
    q25, median, q75 = np.percentile(values, [25, 50, 75])
    return float(q25), float(median), float(q75)


def piece_count_table(depths, widths, nets: int, seed: int) -> dict:
    """Exact piece counts of random networks (PyTorch init) for each shape: mean, range and quartiles
    over ``nets`` networks, and the quartiles of two ways units fail to add pieces: ``dead_*``, the
    fraction of hidden units off on the whole line, and ``erased_*``, the fraction of the kinks made by
    the units that later layers erase (where a whole layer is off, f is flat and every kink below is lost).
    """
    depths = checks.positive_ints("depths", depths)
    widths = checks.positive_ints("widths", widths)
    checks.positive_int("nets", nets)
    table = {}
    for w in widths:
        rows = []
        for depth in depths:
            found = [linear_pieces(mlp([1] + [w] * depth + [1], seed=seed + 1000 * depth + j)) for j in range(nets)]
            counts = [p.count for p in found]
            q25, median, q75 = _quartiles(counts)
            dead = _quartiles([p.dead_units / (w * depth) for p in found])
            erased = _quartiles([1 - (p.count - 1) / p.kinks_made if p.kinks_made else 0.0 for p in found])
            rows.append({"depth": depth, "neurons": depth * w, "mean": float(np.mean(counts)),
                         "min": int(min(counts)), "max": int(max(counts)), "q25": q25,
                         "median": median, "q75": q75,
                         **{f"dead_{k}": v for k, v in zip(("q25", "median", "q75"), dead)},
                         **{f"erased_{k}": v for k, v in zip(("q25", "median", "q75"), erased)}})
        table[str(w)] = rows
    return table


# --- Figures --------------------------------------------------------------------------------------

@figure("relu-network", seed=0, quick=dict(depth=4, width=16, span=3.0),
        full=dict(depth=4, width=16, span=3.0))
def relu_network_figure(*, seed: int, depth: int, width: int, span: float):
    """A random deep ReLU network on a scalar input, with every kink found exactly."""
    from snippets.style import COLORS, new_figure

    checks.counts(depth=depth, width=width)
    checks.positive("span", span)
    layers = layers_of(mlp([1] + [width] * depth + [1], seed=seed))
    whole = linear_pieces(layers)
    shown = linear_pieces(layers, -span, span)
    x = torch.linspace(-span, span, 2001, dtype=torch.float64)[:, None]
    y = forward(x, layers)[:, 0]
    kinks = torch.tensor(shown.breakpoints, dtype=torch.float64)[:, None]
    fig, (ax,) = new_figure(width=6.4, height=3.4)
    ax.plot(x[:, 0], y, color=COLORS[0], lw=1.5, label="f(x; W)")
    if len(kinks):
        ax.plot(kinks[:, 0], forward(kinks, layers)[:, 0], "o", ms=3.5, color=COLORS[1],
                label=f"kinks ({len(kinks)} in view)")
    ax.set_xlabel("input x")
    ax.set_ylabel("output f(x; W)")
    ax.set_title(f"Random ReLU network, depth {depth}, width {width}: {shown.count} linear pieces on "
                 f"[-{span:g}, {span:g}]", fontsize=10)
    ax.legend(loc="best", fontsize=9)
    return fig, {"depth": depth, "width": width, "neurons": depth * width, "span": span,
                 "pieces_in_view": shown.count, "pieces_total": whole.count,
                 "kinks": [round(float(k), 6) for k in shown.breakpoints]}


@figure("piece-counts", seed=0,
        quick=dict(depths=(1, 2, 3, 4, 6, 8, 10, 12), widths=(4, 8, 16, 32), nets=25, tent_k=10),
        full=dict(depths=(1, 2, 4, 6, 8, 12, 16), widths=(4, 8, 16, 32, 64, 128), nets=20, tent_k=16))
def piece_counts_figure(*, seed: int, depths, widths, nets: int, tent_k: int):
    """Pieces of random ReLU networks against depth and width, per neuron, beside the tent map's 2^k, and
    the units and kinks that add no piece."""
    from snippets.style import COLORS, new_figure

    checks.positive_int("tent_k", tent_k)
    table = piece_count_table(depths, widths, nets, seed)
    tent = {k: linear_pieces(tent_layers(k), 0.0, 1.0).count for k in range(1, tent_k + 1)}
    # Pieces per neuron as a multiple of one hidden layer's: w units in one layer make exactly w + 1
    # pieces (each switches once on the line), so depth L at one layer's share per neuron is (w + 1) L.
    linear_law = {w: [(int(w) + 1) * r["depth"] for r in rows] for w, rows in table.items()}
    fig, (left, middle, right, losses) = new_figure(ncols=2, nrows=2, width=9.6, height=7.4)
    for k, (w, rows) in enumerate(table.items()):
        d = [r["depth"] for r in rows]
        left.errorbar(d, [r["median"] for r in rows],
                      yerr=[[r["median"] - r["q25"] for r in rows], [r["q75"] - r["median"] for r in rows]],
                      marker="o", ms=4, capsize=2, label=f"width {w}")
        share = [[r[q] / law for r, law in zip(rows, linear_law[w])] for q in ("q25", "median", "q75")]
        middle.errorbar(d, share[1], yerr=[[m - lo for lo, m in zip(share[0], share[1])],
                                           [hi - m for m, hi in zip(share[1], share[2])]],
                        marker="o", ms=4, capsize=2, label=f"width {w}")
        right.plot([r["neurons"] for r in rows], [r["mean"] for r in rows], "o-", ms=4, label=f"width {w}")
        losses.plot(d, [r["dead_median"] for r in rows], "o-", ms=4, color=COLORS[k], label=f"width {w}")
        losses.plot(d, [r["erased_median"] for r in rows], "s--", ms=4, color=COLORS[k])
    left.set_xlabel("depth (hidden layers)")
    left.set_ylabel("linear pieces on the real line")
    left.set_title(f"Random networks (median and quartiles of {nets})", fontsize=10)
    left.legend(fontsize=8)
    fine = np.linspace(min(depths), max(depths), 200)
    middle.plot(fine, 1.5 ** (fine - min(depths)) * min(depths) / fine, ":", color="black",
                label="if pieces grew like $1.5^L$")
    middle.axhline(1.0, color="gray", lw=0.8)
    middle.axhline(2.0, color="black", lw=0.8, ls="--", label="twice one layer's share")
    middle.set_ylim(0, 3)
    middle.set_xlabel("depth (hidden layers)")
    middle.set_ylabel("pieces per neuron / one layer's")
    middle.set_title("Per neuron, relative to one hidden layer", fontsize=10)
    middle.legend(fontsize=7, loc="upper left")
    right.plot([2 * k for k in tent], list(tent.values()), "s--", ms=4, color="black",
               label="tent map, k layers of 2 units")
    right.set_yscale("log", base=2)
    right.set_xscale("log", base=2)
    right.set_xlabel("hidden neurons (depth x width)")
    right.set_ylabel("linear pieces (log scale)")
    right.set_title("Random networks vs. the tent map", fontsize=10)
    right.legend(fontsize=8)
    losses.set_xlabel("depth (hidden layers)")
    losses.set_ylabel(f"fraction (median of {nets})")
    losses.set_title("Units dead on the whole line (solid), kinks erased (dashed)", fontsize=10)
    losses.legend(fontsize=8)
    narrowest, widest = str(min(widths)), str(max(widths))
    deepest = {w: rows[-1] for w, rows in table.items()}
    span = max(depths) - min(depths)

    def quartiles(row, name):
        return {q: row[f"{name}_{q}"] for q in ("q25", "median", "q75")}

    return fig, {
        "table": table,
        "tent": {str(k): v for k, v in tent.items()},
        "tent_k": tent_k,
        "nets": nets,
        "min_depth": min(depths),
        "max_depth": max(depths),
        "widest": int(widest),
        "narrowest": int(narrowest),
        # the end of the spread least favourable to "linear": the largest upper quartile of pieces per
        # neuron over all shapes, as a multiple of one layer's share
        "per_neuron_upper": max(r["q75"] / law for w, rows in table.items()
                                for r, law in zip(rows, linear_law[w])),
        # the slowest per-layer rate r for which (w + 1) r^(L - 1) pieces, growth like r^L from one
        # layer's count, exceed twice one layer's share per neuron at the largest depth (and it rounded up,
        # so that "every r >= rate_caught_2dp" is true as printed)
        "rate_caught": (2 * max(depths) / min(depths)) ** (1 / span) if span else None,
        "rate_caught_2dp": math.ceil(100 * (2 * max(depths) / min(depths)) ** (1 / span)) / 100 if span else None,
        "widest_deepest_mean": deepest[widest]["mean"],
        "widest_deepest_neurons": deepest[widest]["neurons"],
        "widest_deepest_pieces_per_neuron": deepest[widest]["mean"] / deepest[widest]["neurons"],
        "narrowest_deepest_pieces_per_neuron": deepest[narrowest]["mean"] / deepest[narrowest]["neurons"],
        "narrowest_deepest_dead": quartiles(deepest[narrowest], "dead"),
        "widest_deepest_dead": quartiles(deepest[widest], "dead"),
        "narrowest_deepest_erased": quartiles(deepest[narrowest], "erased"),
        "widest_deepest_erased": quartiles(deepest[widest], "erased"),
        "tent_max_pieces": tent[tent_k],
        "tent_max_neurons": 2 * tent_k,
    }


# --- Claims: what the pages state about the figures above, and the checks that decide it ------


def _one_piece_over_twice_one_layer(r: dict) -> dict:
    """Our results, except that at the narrowest width and a middle depth the upper quartile of the count
    is one piece above 2 (w + 1) L."""
    w = min(r["table"], key=int)
    i = len(r["table"][w]) // 2
    return altered({f"table.{w}.{i}.q75": 2 * (int(w) + 1) * r["table"][w][i]["depth"] + 1})(r)


def _pieces_grow_like(rate: float) -> Callable[[dict], dict]:
    """The piece-counts results of a world in which every shape's count grows like rate^L from one hidden
    layer's w + 1 pieces: (w + 1) rate^(L - 1) at depth L, mean and quartiles alike."""
    def world(r: dict) -> dict:
        return altered({f"table.{w}.{i}.{q}": (int(w) + 1) * rate ** (row["depth"] - 1)
                        for w, rows in r["table"].items() for i, row in enumerate(rows)
                        for q in ("mean", "q25", "median", "q75")})(r)
    return world


def _pieces_per_neuron_within_twice_one_layer(r: dict) -> bool:
    """At every width w of the piece-counts table: at every depth L the upper quartile of the count is at
    most 2 (w + 1) L (pieces per neuron at most twice one hidden layer's exact (w + 1) / w), and the lower
    quartile at the largest depth is above the upper quartile at the smallest (the count grows)."""
    table = r["table"]
    return bool(table) and all(
        len(rows) > 1 and rows[-1]["q25"] > rows[0]["q75"]
        and all(row["q75"] <= 2 * (int(w) + 1) * row["depth"] for row in rows)
        for w, rows in table.items())


def _regions_at_initialization_world_4(r: dict) -> dict:
    return altered({f"table.{w}.{i}.{q}": int(w) + 1 for w, rows in r["table"].items()
                    for i in range(len(rows)) for q in ("mean", "q25", "median", "q75")})(r)


CLAIMS = (
    Claim("regions-at-initialization", "linear pieces at initialization", "Hanin and Rolnick, abstract",
          "hanin2019complexity",
          "“for networks at initialization, the average number of regions along any one-dimensional "
          "subspace grows linearly in the total number of neurons, far below the exponential upper bound.” "
          "(Their theorem is an upper bound on the expected number of regions per unit length, with "
          "constants that depend on the distributions of the weights and biases.)",
          "piece-counts",
          "{{ piece-counts.nets }} random networks per shape (PyTorch's default initialization), depths "
          "{{ piece-counts.min_depth }} to {{ piece-counts.max_depth }}, pieces on the whole real line. One "
          "hidden layer of \\(w\\) units has exactly \\(w + 1\\) pieces, \\((w + 1)/w\\) per neuron. At every "
          "width and depth, the upper quartile of pieces per neuron is at most "
          "{{ piece-counts.per_neuron_upper:.2f }} times that share, and at every width the count grows with "
          "depth; at width {{ piece-counts.widest }} and depth {{ piece-counts.max_depth }}, "
          "{{ piece-counts.widest_deepest_mean:.1f }} pieces for {{ piece-counts.widest_deepest_neurons }} "
          "neurons. Where we differ from the quote: at the narrowest width, {{ piece-counts.narrowest }}, the "
          "count grows more slowly than the neurons, to {{ piece-counts.narrowest_deepest_pieces_per_neuron:.2f }} "
          "pieces per neuron at depth {{ piece-counts.max_depth }}; an upper bound allows that, and the check "
          "tests the upper side and growth, not a linear rate from below. The tent map, built for it, doubles "
          "with every layer: {{ piece-counts.tent_max_pieces }} pieces with {{ piece-counts.tent_max_neurons }} "
          "neurons.",
          _pieces_per_neuron_within_twice_one_layer,
          threshold="at every width \\(w\\) and depth \\(L\\), the upper quartile of the count is at most "
          "\\(2 (w + 1) L\\): pieces per neuron at most twice those of one hidden layer of the same width, "
          "\\((w + 1)/w\\), a share fixed by the architecture (each unit of a single layer switches exactly once "
          "on the line), not by our data. The factor 2 is fixed in advance: twice a first-layer unit's one kink "
          "per neuron, the gain of a single layer of the tent map. A count growing like \\(r^L\\) from one "
          "layer's \\(w + 1\\) pieces exceeds it by depth {{ piece-counts.max_depth }} for every \\(r \\ge\\) "
          "{{ piece-counts.rate_caught_2dp:.2f }}, so growth like \\(1.5^L\\) fails. And at every width, the lower "
          "quartile at the largest depth is above the upper quartile at the smallest (the count grows).",
          refutations=(
              Refutation("pieces double with every layer, as the tent map's do", _pieces_grow_like(2.0)),
              Refutation("pieces grow like 1.5^L", _pieces_grow_like(1.5)),
              Refutation("at one shape, the upper quartile is one piece more than twice one layer's share per "
                         "neuron", _one_piece_over_twice_one_layer),
              Refutation("depth adds no pieces: every depth has one layer's w + 1",
                         _regions_at_initialization_world_4),
          ),
          page="networks", reproduced_at_full=False),
)
