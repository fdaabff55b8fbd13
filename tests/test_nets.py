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


# --- Exact small cases: merging pieces, the counts table, and what bad input is told ---------------------

def t(rows):
    return torch.tensor(rows, dtype=torch.float64)


def test_a_kink_that_a_later_layer_switches_off_is_merged_away():
    layers = [(t([[1.0], [1.0]]), t([0.0, -1.0])), (t([[1.0, 0.0]]), t([0.0]))]  # relu(x); relu(x - 1) unused
    p = nets.linear_pieces(layers, lo=-2.0, hi=3.0)
    assert (p.lo, p.hi) == (-2.0, 3.0) and p.breakpoints.tolist() == [0.0]
    assert p.slopes.tolist() == [[0.0], [1.0]] and p.intercepts.tolist() == [[0.0], [0.0]]
    both = nets.linear_pieces([layers[0], (t([[1.0, 1.0]]), t([0.0]))])  # relu(x) + relu(x - 1)
    assert both.count == 3 and both.slopes.tolist() == [[0.0], [1.0], [2.0]]
    assert both.intercepts.tolist() == [[0.0], [0.0], [-1.0]] and both.hi == math.inf


def test_pieces_merge_when_they_agree_relative_to_the_size_of_their_coefficients():
    """Slopes 1000 and 1000 + 5e-8 are one piece at rtol 1e-9 (tolerance 1e-9 * (1 + 1000)), two at 0."""
    layers = [(t([[1.0], [1.0]]), t([0.0, -1.0])), (t([[1000.0, 5e-8]]), t([0.0]))]
    assert nets.linear_pieces(layers).count == 2
    assert nets.linear_pieces(layers, rtol=0.0).count == 3


def test_units_with_zero_weight_raise_no_warning():
    import warnings

    layers = [(t([[0.0], [0.0], [1.0]]), t([1.0, 0.0, 0.0])), (t([[1.0, 1.0, 1.0]]), t([0.0]))]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # -c / a for a = 0: a division by zero (and 0 / 0), on purpose
        p = nets.linear_pieces(layers)
    assert p.count == 2 and p.slopes.tolist() == [[0.0], [1.0]] and p.intercepts.tolist() == [[1.0], [1.0]]


def test_piece_count_table_counts_the_seeded_networks_and_summarizes_them():
    table = nets.piece_count_table((1, 2), (3,), nets=4, seed=5)
    assert list(table) == ["3"] and [r["depth"] for r in table["3"]] == [1, 2]
    for row in table["3"]:
        depth = row["depth"]
        counts = [nets.linear_pieces(nets.mlp([1] + [3] * depth + [1], seed=5 + 1000 * depth + j)).count
                  for j in range(4)]
        q25, median, q75 = np.percentile(counts, [25, 50, 75])
        assert row == {"depth": depth, "neurons": 3 * depth, "mean": float(np.mean(counts)), "min": min(counts),
                       "max": max(counts), "q25": float(q25), "median": float(median), "q75": float(q75)}
    assert len({tuple(r.values()) for r in nets.piece_count_table((2,), (3,), nets=8, seed=0)["3"]}) == 1


def test_mlp_seed_defaults_to_zero():
    a, b = nets.mlp([1, 3, 1]), nets.mlp([1, 3, 1], seed=0)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))


def test_bad_layers_are_described_exactly():
    W, b = torch.zeros(4, 3, dtype=torch.float64), torch.zeros(4, dtype=torch.float64)
    cases = [
        (nets.layers_of, (torch.nn.Sequential(torch.nn.ReLU()),), ValueError, r"^the model has no nn\.Linear layers$"),
        (nets.forward, (torch.zeros(1, 3), []), ValueError, r"^layers must be a non-empty list of \(W, b\) pairs$"),
        (nets.forward, (torch.zeros(1, 3), [(W, b, b)]), TypeError, r"^layer 0: layers must be \(W, b\) pairs of tensors"),
        (nets.forward, (torch.zeros(1, 3), [[W, "b"]]), TypeError, r"^layer 0: layers must be \(W, b\) pairs of tensors"),
        (nets.forward, (torch.zeros(1, 3), [(torch.zeros(3), torch.zeros(3))]), ValueError,
         r"^layer 0: W must be a matrix and b a vector of its row count, got W \(3,\) and b \(3,\)$"),
        (nets.forward, (torch.zeros(1, 3), [(W, torch.zeros(2))]), ValueError, r"got W \(4, 3\) and b \(2,\)$"),
        (nets.forward, (torch.zeros(1, 3), [(W, b), (torch.zeros(5, 3), torch.zeros(5)), (torch.zeros(2, 5), torch.zeros(2))]),
         ValueError, r"^layer 1: W has 3 columns but layer 0 has 4 outputs$"),
        (nets.forward, ([[0.0, 0.0, 0.0]], [(W, b)]), TypeError, r"^x must be a torch\.Tensor"),
        (nets.linear_pieces, (nets.mlp([2, 3, 1]),), ValueError, r"one input, this one has 2$"),
        (nets.linear_pieces, (nets.mlp([1, 3, 1]), 1.0, 1.0), ValueError, r"^need lo < hi, got lo=1\.0, hi=1\.0$"),
        (nets.piece_count_table, ((0,), (3,), 1, 0), ValueError, r"^depths must be"),
        (nets.piece_count_table, ((1,), (0,), 1, 0), ValueError, r"^widths must be"),
    ]
    for fn, args, error, message in cases:
        with pytest.raises(error, match=message):
            fn(*args)
    with pytest.raises(ValueError, match=r"^rtol must be nonnegative"):
        nets.linear_pieces(nets.mlp([1, 3, 1]), rtol=-1.0)
