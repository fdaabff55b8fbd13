"""Implicit regularization: the claims of the minimum-norm, kernel and double-descent experiments."""
import numpy as np
import pytest
import torch

from conftest import figure_results as results
from snippets import implicit as im
from snippets.data import Split, digits_split


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


def test_kernel_ridge_path_is_the_regularized_solve_and_zero_is_the_interpolant():
    """Each lambda's scores are those of alpha = (K + lambda I)^{-1} Y, from one eigendecomposition; lambda = 0
    reproduces the interpolant; a huge lambda shrinks every score towards 0."""
    x = digits_split(seed=0).x_train[:60].double()
    labels, bandwidth = digits_split(seed=0).y_train[:60], 3.0
    x_eval = digits_split(seed=0).x_test[:7]
    K, K_eval = im.rbf_kernel(x, x, bandwidth), im.rbf_kernel(x_eval, x, bandwidth)
    path = im._ridge_scores(x, labels, x_eval, bandwidth, (0.0, 0.5, 1e9))
    alpha0 = im.kernel_interpolant(x, labels, bandwidth)
    assert torch.allclose(path[0][0], K @ alpha0, atol=1e-8) and torch.allclose(path[0][1], K_eval @ alpha0, atol=1e-8)
    alpha = torch.linalg.solve(K + 0.5 * torch.eye(60, dtype=torch.float64), im.one_hot(labels))
    assert torch.allclose(path[1][0], K @ alpha, atol=1e-10) and torch.allclose(path[1][1], K_eval @ alpha, atol=1e-10)
    assert path[2][0].abs().max() < 1e-6 < path[1][0].abs().max()
    scores, eig = im._ridge_path(x, labels, x_eval, bandwidth, (0.5,))
    assert torch.equal(scores[0][0], path[1][0]) and torch.allclose(eig, torch.linalg.eigvalsh(K))


def test_the_ridge_penalty_is_chosen_without_the_test_digits():
    """As in tests/test_selection.py: the choice is run twice, once as published and once with the test digits'
    labels replaced by noise; the chosen lambda and the validation curve it was chosen on must not move."""
    split = digits_split(seed=0)
    noise = torch.randint(10, split.y_test.shape, generator=torch.Generator().manual_seed(1))
    scrambled_split = Split(split.x_train, split.y_train, split.x_test, noise)
    honest, scrambled = im._validated_ridge(split), im._validated_ridge(scrambled_split)
    assert scrambled["lambda"] == honest["lambda"] and scrambled["validation_mse"] == honest["validation_mse"]
    assert scrambled["test_error"] != honest["test_error"]  # the noise reached the test digits
    # the choice is the smallest validation loss, among the documented penalties, on 20% of the training digits
    assert honest["lambda"] == im.RIDGE_LAMBDAS[int(np.argmin(honest["validation_mse"]))]
    assert len(honest["validation_mse"]) == len(im.RIDGE_LAMBDAS) and honest["validation_size"] == 270
    # and the interpolant it is compared with is kernel_fit's at the median bandwidth
    assert honest["interpolant_test_error"] == im.kernel_fit(split)["test_error"]
    assert honest["interpolant_train_error"] == 0 < honest["train_mse"] and honest["interpolant_train_mse"] < 1e-12


def test_interpolating_costs_nothing_we_can_measure(built_site):
    """What the page says of the ridge comparison: on every split the interpolant fits every training digit and
    is no worse than 1-nearest neighbour; the ridge, with lambda chosen on validation above the smallest
    eigenvalue of K, does not interpolate but classifies every training digit, and is better than the
    interpolant in no split."""
    r = results(built_site, "kernel-interpolation")
    b = r["by_split"]
    assert b["count"] == len(b["seeds"]) == len(b["interpolant"]["each"]) >= 5 and b["seeds"][0] == 0
    assert b["interpolant"]["each"][0] == r["median_test_error"]  # the figure's split first
    assert all(e == 0 for e in b["interpolant"]["train_error"]) and all(e == 0 for e in b["ridge"]["train_error"])
    assert b["interpolant_no_worse_than_neighbour"] == b["count"]
    assert b["ridge"]["lambda_low"] > b["smallest_eigenvalue_high"] and b["ridge"]["train_mse"]["low"] > 0
    assert b["ridge_better"] == 0 and b["ridge_gain"]["high"] <= 0  # "here it does not improve it at all"
    # "by at most k of the test digits ... far inside the spread between splits"
    assert b["ridge_most_extra_mistakes"] * b["one_digit"] < (b["interpolant"]["high"] - b["interpolant"]["low"]) / 2
    assert b["one_digit"] == 1 / r["n_test"]
    assert b["ridge_worse"] == sum(g < 0 for g in b["ridge_gain_digits"])
    for key in ("interpolant", "ridge", "nearest_neighbour"):
        each = b[key]["each"]
        assert (b[key]["low"], b[key]["median"], b[key]["high"]) == (min(each), float(np.median(each)), max(each))


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
    assert r["rises"] == 0  # "never rises from one width to the next"
    assert r["worst_train_mse_below"] < 1e-2 and r["test_error_std"][1] > 0.05  # "alike"; "too few runs"
    assert r["widths"][1] == r["second_width"]


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


# --- Exact small cases: what each step computes, what is recorded, what bad input is told -----------------

def test_gd_takes_exactly_steps_steps_of_the_documented_size_and_records_where_it_says(problem):
    x, y = problem
    run = im.gd_least_squares(x, y, 5, record_every=2)
    n = len(x)
    lr = n / float(torch.linalg.matrix_norm(x, ord=2)) ** 2  # 1 / lambda_max(X^T X / n)
    w, target, P = torch.zeros(64, 10, dtype=torch.float64), im.min_norm_solution(x, y), im.row_space_projector(x)
    iterates = [w]
    for _ in range(5):
        w = w - lr * x.T @ (x @ w - y) / n
        iterates.append(w)
    assert run.step == [0, 2, 4, 5] and torch.allclose(run.w, w, rtol=0, atol=1e-12)
    for step, dist, off, loss in zip(run.step, run.to_min_norm, run.to_row_space, run.loss):
        v = iterates[step]
        assert dist == pytest.approx(float(torch.linalg.norm(v - target)), rel=1e-12)
        assert off == pytest.approx(float(torch.linalg.norm(v - P @ v)), abs=1e-12)
        assert loss == pytest.approx(float(((x @ v - y) ** 2).sum()) / (2 * n), rel=1e-12)
    assert im.gd_least_squares(x, y, 3).step == [0, 1, 2, 3]  # record_every defaults to every step
    assert torch.equal(im.gd_least_squares(x, y, 5, lr=lr).w, run.w)  # the default step size is 1/L


def test_sgd_draws_its_batches_from_its_seed_with_the_documented_defaults(problem):
    x, y = problem
    run = im.sgd_least_squares(x, y, 5, record_every=2)
    gen, w = torch.Generator().manual_seed(0), torch.zeros(64, 10, dtype=torch.float64)
    lr = 1.0 / float((x ** 2).sum(dim=1).max())  # safe for every batch: Kaczmarz steps for batch size 1
    for _ in range(5):
        i = torch.randint(len(x), (1,), generator=gen)
        w = w - lr * x[i].T @ (x[i] @ w - y[i])
    assert run.step == [0, 2, 4, 5] and torch.allclose(run.w, w, rtol=0, atol=1e-12)
    assert run.loss[-1] == pytest.approx(float(((x @ w - y) ** 2).sum()) / (2 * len(x)), rel=1e-12)
    assert im.sgd_least_squares(x, y, 3).step == [0, 1, 2, 3]
    same = im.sgd_least_squares(x, y, 5, batch_size=1, lr=lr, seed=0, record_every=2)
    assert torch.equal(same.w, run.w) and not torch.equal(im.sgd_least_squares(x, y, 5, seed=1).w, run.w)
    assert not torch.equal(im.sgd_least_squares(x, y, 5, batch_size=2).w, run.w)


def test_rcond_decides_which_directions_count():
    """Singular values 1 and 1e-12: below RCOND = 1e-10 the second is dropped, as pinv's default would not."""
    u = torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]], dtype=torch.float64)
    x = u @ torch.diag(torch.tensor([1.0, 1e-12], dtype=torch.float64))  # 3 x 2, rank 1 at RCOND
    y = torch.tensor([1.0, 1.0, 0.0], dtype=torch.float64)
    assert torch.allclose(im.min_norm_solution(x, y), torch.tensor([1.0, 0.0], dtype=torch.float64), atol=1e-9)
    assert float(im.min_norm_solution(x, y, rcond=0.0)[1]) == pytest.approx(1e12)
    assert torch.allclose(im.row_space_projector(x), torch.diag(torch.tensor([1.0, 0.0], dtype=torch.float64)))
    w0 = torch.tensor([5.0, 7.0], dtype=torch.float64)
    assert torch.allclose(im.gd_limit(x, y, w0), torch.tensor([1.0, 7.0], dtype=torch.float64), atol=1e-9)


def test_data_helpers_take_exact_seeds_and_boundaries():
    assert torch.equal(im.train_subset(5).x_train, im.train_subset(5, seed=0).x_train)
    split = digits_split(seed=0)
    pick = torch.randperm(len(split.y_train), generator=torch.Generator().manual_seed(1))[:5]
    assert torch.equal(im.train_subset(5).y_train, split.y_train[pick])
    assert len(im.train_subset(1).y_train) == 1 and len(im.train_subset(len(split.y_train)).y_train) == len(split.y_train)
    for bad in (0, True, 2.0):
        with pytest.raises(ValueError, match=r"^n must be an integer between 1 and 1348 training digits"):
            im.train_subset(bad)
    x, labels = im.underdetermined_digits(1)
    assert x.shape == (1, 64) and torch.equal(im.underdetermined_digits(3)[0], im.underdetermined_digits(3, seed=0)[0])
    assert torch.equal(labels, split.y_train[torch.randperm(len(split.y_train), generator=torch.Generator().manual_seed(0))[:1]])
    with pytest.raises(ValueError, match="need 1 <= n < d = 64"):
        im.underdetermined_digits(True)


def test_losses_and_labels_exactly():
    assert torch.equal(im.one_hot(torch.tensor([3, 3])), torch.eye(10, dtype=torch.float64)[[3, 3]])
    assert im.one_hot(torch.tensor([9])).shape == (1, 10)
    with pytest.raises(ValueError, match=r"^labels must be int64 class indices 0\.\.9, got torch\.int64 \[10\]$"):
        im.one_hot(torch.tensor([10]))
    with pytest.raises(ValueError, match=r"got torch\.int64 \[0, 1, 2, 3, 4, 5, 6, 7\]$"):
        im.one_hot(torch.tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, -1]))
    scores = torch.zeros(2, 10, dtype=torch.float64)
    scores[0, 1], scores[1, 2] = 1.0, 3.0
    labels = torch.tensor([1, 0])
    assert im.squared_loss(scores, labels) == (0.0 + (9.0 + 1.0)) / 2  # per example, then the mean
    assert im.error_rate(scores, labels) == 0.5
    assert im.rbf_kernel(torch.zeros(1, 2), torch.tensor([[1.0, 0.0]]), 1.0).item() == pytest.approx(np.exp(-0.5))
    assert im.rbf_kernel(torch.zeros(1, 2), torch.tensor([[2.0, 0.0]]), 2.0).item() == pytest.approx(np.exp(-0.5))
    assert im.median_bandwidth(torch.tensor([[0.0, 0.0], [3.0, 4.0]])) == 5.0  # two examples are enough


def test_kernel_and_neighbour_helpers_on_a_tiny_split():
    from snippets.data import Split

    x_train = torch.tensor([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0]])
    split = Split(x_train, torch.tensor([0, 1, 2]), torch.tensor([[0.9, 0.1], [0.1, 1.8], [0.0, 0.1]]),
                  torch.tensor([1, 0, 0]))
    assert im.nearest_neighbour_error(split) == pytest.approx(1 / 3)  # nearest: 1, 2, 0
    fit = im.kernel_fit(split, bandwidth=0.7)
    assert set(fit) == {"bandwidth", "train_error", "train_residual", "test_error", "condition", "alpha_norm"}
    assert fit["bandwidth"] == 0.7 and fit["train_error"] == 0.0 and fit["train_residual"] < 1e-12
    eig = torch.linalg.eigvalsh(im.rbf_kernel(x_train, x_train, 0.7))
    assert fit["condition"] == pytest.approx(float(eig[-1] / eig[0])) == im.kernel_condition(x_train, 0.7)
    alpha = im.kernel_interpolant(x_train, split.y_train, 0.7)
    assert fit["alpha_norm"] == pytest.approx(float(torch.linalg.norm(alpha)))
    assert im.kernel_fit(split)["bandwidth"] == im.median_bandwidth(x_train)


def test_relu_features_are_the_documented_formula():
    x = torch.tensor([[0.0, 1.0], [2.0, 3.0], [4.0, 8.0]], dtype=torch.float64)
    f = im.random_relu_features(x, 3, seed=0, bias_scale=2.0)
    assert f.scale != 1.0 and bool((f.b != 0).all())
    expected = torch.clamp((x - f.center) / f.scale @ f.W.T + f.b, min=0)
    assert torch.equal(f(x), expected)


def test_train_widths_takes_exactly_its_steps_and_reads_the_early_test_error():
    from snippets.nets import mlp

    split = im.train_subset(40, 0)
    out = im.train_widths(split, 5, steps=3, lr=0.02, seeds=[2, 0], early=1)
    model = mlp([64, 5, 10], seed=0, dtype=torch.float32)  # seed 0 alone, by a plain loop
    opt = torch.optim.Adam(model.parameters(), lr=0.02)
    decay = torch.optim.lr_scheduler.CosineAnnealingLR(opt, 3)
    x, targets = split.x_train.float(), im.one_hot(split.y_train).float()
    for step in range(1, 4):
        opt.zero_grad()
        ((model(x) - targets) ** 2).sum(dim=1).mean().backward()
        opt.step()
        decay.step()
        if step == 1:
            with torch.no_grad():
                early = im.error_rate(model(split.x_test.float()).double(), split.y_test)
    with torch.no_grad():
        train, test = model(x).double(), model(split.x_test.float()).double()
    r = out[1]
    assert set(r) == {"width", "n_params", "seed", "train_error", "train_mse", "test_error", "test_mse",
                      "early_test_error"}
    assert (r["width"], r["n_params"], r["seed"]) == (5, im.n_params(64, 5), 0)
    assert r["train_mse"] == pytest.approx(im.squared_loss(train, split.y_train), rel=1e-5)
    assert r["test_mse"] == pytest.approx(im.squared_loss(test, split.y_test), rel=1e-5)
    assert r["test_error"] == im.error_rate(test, split.y_test) and r["early_test_error"] == early
    assert r["train_error"] == im.error_rate(train, split.y_train)
    assert "early_test_error" not in im.train_widths(split, 5, steps=2, lr=0.02, seeds=[0])[0]


def test_width_sweep_trains_every_width_on_seeds_from_the_data_seed():
    out = im.width_sweep(30, (2, 3), steps=2, lr=0.01, seeds=2, early=1)
    split = im.train_subset(30, 0)
    runs = [im.train_widths(split, k, 2, 0.01, [0, 1], 1) for k in (2, 3)]
    assert out["runs"] == runs
    assert (out["widths"], out["n_params"], out["n"], out["steps"], out["lr"], out["seeds"], out["early"]) == (
        [2, 3], [im.n_params(64, 2), im.n_params(64, 3)], 30, 2, 0.01, 2, 1)
    for key in ("train_error", "train_mse", "test_error", "test_mse", "early_test_error"):
        values = np.array([[r[key] for r in row] for row in runs])
        assert out[f"{key}_mean"] == values.mean(axis=1).tolist() and out[f"{key}_std"] == values.std(axis=1).tolist()
    other = im.width_sweep(30, (2,), steps=2, lr=0.01, seeds=1, data_seed=1)
    assert other["runs"] == [im.train_widths(im.train_subset(30, 1), 2, 2, 0.01, [1000])]
    assert other["early"] is None and "early_test_error_mean" not in other
    without_early = {k: v for k, v in runs[0][0].items() if k != "early_test_error"}
    assert im.width_sweep(30, (2,), steps=2, lr=0.01, seeds=1)["runs"] == [[without_early]]  # data_seed 0


@pytest.mark.parametrize("call, message", [
    (lambda x, y: im.min_norm_solution(x, [1.0]), r"^y must be a torch\.Tensor"),
    (lambda x, y: im.min_norm_solution(x, y, rcond=-1.0), r"^rcond must be nonnegative"),
    (lambda x, y: im.row_space_projector(x, rcond=-1.0), r"^rcond must be nonnegative"),
    (lambda x, y: im.gd_least_squares(x, y, 3, w0=[0.0]), r"^w0 must be a torch\.Tensor"),
    (lambda x, y: im.gd_least_squares(x, y, 3, record_every=0), r"^record_every must be a positive integer"),
    (lambda x, y: im.sgd_least_squares(x, y, 3, lr=0.0), r"^lr must be positive"),
    (lambda x, y: im.one_hot([1]), r"^labels must be a torch\.Tensor"),
    (lambda x, y: im.one_hot(torch.zeros(2, 2, dtype=torch.long)), r"^labels must be a vector \(1-D\) tensor"),
    (lambda x, y: im.error_rate([1.0], torch.tensor([1])), r"^scores must be"),
    (lambda x, y: im.error_rate(y, [1]), r"^labels must be a torch\.Tensor"),
    (lambda x, y: im.error_rate(y, torch.zeros(10, 1, dtype=torch.long)), r"^labels must be a vector \(1-D\) tensor"),
    (lambda x, y: im.squared_loss(y, torch.tensor([1])), r"same length|same number"),
    (lambda x, y: im.median_bandwidth([[0.0]]), r"^x must be a torch\.Tensor"),
    (lambda x, y: im.median_bandwidth(torch.zeros(1, 2)), r"^x must be a matrix of at least two examples"),
    (lambda x, y: im.rbf_kernel([[0.0]], x, 1.0), r"^a must be a torch\.Tensor"),
    (lambda x, y: im.rbf_kernel(x, [[0.0]], 1.0), r"^b must be a torch\.Tensor"),
    (lambda x, y: im.rbf_kernel(x[0], x, 1.0), r"^a and b must be matrices"),
    (lambda x, y: im.kernel_interpolant([[0.0]], torch.tensor([0]), 1.0), r"^x must be"),
    (lambda x, y: im.kernel_interpolant(x, [0] * 10, 1.0), r"^labels must be a torch\.Tensor"),
    (lambda x, y: im.kernel_fit(x), r"^split must be a Split"),
    (lambda x, y: im.kernel_fit(im.train_subset(5), bandwidth=0.0), r"^bandwidth must be positive"),
    (lambda x, y: im.nearest_neighbour_error(None), r"^split must be a Split"),
    (lambda x, y: im.random_relu_features([[0.0]], 3, seed=0), r"^x_train must be a torch\.Tensor"),
    (lambda x, y: im.random_relu_features(x[0], 3, seed=0), r"^x_train must be a matrix of at least two"),
    (lambda x, y: im.random_relu_features(x, 3, seed=0)([[0.0] * 64]), r"^x must be a torch\.Tensor"),
    (lambda x, y: im.train_widths(x, 3, 2, 0.01, [0]), r"^split must be a Split"),
    (lambda x, y: im.train_widths(im.train_subset(5), 3, 0, 0.01, [0]), r"^steps must be a positive integer"),
    (lambda x, y: im.train_widths(im.train_subset(5), 3, 2, 0.0, [0]), r"^lr must be positive"),
    (lambda x, y: im.train_widths(im.train_subset(5), 3, 2, 0.01, [-1]), r"^seeds must be"),
    (lambda x, y: im.train_widths(im.train_subset(5), 3, 2, 0.01, [0], early=0), r"^early must be an integer"),
    (lambda x, y: im.width_sweep(5, (0,), 2, 0.01, 1), r"^widths must be"),
    (lambda x, y: im.width_sweep(5, (2,), 0, 0.01, 1), r"^steps must be a positive integer"),
    (lambda x, y: im.width_sweep(5, (2,), 2, 0.01, 0), r"^seeds must be a positive integer"),
    (lambda x, y: im.width_sweep(5, (2,), 2, -0.01, 1), r"^lr must be positive"),
])
def test_each_bad_argument_is_named_in_the_message(problem, call, message):
    x, y = problem
    with pytest.raises((TypeError, ValueError), match=message):
        call(x, y)


def test_early_may_be_the_first_step():
    out = im.train_widths(im.train_subset(20), 3, steps=2, lr=0.01, seeds=[0], early=1)
    assert 0.0 <= out[0]["early_test_error"] <= 1.0
