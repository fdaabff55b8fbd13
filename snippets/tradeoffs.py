"""Small-scale against large-scale learning (Bottou and Bousquet 2007), on logistic regression.

With a budget on the number of examples n, the optimization error can be driven to nothing and the
excess risk is approximation plus estimation error: the classical tradeoff. With a budget on
*computation*, the optimizer enters the tradeoff: an algorithm that optimizes worse but processes more
examples in the same time can generalize better. The experiment counts gradient evaluations (one per
example per gradient) rather than seconds, so that it is deterministic:

- data: x ~ N(0, I_d), P(y = 1 | x) = sigmoid(<w*, x>), so the model is well specified, w* is the best
  predictor (no approximation error) and the excess test loss L(w) - L(w*) is estimation plus
  optimization error;
- full-batch gradient descent (GD): every iteration costs n evaluations;
- stochastic gradient descent (SGD) on mini-batches: every step costs the batch size.
"""
from __future__ import annotations

import math

import numpy as np

from snippets import checks
from snippets.figures import figure


def logistic_data(n: int, d: int, seed: int, scale: float = 3.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, y, w*): n points in d dimensions, labels in {0, 1}; |w*| = ``scale``, the same for every n."""
    checks.integers(n=n, d=d)
    checks.positive("scale", scale)
    if n < 1 or d < 1:
        raise ValueError(f"need n >= 1 and d >= 1, got n = {n}, d = {d}")
    truth = np.random.default_rng(1_000_003 + d)  # w* depends on d only: all samples share the truth
    w_star = truth.standard_normal(d)
    w_star *= scale / np.linalg.norm(w_star)
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d))
    y = (rng.random(n) < _sigmoid(x @ w_star)).astype(float)
    return x, y, w_star


def _check_data(x, y, w=None) -> int:
    """n for x of shape (n, d), y of shape (n,) and w of shape (d,)."""
    n, d = checks.array("x", x, 2).shape
    if checks.array("y", y, 1).shape != (n,):
        raise ValueError(f"y must have shape ({n},), one label per row of x, got {y.shape}")
    if w is not None and checks.array("w", w, 1).shape != (d,):
        raise ValueError(f"w must have shape ({d},), one weight per column of x, got {w.shape}")
    return n


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(z / 2))  # = 1 / (1 + exp(-z)), without overflow


def loss(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> float:
    """Mean logistic loss log(1 + exp(z)) - y z, with z = <w, x>."""
    _check_data(x, y, w)
    z = x @ w
    return float(np.mean(np.logaddexp(0, z) - y * z))


def gradient(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The gradient of ``loss`` in w: X^T (sigmoid(X w) - y) / n."""
    _check_data(x, y, w)
    return _gradient(w, x, y)


def _gradient(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return x.T @ (_sigmoid(x @ w) - y) / len(y)


def newton(x: np.ndarray, y: np.ndarray, iterations: int = 30) -> np.ndarray:
    """The empirical risk minimizer w_n, to machine precision (Newton's method; the reference)."""
    _check_data(x, y)
    checks.positive_int("iterations", iterations)
    w = np.zeros(x.shape[1])
    for _ in range(iterations):
        p = _sigmoid(x @ w)
        hessian = (x * (p * (1 - p))[:, None]).T @ x / len(y)
        w -= np.linalg.solve(hessian + 1e-12 * np.eye(len(w)), _gradient(w, x, y))
    return w


def gd(x: np.ndarray, y: np.ndarray, evaluations: int, record) -> None:
    """Full-batch gradient descent with step 1/L, L = lambda_max(X^T X / n) / 4 (a bound on the
    Hessian's largest eigenvalue); calls ``record(w, evaluations so far)`` after every iteration."""
    n = _check_data(x, y)
    if not checks.is_int(evaluations) or evaluations < n:
        raise ValueError(f"evaluations must be an integer of at least n = {n} (one GD iteration), got {evaluations!r}")
    checks.function("record", record)
    lr = 4 / np.linalg.eigvalsh(x.T @ x / len(y))[-1]
    w = np.zeros(x.shape[1])
    for i in range(1, evaluations // len(y) + 1):
        w -= lr * _gradient(w, x, y)
        record(w, i * len(y))


def sgd(x: np.ndarray, y: np.ndarray, evaluations: int, record, seed: int, batch_size: int = 10,
        lr0: float = 1.0, decay: float = 1e-3) -> None:
    """Mini-batch SGD with step lr0 / (1 + decay * t), the kind of schedule Bottou recommends, and a
    fresh random order of the examples every pass; calls ``record`` every ``batch_size`` evaluations."""
    n = _check_data(x, y)
    checks.counts(evaluations=evaluations, batch_size=batch_size)
    if batch_size > n:
        raise ValueError(f"batch_size must be at most n = {n}, got {batch_size}")
    checks.function("record", record)
    checks.positive("lr0", lr0)
    checks.nonnegative("decay", decay)
    rng = np.random.default_rng(seed)
    w = np.zeros(x.shape[1])
    t = 0
    while t * batch_size < evaluations:
        order = rng.permutation(len(y))
        for start in range(0, len(y) - batch_size + 1, batch_size):
            batch = order[start:start + batch_size]
            w -= lr0 / (1 + decay * t) * _gradient(w, x[batch], y[batch])
            t += 1
            record(w, t * batch_size)
            if t * batch_size >= evaluations:
                return


class Recorder:
    """The excess test loss at about ``per_decade`` log-spaced numbers of gradient evaluations."""

    def __init__(self, x_test, y_test, floor: float, per_decade: int = 8):
        _check_data(x_test, y_test)
        checks.number("floor", floor)
        checks.positive_int("per_decade", per_decade)
        self.x_test, self.y_test, self.floor, self.per_decade = x_test, y_test, floor, per_decade
        self.points: list[tuple[int, float]] = []
        self.next = 1

    def __call__(self, w: np.ndarray, used: int) -> None:
        if used >= self.next:
            self.points.append((used, loss(w, self.x_test, self.y_test) - self.floor))
            while self.next <= used:
                self.next = math.ceil(self.next * 10 ** (1 / self.per_decade))


def race(n: int, d: int, gd_evaluations: int, sgd_evaluations: int, seed: int, test_size: int,
         batch_size: int = 10) -> dict:
    """Excess test loss L(w) - L(w*) of GD and SGD against gradient evaluations, on n training points,
    beside that of the exact empirical minimizer (the estimation error)."""
    checks.counts(n=n, d=d, gd_evaluations=gd_evaluations, sgd_evaluations=sgd_evaluations, test_size=test_size,
                  batch_size=batch_size)
    if batch_size > n:
        raise ValueError(f"batch_size must be at most n = {n}, got {batch_size}")
    if gd_evaluations < n:
        raise ValueError(f"a budget of {gd_evaluations} evaluations does not buy one GD iteration on n = {n}")
    x, y, w_star = logistic_data(n, d, seed)
    x_test, y_test, _ = logistic_data(test_size, d, seed + 1)
    floor = loss(w_star, x_test, y_test)
    gd_curve, sgd_curve = Recorder(x_test, y_test, floor), Recorder(x_test, y_test, floor)
    gd(x, y, gd_evaluations, gd_curve)
    sgd(x, y, sgd_evaluations, sgd_curve, seed, batch_size)
    return {"n": n, "d": d, "curves": {"GD": gd_curve.points, "SGD": sgd_curve.points},
            "erm_excess": loss(newton(x, y), x_test, y_test) - floor, "test_size": test_size}


def evaluations_to_reach(points, target: float):
    """The number of gradient evaluations from which on the excess loss stays at most ``target``
    (SGD's curve is noisy: a first lucky dip below the target does not count)."""
    checks.number("target", target)
    reached = None
    for used, excess in points:
        if excess > target:
            reached = None
        elif reached is None:
            reached = used
    return reached


def equal_budget(large_n: int, d: int, budget: int, subsamples, seed: int, test_size: int,
                 batch_size: int = 10) -> dict:
    """GD against SGD at the same budget of gradient evaluations, in the large-scale regime: ``large_n``
    examples are available and the budget cannot pay for many passes over them.

    SGD runs on all of them. GD may choose how many to use (Bottou and Bousquet's tradeoff is over n
    too): it runs on each subsample size in ``subsamples`` for budget / n' iterations, and the size is
    chosen by the excess loss on a *validation* sample; the test sample only scores the choice. For each
    run, rho is the optimization accuracy reached, L_n(w) - L_n(w_n) on the data it optimized."""
    checks.counts(large_n=large_n, d=d, budget=budget, test_size=test_size, batch_size=batch_size)
    subsamples = checks.positive_ints("subsamples", subsamples)
    if max(subsamples) > large_n or min(subsamples) > budget:
        raise ValueError(f"subsample sizes must be at most large_n = {large_n}, and the smallest must buy one "
                         f"GD iteration of the budget {budget}; got {list(subsamples)}")
    x, y, w_star = logistic_data(large_n, d, seed)
    x_val, y_val, _ = logistic_data(test_size, d, seed + 1)
    x_test, y_test, _ = logistic_data(test_size, d, seed + 2)
    val_floor, test_floor = loss(w_star, x_val, y_val), loss(w_star, x_test, y_test)

    def last(run):  # the final w of a run
        box = {}
        run(lambda w, used: box.__setitem__("w", w.copy()))
        return box["w"]

    def scored(w, xs, ys):
        return {"validation": loss(w, x_val, y_val) - val_floor, "test": loss(w, x_test, y_test) - test_floor,
                "rho": loss(w, xs, ys) - loss(newton(xs, ys), xs, ys)}

    gd_runs = {}
    for m in subsamples:
        if m <= budget:
            gd_runs[m] = dict(scored(last(lambda rec: gd(x[:m], y[:m], budget - budget % m, rec)), x[:m], y[:m]),
                              n=m, iterations=budget // m)
    chosen = min(gd_runs, key=lambda m: gd_runs[m]["validation"])
    sgd_run = dict(scored(last(lambda rec: sgd(x, y, budget, rec, seed, batch_size)), x, y), n=large_n)
    return {"budget": budget, "large_n": large_n, "gd": {str(m): r for m, r in gd_runs.items()},
            "gd_chosen_n": chosen, "gd_chosen": gd_runs[chosen], "sgd": sgd_run}


@figure("tradeoffs", seed=0,
        quick=dict(small_n=500, large_n=100000, d=10, gd_evaluations=3000000, sgd_evaluations=300000,
                   test_size=100000, target=0.01, seeds=5, subsamples=(1000, 3000, 10000, 30000, 100000)),
        full=dict(small_n=500, large_n=1000000, d=10, gd_evaluations=30000000, sgd_evaluations=3000000,
                  test_size=1000000, target=0.01, seeds=10,
                  subsamples=(1000, 3000, 10000, 30000, 100000, 300000, 1000000)))
def tradeoffs_figure(*, seed: int, small_n: int, large_n: int, d: int, gd_evaluations: int, sgd_evaluations: int,
                     test_size: int, target: float, seeds: int, subsamples):
    """Excess test loss against gradient evaluations for GD and SGD, with few examples (small-scale)
    and with many (large-scale); and, at equal budgets over several seeds, SGD on all the examples
    against GD on the subsample it chooses on validation data."""
    from snippets.style import new_figure

    checks.counts(small_n=small_n, large_n=large_n, d=d, gd_evaluations=gd_evaluations,
                  sgd_evaluations=sgd_evaluations, test_size=test_size, seeds=seeds)
    if not small_n < large_n:
        raise ValueError(f"need small_n < large_n, got {small_n} and {large_n}")
    checks.positive("target", target)
    fig, axes = new_figure(ncols=2, nrows=2, width=9.6, height=7.6)
    fig.delaxes(axes[3])  # its place holds the legend of the two curve panels
    results = {}
    for ax, (label, n) in zip(axes, (("small", small_n), ("large", large_n))):
        r = race(n, d, gd_evaluations if n > small_n else gd_evaluations // 3, sgd_evaluations, seed, test_size)
        for i, (name, points) in enumerate(r["curves"].items()):
            ax.loglog(*zip(*[(u, max(e, 1e-6)) for u, e in points]), color=f"C{i}", label=name)
        ax.axhline(r["erm_excess"], color="gray", ls=":", label="exact minimizer of the training loss")
        ax.axhline(target, color="C2", ls="--", lw=1, label=f"target excess loss {target}")
        ax.axvline(sgd_evaluations, color="black", lw=0.8, ls="-.", label="SGD's budget")
        ax.set_xlabel("gradient evaluations (log scale)")
        ax.set_title(f"{label}-scale: n = {n:,}, d = {d}", fontsize=10)
        results[label] = {"n": n, "erm_excess": r["erm_excess"],
                          "final": {name: pts[-1][1] for name, pts in r["curves"].items()},
                          "at_budget": {name: [e for u, e in pts if u <= sgd_evaluations][-1]
                                        for name, pts in r["curves"].items()},
                          "to_target": {name: evaluations_to_reach(pts, target) for name, pts in r["curves"].items()}}
    axes[0].set_ylabel("excess test loss L(w) - L(w*) (log scale)")
    # Equal budgets: sgd_evaluations for both, seeds draws of the data (and of SGD's order).
    races = [equal_budget(large_n, d, sgd_evaluations, subsamples, seed + 10 * s, test_size) for s in range(seeds)]
    sgd_excess = [r["sgd"]["test"] for r in races]
    gd_excess = [r["gd_chosen"]["test"] for r in races]
    ax = axes[2]
    ax.plot(range(seeds), gd_excess, "s", color="C0", label="GD, subsample chosen on validation")
    ax.plot(range(seeds), sgd_excess, "o", color="C1", label=f"SGD, all {large_n:,} examples")
    ax.set_yscale("log")
    ax.set_xticks(range(seeds), [str(s) for s in range(seeds)])
    ax.set_xlabel("seed (data draw)")
    ax.set_ylabel("excess test loss at the budget (log scale)")
    ax.set_title(f"Equal budgets: {sgd_evaluations:,} evaluations each", fontsize=10)
    ax.legend(fontsize=8)
    fig.legend(*axes[0].get_legend_handles_labels(), loc="center", bbox_to_anchor=(0.75, 0.25), fontsize=9)
    large = results["large"]["to_target"]
    margin = [g - s_ for g, s_ in zip(gd_excess, sgd_excess)]  # > 0 where SGD generalizes better
    return fig, dict(results, d=d, gd_evaluations=gd_evaluations, sgd_evaluations=sgd_evaluations, target=target,
                     test_size=test_size, seeds=seeds, subsamples=list(subsamples),
                     sgd_speedup=(large["GD"] / large["SGD"]) if large["GD"] and large["SGD"] else None,
                     equal={"races": races, "sgd_test": sgd_excess, "gd_test": gd_excess,
                            "gd_chosen_n": [r["gd_chosen_n"] for r in races],
                            "sgd_rho": [r["sgd"]["rho"] for r in races],
                            "gd_rho": [r["gd_chosen"]["rho"] for r in races],
                            "margin": margin, "margin_min": min(margin),
                            "sgd_median": float(np.median(sgd_excess)), "gd_median": float(np.median(gd_excess)),
                            "sgd_rho_median": float(np.median([r["sgd"]["rho"] for r in races])),
                            "gd_rho_median": float(np.median([r["gd_chosen"]["rho"] for r in races])),
                            "sgd_wins": sum(m > 0 for m in margin)})
