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


def fit_networks(widths, target, steps: int, seeds, lr: float = 1e-2, points: int = 512) -> list[Layers]:
    """``fit_network`` for several seeds at once: the networks start exactly where ``fit_network`` starts
    them, are stacked, and train by batched matrix products. Their losses add up, so each network's
    gradient is its own loss's, and Adam's update is elementwise: each run is the one ``fit_network``
    makes, up to rounding. Returns the trained layers, one list per seed."""
    widths = checks.positive_ints("widths", widths, at_least=2)
    checks.function("target", target)
    checks.integers(steps=steps, points=points)
    seeds = checks.nonnegative_ints("seeds", seeds)
    if widths[0] != 1 or widths[-1] != 1:
        raise ValueError(f"need a network with one input and one output, got widths {list(widths)}")
    if steps < 1 or points < 2:
        raise ValueError(f"need steps >= 1 and points >= 2, got {steps} and {points}")
    starts = [layers_of(mlp(widths, seed=s)) for s in seeds]
    weights = [torch.stack([net[i][0] for net in starts]).requires_grad_() for i in range(len(widths) - 1)]
    biases = [torch.stack([net[i][1] for net in starts])[:, :, None].requires_grad_()
              for i in range(len(widths) - 1)]
    x = torch.linspace(0, 1, points, dtype=torch.float64)[None, None, :].expand(len(seeds), 1, points)
    y = target(x[0, 0])

    def outputs():  # (seeds, points): h^i = sigma(W_i h^{i-1} + b_i), one batched product per layer
        h = x
        for i, (W, b) in enumerate(zip(weights, biases)):
            h = torch.baddbmm(b, W, h)
            if i < len(weights) - 1:
                h = h.clamp(min=0)
        return h[:, 0]

    opt = torch.optim.Adam(weights + biases, lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        loss = ((outputs() - y) ** 2).mean(dim=1).sum()
        loss.backward()
        opt.step()
    return [[(W[r].detach().clone(), b[r, :, 0].detach().clone()) for W, b in zip(weights, biases)]
            for r in range(len(seeds))]


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


def shallow_sawtooth_layers(k: int, m: int) -> Layers:
    """One construction of a shallow network with m < 2^k units for Delta^k: exact on the first m - 2
    pieces, a ramp to 1/2 over the next, 1/2 after. Not the best m units can do; its error is an upper
    bound on the best error of that width, to set against what training reaches."""
    checks.counts(k=k, m=m)
    if not 2 <= m < 2 ** k:
        raise ValueError(f"need 2 <= m < 2^k = {2 ** k} units (the regime where one layer cannot be exact), "
                         f"got m = {m}")
    exact_until = (m - 2) / 2 ** k
    teeth = sawtooth(k)

    def truncated(x: torch.Tensor) -> torch.Tensor:
        at_end = teeth(torch.tensor(exact_until, dtype=x.dtype))
        ramp = at_end + (0.5 - at_end) * (x - exact_until) * 2 ** k
        return torch.where(x <= exact_until, teeth(x), torch.where(x <= exact_until + 2.0 ** -k, ramp, 0.5))

    (W1, b1), (W2, b2) = interpolant_layers(truncated, 2 ** k)  # its kinks are knots: exact
    used = W2[0] != 0  # a unit whose slope change is 0 does nothing
    return [(W1[used], b1[used]), (W2[:, used], b2)]


def tent_target(k: int):
    """Delta^k as an elementwise function of a tensor, like ``smooth_target``."""
    layers = tent_layers(k)

    def tent(x: torch.Tensor) -> torch.Tensor:
        return forward(x.reshape(-1, 1), layers).reshape(x.shape)
    return tent


# --- In d dimensions: a fixed basis against units adapted to the target (Barron 1993) ----------------

def ridge_target(d: int, seed: int):
    """g(x) = sin(2 pi <u, x>) on [-1, 1]^d with a random unit vector u: a target whose Barron constant
    (the first moment of its Fourier transform, 2 pi) does not depend on d. Returns (g, u)."""
    checks.positive_int("dimension d", d)
    gen = torch.Generator().manual_seed(seed)
    u = torch.randn(d, generator=gen, dtype=torch.float64)
    u = u / u.norm()

    def ridge(x: torch.Tensor) -> torch.Tensor:
        checks.matrix("x", x, cols=d)
        return torch.sin(2 * math.pi * (x @ u))
    return ridge, u


def cube_points(n: int, d: int, seed: int) -> torch.Tensor:
    """n points drawn uniformly from the cube [-1, 1]^d."""
    checks.counts(n=n, d=d)
    gen = torch.Generator().manual_seed(seed)
    return torch.rand(n, d, generator=gen, dtype=torch.float64) * 2 - 1


def random_features_fit(x: torch.Tensor, y: torch.Tensor, units: int, seed: int) -> Layers:
    """One hidden layer of ``units`` ReLUs whose inner weights are drawn at random (unit directions, biases
    uniform on [-2, 2]) and *not* adapted to the target; only the output weights are fitted, by least
    squares on (x, y). A fixed basis: the case of Barron's lower bound."""
    checks.positive_int("units", units)
    checks.same_length(x=checks.matrix("x", x), y=checks.tensor("y", y, 1))
    if len(x) < 2 * units:
        raise ValueError(f"need at least twice as many samples as units for a least-squares fit, "
                         f"got {len(x)} samples for {units} units")
    gen = torch.Generator().manual_seed(seed)
    W = torch.randn(units, x.shape[1], generator=gen, dtype=torch.float64)
    W = W / W.norm(dim=1, keepdim=True)
    b = torch.rand(units, generator=gen, dtype=torch.float64) * 4 - 2
    features = torch.cat([torch.relu(x @ W.T + b), torch.ones(len(x), 1, dtype=torch.float64)], dim=1)
    coef = torch.linalg.lstsq(features, y[:, None], driver="gelsd").solution[:, 0]
    return [(W, b), (coef[None, :-1], coef[-1:])]


def ridge_interpolant_layers(u: torch.Tensor, profile, units: int, lo: float, hi: float) -> Layers:
    """The network with units adapted to a ridge target g(<u, x>): every unit reads the direction u, and
    along it the units are the one-dimensional interpolant of ``profile`` on [lo, hi]. Built from knowing
    u, as Barron's existence proof builds its units from the target's Fourier transform."""
    checks.tensor("u", u, 1)
    (W1, b1), second = interpolant_layers(profile, units, lo, hi)
    return [(W1 @ u[None, :], b1), second]


def relative_l2_error(layers, target, x: torch.Tensor) -> float:
    """The root mean squared error of the network on the points x, over the standard deviation of the
    target there: 1 is no better than the best constant."""
    checks.function("target", target)
    y = target(x)
    return float((forward(x, layers)[:, 0] - y).square().mean().sqrt() / y.std())


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


GOOD_ERROR = 0.125  # a run "finds" Delta^k if its mean error is half that of the best constant (1/4)


@figure("depth-separation", seed=0, quick=dict(k=6, widths=(2, 3, 4, 5), seeds=10, steps=1500, max_k=10),
        full=dict(k=6, widths=(2, 3, 4, 5), seeds=30, steps=10000, max_k=12))
def depth_separation_figure(*, seed: int, k: int, widths, seeds: int, steps: int, max_k: int):
    """Delta^k: parameters an exact deep vs shallow network needs, and what training finds instead, in the
    regime where shallow networks of the same size cannot be exact."""
    from snippets.style import COLORS, new_figure

    checks.counts(k=k, seeds=seeds, steps=steps, max_k=max_k)
    shapes = []  # (deep widths, shallow units) of about the same parameter count
    for w in checks.positive_ints("widths", widths):
        deep = [1] + [w] * k + [1]
        m = max(2, round((n_params(deep) - 1) / 3))
        if w < 2 or m >= 2 ** k - 1:
            raise ValueError(f"width {w}: need w >= 2 (so the deep net can be exact) and a shallow match with "
                             f"fewer than 2^k - 1 = {2 ** k - 1} units, got {m}: not a separation regime")
        shapes.append((deep, m))
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
    # Right: deep (k layers of w >= 2 units: can be exact) against shallow networks of about the same
    # parameter count, which must have fewer than 2^k - 1 units (so cannot be exact), trained from
    # ``seeds`` random starts each.
    teeth = sawtooth(k)
    trained = {"deep": [], "shallow": []}
    for deep, m in shapes:
        for kind, arch in (("deep", deep), ("shallow", [1, m, 1])):
            nets = fit_networks(arch, teeth, steps, range(seed, seed + seeds))
            errors = [mean_abs_error(net, teeth) for net in nets]
            q1, median, q3 = np.percentile(errors, [25, 50, 75])
            row = {"widths": arch, "params": n_params(arch), "errors": errors, "best": min(errors),
                   "q1": float(q1), "median": float(median), "q3": float(q3), "worst": max(errors),
                   "good": sum(e < GOOD_ERROR for e in errors)}
            if kind == "shallow":
                row["units"] = m
                row["constructed"] = mean_abs_error(shallow_sawtooth_layers(k, m), teeth)
            trained[kind].append(row)
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
        params = [r["params"] for r in rows]
        right.errorbar(params, [r["median"] for r in rows],
                       yerr=[[r["median"] - r["best"] for r in rows], [r["worst"] - r["median"] for r in rows]],
                       marker=marker, capsize=3, color=colour[kind],
                       label=f"{kind}, trained (median and range of {seeds})")
    right.plot([r["params"] for r in trained["shallow"]], [r["constructed"] for r in trained["shallow"]], "s--",
               mfc="none", color=colour["shallow"], label="shallow, constructed (same units)")
    right.plot([r["params"] for r in trained["deep"]], [0.0] * len(widths), "o--", mfc="none",
               color=colour["deep"], label="deep, constructed: exact")
    right.axhline(GOOD_ERROR, color="gray", lw=0.8, ls=":")
    right.set_xscale("log", base=2)
    right.set_xticks([r["params"] for r in trained["deep"]], [str(r["params"]) for r in trained["deep"]])
    right.minorticks_off()
    right.set_ylim(-0.01, 0.28)
    right.set_xlabel("parameters")
    right.set_ylabel(rf"mean $|f(x) - \Delta^{k}(x)|$ on [0, 1]")
    right.set_title(rf"Training on $\Delta^{k}$ ({2 ** k} pieces); the shallow nets have $< {2 ** k - 1}$ units",
                    fontsize=10)
    right.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0.0, 0.04))
    shallow_rows, deep_rows = trained["shallow"], trained["deep"]
    runs = seeds * len(widths)
    return fig, {"k": k, "pieces": 2 ** k, "exact": exact, "trained": trained, "seeds": seeds, "steps": steps,
                 "deep_exact_params": deep_exact, "max_k": max_k, "max_k_deep": exact[-1]["deep"],
                 "max_k_shallow": exact[-1]["shallow"], "good_error": GOOD_ERROR,
                 "units_needed": 2 ** k - 1, "shallow_units": [r["units"] for r in shallow_rows],
                 "params": [r["params"] for r in deep_rows], "runs": runs, "all_runs": 2 * runs,
                 "deep_good": sum(r["good"] for r in deep_rows), "shallow_good": sum(r["good"] for r in shallow_rows),
                 "deep_best": min(r["best"] for r in deep_rows), "shallow_best": min(r["best"] for r in shallow_rows),
                 "deep_medians": [r["median"] for r in deep_rows],
                 "shallow_medians": [r["median"] for r in shallow_rows],
                 "median_low": min(r["median"] for r in deep_rows + shallow_rows),
                 "median_high": max(r["median"] for r in deep_rows + shallow_rows),
                 "best_run": min(r["best"] for r in deep_rows + shallow_rows),
                 "constructed_largest": shallow_rows[-1]["constructed"], "largest_params": deep_rows[-1]["params"],
                 "largest_units": shallow_rows[-1]["units"], "smallest_params": deep_rows[0]["params"],
                 "constructed_smallest": shallow_rows[0]["constructed"], "smallest_units": shallow_rows[0]["units"]}


@figure("curse-of-dimensionality", seed=0,
        quick=dict(dims=(1, 2, 4, 8, 16), units=(4, 8, 16, 32, 64, 128, 256), samples=8000, draws=5),
        full=dict(dims=(1, 2, 4, 8, 16, 32), units=(4, 8, 16, 32, 64, 128, 256, 512, 1024), samples=32000,
                  draws=10))
def curse_of_dimensionality_figure(*, seed: int, dims, units, samples: int, draws: int):
    """Relative L2 error against units, in d dimensions: a fixed random basis (only the output weights
    fitted) against units adapted to the target, on the ridge target sin(2 pi <u, x>)."""
    from snippets.style import COLORS, new_figure

    dims = checks.positive_ints("dims", dims)
    units = checks.positive_ints("units", units)
    checks.counts(samples=samples, draws=draws)
    if samples < 2 * max(units):
        raise ValueError(f"need samples >= 2 x the most units ({2 * max(units)}), got {samples}")
    rows = []
    for d in dims:
        fixed, adapted = [], []
        for r in range(draws):
            target, u = ridge_target(d, seed + 1000 * d + r)
            x = cube_points(samples, d, seed + 2 * r)
            test = cube_points(samples, d, seed + 2 * r + 1)
            reach = float(u.abs().sum())  # <u, x> ranges over [-|u|_1, |u|_1] on the cube
            profile = lambda s: torch.sin(2 * math.pi * s)  # noqa: E731
            fixed.append([relative_l2_error(random_features_fit(x, target(x), m, seed + r), target, test)
                          for m in units])
            adapted.append([relative_l2_error(ridge_interpolant_layers(u, profile, m, -reach, reach), target, test)
                            for m in units])
        fixed, adapted = np.array(fixed), np.array(adapted)
        rows.append({"d": d, "fixed": np.median(fixed, axis=0).tolist(), "fixed_low": fixed.min(axis=0).tolist(),
                     "fixed_high": fixed.max(axis=0).tolist(), "adapted": np.median(adapted, axis=0).tolist(),
                     "adapted_high": adapted.max(axis=0).tolist()})
    fig, (left, right) = new_figure(ncols=2, width=10.0, height=3.9)
    for i, row in enumerate(rows):
        colour = COLORS[i % len(COLORS)]
        left.fill_between(units, row["fixed_low"], row["fixed_high"], color=colour, alpha=0.2, lw=0)
        left.loglog(units, row["fixed"], "o-", color=colour, label=f"d = {row['d']}")
        right.loglog(units, row["adapted"], "s-", color=colour, label=f"d = {row['d']}")
    for ax, title in ((left, "fixed random units, output weights fitted"),
                      (right, "units adapted to the target (constructed)")):
        ax.set_xscale("log", base=2)
        ax.axhline(1.0, color="gray", lw=0.8, ls=":")
        ax.set_xlabel("hidden units m")
        ax.set_ylim(1e-4, 3.0)
        ax.set_title(title, fontsize=10)
    left.set_ylabel(r"relative $L^2$ error on $[-1, 1]^d$")
    left.legend(fontsize=8, title=r"$\sin(2\pi\langle u, x\rangle)$", title_fontsize=8)
    for row in rows:  # the rate over the second half of the widths, where the errors are far below 1
        half = len(units) // 2
        row["fixed_slope"] = float(np.polyfit(np.log(units[half:]), np.log(row["fixed"][half:]), 1)[0])
        row["adapted_slope"] = float(np.polyfit(np.log(units[half:]), np.log(row["adapted"][half:]), 1)[0])
    first, last = rows[0], rows[-1]
    return fig, {"dims": dims, "units": units, "samples": samples, "draws": draws, "rows": rows,
                 "most_units": units[-1], "low_d": first["d"], "high_d": last["d"],
                 "fixed_low_d": first["fixed"][-1], "fixed_high_d": last["fixed"][-1],
                 "adapted_low_d": first["adapted"][-1], "adapted_high_d": last["adapted"][-1],
                 "adapted_worst": max(row["adapted_high"][-1] for row in rows),
                 "adapted_slopes": [row["adapted_slope"] for row in rows],
                 "fixed_slopes": [row["fixed_slope"] for row in rows],
                 "adapted_slope_low": min(row["adapted_slope"] for row in rows),
                 "adapted_slope_high": max(row["adapted_slope"] for row in rows),
                 "fixed_slope_high_d": last["fixed_slope"], "fixed_slope_low_d": first["fixed_slope"],
                 "fixed_best_high_d": last["fixed_low"][-1]}
