"""Representation power: the claims of the /representation/ page."""
import numpy as np
import pytest
import torch

from conftest import figure_results as results
from snippets import expressivity as ex
from snippets.nets import forward, linear_pieces, tent_layers


def test_interpolant_network_is_exact_at_the_knots_and_linear_between():
    layers = ex.interpolant_layers(ex.smooth_target, 10)
    knots = torch.linspace(0, 1, 11, dtype=torch.float64)
    assert torch.allclose(forward(knots[:, None], layers)[:, 0], ex.smooth_target(knots), atol=1e-12)
    x = np.linspace(0, 1, 1001)
    ours = forward(torch.from_numpy(x)[:, None], layers)[:, 0].numpy()
    assert np.abs(ours - np.interp(x, knots.numpy(), ex.smooth_target(knots).numpy())).max() < 1e-12
    assert layers[0][0].shape == (10, 1)  # width m


@pytest.mark.parametrize("m", [2, 4, 8, 16, 32, 64, 128])
def test_error_is_within_the_interpolation_bound(m):
    err = ex.sup_error(ex.interpolant_layers(ex.smooth_target, m), ex.smooth_target)
    assert err <= ex.TARGET_CURVATURE / (8 * m ** 2)


def test_rate_is_one_over_m_squared():
    widths = [8, 16, 32, 64, 128]
    errors = [ex.sup_error(ex.interpolant_layers(ex.smooth_target, m), ex.smooth_target) for m in widths]
    slope = np.polyfit(np.log(widths), np.log(errors), 1)[0]
    assert abs(slope + 2) < 0.05


def test_training_finds_less_than_what_exists():
    """The page's finding: at m = 32 a trained network is far from the constructed one."""
    from snippets.nets import layers_of

    trained = ex.sup_error(layers_of(ex.fit_one_hidden(32, ex.smooth_target, 500, 0)), ex.smooth_target)
    built = ex.sup_error(ex.interpolant_layers(ex.smooth_target, 32), ex.smooth_target)
    assert trained > 10 * built


def test_shallow_network_needs_a_unit_per_piece_of_the_tent():
    k = 6
    deep = tent_layers(k)
    shallow = ex.interpolant_layers(lambda x: forward(x[:, None], deep)[:, 0], 2 ** k)
    assert linear_pieces(shallow, 0.0, 1.0).count == linear_pieces(deep, 0.0, 1.0).count == 2 ** k
    # with fewer units than pieces, a one-hidden-layer network cannot have enough pieces
    assert linear_pieces(ex.interpolant_layers(lambda x: forward(x[:, None], deep)[:, 0], 2 ** k - 2),
                         0.0, 1.0).count <= 2 ** k - 1


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_bad_width_is_refused(bad):
    with pytest.raises(ValueError, match="positive integer"):
        ex.interpolant_layers(ex.smooth_target, bad)


def test_bad_interval_is_refused():
    with pytest.raises(ValueError, match="lo < hi"):
        ex.interpolant_layers(ex.smooth_target, 4, 1.0, 0.0)



def test_exact_representations_of_the_tent_separate_depth_from_width():
    """Deep: 6k + 1 parameters; shallow: 3 * 2^k + 1, and no fewer than 2^k - 1 units will do."""
    for k in range(1, 11):
        assert ex.n_params([1] + [2] * k + [1]) == 6 * k + 1
        teeth = ex.sawtooth(k)  # the closed form, not the network
        shallow = ex.interpolant_layers(teeth, 2 ** k)
        assert ex.mean_abs_error(shallow, teeth) < 1e-12
        assert ex.sup_error(tent_layers(k), teeth, points=2 ** (k + 4) + 1) < 1e-12
    # one hidden layer of m units has at most m + 1 pieces, whatever its weights
    for seed in range(10):
        assert linear_pieces(ex.fit_network([1, 5, 1], ex.tent_target(3), 1, seed)).count <= 6


def test_sawtooth_closed_form():
    x = torch.tensor([0.0, 0.125, 0.25, 0.375, 0.5, 1.0], dtype=torch.float64)
    assert ex.sawtooth(1)(x).tolist() == [0.0, 0.25, 0.5, 0.75, 1.0, 0.0]
    assert ex.sawtooth(3)(x).tolist() == [0.0, 1.0, 0.0, 1.0, 0.0, 0.0]
    assert not torch.equal(ex.sawtooth(2)(x), ex.sawtooth(3)(x))


def test_depth_separation_constructions_checked_against_the_closed_form(built_site):
    for e in results(built_site, "depth-separation")["exact"]:
        assert e["deep_pieces"] == e["shallow_pieces"] == 2 ** e["k"]
        assert max(e["deep_error"], e["shallow_error"]) < 1e-9


def test_batched_training_is_one_at_a_time_training():
    """fit_networks stacks the seeds; each run must be the run fit_network makes alone."""
    tent = ex.tent_target(3)
    together = ex.fit_networks([1, 3, 3, 1], tent, 50, seeds=[4, 0])
    for seed, net in zip([4, 0], together):
        alone = ex.layers_of(ex.fit_network([1, 3, 3, 1], tent, 50, seed))
        for (W, b), (Wa, ba) in zip(net, alone):
            assert torch.allclose(W, Wa, atol=1e-10) and torch.allclose(b, ba, atol=1e-10)


def test_shallow_construction_uses_its_units_and_is_exact_where_it_says():
    for k, m in ((3, 2), (4, 9), (6, 55)):
        layers = ex.shallow_sawtooth_layers(k, m)
        assert layers[0][0].shape == (m, 1)
        x = torch.linspace(0, (m - 2) / 2 ** k, 257, dtype=torch.float64)
        assert (forward(x[:, None], layers)[:, 0] - ex.sawtooth(k)(x)).abs().max() < 1e-12
        assert forward(torch.tensor([[1.0]], dtype=torch.float64), layers).item() == pytest.approx(0.5)
    # more units, smaller error: the construction improves with the width it is given
    errors = [ex.mean_abs_error(ex.shallow_sawtooth_layers(6, m), ex.sawtooth(6)) for m in (12, 23, 37, 55)]
    assert errors == sorted(errors, reverse=True) and errors[-1] < 0.05


def test_depth_separation_is_in_a_separation_regime(built_site):
    r = results(built_site, "depth-separation")
    assert all(units < 2 ** r["k"] - 1 for units in r["shallow_units"])
    assert r["seeds"] >= 10 and all(len(row["errors"]) == r["seeds"] for rows in r["trained"].values() for row in rows)


def test_training_finds_neither_architecture_in_the_separation_regime(built_site):
    """The page's finding at quick scale: no run gets within half of the constant's error, although the
    deep nets can be exact and the widest shallow construction is far below what its training reaches."""
    r = results(built_site, "depth-separation")
    assert r["deep_good"] == r["shallow_good"] == 0 and r["best_run"] > r["good_error"]
    widest = r["trained"]["shallow"][-1]
    assert widest["constructed"] < widest["best"] / 2


def test_random_features_fit_only_the_output_weights():
    x = ex.cube_points(200, 3, seed=0)
    target, _ = ex.ridge_target(3, seed=0)
    a = ex.random_features_fit(x, target(x), 16, seed=5)
    b = ex.random_features_fit(x, -target(x), 16, seed=5)
    assert torch.equal(a[0][0], b[0][0]) and torch.equal(a[0][1], b[0][1])  # the basis ignores the labels
    assert torch.allclose(a[1][0], -b[1][0]) and torch.allclose(a[1][1], -b[1][1])  # least squares is linear


def test_relative_error_of_the_mean_is_one_and_of_the_target_zero():
    x = ex.cube_points(5000, 2, seed=1)
    target, u = ex.ridge_target(2, seed=3)
    mean = [(torch.zeros(1, 2, dtype=torch.float64), torch.zeros(1, dtype=torch.float64)),
            (torch.zeros(1, 1, dtype=torch.float64), target(x).mean()[None])]
    assert ex.relative_l2_error(mean, target, x) == pytest.approx(1.0, abs=1e-3)
    reach = float(u.abs().sum())
    exact_at_knots = ex.ridge_interpolant_layers(u, lambda s: torch.sin(2 * torch.pi * s), 64, -reach, reach)
    sup_bound = (2 * reach / 64) ** 2 * (2 * torch.pi) ** 2 / 8  # h^2 max|g''| / 8 along u
    assert ex.relative_l2_error(exact_at_knots, target, x) <= sup_bound / float(target(x).std())


def test_the_adapted_network_reads_only_the_ridge_direction():
    u = torch.tensor([0.6, 0.8], dtype=torch.float64)
    layers = ex.ridge_interpolant_layers(u, ex.smooth_target, 8, 0.0, 1.0)
    along = torch.tensor([[0.3, 0.4]], dtype=torch.float64)  # <u, x> = 0.5
    across = along + torch.tensor([[0.8, -0.6]], dtype=torch.float64)  # moved orthogonally to u
    assert forward(along, layers).item() == pytest.approx(forward(across, layers).item(), abs=1e-12)
    assert forward(along, layers).item() == pytest.approx(ex.smooth_target(torch.tensor(0.5, dtype=torch.float64)).item(), abs=1e-12)


def test_dimension_kills_the_fixed_basis_not_the_adapted_units(built_site):
    r = results(built_site, "curse-of-dimensionality")
    assert r["fixed_slope_low_d"] < -1 and r["fixed_slope_high_d"] > -0.2
    assert all(-2.2 < s < -1.8 for s in r["adapted_slopes"])


def test_fit_network_rejects_bad_shapes():
    with pytest.raises(ValueError, match="one input and one output"):
        ex.fit_network([2, 4, 1], ex.smooth_target, 10, 0)
    with pytest.raises(ValueError, match="steps >= 1"):
        ex.fit_network([1, 4, 1], ex.smooth_target, 0, 0)


# --- Starts: PyTorch's default, He, and redrawing the starts that are constant on [0, 1] -------------------

def test_pytorch_start_is_the_start_of_mlp_and_he_start_has_variance_two_over_fan_in():
    from snippets.nets import layers_of, mlp

    for (W, b), (Wm, bm) in zip(ex.initial_layers([1, 3, 2, 1], 7), layers_of(mlp([1, 3, 2, 1], seed=7))):
        assert torch.equal(W, Wm) and torch.equal(b, bm)
    (W1, b1), (W2, b2) = ex.initial_layers([1, 400, 200], 3, "he")
    assert W2.var().item() == pytest.approx(2 / 400, rel=0.03) and W1.var().item() == pytest.approx(2.0, rel=0.2)
    assert b2.abs().max() <= 1 / 20 and b2.abs().max() > 0.045  # PyTorch's biases: uniform on +-1/sqrt(fan-in)
    assert not torch.equal(ex.initial_layers([1, 4, 1], 3, "he")[0][0], ex.initial_layers([1, 4, 1], 4, "he")[0][0])


def test_steepest_slope_is_zero_exactly_when_the_network_is_constant_on_the_interval():
    dead = [(torch.tensor([[-1.0], [-2.0]], dtype=torch.float64), torch.zeros(2, dtype=torch.float64)),
            (torch.tensor([[3.0, 1.0]], dtype=torch.float64), torch.tensor([0.5], dtype=torch.float64))]
    assert ex.steepest_slope(dead) == 0.0  # both units off on (0, 1): f = 0.5 there
    assert ex.steepest_slope(dead, -1.0, 1.0) == 5.0  # on (-1, 0) both units are on: 3 * -1 + 1 * -2
    assert ex.steepest_slope(ex.interpolant_layers(ex.smooth_target, 8)) > 0


def test_live_start_redraws_constant_starts_and_only_those():
    shape = [1] + [2] * 6 + [1]
    constant = [s for s in range(40) if ex.steepest_slope(ex.initial_layers(shape, s, "he")) == 0]
    alive = [s for s in range(40) if s not in constant]
    assert constant and alive  # narrow deep starts are often constant, even under He initialization
    for s in constant[:3]:
        start, redraws = ex.live_start(shape, s, "he")
        assert redraws > 0 and ex.steepest_slope(start) > 0
        W = ex.initial_layers(shape, ex.redraw_seed(s, redraws), "he")[0][0]
        assert torch.equal(start[0][0], W)  # the start is the draw it says it is
    for s in alive[:3]:
        start, redraws = ex.live_start(shape, s, "he")
        assert redraws == 0 and torch.equal(start[0][0], ex.initial_layers(shape, s, "he")[0][0])
    assert ex.redraw_seed(5, 0) == 5 and len({ex.redraw_seed(5, a) for a in range(50)} | set(range(50))) == 99


def test_batched_training_from_live_he_starts_is_one_at_a_time_training():
    tent = ex.tent_target(3)
    shape = [1, 2, 2, 2, 1]
    together = ex.fit_networks(shape, tent, 30, seeds=[3, 1], init="he", redraw_constant=True)
    for seed, net in zip([3, 1], together):
        alone = ex.layers_of(ex.fit_network(shape, tent, 30, seed, init="he", redraw_constant=True))
        for (W, b), (Wa, ba) in zip(net, alone):
            assert torch.allclose(W, Wa, atol=1e-10) and torch.allclose(b, ba, atol=1e-10)


def test_losses_record_every_networks_training_mse_before_each_step():
    losses = []
    nets = ex.fit_networks([1, 8, 1], ex.smooth_target, 20, seeds=[0, 2], losses=losses)
    assert len(losses) == 20 and all(len(step) == 2 for step in losses)
    for i, seed in enumerate([0, 2]):
        start = ex.initial_layers([1, 8, 1], seed)
        assert losses[0][i] == pytest.approx(ex.training_mse(start, ex.smooth_target), rel=1e-12)
        assert ex.training_mse(nets[i], ex.smooth_target) < losses[0][i]


def test_training_mse_of_an_exact_network_is_zero_and_of_zero_is_the_mean_square():
    line = [(torch.ones(1, 1, dtype=torch.float64), torch.zeros(1, dtype=torch.float64)),
            (torch.ones(1, 1, dtype=torch.float64), torch.zeros(1, dtype=torch.float64))]
    assert ex.training_mse(line, lambda x: x) == 0.0
    zero = [(W, b * 0) for W, b in line[:1]] + [(line[1][0] * 0, line[1][1])]
    x = torch.linspace(0, 1, 512, dtype=torch.float64)
    assert ex.training_mse(zero, lambda x: x) == pytest.approx(float((x ** 2).mean()), rel=1e-12)


# --- Test points from a seed of their own --------------------------------------------------------------

@pytest.mark.parametrize("scale", ["quick", "full"])
def test_every_draw_of_the_figure_has_seeds_of_its_own(scale):
    params = ex.curse_of_dimensionality_figure.figure_scales[scale]
    seeds = [ex.draw_seeds(ex.curse_of_dimensionality_figure.figure_seed, d, r)
             for d in params["dims"] for r in range(params["draws"])]
    every = [v for s in seeds for v in s.values()]
    assert all(set(s) == set(ex.STREAMS) for s in seeds) and len(set(every)) == len(every)


def test_test_points_are_not_the_training_points_nor_their_generator_continued():
    seeds = ex.draw_seeds(0, 3, 0)
    draw = ex.ridge_draw(3, 100, seeds)
    x, test = draw["x"], draw["test"]
    assert torch.equal(test, ex.cube_points(100, 3, seeds["test"]))
    assert torch.equal(x, ex.cube_points(100, 3, seeds["train"]))
    assert not torch.isclose(x[:, None, :], test[None, :, :]).all(dim=2).any()  # no test point is a training point
    continued = ex.cube_points(200, 3, seeds["train"])[100:]  # the training generator, drawn further
    assert not torch.equal(test, continued) and not torch.equal(test, ex.cube_points(100, 3, seeds["features"]))


def test_the_figure_draws_train_and_test_points_and_features_from_distinct_seeds(monkeypatch):
    used = {"points": [], "features": []}
    cube, fit = ex.cube_points, ex.random_features_fit

    def cube_points(n, d, seed):
        used["points"].append(seed)
        return cube(n, d, seed)

    def random_features_fit(x, y, units, seed):
        used["features"].append(seed)
        return fit(x, y, units, seed)
    monkeypatch.setattr(ex, "cube_points", cube_points)
    monkeypatch.setattr(ex, "random_features_fit", random_features_fit)
    _, r = ex.curse_of_dimensionality_figure(seed=0, dims=(1, 3), units=(4, 8, 16), samples=32, draws=2)
    assert len(used["points"]) == 2 * 2 * 2  # a training and a test set per draw
    assert len(set(used["points"])) == len(used["points"])  # no two point sets share a seed
    assert not set(used["points"]) & set(used["features"])
    assert [s for row in r["rows"] for draw in row["seeds"] for s in (draw["train"], draw["test"])] == used["points"]


# --- The claims' checks on either side of their thresholds ------------------------------------------------

def test_random_features_claim_check_at_its_thresholds():
    check = ex._curse_of_dimensionality_check

    def r(high=0.9, low=0.1, draws=5, high_d=16, low_d=1):
        return {"high_d": high_d, "low_d": low_d, "fixed_high_d_draws": [1.0] * (draws - 1) + [high],
                "fixed_low_d_draws": [0.0] * (draws - 1) + [low]}
    assert check(r()) and check(r(high=1.2, low=0.001))
    assert not check(r(high=0.8999))  # one draw 10.01% better than the constant
    assert not check(r(low=0.1001))  # the fit does not work in one dimension
    assert not check(r(draws=4)) and not check(r(high_d=4)) and not check(r(low_d=2))


def test_adapted_units_claim_check_at_its_thresholds():
    check = ex._adapted_units_check

    def r(ratio=1.0, useful=257):
        return {"dims": [1, 16], "adapted_bound_ratios": [0.5, ratio], "barron_useful_from_smallest": useful,
                "most_units": 256}
    assert check(r())
    assert not check(r(ratio=1.0 + 1e-6))  # the constructed network above its own interpolation bound
    assert not check(r(useful=256))  # Barron's bound already below the variance at the widest m
    assert not check({**r(), "dims": [1]}) and not check({**r(), "dims": [1, 2, 4]})


# --- What the page says of the new results ----------------------------------------------------------------

def test_trained_networks_lag_the_interpolant_on_both_norms_and_are_still_improving(built_site):
    r = results(built_site, "universal-approximation")
    assert r["seeds"] >= 5 and all(len(row["sup"]) == r["seeds"] for row in r["rows"])
    assert r["trained_widest_low"] <= r["trained_widest"] <= r["trained_widest_high"]
    assert r["ratio_widest"] > 10 and r["mse_ratio_widest"] > 10
    assert r["mse_half_widest"] > r["mse_widest"]  # "still improving"
    assert r["stalled_total"] == sum(r["stalled"]) > 0 and r["interpolant_narrowest"] == r["interpolant"][0]
    assert all(n == 0 for m, n in zip(r["widths"], r["stalled"]) if m > r["stalled_widest"])


def test_depth_comparison_starts_alive_and_reports_the_dead(built_site):
    r = results(built_site, "depth-separation")
    assert r["default_constant"][0] >= r["seeds"] // 2  # the page: most narrow default starts are constant
    assert r["default_steepest_widest"] < 0.1 < r["start_steepest_low"]  # He starts are not nearly flat
    assert r["he_constant_deep"] > 0 and r["he_constant_shallow"] == 0
    assert r["deep_constant_end"] + r["deep_live_end"] == r["runs"] and r["deep_live_end"] > 0
    assert r["deep_constant_end"] > r["runs"] / 2 and r["shallow_constant_end"] == 0  # "mostly fail by dying"
    assert all(abs(m - 0.25) < 0.01 for m in r["deep_medians"] + r["shallow_medians"])


def test_barron_bound_is_vacuous_at_every_width_shown(built_site):
    r = results(built_site, "curse-of-dimensionality")
    assert r["barron_useful_from_smallest"] > r["most_units"]
    assert r["barron_constant_high_d"] == pytest.approx(16 * np.pi ** 2 * r["high_d"])
    assert all(q <= 1 for q in r["adapted_bound_ratios"])
    assert min(r["fixed_high_d_draws"]) >= 0.9 and max(r["fixed_low_d_draws"]) <= 0.1
