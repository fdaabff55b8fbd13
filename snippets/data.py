"""Data the experiments can use without a download: scikit-learn's bundled digits and sample photos.

- ``digits_split`` gives the 1,797 handwritten digits (8 x 8 pixels, 10 classes) as float tensors
  with pixels scaled to [0, 1], split into train and test by a seeded permutation;
- ``photo_as_vector`` shows how a colour photo becomes a vector x in R^d, as in the lecture's
  outdoor/indoor example.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from snippets import checks
from snippets.figures import figure


@dataclass
class Split:
    x_train: torch.Tensor  # (n_train, 64), pixels in [0, 1]
    y_train: torch.Tensor  # (n_train,), labels 0..9
    x_test: torch.Tensor
    y_test: torch.Tensor

    def __post_init__(self):
        for x, y in (("x_train", "y_train"), ("x_test", "y_test")):
            checks.same_length(**{x: checks.matrix(x, getattr(self, x)), y: checks.tensor(y, getattr(self, y), 1)})


def digits_split(test_fraction: float = 0.25, seed: int = 0) -> Split:
    """The digits, shuffled by ``seed`` and split; the same seed always gives the same split."""
    from sklearn.datasets import load_digits

    checks.in_range("test_fraction", test_fraction, 0, 1, lo_open=True, hi_open=True)
    digits = load_digits()
    x = torch.tensor(digits.data / 16.0, dtype=torch.float32)
    y = torch.tensor(digits.target, dtype=torch.long)
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))
    n_test = round(test_fraction * len(y))
    test, train = order[:n_test], order[n_test:]
    return Split(x[train], y[train], x[test], y[test])


def photo_as_vector(name: str = "china.jpg") -> np.ndarray:
    """One of scikit-learn's sample photos flattened into a vector of d = height x width x 3 numbers."""
    from sklearn.datasets import load_sample_image

    checks.one_of("sample photo", name, ("china.jpg", "flower.jpg"))
    return load_sample_image(name).reshape(-1).astype(np.float32) / 255.0


def draw_digits(fig_axes, images, titles) -> None:
    """Digits as 8 x 8 grey images with a title each, on the given axes (extra axes are hidden)."""
    fig_axes, images, titles = list(fig_axes), np.asarray(images), list(titles)
    if images.ndim < 2 or math.prod(images.shape[1:]) != 64:
        raise ValueError(f"images must be digits of 8 x 8 = 64 pixels each, got an array of shape {images.shape}")
    checks.same_length(images=images, titles=titles)
    if len(fig_axes) < len(images):
        raise ValueError(f"need an axes for each of the {len(images)} images, got {len(fig_axes)} fig_axes")
    for ax in fig_axes:
        ax.axis("off")
    for ax, image, title in zip(fig_axes, images, titles):
        ax.imshow(np.asarray(image).reshape(8, 8), cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
        ax.set_title(title, fontsize=9)


# --- Figures --------------------------------------------------------------------------------------

@figure("digits-grid", seed=0, quick=dict(rows=3, cols=10), full=dict(rows=3, cols=10))
def digits_grid_figure(*, seed: int, rows: int, cols: int):
    """Training digits with their labels: what x and y are in the experiments."""
    from snippets.style import new_figure

    checks.positive_int("rows", rows)
    checks.positive_int("cols", cols)
    split = digits_split(seed=seed)
    fig, axes = new_figure(ncols=cols, nrows=rows, width=cols * 0.75, height=rows * 0.9)
    n = rows * cols
    draw_digits(axes, split.x_train[:n], [f"y = {int(y)}" for y in split.y_train[:n]])
    counts = torch.bincount(split.y_train, minlength=10).tolist()
    return fig, {"n_train": len(split.y_train), "n_test": len(split.y_test), "d": split.x_train.shape[1],
                 "classes": 10, "train_counts": counts}
