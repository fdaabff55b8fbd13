"""Training and prediction, written out: empirical risk, cross-entropy, and a mini-batch SGD loop.

Training: given data {(x_1, y_1), ..., (x_n, y_n)}, find W with a small empirical risk
    R_n(W) = (1/n) sum_j loss(f(x_j; W), y_j),
here with the cross-entropy loss, by stochastic gradient descent on random mini-batches.
Prediction: for a new x, predict the class with the largest output of f(x; W).

The whole dataset stays in memory as tensors and batches are slices of it: on data this small a
DataLoader would cost more than the model.
"""
from __future__ import annotations

import numpy as np
import torch
from torch import nn

from snippets import checks
from snippets.data import digits_split, draw_digits
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


RUN = dict(hidden=128, depth=2, steps=4000, batch_size=32, lr=0.1, eval_every=50)


# --- Figures --------------------------------------------------------------------------------------

@figure("training-curves", seed=0, quick=dict(RUN, seeds=5), full=dict(RUN, steps=10000, seeds=10))
def training_curves_figure(*, seed: int, hidden: int, depth: int, steps: int, batch_size: int, lr: float,
                           eval_every: int, seeds: int):
    """Empirical risk and accuracy on the training and test digits during mini-batch SGD (the curves of
    one run; the final accuracies of ``seeds`` runs, each with its own split and initialization)."""
    from snippets.style import new_figure

    checks.positive_int("seeds", seeds)
    split, model, h = digits_run(seed, hidden, depth, steps, batch_size, lr, eval_every)
    finals = [_summary(h)] + [_summary(digits_run(seed + i, hidden, depth, steps, batch_size, lr, steps)[2])
                              for i in range(1, seeds)]
    train_accs, test_accs = [f["train_acc"] for f in finals], [f["test_acc"] for f in finals]
    fig, (left, right) = new_figure(ncols=2, width=9.6, height=3.6)
    left.plot(h["step"], h["train_loss"], label="training risk")
    left.plot(h["step"], h["test_loss"], label="test risk")
    left.set_yscale("log")
    left.set_xlabel("SGD step")
    left.set_ylabel("cross-entropy (log scale)")
    left.legend()
    right.plot(h["step"], [100 * a for a in h["train_acc"]], label="training accuracy")
    right.plot(h["step"], [100 * a for a in h["test_acc"]], label="test accuracy")
    right.set_ylim(80, 100.5)
    right.set_xlabel("SGD step")
    right.set_ylabel("accuracy (%)")
    right.legend(loc="lower right")
    n_params = sum(p.numel() for p in model.parameters())
    return fig, dict(_summary(h), n_params=n_params, n_train=len(split.y_train), n_test=len(split.y_test),
                     steps=steps, batch_size=batch_size, lr=lr, hidden=hidden, depth=depth, seeds=seeds,
                     seed_train_acc=train_accs, seed_test_acc=test_accs, train_acc_min=min(train_accs),
                     test_acc_median=float(np.median(test_accs)), test_acc_min=min(test_accs),
                     test_acc_max=max(test_accs))


@figure("misclassified", seed=0, quick=dict(RUN, show=12), full=dict(RUN, steps=10000, show=12))
def misclassified_figure(*, seed: int, hidden: int, depth: int, steps: int, batch_size: int, lr: float,
                         eval_every: int, show: int):
    """The held-out digits that the trained network gets wrong, with its prediction and the truth."""
    from snippets.style import new_figure

    checks.positive_int("show", show)
    split, model, _ = digits_run(seed, hidden, depth, steps, batch_size, lr, eval_every)
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
                 "pairs": [[int(predicted[i]), int(split.y_test[i])] for i in wrong]}
