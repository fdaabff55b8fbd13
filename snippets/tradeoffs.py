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
from snippets.claims import Claim, Refutation, altered
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
        w -= np.linalg.solve(_hessian(w, x, y) + 1e-12 * np.eye(len(w)), _gradient(w, x, y))
    return w


def hessian(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The Hessian of ``loss`` in w: X^T diag(p (1 - p)) X / n, with p = sigmoid(X w)."""
    _check_data(x, y, w)
    return _hessian(w, x, y)


def _hessian(w: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    p = _sigmoid(x @ w)
    return (x * (p * (1 - p))[:, None]).T @ x / len(y)


def curvature(x: np.ndarray, y: np.ndarray) -> dict:
    """The constants of Bottou and Bousquet's Table 2 for this training set: the smallest and largest
    eigenvalue of the Hessian of the training loss at its minimizer, and their ratio, the condition
    number kappa. (Not those of the data's covariance: the sigmoid flattens the loss along w*.)"""
    _check_data(x, y)
    eigenvalues = np.linalg.eigvalsh(_hessian(newton(x, y), x, y))
    return {"lambda_min": float(eigenvalues[0]), "lambda_max": float(eigenvalues[-1]),
            "kappa": float(eigenvalues[-1] / eigenvalues[0])}


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
    """Mini-batch SGD with gain lr0 / (1 + decay * t) at step t and a fresh random order of the examples
    every pass; calls ``record`` every ``batch_size`` evaluations. With lr0 = 1 and decay = lambda the
    gain tends to (1 / lambda) / t: the gain eta / t of the SGD that Bottou and Bousquet analyse, whose
    constant is eta = 1 / lambda_min (``curvature``)."""
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


def averaged(record):
    """A ``record`` for ``sgd`` that passes on the running mean of the iterates instead of the iterate:
    averaged SGD (Polyak and Juditsky), the same steps, a different returned point."""
    checks.function("record", record)
    state = {"count": 0, "mean": None}

    def record_mean(w: np.ndarray, used: int) -> None:
        state["count"] += 1
        if state["mean"] is None:
            state["mean"] = w.copy()
        else:
            state["mean"] += (w - state["mean"]) / state["count"]
        record(state["mean"], used)
    return record_mean


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
    beside that of the exact empirical minimizer (the estimation error). SGD runs with the paper's gain,
    1 / (1 + lambda_min t), lambda_min from the Hessian of this training loss (``curvature``)."""
    checks.counts(n=n, d=d, gd_evaluations=gd_evaluations, sgd_evaluations=sgd_evaluations, test_size=test_size,
                  batch_size=batch_size)
    if batch_size > n:
        raise ValueError(f"batch_size must be at most n = {n}, got {batch_size}")
    if gd_evaluations < n:
        raise ValueError(f"a budget of {gd_evaluations} evaluations does not buy one GD iteration on n = {n}")
    x, y, w_star = logistic_data(n, d, seed)
    x_test, y_test, _ = logistic_data(test_size, d, seed + 1)
    floor = loss(w_star, x_test, y_test)
    shape = curvature(x, y)
    gd_curve, sgd_curve = Recorder(x_test, y_test, floor), Recorder(x_test, y_test, floor)
    gd(x, y, gd_evaluations, gd_curve)
    sgd(x, y, sgd_evaluations, sgd_curve, seed, batch_size, decay=shape["lambda_min"])
    return {"n": n, "d": d, "curves": {"GD": gd_curve.points, "SGD": sgd_curve.points},
            "erm_excess": loss(newton(x, y), x_test, y_test) - floor, "test_size": test_size, **shape}


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


def _samples(large_n: int, d: int, seed: int, test_size: int) -> dict:
    """The three samples of an equal-budget race, drawn from one truth: training, validation (the only
    one that chooses) and test (the only one that scores). Tests replace it to scramble the test labels."""
    return {"train": logistic_data(large_n, d, seed)[:2], "validation": logistic_data(test_size, d, seed + 1)[:2],
            "test": logistic_data(test_size, d, seed + 2)[:2], "w_star": logistic_data(1, d, seed)[2]}


def _last(run, average: bool = False) -> np.ndarray:
    """The w a run ends with (or, averaged, the mean of its iterates); ``run`` takes a record function."""
    box = {}

    def keep(w, used):
        box["w"] = w.copy()
    run(averaged(keep) if average else keep)
    return box["w"]


def _chosen(runs: dict):
    """The key of the run with the smallest excess loss on the validation sample."""
    return min(runs, key=lambda k: runs[k]["validation"])


def equal_budget(large_n: int, d: int, budget: int, subsamples, decays, seed: int, test_size: int,
                 batch_size: int = 10, average_decay: float = 1e-3) -> dict:
    """GD against SGD at the same budget of gradient evaluations, in the large-scale regime: ``large_n``
    examples are available and the budget cannot pay for many passes over them.

    The rule, fixed before any result was seen: both algorithms get the same freedom and the same number
    of runs at the full budget, and keep the run with the smallest excess loss on a *validation* sample;
    the test sample only scores the choice.
    - GD (step 1/L) may use fewer examples than it has (Bottou and Bousquet's tradeoff is over n too): it
      runs on each subsample size in ``subsamples`` for budget / n' iterations.
    - SGD runs on all the examples with gain 1 / (1 + c t) for each c in ``decays`` (late in the run the
      paper's eta / t with eta = 1 / c).
    Reported beside them, chosen by nothing: the SGD the paper analyses, c = lambda_min of the Hessian of
    the training loss at its minimizer (``curvature``; computed on the training data and not charged to
    the budget), and averaged SGD with c = ``average_decay``. For each run, rho is the optimization
    accuracy reached, L_n(w) - L_n(w_n) on the data it optimized."""
    checks.counts(large_n=large_n, d=d, budget=budget, test_size=test_size, batch_size=batch_size)
    subsamples = checks.positive_ints("subsamples", subsamples)
    decays = checks.positives("decays", decays)
    checks.positive("average_decay", average_decay)
    if max(subsamples) > large_n or max(subsamples) > budget:
        raise ValueError(f"subsample sizes must be at most large_n = {large_n} and buy at least one GD iteration "
                         f"of the budget {budget}; got {list(subsamples)}")
    if len(decays) != len(subsamples):
        raise ValueError(f"decays must give SGD as many runs to choose from as subsamples gives GD "
                         f"({len(subsamples)}), got {len(decays)}")
    if batch_size > large_n:
        raise ValueError(f"batch_size must be at most large_n = {large_n}, got {batch_size}")
    data = _samples(large_n, d, seed, test_size)
    (x, y), (x_val, y_val), (x_test, y_test) = data["train"], data["validation"], data["test"]
    val_floor, test_floor = loss(data["w_star"], x_val, y_val), loss(data["w_star"], x_test, y_test)

    def scored(w, n, **more):
        xs, ys = x[:n], y[:n]
        return {"validation": loss(w, x_val, y_val) - val_floor, "test": loss(w, x_test, y_test) - test_floor,
                "rho": loss(w, xs, ys) - erm_loss[n], "n": n, **more}

    erm_loss = {m: loss(newton(x[:m], y[:m]), x[:m], y[:m]) for m in {*subsamples, large_n}}
    gd_runs = {str(m): scored(_last(lambda rec: gd(x[:m], y[:m], budget - budget % m, rec)), m,
                              iterations=budget // m) for m in subsamples}
    sgd_runs = {str(c): scored(_last(lambda rec: sgd(x, y, budget, rec, seed, batch_size, decay=c)), large_n,
                               decay=c) for c in decays}
    shape = curvature(x, y)
    paper = scored(_last(lambda rec: sgd(x, y, budget, rec, seed, batch_size, decay=shape["lambda_min"])), large_n,
                   decay=shape["lambda_min"])
    average = scored(_last(lambda rec: sgd(x, y, budget, rec, seed, batch_size, decay=average_decay), True),
                     large_n, decay=average_decay)
    gd_choice, sgd_choice = _chosen(gd_runs), _chosen(sgd_runs)
    return {"budget": budget, "large_n": large_n, "curvature": shape, "gd": gd_runs, "sgd": sgd_runs,
            "gd_chosen_n": int(gd_choice), "gd_chosen": gd_runs[gd_choice],
            "sgd_chosen_decay": float(sgd_choice), "sgd_chosen": sgd_runs[sgd_choice],
            "sgd_paper": paper, "asgd": average}


def _spread(values) -> dict:
    """Median, lowest and highest of a list of numbers, where None (a target never reached) ranks above
    every number and stays None; ``reached`` counts the numbers."""
    ranked = sorted(values, key=lambda v: (v is None, v if v is not None else 0))
    middle = ranked[(len(ranked) - 1) // 2], ranked[len(ranked) // 2]
    median = None if None in middle else float(np.mean(middle))
    return {"median": median, "low": ranked[0], "high": ranked[-1], "reached": sum(v is not None for v in values)}


CURVE_LABELS = {"GD": "GD, step 1/L", "SGD": "SGD, gain 1/(1 + λ_min t)"}


def _mode(values) -> dict:
    """The most frequent value (the smallest among ties) and in how many of the values it occurs."""
    value = min(set(values), key=lambda v: (-values.count(v), v))
    return {"value": value, "count": values.count(value)}


@figure("tradeoffs", seed=0,
        quick=dict(small_n=500, large_n=100000, d=10, gd_evaluations=3000000, sgd_evaluations=300000,
                   test_size=100000, target=0.01, seeds=5, subsamples=(1000, 3000, 10000, 30000, 100000),
                   decays=(0.001, 0.003, 0.01, 0.03, 0.1)),
        full=dict(small_n=500, large_n=1000000, d=10, gd_evaluations=30000000, sgd_evaluations=3000000,
                  test_size=1000000, target=0.01, seeds=10,
                  subsamples=(1000, 3000, 10000, 30000, 100000, 300000, 1000000),
                  decays=(0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3)))
def tradeoffs_figure(*, seed: int, small_n: int, large_n: int, d: int, gd_evaluations: int, sgd_evaluations: int,
                     test_size: int, target: float, seeds: int, subsamples, decays):
    """Excess test loss against gradient evaluations for GD and the paper's SGD, with few examples
    (small-scale) and with many (large-scale), over several data draws; and, at equal budgets, SGD against
    GD, each with the run it chooses on validation data, beside SGD with the paper's gain and averaged SGD."""
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
        draws = [race(n, d, gd_evaluations if n > small_n else gd_evaluations // 3, sgd_evaluations, seed + 10 * s,
                      test_size) for s in range(seeds)]
        for s, r in enumerate(draws):  # one thin line per draw, labelled once
            for i, (name, points) in enumerate(r["curves"].items()):
                ax.loglog(*zip(*[(u, max(e, 1e-6)) for u, e in points]), color=f"C{i}", lw=0.9, alpha=0.7,
                          label=f"{CURVE_LABELS[name]}, one line per draw" if s == 0 else None)
        erm = [r["erm_excess"] for r in draws]
        ax.axhline(float(np.median(erm)), color="gray", ls=":", label="exact minimizer of the training loss (median)")
        ax.axhline(target, color="C2", ls="--", lw=1, label=f"target excess loss {target}")
        ax.axvline(sgd_evaluations, color="black", lw=0.8, ls="-.", label="SGD's budget")
        ax.set_xlabel("gradient evaluations (log scale)")
        ax.set_title(f"{label}-scale: n = {n:,}, d = {d}, {seeds} draws", fontsize=10)
        per_name = {name: [r["curves"][name] for r in draws] for name in ("GD", "SGD")}
        to_target = {name: [evaluations_to_reach(c, target) for c in curves] for name, curves in per_name.items()}
        final = {name: [c[-1][1] for c in curves] for name, curves in per_name.items()}
        results[label] = {
            "n": n, "erm_excess": erm, "erm_excess_spread": _spread(erm),
            "final": final, "final_spread": {name: _spread(v) for name, v in final.items()},
            "at_budget": {name: _spread([[e for u, e in c if u <= sgd_evaluations][-1] for c in curves])
                          for name, curves in per_name.items()},
            "to_target": to_target, "to_target_spread": {name: _spread(v) for name, v in to_target.items()},
            "sgd_below_erm": sum(f < e for f, e in zip(final["SGD"], erm)),
            # a draw whose exact minimizer is above the target cannot reach it with any computation
            "unreached_above_floor": all(e > target for e, t in zip(erm, to_target["GD"]) if t is None),
            "kappa": _spread([r["kappa"] for r in draws]), "lambda_min": _spread([r["lambda_min"] for r in draws])}
    axes[0].set_ylabel("excess test loss L(w) - L(w*) (log scale)")
    # Equal budgets: sgd_evaluations for each run, seeds draws of the data (and of SGD's order).
    races = [equal_budget(large_n, d, sgd_evaluations, subsamples, decays, seed + 10 * s, test_size)
             for s in range(seeds)]
    shown = (("gd_chosen", "s", "C0", "GD, subsample chosen on validation"),
             ("sgd_chosen", "o", "C1", "SGD, gain chosen on validation"),
             ("sgd_paper", "^", "C3", "SGD, the paper's gain 1/(λ_min t)"),
             ("asgd", "D", "C4", "averaged SGD, gain 1/(1 + t/1000)"))
    ax = axes[2]
    for offset, (key, marker, color, name) in zip((-0.15, -0.05, 0.05, 0.15), shown):
        ax.plot([s + offset for s in range(seeds)], [r[key]["test"] for r in races], marker, color=color, label=name,
                ms=6, mfc=color if key.endswith("chosen") else "none")
    ax.set_yscale("log")
    ax.set_xticks(range(seeds), [str(s) for s in range(seeds)])
    ax.set_xlabel("data draw")
    ax.set_ylabel("excess test loss at the budget (log scale)")
    ax.set_title(f"Equal budgets: {sgd_evaluations:,} evaluations each", fontsize=10)
    # the fourth panel's place holds both legends, so that neither covers data
    fig.legend(*axes[0].get_legend_handles_labels(), loc="center", bbox_to_anchor=(0.75, 0.34), fontsize=9)
    fig.legend(*ax.get_legend_handles_labels(), loc="center", bbox_to_anchor=(0.75, 0.13), fontsize=9)
    large = results["large"]["to_target_spread"]
    test = {key: [r[key]["test"] for r in races] for key, *_ in shown}
    rho = {key: [r[key]["rho"] for r in races] for key, *_ in shown}
    # > 0 where the SGD run generalizes better than the GD run it is compared with
    margin = {key: [g - s_ for g, s_ in zip(test["gd_chosen"], test[key])] for key in ("sgd_chosen", "sgd_paper", "asgd")}
    ratio = {key: [g / s_ for g, s_ in zip(test["gd_chosen"], test[key])] for key in margin}
    return fig, dict(results, d=d, gd_evaluations=gd_evaluations, sgd_evaluations=sgd_evaluations, target=target,
                     test_size=test_size, seeds=seeds, subsamples=list(subsamples), decays=list(decays),
                     runs_each=len(subsamples), decay_range=[min(decays), max(decays)],
                     passes=sgd_evaluations / large_n,
                     sgd_speedup=(large["GD"]["median"] / large["SGD"]["median"])
                     if large["GD"]["median"] and large["SGD"]["median"] else None,
                     equal={"races": races, "test": test, "rho": rho,
                            "median": {key: float(np.median(v)) for key, v in test.items()},
                            "rho_median": {key: float(np.median(v)) for key, v in rho.items()},
                            "gd_chosen_n": [r["gd_chosen_n"] for r in races],
                            "sgd_chosen_decay": [r["sgd_chosen_decay"] for r in races],
                            "gd_chosen_mode": _mode([r["gd_chosen_n"] for r in races]),
                            "sgd_chosen_mode": _mode([r["sgd_chosen_decay"] for r in races]),
                            # SGD with the gain this page once used, 1 / (1 + 0.001 t), when it is in the sweep
                            "old_gain": _spread([r["sgd"][str(0.001)]["test"] for r in races])
                            if 0.001 in decays else None,
                            "kappa": _spread([r["curvature"]["kappa"] for r in races]),
                            "lambda_min": _spread([r["curvature"]["lambda_min"] for r in races]),
                            "lambda_max": _spread([r["curvature"]["lambda_max"] for r in races]),
                            "margin": margin, "margin_min": {key: min(v) for key, v in margin.items()},
                            "ratio": {key: _spread(v) for key, v in ratio.items()},
                            "sgd_wins": {key: sum(m > 0 for m in v) for key, v in margin.items()}})


# --- Claims: what the pages state about the figures above, and the checks that decide it ------


def _large_scale_learning_check(r: dict) -> bool:
    return (r["seeds"] >= 5 and len(r["equal"]["margin"]["sgd_chosen"]) == r["seeds"]
            and r["equal"]["margin_min"]["sgd_chosen"] > 0)


def _large_scale_learning_world_1(r: dict) -> dict:
    return altered({"equal.margin_min.sgd_chosen": -1e-5})(r)


def _large_scale_learning_world_2(r: dict) -> dict:
    return altered({"equal.margin_min.sgd_chosen": 0.0})(r)


CLAIMS = (
    Claim("large-scale-learning", "the worst optimizer generalizes best", "Bottou and Bousquet, Section 3.2",
          "bottou2007tradeoffs",
          "“Stochastic algorithms (SGD, 2SGD) yield the best generalization performance despite being the worst "
          "optimization algorithms.” (An asymptotic statement, as the excess error \\(\\varepsilon \\to 0\\), "
          "for algorithms that use the best \\(n\\) for their budget; their SGD has the gain "
          "\\(1/(\\lambda_{\\min} t)\\).)",
          "tradeoffs",
          "at an equal budget of {{ tradeoffs.sgd_evaluations:, }} gradient evaluations, each algorithm keeps the "
          "best of {{ tradeoffs.runs_each }} runs on validation data (GD its subsample size, SGD its gain). In "
          "{{ tradeoffs.equal.sgd_wins.sgd_chosen }} of {{ tradeoffs.seeds }} data draws SGD on all "
          "{{ tradeoffs.large.n:, }} examples ends at the lower excess test loss, by a factor of "
          "{{ tradeoffs.equal.ratio.sgd_chosen.low:.1f }} to {{ tradeoffs.equal.ratio.sgd_chosen.high:.1f }} "
          "(medians {{ tradeoffs.equal.median.sgd_chosen:.1e }} and {{ tradeoffs.equal.median.gd_chosen:.1e }}); "
          "the paper's SGD, with \\(\\lambda_{\\min}\\) from the Hessian (\\(\\kappa\\) = "
          "{{ tradeoffs.equal.kappa.median:.1f }}), in {{ tradeoffs.equal.sgd_wins.sgd_paper }}. The other half of "
          "the sentence does not show at this budget of {{ tradeoffs.passes:.0f }} passes: SGD's optimization "
          "accuracy \\(\\rho\\) ({{ tradeoffs.equal.rho_median.sgd_chosen:.0e }}) is better than GD's "
          "({{ tradeoffs.equal.rho_median.gd_chosen:.0e }}).",
          _large_scale_learning_check,
          threshold="SGD's excess test loss is below GD's in every draw (the smallest margin, GD's minus SGD's, "
          "is positive), at equal budgets, with the same number of runs for each to choose from on validation "
          "data; the rule was fixed before the results were seen.",
          refutations=(
              Refutation("GD generalizes better in one draw",
                         _large_scale_learning_world_1),
              Refutation("GD and SGD tie in the least favourable draw",
                         _large_scale_learning_world_2),
          ),
          page="error-decomposition"),
)
