"""Training and prediction, written out: empirical risk, cross-entropy, and a mini-batch SGD loop.

Training: given data {(x_1, y_1), ..., (x_n, y_n)}, find W with a small empirical risk
    R_n(W) = (1/n) sum_j loss(f(x_j; W), y_j),
here with the cross-entropy loss, by stochastic gradient descent on random mini-batches.
Prediction: for a new x, predict the class with the largest output of f(x; W).
For scale, ``baselines`` gives two classifiers without a network on the same split: the 1-nearest-neighbour
rule and logistic regression.

The whole dataset stays in memory as tensors and batches are slices of it: on data this small a
DataLoader would cost more than the model.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from snippets import checks
from snippets.data import Split, digits_split, draw_digits
from snippets.claims import Claim, Refutation, altered
from snippets.figures import figure
from snippets.nets import mlp


def cross_entropy(logits: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Mean of -log softmax(f(x))_y = logsumexp(f(x)) - f(x)_y over the batch."""
    checks.tensor("logits", logits)
    checks.tensor("y", y)
    if y.is_floating_point() or y.dtype == torch.bool:
        raise ValueError(f"labels y must be integer class indices, got dtype {y.dtype}")
    if logits.ndim != 2 or y.shape != (logits.shape[0],):
        raise ValueError(f"need logits of shape (n, classes) and n labels, got {tuple(logits.shape)} "
                         f"and {tuple(y.shape)}")
    return (torch.logsumexp(logits, dim=1) - logits[torch.arange(len(y)), y]).mean()


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    """(empirical risk, accuracy) of the model on (x, y)."""
    checks.module("model", model)
    logits = model(x)
    return cross_entropy(logits, y).item(), (logits.argmax(dim=1) == y).float().mean().item()


def sgd(model: nn.Module, x: torch.Tensor, y: torch.Tensor, *, steps: int, batch_size: int, lr: float,
        seed: int, eval_every: int = 0, x_test=None, y_test=None) -> dict:
    """Plain mini-batch SGD on the cross-entropy; returns the history of train (and test) risk/accuracy."""
    checks.module("model", model)
    checks.integers(steps=steps, batch_size=batch_size)
    if steps < 1 or batch_size < 1 or not lr > 0:
        raise ValueError(f"need steps >= 1, batch_size >= 1 and lr > 0, got {steps}, {batch_size}, {lr}")
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} examples but y has {len(y)} labels")
    checks.nonnegative_int("eval_every", eval_every)
    if (x_test is None) != (y_test is None):
        raise ValueError("pass both x_test and y_test, or neither")
    if x_test is not None:
        checks.same_length(x_test=x_test, y_test=y_test)
    gen = torch.Generator().manual_seed(seed)
    params = list(model.parameters())
    history = {"step": [], "train_loss": [], "train_acc": [], "test_loss": [], "test_acc": []}

    def record(step):
        history["step"].append(step)
        for part, data in (("train", (x, y)), ("test", (x_test, y_test))):
            if data[0] is not None:
                loss, acc = evaluate(model, *data)
                history[f"{part}_loss"].append(loss)
                history[f"{part}_acc"].append(acc)

    if eval_every:
        record(0)
    for step in range(1, steps + 1):
        batch = torch.randint(len(y), (batch_size,), generator=gen)  # sample with replacement
        loss = cross_entropy(model(x[batch]), y[batch])
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= lr * g  # W <- W - lr * gradient of the mini-batch risk
        if eval_every and (step % eval_every == 0 or step == steps):
            record(step)  # and always the last step: the history ends where the model does
    return history


def digits_run(seed: int, hidden: int, depth: int, steps: int, batch_size: int, lr: float, eval_every: int):
    """Train an MLP on the seeded digits split; the same arguments always give the same run."""
    checks.positive_int("hidden", hidden)
    checks.nonnegative_int("depth", depth)
    split = digits_split(seed=seed)
    model = mlp([64] + [hidden] * depth + [10], seed=seed, dtype=torch.float32)
    history = sgd(model, split.x_train, split.y_train, steps=steps, batch_size=batch_size, lr=lr, seed=seed,
                  eval_every=eval_every, x_test=split.x_test, y_test=split.y_test)
    return split, model, history


def _summary(history: dict) -> dict:
    full = [s for s, a in zip(history["step"], history["train_acc"]) if a == 1.0]
    return {
        "train_acc": history["train_acc"][-1], "test_acc": history["test_acc"][-1],
        "gap": history["train_acc"][-1] - history["test_acc"][-1],
        "train_loss": history["train_loss"][-1], "test_loss": history["test_loss"][-1],
        "steps_to_fit": full[0] if full else None,
    }


def baselines(split: Split) -> dict:
    """Accuracies of two classifiers that need no network, on the same split: the 1-nearest-neighbour rule
    (``nn1``: it fits every training digit, then gives a new one the label of the closest training digit)
    and logistic regression (``logreg``: a linear classifier fitted with the cross-entropy, scikit-learn's
    default L2 penalty C = 1, not tuned). Each accuracy is a count of correct digits over their number."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.neighbors import KNeighborsClassifier

    checks.instance("split", split, Split)
    x, y, x_test, y_test = (t.numpy() for t in (split.x_train, split.y_train, split.x_test, split.y_test))
    results = {}
    for name, model in (("nn1", KNeighborsClassifier(n_neighbors=1)),
                        ("logreg", LogisticRegression(max_iter=10_000))):
        model.fit(x, y)
        results[f"{name}_train_acc"] = _fraction(model.predict(x) == y)
        results[f"{name}_test_acc"] = _fraction(model.predict(x_test) == y_test)
    return results


def _fraction(correct) -> float:
    """The fraction of True in a boolean array or tensor, as an exact count over the length: two
    classifiers with the same number of correct digits get equal floats."""
    return int(correct.sum()) / len(correct)


def _median_index(values) -> int:
    """The index of the median of ``values`` (the lower of the two middle ones for an even count; equal
    values keep their order, the sort being stable)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    return order[(len(values) - 1) // 2]


def _seed_runs(seed: int, seeds: int, run: dict) -> tuple[list, int]:
    """``seeds`` runs of ``digits_run`` (seeds ``seed``, ``seed + 1``, ...: each its own split and
    initialization) and the index of the run whose test accuracy is the median: a typical run to show.
    It is chosen on the test digits, so it is only shown, never scored."""
    checks.positive_int("seeds", seeds)
    runs = [digits_run(seed + i, **run) for i in range(seeds)]
    accs = []
    for split, model, _ in runs:
        with torch.no_grad():
            accs.append(_fraction(model(split.x_test).argmax(dim=1) == split.y_test))
    return runs, _median_index(accs)


MODEL = dict(hidden=128, depth=2, steps=4000, batch_size=32, lr=0.1)  # a network and how it is trained
RUN = dict(MODEL, eval_every=50)  # ... and how often its risk is recorded


# --- Figures --------------------------------------------------------------------------------------

@figure("training-curves", seed=0, quick=dict(RUN, seeds=5), full=dict(RUN, steps=10000, seeds=10))
def training_curves_figure(*, seed: int, hidden: int, depth: int, steps: int, batch_size: int, lr: float,
                           eval_every: int, seeds: int):
    """Empirical risk and accuracy on the training and test digits during mini-batch SGD, for ``seeds``
    runs (each its own split and initialization); the run with the median test accuracy is drawn bold and
    quoted, every run's final accuracies beside those of two classifiers without a network on its split."""
    from snippets.style import new_figure

    run = dict(hidden=hidden, depth=depth, steps=steps, batch_size=batch_size, lr=lr, eval_every=eval_every)
    runs, featured = _seed_runs(seed, seeds, run)
    rows = []
    for split, model, h in runs:
        with torch.no_grad():
            train_correct = model(split.x_train).argmax(dim=1) == split.y_train
            test_correct = model(split.x_test).argmax(dim=1) == split.y_test
        train_acc, test_acc = _fraction(train_correct), _fraction(test_correct)
        rows.append(dict(_summary(h), train_acc=train_acc, test_acc=test_acc, gap=train_acc - test_acc,
                         wrong=int((~test_correct).sum()), **baselines(split)))

    def column(key):
        return [row[key] for row in rows]

    split, model, h = runs[featured]
    fig, (left, right) = new_figure(ncols=2, width=9.6, height=3.6)
    for i, (_, _, other) in enumerate(runs):
        if i != featured:
            for ax, key, scale in ((left, "loss", 1), (right, "acc", 100)):
                for colour, part in ((0, "train"), (1, "test")):
                    ax.plot(other["step"], [scale * v for v in other[f"{part}_{key}"]], color=f"C{colour}",
                            lw=0.7, alpha=0.35)
    left.plot(h["step"], h["train_loss"], color="C0", lw=1.8, label="training risk")
    left.plot(h["step"], h["test_loss"], color="C1", lw=1.8, label="test risk")
    left.plot([], [], color="grey", lw=0.7, alpha=0.6, label=f"the other {seeds - 1} seeds")
    left.set_yscale("log")
    left.set_xlabel("SGD step")
    left.set_ylabel("cross-entropy (log scale)")
    left.legend()
    right.plot(h["step"], [100 * a for a in h["train_acc"]], color="C0", lw=1.8, label="training accuracy")
    right.plot(h["step"], [100 * a for a in h["test_acc"]], color="C1", lw=1.8, label="test accuracy")
    right.plot([], [], color="grey", lw=0.7, alpha=0.6, label=f"the other {seeds - 1} seeds")
    right.set_ylim(80, 100.5)
    right.set_xlabel("SGD step")
    right.set_ylabel("accuracy (%)")
    right.legend(loc="lower right")

    test_accs, logreg, nn1 = column("test_acc"), column("logreg_test_acc"), column("nn1_test_acc")
    median = float(np.median(test_accs))
    fits = column("steps_to_fit")
    margins = [a - b for a, b in zip(test_accs, logreg)]
    digits_ahead = [round(m * len(split.y_test)) for m in margins]  # exact: both are counts over n_test
    quoted = ("train_acc", "test_acc", "gap", "train_loss", "test_loss", "steps_to_fit", "wrong")
    return fig, dict(
        {key: rows[featured][key] for key in quoted}, featured_seed=seed + featured,
        n_params=sum(p.numel() for p in model.parameters()), n_train=len(split.y_train), n_test=len(split.y_test),
        steps=steps, batch_size=batch_size, lr=lr, hidden=hidden, depth=depth, seeds=seeds,
        seed_train_acc=column("train_acc"), seed_test_acc=test_accs, seed_gap=column("gap"),
        seed_wrong=column("wrong"), seed_steps_to_fit=fits,
        train_acc_min=min(column("train_acc")), test_acc_min=min(test_accs), test_acc_median=median,
        test_acc_max=max(test_accs), gap_min=min(column("gap")), gap_max=max(column("gap")),
        wrong_min=min(column("wrong")), wrong_max=max(column("wrong")),
        steps_to_fit_min=None if None in fits else min(fits), steps_to_fit_max=None if None in fits else max(fits),
        # the noise of one test set (the standard error of one fixed network's accuracy, at the median) beside
        # the spread over seeds (which adds the split, the initialization and the batches), in points
        test_se_points=100 * float(np.sqrt(median * (1 - median) / len(split.y_test))),
        test_sd_points=100 * float(np.std(test_accs, ddof=1)) if seeds > 1 else 0.0,
        test_range_points=100 * (max(test_accs) - min(test_accs)),
        seed_logreg_acc=logreg, seed_logreg_train_acc=column("logreg_train_acc"), seed_nn1_acc=nn1,
        seed_nn1_train_acc=column("nn1_train_acc"), logreg_acc_min=min(logreg), logreg_acc_max=max(logreg),
        logreg_train_acc_max=max(column("logreg_train_acc")), nn1_acc_min=min(nn1), nn1_acc_max=max(nn1),
        nn1_train_acc_min=min(column("nn1_train_acc")), seed_logreg_margin=margins,
        logreg_margin_min=min(margins), logreg_margin_max=max(margins),
        logreg_digits_ahead_min=min(digits_ahead), logreg_digits_ahead_max=max(digits_ahead))


@figure("misclassified", seed=0, quick=dict(MODEL, seeds=5, show=18), full=dict(MODEL, steps=10000, seeds=10, show=18))
def misclassified_figure(*, seed: int, hidden: int, depth: int, steps: int, batch_size: int, lr: float, seeds: int,
                         show: int):
    """The held-out digits that the trained network gets wrong, with its prediction and the truth: the
    run of ``training-curves`` with the median test accuracy over ``seeds`` seeds (the first ``show``)."""
    from snippets.style import new_figure

    checks.positive_int("show", show)
    run = dict(hidden=hidden, depth=depth, steps=steps, batch_size=batch_size, lr=lr, eval_every=0)
    runs, featured = _seed_runs(seed, seeds, run)  # the same networks as training-curves: recording changes none
    split, model, _ = runs[featured]
    with torch.no_grad():
        predicted = model(split.x_test).argmax(dim=1)
    wrong = torch.nonzero(predicted != split.y_test).flatten()
    cols = 6
    rows = max(1, -(-min(show, len(wrong)) // cols))
    fig, axes = new_figure(ncols=cols, nrows=rows, width=cols * 1.1, height=rows * 1.3)
    shown = wrong[:show]
    draw_digits(axes, split.x_test[shown],
                [f"said {int(predicted[i])}, is {int(split.y_test[i])}" for i in shown])
    return fig, {"wrong": len(wrong), "n_test": len(split.y_test), "shown": len(shown),
                 "featured_seed": seed + featured,
                 "pairs": [[int(predicted[i]), int(split.y_test[i])] for i in wrong]}


# --- Claims: what the pages state about the figures above, and the checks that decide it ------


def _fit_the_data_check(r: dict) -> bool:
    return (r["seeds"] >= 5 and r["train_acc_min"] == 1.0
            and len(r["seed_test_acc"]) == len(r["seed_logreg_acc"]) == r["seeds"]
            and all(net >= linear for net, linear in zip(r["seed_test_acc"], r["seed_logreg_acc"])))


def _fit_the_data_world_1(r: dict) -> dict:
    return altered({"train_acc_min": 0.97})(r)


def _fit_the_data_world_2(r: dict) -> dict:
    return altered({"seed_test_acc.1": 0.1})(r)


def _fit_the_data_world_3(r: dict) -> dict:
    return altered({"seed_test_acc.3": r["seed_logreg_acc"][3] - 1 / r["n_test"]})(r)


CLAIMS = (
    Claim("fit-the-data", "training fits the data", "The lecture, “Key Engine Behind Recent Success”", "",
          "training tries to find \\(W\\) such that the network fits the data "
          "\\(\\{(x_1, y_1), \\dots, (x_n, y_n)\\}\\), then predicts \\(y = f(x; W)\\) on new points.",
          "training-curves",
          "over {{ training-curves.seeds }} seeds (each its own split and initialization), mini-batch SGD "
          "reaches at least {{ training-curves.train_acc_min:.1% }} training accuracy on "
          "{{ training-curves.n_train }} digits and predicts {{ training-curves.test_acc_min:.1% }} to "
          "{{ training-curves.test_acc_max:.1% }} of {{ training-curves.n_test }} held-out digits (median "
          "{{ training-curves.test_acc_median:.1% }}). Logistic regression on the same splits predicts "
          "{{ training-curves.logreg_acc_min:.1% }} to {{ training-curves.logreg_acc_max:.1% }}: the network is "
          "ahead on every seed, by {{ training-curves.logreg_digits_ahead_min }} to "
          "{{ training-curves.logreg_digits_ahead_max }} digits, a small margin. The 1-nearest-neighbour rule, "
          "which also fits every training digit, predicts {{ training-curves.nn1_acc_min:.1% }} to "
          "{{ training-curves.nn1_acc_max:.1% }}, at least as well as the network on every seed: the network "
          "predicts, but it is not the best predictor of these digits.",
          _fit_the_data_check,
          threshold="every seed fits its training digits exactly (100%, what “fits the data” means), and on "
          "every seed the network predicts the held-out digits at least as well as logistic regression fitted "
          "to the same training digits (scikit-learn's defaults, not tuned): the textbook linear classifier, "
          "which cannot fit them. A network that fitted by memorizing, without predicting, would fall below it. "
          "(This bar was chosen after both baselines had been computed; against the other candidate, "
          "1-nearest-neighbour, the network is not ahead, as the box says.)",
          refutations=(
              Refutation("one seed stops short of fitting", _fit_the_data_world_1),
              Refutation("the fit does not carry over to new points: one seed predicts at chance",
                         _fit_the_data_world_2),
              Refutation("on one seed the network predicts one digit fewer than the linear classifier",
                         _fit_the_data_world_3),
          ),
          page="training"),
)
