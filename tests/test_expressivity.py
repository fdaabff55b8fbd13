"""Representation power: the claims of the /representation/ page."""
import numpy as np
import pytest
import torch

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

