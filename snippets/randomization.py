"""Randomization tests (Zhang, Bengio, Hardt, Recht and Vinyals, ICLR 2017): fit data that has no signal.

The experiment keeps the network, the optimizer and its settings fixed and changes only the data:

- ``true labels``: the digits as they are;
- ``corrupted labels``: independently with probability p, a label is replaced by a uniformly random
  class (which may, with probability 1/10, be the true one: as in the authors' code);
- ``random labels``: p = 1, every label random, drawn once and kept fixed;
- ``shuffled pixels``: one random permutation of the 64 pixels, the same for every image (train and test);
- ``random pixels``: a different random permutation for each image;
- ``gaussian``: every image replaced by Gaussian noise with the data's per-pixel mean and variance.

If the network fits all of them, then its capacity alone cannot explain why it generalizes on the real
labels: the same class, optimizer and settings also memorize labels that carry no information.
"""
from __future__ import annotations

import math
import statistics
from fractions import Fraction

import torch
import torch.nn.functional as F
from torch import nn

from snippets import checks
from snippets.data import Split, digits_split
from snippets.claims import CONSTRUCTION, Claim, Refutation, altered
from snippets.figures import figure
from snippets.nets import mlp

VARIANTS = ("true labels", "random labels", "shuffled pixels", "random pixels", "gaussian")
CLASSES = 10


def corrupt_labels(y: torch.Tensor, p: float, seed: int, classes: int = CLASSES) -> torch.Tensor:
    """Each label, independently with probability ``p``, replaced by a uniformly random class."""
    checks.in_range("corruption probability p", p, 0, 1)
    checks.positive_int("classes", classes)
    if checks.tensor("y", y).ndim != 1 or y.dtype != torch.long:
        raise ValueError(f"labels must be a 1-D tensor of class indices, got shape {tuple(y.shape)}, {y.dtype}")
    gen = torch.Generator().manual_seed(seed)
    replace = torch.rand(len(y), generator=gen) < p
    return torch.where(replace, torch.randint(classes, (len(y),), generator=gen), y)


def randomized(split: Split, variant: str, seed: int, p: float = 1.0) -> Split:
    """The split with one of the randomizations applied; test labels stay true, so test accuracy says
    how much of the real task the network learned. ``p`` is used by ``"corrupted labels"`` only."""
    checks.instance("split", split, Split)
    gen = torch.Generator().manual_seed(seed)
    x_tr, y_tr, x_te, y_te = split.x_train, split.y_train, split.x_test, split.y_test
    if variant == "true labels":
        return split
    if variant in ("random labels", "corrupted labels"):
        return Split(x_tr, corrupt_labels(y_tr, 1.0 if variant == "random labels" else p, seed), x_te, y_te)
    if variant == "shuffled pixels":
        perm = torch.randperm(x_tr.shape[1], generator=gen)
        return Split(x_tr[:, perm], y_tr, x_te[:, perm], y_te)
    if variant == "random pixels":
        return Split(_permute_each(x_tr, gen), y_tr, _permute_each(x_te, gen), y_te)
    if variant == "gaussian":
        mean, std = x_tr.mean(dim=0), x_tr.std(dim=0)
        noise = lambda n: mean + std * torch.randn(n, x_tr.shape[1], generator=gen)  # noqa: E731
        return Split(noise(len(x_tr)), y_tr, noise(len(x_te)), y_te)
    raise ValueError(f"unknown variant {variant!r}; known: {', '.join(VARIANTS + ('corrupted labels',))}")


def _permute_each(x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    """Every row with its own random permutation of the columns."""
    order = torch.rand(x.shape, generator=gen).argsort(dim=1)
    return torch.gather(x, 1, order)


def shift_digits(x: torch.Tensor, gen: torch.Generator, max_shift: int = 1) -> torch.Tensor:
    """Data augmentation: each 8 x 8 image moved by up to ``max_shift`` pixels in each direction
    (zeros come in at the edges), a fresh random shift every time it is drawn."""
    checks.matrix("x", x, cols=64)
    checks.instance("gen", gen, torch.Generator)
    checks.nonnegative_int("max_shift", max_shift)
    b = len(x)
    pad = max_shift
    images = F.pad(x.view(b, 8, 8), (pad, pad, pad, pad))
    dy, dx = (torch.randint(2 * pad + 1, (b,), generator=gen) for _ in range(2))
    rows = (dy[:, None] + torch.arange(8))[:, :, None]
    cols = (dx[:, None] + torch.arange(8))[:, None, :]
    return images[torch.arange(b)[:, None, None], rows, cols].reshape(b, 64)


def network(hidden: int, depth: int, seed: int, dropout: float = 0.0, classes: int = CLASSES) -> nn.Sequential:
    """The paper's MLP baselines at digit size: ``depth`` hidden layers of ``hidden`` ReLU units,
    optionally with dropout after every hidden layer."""
    checks.positive_int("hidden", hidden)
    checks.nonnegative_int("depth", depth)
    checks.in_range("dropout rate", dropout, 0, 1, hi_open=True)
    checks.positive_int("classes", classes)
    model = mlp([64] + [hidden] * depth + [classes], seed=seed, dtype=torch.float32)
    if not dropout:
        return model
    layers = []
    for layer in model:
        layers.append(layer)
        if isinstance(layer, nn.ReLU):
            layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


def n_params(model: nn.Module) -> int:
    """Weights and biases of ``model``."""
    checks.module("model", model)
    return sum(p.numel() for p in model.parameters())


@torch.no_grad()
def _loss_and_accuracy(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    model.eval()  # no dropout when we measure
    logits = model(x)
    model.train()
    return F.cross_entropy(logits, y).item(), (logits.argmax(dim=1) == y).float().mean().item()


def fit(split: Split, *, hidden: int = 512, depth: int = 1, steps: int, batch_size: int = 256, lr: float = 5e-3,
        seed: int = 0, weight_decay: float = 0.0, dropout: float = 0.0, shift: int = 0,
        check_every: int = 20, stop_at_fit: bool = True, classes: int = CLASSES, decoupled: bool = False) -> dict:
    """Train on ``split.x_train, split.y_train`` with Adam on random mini-batches (slices of the tensors
    in memory) until every training example is classified correctly or ``steps`` run out.

    Returns the training loss and accuracy every ``check_every`` steps, the first step with 100%
    training accuracy (``None`` if never), and the final training and test accuracy."""
    checks.instance("split", split, Split)
    checks.integers(steps=steps, batch_size=batch_size, check_every=check_every)
    if steps < 1 or batch_size < 1 or check_every < 1 or not lr > 0:
        raise ValueError(f"need steps, batch_size, check_every >= 1 and lr > 0, "
                         f"got {steps}, {batch_size}, {check_every}, {lr}")
    if weight_decay < 0 or shift < 0:
        raise ValueError(f"weight_decay and shift must be >= 0, got {weight_decay}, {shift}")
    x, y = split.x_train, split.y_train
    if x.ndim != 2 or x.shape[1] != 64 or len(x) != len(y):
        raise ValueError(f"need 64-pixel training images and one label each, got {tuple(x.shape)} "
                         f"and {tuple(y.shape)}")
    if y.min() < 0 or y.max() >= classes:
        raise ValueError(f"labels must be classes 0..{classes - 1}, got {int(y.min())}..{int(y.max())}")
    model = network(hidden, depth, seed, dropout, classes)
    torch.manual_seed(seed)  # dropout masks
    gen = torch.Generator().manual_seed(seed)
    # Adam's weight_decay is an L2 penalty (weight_decay / 2) * |W|^2 added to the loss, which Adam's
    # per-weight scaling weakens; decoupled (AdamW) shrinks every weight by lr * weight_decay per step
    # instead (Loshchilov and Hutter). Fused: faster on CPU.
    optimizer = torch.optim.AdamW if decoupled else torch.optim.Adam
    opt = optimizer(model.parameters(), lr=lr, weight_decay=weight_decay, fused=True)
    history = {"step": [0], "loss": [], "acc": []}
    for key, value in zip(("loss", "acc"), _loss_and_accuracy(model, x, y)):
        history[key].append(value)
    fitted_at = None
    for step in range(1, steps + 1):
        batch = torch.randint(len(y), (batch_size,), generator=gen)
        xb = shift_digits(x[batch], gen, shift) if shift else x[batch]
        loss = F.cross_entropy(model(xb), y[batch])  # = train.cross_entropy, fused: about 15% faster here
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % check_every == 0 or step == steps:
            train_loss, train_acc = _loss_and_accuracy(model, x, y)
            history["step"].append(step)
            history["loss"].append(train_loss)
            history["acc"].append(train_acc)
            if train_acc == 1.0 and fitted_at is None:
                fitted_at = step
                if stop_at_fit:
                    break
    return {"history": history, "steps_to_fit": fitted_at, "train_acc": history["acc"][-1],
            "test_acc": _loss_and_accuracy(model, split.x_test, split.y_test)[1], "n_params": n_params(model),
            "model": model}


def mean_and_sd(values) -> tuple[float, float]:
    """The mean and the sample standard deviation (0 for a single value)."""
    values = [float(v) for v in checks.numbers("values", values)]
    mean = sum(values) / len(values)
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1)) if len(values) > 1 else 0.0
    return mean, sd


def _steps_to_fit(runs) -> list:
    """Steps to 100% training accuracy of each run; a run that never got there counts as its budget,
    which under-states the time, so callers report how many did not fit."""
    return [r["steps_to_fit"] or r["history"]["step"][-1] for r in runs]


# --- Finite-sample expressivity (Zhang et al., Theorem 1) --------------------------------------------

def interpolating_network(x: torch.Tensor, y: torch.Tensor, seed: int = 0, tries: int = 16) -> dict:
    """The depth-2 ReLU network of Theorem 1 that takes any values ``y`` on ``n`` distinct points ``x``
    in R^d:  c(x) = sum_j w_j max(<a, x> - b_j, 0), with 2n + d weights (a in R^d; b, w in R^n).

    Project the points on a direction a with distinct projections z_i (a random one will do), sort
    them, put one threshold b_j just below each z_j, so that b_1 < z_1 < b_2 < z_2 < ... ; then the
    n x n matrix A_ij = max(z_i - b_j, 0) is lower triangular with a positive diagonal, and w = A^{-1} y.
    The proof needs only distinct z_i. In floating point the weights are huge (about 1 / the smallest
    gap) and c(x_i) is a sum of large terms that cancel. Of ``tries`` random directions we keep the one
    whose projections are best separated (the largest smallest gap, relative to their range), the one
    that conditions A best; the error is not looked at. ``max_error`` is the float64 residual of the kept
    network on the points, ``tried_errors`` that of every direction tried."""
    checks.tensor("x", x)
    checks.tensor("y", y)
    checks.integers(tries=tries)
    if x.ndim != 2 or y.shape != (len(x),) or len(x) < 2:
        raise ValueError(f"need points of shape (n, d), n >= 2, and n values, got {tuple(x.shape)} "
                         f"and {tuple(y.shape)}")
    if tries < 1:
        raise ValueError(f"tries must be >= 1, got {tries}")
    x, y = x.double(), y.double()
    gen = torch.Generator().manual_seed(seed)
    best, tried = None, []
    for _ in range(tries):
        net = _network_along(x, y, torch.randn(x.shape[1], generator=gen, dtype=torch.float64))
        if net is not None:
            tried.append(net["max_error"])
            if best is None or net["separation"] > best["separation"]:
                best = net
    if best is None:
        raise ValueError("two points have the same projection on every direction tried (duplicate points?): "
                         "no network of this form can give them different values")
    best["condition"] = torch.linalg.cond(best.pop("A")).item()  # of the one we keep: an SVD is not cheap
    best["tried_errors"] = tried
    return best


def _network_along(x: torch.Tensor, y: torch.Tensor, a: torch.Tensor) -> dict | None:
    """Theorem 1's network for the direction ``a``, or None if two projections coincide."""
    z = x @ a
    order = z.argsort()
    z_sorted = z[order]
    gaps = z_sorted.diff()
    if gaps.min() <= 0:
        return None
    b = z_sorted - torch.cat([gaps[:1], gaps]) / 2  # halfway between neighbours
    A = torch.relu(z_sorted[:, None] - b[None, :])
    w = torch.linalg.solve_triangular(A, y[order][:, None], upper=False).flatten()
    return {"a": a, "b": b, "w": w, "n_weights": a.numel() + b.numel() + w.numel(),
            "max_error": (A @ w - y[order]).abs().max().item(), "min_gap": gaps.min().item(),
            "separation": (gaps.min() / (z_sorted[-1] - z_sorted[0])).item(), "A": A}


def _dyadic(values) -> tuple[list[int], int]:
    """Floats as integers over one common denominator (a power of 2): exactly ``values``."""
    ratios = [float(v).as_integer_ratio() for v in values]
    common = max(q for _, q in ratios)
    return [p * (common // q) for p, q in ratios], common


def _exact_check(net: dict, x: torch.Tensor, y: torch.Tensor) -> dict:
    """Theorem 1's network with the float64 weights it was given, checked in exact rational arithmetic
    (every float is a fraction with a power of 2 below): ``interleaved``, whether b_1 < z_1 < b_2 < ...
    < b_n < z_n holds exactly for the sorted exact projections z_i = <a, x_i>, the hypothesis that makes
    A triangular with a positive diagonal, so that an exact w exists; and ``max_error``, the largest
    |c(x_i) - y_i| of these weights evaluated without rounding, as a float."""
    a_num, a_den = _dyadic(net["a"].tolist())
    rows = x.double().tolist()
    x_num, x_den = _dyadic(v for row in rows for v in row)
    d = len(a_num)
    z = [sum(p * q for p, q in zip(a_num, x_num[i * d:(i + 1) * d]) if q) for i in range(len(rows))]
    z_den = a_den * x_den  # z_i = z[i] / z_den exactly
    b_num, b_den = _dyadic(net["b"].tolist())
    w_num, w_den = _dyadic(net["w"].tolist())
    order = sorted(range(len(z)), key=z.__getitem__)
    interleaved = len(b_num) == len(z) and all(
        b_num[j] * z_den < z[i] * b_den and (j + 1 == len(b_num) or z[i] * b_den < b_num[j + 1] * z_den)
        for j, i in enumerate(order))
    # c(x_i) = z_i S_i - T_i, with S_i and T_i the sums of w_j and w_j b_j over the thresholds b_j < z_i
    by_threshold = sorted(range(len(b_num)), key=b_num.__getitem__)
    worst, k, s, t = Fraction(0), 0, 0, 0
    for i in order:
        while k < len(by_threshold) and b_num[by_threshold[k]] * z_den < z[i] * b_den:
            j = by_threshold[k]
            s, t, k = s + w_num[j], t + w_num[j] * b_num[j], k + 1
        value = Fraction(z[i] * s, z_den * w_den) - Fraction(t, w_den * b_den)
        worst = max(worst, abs(value - Fraction(float(y[i]))))
    return {"interleaved": interleaved, "max_error": float(worst)}


def evaluate_interpolant(net: dict, x: torch.Tensor) -> torch.Tensor:
    """c(x) = sum_j w_j max(<a, x> - b_j, 0), in float64."""
    if not isinstance(net, dict) or not {"a", "b", "w"} <= net.keys():
        raise TypeError("net must be the dict that interpolating_network returns, with weights 'a', 'b' and 'w'")
    checks.matrix("x", x, cols=len(net["a"]))
    return torch.relu((x.double() @ net["a"])[:, None] - net["b"][None, :]) @ net["w"]


# --- Figures --------------------------------------------------------------------------------------

_MLP = dict(hidden=512, depth=1, batch_size=256, lr=5e-3)


@figure("randomization-curves", seed=0, quick=dict(_MLP, seeds=5, steps=6000),
        full=dict(_MLP, seeds=5, steps=20000))
def randomization_curves_figure(*, seed: int, seeds: int, steps: int, hidden: int, depth: int,
                                batch_size: int, lr: float):
    """Training loss against steps for true labels, random labels, shuffled and random pixels and
    Gaussian inputs (the paper's Figure 1a), each from several seeds, until 100% training accuracy."""
    from snippets.style import new_figure

    checks.counts(seeds=seeds, steps=steps)
    split = digits_split(seed=seed)
    fig, (ax,) = new_figure(width=6.4, height=3.8)
    results = {}
    for colour, variant in enumerate(VARIANTS):
        runs = [fit(randomized(split, variant, seed=seed + 100 + s), hidden=hidden, depth=depth, steps=steps,
                    batch_size=batch_size, lr=lr, seed=seed + s) for s in range(seeds)]
        for i, run in enumerate(runs):
            h = run["history"]
            ax.plot(h["step"], h["loss"], color=f"C{colour}", lw=1.2, alpha=0.8, label=variant if i == 0 else None)
        fit_steps = _steps_to_fit(runs)
        mean, sd = mean_and_sd(fit_steps)
        key = variant.replace(" ", "_")
        results[key] = {"steps_to_fit_mean": mean, "steps_to_fit_sd": sd, "steps_to_fit": fit_steps,
                        "fitted": sum(r["steps_to_fit"] is not None for r in runs),
                        "train_acc": min(r["train_acc"] for r in runs),
                        "test_acc_mean": mean_and_sd([r["test_acc"] for r in runs])[0],
                        "test_acc": [r["test_acc"] for r in runs],
                        "test_acc_range": max(r["test_acc"] for r in runs) - min(r["test_acc"] for r in runs)}
    ax.set_yscale("log")
    ax.set_xlabel("Adam step (batches of %d)" % batch_size)
    ax.set_ylabel("training loss (cross-entropy)")
    ax.legend(title=f"{seeds} seeds each")
    base = results["true_labels"]["steps_to_fit_mean"]
    for key in results:
        results[key]["relative_time"] = results[key]["steps_to_fit_mean"] / base
    model = network(hidden, depth, seed)
    return fig, dict(results, seeds=seeds, steps=steps, hidden=hidden, depth=depth, batch_size=batch_size,
                     lr=lr, n_train=len(split.y_train), n_params=n_params(model),
                     all_fitted=all(r["fitted"] == seeds for r in results.values()))


@figure("label-corruption", seed=0,
        quick=dict(_MLP, seeds=5, steps=6000, levels=11, subsets=(100, 200, 400, 800), subset_check_every=5),
        full=dict(_MLP, seeds=5, steps=20000, levels=11, subsets=(100, 200, 400, 800), subset_check_every=5))
def label_corruption_figure(*, seed: int, seeds: int, steps: int, levels: int, subsets, subset_check_every: int,
                            hidden: int, depth: int, batch_size: int, lr: float):
    """Steps to fit (relative to true labels) and test error against the label corruption level p
    (the paper's Figures 1b and 1c), mean and standard deviation over seeds; and the slowdown of random
    labels against the number n of training digits (the first n; all of them from the p = 0 and p = 1
    runs), median and range over seeds of each seed's ratio."""
    from snippets.style import new_figure

    checks.counts(seeds=seeds, steps=steps)
    checks.int_at_least("levels", levels, 2)  # p = 0 and p = 1 at least
    split = digits_split(seed=seed)
    n_train = len(split.y_train)
    subsets = checks.positive_ints("subsets", subsets)
    if subsets != sorted(set(subsets)) or subsets[-1] >= n_train:
        raise ValueError(f"subsets must increase and stay below the {n_train} training digits, got {subsets}")
    checks.positive_int("subset_check_every", subset_check_every)
    ps = [round(i / (levels - 1), 4) for i in range(levels)]
    steps_mean, steps_sd, err_mean, err_sd, train_acc, fitted, changed, each = [], [], [], [], [], [], [], []
    for p in ps:
        noisy = [randomized(split, "corrupted labels", seed=seed + 100 + s, p=p) for s in range(seeds)]
        runs = [fit(data, hidden=hidden, depth=depth, steps=steps, batch_size=batch_size, lr=lr, seed=seed + s)
                for s, data in enumerate(noisy)]
        each.append(_steps_to_fit(runs))
        m, s_ = mean_and_sd(each[-1])
        steps_mean.append(m)
        steps_sd.append(s_)
        m, s_ = mean_and_sd([1 - r["test_acc"] for r in runs])
        err_mean.append(m)
        err_sd.append(s_)
        train_acc.append(min(r["train_acc"] for r in runs))
        fitted.append(sum(r["steps_to_fit"] is not None for r in runs))
        changed.append(mean_and_sd([(d.y_train != split.y_train).sum().item() for d in noisy])[0])
    relative = [m / steps_mean[0] for m in steps_mean]
    relative_sd = [s / steps_mean[0] for s in steps_sd]
    # The slowdown against n: the first n training digits, true and random labels, seed by seed; the
    # training accuracy checked every subset_check_every steps, which resolves the few steps small n take.
    by_n = {"n": [], "true_steps": [], "random_steps": [], "ratio": [], "passes": [], "true_passes": [],
            "fitted": []}
    for n in subsets:
        true_runs, random_runs = [], []
        for s in range(seeds):
            random_y = corrupt_labels(split.y_train, 1.0, seed + 100 + s)  # p = 1's labels for this seed
            for labels, runs in ((split.y_train, true_runs), (random_y, random_runs)):
                runs.append(fit(Split(split.x_train[:n], labels[:n], split.x_test, split.y_test), hidden=hidden,
                                depth=depth, steps=steps, batch_size=batch_size, lr=lr, seed=seed + s,
                                check_every=subset_check_every))
        by_n["fitted"].append(sum(r["steps_to_fit"] is not None for r in true_runs + random_runs))
        by_n["n"].append(n)
        for key, runs in (("true_steps", true_runs), ("random_steps", random_runs)):
            by_n[key].append(_steps_to_fit(runs))
    by_n["fitted"].append(fitted[0] + fitted[-1])  # all the digits: the p = 0 and p = 1 runs above
    by_n["n"].append(n_train)
    by_n["true_steps"].append(each[0])
    by_n["random_steps"].append(each[-1])
    for n, true_steps, random_steps in zip(by_n["n"], by_n["true_steps"], by_n["random_steps"]):
        by_n["ratio"].append(_spread([r / t for r, t in zip(random_steps, true_steps)]))
        by_n["passes"].append(_spread([r * batch_size / n for r in random_steps]))  # passes over the data
        by_n["true_passes"].append(_spread([t * batch_size / n for t in true_steps]))
    ratio = [r["median"] for r in by_n["ratio"]]
    fig, (left, right, third) = new_figure(ncols=3, width=11.2, height=3.5)
    left.errorbar(ps, relative, yerr=relative_sd, marker="o", capsize=3)
    left.set_xlabel("label corruption p")
    left.set_ylabel("steps to fit / steps on true labels")
    left.set_ylim(bottom=0)
    right.errorbar(ps, [100 * e for e in err_mean], yerr=[100 * s for s in err_sd], marker="o", capsize=3,
                   label="trained network")
    right.axhline(90, color="C1", ls="--", lw=1, label="chance (90%)")
    right.set_xlabel("label corruption p")
    right.set_ylabel("test error (%)")
    right.set_ylim(0, 100)
    right.legend(loc="upper left")
    third.errorbar(by_n["n"], ratio, yerr=[[m - r["low"] for m, r in zip(ratio, by_n["ratio"])],
                                           [r["high"] - m for m, r in zip(ratio, by_n["ratio"])]],
                   marker="o", capsize=3, color="C2")
    third.set_xscale("log")
    third.set_xticks(by_n["n"], [str(n) for n in by_n["n"]])
    third.minorticks_off()
    third.set_xlabel("training digits n (random labels, p = 1)")
    third.set_ylabel("steps to fit / steps on true labels")
    third.set_ylim(bottom=0)
    worst = max(range(levels), key=lambda i: relative[i])
    return fig, {"p": ps, "relative_time": relative, "relative_time_sd": relative_sd, "steps_mean": steps_mean,
                 "test_error": err_mean, "test_error_sd": err_sd, "train_acc": train_acc, "fitted": fitted,
                 "seeds": seeds, "steps": steps, "min_train_acc": min(train_acc),
                 "all_fitted": all(f == seeds for f in fitted), "random_relative": relative[-1],
                 "slowest_p": ps[worst], "slowest_relative": relative[worst],
                 "plateau_low": min(relative[2:], default=None), "plateau_high": max(relative[2:], default=None),  # p >= 0.2
                 "plateau_sd_low": min(relative_sd[2:], default=None),
                 "plateau_sd_high": max(relative_sd[2:], default=None),
                 "true_test_error": err_mean[0], "random_test_error": err_mean[-1],
                 "n_train": n_train, "changed": changed, "each_steps": each,
                 # how much of p = 1's extra steps the first level already costs
                 "first_level_share": (relative[1] - 1) / (relative[-1] - 1) if relative[-1] != 1 else None,
                 "by_n": by_n, "by_n_all_fitted": all(f == 2 * seeds for f in by_n["fitted"]),
                 "subset_check_every": subset_check_every,
                 "ratio_smallest_n": by_n["ratio"][0], "ratio_largest_subset": by_n["ratio"][-2],
                 "ratio_all": by_n["ratio"][-1],
                 "ratio_highest_low": max(r["low"] for r in by_n["ratio"]),
                 "ratio_lowest_high": min(r["high"] for r in by_n["ratio"])}


REGULARIZERS = {  # name -> keyword arguments of ``fit``
    "none": {},
    "weight decay": {"weight_decay": 5e-4},
    "dropout": {"dropout": 0.5},
    "shifts": {"shift": 1},
    "all three": {"weight_decay": 5e-4, "dropout": 0.5, "shift": 1},
}


@figure("regularizers", seed=0,
        quick=dict(_MLP, steps=3000, seeds=1, regularizers=("none", "weight decay", "dropout", "shifts"),
                   deep_regularizers=("none", "weight decay"), decay_seeds=5),
        full=dict(_MLP, steps=20000, seeds=3, regularizers=tuple(REGULARIZERS), deep_regularizers=tuple(REGULARIZERS),
                  decay_seeds=10))
def regularizers_figure(*, seed: int, steps: int, seeds: int, regularizers, deep_regularizers, hidden: int,
                        depth: int, batch_size: int, lr: float, decay_seeds: int):
    """Training and test accuracy with explicit regularizers on and off, on true and on random labels,
    for MLPs with one and three hidden layers (our counterpart of the paper's Table 1)."""
    from snippets.style import new_figure

    for name in (*regularizers, *deep_regularizers):
        checks.one_of("regularizer", name, REGULARIZERS)
    checks.counts(seeds=seeds, steps=steps, decay_seeds=decay_seeds)
    split = digits_split(seed=seed)
    done = {}

    def run(arch_depth: int, labels: str, name: str, s: int) -> dict:
        # each run once: the claim's weight-decay runs on random labels are also the table's rows
        key = (arch_depth, labels, name, s)
        if key not in done:
            done[key] = fit(randomized(split, labels, seed=seed + 100 + s), hidden=hidden, depth=arch_depth,
                            steps=steps, batch_size=batch_size, lr=lr, seed=seed + s, **REGULARIZERS[name])
        return done[key]

    rows = []
    # The claim (random labels are still fit with weight decay on) from decay_seeds seeds per depth:
    # its check reads the worst of them.
    decay = {}
    for arch_depth in (depth, 3):
        runs = [run(arch_depth, "random labels", "weight decay", s) for s in range(decay_seeds)]
        decay[f"d{arch_depth}"] = {"train_acc": [r["train_acc"] for r in runs],
                                   "test_acc": [r["test_acc"] for r in runs],
                                   "train_acc_min": min(r["train_acc"] for r in runs),
                                   "test_acc_max": max(r["test_acc"] for r in runs)}
    for arch_depth, names in ((depth, tuple(regularizers)), (3, tuple(deep_regularizers))):
        for labels in ("true labels", "random labels"):
            for name in names:
                runs = [run(arch_depth, labels, name, s) for s in range(seeds)]
                rows.append({"model": f"MLP {arch_depth}x{hidden}", "labels": labels, "regularizer": name,
                             "n_params": runs[0]["n_params"],
                             "train_acc": mean_and_sd([r["train_acc"] for r in runs])[0],
                             "test_acc": mean_and_sd([r["test_acc"] for r in runs])[0],
                             "steps_to_fit": [r["steps_to_fit"] for r in runs]})
    fig, axes = new_figure(ncols=2, width=9.6, height=0.32 * len(rows) + 1.2)
    labels = [f"{r['model']}, {r['regularizer']}" for r in rows if r["labels"] == "true labels"]
    for ax, kind in zip(axes, ("true labels", "random labels")):
        part = [r for r in rows if r["labels"] == kind]
        ys = list(range(len(part)))[::-1]
        ax.barh([y + 0.2 for y in ys], [100 * r["train_acc"] for r in part], height=0.4, label="training")
        ax.barh([y - 0.2 for y in ys], [100 * r["test_acc"] for r in part], height=0.4, label="test")
        ax.set_yticks(ys, labels if kind == "true labels" else [""] * len(ys))
        ax.set_xlim(0, 100)
        ax.set_xlabel("accuracy (%)")
        ax.set_title(kind)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="outside upper center", ncols=2)
    table = {f"d{r['model'][4]}_{r['labels'].split()[0]}_{r['regularizer'].replace(' ', '_')}": r for r in rows}
    random_rows = [r for r in rows if r["labels"] == "random labels"]
    # how far a regularizer moves the test accuracy on the true labels, against the same depth without one
    changes = [abs(r["test_acc"] - table[f"d{r['model'][4]}_true_none"]["test_acc"]) for r in rows
               if r["labels"] == "true labels" and r["regularizer"] != "none"
               and f"d{r['model'][4]}_true_none" in table]
    return fig, {"rows": table, "steps": steps, "seeds": seeds, "batch_size": batch_size, "lr": lr,
                 "decay_seeds": decay_seeds, "weight_decay_random": decay,
                 "weight_decay": REGULARIZERS["weight decay"]["weight_decay"],
                 "dropout": REGULARIZERS["dropout"]["dropout"], "shift": REGULARIZERS["shifts"]["shift"],
                 "random_unregularized_min_train": min(r["train_acc"] for r in random_rows
                                                       if r["regularizer"] == "none"),
                 "true_min_test": min(r["test_acc"] for r in rows if r["labels"] == "true labels"),
                 "true_test_change_max": max(changes, default=0.0),
                 "random_max_test": max(r["test_acc"] for r in random_rows)}


def _spread(values) -> dict:
    """The median, the smallest and the largest of ``values``, and the values themselves."""
    values = [float(v) for v in checks.numbers("values", values)]
    return {"median": statistics.median(values), "low": min(values), "high": max(values), "each": values}


def _first_from(rows, holds) -> float | None:
    """The smallest strength from which on ``holds(row)`` is true at every strength of ``rows``
    (in increasing strength), or None if it fails at the last."""
    found = None
    for row in reversed(rows):
        if not holds(row):
            break
        found = row["strength"]
    return found


def _last_up_to(rows, holds) -> float | None:
    """The largest strength up to which ``holds(row)`` is true at every strength, or None if it fails at
    the first."""
    found = None
    for row in rows:
        if not holds(row):
            break
        found = row["strength"]
    return found


@figure("weight-decay-sweep", seed=0,
        quick=dict(_MLP, steps=2000, strengths=(0.0, 0.1, 0.3, 1.0, 3.0, 10.0),
                   random_seeds=(1, 3, 3, 1, 1, 1), true_seeds=(1, 1, 1, 3, 3, 1)),
        full=dict(_MLP, steps=20000, strengths=(0.0, 0.03, 0.1, 0.2, 0.3, 1.0, 2.0, 3.0, 10.0, 30.0),
                  random_seeds=(5,) * 10, true_seeds=(5,) * 10))
def weight_decay_sweep_figure(*, seed: int, steps: int, strengths, random_seeds, true_seeds, hidden: int,
                              depth: int, batch_size: int, lr: float):
    """Decoupled weight decay (AdamW) of growing strength on random and on true labels: where random
    labels stop being fit within the budget, and what that strength does on the true labels. Seeds per
    strength and labels (``random_seeds``, ``true_seeds``): several where a transition lies, one elsewhere;
    each point is the median over its seeds, with their range."""
    from snippets.style import new_figure

    strengths = checks.nonnegatives("strengths", strengths)
    if strengths != sorted(set(strengths)):
        raise ValueError(f"strengths must increase, got {strengths}")
    random_seeds, true_seeds = (checks.positive_ints(name, v) for name, v in
                                (("random_seeds", random_seeds), ("true_seeds", true_seeds)))
    if not len(random_seeds) == len(true_seeds) == len(strengths):
        raise ValueError(f"need one seed count per strength in random_seeds and true_seeds, got "
                         f"{len(random_seeds)} and {len(true_seeds)} for {len(strengths)} strengths")
    checks.counts(steps=steps)
    split = digits_split(seed=seed)
    rows = []
    for strength, n_random, n_true in zip(strengths, random_seeds, true_seeds):
        row = {"strength": strength}
        for labels, seeds in (("random labels", n_random), ("true labels", n_true)):
            runs = [fit(randomized(split, labels, seed=seed + 100 + s), hidden=hidden, depth=depth, steps=steps,
                        batch_size=batch_size, lr=lr, seed=seed + s, weight_decay=strength, decoupled=True)
                    for s in range(seeds)]
            key = labels.split()[0]
            row[key] = {"seeds": seeds, "train": _spread([r["train_acc"] for r in runs]),
                        "test": _spread([r["test_acc"] for r in runs]),
                        "fitted": sum(r["steps_to_fit"] is not None for r in runs)}
        rows.append(row)
    fig, (ax, zoom) = new_figure(ncols=2, width=9.6, height=3.6)
    where = list(range(len(strengths)))
    series = ((("random", "train"), "o", "-", "random labels, training"),
              (("true", "train"), "s", "-", "true labels, training"),
              (("true", "test"), "^", "--", "true labels, test"))
    for i, ((key, part), marker, line, label) in enumerate(series):
        median = [100 * r[key][part]["median"] for r in rows]
        below = [m - 100 * r[key][part]["low"] for m, r in zip(median, rows)]
        above = [100 * r[key][part]["high"] - m for m, r in zip(median, rows)]
        ax.errorbar(where, median, yerr=[below, above], fmt=marker + line, capsize=3, color=f"C{i}", label=label)
        zoom.plot(where, median, line, color=f"C{i}", lw=1)
        for x, r in zip(where, rows):  # every seed, side by side
            each = r[key][part]["each"]
            offsets = [0.12 * (j - (len(each) - 1) / 2) for j in range(len(each))]
            zoom.plot([x + o for o in offsets], [100 * v for v in each], marker, color=f"C{i}", ms=4, ls="none")
    ax.axhline(10, color="gray", ls=":", lw=1, label="chance (10%)")
    for axis in (ax, zoom):
        axis.set_xticks(where, [f"{v:g}" for v in strengths])
        axis.set_xlabel("decoupled weight decay λ")
    ax.set_ylabel("accuracy (%): median, range over seeds")
    ax.set_ylim(0, 103)
    ax.legend(fontsize=8, loc="lower left")
    zoom.axhline(100, color="gray", lw=1)
    zoom.axhline(99, color="gray", ls="--", lw=1)
    zoom.set_ylim(94, 100.4)
    zoom.set_ylabel("accuracy (%), each seed")
    zoom.set_title("the top of the left panel: 100% and 99%", fontsize=9)
    fitted = {key: (lambda r, key=key: r[key]["fitted"] == r[key]["seeds"]) for key in ("random", "true")}
    unfit = {key: (lambda r, key=key: r[key]["fitted"] == 0) for key in ("random", "true")}
    by_strength = {r["strength"]: r for r in rows}
    stops = _first_from(rows, unfit["random"])
    costs = _first_from(rows, unfit["true"])
    return fig, {"rows": rows, "strengths": strengths, "steps": steps, "lr": lr,
                 "random_seeds": random_seeds, "true_seeds": true_seeds, "most_seeds": max(random_seeds + true_seeds),
                 # random labels: fit by every seed up to random_fit_up_to, by none from stops_at on
                 "random_fit_up_to": _last_up_to(rows, fitted["random"]), "stops_at": stops,
                 "random_below_99_from": _first_from(rows, lambda r: r["random"]["train"]["high"] < 0.99),
                 "there": by_strength.get(stops),
                 # true labels: fit by every seed up to true_fit_up_to, by none from costs_from on
                 "true_fit_up_to": _last_up_to(rows, fitted["true"]), "costs_from": costs,
                 "costs": by_strength.get(costs),
                 "true_test_none": rows[0]["true"]["test"]["median"], "last": rows[-1]}


@figure("finite-sample-expressivity", seed=0, quick=dict(zoom=12), full=dict(zoom=12))
def finite_sample_expressivity_figure(*, seed: int, zoom: int):
    """The Theorem 1 network that interpolates random labels on all training digits: its output along
    the projection <a, x>, and the size of its output weights (the conditioning of the construction)."""
    from snippets.style import new_figure

    checks.int_at_least("zoom", zoom, 2)
    split = digits_split(seed=seed)
    x = split.x_train
    y = torch.randint(CLASSES, (len(x),), generator=torch.Generator().manual_seed(seed + 1)).double()
    net = interpolating_network(x, y, seed=seed)
    out = evaluate_interpolant(net, x)
    n, d = x.shape
    z = (x.double() @ net["a"]).sort().values
    fig, (left, right) = new_figure(ncols=2, width=9.6, height=3.4)
    window = z[n // 2: n // 2 + zoom]
    grid = torch.linspace(window[0].item(), window[-1].item(), 400, dtype=torch.float64)
    curve = torch.relu(grid[:, None] - net["b"][None, :]) @ net["w"]
    order = (x.double() @ net["a"]).argsort()[n // 2: n // 2 + zoom]
    left.plot(grid, curve, lw=1.2, label="network c along ⟨a, x⟩")
    left.plot(window, y[order], "o", color="C1", label="random label of the digit")
    left.set_xlabel(f"projection ⟨a, x⟩ ({zoom} of the {n} training digits)")
    left.set_ylabel("value")
    left.legend(loc="upper left", fontsize=8)
    right.semilogy(range(1, n + 1), net["w"].abs().clamp_min(1e-300), lw=0.8)
    right.set_xlabel("output weight j (in order of ⟨a, x⟩)")
    right.set_ylabel("|w_j| (log scale)")
    error = (out - y).abs().max().item()
    exact = _exact_check(net, x, y)
    return fig, {"n": n, "d": d, "n_weights": net["n_weights"], "two_n_plus_d": 2 * n + d, "max_error": error,
                 "all_classified": bool((out.round() == y).all()), "condition": net["condition"],
                 "min_gap": net["min_gap"], "max_weight": net["w"].abs().max().item(),
                 "median_weight": net["w"].abs().median().item(), "tries": len(net["tried_errors"]),
                 "max_error_any_direction": max(net["tried_errors"]),
                 # the same weights, checked without rounding: the proof's hypothesis, and each label's error
                 "interleaved_exactly": exact["interleaved"], "exact_max_error": exact["max_error"],
                 "margin": 0.5 - max(exact["max_error"], error)}  # below 0.5, rounding gives the label back


@figure("rademacher", seed=0, quick=dict(_MLP, draws=8, steps=6000), full=dict(_MLP, draws=20, steps=20000))
def rademacher_figure(*, seed: int, draws: int, steps: int, hidden: int, depth: int, batch_size: int, lr: float):
    """Fitting random signs sigma_i on the training digits: the correlation (1/n) sum_i sigma_i h(x_i) of
    the trained classifier h with the signs, against steps; its value at the end bounds the empirical
    Rademacher complexity of the class from below."""
    from snippets.style import new_figure

    checks.counts(draws=draws, steps=steps)
    split = digits_split(seed=seed)
    fig, (ax,) = new_figure(width=6.4, height=3.4)
    final = []
    for i in range(draws):
        signs = torch.randint(2, (len(split.y_train),), generator=torch.Generator().manual_seed(seed + 200 + i))
        run = fit(Split(split.x_train, signs, split.x_test, split.y_test.clamp(max=1)), hidden=hidden, depth=depth,
                  steps=steps, batch_size=batch_size, lr=lr, seed=seed + i, classes=2)
        h = run["history"]
        correlation = [2 * a - 1 for a in h["acc"]]  # labels +-1 and h(x) = +-1: agree - disagree
        ax.plot(h["step"], correlation, lw=1.0, alpha=0.8, color="C0",
                label=f"{draws} draws of the signs" if i == 0 else None)
        final.append(correlation[-1])
    ax.set_xlabel("Adam step")
    ax.set_ylabel("(1/n) Σ σᵢ h(xᵢ)")
    ax.set_ylim(-0.1, 1.05)
    ax.legend(loc="lower right", fontsize=8)
    n = len(split.y_train)
    # Each draw's fitted correlation is at most that draw's supremum; their mean over the draws is an
    # estimate (a Monte Carlo average, with its spread) of a lower bound on the expectation over signs.
    estimate, sd = mean_and_sd(final)
    slack = 3 * math.sqrt(math.log(2 / 0.05) / (2 * n))
    return fig, {"draws": draws, "n": n, "final": final, "estimate": estimate, "sd": sd, "worst": min(final),
                 "best": max(final), "slack": slack, "bound_at_zero_training_error": estimate + slack}


# --- Claims: what the pages state about the figures above, and the checks that decide it ------


def _random_labels_check(r: dict) -> bool:
    return (r["seeds"] >= 5 and r["random_labels"]["train_acc"] >= 0.99
            and all(abs(a - 0.1) <= 0.05 for a in r["random_labels"]["test_acc"])
            and min(r["true_labels"]["test_acc"]) >= 0.9)


def _random_labels_world_1(r: dict) -> dict:
    return altered({"random_labels.train_acc": 0.6})(r)


def _random_labels_world_2(r: dict) -> dict:
    return altered({"random_labels.test_acc": lambda a: [0.3] + a[1:]})(r)


def _small_slowdown_check(r: dict) -> bool:
    return (r["seeds"] >= 5 and r["all_fitted"] and r["by_n_all_fitted"]
            and max(m + s for m, s in zip(r["relative_time"], r["relative_time_sd"])) < 10
            and max(ratio["high"] for ratio in r["by_n"]["ratio"]) < 10)


def _small_slowdown_world_1(r: dict) -> dict:
    return altered({"relative_time": lambda t: t[:-1] + [50.0]})(r)


def _small_slowdown_world_2(r: dict) -> dict:
    return altered({"all_fitted": False})(r)


def _small_slowdown_world_3(r: dict) -> dict:
    return altered({"by_n.ratio.4.high": 50.0})(r)


def _small_slowdown_world_4(r: dict) -> dict:
    return altered({"by_n_all_fitted": False})(r)


def _weight_decay_random_labels_check(r: dict) -> bool:
    return (r["decay_seeds"] >= 5 and min(r["weight_decay_random"][d]["train_acc_min"] for d in ("d1", "d3"))
            >= 0.99 and max(r["weight_decay_random"][d]["test_acc_max"] for d in ("d1", "d3")) <= 0.15)


def _weight_decay_random_labels_world_1(r: dict) -> dict:
    return altered({"weight_decay_random.d3.train_acc_min": 0.7})(r)


def _weight_decay_random_labels_world_2(r: dict) -> dict:
    return altered({"weight_decay_random.d1.test_acc_max": 0.5})(r)


def _finite_sample_expressivity_check(r: dict) -> bool:
    return (r["n_weights"] == 2 * r["n"] + r["d"] and r["interleaved_exactly"]
            and max(r["exact_max_error"], r["max_error"]) < 0.5)


def _finite_sample_expressivity_world_1(r: dict) -> dict:
    return altered({"interleaved_exactly": False})(r)


def _finite_sample_expressivity_world_2(r: dict) -> dict:
    return altered({"exact_max_error": 0.6})(r)


def _finite_sample_expressivity_world_3(r: dict) -> dict:
    return altered({"n_weights": lambda k: k + 1})(r)


def _rademacher_about_one_check(r: dict) -> bool:
    return r["draws"] >= 5 and r["worst"] >= 0.99


def _rademacher_about_one_world_1(r: dict) -> dict:
    return altered({"worst": 0.6})(r)


CLAIMS = (
    Claim("random-labels", "random labels are fit", "Zhang et al., Table 1 (CIFAR-10)", "zhang2017understanding",
          "MLP 1x512 on random labels: 99.34% training and 10.61% test accuracy; MLP 3x512: 100.0% and "
          "10.48%. With the true labels the same MLPs reach 50.51% and 52.39% test accuracy.",
          "randomization-curves",
          "MLP 1x512 on the digits, {{ randomization-curves.seeds }} seeds: at least "
          "{{ randomization-curves.random_labels.train_acc:.1% }} training accuracy on random labels in every "
          "seed, {{ randomization-curves.random_labels.test_acc_mean:.1% }} mean test accuracy; with the true "
          "labels {{ randomization-curves.true_labels.test_acc_mean:.1% }} mean test accuracy.",
          _random_labels_check,
          threshold="the worst seed's training accuracy on random labels is at least 99%, the paper's 99.34% "
          "for this MLP rounded down; every seed's test accuracy on random labels is within 5 points of chance "
          "(10%); every seed with true labels predicts at least 90% of the test digits.",
          refutations=(
              Refutation("random labels are fit to 60% only", _random_labels_world_1),
              Refutation("the network learns something from random labels",
                         _random_labels_world_2),
          ),
          page="rethinking-generalization"),
    Claim("small-slowdown", "optimization on random labels stays easy", "Zhang et al., Section 1.1",
          "zhang2017understanding",
          "“Even optimization on random labels remains easy. In fact, training time increases only by a small "
          "constant factor compared with training on the true labels.”",
          "label-corruption",
          "with {{ label-corruption.seeds }} seeds per level, every corruption level from 0 to 1 is fit to "
          "100% with unchanged settings; random labels take {{ label-corruption.random_relative:.1f }} times the "
          "steps of true labels, the slowest level {{ label-corruption.slowest_relative:.1f }} times. On the first "
          "\\(n\\) digits only, every run fits too, and the factor (median over seeds) is "
          "{{ label-corruption.by_n.ratio.0.median:.1f }} at \\(n = {{ label-corruption.by_n.n.0 }}\\), "
          "{{ label-corruption.by_n.ratio.2.median:.1f }} at {{ label-corruption.by_n.n.2 }} and "
          "{{ label-corruption.by_n.ratio.4.median:.1f }} at all {{ label-corruption.by_n.n.4 }}. Small: yes. "
          "Constant: not over this range; it grows beyond the seeds' spread up to a few hundred digits, then "
          "levels off. The check tests “small” only.",
          _small_slowdown_check,
          threshold="every run at every level, and at every \\(n\\), reaches 100% training accuracy; at every "
          "level the mean slowdown plus one standard deviation is below 10, and at every \\(n\\) so is the "
          "largest seed's ratio: we read “small” as less than an order of magnitude.",
          refutations=(
              Refutation("random labels take fifty times as long", _small_slowdown_world_1),
              Refutation("some runs never fit", _small_slowdown_world_2),
              Refutation("on all the digits one seed's random labels take fifty times as long",
                         _small_slowdown_world_3),
              Refutation("a run on the first n digits never fits", _small_slowdown_world_4),
          ),
          page="rethinking-generalization"),
    Claim("weight-decay-random-labels", "weak L2 weight decay does not prevent memorization",
          "Zhang et al., Section 3", "zhang2017understanding",
          "“Although not shown explicitly, on CIFAR10, both Inception and MLPs still fit perfectly the random "
          "training set with weight decay turned on.” Their weight decay is an \\(\\ell_2\\) penalty on the "
          "weights, which their Table 1 turns on or off at one strength.",
          "regularizers",
          "weight decay of the same kind, an \\(\\ell_2\\) penalty in the loss, at one weak strength: "
          "coefficient {{ regularizers.weight_decay }}, inside Adam, which weakens it further, and which "
          "leaves the true labels' test accuracy at {{ regularizers.rows.d1_true_weight_decay.test_acc:.1% }} "
          "against {{ regularizers.rows.d1_true_none.test_acc:.1% }} without it (MLP 1x512, one run each). "
          "At this strength random labels are fit to at least "
          "{{ regularizers.weight_decay_random.d1.train_acc_min:.1% }} (MLP 1x512) and "
          "{{ regularizers.weight_decay_random.d3.train_acc_min:.1% }} (MLP 3x512) training accuracy in every "
          "one of {{ regularizers.decay_seeds }} seeds. Only at this strength: decoupled weight decay from "
          "\\(\\lambda = {{ weight-decay-sweep.stops_at:g }}\\) on stops the fit within its budget (below), "
          "so this box says nothing about weight decay of every strength.",
          _weight_decay_random_labels_check,
          threshold="the worst seed of each MLP fits at least 99% of the random training labels (“fit "
          "perfectly”, less a 1% allowance), and no seed gets above 15% test accuracy (chance is 10%).",
          refutations=(
              Refutation("weight decay stops the 3-layer MLP at 70%",
                         _weight_decay_random_labels_world_1),
              Refutation("weight decay makes random labels generalize",
                         _weight_decay_random_labels_world_2),
          ),
          page="rethinking-generalization"),
    Claim("finite-sample-expressivity", "finite-sample expressivity", "Zhang et al., Theorem 1",
          "zhang2017understanding",
          "“There exists a two-layer neural network with ReLU activations and \\(2n + d\\) weights that can "
          "represent any function on a sample of size \\(n\\) in \\(d\\) dimensions.”",
          "finite-sample-expressivity",
          "the network of the proof, on \\(n = {{ finite-sample-expressivity.n }}\\) digits in \\(d = "
          "{{ finite-sample-expressivity.d }}\\) dimensions with random labels, has "
          "{{ finite-sample-expressivity.n_weights }} weights. Its direction is the best separated of "
          "{{ finite-sample-expressivity.tries }} random ones, chosen before solving for \\(w\\). In exact "
          "rational arithmetic the thresholds interleave with the projections, so \\(A\\) is triangular with a "
          "positive diagonal and an exact \\(w\\) exists. With the float64 weights, evaluated exactly, every "
          "label is within {{ finite-sample-expressivity.exact_max_error:.1e }} "
          "({{ finite-sample-expressivity.max_error:.1e }} in float64; every direction tried, at most "
          "{{ finite-sample-expressivity.max_error_any_direction:.1e }}).",
          _finite_sample_expressivity_check,
          kind=CONSTRUCTION,
          threshold="the built network has exactly \\(2n + d\\) weights; \\(b_1 < z_1 < b_2 < \\dots < b_n < z_n\\) "
          "holds in exact arithmetic (the proof's hypothesis); and, evaluated exactly and in float64, every "
          "\\(c(x_i)\\) is within 0.5 of its label, half the spacing of the integer labels, so that rounding "
          "gives every label back. The margin does not depend on the direction we kept.",
          refutations=(
              Refutation("a threshold lies above the next projection: \\(A\\) is not triangular",
                         _finite_sample_expressivity_world_1),
              Refutation("rounding loses a label", _finite_sample_expressivity_world_2),
              Refutation("the network needs one weight more than \\(2n + d\\)", _finite_sample_expressivity_world_3),
          ),
          page="rethinking-generalization"),
    Claim("rademacher-about-one", "Rademacher complexity is about 1", "Zhang et al., Section 2.2",
          "zhang2017understanding",
          "“we expect that \\(\\hat{\\mathfrak{R}}_n(\\mathcal{H}) \\approx 1\\) for the corresponding model "
          "class \\(\\mathcal{H}\\).”",
          "rademacher",
          "fitting {{ rademacher.draws }} draws of random signs with the MLP 1x512 on \\(n = {{ rademacher.n }}\\) "
          "digits: fitted correlation {{ rademacher.estimate:.3f }} on average (sd {{ rademacher.sd:.3f }}, worst "
          "draw {{ rademacher.worst:.3f }}), an estimate of a lower bound on \\(\\hat{\\mathfrak{R}}_n\\), not a bound.",
          _rademacher_about_one_check,
          threshold="every draw's fitted correlation is at least 0.99: within 1% of 1, the largest value "
          "\\(\\hat{\\mathfrak{R}}_n\\) can take for classifiers with values \\(\\pm 1\\).",
          refutations=(
              Refutation("the network fits random signs only to 80% accuracy (correlation 0.6)",
                         _rademacher_about_one_world_1),
          ),
          page="rethinking-generalization"),
)
