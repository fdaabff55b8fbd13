"""Representation power: how well networks of a given size can approximate a target function.

- ``interpolant_layers`` is the constructive side of universal approximation in one dimension: the
  piecewise-linear interpolant of a target at m + 1 equally spaced knots, written exactly as a network
  with one hidden layer of m ReLU units. For a twice differentiable target its sup-norm error is at most
  h^2/8 * max|g''| with h = (hi - lo)/m, so it falls like 1/m^2.
- ``fit_one_hidden`` trains a network of the same width by gradient descent instead, to see how much of
  that accuracy an optimizer actually finds.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from snippets.figures import figure
from snippets.nets import Layers, forward, mlp


def smooth_target(x):
    """g(x) = sin(2 pi x) + x / 2 on [0, 1]: smooth, max |g''| = 4 pi^2."""
    return torch.sin(2 * math.pi * x) + 0.5 * x


TARGET_CURVATURE = 4 * math.pi ** 2


def _check_width(m) -> int:
    if not isinstance(m, int) or isinstance(m, bool) or m < 1:
        raise ValueError(f"width m must be a positive integer, got {m!r}")
    return m


def interpolant_layers(target, m: int, lo: float = 0.0, hi: float = 1.0) -> Layers:
    """The interpolant of ``target`` at m + 1 equal knots as one hidden layer of m ReLU units.

    f(x) = g(x_0) + sum_j c_j sigma(x - x_j), where c_0 is the first slope and c_j is the change of
    slope at knot x_j: each unit switches on at one knot and bends the line there.
    """
    _check_width(m)
    if not lo < hi:
        raise ValueError(f"need lo < hi, got {lo} and {hi}")
    knots = torch.linspace(lo, hi, m + 1, dtype=torch.float64)
    values = target(knots)
    slopes = torch.diff(values) / torch.diff(knots)
    changes = torch.cat([slopes[:1], torch.diff(slopes)])
    W1, b1 = torch.ones(m, 1, dtype=torch.float64), -knots[:-1]
    return [(W1, b1), (changes[None, :], values[:1])]


def sup_error(layers, target, lo: float = 0.0, hi: float = 1.0, points: int = 20001) -> float:
    """max |f(x) - g(x)| on a fine grid of [lo, hi]."""
    x = torch.linspace(lo, hi, points, dtype=torch.float64)[:, None]
    return float((forward(x, layers)[:, 0] - target(x[:, 0])).abs().max())


def fit_one_hidden(m: int, target, steps: int, seed: int, lr: float = 1e-2, points: int = 512):
    """Train a width-m one-hidden-layer ReLU network on ``points`` samples of the target with Adam (MSE)."""
    _check_width(m)
    model = mlp([1, m, 1], seed=seed)
    x = torch.linspace(0, 1, points, dtype=torch.float64)[:, None]
    y = target(x)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
    return model


# --- Figures --------------------------------------------------------------------------------------

@figure("universal-approximation", seed=0, quick=dict(widths=(2, 4, 8, 16, 32, 64), steps=3000),
        full=dict(widths=(2, 4, 8, 16, 32, 64, 128, 256), steps=20000))
def universal_approximation_figure(*, seed: int, widths, steps: int):
    """Sup-norm error against width m: the interpolant network (1/m^2) and trained networks."""
    from snippets.style import new_figure

    built = [sup_error(interpolant_layers(smooth_target, m), smooth_target) for m in widths]
    trained = [sup_error(fit_one_hidden(m, smooth_target, steps, seed), smooth_target) for m in widths]
    bound = [TARGET_CURVATURE / (8 * m ** 2) for m in widths]
    slope = float(np.polyfit(np.log(widths), np.log(built), 1)[0])
    fig, (ax,) = new_figure(width=6.4, height=3.8)
    ax.loglog(widths, bound, ":", color="gray", label="bound  h²/8 · max|g''|")
    ax.loglog(widths, built, "o-", label=f"interpolant network (slope {slope:.2f})")
    ax.loglog(widths, trained, "s-", label=f"trained by Adam, {steps} steps")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("hidden units m (one hidden layer)")
    ax.set_ylabel("sup-norm error on [0, 1]")
    ax.legend(fontsize=8)
    return fig, {"widths": list(widths), "interpolant": built, "trained": trained, "bound": bound,
                 "slope": slope, "steps": steps, "widest": widths[-1], "interpolant_widest": built[-1],
                 "trained_widest": trained[-1], "ratio_widest": trained[-1] / built[-1]}
