"""Bad input to every public function of the concept modules: a clear error that names the argument.

Readers copy snippets into their own sessions. A wrong argument (a wrong shape, a number out of range, a
wrong type, an unknown name) must raise ValueError or TypeError at the function's boundary, before any
computation, with a message that says which argument is wrong and what was expected.

``CASES`` has one bad call for every public function and class of each module; the first test fails when
a module gains a public callable without one. A few plain records, built only by our own functions, are
exempt, with the reason; they must be dataclasses.
"""
from __future__ import annotations

import dataclasses
import importlib
import inspect

import numpy as np
import pytest
import torch

from conftest import REPO
from lecture_site import registry

from snippets import data as DA
from snippets import decomposition as D
from snippets import expressivity as EX
from snippets import hardness as H
from snippets import implicit as IM
from snippets import landscape as L
from snippets import nets as N
from snippets import overparameterization as O
from snippets import randomization as R
from snippets import tradeoffs as T
from snippets import train as TR

# every concept module: those that define a figure (read from the sources, as the site finds them), so
# that a new one cannot skip this test
MODULES = tuple(sorted({spec.module.removeprefix("snippets.") for spec in registry.discover().values()}))


# --- Small, valid inputs that the cases spoil one argument of ---------------------------------------

LONG = torch.long
TRIANGLE = H.Instance(3, ((0, 1), (1, 2), (0, 2)))


def quick(fn, **bad):
    """The figure's quick parameters with the ``bad`` ones replaced."""
    return dict(fn.figure_scales["quick"], **bad)


def split():
    """A tiny stand-in for the digits: 8 training and 4 test images of 64 pixels."""
    gen = torch.Generator().manual_seed(0)
    return DA.Split(torch.rand(8, 64, generator=gen), torch.arange(8) % 10, torch.rand(4, 64, generator=gen),
                    torch.arange(4))


def least_squares():
    """An underdetermined problem: 6 examples in 64 dimensions, one-hot targets."""
    return torch.rand(6, 64, dtype=torch.float64, generator=torch.Generator().manual_seed(0)), \
        IM.one_hot(torch.arange(6))


def networks(width=3, restarts=1):
    return D.init_networks(width, restarts, seed=0)


def logistic():
    x, y, _ = T.logistic_data(5, 3, seed=0)
    return x, y


def mlp():
    return N.mlp([4, 3, 2])


# --- One bad call per public callable: (call, exception, message naming the argument) --------------

CASES = {
    "nets": {
        "Pieces": "the result record of linear_pieces, built only there",
        "relu": (lambda: N.relu([1.0, -2.0]), TypeError, "z must be a torch.Tensor"),
        "mlp": (lambda: N.mlp([2, -3, 1]), ValueError, "widths must be at least two positive integers"),
        "layers_of": (lambda: N.layers_of([torch.nn.Linear(2, 2)]), TypeError, "model must be a torch.nn.Module"),
        "forward": (lambda: N.forward(torch.zeros(2, 1, 1), N.mlp([1, 3, 1])), ValueError,
                    r"x must have shape \(n, 1\)"),
        "linear_pieces": (lambda: N.linear_pieces(N.tent_layers(2), 1.0, 0.0), ValueError, "need lo < hi"),
        "tent_layers": (lambda: N.tent_layers(True), ValueError, "k must be a positive integer"),
        "piece_count_table": (lambda: N.piece_count_table((1, 2), (4,), nets=0, seed=0), ValueError,
                              "nets must be a positive integer"),
        "relu_network_figure": (lambda: N.relu_network_figure(seed=0, **quick(N.relu_network_figure, width=-3)),
                                ValueError, "width must be a positive integer, got -3"),
        "piece_counts_figure": (lambda: N.piece_counts_figure(seed=0, **quick(N.piece_counts_figure, tent_k=0)),
                                ValueError, "tent_k must be a positive integer"),
    },
    "data": {
        "Split": (lambda: DA.Split(torch.zeros(5, 64), torch.zeros(4, dtype=LONG), torch.zeros(2, 64),
                                   torch.zeros(2, dtype=LONG)), ValueError,
                  "x_train and y_train must have the same length, got 5 and 4"),
        "digits_split": (lambda: DA.digits_split(test_fraction=1.5), ValueError,
                         r"test_fraction must be in \(0, 1\), got 1.5"),
        "photo_as_vector": (lambda: DA.photo_as_vector("outdoor.jpg"), ValueError,
                            "unknown sample photo 'outdoor.jpg'"),
        "draw_digits": (lambda: DA.draw_digits([None, None], torch.zeros(2, 10), ["a", "b"]), ValueError,
                        "images must be digits of 8 x 8 = 64 pixels"),
        "digits_grid_figure": (lambda: DA.digits_grid_figure(seed=0, rows=0, cols=10), ValueError,
                               "rows must be a positive integer"),
    },
    "train": {
        "cross_entropy": (lambda: TR.cross_entropy(torch.zeros(3, 10), torch.zeros(3)), ValueError,
                          "labels y must be integer class indices"),
        "evaluate": (lambda: TR.evaluate("model", torch.zeros(2, 64), torch.zeros(2, dtype=LONG)), TypeError,
                     "model must be a torch.nn.Module"),
        "sgd": (lambda: TR.sgd(torch.nn.Linear(2, 2), torch.zeros(4, 2), torch.zeros(4, dtype=LONG), steps=2.5,
                               batch_size=2, lr=0.1, seed=0), ValueError, "steps must be an integer, got 2.5"),
        "digits_run": (lambda: TR.digits_run(0, hidden=0, depth=1, steps=10, batch_size=8, lr=0.1, eval_every=0),
                       ValueError, "hidden must be a positive integer"),
        "training_curves_figure": (lambda: TR.training_curves_figure(seed=0, **quick(TR.training_curves_figure,
                                                                                     hidden=-1)),
                                   ValueError, "hidden must be a positive integer"),
        "misclassified_figure": (lambda: TR.misclassified_figure(seed=0, **quick(TR.misclassified_figure, show=0)),
                                 ValueError, "show must be a positive integer"),
        "baselines": (lambda: TR.baselines(torch.zeros(8, 64)), TypeError, "split must be a Split, got Tensor"),
    },
    "expressivity": {
        "smooth_target": (lambda: EX.smooth_target(0.5), TypeError, "x must be a torch.Tensor"),
        "interpolant_layers": (lambda: EX.interpolant_layers(EX.smooth_target, -3), ValueError,
                               "width m must be a positive integer"),
        "sup_error": (lambda: EX.sup_error(N.tent_layers(1), EX.smooth_target, points=0), ValueError,
                      "points must be a positive integer"),
        "fit_network": (lambda: EX.fit_network([1, 4, 1], 3.0, steps=10, seed=0), TypeError,
                        "target must be a function"),
        "fit_one_hidden": (lambda: EX.fit_one_hidden(0, EX.smooth_target, 10, 0), ValueError,
                           "width m must be a positive integer"),
        "n_params": (lambda: EX.n_params([3]), ValueError, "widths must be at least two positive integers"),
        "mean_abs_error": (lambda: EX.mean_abs_error(N.tent_layers(1), EX.smooth_target, points=-1), ValueError,
                           "points must be a positive integer"),
        "tent_target": (lambda: EX.tent_target(0), ValueError, "k must be a positive integer"),
        "sawtooth": (lambda: EX.sawtooth(1.5), ValueError, "k must be a positive integer"),
        "universal_approximation_figure": (
            lambda: EX.universal_approximation_figure(seed=0, widths=(0, 4), steps=10, seeds=5), ValueError,
            "widths must be at least two positive integers"),
        "depth_separation_figure": (
            lambda: EX.depth_separation_figure(seed=0, **quick(EX.depth_separation_figure, widths=(2, 9))),
            ValueError, "width 9: .* not a separation regime"),
        "ridge_target": (lambda: EX.ridge_target(0, seed=0), ValueError, "dimension d must be a positive integer"),
        "cube_points": (lambda: EX.cube_points(10, 0, seed=0), ValueError, "d must be a positive integer"),
        "random_features_fit": (lambda: EX.random_features_fit(torch.zeros(10, 2), torch.zeros(10), 8, 0),
                                ValueError, "need at least twice as many samples as units"),
        "ridge_interpolant_layers": (lambda: EX.ridge_interpolant_layers(torch.zeros(2, 2), EX.smooth_target, 4,
                                                                         -1.0, 1.0), ValueError, "u must"),
        "relative_l2_error": (lambda: EX.relative_l2_error(N.tent_layers(1), "sin", torch.zeros(4, 1)), TypeError,
                              "target must be a function"),
        "curse_of_dimensionality_figure": (
            lambda: EX.curse_of_dimensionality_figure(seed=0, dims=(1,), units=(4, 64), samples=100, draws=1),
            ValueError, r"need samples >= 2 x the most units \(128\)"),
        "fit_networks": (lambda: EX.fit_networks([1, 4, 1], EX.smooth_target, 10, seeds=[0, -1]), ValueError,
                         "seeds must be .* non-negative integers"),
        "shallow_sawtooth_layers": (lambda: EX.shallow_sawtooth_layers(3, 8), ValueError,
                                    r"need 2 <= m < 2\^k = 8 units"),
        "initial_layers": (lambda: EX.initial_layers([1, 4, 1], 0, init="xavier"), ValueError,
                           "unknown init 'xavier'; known: pytorch, he"),
        "steepest_slope": (lambda: EX.steepest_slope(N.tent_layers(1), 1.0, 0.0), ValueError, "need lo < hi"),
        "redraw_seed": (lambda: EX.redraw_seed(3, -1), ValueError, "attempt must be a non-negative integer"),
        "live_start": (lambda: EX.live_start([1, 0, 1], 0, "he"), ValueError,
                       "widths must be at least two positive integers"),
        "training_mse": (lambda: EX.training_mse(N.tent_layers(1), EX.smooth_target, points=1), ValueError,
                         "points must be an integer >= 2"),
        "draw_seeds": (lambda: EX.draw_seeds(0, 0, 0), ValueError, "dimension d must be a positive integer"),
        "ridge_draw": (lambda: EX.ridge_draw(2, 10, {"train": 0, "test": 1}), ValueError,
                       "seeds must have the keys target, train, test, features"),
    },
    "decomposition": {
        "BestInClass": (lambda: D.BestInClass("probe"), TypeError, "probe must be a Probe"),
        "Networks": (lambda: D.Networks(torch.zeros(1, 2, 3), torch.zeros(1, 4), torch.zeros(1, 3), torch.zeros(1)),
                     ValueError, r"b1 must have shape \(1, 3\)"),
        "Probe": (lambda: D.Probe(torch.zeros(3, 2), torch.zeros(4, dtype=torch.bool)), ValueError,
                  "inside must be a bool tensor"),
        "bayes": (lambda: D.bayes([[0.0, 0.0]]), TypeError, "x must be a torch.Tensor"),
        "decompose": (lambda: D.decompose(None, networks(), networks(), networks()), TypeError,
                      "probe must be a Probe"),
        "decomposition_sweep": (lambda: D.decomposition_sweep(seed=0, widths=(1, 2), ns=(10,), budgets=(5,), width=2,
                                                              n=10, budget_n=10, steps=5, restarts=0, big_n=10,
                                                              probe_size=10),
                                ValueError, "restarts must be a positive integer"),
        "empirical_minimizer": (lambda: D.empirical_minimizer(networks(), torch.zeros(5, 2),
                                                              torch.zeros(4, dtype=torch.bool)),
                                ValueError, "x and y must have the same length, got 5 and 4"),
        "error_decomposition_figure": (
            lambda: D.error_decomposition_figure(seed=0, **quick(D.error_decomposition_figure, probe_size=0)),
            ValueError, "probe_size must be a positive integer"),
        "estimation_sweep": (lambda: D.estimation_sweep(seed=0, widths=(1, 2), ns=(10,), draws=0, steps=5,
                                                        restarts=1, big_n=10, probe_size=10),
                             ValueError, "draws must be a positive integer"),
        "estimation_by_width_figure": (
            lambda: D.estimation_by_width_figure(seed=0, **quick(D.estimation_by_width_figure, widths=(1, -2))),
            ValueError, "widths must be"),
        "same_network": (lambda: D.same_network(networks(restarts=2), networks()), ValueError,
                         "a must be a single network"),
        "error_regimes_figure": (
            lambda: D.error_regimes_figure(seed=0, **quick(D.error_regimes_figure, few=20000)),
            ValueError, "few < many"),
        "init_networks": (lambda: D.init_networks(2.5, 1, seed=0), ValueError, "width must be an integer"),
        "join": (lambda: D.join([]), ValueError, "pool must be a non-empty list of Networks"),
        "sample": (lambda: D.sample(10, seed=0, noise=0.5), ValueError, r"label noise must be in \[0, 0.5\)"),
        "train": (lambda: D.train(networks(), torch.zeros(5, 2), torch.zeros(5, dtype=torch.bool), 5,
                                  snapshots=(10,)),
                  ValueError, "snapshots must be step counts up to steps = 5"),
        "training_loss": (lambda: D.training_loss(networks(), torch.zeros(5, 3), torch.zeros(5, dtype=torch.bool)),
                          ValueError, r"x must have shape \(n, 2\)"),
    },
    "tradeoffs": {
        "averaged": (lambda: T.averaged(None), TypeError, "record must be"),
        "curvature": (lambda: T.curvature(np.zeros(3), np.zeros(3)), ValueError, "x must be"),
        "hessian": (lambda: T.hessian(np.zeros(2), *logistic()), ValueError, r"w must have shape \(3,\)"),
        "Recorder": (lambda: T.Recorder(*logistic(), floor=0.0, per_decade=0), ValueError,
                     "per_decade must be a positive integer"),
        "evaluations_to_reach": (lambda: T.evaluations_to_reach([(1, 0.5)], None), ValueError,
                                 "target must be a finite number"),
        "gd": (lambda: T.gd(*logistic(), evaluations=1, record=print), ValueError,
               "evaluations must be an integer of at least n = 5"),
        "gradient": (lambda: T.gradient(np.zeros(2), *logistic()), ValueError, r"w must have shape \(3,\)"),
        "logistic_data": (lambda: T.logistic_data(2.5, 3, seed=0), ValueError, "n must be an integer"),
        "loss": (lambda: T.loss(np.zeros(3), logistic()[0], np.zeros(4)), ValueError, r"y must have shape \(5,\)"),
        "newton": (lambda: T.newton(*logistic(), iterations=0), ValueError, "iterations must be a positive integer"),
        "equal_budget": (lambda: T.equal_budget(100, 3, 50, (80, 200), (0.1, 0.2), seed=0, test_size=100),
                         ValueError, "subsample sizes must be at most large_n = 100"),
        "race": (lambda: T.race(100, 3, 1000, 1000, seed=0, test_size=100, batch_size=500), ValueError,
                 "batch_size must be at most n = 100"),
        "sgd": (lambda: T.sgd(*logistic(), evaluations=100, record=print, seed=0, batch_size=10), ValueError,
                "batch_size must be at most n = 5"),
        "tradeoffs_figure": (lambda: T.tradeoffs_figure(seed=0, **quick(T.tradeoffs_figure, target=-0.01)),
                             ValueError, "target must be positive"),
    },
    "landscape": {
        "copies": (lambda: L.copies("mlp"), TypeError, "model must be a torch.nn.Module"),
        "filter_normalized_direction": (lambda: L.filter_normalized_direction(None, seed=0), TypeError,
                                        "model must be a torch.nn.Module"),
        "flat": (lambda: L.flat([torch.zeros(2)]), TypeError, "model must be a torch.nn.Module"),
        "load_flat": (lambda: L.load_flat(mlp(), torch.zeros(23, 1)), ValueError, r"vector must be a vector \(1-D\)"),
        "loss_along": (lambda: L.loss_along(mlp(), torch.zeros(23), torch.zeros(23), torch.zeros(1, 4),
                                            torch.zeros(1, dtype=LONG), points=0),
                       ValueError, "points must be a positive integer"),
        "loss_surface": (lambda: L.loss_surface(mlp(), torch.zeros(1, 4), torch.zeros(1, dtype=LONG), seed=0,
                                                span=-1.0),
                         ValueError, "span must be positive"),
        "loss_surface_figure": (lambda: L.loss_surface_figure(seed=0, **quick(L.loss_surface_figure, span=0.0)),
                                ValueError, "span must be positive"),
        "nonconvex_lines_figure": (
            lambda: L.nonconvex_lines_figure(seed=0, **quick(L.nonconvex_lines_figure, points=0)),
            ValueError, "points must be a positive integer"),
        "align_hidden": (lambda: L.align_hidden(mlp(), N.mlp([4, 5, 2, 3], dtype=torch.float32)), ValueError,
                         "the two models have different shapes"),
        "permute_hidden": (lambda: L.permute_hidden(mlp(), 0.5, torch.arange(3)), ValueError,
                           "layer must be an integer"),
        "trained_digits_net": (lambda: L.trained_digits_net((64, 8, 3), seed=0, steps=10), ValueError,
                               "widths must start with the 64 pixels of a digit and end with its 10 classes"),
    },
    "hardness": {
        "Instance": (lambda: H.Instance(0), ValueError, "number of elements n must be a positive integer"),
        "Network": (lambda: H.Network(((1,), (1,)), (0,)), ValueError, "need weights for 2 hidden units, 2 thresholds"),
        "all_instances": (lambda: H.all_instances(3, 0), ValueError, "max_subsets >= 1"),  # not only when iterated
        "classify": (lambda: H.classify(H.or_network(3), np.ones((2, 4), dtype=int)), ValueError,
                     r"inputs must be an integer array of shape \(examples, 3\)"),
        "exact_splitting": (lambda: H.exact_splitting([(0, 1)]), TypeError, "instance must be an Instance"),
        "reduction_against_referee": (lambda: H.reduction_against_referee((4, 2), (2, 5), 3, 1.5, seed=0), ValueError,
                                      "every n in ns at least 3"),
        "find_any_network": (lambda: H.find_any_network(np.ones((2, 3), dtype=int), [1, 2]), ValueError,
                             r"values in \{\+1, -1\}"),
        "three_node_training_set": (lambda: H.three_node_training_set([(0, 1)]), TypeError,
                                    "instance must be an Instance"),
        "three_node_network": (lambda: H.three_node_network(TRIANGLE, (0, 0, 0)), ValueError, "not a splitting"),
        "find_consistent_network": (lambda: H.find_consistent_network(np.ones(3, dtype=int), [1, 1, 1]), ValueError,
                                    "inputs must be a 2-D array"),
        "hidden_bits": (lambda: H.hidden_bits("network", np.ones((1, 3), dtype=int)), TypeError,
                        "network must be a Network"),
        "is_consistent": (lambda: H.is_consistent(H.or_network(3), np.ones((2, 3), dtype=int), [1, 0]), ValueError,
                          r"labels must be 2 values in \{\+1, -1\}"),
        "is_splitting": (lambda: H.is_splitting(TRIANGLE, (0, 0.5, 1)), ValueError,
                         "a splitting gives each of the 3 elements side 0"),
        "network_from_splitting": (lambda: H.network_from_splitting(TRIANGLE, (0, 0, 1)), ValueError,
                                   r"not a splitting: subset \(0, 1\)"),
        "or_network": (lambda: H.or_network(0), ValueError, "n must be a positive integer"),
        "random_instance": (lambda: H.random_instance(3, -1, seed=0), ValueError,
                            "number of subsets m must be a non-negative integer"),
        "splitting_from_network": (lambda: H.splitting_from_network(TRIANGLE, "network"), TypeError,
                                   "network must be a Network"),
        "splitting_time_figure": (lambda: H.splitting_time_figure(seed=0, **quick(H.splitting_time_figure, density=0)),
                                  ValueError, "density must be positive"),
        "train_smoothed": (lambda: H.train_smoothed(TRIANGLE, restarts=0, steps=10, seed=0), ValueError,
                           "need restarts >= 1"),
        "training_set": (lambda: H.training_set(3), TypeError, "instance must be an Instance"),
        "two_colouring": (lambda: H.two_colouring(H.Instance(3, ((0, 1, 2),))), ValueError,
                          "every subset to have exactly 2 elements"),
    },
    "implicit": {
        "ReluFeatures": (lambda: IM.random_relu_features(least_squares()[0], 5, seed=0)(torch.zeros(2, 10)),
                         ValueError, r"x must have shape \(n, 64\)"),
        "Trajectory": "the result record of gd_least_squares and sgd_least_squares, built only there",
        "double_descent": (lambda: IM.double_descent(20, [5, 10], seeds=0), ValueError,
                           "seeds must be a positive integer"),
        "double_descent_figure": (lambda: IM.double_descent_figure(seed=0, **quick(IM.double_descent_figure, seeds=0)),
                                  ValueError, "seeds must be a positive integer"),
        "error_rate": (lambda: IM.error_rate(torch.zeros(3, 10), torch.zeros(4, dtype=LONG)), ValueError,
                       "scores and labels must have the same length, got 3 and 4"),
        "feature_grid": (lambda: IM.feature_grid(100, 0), ValueError, "points must be a positive integer"),
        "gd_least_squares": (lambda: IM.gd_least_squares(*least_squares(), 0), ValueError,
                             "steps must be a positive integer"),
        "gd_limit": (lambda: IM.gd_limit(*least_squares(), torch.zeros(63)), ValueError, "w0 must have shape"),
        "kernel_condition": (lambda: IM.kernel_condition(least_squares()[0], -1.0), ValueError,
                             "bandwidth must be positive"),
        "kernel_fit": (lambda: IM.kernel_fit(split(), bandwidth=0.0), ValueError, "bandwidth must be positive"),
        "kernel_interpolant": (lambda: IM.kernel_interpolant(least_squares()[0], torch.zeros(3, dtype=LONG), 1.0),
                               ValueError, r"got labels of shape \(3,\)"),
        "kernel_interpolation_figure": (lambda: IM.kernel_interpolation_figure(seed=0, factors=(0.5, -1)),
                                        ValueError, "factors must be one or more positive numbers"),
        "median_bandwidth": (lambda: IM.median_bandwidth(torch.zeros(1, 64)), ValueError,
                             "x must be a matrix of at least two examples"),
        "min_norm_figure": (lambda: IM.min_norm_figure(seed=0, **quick(IM.min_norm_figure, steps=0)), ValueError,
                            "steps must be a positive integer"),
        "min_norm_fit": (lambda: IM.min_norm_fit(torch.zeros(6), torch.zeros(6)), ValueError,
                         r"phi must be a matrix \(2-D\)"),
        "min_norm_solution": (lambda: IM.min_norm_solution(torch.zeros(64), torch.zeros(6)), ValueError,
                              r"x must be a matrix \(2-D\)"),
        "n_params": (lambda: IM.n_params(64, 0), ValueError, "width must be a positive integer"),
        "nearest_neighbour_error": (lambda: IM.nearest_neighbour_error(None), TypeError, "split must be a Split"),
        "one_hot": (lambda: IM.one_hot(torch.tensor([3.0])), ValueError, "labels must be int64 class indices 0..9"),
        "random_features_risk": (lambda: IM.random_features_risk(split(), 0, seed=0), ValueError,
                                 "n_features must be a positive integer"),
        "random_relu_features": (lambda: IM.random_relu_features(least_squares()[0], 5, seed=0, bias_scale=-1.0),
                                 ValueError, "bias_scale must be nonnegative"),
        "rbf_kernel": (lambda: IM.rbf_kernel(torch.zeros(3, 64), torch.zeros(3, 10), 1.0), ValueError,
                       "a and b must be matrices with the same number of columns"),
        "row_space_projector": (lambda: IM.row_space_projector(torch.zeros(2, 3, 4)), ValueError,
                                r"x must be a matrix \(2-D\)"),
        "sgd_least_squares": (lambda: IM.sgd_least_squares(*least_squares(), 10, batch_size=0), ValueError,
                              "batch_size must be a positive integer"),
        "squared_loss": (lambda: IM.squared_loss(torch.zeros(3, 4), torch.zeros(3, dtype=LONG)), ValueError,
                         r"scores must have shape \(n, 10\)"),
        "train_subset": (lambda: IM.train_subset(0), ValueError, "n must be an integer between 1 and"),
        "train_width": (lambda: IM.train_width(split(), 0, steps=10, lr=0.01, seed=0), ValueError,
                        "width must be a positive integer"),
        "underdetermined_digits": (lambda: IM.underdetermined_digits(64), ValueError, "got n=64"),
        "width_sweep": (lambda: IM.width_sweep(20, (0, 4), steps=10, lr=0.01, seeds=1), ValueError,
                        "widths must be one or more positive integers"),
        "width_sweep_figure": (lambda: IM.width_sweep_figure(seed=0, **quick(IM.width_sweep_figure, early=10**6)),
                               ValueError, "need 1 <= early < steps"),
        "train_widths": (lambda: IM.train_widths(split(), 4, steps=10, lr=0.01, seeds=[0], early=0), ValueError,
                         "early must be"),
    },
    "randomization": {
        "weight_decay_sweep_figure": (
            lambda: R.weight_decay_sweep_figure(seed=0, **quick(R.weight_decay_sweep_figure, strengths=(0.1, -1.0))),
            ValueError, "strengths must be one or more non-negative numbers"),
        "corrupt_labels": (lambda: R.corrupt_labels(torch.arange(4), 1.5, seed=0), ValueError,
                           r"p must be in \[0, 1\], got 1.5"),
        "evaluate_interpolant": (
            lambda: R.evaluate_interpolant(R.interpolating_network(torch.eye(3), torch.zeros(3)), torch.zeros(2, 5)),
            ValueError, r"x must have shape \(n, 3\)"),
        "finite_sample_expressivity_figure": (lambda: R.finite_sample_expressivity_figure(seed=0, zoom=1), ValueError,
                                              "zoom must be an integer >= 2"),
        "fit": (lambda: R.fit(split(), steps=10, batch_size=2.5), ValueError, "batch_size must be an integer"),
        "interpolating_network": (lambda: R.interpolating_network(torch.eye(3), torch.zeros(3), tries=0), ValueError,
                                  "tries must be >= 1"),
        "label_corruption_figure": (
            lambda: R.label_corruption_figure(seed=0, **quick(R.label_corruption_figure, levels=1)),
            ValueError, "levels must be an integer >= 2"),
        "mean_and_sd": (lambda: R.mean_and_sd([]), ValueError, "values must be one or more finite numbers"),
        "n_params": (lambda: R.n_params("model"), TypeError, "model must be a torch.nn.Module"),
        "network": (lambda: R.network(0, 1, seed=0), ValueError, "hidden must be a positive integer"),
        "rademacher_figure": (lambda: R.rademacher_figure(seed=0, **quick(R.rademacher_figure, draws=0)), ValueError,
                              "draws must be a positive integer"),
        "randomization_curves_figure": (
            lambda: R.randomization_curves_figure(seed=0, **quick(R.randomization_curves_figure, seeds=0)),
            ValueError, "seeds must be a positive integer"),
        "randomized": (lambda: R.randomized(split(), "random noise", seed=0), ValueError,
                       "unknown variant 'random noise'"),
        "regularizers_figure": (
            lambda: R.regularizers_figure(seed=0, **quick(R.regularizers_figure, regularizers=("none", "magic"))),
            ValueError, "unknown regularizer 'magic'"),
        "shift_digits": (lambda: R.shift_digits(torch.zeros(2, 10), torch.Generator(), 1), ValueError,
                         r"x must have shape \(n, 64\)"),
    },
    "overparameterization": {
        "fit_slope": (lambda: O.fit_slope([1, 2], [1.0]), ValueError, "ys must be at least two positive numbers"),
        "lazy_distance": (lambda: O.lazy_distance(0, torch.zeros(2, 3), torch.zeros(2), 1, 0.1, seed=0), ValueError,
                          "need width >= 1"),
        "lazy_training_figure": (
            lambda: O.lazy_training_figure(seed=0, **quick(O.lazy_training_figure, widths=(100, 0))),
            ValueError, "widths must be at least two positive integers"),
        "trained_students": (lambda: O.trained_students(torch.zeros(5, 3), torch.zeros(4), 4, 2, steps=1, lr=0.1,
                                                        batch_size=2, seed=0),
                             ValueError, r"need inputs of shape \(n, d\) and n targets"),
        "student_losses": (lambda: O.student_losses(networks(), torch.zeros(5, 3), torch.zeros(5)), ValueError,
                           "the students have 2 inputs but x has 3 columns"),
        "gradient_norms": (lambda: O.gradient_norms("nets", torch.zeros(5, 2), torch.zeros(5)), TypeError,
                           "nets must be"),
        "keep_training": (lambda: O.keep_training(networks(), torch.zeros(5, 2), torch.zeros(5), steps=0, lr=0.1),
                          ValueError, "steps must be a positive integer"),
        "sphere_data": (lambda: O.sphere_data(0, 3, seed=0), ValueError, "n must be a positive integer"),
        "lazy_distances": (lambda: O.lazy_distances(4, torch.zeros(2, 3, 2), torch.zeros(2, 3), 1, 0.1, seeds=[0]),
                           ValueError, "one seed per problem"),
        "wilson_interval": (lambda: O.wilson_interval(5, 3), ValueError, "need 0 <= successes <= trials"),
        "teacher_data": (lambda: O.teacher_data(0, 3, 2, seed=0), ValueError, "need n, inputs and teacher_width >= 1"),
        "teacher_student_figure": (
            lambda: O.teacher_student_figure(seed=0, **quick(O.teacher_student_figure, multiples=(1, 0))),
            ValueError, "multiples must be one or more positive integers"),
        "train_students": (lambda: O.train_students(torch.zeros(5, 3), torch.zeros(5), 0, 2, steps=1, lr=0.1,
                                                    batch_size=2, seed=0),
                           ValueError, "width must be a positive integer"),
    },
}


def public_callables(module) -> set[str]:
    """Functions and classes defined in the module whose names do not start with an underscore."""
    return {name for name, obj in vars(module).items()
            if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
            and obj.__module__ == module.__name__
            and "__mutmut_" not in name and "ǁ" not in name}  # the copies mutation testing adds


@pytest.mark.parametrize("module", MODULES)
def test_every_public_callable_has_a_bad_input_case(module):
    public = public_callables(importlib.import_module(f"snippets.{module}"))
    cases = set(CASES[module])
    assert public - cases == set(), f"snippets.{module}: public, but no bad-input case"
    assert cases - public == set(), f"snippets.{module}: a case for something that is not public there"


EXEMPT = [(m, name, case) for m in MODULES for name, case in CASES[m].items() if isinstance(case, str)]
CALLS = [pytest.param(*case, id=f"{m}.{name}") for m in MODULES for name, case in CASES[m].items()
         if not isinstance(case, str)]


@pytest.mark.parametrize("module, name, reason", EXEMPT, ids=[f"{m}.{n}" for m, n, _ in EXEMPT])
def test_exemptions_are_plain_records(module, name, reason):
    assert reason.strip()
    assert dataclasses.is_dataclass(getattr(importlib.import_module(f"snippets.{module}"), name))


@pytest.mark.parametrize("call, error, match", CALLS)
def test_bad_input_is_refused(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_every_concept_module_has_its_cases_and_is_named_where_readers_look():
    """A new concept module gets a row of cases here, and a line in the package's docstring (``help``)
    and in the README's layout: each missing place fails here, by name."""
    import snippets

    assert sorted(CASES) == list(MODULES), "CASES needs an entry per concept module"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for module in MODULES:
        assert f"``{module}``" in snippets.__doc__, f"snippets/__init__.py's docstring does not name {module}"
        assert f"{module}.py" in readme, f"the README's layout does not name snippets/{module}.py"
