"""Every claim's check at its thresholds, without computing a figure: for each quantity the check reads,
results just on the passing side of its threshold are accepted and results just past it are rejected.

A check that reads the wrong quantity (the lower end of a spread for the upper, ``mean - sd`` for
``mean + sd``), compares with the wrong threshold or the wrong inequality (``<`` for ``<=``) gives the
wrong answer on one of these pairs. The results are hand-made, the smallest that each check accepts;
tests/test_claims.py runs the checks on the real figures' results and on their refuting worlds.
"""
from __future__ import annotations

import copy

import pytest

from snippets import decomposition, expressivity, hardness, implicit, landscape, nets, overparameterization
from snippets import randomization, tradeoffs, train
from snippets.claims import altered, collect


def edges(check, base: dict, ok: list[dict], bad: list[dict]):
    return pytest.param(check, base, ok, bad, id=check.__name__.strip("_"))


CASES = [
    edges(implicit._min_norm_check,
          {"gd_distance": 1e-7, "sgd_distance": 1e-7, "w0_distance": 4.0, "w0_null_norm": 4.0},
          ok=[{"gd_distance": 1e-6}, {"sgd_distance": 1e-6}, {"w0_distance": 4 + 3.9e-6},
              {"w0_distance": 4 - 3.9e-6}],
          bad=[{"gd_distance": 1.01e-6}, {"sgd_distance": 1.01e-6}, {"w0_distance": 4 + 4.1e-6},
               {"w0_distance": 4 - 4.1e-6}, {"w0_null_norm": 4 + 4.1e-6}]),
    edges(implicit._kernel_interpolation_check,
          {"by_split": {"count": 5, "interpolant": {"each": [0.1] * 5, "train_error": [0.0] * 5},
                        "nearest_neighbour": {"each": [0.2] * 5}}},
          ok=[{"by_split.interpolant.each.4": 0.2}, {"by_split.interpolant.each.0": 0.2},
              {"by_split.nearest_neighbour.each.2": 0.1}],
          bad=[{"by_split.interpolant.each.4": 0.2 + 1e-9}, {"by_split.nearest_neighbour.each.0": 0.1 - 1e-9},
               {"by_split.interpolant.train_error.4": 1e-9},
               {"by_split.count": 4, "by_split.interpolant.each": [0.1] * 4,
                "by_split.interpolant.train_error": [0.0] * 4, "by_split.nearest_neighbour.each": [0.2] * 4},
               {"by_split.interpolant.each": [0.1] * 4}]),
    edges(implicit._double_descent_check,
          {"seeds": 5, "n": 400, "argmax_N_test_mse": 400, "largest_test_error": 0.02,
           "best_under_test_error": 0.05, "peak_test_error": 0.8},
          ok=[{"largest_test_error": 0.05 - 1e-9}, {"peak_test_error": 0.05 + 1e-9}],
          bad=[{"seeds": 4}, {"argmax_N_test_mse": 399}, {"n": 401}, {"largest_test_error": 0.05},
               {"peak_test_error": 0.05}, {"best_under_test_error": 0.8}]),
    edges(landscape._nonconvex_check,
          {"loss_at_w": 4.0, "loss_at_permuted": 4.0, "convexity_gap": 1.0, "barrier": 1.0,
           "max_output_change": 0.0, "output_tolerance": 1e-10},
          ok=[{"loss_at_permuted": 4 + 3.5e-12}, {"loss_at_permuted": 4 - 3.5e-12}, {"convexity_gap": 1e-12},
              {"barrier": 1e-12}, {"max_output_change": 1e-10}],
          bad=[{"loss_at_permuted": 4 + 4.5e-12}, {"loss_at_permuted": 4 - 4.5e-12}, {"convexity_gap": 0.0},
               {"barrier": 0.0}, {"max_output_change": 1.1e-10}, {"output_tolerance": 0.0, "max_output_change": 1e-12}]),
    edges(overparameterization._wider_fail_less,
          {"fitted_low": [0.0, 0.1, 0.5, 0.6], "fitted_high": [0.4, 0.9, 1.0, 1.0]},
          ok=[{"fitted_low.2": 0.4 + 1e-9}, {"fitted_low.3": 0.4 + 1e-9}, {"fitted_low.1": 0.0},
              {"fitted_high.1": 0.0}],
          bad=[{"fitted_low.2": 0.4}, {"fitted_low.3": 0.4}, {"fitted_high.0": 0.5},
               {"fitted_low": [0.0, 0.6], "fitted_high": [0.4, 1.0]}]),
    edges(overparameterization._lazy_training_check,
          {"seeds": 5, "slope_min": -0.6, "slope_max": -0.3, "max_final_loss": 1e-5,
           "control": {"slope_min": -0.01, "slope_max": 0.01, "max_final_loss": 1e-4}},
          ok=[{"slope_max": -0.25 - 1e-9}, {"max_final_loss": 0.99e-4}, {"control.slope_min": -0.25 + 1e-9},
              {"control.max_final_loss": 0.99e-3}, {"control.slope_max": -0.6}],
          bad=[{"seeds": 4}, {"slope_max": -0.25}, {"max_final_loss": 1e-4}, {"control.slope_min": -0.25},
               {"control.max_final_loss": 1e-3}]),
    edges(tradeoffs._large_scale_learning_check,
          {"seeds": 5, "equal": {"margin": {"sgd_chosen": [1e-4] * 5}, "margin_min": {"sgd_chosen": 1e-4}}},
          ok=[{"equal.margin_min.sgd_chosen": 1e-12}],
          bad=[{"equal.margin_min.sgd_chosen": 0.0}, {"equal.margin_min.sgd_chosen": -1e-12},
               {"seeds": 4, "equal.margin.sgd_chosen": [1e-4] * 4}, {"equal.margin.sgd_chosen": [1e-4] * 4}]),
    edges(train._fit_the_data_check,
          {"seeds": 5, "train_acc_min": 1.0, "seed_test_acc": [0.97] * 5, "seed_logreg_acc": [0.96] * 5,
           "n_test": 449},
          ok=[{"seed_test_acc.4": 0.96}, {"seed_logreg_acc.0": 0.97}],
          bad=[{"train_acc_min": 1 - 1e-9}, {"seed_test_acc.4": 0.96 - 1e-9}, {"seed_logreg_acc.0": 0.97 + 1e-9},
               {"seed_test_acc": [0.97] * 4}, {"seed_logreg_acc": [0.96] * 4},
               {"seeds": 4, "seed_test_acc": [0.97] * 4, "seed_logreg_acc": [0.96] * 4}]),
    edges(hardness._training_is_np_hard_check,
          {"referee": {"agree": 40, "instances": 40, "splittable": 20, "unsplittable": 20},
           "uniform": {"agree": 20, "instances": 20, "splittable": 10, "unsplittable": 10,
                       "unsplittable_by_pairs": 0}},
          ok=[{"referee.splittable": 21}],
          bad=[{"referee.agree": 39}, {"referee.splittable": 19}, {"referee.unsplittable": 19},
               {"uniform.agree": 19}, {"uniform.splittable": 9}, {"uniform.unsplittable": 9},
               {"uniform.unsplittable_by_pairs": 1}]),
    edges(decomposition._error_decomposition_check,
          {"draws": 5, "summary": {"100": {"log": {"growth": [0.5] * 5, "growth_min": 0.5}}}},
          ok=[{"summary.100.log.growth_min": 1e-12}],
          bad=[{"summary.100.log.growth_min": 0.0}, {"summary.100.log.growth": [0.5] * 4},
               {"draws": 4, "summary.100.log.growth": [0.5] * 4}]),
    edges(expressivity._universal_approximation_check,
          {"interpolant": [0.5, 0.25], "bound": [1.0, 0.5]},
          ok=[{"interpolant.1": 0.5 * (1 + 0.9e-9)}, {"interpolant.0": 1.0}],
          bad=[{"interpolant.1": 0.5 * (1 + 1.1e-9)}, {"interpolant.0": 1.0 + 1.1e-9},
               {"interpolant": [0.5], "bound": [1.0]}, {"interpolant": [0.5, 0.25, 0.1]}]),
    edges(expressivity._depth_separation_check,
          {"exact": [{"k": 1, "deep_pieces": 2, "shallow_pieces": 2, "deep_error": 0.0, "shallow_error": 0.0,
                      "deep": 7, "shallow": 7},
                     {"k": 2, "deep_pieces": 4, "shallow_pieces": 4, "deep_error": 0.0, "shallow_error": 0.0,
                      "deep": 13, "shallow": 13}]},
          ok=[{"exact.1.deep_error": 1e-9}, {"exact.1.shallow_error": 1e-9}],
          bad=[{"exact.1.deep_error": 1.1e-9}, {"exact.1.shallow_error": 1.1e-9}, {"exact.1.deep_pieces": 5},
               {"exact.1.shallow_pieces": 3}, {"exact.1.deep": 12}, {"exact.1.shallow": 14},
               {"exact.0.deep": 8}]),
    edges(expressivity._curse_of_dimensionality_check,
          {"high_d": 16, "low_d": 1, "fixed_high_d_draws": [1.0] * 5, "fixed_low_d_draws": [0.01] * 5},
          ok=[{"high_d": 8}, {"fixed_high_d_draws.4": 0.9}, {"fixed_low_d_draws.0": 0.1}],
          bad=[{"high_d": 7}, {"low_d": 2}, {"fixed_high_d_draws": [1.0] * 4}, {"fixed_high_d_draws.4": 0.9 - 1e-9},
               {"fixed_low_d_draws.0": 0.1 + 1e-9}]),
    edges(expressivity._adapted_units_check,
          {"adapted_bound_ratios": [0.5, 0.6], "dims": [1, 16], "barron_useful_from_smallest": 300,
           "most_units": 256},
          ok=[{"adapted_bound_ratios.1": 1 + 0.9e-9}, {"barron_useful_from_smallest": 257}],
          bad=[{"adapted_bound_ratios.1": 1 + 1.1e-9}, {"adapted_bound_ratios.0": 1 + 1.1e-9},
               {"barron_useful_from_smallest": 256}, {"dims": [1]}, {"adapted_bound_ratios": [0.5], "dims": [1]}]),
    edges(randomization._random_labels_check,
          {"seeds": 5, "random_labels": {"train_acc": 1.0, "test_acc": [0.1] * 5},
           "true_labels": {"test_acc": [0.95] * 5}},
          ok=[{"random_labels.train_acc": 0.99}, {"random_labels.test_acc.0": 0.149},
              {"random_labels.test_acc.4": 0.051}, {"true_labels.test_acc.2": 0.9}],
          bad=[{"seeds": 4}, {"random_labels.train_acc": 0.99 - 1e-9}, {"random_labels.test_acc.0": 0.151},
               {"random_labels.test_acc.4": 0.049}, {"true_labels.test_acc.2": 0.9 - 1e-9}]),
    edges(randomization._small_slowdown_check,
          {"seeds": 5, "all_fitted": True, "by_n_all_fitted": True, "relative_time": [1.0, 2.0],
           "relative_time_sd": [0.5, 1.0],
           "by_n": {"ratio": [{"low": 1.0, "high": 2.0}, {"low": 1.5, "high": 3.0}] + [{"low": 1.0, "high": 2.0}] * 3}},
          ok=[{"relative_time.1": 8.999}, {"relative_time_sd.0": 8.999}, {"by_n.ratio.1.high": 9.999},
              {"by_n.ratio.0.low": 50.0}],
          bad=[{"seeds": 4}, {"all_fitted": False}, {"by_n_all_fitted": False}, {"relative_time.1": 9.0},
               {"relative_time_sd.0": 9.5}, {"by_n.ratio.1.high": 10.0}, {"by_n.ratio.0.high": 10.0}]),
    edges(randomization._weight_decay_random_labels_check,
          {"decay_seeds": 5, "weight_decay_random": {"d1": {"train_acc_min": 1.0, "test_acc_max": 0.12},
                                                     "d3": {"train_acc_min": 1.0, "test_acc_max": 0.12}}},
          ok=[{"weight_decay_random.d1.train_acc_min": 0.99}, {"weight_decay_random.d3.test_acc_max": 0.15}],
          bad=[{"decay_seeds": 4}, {"weight_decay_random.d1.train_acc_min": 0.99 - 1e-9},
               {"weight_decay_random.d3.train_acc_min": 0.99 - 1e-9},
               {"weight_decay_random.d1.test_acc_max": 0.15 + 1e-9},
               {"weight_decay_random.d3.test_acc_max": 0.15 + 1e-9}]),
    edges(randomization._finite_sample_expressivity_check,
          {"n": 100, "d": 64, "n_weights": 264, "interleaved_exactly": True, "exact_max_error": 0.0,
           "max_error": 1e-7},
          ok=[{"exact_max_error": 0.499}, {"max_error": 0.499}],
          bad=[{"n_weights": 265}, {"d": 63}, {"n": 101}, {"interleaved_exactly": False},
               {"exact_max_error": 0.5}, {"max_error": 0.5}]),
    edges(randomization._rademacher_about_one_check,
          {"draws": 5, "worst": 1.0},
          ok=[{"worst": 0.99}],
          bad=[{"draws": 4}, {"worst": 0.99 - 1e-9}]),
    edges(nets._pieces_per_neuron_within_twice_one_layer,
          {"table": {"4": [{"depth": 1, "q25": 5, "q75": 5}, {"depth": 3, "q25": 12, "q75": 20},
                           {"depth": 12, "q25": 30, "q75": 50}],
                     "8": [{"depth": 1, "q25": 9, "q75": 9}, {"depth": 3, "q25": 20, "q75": 30},
                           {"depth": 12, "q25": 60, "q75": 100}]}},
          ok=[{"table.4.1.q75": 30}, {"table.8.1.q75": 54}, {"table.4.2.q75": 120}, {"table.8.2.q75": 216},
              {"table.4.0.q75": 10, "table.4.2.q25": 10.5}, {"table.4.2.q25": 5.001}, {"table.4.1.q25": 0}],
          bad=[{"table.4.1.q75": 31}, {"table.8.1.q75": 55}, {"table.4.2.q75": 121}, {"table.4.0.q75": 10.5},
               {"table.4.2.q25": 5}, {"table.8.2.q25": 9}, {"table.4": [{"depth": 1, "q25": 5, "q75": 5}]},
               {"table": {}}]),
]


@pytest.mark.parametrize("check, base, ok, bad", CASES)
def test_each_check_flips_just_past_its_threshold(check, base, ok, bad):
    assert check(base), f"{check.__name__} rejects the base results"
    for changes in ok:
        assert check(altered(changes)(base)), f"{check.__name__} rejects {changes}, which is within its threshold"
    for changes in bad:
        assert not check(altered(changes)(base)), f"{check.__name__} accepts {changes}, past its threshold"


def test_every_claims_check_has_its_thresholds_tested_here():
    tested = {p.values[0] for p in CASES}
    missing = sorted(c.name for c in collect().values() if c.check not in tested)
    assert not missing, f"add the thresholds of these claims' checks to this file: {missing}"


BASES = {p.values[0]: p.values[1] for p in CASES}


@pytest.mark.parametrize("claim", list(collect().values()), ids=lambda c: c.name)
def test_every_refuting_world_is_rejected_on_the_hand_made_results(claim):
    """Each refutation, applied to the results its check accepts above, makes results the check rejects
    (tests/test_claims.py does the same on the real figures' results, with a site build)."""
    base = BASES[claim.check]
    for refutation in claim.refutations:
        world = refutation.results(copy.deepcopy(base))
        assert world != base, f"{claim.name}: refutation {refutation.world!r} changes nothing"
        assert bool(claim.check(world)) is not claim.reproduced, (
            f"{claim.name}: the check gives the same verdict in a world where {refutation.world}")
