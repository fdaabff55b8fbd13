"""The math of the "Deep neural networks" page, and the claims the page makes about it."""
import math

import numpy as np
import pytest
import torch

from snippets import nets


def test_forward_matches_nn_sequential():
    model = nets.mlp([5, 16, 16, 3], seed=3)
    x = torch.randn(64, 5, dtype=torch.float64)
    with torch.no_grad():
        assert torch.allclose(nets.forward(x, nets.layers_of(model)), model(x), rtol=0, atol=1e-12)


def test_forward_is_not_trivially_equal():
    """Guard the guard: a different network gives a different output."""
    x = torch.randn(8, 2, dtype=torch.float64)
    a = nets.forward(x, nets.mlp([2, 4, 1], seed=0))
    b = nets.forward(x, nets.mlp([2, 4, 1], seed=1))
    assert not torch.allclose(a, b)


@pytest.mark.parametrize("widths", [[1, 4, 1], [1, 8, 8, 8, 1], [1, 16, 16, 16, 16, 2]])
def test_pieces_reproduce_the_network(widths):
    """f equals slope * x + intercept of the piece each point falls in, on a fine grid."""
    model = nets.mlp(widths, seed=7)
    p = nets.linear_pieces(model, -4.0, 4.0)
    x = np.linspace(-4, 4, 20001)
    which = np.searchsorted(p.breakpoints, x)
    affine = p.slopes[which] * x[:, None] + p.intercepts[which]
    y = nets.forward(torch.from_numpy(x)[:, None], model).numpy()
    assert np.abs(y - affine).max() < 1e-9
    # and neighbouring pieces really differ: every listed kink is a kink
    assert all(not (np.allclose(p.slopes[j], p.slopes[j + 1])) for j in range(p.count - 1))


def test_one_hidden_layer_has_at_most_m_plus_one_pieces():
    for seed in range(5):
        assert nets.linear_pieces(nets.mlp([1, 10, 1], seed=seed)).count <= 11


def test_tent_map_has_two_to_the_k_pieces():
    for k in range(1, 11):
        assert nets.linear_pieces(nets.tent_layers(k), 0.0, 1.0).count == 2 ** k


def test_tent_map_values():
    x = torch.tensor([[0.0], [0.25], [0.5], [0.75], [1.0]], dtype=torch.float64)
    assert nets.forward(x, nets.tent_layers(1))[:, 0].tolist() == [0.0, 0.5, 1.0, 0.5, 0.0]
    assert nets.forward(x, nets.tent_layers(2))[:, 0].tolist() == [0.0, 1.0, 0.0, 1.0, 0.0]


def test_random_networks_have_about_one_piece_per_neuron():
    """The page's claim (Hanin and Rolnick, 2019): at initialization, pieces grow with the number of
    neurons, not exponentially with depth. Quick-scale parameters of the figure."""
    params = nets.piece_counts_figure.figure_scales["quick"]
    table = nets.piece_count_table(params["depths"], (16, 32), params["nets"], seed=0)
    for rows in table.values():
        for r in rows:
            assert 0.5 <= r["mean"] / r["neurons"] <= 2.0, r
    # ... while the tent map with 20 neurons has 1024 pieces
    assert nets.linear_pieces(nets.tent_layers(10), 0.0, 1.0).count / 20 > 50


@pytest.mark.parametrize("bad, match", [
    ([3], "at least two positive integers"),
    ([2, 0, 1], "at least two positive integers"),
    ([2, 3.5, 1], "at least two positive integers"),
])
def test_mlp_rejects_bad_widths(bad, match):
    with pytest.raises(ValueError, match=match):
        nets.mlp(bad)


def test_forward_rejects_wrong_input_shape():
    with pytest.raises(ValueError, match=r"x must have shape \(n, 3\)"):
        nets.forward(torch.zeros(4, 2, dtype=torch.float64), nets.mlp([3, 4, 1]))


def test_layers_must_chain():
    W = torch.zeros(4, 3, dtype=torch.float64)
    with pytest.raises(ValueError, match="layer 1: W has 3 columns but layer 0 has 4 outputs"):
        nets.forward(torch.zeros(1, 3, dtype=torch.float64), [(W, torch.zeros(4)), (W, torch.zeros(4))])


def test_linear_pieces_rejects_bad_input():
    with pytest.raises(ValueError, match="one input"):
        nets.linear_pieces(nets.mlp([2, 4, 1]))
    with pytest.raises(ValueError, match="lo < hi"):
        nets.linear_pieces(nets.mlp([1, 4, 1]), 1.0, -1.0)
    with pytest.raises(ValueError, match="positive integer"):
        nets.tent_layers(0)


def test_whole_line_count_includes_the_outer_pieces():
    p = nets.linear_pieces(nets.tent_layers(1))
    assert p.count == 3 and p.lo == -math.inf  # 0 on the left, 2x, then 2 - 2x on to infinity
