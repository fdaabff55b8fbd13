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
    r = results(built_site, "error-decomposition")
    few = r["estimation_few"]
    assert r["draws"] == len(r["by_width_few"]) == len(few["growth"]) >= 5
    for row in r["by_width_few"]:
        assert [e["width"] for e in row] == list(r["widths"])
        losses = [e["training_loss"] for e in row]  # the wider class contains the narrower: never worse
        assert all(b <= a + 1e-6 for a, b in zip(losses, losses[1:])), losses
    assert few["growth_min"] == min(row[-1]["estimation"] - row[0]["estimation"] for row in r["by_width_few"])
    assert few["median"][-1] > few["median"][0]


def test_optimization_falls_with_the_budget(built_site):
    rows = results(built_site, "error-decomposition")["by_budget"]
    opt = [row["optimization"] for row in rows]
    assert all(b <= a + 1e-4 for a, b in zip(opt, opt[1:])) and opt[0] > 10 * opt[-1]


def test_each_regime_is_dominated_by_its_own_term(built_site):
    r = results(built_site, "error-regimes")
    assert r["dominant"] == {"narrow_network": "approximation", "few_examples": "estimation",
                             "short_training": "optimization"}


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


def test_equal_budget_lets_gd_choose_on_validation_and_scores_on_test():
    r = T.equal_budget(large_n=4000, d=5, budget=8000, subsamples=(500, 2000, 4000), seed=0, test_size=4000)
    runs = r["gd"]
    assert set(runs) == {"500", "2000", "4000"} and [runs[m]["iterations"] for m in ("500", "2000", "4000")] == [16, 4, 2]
    assert r["gd_chosen_n"] == min((int(m) for m in runs), key=lambda m: runs[str(m)]["validation"])
    assert r["gd_chosen"] == runs[str(r["gd_chosen_n"])]
    for run in (*runs.values(), r["sgd"]):
        assert run["rho"] >= -1e-12  # nothing beats the exact minimizer on its own data
    assert runs["500"]["rho"] < runs["4000"]["rho"]  # more iterations on fewer points: optimized further


def test_equal_budget_results_over_seeds(built_site):
    r = results(built_site, "tradeoffs")
    e = r["equal"]
    assert len(e["races"]) == len(e["margin"]) == r["seeds"] >= 5
    assert e["margin"] == [g - s for g, s in zip(e["gd_test"], e["sgd_test"])]
    assert e["sgd_wins"] == sum(m > 0 for m in e["margin"])
    assert all(race["sgd"]["n"] == r["large"]["n"] and race["budget"] == r["sgd_evaluations"] for race in e["races"])


def test_sgd_reaches_the_target_with_fewer_evaluations_at_large_scale(built_site):
    r = results(built_site, "tradeoffs")
    large, small = r["large"], r["small"]
    assert large["to_target"]["SGD"] is not None and large["to_target"]["GD"] is not None
    assert large["to_target"]["SGD"] * 5 < large["to_target"]["GD"]
    assert large["final"]["GD"] < large["final"]["SGD"]  # ... though it optimizes worse in the end
    # small-scale: both end at the exact minimizer's estimation error, the floor
    assert small["final"]["GD"] == pytest.approx(small["erm_excess"], rel=1e-3)
    assert small["erm_excess"] > 10 * large["erm_excess"]


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
