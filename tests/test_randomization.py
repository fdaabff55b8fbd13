"""Randomization tests (Zhang et al. 2017): the claims of the /rethinking-generalization/ page.

The claims about trained networks are checked on the results the site was built from (the figures'
JSON), so the page and the tests can never disagree; the functions behind them are tested directly.
"""

import pytest
import torch

from snippets import randomization as R
from snippets.data import digits_split


@pytest.fixture(scope="module")
def split():
    return digits_split(seed=0)


from conftest import figure_results as results


# --- The randomizations ------------------------------------------------------------------------------

def test_corrupted_labels_change_about_nine_tenths_of_p(split):
    y = split.y_train
    assert torch.equal(R.corrupt_labels(y, 0.0, seed=1), y)
    for p in (0.5, 1.0):
        changed = (R.corrupt_labels(y, p, seed=1) != y).float().mean().item()
        assert abs(changed - 0.9 * p) < 0.04, (p, changed)  # a random class is the true one 1 time in 10
    random = R.corrupt_labels(y, 1.0, seed=1)
    assert torch.equal(random, R.corrupt_labels(y, 1.0, seed=1))  # drawn once, kept fixed
    assert torch.bincount(random, minlength=10).min() > 0.06 * len(y)  # uniform over the classes


def test_pixel_randomizations(split):
    shuffled = R.randomized(split, "shuffled pixels", seed=3)
    perm = torch.randperm(64, generator=torch.Generator().manual_seed(3))
    assert torch.equal(shuffled.x_train, split.x_train[:, perm]) and torch.equal(shuffled.x_test, split.x_test[:, perm])
    assert torch.equal(shuffled.y_train, split.y_train)
    scrambled = R.randomized(split, "random pixels", seed=3)
    # each image keeps its own pixel values, in an order of its own
    assert torch.equal(scrambled.x_train.sort(dim=1).values, split.x_train.sort(dim=1).values)
    same_order = (scrambled.x_train == shuffled.x_train).all(dim=1).float().mean().item()
    assert same_order < 0.01
    noise = R.randomized(split, "gaussian", seed=3)
    assert torch.allclose(noise.x_train.mean(dim=0), split.x_train.mean(dim=0), atol=0.05)
    assert torch.allclose(noise.x_train.std(dim=0), split.x_train.std(dim=0), atol=0.05)
    assert torch.equal(noise.y_test, split.y_test)  # test labels stay true


def _orders(x: torch.Tensor, offset: torch.Tensor) -> list[tuple[int, ...]]:
    return [tuple(int(v) for v in row) for row in (x - offset[:, None]).round().long()]


def test_random_pixels_draws_an_order_for_every_image_and_shuffled_pixels_one_for_all():
    """Zhang et al.: "random pixels" permutes each image with its own random permutation; "shuffled pixels"
    applies one permutation to every image, train and test. With pixel j of image i set to 1000 i + j, each
    image's order can be read back from its values."""
    n_train, n_test = 200, 50
    offset_tr, offset_te = 1000.0 * torch.arange(n_train), 1000.0 * torch.arange(n_train, n_train + n_test)
    pixels = torch.arange(64.0)
    toy = R.Split(offset_tr[:, None] + pixels, torch.zeros(n_train, dtype=torch.long),
                  offset_te[:, None] + pixels, torch.zeros(n_test, dtype=torch.long))
    identity = tuple(range(64))
    scrambled = R.randomized(toy, "random pixels", seed=3)
    orders = _orders(scrambled.x_train, offset_tr) + _orders(scrambled.x_test, offset_te)
    assert all(sorted(o) == list(identity) for o in orders)  # each image's own pixels, permuted
    assert len(set(orders)) == n_train + n_test and identity not in orders  # one draw per image
    shuffled = R.randomized(toy, "shuffled pixels", seed=3)
    shared = set(_orders(shuffled.x_train, offset_tr) + _orders(shuffled.x_test, offset_te))
    assert len(shared) == 1 and identity not in shared


def test_shifts_move_a_pixel_by_at_most_one(split):
    gen = torch.Generator().manual_seed(0)
    one = torch.zeros(200, 64)
    one[:, 3 * 8 + 4] = 1.0  # a single lit pixel at row 3, column 4
    moved = R.shift_digits(one, gen, max_shift=1)
    rows, cols = moved.argmax(dim=1) // 8, moved.argmax(dim=1) % 8
    assert torch.equal(moved.sum(dim=1), torch.ones(200))
    assert set((rows - 3).tolist()) == {-1, 0, 1} and set((cols - 4).tolist()) == {-1, 0, 1}
    assert torch.equal(R.shift_digits(split.x_train[:5], gen, max_shift=0), split.x_train[:5])


def test_fit_is_deterministic_and_stops_at_100_percent(split):
    small = R.Split(split.x_train[:200], split.y_train[:200], split.x_test, split.y_test)
    a = R.fit(small, hidden=64, steps=400, batch_size=64, lr=1e-2, seed=0)
    b = R.fit(small, hidden=64, steps=400, batch_size=64, lr=1e-2, seed=0)
    assert a["history"] == b["history"] and a["steps_to_fit"] is not None
    assert a["train_acc"] == 1.0 and a["history"]["step"][-1] == a["steps_to_fit"]
    assert a["n_params"] == 64 * 64 + 64 + 64 * 10 + 10


def test_dropout_is_off_when_measuring(split):
    model = R.network(32, 1, seed=0, dropout=0.5)
    assert any(isinstance(m, torch.nn.Dropout) for m in model)
    loss_a = R._loss_and_accuracy(model, split.x_train, split.y_train)
    loss_b = R._loss_and_accuracy(model, split.x_train, split.y_train)
    assert loss_a == loss_b and model.training  # evaluation is repeatable and leaves training mode on


# --- Theorem 1: finite-sample expressivity -------------------------------------------------------------

def test_theorem_1_network_interpolates_random_labels_with_2n_plus_d_weights(split):
    x = split.x_train[:300]
    y = torch.randint(10, (300,), generator=torch.Generator().manual_seed(0)).double()
    net = R.interpolating_network(x, y, seed=0)
    assert net["n_weights"] == 2 * 300 + 64
    assert (R.evaluate_interpolant(net, x) - y).abs().max().item() <= 1e-6
    order = (x.double() @ net["a"]).argsort()
    z = (x.double() @ net["a"])[order]
    assert (net["b"] < z).all() and (z[:-1] < net["b"][1:]).all()  # b_1 < z_1 < b_2 < z_2 < ...


def test_theorem_1_on_all_training_digits(built_site):
    r = results(built_site, "finite-sample-expressivity")
    assert r["n_weights"] == r["two_n_plus_d"] == 2 * r["n"] + r["d"]
    assert r["max_error"] <= 1e-6 and r["all_classified"]
    assert r["condition"] > 1e6  # the page discusses how ill-conditioned the construction is


def test_duplicate_points_cannot_get_different_values():
    x = torch.tensor([[1.0, 2.0], [1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="same projection"):
        R.interpolating_network(x, torch.tensor([0.0, 1.0, 2.0]))


# --- The page's claims, on the results the site was built from ---------------------------------------

def test_random_labels_are_fit_and_do_not_generalize(built_site):
    r = results(built_site, "randomization-curves")
    assert r["random_labels"]["train_acc"] >= 0.99
    assert abs(r["random_labels"]["test_acc_mean"] - 0.10) <= 0.05  # chance is one class in ten
    assert r["true_labels"]["test_acc_mean"] >= 0.90
    assert r["all_fitted"], {k: v["fitted"] for k, v in r.items() if isinstance(v, dict)}
    for variant in R.VARIANTS:
        assert r[variant.replace(" ", "_")]["train_acc"] >= 0.99, variant


def test_every_corruption_level_is_fit(built_site):
    r = results(built_site, "label-corruption")
    assert r["p"] == [i / 10 for i in range(11)]
    assert r["min_train_acc"] >= 0.99 and r["all_fitted"]
    assert r["true_test_error"] <= 0.10 and abs(r["random_test_error"] - 0.90) <= 0.05
    # test error grows with the corruption level (beyond the seeds' spread at the ends)
    assert r["test_error"][-1] - r["test_error_sd"][-1] > r["test_error"][0] + r["test_error_sd"][0]


def test_regularizers_do_not_stop_memorization_without_help(built_site):
    r = results(built_site, "regularizers")
    assert r["random_unregularized_min_train"] >= 0.99
    assert r["true_min_test"] >= 0.90 and r["random_max_test"] <= 0.20
    for key in ("d1_random_weight_decay", "d3_random_weight_decay"):
        assert r["rows"][key]["train_acc"] >= 0.99, key  # weight decay does not stop the fit


def test_regularizers_trains_each_run_once(monkeypatch):
    """The claim's weight-decay runs on random labels are the table's rows too, not trained again."""
    calls = []
    fit = R.fit
    monkeypatch.setattr(R, "fit", lambda *a, **kw: calls.append(kw) or fit(*a, **kw))
    _, r = R.regularizers_figure(seed=0, steps=3, seeds=1, regularizers=("weight decay", "none"),
                                 deep_regularizers=("weight decay",), hidden=8, depth=1, batch_size=16, lr=1e-3,
                                 decay_seeds=2)
    # 2 depths x 2 claim seeds, then the table's runs that the claim has not made: d1 true (2), d1 random
    # none, d3 true weight decay (training both random weight-decay rows again would make 10)
    assert len(calls) == 2 * 2 + 4
    for d in ("d1", "d3"):
        assert r["rows"][f"{d}_random_weight_decay"]["train_acc"] == r["weight_decay_random"][d]["train_acc"][0]


def test_strong_decoupled_weight_decay_stops_random_labels_not_true_ones(built_site):
    r = results(built_site, "weight-decay-sweep")
    rows = r["rows"]
    assert [row["strength"] for row in rows] == r["strengths"] and r["strengths"][0] == 0
    assert rows[0]["random_train"] == 1.0  # without it, memorized
    stops = next(row for row in rows if row["random_train"] < 0.99)
    assert stops["strength"] == r["stops_at"] and stops["true_train"] == 1.0  # true labels still fit there
    assert rows[-1]["random_train"] < 0.5
    # "from lambda = rows[4] on it costs the true labels too": the first strength at which the true labels
    # are no longer fit (below 100% training accuracy), and every stronger one
    costs = next(i for i, row in enumerate(rows) if row["true_train"] < 1.0)
    assert costs == 4 and all(row["true_train"] < 1.0 for row in rows[costs:])


def test_rademacher_estimate_is_about_one(built_site):
    r = results(built_site, "rademacher")
    assert r["draws"] == len(r["final"]) >= 5 and r["worst"] == min(r["final"])
    assert r["estimate"] >= 0.99 and r["bound_at_zero_training_error"] > 1  # the bound says nothing


@pytest.mark.parametrize("call, match", [
    (lambda s: R.corrupt_labels(s.y_train, 1.5, seed=0), r"p must be in \[0, 1\], got 1.5"),
    (lambda s: R.corrupt_labels(s.x_train, 0.5, seed=0), "1-D tensor of class indices"),
    (lambda s: R.randomized(s, "random noise", seed=0), "unknown variant 'random noise'; known: true labels"),
    (lambda s: R.network(512, 1, seed=0, dropout=1.0), r"dropout rate must be in \[0, 1\)"),
    (lambda s: R.fit(s, steps=0), "need steps"),
    (lambda s: R.fit(s, steps=10, weight_decay=-1), "weight_decay and shift must be >= 0"),
    (lambda s: R.fit(R.Split(s.x_train[:, :10], s.y_train, s.x_test, s.y_test), steps=10), "64-pixel"),
    (lambda s: R.fit(s, steps=10, classes=2), "labels must be classes 0..1"),
    (lambda s: R.interpolating_network(s.x_train[:5], torch.zeros(4)), "need points of shape"),
])
def test_bad_arguments_say_what_is_wrong(split, call, match):
    with pytest.raises(ValueError, match=match):
        call(split)


# --- Exact small cases: every variant, the fit loop's bookkeeping, the statistics and the interpolant ------

def test_each_label_variant_is_exactly_corrupt_labels_with_its_p_and_seed(split):
    small = R.Split(split.x_train[:300], split.y_train[:300], split.x_test[:50], split.y_test[:50])
    assert R.randomized(small, "true labels", seed=0) is small
    for variant, p in (("random labels", 1.0), ("corrupted labels", 0.3)):
        out = R.randomized(small, variant, seed=7, p=0.3)
        assert torch.equal(out.y_train, R.corrupt_labels(small.y_train, p, seed=7))
        assert out.x_train is small.x_train and out.x_test is small.x_test and out.y_test is small.y_test
    default = R.randomized(small, "corrupted labels", seed=7)  # p defaults to 1: all labels random
    assert torch.equal(default.y_train, R.corrupt_labels(small.y_train, 1.0, seed=7))


def test_corrupt_labels_draws_from_its_seed_and_keeps_p_zero_exact():
    y = torch.arange(10).repeat(30)
    assert torch.equal(R.corrupt_labels(y, 0.0, seed=1), y)  # p = 0: rand() < 0 never holds
    gen = torch.Generator().manual_seed(4)
    replace = torch.rand(300, generator=gen) < 0.5
    expected = torch.where(replace, torch.randint(3, (300,), generator=gen), y)
    assert torch.equal(R.corrupt_labels(y, 0.5, seed=4, classes=3), expected)


def test_pixel_and_noise_variants_draw_from_the_seed(split):
    small = R.Split(split.x_train[:40], split.y_train[:40], split.x_test[:20], split.y_test[:20])
    for variant in ("random pixels", "gaussian"):
        a, b = R.randomized(small, variant, seed=3), R.randomized(small, variant, seed=3)
        assert torch.equal(a.x_train, b.x_train) and torch.equal(a.x_test, b.x_test)
        assert not torch.equal(a.x_train, R.randomized(small, variant, seed=4).x_train)
    noisy = R.randomized(R.Split(split.x_train, split.y_train, split.x_test, split.y_test), "gaussian", seed=0)
    assert torch.allclose(noisy.x_train.mean(dim=0), split.x_train.mean(dim=0), atol=0.1)  # mean + noise
    with pytest.raises(ValueError, match=r"known: true labels, .*, corrupted labels$"):
        R.randomized(small, "nope", seed=0)


def test_shifts_draw_from_the_generator_and_default_to_one_pixel(split):
    x = split.x_train[:50]
    a = R.shift_digits(x, torch.Generator().manual_seed(0))
    assert torch.equal(a, R.shift_digits(x, torch.Generator().manual_seed(0), max_shift=1))
    assert not torch.equal(a, R.shift_digits(x, torch.Generator().manual_seed(1)))
    with pytest.raises(TypeError, match=r"^gen must be"):
        R.shift_digits(x, 0)
    with pytest.raises(ValueError, match=r"^max_shift must be"):
        R.shift_digits(x, torch.Generator(), max_shift=-1)


def test_fit_records_every_check_and_the_last_step_and_its_defaults(split):
    small = R.Split(split.x_train[:100], split.y_train[:100], split.x_test[:30], split.y_test[:30])
    run = R.fit(small, hidden=8, steps=7, batch_size=16, check_every=3, stop_at_fit=False)
    h = run["history"]
    assert h["step"] == [0, 3, 6, 7] and len(h["loss"]) == len(h["acc"]) == 4
    assert all(isinstance(v, float) for v in h["loss"]) and run["train_acc"] == h["acc"][-1]
    assert set(run) == {"history", "steps_to_fit", "train_acc", "test_acc", "n_params", "model"}
    model = run["model"]
    assert run["test_acc"] == R._loss_and_accuracy(model, small.x_test, small.y_test)[1]
    assert h["loss"][-1] == R._loss_and_accuracy(model, small.x_train, small.y_train)[0]
    again = R.fit(small, hidden=8, depth=1, steps=7, batch_size=16, lr=5e-3, seed=0, weight_decay=0.0,
                  dropout=0.0, shift=0, check_every=3, stop_at_fit=False, classes=10, decoupled=False)
    assert again["history"] == h  # the documented defaults
    assert R.fit(small, hidden=8, steps=7, batch_size=16)["history"]["step"] == [0, 7]  # check_every 20
    assert R.fit(small, hidden=8, steps=7, batch_size=16, seed=1)["history"] != R.fit(
        small, hidden=8, steps=7, batch_size=16)["history"]
    shifted = R.fit(small, hidden=8, steps=7, batch_size=16, shift=1)
    assert shifted["history"] != R.fit(small, hidden=8, steps=7, batch_size=16)["history"]
    assert R.fit(small, steps=1)["n_params"] == 64 * 512 + 512 + 512 * 10 + 10  # hidden 512, depth 1


def test_mean_and_sd_is_the_sample_standard_deviation():
    assert R.mean_and_sd([1, 2, 3, 6]) == (3.0, pytest.approx((14 / 3) ** 0.5))
    assert R.mean_and_sd([4.5]) == (4.5, 0.0)
    assert R.mean_and_sd((2, 4)) == (3.0, pytest.approx(2 ** 0.5))


def test_the_interpolant_keeps_the_best_of_its_tries_and_reports_it():
    gen = torch.Generator().manual_seed(0)
    x, y = torch.randn(6, 3, generator=gen, dtype=torch.float64), torch.randn(6, generator=gen, dtype=torch.float64)
    net = R.interpolating_network(x, y)
    assert set(net) == {"a", "b", "w", "n_weights", "max_error", "min_gap", "condition"}
    assert net["n_weights"] == 3 + 6 + 6 and net["condition"] >= 1.0
    assert net["max_error"] == pytest.approx(float((R.evaluate_interpolant(net, x) - y).abs().max()), abs=1e-9)
    assert net["min_gap"] == pytest.approx(float((x @ net["a"]).sort().values.diff().min()))
    assert R.interpolating_network(x, y, seed=0, tries=16)["max_error"] == net["max_error"]
    one = R.interpolating_network(x, y, tries=1)
    first = torch.randn(3, generator=torch.Generator().manual_seed(0), dtype=torch.float64)
    assert torch.equal(one["a"], first) and one["max_error"] >= net["max_error"]
    two = R.interpolating_network(x[:2], y[:2], tries=1)  # two points are enough
    assert torch.allclose(R.evaluate_interpolant(two, x[:2]), y[:2])


@pytest.mark.parametrize("call, error, match", [
    (lambda s: R.corrupt_labels([1, 2], 0.5, seed=0), TypeError, r"^y must be a torch\.Tensor"),
    (lambda s: R.corrupt_labels(s.y_train.float(), 0.5, seed=0), ValueError, "^labels must be a 1-D tensor"),
    (lambda s: R.corrupt_labels(s.y_train, 0.5, seed=0, classes=0), ValueError, "^classes must be a positive"),
    (lambda s: R.randomized(s.x_train, "true labels", seed=0), TypeError, "^split must be a Split"),
    (lambda s: R.network(8, -1, seed=0), ValueError, "^depth must be"),
    (lambda s: R.network(8, 1, seed=0, classes=0), ValueError, "^classes must be a positive"),
    (lambda s: R.fit(s.x_train, steps=1), TypeError, "^split must be a Split"),
    (lambda s: R.fit(s, steps=1.0), ValueError, "^steps must be an integer"),
    (lambda s: R.fit(s, steps=1, check_every=2.0), ValueError, "^check_every must be an integer"),
    (lambda s: R.interpolating_network([[0.0]], torch.zeros(1)), TypeError, r"^x must be a torch\.Tensor"),
    (lambda s: R.interpolating_network(torch.zeros(2, 1), [0.0, 1.0]), TypeError, r"^y must be a torch\.Tensor"),
    (lambda s: R.interpolating_network(torch.zeros(1, 3), torch.zeros(1)), ValueError, "^need points of shape"),
    (lambda s: R.interpolating_network(torch.eye(2), torch.zeros(2), tries=0), ValueError, "^tries must be >= 1, got 0$"),
    (lambda s: R.interpolating_network(torch.ones(2, 2), torch.tensor([0.0, 1.0])), ValueError,
     r"^two points have the same projection on every direction tried \(duplicate points\?\): no network of this"),
    (lambda s: R.evaluate_interpolant({"a": 1, "b": 2}, torch.zeros(1, 1)), TypeError,
     "^net must be the dict that interpolating_network returns, with weights 'a', 'b' and 'w'$"),
    (lambda s: R.evaluate_interpolant([1], torch.zeros(1, 1)), TypeError, "^net must be the dict"),
])
def test_each_bad_argument_is_named(split, call, error, match):
    with pytest.raises(error, match=match):
        call(split)


def test_an_interpolant_with_exactly_the_three_weights_is_accepted():
    net = R.interpolating_network(torch.eye(2, dtype=torch.float64), torch.tensor([0.0, 1.0], dtype=torch.float64))
    bare = {k: net[k] for k in ("a", "b", "w")}
    assert torch.equal(R.evaluate_interpolant(bare, torch.eye(2)), R.evaluate_interpolant(net, torch.eye(2)))
