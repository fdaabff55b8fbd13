"""Representation power: how well networks of a given size can approximate a target function.

- ``interpolant_layers`` is the constructive side of universal approximation in one dimension: the
  piecewise-linear interpolant of a target at m + 1 equally spaced knots, written exactly as a network
  with one hidden layer of m ReLU units. For a twice differentiable target its sup-norm error is at most
  h^2/8 * max|g''| with h = (hi - lo)/m, so it falls like 1/m^2.
- ``fit_one_hidden`` trains a network of the same width by gradient descent instead, to see how much of
  that accuracy an optimizer actually finds; ``fit_networks`` trains many starts as one batched
  computation, from PyTorch's default or He initialization (``initial_layers``), optionally redrawing
  starts that are exactly constant on [0, 1] (``live_start``), from which no gradient step can escape.
- In d dimensions, ``random_features_fit`` (a fixed random basis, only the output weights fitted) against
  ``ridge_interpolant_layers`` (units built from the target's direction), on draws whose target, training
  points, test points and features each come from a seed of their own (``draw_seeds``, ``ridge_draw``).
"""
from __future__ import annotations

import math

import numpy as np
import torch

from snippets import checks
from snippets.claims import CONSTRUCTION, Claim, Refutation, altered
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


INITS = ("pytorch", "he")
TRAIN_POINTS = 512  # equally spaced training points on [0, 1]
MAX_DRAWS = 1000  # draws of a start before ``live_start`` gives up


def initial_layers(widths, seed: int, init: str = "pytorch") -> Layers:
    """The starting weights of ``mlp(widths)``, drawn from ``seed``.

    - ``"pytorch"``: PyTorch's default, weights and biases uniform on [-1/sqrt(fan-in), 1/sqrt(fan-in)]:
      exactly the start of ``mlp(widths, seed)``. Its weights have variance 1/(3 fan-in), a sixth of what
      keeps the scale of the signal through a ReLU layer, so deep narrow networks start nearly flat.
    - ``"he"``: He initialization of the weights, normal with variance 2/fan-in, which keeps that scale;
      the biases as PyTorch draws them, so that the start has kinks inside [0, 1] (with zero biases a
      network of one input is linear on [0, inf): every kink sits at 0).
    """
    widths = checks.positive_ints("widths", widths, at_least=2)
    checks.nonnegative_int("seed", seed)
    checks.one_of("init", init, INITS)
    if init == "pytorch":
        return [(W.clone(), b.clone()) for W, b in layers_of(mlp(widths, seed=seed))]
    gen = torch.Generator().manual_seed(seed)
    layers = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        W = torch.randn(fan_out, fan_in, generator=gen, dtype=torch.float64) * math.sqrt(2 / fan_in)
        b = (torch.rand(fan_out, generator=gen, dtype=torch.float64) * 2 - 1) / math.sqrt(fan_in)
        layers.append((W, b))
    return layers


def steepest_slope(layers, lo: float = 0.0, hi: float = 1.0) -> float:
    """The largest |slope| of the network's affine pieces on (lo, hi), from the exact pieces (no grid).
    0 means the network is exactly constant there: typically a whole layer is off on the interval, and
    then every weight below that layer gets zero gradient, so gradient descent cannot leave the start."""
    pieces = linear_pieces(layers, lo, hi)
    return float(np.abs(pieces.slopes).max())


def redraw_seed(seed: int, attempt: int) -> int:
    """The seed of the ``attempt``-th draw of a start: ``seed`` itself first, then seeds derived from
    (seed, attempt), distinct from every plain seed with overwhelming probability."""
    checks.nonnegative_int("seed", seed)
    checks.nonnegative_int("attempt", attempt)
    return seed if attempt == 0 else int(np.random.SeedSequence([seed, attempt]).generate_state(1)[0])


def live_start(widths, seed: int, init: str = "pytorch") -> tuple[Layers, int]:
    """The first of ``seed``'s draws of ``initial_layers`` that is not constant on [0, 1], and how many
    constant draws came before it. The rule reads the start alone, never the target or the training: it
    conditions the initialization on "not dead before training", it does not select runs by outcome."""
    for attempt in range(MAX_DRAWS):
        layers = initial_layers(widths, redraw_seed(seed, attempt), init)
        if steepest_slope(layers) > 0:
            return layers, attempt
    raise ValueError(f"every one of {MAX_DRAWS} starts of widths {list(widths)} ({init}) is constant on [0, 1]")


def _start(widths, seed: int, init: str, redraw_constant: bool) -> Layers:
    return live_start(widths, seed, init)[0] if redraw_constant else initial_layers(widths, seed, init)


def _check_fit(widths, target, steps, points, init):
    widths = checks.positive_ints("widths", widths, at_least=2)
    checks.function("target", target)
    checks.integers(steps=steps, points=points)
    checks.one_of("init", init, INITS)
    if widths[0] != 1 or widths[-1] != 1:
        raise ValueError(f"need a network with one input and one output, got widths {list(widths)}")
    if steps < 1 or points < 2:
        raise ValueError(f"need steps >= 1 and points >= 2, got {steps} and {points}")
    return widths


def fit_network(widths, target, steps: int, seed: int, lr: float = 1e-2, points: int = 512,
                init: str = "pytorch", redraw_constant: bool = False):
    """Train ``mlp(widths)`` on ``points`` equally spaced samples of the target on [0, 1] with full-batch
    Adam on the mean squared error; returns the model. It starts from ``initial_layers(widths, seed,
    init)``, or with ``redraw_constant`` from ``live_start`` (a start constant on [0, 1] is redrawn)."""
    widths = _check_fit(widths, target, steps, points, init)
    model = mlp(widths, seed=seed)
    with torch.no_grad():
        linear = [m for m in model if isinstance(m, torch.nn.Linear)]
        for lin, (W, b) in zip(linear, _start(widths, seed, init, redraw_constant)):
            lin.weight.copy_(W)
            lin.bias.copy_(b)
    x = torch.linspace(0, 1, points, dtype=torch.float64)[:, None]
    y = target(x)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
    return model


def fit_networks(widths, target, steps: int, seeds, lr: float = 1e-2, points: int = 512, init: str = "pytorch",
                 redraw_constant: bool = False, losses: list | None = None) -> list[Layers]:
    """``fit_network`` for several seeds at once: the networks start exactly where ``fit_network`` starts
    them, are stacked, and train by batched matrix products. Their losses add up, so each network's
    gradient is its own loss's, and Adam's update is elementwise: each run is the one ``fit_network``
    makes, up to rounding. Returns the trained layers, one list per seed. If ``losses`` is a list, each
    step appends the training MSE of every network before its update (so ``losses[t]`` is after t steps)."""
    widths = _check_fit(widths, target, steps, points, init)
    seeds = checks.nonnegative_ints("seeds", seeds)
    if losses is not None:
        checks.instance("losses", losses, list)
    starts = [_start(widths, s, init, redraw_constant) for s in seeds]
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
        each = ((outputs() - y) ** 2).mean(dim=1)
        if losses is not None:
            losses.append(each.detach().tolist())
        each.sum().backward()
        opt.step()
    return [[(W[r].detach().clone(), b[r, :, 0].detach().clone()) for W, b in zip(weights, biases)]
            for r in range(len(seeds))]


def fit_one_hidden(m: int, target, steps: int, seed: int, lr: float = 1e-2, points: int = 512):
    """A width-m network with one hidden layer, trained by ``fit_network``."""
    return fit_network([1, checks.positive_int("width m", m), 1], target, steps, seed, lr, points)


def training_mse(layers, target, points: int = 512) -> float:
    """The mean squared error on the ``points`` equally spaced samples of [0, 1] that ``fit_network``
    trains on: the objective training minimizes, beside the sup-norm error that approximation bounds."""
    checks.function("target", target)
    checks.int_at_least("points", points, 2)
    x = torch.linspace(0, 1, points, dtype=torch.float64)[:, None]
    return float((forward(x, layers)[:, 0] - target(x[:, 0])).square().mean())


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


STREAMS = ("target", "train", "test", "features")


def draw_seeds(seed: int, d: int, draw: int) -> dict[str, int]:
    """One seed of its own for each random thing of one draw of the curse-of-dimensionality figure (the
    target direction, the training points, the test points, the random features), derived from (seed, d,
    draw): the test points share no generator with the points or the features that are fitted."""
    checks.nonnegative_int("seed", seed)
    checks.positive_int("dimension d", d)
    checks.nonnegative_int("draw", draw)
    words = np.random.SeedSequence([seed, d, draw]).generate_state(len(STREAMS)).tolist()
    return dict(zip(STREAMS, words))


def ridge_draw(d: int, samples: int, seeds: dict) -> dict:
    """One draw of the figure: the ridge target and its u, ``samples`` training and as many test points
    from the cube, each from its own seed of ``seeds`` (see ``draw_seeds``)."""
    checks.counts(d=d, samples=samples)
    checks.instance("seeds", seeds, dict)
    if set(seeds) != set(STREAMS):
        raise ValueError(f"seeds must have the keys {', '.join(STREAMS)}, got {', '.join(map(str, seeds))}")
    target, u = ridge_target(d, seeds["target"])
    return {"target": target, "u": u, "x": cube_points(samples, d, seeds["train"]),
            "test": cube_points(samples, d, seeds["test"]), "features": seeds["features"]}


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

@figure("universal-approximation", seed=0, quick=dict(widths=(2, 4, 8, 16, 32, 64), steps=2500, seeds=5),
        full=dict(widths=(2, 4, 8, 16, 32, 64, 128, 256), steps=20000, seeds=10))
def universal_approximation_figure(*, seed: int, widths, steps: int, seeds: int):
    """Sup-norm error and training MSE against width m: the interpolant network (1/m^2) and trained
    networks (median and range over ``seeds`` starts)."""
    from snippets.style import COLORS, new_figure

    widths = checks.positive_ints("widths", widths, at_least=2)
    checks.counts(steps=steps, seeds=seeds)
    if steps < 2:
        raise ValueError(f"need steps >= 2 (the MSE is also read half-way), got {steps}")
    built = [sup_error(interpolant_layers(smooth_target, m), smooth_target) for m in widths]
    built_mse = [training_mse(interpolant_layers(smooth_target, m), smooth_target, TRAIN_POINTS) for m in widths]
    bound = [TARGET_CURVATURE / (8 * m ** 2) for m in widths]
    slope = float(np.polyfit(np.log(widths), np.log(built), 1)[0])
    half = steps // 2
    rows = []
    for m in widths:  # the starts of one width train together, as one batched computation
        trace: list = []
        nets = fit_networks([1, m, 1], smooth_target, steps, range(seed, seed + seeds), points=TRAIN_POINTS,
                            losses=trace)
        sup = [sup_error(net, smooth_target) for net in nets]
        mse = [training_mse(net, smooth_target, TRAIN_POINTS) for net in nets]
        rows.append({"m": m, "sup": sup, "mse": mse, "mse_half": trace[half],
                     "sup_median": float(np.median(sup)), "sup_low": min(sup), "sup_high": max(sup),
                     "mse_median": float(np.median(mse)), "mse_low": min(mse), "mse_high": max(mse),
                     "mse_half_median": float(np.median(trace[half]))})
    fig, (left, right) = new_figure(ncols=2, width=10.0, height=3.8)
    left.loglog(widths, bound, ":", color="gray", label=r"bound $h^2 \max|g''| / 8$")
    left.loglog(widths, built, "o-", color=COLORS[0], label=f"interpolant network (slope {slope:.2f})")
    for ax, key, ours in ((left, "sup", built), (right, "mse", built_mse)):
        ax.fill_between(widths, [r[f"{key}_low"] for r in rows], [r[f"{key}_high"] for r in rows],
                        color=COLORS[1], alpha=0.2, lw=0)
        ax.loglog(widths, [r[f"{key}_median"] for r in rows], "s-", color=COLORS[1],
                  label=f"trained, {steps} Adam steps (median, range of {seeds})")
    right.loglog(widths, [r["mse_half_median"] for r in rows], "s--", color=COLORS[1], mfc="none",
                 label=f"trained, after {half} steps (median)")
    right.loglog(widths, built_mse, "o-", color=COLORS[0], label="interpolant network")
    for ax in (left, right):
        ax.set_xscale("log", base=2)
        ax.minorticks_off()
        ax.set_xlabel("hidden units m (one hidden layer)")
    left.set_ylabel("sup-norm error on [0, 1]")
    right.set_ylabel(f"mean squared error on the {TRAIN_POINTS} training points")
    left.set_title("the worst point (what the bound controls)", fontsize=10)
    right.set_title("the objective training minimizes", fontsize=10)
    left.legend(fontsize=8)
    right.legend(fontsize=8)
    widest = rows[-1]
    # a run "stalls" if it ends worse in sup-norm than the interpolant with the fewest units
    stalled = [sum(e > built[0] for e in r["sup"]) for r in rows]
    return fig, {"widths": widths, "points": TRAIN_POINTS, "stalled": stalled, "stalled_total": sum(stalled),
                 "runs": seeds * len(widths),
                 "stalled_widest": max([m for m, n in zip(widths, stalled) if n] or [0]),
                 "interpolant_narrowest": built[0], "narrowest": widths[0], "interpolant": built,
                 "interpolant_mse": built_mse, "bound": bound,
                 "slope": slope, "steps": steps, "half_steps": half, "seeds": seeds, "rows": rows,
                 "trained": [r["sup_median"] for r in rows], "widest": widths[-1],
                 "interpolant_widest": built[-1], "interpolant_mse_widest": built_mse[-1],
                 "trained_widest": widest["sup_median"], "trained_widest_low": widest["sup_low"],
                 "trained_widest_high": widest["sup_high"], "mse_widest": widest["mse_median"],
                 "mse_widest_low": widest["mse_low"], "mse_widest_high": widest["mse_high"],
                 "mse_half_widest": widest["mse_half_median"],
                 "ratio_widest": widest["sup_median"] / built[-1],
                 "mse_ratio_widest": widest["mse_median"] / built_mse[-1]}


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
    # Every start, deep and shallow, is He-initialized, and a start that is exactly constant on [0, 1] is
    # redrawn (``live_start``): PyTorch's default makes most narrow deep starts constant, and from a
    # constant start no weight below the dead layer ever moves. The rule reads the start alone. Also
    # counted: how many of the same seeds' PyTorch-default starts are constant, and how many trained
    # networks end constant.
    teeth = sawtooth(k)
    trained = {"deep": [], "shallow": []}
    for deep, m in shapes:
        for kind, arch in (("deep", deep), ("shallow", [1, m, 1])):
            runs = range(seed, seed + seeds)
            default = [steepest_slope(initial_layers(arch, s, "pytorch")) for s in runs]
            live = [live_start(arch, s, "he") for s in runs]
            nets = fit_networks(arch, teeth, steps, runs, init="he", redraw_constant=True)
            errors = [mean_abs_error(net, teeth) for net in nets]
            end_slopes = [steepest_slope(net) for net in nets]
            q1, median, q3 = np.percentile(errors, [25, 50, 75])
            row = {"widths": arch, "params": n_params(arch), "errors": errors, "best": min(errors),
                   "q1": float(q1), "median": float(median), "q3": float(q3), "worst": max(errors),
                   "good": sum(e < GOOD_ERROR for e in errors),
                   "default_constant": sum(v == 0 for v in default), "default_steepest": max(default),
                   "he_constant": sum(redraws > 0 for _, redraws in live),
                   "redraws": sum(redraws for _, redraws in live),
                   "start_steepest_median": float(np.median([steepest_slope(layers) for layers, _ in live])),
                   "constant_end": sum(v == 0 for v in end_slopes),
                   "live_end_errors": [e for e, v in zip(errors, end_slopes) if v > 0]}
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
                       label=f"{kind}, trained from He starts (median, range of {seeds})")
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
    deep_live_end = [e for r in deep_rows for e in r["live_end_errors"]]
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
                 "constructed_smallest": shallow_rows[0]["constructed"], "smallest_units": shallow_rows[0]["units"],
                 "default_constant": [r["default_constant"] for r in deep_rows],
                 "default_constant_deep": sum(r["default_constant"] for r in deep_rows),
                 "default_constant_shallow": sum(r["default_constant"] for r in shallow_rows),
                 "default_steepest": [r["default_steepest"] for r in deep_rows],
                 "default_steepest_widest": deep_rows[-1]["default_steepest"],
                 "he_constant": [r["he_constant"] for r in deep_rows],
                 "he_constant_deep": sum(r["he_constant"] for r in deep_rows),
                 "he_constant_shallow": sum(r["he_constant"] for r in shallow_rows),
                 "redraws_deep": sum(r["redraws"] for r in deep_rows),
                 "start_steepest_medians": [r["start_steepest_median"] for r in deep_rows],
                 "start_steepest_low": min(r["start_steepest_median"] for r in deep_rows),
                 "deep_constant_end": sum(r["constant_end"] for r in deep_rows),
                 "shallow_constant_end": sum(r["constant_end"] for r in shallow_rows),
                 "deep_live_end": len(deep_live_end),
                 "deep_live_end_best": min(deep_live_end) if deep_live_end else None}


NO_BETTER_THAN_CONSTANT = 0.9  # a relative L2 error within 10% of the best constant's (1)
BARRON_C = 2 * math.pi  # C_g of sin(2 pi <u, x>) for a unit u: the first moment of its Fourier transform


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
    profile = lambda s: torch.sin(2 * math.pi * s)  # noqa: E731
    rows = []
    for d in dims:
        fixed, adapted, ratios, variances, seeds_used = [], [], [], [], []
        for r in range(draws):
            seeds = draw_seeds(seed, d, r)
            data = ridge_draw(d, samples, seeds)
            target, u, x, test = data["target"], data["u"], data["x"], data["test"]
            reach = float(u.abs().sum())  # <u, x> ranges over [-|u|_1, |u|_1] on the cube
            scale = float(target(test).std())  # what relative_l2_error divides by
            fixed.append([relative_l2_error(random_features_fit(x, target(x), m, data["features"]), target, test)
                          for m in units])
            errors = [relative_l2_error(ridge_interpolant_layers(u, profile, m, -reach, reach), target, test)
                      for m in units]
            adapted.append(errors)
            # the interpolation bound along u: sup error <= h^2 max|profile''| / 8, h = 2 |u|_1 / m
            ratios += [e / ((2 * reach / m) ** 2 * (2 * math.pi) ** 2 / 8 / scale) for e, m in zip(errors, units)]
            variances.append(scale ** 2)
            seeds_used.append(seeds)
        fixed, adapted = np.array(fixed), np.array(adapted)
        # Barron: integrated squared error <= (2 r C)^2 / m on the ball of radius r = sqrt(d) around the cube;
        # below the best constant's squared error (the variance) only from m > (2 r C)^2 / variance
        barron = (2 * math.sqrt(d) * BARRON_C) ** 2
        variance = float(np.median(variances))
        rows.append({"d": d, "fixed": np.median(fixed, axis=0).tolist(), "fixed_low": fixed.min(axis=0).tolist(),
                     "fixed_high": fixed.max(axis=0).tolist(), "fixed_draws_most_units": fixed[:, -1].tolist(),
                     "adapted": np.median(adapted, axis=0).tolist(), "adapted_high": adapted.max(axis=0).tolist(),
                     "adapted_bound_ratio": max(ratios), "variance": variance, "barron_constant": barron,
                     "barron_useful_from": math.floor(barron / variance) + 1, "seeds": seeds_used})
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
    left.axhline(NO_BETTER_THAN_CONSTANT, color="gray", lw=0.8, ls="--")
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
                 "fixed_most_units": [row["fixed"][-1] for row in rows],
                 "fixed_low_d_draws": first["fixed_draws_most_units"],
                 "fixed_high_d_draws": last["fixed_draws_most_units"],
                 "fixed_worst_low_d": max(first["fixed_draws_most_units"]),
                 "fixed_best_high_d": min(last["fixed_draws_most_units"]),
                 "no_better_than_constant": NO_BETTER_THAN_CONSTANT,
                 "adapted_low_d": first["adapted"][-1], "adapted_high_d": last["adapted"][-1],
                 "adapted_worst": max(row["adapted_high"][-1] for row in rows),
                 "adapted_slopes": [row["adapted_slope"] for row in rows],
                 "adapted_bound_ratios": [row["adapted_bound_ratio"] for row in rows],
                 "fixed_slopes": [row["fixed_slope"] for row in rows],
                 "adapted_slope_low": min(row["adapted_slope"] for row in rows),
                 "adapted_slope_high": max(row["adapted_slope"] for row in rows),
                 "fixed_slope_high_d": last["fixed_slope"], "fixed_slope_low_d": first["fixed_slope"],
                 "barron_constant_low_d": first["barron_constant"], "barron_constant_high_d": last["barron_constant"],
                 "barron_useful_from_low_d": first["barron_useful_from"],
                 "barron_useful_from_high_d": last["barron_useful_from"],
                 "barron_useful_from_smallest": min(row["barron_useful_from"] for row in rows)}


# --- Claims: what the pages state about the figures above, and the checks that decide it ------


def _universal_approximation_check(r: dict) -> bool:
    return (len(r["interpolant"]) == len(r["bound"]) > 1
            and all(e <= b * (1 + 1e-9) for e, b in zip(r["interpolant"], r["bound"])))


def _depth_separation_check(r: dict) -> bool:
    return (all(e["deep_pieces"] == e["shallow_pieces"] == 2 ** e["k"]
            and max(e["deep_error"], e["shallow_error"]) <= 1e-9
            and e["deep"] == 6 * e["k"] + 1 and e["shallow"] == 3 * 2 ** e["k"] + 1
            for e in r["exact"]))


def _curse_of_dimensionality_check(r: dict) -> bool:
    return (r["high_d"] >= 8 and r["low_d"] == 1 and len(r["fixed_high_d_draws"]) >= 5
            and min(r["fixed_high_d_draws"]) >= 0.9 and max(r["fixed_low_d_draws"]) <= 0.1)


def _curse_of_dimensionality_world_1(r: dict) -> dict:
    return altered({"fixed_high_d_draws": lambda v: [0.3] * len(v)})(r)


def _curse_of_dimensionality_world_2(r: dict) -> dict:
    return altered({"fixed_high_d_draws.0": 0.85})(r)


def _curse_of_dimensionality_world_3(r: dict) -> dict:
    return altered({"fixed_low_d_draws.0": 0.95})(r)


def _adapted_units_check(r: dict) -> bool:
    return (len(r["adapted_bound_ratios"]) == len(r["dims"]) > 1
            and all(q <= 1 + 1e-9 for q in r["adapted_bound_ratios"])
            and r["barron_useful_from_smallest"] > r["most_units"])


CLAIMS = (
    Claim("universal-approximation", "one hidden layer approximates",
          "Leshno, Lin, Pinkus and Schocken, main theorem", "leshno1993multilayer",
          "a one-hidden-layer network with a continuous (more generally, locally bounded and piecewise "
          "continuous) activation \\(\\sigma\\) approximates every continuous function on a compact set "
          "uniformly, to any accuracy, if and only if \\(\\sigma\\) is not a polynomial. The ReLU qualifies. "
          "Cybenko's theorem [@cybenko1989approximation] needs a continuous sigmoidal \\(\\sigma\\) and does "
          "not cover the ReLU itself, but \\(\\sigma(x) - \\sigma(x - 1)\\) is continuous and sigmoidal, so "
          "it gives ReLU universality too, with \\(2m\\) units for his \\(m\\).",
          "universal-approximation",
          "in one dimension, the width-\\(m\\) ReLU network that interpolates \\(g\\) at \\(m + 1\\) knots has "
          "a sup-norm error within the interpolation bound \\(h^2 \\max|g''| / 8\\) at every \\(m\\), down to "
          "{{ universal-approximation.interpolant_widest:.1e }} at \\(m = {{ universal-approximation.widest }}\\) "
          "(rate \\(m^{ {{ universal-approximation.slope:.2f }} }\\)).",
          _universal_approximation_check,
          kind=CONSTRUCTION,
          threshold="the measured sup-norm error of the constructed network is at most the bound "
          "\\(h^2 \\max|g''|/8\\) of linear interpolation at every width: a formula about the network we "
          "built, which shows the construction right; trained networks are the figure's other curve.",
          page="representation"),
    Claim("depth-separation", "depth against width", "Telgarsky, abstract", "telgarsky2016benefits",
          "“there exist neural networks with \\(\\Theta(k^3)\\) layers, \\(\\Theta(1)\\) nodes per layer, and "
          "\\(\\Theta(1)\\) distinct parameters which can not be approximated by networks with "
          "\\(\\mathcal{O}(k)\\) layers unless they are exponentially large — they must possess "
          "\\(\\Omega(2^k)\\) nodes.”",
          "depth-separation",
          "\\(\\Delta^{ {{ depth-separation.max_k }} }\\) is computed exactly by {{ depth-separation.max_k }} "
          "layers of 2 units ({{ depth-separation.max_k_deep }} parameters) and by one hidden layer of "
          "\\(2^{ {{ depth-separation.max_k }} }\\) units ({{ depth-separation.max_k_shallow }} parameters); "
          "one hidden layer of \\(m\\) units has at most \\(m + 1\\) pieces, so fewer than "
          "\\(2^k - 1\\) units cannot be exact. This is the counting at the heart of the separation, not the "
          "approximation lower bound itself.",
          _depth_separation_check,
          kind=CONSTRUCTION,
          threshold="for every \\(k\\) from 1 to the largest shown, both constructed networks agree with the "
          "closed form \\(\\Delta^k(x) = 1 - |2\\{2^{k-1}x\\} - 1|\\) to \\(10^{-9}\\) on a grid that contains "
          "every knot, both have exactly \\(2^k\\) pieces, and their parameter counts are \\(6k + 1\\) and "
          "\\(3 \\cdot 2^k + 1\\).",
          page="representation"),
    Claim("curse-of-dimensionality", "random features fail in high dimension", "Yehudai and Shamir, abstract",
          "yehudai2019power",
          "“we prove that random features cannot be used to learn *even a single ReLU neuron* (over standard "
          "Gaussian inputs in \\(\\mathbb{R}^d\\) and \\(\\text{poly}(d)\\) weights), unless the network "
          "size (or magnitude of its weights) is exponentially large in \\(d\\).”",
          "curse-of-dimensionality",
          "the closest our setting allows, and not their setting: a target that also depends on one direction "
          "only, but \\(\\sin(2\\pi\\langle u, x\\rangle)\\) rather than a ReLU neuron, inputs uniform on "
          "\\([-1, 1]^d\\) rather than Gaussian, and a fixed range of widths rather than an asymptotic count. "
          "\\(m\\) ReLU features with random unit directions and offsets, output weights fitted by least "
          "squares on {{ curse-of-dimensionality.samples }} points, scored on as many fresh points drawn from a "
          "seed of their own; {{ curse-of-dimensionality.draws }} draws per dimension. With "
          "{{ curse-of-dimensionality.most_units }} features, the best draw's relative error is "
          "{{ curse-of-dimensionality.fixed_best_high_d:.3f }} in \\(d = {{ curse-of-dimensionality.high_d }}\\) "
          "(median {{ curse-of-dimensionality.fixed_high_d:.3f }}), no better than a constant, while in "
          "\\(d = {{ curse-of-dimensionality.low_d }}\\) the worst draw reaches "
          "{{ curse-of-dimensionality.fixed_worst_low_d:.4f }}. Consistent with their theorem, not a test of its "
          "exponential rate: one target, widths up to {{ curse-of-dimensionality.most_units }}.",
          _curse_of_dimensionality_check,
          threshold="in the highest dimension (at least 8), every one of at least 5 draws with the most features "
          "has a relative error of at least 0.9, within 10% of the best constant's error (1): the fitted "
          "features do no better than predicting the mean. The best draw decides, the end least favourable "
          "to the claim. As a control, in \\(d = 1\\) the worst draw with the most features is at most 0.1, a "
          "tenth of the constant's error, so that the failure comes with the dimension, not from the fit.",
          refutations=(
              Refutation("random features learn the ridge in high dimension",
                         _curse_of_dimensionality_world_1),
              Refutation("one draw in high dimension beats the constant by more than 10%",
                         _curse_of_dimensionality_world_2),
              Refutation("the fit fails in one dimension too (a broken fit, not the dimension)",
                         _curse_of_dimensionality_world_3),
          ),
          page="representation"),
    Claim("adapted-units", "units adapted to the target keep the one-dimensional rate", "Barron, abstract",
          "barron1993universal",
          "“feedforward networks with one layer of sigmoidal nonlinearities achieve integrated squared error "
          "of order \\(O(1/n)\\), where \\(n\\) is the number of nodes”, for targets with a bounded first "
          "moment of the Fourier magnitude distribution. (The bound is \\((2rC_f)^2/n\\) on a ball of radius "
          "\\(r\\): its rate does not depend on \\(d\\), its constant may.)",
          "curse-of-dimensionality",
          "ReLU units built from \\(u\\), not trained: every unit reads \\(\\langle u, x\\rangle\\), and along "
          "it they form the one-dimensional interpolant. In every dimension, draw and width their error is "
          "within the interpolation bound, and it falls with slopes "
          "{{ curse-of-dimensionality.adapted_slope_low:.2f }} to {{ curse-of-dimensionality.adapted_slope_high:.2f }}: "
          "the rate \\(m^{-2}\\) of one dimension, faster than Barron's, which holds for every target of the class. "
          "Barron's bound itself, with \\(r = \\sqrt d\\) for the cube and \\(C_g = 2\\pi\\), is "
          "\\({{ curse-of-dimensionality.barron_constant_high_d:.0f }}/m\\) in "
          "\\(d = {{ curse-of-dimensionality.high_d }}\\): below the target's variance (the best constant's "
          "squared error) only from \\(m = {{ curse-of-dimensionality.barron_useful_from_high_d }}\\) on, and from "
          "\\(m = {{ curse-of-dimensionality.barron_useful_from_low_d }}\\) in \\(d = 1\\): vacuous for every "
          "width shown.",
          _adapted_units_check,
          kind=CONSTRUCTION,
          threshold="in every dimension, draw and width, the relative \\(L^2\\) error of the constructed network "
          "is at most the bound of linear interpolation along \\(u\\), "
          "\\((2\\lVert u\\rVert_1/m)^2 (2\\pi)^2/8\\) over the target's standard deviation: a formula about "
          "the network we built, whose rate \\(m^{-2}\\) is guaranteed by the construction. It is not evidence "
          "about what training finds. And in every dimension Barron's \\((2\\sqrt{d}\\,C_g)^2/m\\) is at "
          "least the target's variance at every width shown (the smallest \\(m\\) where it is below lies "
          "past the widest): the bound is vacuous here.",
          page="representation"),
)
