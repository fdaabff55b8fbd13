"""The error decomposition and the large-scale tradeoff: the claims of the /error-decomposition/ page.

Claims about the experiments are checked on the results the site was built from (the figures' JSON);
the pieces they are made of are tested directly, on small instances.
"""
import math

import numpy as np
import pytest
import torch

from snippets import decomposition as D
from snippets import tradeoffs as T


from conftest import figure_results as results


# --- The distribution, its Bayes predictor and the risks ---------------------------------------------

def test_the_disc_has_half_the_mass_and_noise_flips_the_right_fraction():
    x, y = D.sample(200000, seed=0)
    inside = D.bayes(x)
    assert abs(inside.float().mean().item() - 0.5) < 0.005
    assert abs((y != inside).float().mean().item() - D.NOISE) < 0.003


def test_bayes_predictor_has_the_entropy_as_risk():
    """A network cannot be the step function g*, so check the formula with g*'s own scores."""
    probe = D.Probe.fresh(100000, seed=0)
    z = math.log((1 - D.NOISE) / D.NOISE)  # the score of g*, signed towards the truth
    per_point = (1 - D.NOISE) * math.log1p(math.exp(-z)) + D.NOISE * math.log1p(math.exp(z))
    assert per_point == pytest.approx(D.BAYES_RISK, rel=1e-12)
    nets = D.init_networks(4, 3, seed=0)
    assert (probe.risk(nets) > D.BAYES_RISK).all()  # any other predictor is worse: a KL divergence


def test_probe_risk_agrees_with_the_plain_estimate_on_noisy_labels():
    nets = D.init_networks(8, 1, seed=1)
    x, y = D.sample(3000, seed=2)
    D.train(nets, x, y, steps=300)
    probe = D.Probe.fresh(200000, seed=3)
    check = D._independent_check(nets, seed=4, size=200000)
    assert abs(probe.risk(nets).item() - D.BAYES_RISK - check["excess"]) < 2 * check["ci"]


def test_restarts_train_independently():
    """Training R networks side by side gives each the run it would have alone."""
    x, y = D.sample(500, seed=0)
    together = D.init_networks(5, 3, seed=7)
    alone = together.pick(1)
    for p in alone.params():
        p.requires_grad_()
    D.train(together, x, y, steps=50)
    D.train(alone, x, y, steps=50)
    for a, b in zip(together.pick(1).params(), alone.params()):
        assert torch.allclose(a, b, atol=1e-5)


def test_widening_keeps_the_function():
    x, _ = D.sample(100, seed=0)
    nets = D.init_networks(3, 2, seed=0)
    assert torch.allclose(nets.scores(x), nets.widen(8).scores(x), atol=1e-6)
    with pytest.raises(ValueError, match="cannot widen networks of width 3 to 2"):
        nets.widen(2)


# --- The decomposition experiment, as built ------------------------------------------------------------

def test_terms_add_up_to_an_independent_measurement(built_site):
    r = results(built_site, "error-decomposition")
    at, check = r["at"], r["check"]
    total = at["approximation"] + at["estimation"] + at["optimization"]
    margin = check["ci"] + at["approximation_ci"] + at["estimation_ci"] + at["optimization_ci"]
    assert abs(total - check["excess"]) <= margin, (total, check)


def test_every_term_is_nonnegative(built_site):
    r = results(built_site, "error-decomposition")
    assert r["all_nonnegative"], r["lowest_upper_ci"]
    for row in r["by_width"] + r["by_n"] + r["by_budget"]:
        for term in D.TERMS:
            assert row[term] + row[f"{term}_ci"] >= 0, (term, row)


def test_approximation_falls_with_width(built_site):
    """Never up beyond the probe's error: a wider class contains the narrower ones, and we keep the best
    network found in any of them (chosen on the selection sample, scored on the probe); strictly down,
    beyond the intervals, from k = 1 to k = 4, where the narrow networks cannot draw a disc."""
    rows = results(built_site, "error-decomposition")["by_width"]
    assert all(b["approximation"] <= a["approximation"] + a["approximation_ci"] + b["approximation_ci"]
               for a, b in zip(rows, rows[1:]))
    first, third = rows[0], rows[2]
    assert third["approximation"] + third["approximation_ci"] < first["approximation"] - first["approximation_ci"]
    assert rows[-1]["approximation"] < rows[0]["approximation"] / 3


def test_estimation_falls_with_n(built_site):
    rows = results(built_site, "error-decomposition")["by_n"]
    for small, large in zip(rows, rows[1:]):
        if small["estimation"] > 0.005:  # below that the term is at the level of its noise
            assert large["estimation"] + large["estimation_ci"] < small["estimation"] - small["estimation_ci"], \
                (small, large)
    assert rows[0]["estimation"] > 10 * rows[-1]["estimation"] + rows[-1]["estimation_ci"]


def test_estimation_grows_with_the_class_at_fixed_n_in_every_draw(built_site):
    r = results(built_site, "estimation-by-width")
    few = r["summary"]["100"]["log"]
    assert r["draws"] == len(r["by_n"]["100"]) == len(few["growth"]) >= 5
    for rows in r["by_n"].values():
        for row in rows:
            assert [e["width"] for e in row] == list(r["widths"])
            losses = [e["training_loss"] for e in row]  # the wider class contains the narrower: never worse
            assert all(b <= a + 1e-6 for a, b in zip(losses, losses[1:])), losses
    assert few["growth_min"] == min(row[-1]["estimation"] - row[0]["estimation"] for row in r["by_n"]["100"])
    assert few["median_widest"] > few["median"][0]


def test_what_the_page_says_of_the_estimation_term_by_width(built_site):
    r = results(built_site, "estimation-by-width")
    s100, s1000 = r["summary"]["100"], r["summary"]["1000"]
    fit = s100["beyond_fit"]
    # "from width W on, the minimizer fits every training label", and not before
    i = r["widths"].index(fit["width"])
    assert all(e == 0 for e in s100["training_error"][i:]) and s100["training_error"][i - 1] > 0
    assert fit["log"]["grows"] >= 4 and fit["log"]["low"] > 0  # past interpolation, log loss still grows
    # "in 0-1 error it levels off": past interpolation it moves by less than a tenth of the log-loss growth
    assert max(abs(fit["zero_one"]["low"]), abs(fit["zero_one"]["high"])) < fit["log"]["low"] / 5
    assert s100["zero_one"]["median_widest"] < 2 * s100["zero_one"]["median"][i]
    # "with more examples it stays small": no width fits the flipped labels at n = 1,000
    assert s1000["beyond_fit"] is None and s1000["training_error_widest"] > r["noise"] / 2
    assert s1000["log"]["high_max"] < s100["log"]["median_widest"] / 10
    assert s1000["log"]["high_max"] == max(max(e["estimation"] for e in col) for col in zip(*r["by_n"]["1000"]))


def test_unresolved_terms_are_those_where_one_network_stands_in_twice(built_site):
    r = results(built_site, "error-decomposition")
    for panel, x in (("by_width", "width"), ("by_n", "n"), ("by_budget", "budget")):
        for term in ("estimation", "optimization"):
            marked = [row[x] for row in r[panel] if row["unresolved"][term]]
            assert r["unresolved"][panel][term] == marked
            assert all(row[term] == 0 for row in r[panel] if row["unresolved"][term])
    # what the page says: at the largest n and at every budget the estimation term is not resolved,
    # and the full-budget optimization term is resolved only where runs got stuck
    assert r["most"]["unresolved"]["estimation"] and len(r["unresolved"]["by_budget"]["estimation"]) == len(r["budgets"])
    assert r["most_classical"] == pytest.approx(r["parameters"] / (2 * r["most"]["n"]))


def test_optimization_falls_with_the_budget(built_site):
    rows = results(built_site, "error-decomposition")["by_budget"]
    opt = [row["optimization"] for row in rows]
    assert all(b <= a + 1e-4 for a, b in zip(opt, opt[1:])) and opt[0] > 10 * opt[-1]


def test_each_regime_is_dominated_by_its_own_term(built_site):
    r = results(built_site, "error-regimes")
    assert r["dominant"] == {"narrow_network": "approximation", "few_examples": "estimation",
                             "short_training": "optimization"}
    # what /questions/ says: the narrow network's other two terms are not resolved, the others' are as quoted
    assert r["cases"]["narrow_network"]["unresolved"] == {"estimation": True, "optimization": True}
    assert not r["cases"]["few_examples"]["unresolved"]["estimation"]
    assert not r["cases"]["short_training"]["unresolved"]["optimization"]


# --- Small-scale and large-scale learning -------------------------------------------------------------

def test_newton_finds_the_empirical_minimizer():
    x, y, _ = T.logistic_data(2000, 5, seed=0)
    w = T.newton(x, y)
    assert np.linalg.norm(T.gradient(w, x, y)) < 1e-10


def test_gd_and_sgd_descend():
    x, y, w_star = T.logistic_data(5000, 5, seed=0)
    seen = []
    T.gd(x, y, 20 * 5000, lambda w, used: seen.append((used, T.loss(w, x, y))))
    assert seen[-1][0] == 100000 and seen[-1][1] < seen[0][1]
    sgd_seen = []
    T.sgd(x, y, 20000, lambda w, used: sgd_seen.append(T.loss(w, x, y)), seed=0)
    assert len(sgd_seen) == 2000 and sgd_seen[-1] < T.loss(np.zeros(5), x, y)


SMALL_RACE = dict(large_n=4000, d=5, budget=8000, subsamples=(500, 2000, 4000), decays=(0.003, 0.03, 0.3),
                  test_size=4000)


def test_equal_budget_gives_both_the_same_runs_chosen_on_validation_and_scores_on_test():
    r = T.equal_budget(seed=0, **SMALL_RACE)
    gd_runs, sgd_runs = r["gd"], r["sgd"]
    assert set(gd_runs) == {"500", "2000", "4000"} and [gd_runs[m]["iterations"] for m in ("500", "2000", "4000")] == [16, 4, 2]
    assert set(sgd_runs) == {"0.003", "0.03", "0.3"} and [v["decay"] for v in sgd_runs.values()] == [0.003, 0.03, 0.3]
    assert r["gd_chosen_n"] == min((int(m) for m in gd_runs), key=lambda m: gd_runs[str(m)]["validation"])
    assert r["sgd_chosen_decay"] == min((float(c) for c in sgd_runs), key=lambda c: sgd_runs[str(c)]["validation"])
    assert r["gd_chosen"] == gd_runs[str(r["gd_chosen_n"])] and r["sgd_chosen"] == sgd_runs[str(r["sgd_chosen_decay"])]
    assert r["sgd_paper"]["decay"] == r["curvature"]["lambda_min"] and r["asgd"]["decay"] == 1e-3
    for run in (*gd_runs.values(), *sgd_runs.values(), r["sgd_paper"], r["asgd"]):
        assert run["rho"] >= -1e-12  # nothing beats the exact minimizer on its own data
    assert gd_runs["500"]["rho"] < gd_runs["4000"]["rho"]  # more iterations on fewer points: optimized further
    # each run is scored on the data it optimized, against the truth on both held-out samples
    data = T._samples(4000, 5, 0, 4000)
    x, y = data["train"]
    w = T.newton(x, y)
    assert r["sgd_paper"]["rho"] > 0 and r["sgd_paper"]["n"] == 4000 and gd_runs["500"]["n"] == 500
    assert T.curvature(x, y)["lambda_min"] == pytest.approx(np.linalg.eigvalsh(T.hessian(w, x, y))[0])


def test_the_race_draws_three_samples_apart():
    """Training, validation and test are independent draws from one truth: none repeats another."""
    data = T._samples(50, 3, 7, 40)
    (xt, yt), (xv, yv), (xs, ys) = data["train"], data["validation"], data["test"]
    assert xt.shape == (50, 3) and xv.shape == xs.shape == (40, 3)
    assert not np.array_equal(xv, xs) and not np.array_equal(xt[:40], xv) and not np.array_equal(xt[:40], xs)
    assert np.array_equal(data["w_star"], T.logistic_data(1, 3, 7)[2])  # one truth behind all three


def test_equal_budget_refuses_unequal_freedom():
    with pytest.raises(ValueError, match=r"^decays must give SGD as many runs to choose from as subsamples gives "
                                         r"GD \(3\), got 2$"):
        T.equal_budget(seed=0, **dict(SMALL_RACE, decays=(0.01, 0.1)))
    with pytest.raises(ValueError, match="subsample sizes must be at most large_n = 4000 and buy at least one"):
        T.equal_budget(seed=0, **dict(SMALL_RACE, budget=3000))


def test_equal_budget_chooses_nothing_on_the_test_labels(monkeypatch):
    """Nothing is selected on test, by construction: with the test sample's labels replaced by noise, every
    choice (GD's subsample, SGD's gain) is the same; only the test scores change. Seed 29 is a draw where
    choosing on test would pick another subsample."""
    honest = [T.equal_budget(seed=seed, **SMALL_RACE) for seed in (0, 29)]
    samples = T._samples

    def scrambled(*args):
        data = samples(*args)
        x, y = data["test"]
        data["test"] = (x, np.random.default_rng(1).permutation(y))
        return data
    monkeypatch.setattr(T, "_samples", scrambled)
    for seed, before in zip((0, 29), honest):
        after = T.equal_budget(seed=seed, **SMALL_RACE)
        assert (after["gd_chosen_n"], after["sgd_chosen_decay"]) == (before["gd_chosen_n"], before["sgd_chosen_decay"])
        assert after["gd_chosen"]["validation"] == before["gd_chosen"]["validation"]
        assert after["gd_chosen"]["test"] != before["gd_chosen"]["test"]  # the scramble reached the test sample


def test_equal_budget_results_over_seeds(built_site):
    r = results(built_site, "tradeoffs")
    e = r["equal"]
    assert len(e["races"]) == r["seeds"] >= 5 and r["runs_each"] == len(r["subsamples"]) == len(r["decays"])
    for key in ("sgd_chosen", "sgd_paper", "asgd"):
        assert e["margin"][key] == [g - s for g, s in zip(e["test"]["gd_chosen"], e["test"][key])]
        assert e["sgd_wins"][key] == sum(m > 0 for m in e["margin"][key])
        assert e["margin_min"][key] == min(e["margin"][key])
    assert all(race["sgd_chosen"]["n"] == r["large"]["n"] and race["budget"] == r["sgd_evaluations"]
               for race in e["races"])
    # what the page says of the choices and of the gain the page once used
    assert e["sgd_chosen_mode"]["count"] == e["sgd_chosen_decay"].count(e["sgd_chosen_mode"]["value"])
    closest = min(r["decays"], key=lambda c: abs(math.log(c / e["lambda_min"]["median"])))
    assert e["sgd_chosen_mode"]["value"] == closest  # "the grid's value closest to lambda_min"
    assert e["old_gain"]["median"] > e["median"]["gd_chosen"]  # GD beat the untuned gain
    assert e["rho_median"]["sgd_chosen"] < e["rho_median"]["gd_chosen"]  # "not SGD, at this budget"
    assert 2 < e["kappa"]["low"] and e["kappa"]["high"] < 10  # far from the data's condition number, 1


def test_sgd_reaches_the_target_with_fewer_evaluations_at_large_scale(built_site):
    r = results(built_site, "tradeoffs")
    large, small = r["large"], r["small"]
    assert large["to_target_spread"]["SGD"]["reached"] == large["to_target_spread"]["GD"]["reached"] == r["seeds"]
    assert all(s * 5 < g for s, g in zip(large["to_target"]["SGD"], large["to_target"]["GD"]))
    assert r["passes"] == r["sgd_evaluations"] / large["n"]
    # small-scale: GD ends at the exact minimizer's estimation error, the floor, in every draw
    assert all(g == pytest.approx(e, rel=1e-3) for g, e in zip(small["final"]["GD"], small["erm_excess"]))
    assert small["erm_excess_spread"]["median"] > 10 * large["erm_excess_spread"]["median"]
    # "in the other draws ... the exact minimizer's own excess is above the target"
    assert small["to_target_spread"]["GD"]["reached"] < r["seeds"] and small["unreached_above_floor"]
    assert 0 < small["sgd_below_erm"] == sum(f < e for f, e in zip(small["final"]["SGD"], small["erm_excess"]))


def test_evaluations_to_reach_ignores_a_lucky_dip():
    assert T.evaluations_to_reach([(1, 0.5), (2, 0.05), (3, 0.2), (4, 0.08), (5, 0.01)], 0.1) == 4
    assert T.evaluations_to_reach([(1, 0.5)], 0.1) is None


@pytest.mark.parametrize("call, match", [
    (lambda: D.sample(0, seed=0), "need n >= 1 points"),
    (lambda: D.sample(10, seed=0, noise=0.5), r"label noise must be in \[0, 0.5\)"),
    (lambda: D.bayes(torch.zeros(5, 3)), r"points must have shape \(n, 2\)"),
    (lambda: D.init_networks(0, 1, seed=0), "need width >= 1, restarts"),
    (lambda: D.train(D.init_networks(2, 1, 0), torch.zeros(5, 2), torch.zeros(4, dtype=torch.bool), 1),
     "5 points but 4 labels"),
    (lambda: D.decomposition_sweep(seed=0, widths=(1, 2), ns=(10,), budgets=(5,), width=4, n=10, budget_n=10,
                                   steps=5, restarts=1, big_n=10, probe_size=10), "must be among the swept"),
    (lambda: T.logistic_data(0, 3, seed=0), "need n >= 1 and d >= 1"),
    (lambda: T.race(1000, 3, 500, 100, seed=0, test_size=100), "does not buy one GD iteration"),
])
def test_bad_arguments_say_what_is_wrong(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- The pieces on small exact cases (fast: what mutation testing runs) ---------------------------------

def hand_networks(R=2, d=2, k=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    return D.Networks(*(torch.randn(*s, generator=g, dtype=torch.float32) for s in ((R, d, k), (R, k), (R, k), (R,))))


def test_scores_are_each_networks_formula():
    nets, x = hand_networks(), torch.randn(5, 2, generator=torch.Generator().manual_seed(1))
    expected = torch.stack([torch.relu(x @ nets.W1[r] + nets.b1[r]) @ nets.w2[r] + nets.b2[r] for r in range(2)])
    assert torch.allclose(nets.scores(x), expected, atol=1e-6)
    assert nets.width == 3 and len(nets) == 2 and nets.params() == [nets.W1, nets.b1, nets.w2, nets.b2]


def test_pick_copy_and_widen_keep_the_functions_and_share_nothing():
    nets, x = hand_networks(), torch.randn(7, 2)
    one = nets.pick(1)
    assert len(one) == 1 and torch.equal(one.scores(x)[0], nets.scores(x)[1])
    wide = nets.widen(5)
    assert wide.width == 5 and torch.allclose(wide.scores(x), nets.scores(x), atol=1e-6)
    assert torch.count_nonzero(wide.W1[:, :, 3:]) == 0 and torch.count_nonzero(wide.w2[:, 3:]) == 0
    same = nets.widen(3)
    assert torch.equal(same.W1, nets.W1)
    copy = nets.copy()
    for a, b in zip(copy.params() + one.params(), nets.params() + nets.pick(1).params()):
        a.add_(1.0)  # editing a copy leaves the original alone
    assert torch.allclose(nets.scores(x), hand_networks().scores(x))
    with pytest.raises(ValueError, match=r"^cannot widen networks of width 3 to 2$"):
        nets.widen(2)


@pytest.mark.parametrize("part, shape, message", [
    ("b1", (2, 4), r"^b1 must have shape \(2, 3\) to match W1 of shape \(2, 2, 3\), got \(2, 4\)$"),
    ("w2", (3, 3), r"^w2 must have shape \(2, 3\)"), ("b2", (2, 1), r"^b2 must have shape \(2,\)"),
])
def test_networks_refuse_parts_of_the_wrong_shape(part, shape, message):
    parts = dict(zip(("W1", "b1", "w2", "b2"), hand_networks().params()))
    with pytest.raises(ValueError, match=message):
        D.Networks(**{**parts, part: torch.zeros(shape)})


def test_default_initialisation_is_pytorchs_and_seeded():
    nets = D.init_networks(width=4, restarts=3, seed=7, inputs=5)
    assert [tuple(p.shape) for p in nets.params()] == [(3, 5, 4), (3, 4), (3, 4), (3,)]
    assert all(p.requires_grad for p in nets.params())
    assert nets.W1.abs().max() <= 1 / math.sqrt(5) and nets.b1.abs().max() <= 1 / math.sqrt(5)
    assert nets.w2.abs().max() <= 1 / math.sqrt(4) and nets.b2.abs().max() <= 1 / math.sqrt(4)
    assert nets.W1.abs().max() > 0.8 / math.sqrt(5) and nets.w2.abs().max() > 0.8 / math.sqrt(4)  # the full range
    again, other = D.init_networks(4, 3, 7, 5), D.init_networks(4, 3, 8, 5)
    assert torch.equal(again.W1, nets.W1) and not torch.equal(other.W1, nets.W1)
    assert D.init_networks(2, 1, 0).W1.shape == (1, 2, 2)  # two inputs by default
    for bad in (dict(width=0, restarts=1), dict(width=1, restarts=0), dict(width=1, restarts=1, inputs=0)):
        with pytest.raises(ValueError, match="need width >= 1, restarts >= 1 and inputs >= 1"):
            D.init_networks(seed=0, **bad)


def test_training_keeps_the_asked_snapshots_and_lowers_the_loss():
    x, y = D.sample(64, seed=0)
    nets = D.init_networks(4, 2, seed=0)
    start = D.training_loss(nets, x, y)
    saved = D.train(nets, x, y, steps=30, lr=0.05, snapshots=(0, 10), seed=0)
    assert sorted(saved) == [0, 10]
    assert torch.allclose(D.training_loss(saved[0], x, y), start)
    assert (D.training_loss(nets, x, y) < D.training_loss(saved[10], x, y)).all()
    assert (D.training_loss(saved[10], x, y) < start).all()
    assert D.train(D.init_networks(4, 2, seed=0), x, y, steps=0) == {}
    with pytest.raises(ValueError, match=r"^snapshots must be step counts up to steps = 5, got \[6\]$"):
        D.train(nets, x, y, steps=5, snapshots=(6,))
    with pytest.raises(ValueError, match=r"^need steps >= 0 and lr > 0, got -1 and 0.01$"):
        D.train(nets, x, y, steps=-1)
    with pytest.raises(ValueError, match=r"^64 points but 63 labels$"):
        D.train(nets, x, y[:-1], steps=1)


def test_training_samples_batches_only_beyond_the_batch_size(monkeypatch):
    x, y = D.sample(40, seed=1)

    def first_layer_after(seed):
        nets = D.init_networks(3, 1, seed=0)
        D.train(nets, x, y, steps=3, lr=0.1, seed=seed)
        return nets.W1
    assert torch.equal(first_layer_after(0), first_layer_after(1))  # full batch: the seed has nothing to draw
    monkeypatch.setattr(D, "BATCH", 16)
    assert not torch.equal(first_layer_after(0), first_layer_after(1))
    assert torch.equal(first_layer_after(2), first_layer_after(2))


def test_training_loss_and_the_empirical_minimizer():
    nets, (x, y) = hand_networks(R=3), D.sample(30, seed=2)
    losses = D.training_loss(nets, x, y)
    expected = [torch.nn.functional.binary_cross_entropy_with_logits(nets.scores(x)[r], y.float()) for r in range(3)]
    assert torch.allclose(losses, torch.stack(expected))
    best = D.empirical_minimizer(nets, x, y)
    assert torch.equal(best.W1, nets.W1[int(losses.argmin()):int(losses.argmin()) + 1])


def test_join_puts_networks_side_by_side_and_refuses_mixed_widths():
    a, b = hand_networks(R=1, seed=1), hand_networks(R=2, seed=2)
    both, x = D.join([a, b]), torch.randn(4, 2)
    assert len(both) == 3 and torch.equal(both.scores(x), torch.cat([a.scores(x), b.scores(x)]))
    for bad in ([], [a, hand_networks(k=4)], [a, "not networks"]):
        with pytest.raises(ValueError, match="^pool must be a non-empty list of Networks of one width"):
            D.join(bad)
    with pytest.raises(ValueError, match=r"^best must be a single network, got 2 side by side \(use nets.pick\(r\)\)$"):
        D.decompose(D.Probe.fresh(10, 0), b, a, a)


def test_the_probe_measures_each_expected_loss_in_chunks():
    probe = D.Probe.fresh(50_003, seed=3)  # more than one chunk of 50,000
    nets = hand_networks(R=2, seed=4)
    z = nets.scores(probe.x) * (probe.inside.float() * 2 - 1)
    expected = 0.9 * torch.nn.functional.softplus(-z) + 0.1 * torch.nn.functional.softplus(z)
    assert probe.losses(nets).shape == (2, 50_003)
    assert torch.allclose(probe.losses(nets), expected, atol=1e-6)
    assert torch.allclose(probe.risk(nets), expected.mean(dim=1), atol=1e-6)
    one, two = nets.pick(0), nets.pick(1)
    excess = expected[0] - D.BAYES_RISK
    mean, half = probe.excess(one)
    assert mean == pytest.approx(excess.mean().item(), abs=1e-6)
    assert half == pytest.approx(1.96 * excess.std().item() / math.sqrt(50_003), rel=1e-4)
    diff = expected[0] - expected[1]
    mean, half = probe.difference(one, two)
    assert mean == pytest.approx(diff.mean().item(), abs=1e-6)
    assert half == pytest.approx(1.96 * diff.std().item() / math.sqrt(50_003), rel=1e-4)
    assert probe.noise == D.NOISE and D.Probe.fresh(10, 0, noise=0.2).noise == 0.2


def test_a_probe_refuses_labels_that_are_not_g_star():
    x = torch.zeros(4, 2)
    with pytest.raises(ValueError, match=r"^inside must be a bool tensor of shape \(4,\), g\*\(x\) for each x, got "
                                         r"torch.float32 of shape \(4,\)$"):
        D.Probe(x, torch.zeros(4))
    with pytest.raises(ValueError, match=r"got torch.bool of shape \(3,\)$"):
        D.Probe(x, torch.zeros(3, dtype=torch.bool))


def test_the_three_terms_are_differences_of_measured_risks_and_add_up():
    probe = D.Probe.fresh(4000, seed=5)
    best, erm, trained = (hand_networks(R=1, seed=s) for s in (6, 7, 8))
    with torch.no_grad():  # scores on both sides of 0, many of them between 0 and 1
        trained.b2.sub_(trained.scores(probe.x)[0].median())
    assert 0.1 < ((trained.scores(probe.x)[0] > 0) & (trained.scores(probe.x)[0] < 1)).float().mean() < 0.9
    terms = D.decompose(probe, best, erm, trained)
    assert (terms["estimation"], terms["estimation_ci"]) == probe.difference(erm, best)
    assert (terms["optimization"], terms["optimization_ci"]) == probe.difference(trained, erm)
    assert (terms["approximation"], terms["approximation_ci"]) == probe.excess(best)
    assert terms["excess"] == terms["approximation"] + terms["estimation"] + terms["optimization"]
    assert terms["excess"] == pytest.approx(probe.excess(trained)[0], abs=1e-5)  # the identity
    assert terms["risk"] == probe.risk(trained).item()
    wrong = ((trained.scores(probe.x)[0] > 0) != probe.inside).float().mean().item()
    assert terms["error"] == pytest.approx(0.1 + 0.8 * wrong)


def test_the_best_in_class_keeps_the_lowest_selection_risk_per_width():
    probe = D.Probe.fresh(2000, seed=9)
    pool = hand_networks(R=4, seed=10)
    risks = probe.risk(pool)
    lowest, highest = pool.pick(int(risks.argmin())), pool.pick(int(risks.argmax()))
    keeper = D.BestInClass(probe)
    keeper.offer(highest)
    assert torch.equal(keeper[3].W1, highest.W1)
    keeper.offer(pool)  # a better one replaces it
    assert torch.equal(keeper[3].W1, lowest.W1)
    keeper.offer(highest)  # a worse one changes nothing
    assert torch.equal(keeper[3].W1, lowest.W1)
    keeper.offer(hand_networks(R=1, k=5, seed=11))
    assert keeper[5].width == 5 and keeper[3].width == 3


def test_a_tiny_sweep_is_consistent_with_itself():
    r = D.decomposition_sweep(seed=0, widths=[1, 2], ns=[20, 40], budgets=[0, 4], width=2, n=40, budget_n=20,
                              steps=6, restarts=2, big_n=60, probe_size=500)
    assert [row["width"] for row in r["by_width"]] == [1, 2] and [row["n"] for row in r["by_n"]] == [20, 40]
    assert [row["budget"] for row in r["by_budget"]] == [0, 4]
    for row in r["by_width"] + r["by_n"] + r["by_budget"]:
        assert row["excess"] == pytest.approx(row["approximation"] + row["estimation"] + row["optimization"])
        assert row["estimation"] >= 0 or row["estimation"] + row["estimation_ci"] >= 0  # h_opt_hat is the ERM
    # the width-2 row at n = 40 and the n = 40 row at width 2 are the same networks
    assert r["by_width"][1]["excess"] == r["by_n"][1]["excess"]
    for row in r["by_width"] + r["by_n"] + r["by_budget"]:
        assert set(row["unresolved"]) == {"estimation", "optimization"}
    assert set(r["check"]) == {"excess", "ci"} and r["check"]["ci"] > 0
    with pytest.raises(ValueError, match="must be among the swept values"):
        D.decomposition_sweep(seed=0, widths=[1], ns=[20], budgets=[0], width=2, n=20, budget_n=20, steps=1,
                              restarts=1, big_n=10, probe_size=10)
    with pytest.raises(ValueError, match=r"^budgets T must be at most the steps of a full run \(1\), got 2$"):
        D.decomposition_sweep(seed=0, widths=[1], ns=[20], budgets=[2], width=1, n=20, budget_n=20, steps=1,
                              restarts=1, big_n=10, probe_size=10)


def test_a_tiny_estimation_sweep_scores_the_same_stand_ins_in_both_losses():
    r = D.estimation_sweep(seed=0, widths=[2, 1], ns=[20, 30], draws=2, steps=6, restarts=2, big_n=60,
                           probe_size=500)
    assert r["widths"] == [1, 2] and r["parameters"] == [5, 9] and set(r["by_n"]) == {"20", "30"}
    for m, rows in r["by_n"].items():
        assert [len(d) for d in rows] == [2, 2] and [c["width"] for c in rows[0]] == [1, 2]
        for draw in rows:  # the wider class contains the narrower: its ERM fits no worse
            assert draw[1]["training_loss"] <= draw[0]["training_loss"] + 1e-6
            for cell in draw:
                assert 0.1 <= cell["error"] <= 0.9 and 0 <= cell["training_error"] <= 1
                assert abs(cell["estimation_01"]) <= 0.8 and cell["estimation_01_ci"] >= 0
    assert len(r["best_error"]) == 2 and all(0.1 <= e <= 0.9 for e in r["best_error"])
    other = D.estimation_sweep(seed=1, widths=[1, 2], ns=[20, 30], draws=2, steps=6, restarts=2, big_n=60,
                               probe_size=500)
    assert other["by_n"]["20"][0][0]["estimation"] != r["by_n"]["20"][0][0]["estimation"]  # seeded


def test_zero_one_differences_and_the_same_network():
    probe = D.Probe.fresh(3000, seed=14)
    a, b = hand_networks(R=1, seed=15), hand_networks(R=1, seed=16)
    wrong = lambda n: ((n.scores(probe.x)[0] > 0) != probe.inside).float()  # noqa: E731
    assert torch.allclose(probe.mistakes(a)[0], 0.1 + 0.8 * wrong(a))
    diff = 0.8 * (wrong(a) - wrong(b))
    mean, half = probe.difference(a, b, zero_one=True)
    assert mean == pytest.approx(diff.mean().item(), abs=1e-6)
    assert half == pytest.approx(1.96 * diff.std().item() / math.sqrt(3000), rel=1e-4)
    assert D.same_network(a, a.copy()) and D.same_network(a, a.widen(5)) and not D.same_network(a, b)
    moved = a.copy()
    with torch.no_grad():
        moved.b2.add_(1e-6)
    assert not D.same_network(a, moved)
    terms = D.decompose(probe, a, a.copy(), b)
    assert terms["unresolved"] == {"estimation": True, "optimization": False} and terms["estimation"] == 0


def test_estimation_by_width_summarises_the_draws():
    draws = [[{"width": 1, "estimation": 0.1}, {"width": 4, "estimation": 0.5}],
             [{"width": 1, "estimation": 0.3}, {"width": 4, "estimation": 0.2}],
             [{"width": 1, "estimation": 0.2}, {"width": 4, "estimation": 0.9}]]
    s = D._estimation_by_width(draws)
    assert s["widths"] == [1, 4] and s["median"] == pytest.approx([0.2, 0.5])
    assert s["low"] == [0.1, 0.2] and s["high"] == [0.3, 0.9]
    assert s["growth"] == pytest.approx([0.4, -0.1, 0.7]) and s["growth_min"] == pytest.approx(-0.1)
    assert s["growth_median"] == pytest.approx(0.4) and s["median_widest"] == pytest.approx(0.5)
    assert s["high_max"] == pytest.approx(0.9) and s["lowest_width"] == 1 and s["growth_max"] == pytest.approx(0.7)
    as01 = D._estimation_by_width([[{"width": 1, "e": 0.3}, {"width": 2, "e": 0.1}]], key="e")
    assert as01["median"] == pytest.approx([0.3, 0.1]) and as01["lowest_width"] == 2


def test_beyond_fit_starts_at_the_first_width_that_fits_every_label():
    draws = [[{"width": w, "estimation": e, "estimation_01": z} for w, e, z in row]
             for row in ([(1, 0.1, 0.05), (4, 0.5, 0.09), (16, 0.9, 0.08)],
                         [(1, 0.2, 0.04), (4, 0.4, 0.07), (16, 1.0, 0.09)])]
    fit = D._beyond_fit(draws, [0.3, 0.0, 0.0])
    assert fit["width"] == 4 and fit["parameters"] == 17
    assert fit["log"] == pytest.approx({"low": 0.4, "high": 0.6, "grows": 2})
    assert fit["zero_one"] == pytest.approx({"low": -0.01, "high": 0.02, "grows": 1})
    assert D._beyond_fit(draws, [0.3, 0.1, 0.01]) is None


def test_the_independent_check_is_the_mean_noisy_loss_minus_the_bayes_risk():
    nets = hand_networks(R=1, seed=12)
    x, y = D.sample(3000, seed=13)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(nets.scores(x)[0], y.float(), reduction="none")
    check = D._independent_check(nets, 13, 3000)
    assert check["excess"] == pytest.approx(loss.mean().item() - D.BAYES_RISK)
    assert check["ci"] == pytest.approx(1.96 * loss.std().item() / math.sqrt(3000))


def test_training_runs_exactly_the_steps_asked():
    x, y = D.sample(32, seed=3)
    nets = D.init_networks(3, 1, seed=1)
    saved = D.train(nets, x, y, steps=3, lr=0.05, snapshots=(1, 3), seed=0)
    assert sorted(saved) == [1, 3] and torch.equal(saved[3].W1, nets.W1)  # it stops where the last snapshot is
    assert not torch.equal(saved[1].W1, D.init_networks(3, 1, seed=1).W1)  # the first step is taken
    again = D.init_networks(3, 1, seed=1)
    D.train(again, x, y, steps=1, lr=0.05, seed=0)
    assert torch.equal(again.W1, saved[1].W1)


@pytest.mark.parametrize("call, name", [
    (lambda nets, x, y: D.train("nets", x, y, 1), "nets"),
    (lambda nets, x, y: D.train(nets, torch.zeros(4, 3), y[:4], 1), "x"),
    (lambda nets, x, y: D.train(nets, x, y, 1, snapshots=(-1,)), "snapshots"),
    (lambda nets, x, y: D.train(nets, x, y, 1, lr=0.0), "lr > 0"),
    (lambda nets, x, y: D.Probe(torch.zeros(4, 3), torch.zeros(4, dtype=torch.bool)), "x"),
    (lambda nets, x, y: D.Probe(torch.zeros(4, 2), torch.zeros(4, dtype=torch.bool), noise=0.5), "label noise"),
    (lambda nets, x, y: D.Probe(torch.zeros(4, 2), [True] * 4), "inside"),
    (lambda nets, x, y: D.Probe.fresh(10, 0).excess(nets), "nets must be a single network"),
    (lambda nets, x, y: D.Probe.fresh(10, 0).difference(nets, nets.pick(0)), "a must be a single network"),
    (lambda nets, x, y: D.Probe.fresh(10, 0).difference(nets.pick(0), nets), "b must be a single network"),
    (lambda nets, x, y: D.decompose(D.Probe.fresh(10, 0), nets.pick(0), nets, nets.pick(0)), "erm must"),
    (lambda nets, x, y: D.decompose(D.Probe.fresh(10, 0), nets.pick(0), nets.pick(0), nets), "trained must"),
    (lambda nets, x, y: D.decompose("probe", nets.pick(0), nets.pick(0), nets.pick(0)), "probe"),
    (lambda nets, x, y: D.Networks(torch.zeros(2, 3), *nets.params()[1:]), "W1"),
    (lambda nets, x, y: D.Networks(nets.W1, [0.0], *nets.params()[2:]), "b1"),
    (lambda nets, x, y: D.init_networks(2, 1.5, 0), "restarts"),
    (lambda nets, x, y: D.init_networks(2, 1, 0, inputs=1.5), "inputs"),
])
def test_each_refusal_names_its_argument(call, name):
    x, y = D.sample(8, seed=0)
    with pytest.raises((TypeError, ValueError), match=name):
        call(D.init_networks(2, 2, seed=0), x, y)


def test_the_smallest_valid_arguments_are_accepted():
    x, y = D.sample(1, seed=0)
    assert x.shape == (1, 2) and D.init_networks(1, 1, 0, inputs=1).W1.shape == (1, 1, 1)
    probe = D.Probe(torch.zeros(2, 2), torch.zeros(2, dtype=torch.bool), noise=0.0)
    assert probe.noise == 0.0
    assert D.Probe.fresh(100, 0, noise=0.3).noise == 0.3


# --- The large-scale tradeoff's pieces, exactly (fast: what mutation testing runs) ----------------------

def test_logistic_data_share_the_truth_and_draw_labels_from_it():
    x, y, w = T.logistic_data(4000, 3, seed=1, scale=2.0)
    x2, y2, w2 = T.logistic_data(10, 3, seed=2)
    assert x.shape == (4000, 3) and y.shape == (4000,) and set(np.unique(y)) == {0.0, 1.0}
    assert np.linalg.norm(w) == pytest.approx(2.0) and np.allclose(w2 / 3.0, w / 2.0)  # one direction per d
    assert np.linalg.norm(w2) == pytest.approx(3.0)  # the default scale
    p = 1 / (1 + np.exp(-(x @ w)))
    assert abs(y.mean() - p.mean()) < 0.02 and abs(y[p > 0.9].mean() - p[p > 0.9].mean()) < 0.03
    a, b, _ = T.logistic_data(5, 3, seed=7)
    assert np.array_equal(a, T.logistic_data(5, 3, seed=7)[0]) and not np.array_equal(a, x2[:5])
    assert T.logistic_data(1, 1, seed=0)[0].shape == (1, 1)  # the smallest sample


def test_loss_gradient_and_sigmoid_exactly():
    x = np.array([[1.0, 0.0], [0.0, 2.0], [1.0, 1.0]])
    y = np.array([1.0, 0.0, 1.0])
    w = np.array([0.5, -1.0])
    z = x @ w
    assert T.loss(w, x, y) == pytest.approx(np.mean(np.log1p(np.exp(z)) - y * z), rel=1e-12)
    p = 1 / (1 + np.exp(-z))
    assert np.allclose(T.gradient(w, x, y), x.T @ (p - y) / 3, rtol=1e-12)
    assert np.allclose(T._sigmoid(np.array([-800.0, 0.0, 800.0])), [0.0, 0.5, 1.0])  # no overflow
    eps = 1e-6  # the gradient is the loss's
    numeric = [(T.loss(w + eps * e, x, y) - T.loss(w - eps * e, x, y)) / (2 * eps) for e in np.eye(2)]
    assert np.allclose(T.gradient(w, x, y), numeric, atol=1e-8)


@pytest.mark.parametrize("args, message", [
    ((np.zeros((3, 2)), np.zeros(2)), r"^y must have shape \(3,\), one label per row of x, got \(2,\)$"),
    ((np.zeros((3, 2)), np.zeros(3), np.zeros(3)), r"^w must have shape \(2,\), one weight per column of x, got \(3,\)$"),
    ((np.zeros(3), np.zeros(3)), "x"), ((np.zeros((3, 2)), np.zeros((3, 1))), "y"),
])
def test_data_of_the_wrong_shape_is_named(args, message):
    with pytest.raises(ValueError, match=message):
        T.loss(*(args[2:] or (np.zeros(2),)), *args[:2])


def test_gd_takes_step_one_over_l_and_reports_every_evaluation():
    x, y, _ = T.logistic_data(50, 2, seed=3)
    seen = []
    T.gd(x, y, 175, lambda w, used: seen.append((used, w.copy())))
    assert [u for u, _ in seen] == [50, 100, 150]  # floor(175 / 50) iterations
    lr = 4 / np.linalg.eigvalsh(x.T @ x / 50)[-1]
    w = np.zeros(2)
    for _, after in seen:
        w = w - lr * T.gradient(w, x, y)
        assert np.allclose(after, w)
    with pytest.raises(ValueError, match=r"^evaluations must be an integer of at least n = 50 \(one GD iteration\), "
                                         r"got 49$"):
        T.gd(x, y, 49, lambda w, used: None)
    T.gd(x, y, 50, lambda w, used: seen.append(used))  # exactly one iteration is allowed
    assert seen[-1] == 50


def test_sgd_steps_decay_passes_reshuffle_and_the_budget_is_exact():
    x, y, _ = T.logistic_data(30, 2, seed=4)
    seen = []
    T.sgd(x, y, 70, lambda w, used: seen.append((used, w.copy())), seed=5, batch_size=10, lr0=0.5, decay=0.1)
    assert [u for u, _ in seen] == [10, 20, 30, 40, 50, 60, 70]
    rng, w, t = np.random.default_rng(5), np.zeros(2), 0  # the same schedule, written out
    expected = []
    while len(expected) < 7:
        order = rng.permutation(30)
        for start in (0, 10, 20):
            w = w - 0.5 / (1 + 0.1 * t) * T.gradient(w, x[order[start:start + 10]], y[order[start:start + 10]])
            t += 1
            expected.append(w)
    assert all(np.allclose(a, b) for (_, a), b in zip(seen, expected[:7]))
    last = []
    T.sgd(x, y, 25, lambda w, used: last.append(used), seed=0, batch_size=10)
    assert last == [10, 20, 30]  # the batch that crosses the budget is the last
    T.sgd(x, y, 10, lambda w, used: last.append(used), seed=0, batch_size=30)
    assert last[-1] == 30
    with pytest.raises(ValueError, match=r"^batch_size must be at most n = 30, got 31$"):
        T.sgd(x, y, 10, lambda w, used: None, seed=0, batch_size=31)


def test_newton_reaches_the_minimizer_and_the_recorder_samples_log_spaced_points():
    x, y, _ = T.logistic_data(300, 2, seed=6)
    w = T.newton(x, y)
    assert np.linalg.norm(T.gradient(w, x, y)) < 1e-10 and T.newton(x, y, iterations=1).shape == (2,)
    rec = T.Recorder(x, y, floor=0.25, per_decade=2)
    for used in range(1, 1001):
        rec(np.zeros(2), used)
    # each next point is the last one times 10^(1/per_decade), rounded up: 1, 4, 13 (4 x 3.16), 42, ...
    assert [u for u, _ in rec.points] == [1, 4, 13, 42, 133, 421]
    assert rec.points[0][1] == pytest.approx(T.loss(np.zeros(2), x, y) - 0.25)


def test_a_small_race_scores_each_method_against_the_same_truth():
    r = T.race(n=50, d=2, gd_evaluations=500, sgd_evaluations=200, seed=3, test_size=400, batch_size=10)
    x, y, w_star = T.logistic_data(50, 2, 3)
    x_test, y_test, _ = T.logistic_data(400, 2, 4)
    floor = T.loss(w_star, x_test, y_test)
    assert (r["n"], r["d"], r["test_size"]) == (50, 2, 400) and set(r["curves"]) == {"GD", "SGD"}
    assert r["erm_excess"] == pytest.approx(T.loss(T.newton(x, y), x_test, y_test) - floor)
    gd_points, sgd_points = r["curves"]["GD"], r["curves"]["SGD"]
    def marks(useds, per_decade=8):  # the recorder's rule: a point once the count passes 10^(k/8), rounded up
        kept, next_mark = [], 1
        for used in useds:
            if used >= next_mark:
                kept.append(used)
                while next_mark <= used:
                    next_mark = math.ceil(next_mark * 10 ** (1 / per_decade))
        return kept
    assert [u for u, _ in gd_points] == marks(range(50, 501, 50)) and len(gd_points) >= 5
    assert [u for u, _ in sgd_points] == marks(range(10, 201, 10)) and len(sgd_points) >= 5
    w = np.zeros(2)
    lr = 4 / np.linalg.eigvalsh(x.T @ x / 50)[-1]
    w = w - lr * T.gradient(w, x, y)
    assert gd_points[0][1] == pytest.approx(T.loss(w, x_test, y_test) - floor)
    with pytest.raises(ValueError, match=r"^batch_size must be at most n = 50, got 60$"):
        T.race(50, 2, 500, 200, seed=0, test_size=10, batch_size=60)


def test_hessian_is_the_gradients_derivative_and_curvature_reads_it_at_the_minimizer():
    x, y, _ = T.logistic_data(200, 3, seed=8)
    w = np.array([0.3, -0.2, 0.5])
    eps = 1e-6
    numeric = np.stack([(T.gradient(w + eps * e, x, y) - T.gradient(w - eps * e, x, y)) / (2 * eps) for e in np.eye(3)])
    assert np.allclose(T.hessian(w, x, y), numeric, atol=1e-8)
    shape = T.curvature(x, y)
    eigenvalues = np.linalg.eigvalsh(T.hessian(T.newton(x, y), x, y))
    assert (shape["lambda_min"], shape["lambda_max"]) == pytest.approx((eigenvalues[0], eigenvalues[-1]), rel=1e-12)
    assert shape["kappa"] == pytest.approx(eigenvalues[-1] / eigenvalues[0], rel=1e-12)
    at_zero = np.linalg.eigvalsh(T.hessian(np.zeros(3), x, y))  # at w = 0 every weight p (1 - p) is 1/4
    assert np.allclose(at_zero, np.linalg.eigvalsh(x.T @ x / 200) / 4)


def test_averaged_sgd_passes_on_the_mean_of_the_iterates():
    seen = []
    record = T.averaged(lambda w, used: seen.append((used, w.copy())))
    iterates = [np.array([1.0, 0.0]), np.array([3.0, 2.0]), np.array([2.0, 4.0])]
    for i, w in enumerate(iterates, 1):
        record(w, 10 * i)
    assert [u for u, _ in seen] == [10, 20, 30]
    assert [list(w) for _, w in seen] == [[1.0, 0.0], [2.0, 1.0], [2.0, 2.0]]
    w = np.array([5.0, 5.0])  # sgd updates its iterate in place: the mean must not alias it
    record = T.averaged(lambda w, used: None)
    record(w, 1)
    w -= 5
    seen.clear()
    T.averaged(lambda w, used: seen.append(w.copy()))(np.ones(2), 1)
    assert list(seen[0]) == [1.0, 1.0]
    x, y, _ = T.logistic_data(30, 2, seed=4)
    plain, mean = [], []
    T.sgd(x, y, 60, lambda w, used: plain.append(w.copy()), seed=5)
    T.sgd(x, y, 60, T.averaged(lambda w, used: mean.append(w.copy())), seed=5)
    assert np.allclose(mean[-1], np.mean(plain, axis=0))


def test_spread_ranks_a_target_never_reached_above_every_number():
    assert T._spread([5000, 7000, 4000, None, 7000]) == {"median": 7000.0, "low": 4000, "high": None, "reached": 4}
    assert T._spread([1, 2, None, None]) == {"median": None, "low": 1, "high": None, "reached": 2}
    assert T._spread([3.0, 1.0]) == {"median": 2.0, "low": 1.0, "high": 3.0, "reached": 2}
    assert T._mode([0.03, 0.01, 0.03]) == {"value": 0.03, "count": 2}
    assert T._mode([3000, 1000]) == {"value": 1000, "count": 1}  # ties go to the smallest
