"""Implicit regularization: the claims of the minimum-norm, kernel and double-descent experiments."""
import numpy as np
import pytest
import torch

from conftest import figure_results as results
from snippets import implicit as im
from snippets.data import digits_split


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """The matrices here are tiny: extra threads only add overhead (and contend with other workers)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def problem():
    """Ten digits as raw pixels: 10 equations, 64 unknowns per class."""
    x, labels = im.underdetermined_digits(10, seed=0)
    return x, im.one_hot(labels)


@pytest.fixture(scope="module")
def w0(problem):
    gen = torch.Generator().manual_seed(1)
    return torch.randn(problem[0].shape[1], im.CLASSES, generator=gen, dtype=torch.float64)


def test_gd_from_zero_converges_to_the_pseudo_inverse_solution(problem):
    x, y = problem
    run = im.gd_least_squares(x, y, 5000, record_every=500)
    assert torch.linalg.norm(run.w - torch.linalg.pinv(x) @ y) < 1e-6
    assert run.to_min_norm[-1] < 1e-6 and run.loss[-1] < 1e-12
    # every iterate is a combination of the examples: never leaves the row space
    assert max(run.to_row_space) < 1e-10


def test_sgd_from_zero_converges_to_the_same_solution(problem):
    x, y = problem
    for batch_size in (1, 4):
        run = im.sgd_least_squares(x, y, 10000, batch_size=batch_size, seed=0, record_every=1000)
        assert run.to_min_norm[-1] < 1e-6
        assert max(run.to_row_space) < 1e-10


def test_gd_from_nonzero_start_interpolates_but_is_not_min_norm(problem, w0):
    x, y = problem
    run = im.gd_least_squares(x, y, 5000, w0=w0, record_every=500)
    P = im.row_space_projector(x)
    null_part = torch.linalg.norm(w0 - P @ w0)
    assert run.loss[-1] < 1e-12  # fits the data as well as the min-norm solution...
    assert float(null_part) > 1.0  # ...but sits a fixed distance away from it
    assert run.to_min_norm[-1] == pytest.approx(float(null_part), rel=1e-6)
    assert torch.linalg.norm(run.w - im.gd_limit(x, y, w0)) < 1e-6
    # the component outside the row space is never touched by a gradient step
    assert np.allclose(run.to_row_space, float(null_part), rtol=1e-9)
    assert torch.linalg.norm(run.w) > torch.linalg.norm(im.min_norm_solution(x, y))


def test_min_norm_solution_is_zero_on_pixels_no_example_uses():
    x, labels = im.underdetermined_digits(30, seed=0)
    blank = x.abs().sum(dim=0) == 0
    assert blank.sum() >= 4  # the digits' always-empty border pixels
    w = im.min_norm_solution(x, im.one_hot(labels))
    assert w[blank].abs().max() < 1e-12
    assert torch.allclose(x @ w, im.one_hot(labels), atol=1e-9)


def test_rank_deficient_data_is_handled():
    x, labels = im.underdetermined_digits(10, seed=0)
    x2 = torch.cat([x, x[:3]])  # 13 rows, rank 10: the repeated rows carry the same labels
    labels2 = torch.cat([labels, labels[:3]])
    w = im.min_norm_solution(x2, labels2.double())
    assert torch.allclose(w, im.min_norm_solution(x, labels.double()), atol=1e-9)
    assert torch.allclose(im.row_space_projector(x2), im.row_space_projector(x), atol=1e-9)
    run = im.gd_least_squares(x2, labels2.double(), 5000, record_every=5000)
    assert run.to_min_norm[-1] < 1e-6


def test_kernel_interpolation_fits_every_digit_and_generalizes():
    """Measured on the seed-0 split: test error 1.1% (5 of 449) at the median bandwidth."""
    fit = im.kernel_fit(digits_split(seed=0))
    assert fit["train_error"] == 0.0 and fit["train_residual"] < 1e-9
    assert fit["test_error"] <= 0.02  # accuracy >= 98%, chance is 10%
    assert 1e5 < fit["condition"] < 1e8


def test_small_bandwidth_kernel_is_close_to_the_identity():
    x = digits_split(seed=0).x_train[:200]
    bandwidth = 0.01 * im.median_bandwidth(x)  # far below the distance of the closest two digits
    assert torch.allclose(im.rbf_kernel(x, x, bandwidth), torch.eye(200, dtype=torch.float64), atol=1e-6)
    assert im.kernel_condition(x, bandwidth) < 1.01


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_double_descent_peaks_at_the_interpolation_threshold(seed):
    """n = 100: measured test losses about 0.65 (N = 25), 12 to 1000 (N = 100) and 0.28 (N = 800)."""
    n = 100
    split = im.train_subset(n, 0)
    risk = {N: im.random_features_risk(split, N, seed) for N in (n // 4, n, 8 * n)}
    assert risk[n]["test_mse"] > 10 * risk[n // 4]["test_mse"]
    assert risk[n]["test_mse"] > 10 * risk[8 * n]["test_mse"]
    assert risk[8 * n]["test_error"] < risk[n // 4]["test_error"] < risk[n]["test_error"]
    assert risk[n]["train_error"] == risk[8 * n]["train_error"] == 0.0


def test_double_descent_curve_is_deterministic_and_interpolates_past_n():
    grid = [10, 30, 60, 120]
    a, b = im.double_descent(60, grid, seeds=2), im.double_descent(60, grid, seeds=2)
    assert a == b
    assert a["train_mse_mean"][-1] < 1e-20 and a["train_mse_mean"][0] > 0.1


def test_min_norm_fit_is_the_gram_form_past_the_threshold():
    split = im.train_subset(50, 0)
    phi = im.random_relu_features(split.x_train, 400, seed=0)(split.x_train)
    y = im.one_hot(split.y_train)
    beta = im.min_norm_fit(phi, y)
    assert torch.allclose(beta, phi.T @ torch.linalg.solve(phi @ phi.T, y), atol=1e-8)
    assert torch.allclose(phi @ beta, y, atol=1e-9)


def test_feature_grid_is_dense_around_n():
    grid = im.feature_grid(400, 10)
    assert grid == sorted(set(grid)) and grid[0] == 10 and grid[-1] == 4000
    assert 400 in grid and sum(300 <= N <= 500 for N in grid) >= 7


def test_wide_network_fits_the_digits_and_narrow_one_cannot():
    split = im.train_subset(100, 0)
    wide = im.train_width(split, 128, steps=500, lr=0.003, seed=0)
    narrow = im.train_width(split, 2, steps=500, lr=0.003, seed=0)
    assert wide["train_error"] == 0.0 and wide["test_error"] < 0.3
    assert narrow["train_error"] > 0.3
    assert wide["n_params"] == 128 * 65 + 10 * 129 == im.n_params(64, 128)


def test_stacked_widths_train_as_separate_networks():
    """train_widths stacks seeds; each must be the network a plain nn.Module loop trains alone."""
    from snippets.nets import mlp

    split = im.train_subset(60, 0)
    stacked = im.train_widths(split, 6, steps=40, lr=0.01, seeds=[3, 0])
    model = mlp([64, 6, 10], seed=0, dtype=torch.float32)
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    decay = torch.optim.lr_scheduler.CosineAnnealingLR(opt, 40)
    x, targets = split.x_train.float(), im.one_hot(split.y_train).float()
    for _ in range(40):
        opt.zero_grad()
        ((model(x) - targets) ** 2).sum(dim=1).mean().backward()
        opt.step()
        decay.step()
    with torch.no_grad():
        alone = im.squared_loss(model(x).double(), split.y_train)
    assert stacked[1]["seed"] == 0 and stacked[1]["train_mse"] == pytest.approx(alone, rel=1e-4)
    assert stacked[0]["train_mse"] != pytest.approx(alone, rel=1e-2)  # seed 3 is another network


def test_training_on_hurts_near_the_threshold_not_far_above(built_site):
    """The page's finding: the same runs read early generalize better near 10 n parameters than at the
    end; the widest barely change; and the end-of-training curve has no peak past the narrowest width."""
    r = results(built_site, "width-sweep")
    assert r["gap"] > 0.02 and r["gap_params"] <= 2 * r["threshold_params"]
    assert abs(r["widest_gap"]) < r["gap"] / 2
    assert r["worst_train_mse_above"] < 1e-3 and r["widest_test_error"] < r["second_test_error"]


def test_figures_are_registered_with_both_scales():
    for fn in (im.min_norm_figure, im.kernel_interpolation_figure, im.double_descent_figure,
               im.width_sweep_figure):
        assert set(fn.figure_scales) == {"quick", "full"}
    assert im.double_descent_figure.figure_scales["quick"]["seeds"] >= 3


def test_bad_arguments_are_refused(problem):
    x, y = problem
    with pytest.raises(ValueError, match="n < d = 64"):
        im.underdetermined_digits(64)
    with pytest.raises(ValueError, match="steps must be a positive integer"):
        im.gd_least_squares(x, y, 0)
    with pytest.raises(ValueError, match="lr must be positive"):
        im.gd_least_squares(x, y, 10, lr=-0.1)
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        im.sgd_least_squares(x, y, 10, batch_size=0)
    with pytest.raises(ValueError, match="w0 must have shape"):
        im.gd_least_squares(x, y, 10, w0=torch.zeros(64))
    with pytest.raises(ValueError, match="x must be a matrix"):
        im.min_norm_solution(x[0], y)
    with pytest.raises(ValueError, match="y must have shape"):
        im.min_norm_solution(x, y[:5])
    with pytest.raises(ValueError, match="bandwidth must be positive"):
        im.rbf_kernel(x, x, 0.0)
    with pytest.raises(ValueError, match="same number of columns"):
        im.rbf_kernel(x, x[:, :10], 1.0)
    with pytest.raises(ValueError, match="one label per row"):
        im.kernel_interpolant(x, torch.zeros(3, dtype=torch.long), 1.0)
    with pytest.raises(ValueError, match="n_features must be a positive integer"):
        im.random_relu_features(x, 0, seed=0)
    with pytest.raises(ValueError, match="bias_scale must be nonnegative"):
        im.random_relu_features(x, 5, seed=0, bias_scale=-1.0)
    with pytest.raises(ValueError, match=r"x must have shape \(n, 64\)"):
        im.random_relu_features(x, 5, seed=0)(x[:, :10])
    with pytest.raises(ValueError, match="n must be an integer between 1 and 1348"):
        im.train_subset(5000)
    with pytest.raises(ValueError, match="width must be a positive integer"):
        im.train_width(im.train_subset(20), 0, steps=10, lr=0.01, seed=0)
    with pytest.raises(ValueError, match="seeds must be a positive integer"):
        im.double_descent(20, [5, 10], seeds=0)
