"""The training loss of a network is not convex: permutation symmetry, and slices of the loss surface.

Permuting the hidden units of layer i (the rows of W_i and the entries of b_i, with the matching
columns of W_{i+1}) does not change the function f at all, so every weight setting W (a minimum among
them) comes with prod_i m_i! settings that compute the same function, one per permutation of each hidden
layer: generically distinct, namely whenever no two units of a layer have the same incoming weights and
bias. If the loss were convex, it would be at most the average of its endpoints on every segment, so on
the segment between W and a permuted copy (equal loss at both ends) it would never exceed the loss of W;
but the midpoint averages unrelated units and is a different, worse network. One such segment with a bump
in the middle proves the loss is not convex. The *barrier* of a segment (``_barrier``) is its highest
loss minus the higher of its two end losses: 0 for a convex loss, whose maximum on a segment is at an end.

The same picture, measured: the loss along the line between two independently trained networks
(Goodfellow, Vinyals and Saxe 2015 drew such lines), before and after matching the second network's units
to the first's (``align_hidden``: much of that barrier is a permutation), and a 2-D slice around a trained
network along two random directions, scaled neuron by neuron to the weights' size ("filter
normalization", Li et al. 2018).
"""
from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from snippets import checks
from snippets.data import digits_split
from snippets.claims import Claim, Refutation, altered
from snippets.figures import figure
from snippets.nets import mlp
from snippets.train import cross_entropy, sgd


def _linears(model: nn.Sequential) -> list[nn.Linear]:
    checks.module("model", model)
    layers = [m for m in model if isinstance(m, nn.Linear)]
    if not layers:
        raise ValueError("the model has no nn.Linear layers")
    return layers


def permute_hidden(model: nn.Sequential, layer: int, perm: torch.Tensor) -> nn.Sequential:
    """A copy of ``model`` with the units of hidden layer ``layer`` (0 = the first) permuted by ``perm``:
    rows of W_layer and entries of b_layer, and the matching columns of W_{layer + 1}."""
    linears = _linears(model)
    checks.integers(layer=layer)
    checks.tensor("perm", perm)
    if not 0 <= layer < len(linears) - 1:
        raise ValueError(f"hidden layer must be in 0..{len(linears) - 2} for this model, got {layer}")
    width = linears[layer].out_features
    if sorted(perm.tolist()) != list(range(width)):
        raise ValueError(f"perm must be a permutation of 0..{width - 1}, got {perm.tolist()[:8]}...")
    copy = nn.Sequential(*[_clone(m) for m in model])
    into, out_of = _linears(copy)[layer], _linears(copy)[layer + 1]
    with torch.no_grad():
        into.weight.copy_(into.weight[perm])
        into.bias.copy_(into.bias[perm])
        out_of.weight.copy_(out_of.weight[:, perm])
    return copy


def _clone(module: nn.Module) -> nn.Module:
    if isinstance(module, nn.Linear):
        twin = nn.Linear(module.in_features, module.out_features, dtype=module.weight.dtype)
        twin.load_state_dict(module.state_dict())
        return twin
    return module


OUTPUT_TOLERANCE = 1e-10  # largest output difference (float64 rounding) that counts as "the same function"


def _barrier(losses) -> float:
    """The barrier of a segment, from its losses at t = 0, ..., 1: the highest loss along it minus the
    higher of the two end losses (0 when the segment nowhere rises above its ends, as for a convex loss)."""
    return max(losses) - max(losses[0], losses[-1])


def _closest_units(model: nn.Sequential) -> float:
    """The smallest Euclidean distance between the incoming weights and biases of two units of the same
    hidden layer. When it is positive, no permutation but the identity leaves the weights unchanged, so the
    prod_i m_i! permuted copies are all distinct (a layer's permutation moves its rows, which the
    permutations of the other layers only reorder within each row)."""
    distances = []
    for layer in _linears(model)[:-1]:
        rows = torch.cat([layer.weight.detach(), layer.bias.detach()[:, None]], dim=1)
        gaps = torch.cdist(rows, rows) + torch.diag(torch.full((len(rows),), math.inf, dtype=rows.dtype))
        distances.append(gaps.min().item())
    return min(distances)


def copies(model: nn.Sequential) -> int:
    """prod_i m_i!: the number of weight settings that permuting hidden units gives for one network (the
    network itself included), all distinct unless two units of a layer have the same incoming weights."""
    return math.prod(math.factorial(layer.out_features) for layer in _linears(model)[:-1])


def align_hidden(reference: nn.Sequential, model: nn.Sequential) -> nn.Sequential:
    """A copy of ``model`` with each hidden layer's units permuted to match ``reference``'s, layer by
    layer from the input: unit j of ``model`` goes to the place i that maximizes the total inner product
    of the units' incoming weights and biases (an assignment problem, solved exactly), after the layer
    below has been matched. The copy computes exactly the same function as ``model``. (This is the
    simplest form of the weight matching of Ainsworth, Hayase and Srinivasa 2023.)"""
    from scipy.optimize import linear_sum_assignment

    ref_linears, linears = _linears(reference), _linears(model)
    if [m.weight.shape for m in ref_linears] != [m.weight.shape for m in linears]:
        raise ValueError(f"the two models have different shapes: {[tuple(m.weight.shape) for m in ref_linears]} "
                         f"and {[tuple(m.weight.shape) for m in linears]}")
    aligned = model
    for layer in range(len(linears) - 1):
        ref, own = ref_linears[layer], _linears(aligned)[layer]  # the copy's layers are new objects
        with torch.no_grad():
            a = torch.cat([ref.weight, ref.bias[:, None]], dim=1)
            b = torch.cat([own.weight, own.bias[:, None]], dim=1)
            _, perm = linear_sum_assignment((a @ b.T).numpy(), maximize=True)
        aligned = permute_hidden(aligned, layer, torch.as_tensor(perm))
    return aligned


def flat(model: nn.Module) -> torch.Tensor:
    """All parameters of ``model`` as one long vector (in ``model.parameters()`` order)."""
    checks.module("model", model)
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()])


def load_flat(model: nn.Module, vector: torch.Tensor) -> nn.Module:
    """``model`` with its parameters set from one long vector (in ``model.parameters()`` order)."""
    checks.module("model", model)
    checks.tensor("vector", vector, 1)
    size = sum(p.numel() for p in model.parameters())
    if size != len(vector):
        raise ValueError(f"the vector has {len(vector)} entries but the model {size} parameters")
    with torch.no_grad():
        start = 0
        for p in model.parameters():
            p.copy_(vector[start:start + p.numel()].view_as(p))
            start += p.numel()
    return model


@torch.no_grad()
def loss_along(model: nn.Module, a: torch.Tensor, b: torch.Tensor, x: torch.Tensor, y: torch.Tensor,
               points: int = 41) -> tuple[list[float], list[float]]:
    """The training loss at (1 - t) a + t b for ``points`` values of t in [0, 1]."""
    checks.tensor("a", a, 1)
    checks.tensor("b", b, 1)
    checks.positive_int("points", points)
    checks.same_length(x=x, y=y)
    if a.shape != b.shape:
        raise ValueError(f"the two weight vectors differ in size: {a.numel()} and {b.numel()}")
    ts = torch.linspace(0, 1, points, dtype=a.dtype).tolist()
    return ts, [cross_entropy(load_flat(model, (1 - t) * a + t * b)(x), y).item() for t in ts]


def filter_normalized_direction(model: nn.Module, seed: int) -> torch.Tensor:
    """A Gaussian direction in weight space with each neuron's incoming weights (a row of a weight
    matrix, the "filter" of an MLP) rescaled to the norm of that neuron's weights in ``model``; biases
    get no component (Li et al. 2018, Section 4)."""
    checks.module("model", model)
    gen = torch.Generator().manual_seed(seed)
    parts = []
    for p in model.parameters():
        if p.ndim == 2:
            d = torch.randn(p.shape, generator=gen, dtype=p.dtype)
            parts.append((d / d.norm(dim=1, keepdim=True) * p.detach().norm(dim=1, keepdim=True)).reshape(-1))
        else:
            parts.append(torch.zeros(p.numel(), dtype=p.dtype))
    return torch.cat(parts)


@torch.no_grad()
def loss_surface(model: nn.Module, x: torch.Tensor, y: torch.Tensor, seed: int, span: float = 1.0,
                 points: int = 21) -> dict:
    """The training loss on the plane theta + alpha d1 + beta d2, alpha and beta in [-span, span]."""
    checks.module("model", model)
    checks.positive("span", span)
    checks.positive_int("points", points)
    checks.same_length(x=x, y=y)
    centre = flat(model)
    d1, d2 = filter_normalized_direction(model, seed), filter_normalized_direction(model, seed + 1)
    grid = torch.linspace(-span, span, points, dtype=centre.dtype)
    losses = [[cross_entropy(load_flat(model, centre + a * d1 + b * d2)(x), y).item() for a in grid]
              for b in grid]
    load_flat(model, centre)
    return {"grid": grid.tolist(), "loss": losses}


def trained_digits_net(widths, seed: int, steps: int, batch_size: int = 32, lr: float = 0.1):
    """An MLP trained by mini-batch SGD on the training digits (float64, so that losses along lines are
    computed without rounding trouble)."""
    widths = checks.positive_ints("widths", widths, at_least=2)
    if widths[0] != 64 or widths[-1] != 10:
        raise ValueError(f"widths must start with the 64 pixels of a digit and end with its 10 classes, got {widths}")
    checks.positive_int("steps", steps)
    split = digits_split(seed=0)
    model = mlp(widths, seed=seed, dtype=torch.float64)
    x, y = split.x_train.double(), split.y_train
    sgd(model, x, y, steps=steps, batch_size=batch_size, lr=lr, seed=seed)
    return model, x, y


# --- Figures --------------------------------------------------------------------------------------------

@figure("nonconvex-lines", seed=0, quick=dict(widths=(64, 32, 32, 10), steps=3000, points=41, pairs=5),
        full=dict(widths=(64, 64, 64, 10), steps=10000, points=101, pairs=10))
def nonconvex_lines_figure(*, seed: int, widths, steps: int, points: int, pairs: int):
    """The training loss along the segment from a trained network to a permuted copy of itself, and
    along the segment between two networks trained from different seeds, before and after matching the
    second network's units to the first's (the curves of one pair; the barriers of ``pairs`` pairs)."""
    from snippets.style import new_figure

    checks.positive_int("points", points)
    checks.positive_int("pairs", pairs)
    model, x, y = trained_digits_net(list(widths), seed, steps)
    other, _, _ = trained_digits_net(list(widths), seed + 1, steps)
    gen = torch.Generator().manual_seed(seed)
    permuted = model
    for layer in range(len(widths) - 2):
        permuted = permute_hidden(permuted, layer, torch.randperm(widths[layer + 1], generator=gen))
    with torch.no_grad():
        same = (model(x) - permuted(x)).abs().max().item()  # largest change of an output (logit), all digits
    matched = align_hidden(model, other)  # the other network, its units put in W's order
    with torch.no_grad():
        matched_change = (matched(x) - other(x)).abs().max().item()
    work = mlp(list(widths), seed=seed, dtype=torch.float64)
    ts, along_perm = loss_along(work, flat(model), flat(permuted), x, y, points)
    _, along_pair = loss_along(work, flat(model), flat(other), x, y, points)
    _, along_matched = loss_along(work, flat(model), flat(matched), x, y, points)
    fig, (ax,) = new_figure(width=6.4, height=3.6)
    ax.plot(ts, along_perm, label="W to a permuted copy of W")
    ax.plot(ts, along_pair, label="W to a network trained from another seed")
    ax.plot(ts, along_matched, ls="--", label="W to that network, its units matched to W's")
    ax.set_yscale("log")
    ax.set_xlabel("t along (1 - t) W + t W'")
    ax.set_ylabel("training loss (log scale)")
    ax.legend(fontsize=8)
    mid = points // 2
    raw, aligned = [_barrier(along_pair)], [_barrier(along_matched)]
    for k in range(2, pairs + 1):  # more networks from other seeds, each against W
        another, _, _ = trained_digits_net(list(widths), seed + k, steps)
        raw.append(_barrier(loss_along(work, flat(model), flat(another), x, y, points)[1]))
        aligned.append(_barrier(loss_along(work, flat(model), flat(align_hidden(model, another)), x, y, points)[1]))
    return fig, {"widths": list(widths), "steps": steps, "copies": str(copies(model)),
                 "copies_log10": math.log10(copies(model)), "closest_units": _closest_units(model),
                 "copies_distinct": _closest_units(model) > 0, "output_tolerance": OUTPUT_TOLERANCE,
                 "output_tolerance_log10": round(math.log10(OUTPUT_TOLERANCE)),
                 "max_output_change": same,
                 "loss_at_w": along_perm[0], "loss_at_permuted": along_perm[-1], "loss_at_midpoint": along_perm[mid],
                 "barrier": _barrier(along_perm),
                 "convexity_gap": along_perm[mid] - (along_perm[0] + along_perm[-1]) / 2,  # <= 0 if convex
                 "pair_ends": [along_pair[0], along_pair[-1]],
                 "pair_midpoint": along_pair[mid], "pair_barrier": _barrier(along_pair),
                 "pair_peak": max(along_pair), "ts": ts, "along_permuted": along_perm, "along_pair": along_pair,
                 "matched_output_change": matched_change, "along_matched": along_matched,
                 "matched_midpoint": along_matched[mid], "matched_peak": max(along_matched),
                 "matched_barrier": _barrier(along_matched),
                 "pairs": pairs, "pair_barriers": raw, "matched_barriers": aligned,
                 "pair_barrier_median": float(np.median(raw)), "matched_barrier_median": float(np.median(aligned)),
                 "matched_fraction_max": max(a / r for a, r in zip(aligned, raw)),
                 "matched_fraction_min": min(a / r for a, r in zip(aligned, raw))}


@figure("loss-surface", seed=0, quick=dict(widths=(64, 32, 32, 10), steps=3000, span=1.0, points=25),
        full=dict(widths=(64, 64, 64, 10), steps=10000, span=1.0, points=51))
def loss_surface_figure(*, seed: int, widths, steps: int, span: float, points: int):
    """Contours of the training loss on a 2-D slice through a trained network, along two random
    filter-normalized directions (Li et al. 2018)."""
    from snippets.style import new_figure

    checks.positive("span", span)
    checks.positive_int("points", points)
    model, x, y = trained_digits_net(list(widths), seed, steps)
    s = loss_surface(model, x, y, seed=seed + 7, span=span, points=points)
    fig, (ax,) = new_figure(width=5.2, height=4.4)
    logs = torch.tensor(s["loss"]).log10()
    grid = s["grid"]
    contours = ax.contourf(grid, grid, logs.numpy(), levels=20, cmap="viridis")
    ax.contour(grid, grid, logs.numpy(), levels=10, colors="white", linewidths=0.5)
    fig.colorbar(contours, ax=ax, label="log10 training loss")
    ax.plot([0], [0], "w*", ms=10)
    ax.grid(False)
    ax.set_xlabel("α (direction 1)")
    ax.set_ylabel("β (direction 2)")
    losses = torch.tensor(s["loss"])
    centre = losses[points // 2, points // 2].item()
    lowest = int(losses.argmin())  # the slice's lowest point (rows are beta): the trained network need not be it
    return fig, {"widths": list(widths), "span": span, "points": points, "centre_loss": centre,
                 "min_loss": losses.min().item(), "min_alpha": float(grid[lowest % points]),
                 "min_beta": float(grid[lowest // points]),
                 "max_loss": losses.max().item(), "corner_mean": losses[[0, 0, -1, -1], [0, -1, 0, -1]].mean().item(),
                 "centre_is_min": bool(centre <= losses.min().item() + 1e-12)}


# --- Claims: what the pages state about the figures above, and the checks that decide it ------


def _nonconvex_check(r: dict) -> bool:
    return (abs(r["loss_at_w"] - r["loss_at_permuted"]) <= 1e-12 * r["loss_at_w"] and r["convexity_gap"] > 0
            and r["barrier"] > 0 and r["max_output_change"] <= r["output_tolerance"])


def _nonconvex_world_1(r: dict) -> dict:
    return altered({"convexity_gap": 0.0, "barrier": 0.0})(r)


def _nonconvex_world_2(r: dict) -> dict:
    return altered({"max_output_change": 1e-3})(r)


CLAIMS = (
    Claim("nonconvex", "the optimization is non-convex", "The lecture, “First key challenge”", "",
          "the loss of a deep network, as a function of its weights, is non-convex.",
          "nonconvex-lines",
          "a trained MLP and its permuted copy compute the same function (outputs within "
          "\\(10^{ {{ nonconvex-lines.output_tolerance_log10 }} }\\) of each other, loss {{ nonconvex-lines.loss_at_w:.4f }} "
          "at both ends), yet the loss at their midpoint is {{ nonconvex-lines.loss_at_midpoint:.4f }}: above the "
          "average of the ends by {{ nonconvex-lines.convexity_gap:.4f }}.",
          _nonconvex_check,
          threshold="the loss at the midpoint exceeds the average of the losses at the ends, which a convex "
          "function never allows (threshold 0); a network whose hidden units were interchangeable, or a convex "
          "loss, would give a gap of at most 0; and the two ends compute the same function, their outputs on every "
          "training digit within \\(10^{ {{ nonconvex-lines.output_tolerance_log10 }} }\\) (float64 rounding). One trained "
          "network is enough: non-convexity is an existence "
          "statement, and one witness proves it.",
          refutations=(
              Refutation("the loss along the line is convex: the midpoint is no higher than the ends",
                         _nonconvex_world_1),
              Refutation("the permuted network is not the same function (its outputs differ by 0.001)",
                         _nonconvex_world_2),
          ),
          page="nonconvexity"),
)
