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

from snippets import checks
from snippets.figures import figure
from snippets.nets import Layers, forward, layers_of, linear_pieces, mlp, tent_layers


def smooth_target(x):
    """g(x) = sin(2 pi x) + x / 2 on [0, 1]: smooth, max |g''| = 4 pi^2."""
    checks.tensor("x", x)
    return torch.sin(2 * math.pi * x) + 0.5 * x


TARGET_CURVATURE = 4 * math.pi ** 2


def interpolant_layers(target, m: int, lo: float = 0.0, hi: float = 1.0) -> Layers:
    """The interpolant of ``target`` at m + 1 equal knots as one hidden layer of m ReLU units.

    f(x) = g(x_0) + sum_j c_j sigma(x - x_j), where c_0 is the first slope and c_j is the change of
    slope at knot x_j: each unit switches on at one knot and bends the line there.
    """
    checks.function("target", target)
    checks.positive_int("width m", m)
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
    checks.function("target", target)
    checks.positive_int("points", points)
    x = torch.linspace(lo, hi, points, dtype=torch.float64)[:, None]
    return float((forward(x, layers)[:, 0] - target(x[:, 0])).abs().max())


def fit_network(widths, target, steps: int, seed: int, lr: float = 1e-2, points: int = 512):
    """Train ``mlp(widths)`` on ``points`` equally spaced samples of the target on [0, 1] with full-batch
    Adam on the mean squared error; returns the model."""
    widths = checks.positive_ints("widths", widths, at_least=2)
    checks.function("target", target)
    checks.integers(steps=steps, points=points)
    if widths[0] != 1 or widths[-1] != 1:
        raise ValueError(f"need a network with one input and one output, got widths {list(widths)}")
    if steps < 1 or points < 2:
        raise ValueError(f"need steps >= 1 and points >= 2, got {steps} and {points}")
    model = mlp(widths, seed=seed)
    x = torch.linspace(0, 1, points, dtype=torch.float64)[:, None]
    y = target(x)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
    return model


def fit_one_hidden(m: int, target, steps: int, seed: int, lr: float = 1e-2, points: int = 512):
    """A width-m network with one hidden layer, trained by ``fit_network``."""
    return fit_network([1, checks.positive_int("width m", m), 1], target, steps, seed, lr, points)


def n_params(widths) -> int:
    """Weights and biases of ``mlp(widths)``: sum of m_i (m_{i-1} + 1)."""
    widths = checks.positive_ints("widths", widths, at_least=2)
    return sum(b * (a + 1) for a, b in zip(widths[:-1], widths[1:]))


def mean_abs_error(layers, target, points: int = 4097) -> float:
    """The L1 error on [0, 1], the measure of Telgarsky's separation, on a fine grid."""
    checks.function("target", target)
    checks.positive_int("points", points)
    x = torch.linspace(0, 1, points, dtype=torch.float64)[:, None]
    return float((forward(x, layers)[:, 0] - target(x[:, 0])).abs().mean())


def sawtooth(k: int):
    """Delta^k in closed form, without a network: 2^(k-1) teeth of height 1 on [0, 1]. With
    y = 2^(k-1) x mod 1, Delta^k(x) = 1 - |2 y - 1|. The reference the tent network is checked against."""
    checks.positive_int("k", k)

    def teeth(x: torch.Tensor) -> torch.Tensor:
        y = torch.remainder(x * 2 ** (k - 1), 1.0)
        return 1 - (2 * y - 1).abs()
    return teeth


def tent_target(k: int):
    """Delta^k as an elementwise function of a tensor, like ``smooth_target``."""
    layers = tent_layers(k)

    def tent(x: torch.Tensor) -> torch.Tensor:
        return forward(x.reshape(-1, 1), layers).reshape(x.shape)
    return tent


# --- Figures --------------------------------------------------------------------------------------

@figure("universal-approximation", seed=0, quick=dict(widths=(2, 4, 8, 16, 32, 64), steps=3000),
        full=dict(widths=(2, 4, 8, 16, 32, 64, 128, 256), steps=20000))
def universal_approximation_figure(*, seed: int, widths, steps: int):
    """Sup-norm error against width m: the interpolant network (1/m^2) and trained networks."""
    from snippets.style import new_figure

    checks.positive_ints("widths", widths, at_least=2)
    checks.positive_int("steps", steps)
    built = [sup_error(interpolant_layers(smooth_target, m), smooth_target) for m in widths]
    trained = [sup_error(fit_one_hidden(m, smooth_target, steps, seed), smooth_target) for m in widths]
    bound = [TARGET_CURVATURE / (8 * m ** 2) for m in widths]
    slope = float(np.polyfit(np.log(widths), np.log(built), 1)[0])
    fig, (ax,) = new_figure(width=6.4, height=3.8)
    ax.loglog(widths, bound, ":", color="gray", label=r"bound $h^2 \max|g''| / 8$")
    ax.loglog(widths, built, "o-", label=f"interpolant network (slope {slope:.2f})")
    ax.loglog(widths, trained, "s-", label=f"trained by Adam, {steps} steps")
    ax.set_xscale("log", base=2)
    ax.set_xlabel("hidden units m (one hidden layer)")
    ax.set_ylabel("sup-norm error on [0, 1]")
    ax.legend(fontsize=8)
    return fig, {"widths": list(widths), "interpolant": built, "trained": trained, "bound": bound,
                 "slope": slope, "steps": steps, "widest": widths[-1], "interpolant_widest": built[-1],
                 "trained_widest": trained[-1], "ratio_widest": trained[-1] / built[-1]}


@figure("depth-separation", seed=0, quick=dict(k=3, widths=(2, 4, 8), restarts=5, steps=1500, max_k=10),
        full=dict(k=4, widths=(2, 3, 4, 6, 8, 12, 16), restarts=10, steps=10000, max_k=12))
def depth_separation_figure(*, seed: int, k: int, widths, restarts: int, steps: int, max_k: int):
    """Delta^k: parameters an exact deep vs shallow network needs, and what training finds instead."""
    from snippets.style import COLORS, new_figure

    checks.counts(k=k, restarts=restarts, steps=steps, max_k=max_k)
    checks.positive_ints("widths", widths)
    # Left: exact representations. Deep: k layers of 2 units. Shallow: at least 2^k - 1 units (one layer
    # of m units has at most m + 1 pieces); the interpolant uses 2^k. Both constructions are checked
    # against the closed form of Delta^k on a grid that contains every knot, and by counting pieces.
    exact = []
    for j in range(1, max_k + 1):
        deep_layers = tent_layers(j)
        shallow = interpolant_layers(sawtooth(j), 2 ** j)
        exact.append({"k": j, "deep": n_params([1] + [2] * j + [1]), "shallow": n_params([1, 2 ** j, 1]),
                      "shallow_lower": n_params([1, 2 ** j - 1, 1]),
                      "deep_pieces": linear_pieces(deep_layers, 0.0, 1.0).count,
                      "shallow_pieces": linear_pieces(shallow, 0.0, 1.0).count,
                      "deep_error": sup_error(deep_layers, sawtooth(j), points=2 ** (j + 4) + 1),
                      "shallow_error": sup_error(shallow, sawtooth(j), points=2 ** (j + 4) + 1)})
    # Right: networks of equal parameter count trained on Delta^k from random starts.
    tent = tent_target(k)
    trained = {"deep": [], "shallow": []}
    for w in widths:
        deep = [1] + [w] * k + [1]
        m = max(1, round((n_params(deep) - 1) / 3))  # a shallow net with about as many parameters
        for kind, arch in (("deep", deep), ("shallow", [1, m, 1])):
            errors = [mean_abs_error(layers_of(fit_network(arch, tent, steps, seed + r)), tent)
                      for r in range(restarts)]
            trained[kind].append({"widths": arch, "params": n_params(arch), "best": min(errors),
                                  "median": float(np.median(errors)), "worst": max(errors)})
    deep_exact = n_params([1] + [2] * k + [1])
    fig, (left, right) = new_figure(ncols=2, width=10.0, height=3.9)
    ks = [e["k"] for e in exact]
    colour = {"deep": COLORS[0], "shallow": COLORS[1]}
    left.plot(ks, [e["deep"] for e in exact], "o-", color=colour["deep"], label="deep: k layers of 2 units")
    left.plot(ks, [e["shallow"] for e in exact], "s-", color=colour["shallow"],
              label="shallow: one layer of $2^k$ units")
    left.set_yscale("log", base=2)
    left.set_xlabel(r"k ($\Delta$ composed k times)")
    left.set_ylabel("parameters for an exact fit")
    left.set_title(r"Representing $\Delta^k$ exactly", fontsize=10)
    left.legend(fontsize=8)
    for kind, marker in (("shallow", "s"), ("deep", "o")):
        rows = trained[kind]
        right.errorbar([r["params"] for r in rows], [r["median"] for r in rows],
                       yerr=[[r["median"] - r["best"] for r in rows], [r["worst"] - r["median"] for r in rows]],
                       marker=marker, capsize=3, color=colour[kind],
                       label=f"{kind}, trained (median and range of {restarts})")
    right.plot([deep_exact], [0.0], "*", ms=14, color="black", label="deep, constructed: exact")
    right.set_xscale("log", base=2)
    right.set_ylim(-0.01, 0.3)
    right.set_xlabel("parameters")
    right.set_ylabel(rf"mean $|f(x) - \Delta^{k}(x)|$ on [0, 1]")
    right.set_title(rf"Training on $\Delta^{k}$ ({2 ** k} pieces), {steps} Adam steps", fontsize=10)
    right.legend(fontsize=8)
    first, last = trained["deep"][0], trained["deep"][-1]
    return fig, {"k": k, "pieces": 2 ** k, "exact": exact, "trained": trained, "restarts": restarts,
                 "steps": steps, "deep_exact_params": deep_exact, "max_k": max_k,
                 "max_k_deep": exact[-1]["deep"], "max_k_shallow": exact[-1]["shallow"],
                 "deep_small_params": first["params"], "deep_small_median": first["median"],
                 "largest_params": last["params"], "deep_largest_median": last["median"],
                 "shallow_largest_median": trained["shallow"][-1]["median"]}
