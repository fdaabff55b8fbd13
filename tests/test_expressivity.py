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
