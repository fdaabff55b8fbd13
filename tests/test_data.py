"""The data helpers (snippets.data): the digits split, the sample photo, and digits drawn on axes."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from snippets import data  # noqa: E402
from snippets.figures import FigureError, figure  # noqa: E402


def test_the_defaults_are_a_quarter_held_out_with_seed_zero_and_the_china_photo():
    a, b = data.digits_split(), data.digits_split(0.25, seed=0)
    assert torch.equal(a.x_test, b.x_test) and len(a.y_test) == round(0.25 * 1797)
    assert np.array_equal(data.photo_as_vector(), data.photo_as_vector("china.jpg"))

    @figure("toy", quick={}, full={})
    def toy(*, seed):
        return seed
    assert toy.figure_seed == 0


def test_the_split_has_float_pixels_and_integer_labels():
    split = data.digits_split(test_fraction=0.5, seed=2)
    assert split.x_train.dtype == torch.float32 and split.y_train.dtype == torch.long
    assert len(split.y_test) == round(0.5 * 1797) and len(split.y_train) == 1797 - len(split.y_test)


@pytest.mark.parametrize("field, bad, message", [
    ("x_train", torch.zeros(5), "x_train"), ("y_train", torch.zeros(4, 2), "y_train"),
    ("x_test", torch.zeros(3, 64), "x_test"), ("y_test", torch.zeros(3, dtype=torch.long), "x_test"),
])
def test_a_split_refuses_parts_that_do_not_fit(field, bad, message):
    parts = dict(x_train=torch.zeros(4, 64), y_train=torch.zeros(4, dtype=torch.long),
                 x_test=torch.zeros(2, 64), y_test=torch.zeros(2, dtype=torch.long))
    with pytest.raises((ValueError, TypeError), match=message):
        data.Split(**{**parts, field: bad})


def test_the_photo_is_every_pixel_and_channel_scaled_to_one():
    from sklearn.datasets import load_sample_image
    for name in ("china.jpg", "flower.jpg"):
        image = load_sample_image(name)
        v = data.photo_as_vector(name)
        assert v.dtype == np.float32 and v.shape == (image.size,)
        assert np.array_equal(v, image.reshape(-1).astype(np.float32) / 255.0)
    with pytest.raises(ValueError, match="sample photo"):
        data.photo_as_vector("FLOWER.JPG")


def test_digits_are_drawn_as_they_are_with_their_titles_and_spare_axes_hidden():
    fig, axes = plt.subplots(1, 3)
    images = np.stack([np.linspace(0.2, 0.6, 64), np.eye(8).reshape(64)])  # grey 0 to 1, whatever the range
    data.draw_digits(axes, torch.tensor(images), ["y = 3", "y = 7"])
    for ax, image, title in zip(axes, images, ["y = 3", "y = 7"]):
        (shown,) = ax.get_images()
        assert np.array_equal(shown.get_array(), image.reshape(8, 8))
        assert shown.get_cmap().name == "gray_r" and shown.get_clim() == (0, 1)
        assert shown.get_interpolation() == "nearest"
        assert ax.get_title() == title and ax.title.get_fontsize() == 9
    assert not axes[2].get_images() and not any(ax.axison for ax in axes)
    plt.close(fig)


@pytest.mark.parametrize("images, titles, axes, message", [
    (np.zeros((2, 63)), ["a", "b"], 2, r"8 x 8 = 64 pixels each, got an array of shape \(2, 63\)"),
    (np.zeros(64), ["a"], 1, r"got an array of shape \(64,\)"),
    (np.zeros((1, 8, 8)), ["a"], 1, None),  # 8 x 8 arrays are digits too
    (np.zeros((2, 64)), ["a"], 2, "images"),
    (np.zeros((3, 64)), ["a", "b", "c"], 2, r"^need an axes for each of the 3 images, got 2 fig_axes$"),
    (np.zeros((2, 64)), ["a", "b"], 2, None),  # exactly enough axes
])
def test_drawing_refuses_what_is_not_a_row_of_digits(images, titles, axes, message):
    fig, ax = plt.subplots(1, axes, squeeze=False)
    if message is None:
        data.draw_digits(ax[0], images, titles)
    else:
        with pytest.raises(ValueError, match=message):
            data.draw_digits(ax[0], images, titles)
    plt.close(fig)


def test_the_figure_marker_records_its_name_seed_and_scales_and_refuses_others():
    @figure("toy", seed=4, quick=dict(n=1), full=dict(n=2))
    def toy(*, seed, n):
        return seed, n
    assert (toy.figure_name, toy.figure_seed, toy.figure_scales) == ("toy", 4, {"quick": {"n": 1}, "full": {"n": 2}})
    assert toy(seed=1, n=2) == (1, 2)  # the function itself, unchanged
    with pytest.raises(FigureError) as info:
        figure("bad", quick={}, full={}, huge={})
    assert str(info.value) == "figure 'bad': needs parameters for scales ('quick', 'full'), missing [], unknown ['huge']"
    with pytest.raises(FigureError, match=r"missing \['full'\], unknown \[\]$"):
        figure("bad", quick={})


def test_the_digits_grid_shows_the_first_training_digits_with_their_labels():
    fig, r = data.digits_grid_figure(seed=3, rows=2, cols=3)
    split = data.digits_split(seed=3)
    axes = fig.axes
    assert len(axes) == 6
    for i, ax in enumerate(axes):
        assert ax.get_title() == f"y = {int(split.y_train[i])}"
        shown = ax.get_images()[0].get_array()
        assert np.array_equal(np.asarray(shown), split.x_train[i].reshape(8, 8).numpy())
    assert r == {"n_train": len(split.y_train), "n_test": len(split.y_test), "d": 64, "classes": 10,
                 "train_counts": torch.bincount(split.y_train, minlength=10).tolist()}
    assert sum(r["train_counts"]) == r["n_train"] == 1797 - r["n_test"] and r["n_test"] == 449
    plt.close(fig)
    for bad in ({"rows": 0, "cols": 3}, {"rows": 2, "cols": -1}):
        with pytest.raises(ValueError):
            data.digits_grid_figure(seed=0, **bad)
