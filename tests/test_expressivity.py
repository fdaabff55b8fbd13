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


def test_training_does_not_find_the_exact_deep_network():
    """The page's finding at quick scale: a 19-parameter deep network can be exact on Delta^3, but
    trained from random starts it stays far from it (best of the figure's restarts)."""
    params = ex.depth_separation_figure.figure_scales["quick"]
    tent = ex.tent_target(params["k"])
    arch = [1] + [2] * params["k"] + [1]
    errors = [ex.mean_abs_error(ex.layers_of(ex.fit_network(arch, tent, params["steps"], r)), tent)
              for r in range(params["restarts"])]
    assert min(errors) > 0.1


def test_fit_network_rejects_bad_shapes():
    with pytest.raises(ValueError, match="one input and one output"):
        ex.fit_network([2, 4, 1], ex.smooth_target, 10, 0)
    with pytest.raises(ValueError, match="steps >= 1"):
        ex.fit_network([1, 4, 1], ex.smooth_target, 0, 0)
