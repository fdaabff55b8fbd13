"""Randomization tests (Zhang et al. 2017): the claims of the /rethinking-generalization/ page.

The claims about trained networks are checked on the results the site was built from (the figures'
JSON), so the page and the tests can never disagree; the functions behind them are tested directly.
"""

from fractions import Fraction

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
    assert (R.evaluate_interpolant(net, x) - y).abs().max().item() < 0.5  # rounding gives every label back
    order = (x.double() @ net["a"]).argsort()
    z = (x.double() @ net["a"])[order]
    assert (net["b"] < z).all() and (z[:-1] < net["b"][1:]).all()  # b_1 < z_1 < b_2 < z_2 < ...
    exact = R._exact_check(net, x, y)
    assert exact["interleaved"] and exact["max_error"] < 1e-3  # without rounding, too, and far inside 0.5


def test_theorem_1_on_all_training_digits(built_site):
    r = results(built_site, "finite-sample-expressivity")
    assert r["n_weights"] == r["two_n_plus_d"] == 2 * r["n"] + r["d"]
    assert r["all_classified"] and r["interleaved_exactly"]
    # "far inside the 0.5 within which rounding gives back the label", exactly and in float64, and for
    # every direction tried: the kept one is not a lucky one
    assert max(r["exact_max_error"], r["max_error"], r["max_error_any_direction"]) < 0.01
    assert r["margin"] == 0.5 - max(r["exact_max_error"], r["max_error"]) and r["tries"] == 16
    assert r["condition"] > 1e6  # the page discusses how ill-conditioned the construction is


def test_the_construction_check_rejects_a_broken_network(built_site):
    """The Construction box's check (test_claims feeds refutations to Evidence claims only)."""
    from snippets import claims

    claim = claims.find(["finite-sample-expressivity"], claims.collect())[0]
    ours = results(built_site, "finite-sample-expressivity")
    assert claims.judge(claim, ours) and claim.refutations
    for refutation in claim.refutations:
        world = refutation.results(ours)
        assert world != ours and not claims.judge(claim, world), refutation.world
    assert claims.judge(claim, dict(ours, max_error=0.49)) and not claims.judge(claim, dict(ours, max_error=0.5))


def _network(a, b, w):
    return {"a": torch.tensor(a, dtype=torch.float64), "b": torch.tensor(b, dtype=torch.float64),
            "w": torch.tensor(w, dtype=torch.float64)}


def test_exact_check_evaluates_without_rounding_and_checks_the_interleaving():
    x = torch.tensor([[0.0], [1.0], [3.0]])
    # c(z) = 2 max(z + 1/2, 0) - 4 max(z - 1/2, 0) + 3 max(z - 2, 0): c(0) = 1, c(1) = 1, c(3) = 0
    net = _network([1.0], [-0.5, 0.5, 2.0], [2.0, -4.0, 3.0])
    y = torch.tensor([1.0, 1.0, 0.0], dtype=torch.float64)
    assert R._exact_check(net, x, y) == {"interleaved": True, "max_error": 0.0}
    assert R._exact_check(net, x, y + torch.tensor([0.0, 0.25, -0.125]))["max_error"] == 0.25
    bumped = _network([1.0], [-0.5, 0.5, 2.0], [2.0, -4.0, 3.0 + 2.0 ** -40])  # only c(3) moves: by 2^-40
    assert R._exact_check(bumped, x, y)["max_error"] == 2.0 ** -40
    assert not R._exact_check(_network([1.0], [-0.5, 1.5, 2.0], [2.0, -4.0, 3.0]), x, y)["interleaved"]  # b_2 > z_2
    assert not R._exact_check(_network([1.0], [0.5, 0.75, 2.0], [2.0, -4.0, 3.0]), x, y)["interleaved"]  # b_1 > z_1
    assert not R._exact_check(_network([1.0], [-0.5, 0.5, 3.5], [2.0, -4.0, 3.0]), x, y)["interleaved"]  # b_3 > z_3
    assert not R._exact_check(_network([1.0], [-0.5, 0.5], [2.0, -4.0]), x, y)["interleaved"]  # a threshold short
    # against the formula itself, term by term in fractions, on random networks and points
    gen = torch.Generator().manual_seed(5)
    for _ in range(5):
        x, y = torch.randn(7, 3, generator=gen), torch.randn(7, generator=gen, dtype=torch.float64)
        net = _network(torch.randn(3, generator=gen).tolist(), torch.randn(7, generator=gen).tolist(),
                       (1e6 * torch.randn(7, generator=gen)).tolist())
        frac = [[Fraction(v) for v in row] for row in x.double().tolist()]
        a, b, w = ([Fraction(v) for v in net[k].tolist()] for k in ("a", "b", "w"))
        z = [sum(ai * xi for ai, xi in zip(a, row)) for row in frac]
        errors = [abs(sum(wj * max(zi - bj, 0) for wj, bj in zip(w, b)) - Fraction(float(yi)))
                  for zi, yi in zip(z, y)]
        zs, bs = sorted(z), b
        interleaved = all(bs[j] < zs[j] for j in range(7)) and all(zs[j] < bs[j + 1] for j in range(6))
        assert R._exact_check(net, x, y) == {"interleaved": interleaved, "max_error": float(max(errors))}


def test_dyadic_puts_floats_over_one_power_of_two():
    nums, den = R._dyadic([0.5, 3.0, -0.125])
    assert den == 8 and nums == [4, 24, -1]
    assert R._dyadic([1e-300, 1.0])[1] == (1e-300).as_integer_ratio()[1]


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
    # "from p = 0.2 on stays between ... (the slowest level is not p = 1)"
    assert r["plateau_low"] == min(r["relative_time"][2:]) and r["plateau_high"] == max(r["relative_time"][2:])
    assert r["slowest_p"] != 1.0 and r["plateau_high"] < r["plateau_low"] + 4 * r["plateau_sd_high"]
    # "p = 0.1 changes ~0.09 n of the n labels and already costs most of the extra steps that p = 1 costs"
    n = r["n_train"]
    assert r["changed"][0] == 0 and 0.05 * n < r["changed"][1] < 0.13 * n and r["changed"][1] < 200
    assert r["first_level_share"] == (r["relative_time"][1] - 1) / (r["relative_time"][-1] - 1) > 0.5


def test_the_slowdown_grows_with_n_then_levels_off(built_site):
    """The page: the factor is not constant over n = 100 .. all; it grows from 100 to 400 beyond the spread
    of the seeds, then levels off within it; random labels take about the same passes at every n, true
    labels fewer as n grows."""
    r = results(built_site, "label-corruption")
    by_n = r["by_n"]
    assert by_n["n"] == [100, 200, 400, 800, r["n_train"]] and r["by_n_all_fitted"]
    assert len(by_n["ratio"][0]["each"]) == r["seeds"] >= 5
    ratio = by_n["ratio"]
    median = [x["median"] for x in ratio]
    assert median[0] < median[1] < median[2]  # grows from 100 to 400 ...
    assert ratio[0]["high"] < ratio[2]["low"] and ratio[0]["high"] < ratio[4]["low"]  # ... beyond the spread
    assert max(x["low"] for x in ratio[2:]) <= min(x["high"] for x in ratio[2:])  # then within the spread
    assert r["ratio_smallest_n"] == ratio[0] and r["ratio_all"] == ratio[4]
    passes = [x["median"] for x in by_n["passes"]]
    assert max(passes) < 1.5 * min(passes)  # about the same number of passes over the data
    true_passes = [x["median"] for x in by_n["true_passes"]]
    assert true_passes[0] > true_passes[2]  # true labels: fewer passes from 100 to 400


def test_regularizers_do_not_stop_memorization_without_help(built_site):
    r = results(built_site, "regularizers")
    assert r["random_unregularized_min_train"] >= 0.99
    assert r["true_min_test"] >= 0.90 and r["random_max_test"] <= 0.20
    for key in ("d1_random_weight_decay", "d3_random_weight_decay"):
        assert r["rows"][key]["train_acc"] >= 0.99, key  # weight decay does not stop the fit
    # "the regularizers move the test accuracy by at most X here: within the noise of the seeds", the
    # spread of the unregularized network's test accuracy over the seeds of the first figure
    curves = results(built_site, "randomization-curves")["true_labels"]
    assert curves["test_acc_range"] == max(curves["test_acc"]) - min(curves["test_acc"])
    true_rows = [row for row in r["rows"].values() if row["labels"] == "true labels"]
    changes = [abs(row["test_acc"] - r["rows"][f"d{row['model'][4]}_true_none"]["test_acc"]) for row in true_rows]
    assert r["true_test_change_max"] == max(changes) <= curves["test_acc_range"]
    # "dropout only slows it": every regularized random-label run of the one-layer MLP but shifts fits
    assert None not in r["rows"]["d1_random_dropout"]["steps_to_fit"]
    assert r["rows"]["d1_random_dropout"]["steps_to_fit"][0] > r["rows"]["d1_random_none"]["steps_to_fit"][0]


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
    by = {row["strength"]: row for row in rows}
    assert [row["strength"] for row in rows] == r["strengths"] and r["strengths"][0] == 0
    every = lambda key: lambda row: row[key]["fitted"] == row[key]["seeds"]  # noqa: E731
    none = lambda key: lambda row: row[key]["fitted"] == 0  # noqa: E731
    # "Every seed fits the random labels up to lambda = A; from lambda = B on, none does", A and B neighbours
    stops, up_to = r["stops_at"], r["random_fit_up_to"]
    assert up_to is not None and stops is not None and r["strengths"].index(stops) == r["strengths"].index(up_to) + 1
    assert all(every("random")(row) for row in rows if row["strength"] <= up_to)
    assert all(none("random")(row) for row in rows if row["strength"] >= stops)
    assert by[up_to]["random"]["seeds"] >= 3 and by[stops]["random"]["seeds"] >= 3  # seeds at the transition
    # "below even the 99% ... and it falls as lambda grows"
    assert r["random_below_99_from"] == stops and r["there"] == by[stops]
    tail = [row["random"]["train"]["median"] for row in rows if row["strength"] >= stops]
    assert all(a > b for a, b in zip(tail, tail[1:]))
    # "The true labels are still fit at lambda = B"
    assert every("true")(by[stops])
    # "Every seed fits them up to lambda = C, and from lambda = D on none does", C and D neighbours
    costs, true_up_to = r["costs_from"], r["true_fit_up_to"]
    assert r["strengths"].index(costs) == r["strengths"].index(true_up_to) + 1 and true_up_to >= stops
    assert all(every("true")(row) for row in rows if row["strength"] <= true_up_to)
    assert all(none("true")(row) for row in rows if row["strength"] >= costs)
    assert by[true_up_to]["true"]["seeds"] >= 3 and by[costs]["true"]["seeds"] >= 3 and r["costs"] == by[costs]
    assert r["most_seeds"] >= 3 and r["last"] == rows[-1] and r["last"]["true"]["test"]["median"] < r["true_test_none"]
    # the caption: several seeds exactly on either side of each transition, one elsewhere
    several = lambda counts: {s for s, k in zip(r["strengths"], counts) if k > 1}  # noqa: E731
    assert several(r["random_seeds"]) == {up_to, stops} and several(r["true_seeds"]) == {true_up_to, costs}
    assert set(r["random_seeds"] + r["true_seeds"]) == {1, r["most_seeds"]}


def test_first_from_and_last_up_to_read_a_sweep_from_either_end():
    rows = [{"strength": s, "ok": ok} for s, ok in ((0.0, True), (0.1, True), (0.3, False), (1.0, True), (3.0, True))]
    ok = lambda r: r["ok"]  # noqa: E731
    assert R._first_from(rows, ok) == 1.0  # from 1 on it holds; at 0.3 it did not
    assert R._last_up_to(rows, ok) == 0.1  # up to 0.1 it holds
    assert R._first_from(rows, lambda r: True) == 0.0 and R._last_up_to(rows, lambda r: True) == 3.0
    assert R._first_from(rows, lambda r: r["strength"] < 3) is None  # fails at the last
    assert R._last_up_to(rows, lambda r: r["strength"] > 0) is None  # fails at the first


def test_spread_is_median_and_range():
    assert R._spread([3, 1, 2]) == {"median": 2.0, "low": 1.0, "high": 3.0, "each": [3.0, 1.0, 2.0]}
    assert R._spread([1, 4])["median"] == 2.5


def test_weight_decay_sweep_trains_the_seeds_each_strength_asks_for(monkeypatch):
    calls = []
    fit = R.fit
    monkeypatch.setattr(R, "fit", lambda *a, **kw: calls.append(kw) or fit(*a, **kw))
    _, r = R.weight_decay_sweep_figure(seed=0, steps=3, strengths=(0.0, 1.0), random_seeds=(1, 3),
                                       true_seeds=(2, 1), hidden=4, depth=1, batch_size=8, lr=1e-3)
    made = [(kw["weight_decay"], kw["seed"]) for kw in calls]
    assert made == [(0.0, 0), (0.0, 0), (0.0, 1), (1.0, 0), (1.0, 1), (1.0, 2), (1.0, 0)]
    assert all(kw["decoupled"] and kw["steps"] == 3 for kw in calls)
    assert [(row["random"]["seeds"], row["true"]["seeds"]) for row in r["rows"]] == [(1, 2), (3, 1)]
    assert len(r["rows"][1]["random"]["train"]["each"]) == 3 and r["most_seeds"] == 3
    assert r["last"] == r["rows"][-1] and r["true_test_none"] == r["rows"][0]["true"]["test"]["median"]
    with pytest.raises(ValueError, match=r"^strengths must increase, got \[1.0, 0.0\]$"):
        R.weight_decay_sweep_figure(seed=0, steps=3, strengths=(1.0, 0.0), random_seeds=(1, 1), true_seeds=(1, 1),
                                    hidden=4, depth=1, batch_size=8, lr=1e-3)
    with pytest.raises(ValueError, match="^need one seed count per strength in random_seeds and true_seeds, got 1 and 2"):
        R.weight_decay_sweep_figure(seed=0, steps=3, strengths=(0.0, 1.0), random_seeds=(1,), true_seeds=(1, 1),
                                    hidden=4, depth=1, batch_size=8, lr=1e-3)


def test_label_corruption_measures_the_slowdown_on_the_first_n_digits(monkeypatch):
    calls = []
    fit = R.fit
    monkeypatch.setattr(R, "fit", lambda data, **kw: calls.append((len(data.y_train), kw)) or fit(data, **kw))
    _, r = R.label_corruption_figure(seed=0, seeds=2, steps=30, levels=2, subsets=(20, 40), subset_check_every=3,
                                     hidden=8, depth=1, batch_size=16, lr=1e-2)
    n = r["n_train"]
    assert [c[0] for c in calls] == [n] * 4 + [20] * 4 + [40] * 4  # p = 0, 1; then true, random per seed
    assert all(kw["check_every"] == 3 for _, kw in calls[4:]) and all("check_every" not in kw for _, kw in calls[:4])
    by_n = r["by_n"]
    assert by_n["n"] == [20, 40, n] and r["subset_check_every"] == 3
    assert by_n["true_steps"][-1] == r["each_steps"][0] and by_n["random_steps"][-1] == r["each_steps"][-1]
    for true, random, ratio, passes, m in zip(by_n["true_steps"], by_n["random_steps"], by_n["ratio"],
                                              by_n["passes"], by_n["n"]):
        assert ratio["each"] == [b / a for a, b in zip(true, random)]
        assert passes["each"] == [b * 16 / m for b in random]
    assert [p["each"] for p in by_n["true_passes"]] == [[a * 16 / m for a in t] for t, m in zip(by_n["true_steps"], by_n["n"])]
    assert r["ratio_smallest_n"] == by_n["ratio"][0] and r["ratio_all"] == by_n["ratio"][-1]
    assert r["ratio_largest_subset"] == by_n["ratio"][-2]
    assert r["changed"][0] == 0 and 0.8 * n < r["changed"][1] < n  # p = 1 changes about nine labels in ten
    for bad in ((40, 20), (20, n)):
        with pytest.raises(ValueError, match=rf"^subsets must increase and stay below the {n} training digits"):
            R.label_corruption_figure(seed=0, seeds=1, steps=3, levels=2, subsets=bad, subset_check_every=3,
                                      hidden=4, depth=1, batch_size=8, lr=1e-2)


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


def test_the_interpolant_keeps_the_best_separated_direction_not_the_smallest_error():
    gen = torch.Generator().manual_seed(0)
    x, y = torch.randn(6, 3, generator=gen, dtype=torch.float64), torch.randn(6, generator=gen, dtype=torch.float64)
    net = R.interpolating_network(x, y)
    assert set(net) == {"a", "b", "w", "n_weights", "max_error", "min_gap", "separation", "condition",
                        "tried_errors"}
    assert net["n_weights"] == 3 + 6 + 6 and net["condition"] >= 1.0
    assert net["max_error"] == pytest.approx(float((R.evaluate_interpolant(net, x) - y).abs().max()), abs=1e-9)
    z = (x @ net["a"]).sort().values
    assert net["min_gap"] == pytest.approx(float(z.diff().min()))
    assert net["separation"] == pytest.approx(float(z.diff().min() / (z[-1] - z[0])))
    assert R.interpolating_network(x, y, seed=0, tries=16)["max_error"] == net["max_error"]
    # the 16 directions of seed 0, in order: the kept one has the widest smallest gap relative to the range
    gen = torch.Generator().manual_seed(0)
    directions = [torch.randn(3, generator=gen, dtype=torch.float64) for _ in range(16)]
    tried = [R._network_along(x, y, a) for a in directions]
    best = max(range(16), key=lambda i: tried[i]["separation"])
    assert torch.equal(net["a"], directions[best])
    assert net["tried_errors"] == [t["max_error"] for t in tried]
    one = R.interpolating_network(x, y, tries=1)
    assert torch.equal(one["a"], directions[0]) and one["separation"] <= net["separation"]
    assert one["tried_errors"] == [tried[0]["max_error"]]
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
