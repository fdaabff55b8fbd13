"""The math of the "Deep neural networks" page, and the claims the page makes about it."""
import math

import numpy as np
import pytest
import torch

from conftest import figure_results
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


def test_what_the_page_says_of_the_piece_counts(built_site):
    """The page's statements on the results of figure piece-counts: wide random networks have about one
    piece per neuron at every depth (Hanin and Rolnick, 2019), the narrowest have the fewest per neuron
    and grow most slowly, with more dead units and kinks erased; the tent map is far above."""
    r = figure_results(built_site, "piece-counts")
    table, narrowest, widest = r["table"], str(r["narrowest"]), str(r["widest"])
    for w in ("16", "32"):
        assert all(0.5 <= row["mean"] / row["neurons"] <= 2.0 for row in table[w]), table[w]
    per_neuron = {w: rows[-1]["mean"] / rows[-1]["neurons"] for w, rows in table.items()}
    growth = {w: rows[-1]["mean"] / rows[0]["mean"] for w, rows in table.items()}
    assert min(per_neuron, key=per_neuron.get) == narrowest == min(growth, key=growth.get)
    assert r["narrowest_deepest_pieces_per_neuron"] == per_neuron[narrowest] < 1 - 1e-9
    assert r["widest_deepest_dead"]["median"] > 0  # wide networks have dead units too ...
    assert r["narrowest_deepest_dead"]["median"] > r["widest_deepest_dead"]["q75"]  # ... narrow ones more
    assert r["narrowest_deepest_erased"]["median"] > r["widest_deepest_erased"]["q75"]
    # the figure's alt text: most dead units at the narrowest width and largest depth; erased kinks (median)
    # only at the narrowest width
    assert all(r["narrowest_deepest_dead"]["median"] > rows[-1]["dead_median"] for w, rows in table.items()
               if w != narrowest)
    assert all(row["erased_median"] == 0 for w, rows in table.items() if w != narrowest for row in rows)
    assert r["per_neuron_upper"] < 2 and r["max_depth"] == table[widest][-1]["depth"]
    assert r["tent_max_pieces"] / r["tent_max_neurons"] > 50  # the tent map: 1024 pieces from 20 neurons


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
        losses = {f"{name}_{q}" for name in ("dead", "erased") for q in ("q25", "median", "q75")}
        assert {k: v for k, v in row.items() if k not in losses} == {
            "depth": depth, "neurons": 3 * depth, "mean": float(np.mean(counts)), "min": min(counts),
            "max": max(counts), "q25": float(q25), "median": float(median), "q75": float(q75)}
        assert losses < set(row)
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


def test_kinks_made_and_dead_units_in_exact_small_cases():
    # relu(x) and relu(x - 1), the second unused: two kinks made, one erased by the output layer
    unused = [(t([[1.0], [1.0]]), t([0.0, -1.0])), (t([[1.0, 0.0]]), t([0.0]))]
    p = nets.linear_pieces(unused)
    assert (p.count, p.kinks_made, p.dead_units) == (2, 2, 0)
    # a first-layer unit with no weight and a negative bias is off everywhere: dead, and makes no kink
    p = nets.linear_pieces([(t([[0.0], [1.0]]), t([-1.0, 0.0])), (t([[1.0, 1.0]]), t([0.0]))])
    assert (p.count, p.kinks_made, p.dead_units) == (2, 1, 1)
    # a second-layer unit -relu(x) - 1 < 0 is dead; the output layer, negative everywhere, is no unit
    deep = [(t([[1.0]]), t([0.0])), (t([[-1.0], [1.0]]), t([-1.0, 0.0])), (t([[1.0, 1.0]]), t([-5.0]))]
    p = nets.linear_pieces(deep)
    assert (p.count, p.kinks_made, p.dead_units) == (2, 1, 1)
    # dead on an interval, not on the line: relu(x - 5) on (-1, 1)
    shifted = [(t([[1.0], [1.0]]), t([0.0, -5.0])), (t([[1.0, 1.0]]), t([0.0]))]
    assert (nets.linear_pieces(shifted, -1.0, 1.0).dead_units, nets.linear_pieces(shifted).dead_units) == (1, 0)
    # a layer off on a stretch erases the kinks below it: relu(relu(x) + relu(x - 1) - 3) is flat for x < 2
    flat = [(t([[1.0], [1.0]]), t([0.0, -1.0])), (t([[1.0, 1.0]]), t([-3.0])), (t([[1.0]]), t([0.0]))]
    p = nets.linear_pieces(flat)
    assert (p.count, p.kinks_made, p.dead_units, p.breakpoints.tolist()) == (2, 3, 0, [2.0])
    tent = nets.linear_pieces(nets.tent_layers(3), 0.0, 1.0)
    assert (tent.count, tent.kinks_made, tent.dead_units) == (8, 7, 0)


def test_table_rows_give_the_quartiles_of_dead_units_and_erased_kinks():
    row = nets.piece_count_table((3,), (4,), nets=6, seed=11)["4"][0]
    found = [nets.linear_pieces(nets.mlp([1, 4, 4, 4, 1], seed=11 + 3000 + j)) for j in range(6)]
    dead = np.percentile([p.dead_units / 12 for p in found], [25, 50, 75])
    erased = np.percentile([1 - (p.count - 1) / p.kinks_made for p in found], [25, 50, 75])
    assert [row["dead_q25"], row["dead_median"], row["dead_q75"]] == dead.tolist()
    assert [row["erased_q25"], row["erased_median"], row["erased_q75"]] == erased.tolist()


# --- The check of the claim "regions-at-initialization", at its thresholds ------------------------------

CHECK = nets._pieces_per_neuron_within_twice_one_layer


def shapes(table):
    """Piece-counts results with the given {width: [(depth, q25, q75), ...]}."""
    return {"table": {str(w): [{"depth": d, "mean": (lo + hi) / 2, "q25": lo, "median": (lo + hi) / 2, "q75": hi}
                               for d, lo, hi in rows] for w, rows in table.items()}}


def test_claim_check_allows_twice_one_layers_share_per_neuron_and_no_more():
    # width 4: one layer has 5 pieces, so depth L may have up to 2 * 5 * L at the upper quartile
    assert CHECK(shapes({4: [(1, 5, 5), (3, 6, 30)]}))
    assert not CHECK(shapes({4: [(1, 5, 5), (3, 6, 30.5)]}))
    assert CHECK(shapes({4: [(1, 5, 10), (3, 11, 30)]})) and not CHECK(shapes({4: [(1, 5, 10.5), (3, 11, 30)]}))
    assert not CHECK(shapes({4: [(1, 5, 5), (2, 6, 20.5), (3, 7, 30)]}))  # every depth is read
    assert CHECK(shapes({16: [(1, 17, 17), (2, 18, 68)]})) and not CHECK(shapes({16: [(1, 17, 17), (2, 18, 68.5)]}))


def test_claim_check_needs_the_count_to_grow_at_every_width():
    assert CHECK(shapes({4: [(1, 5, 5), (3, 5.5, 30)]}))
    assert not CHECK(shapes({4: [(1, 5, 5), (3, 5, 30)]}))  # the deep lower quartile only equals one layer's
    assert not CHECK(shapes({4: [(1, 5, 6), (3, 5.5, 30)]}))  # read against the shallow upper quartile
    assert CHECK(shapes({4: [(1, 5, 5), (2, 1, 10), (3, 6, 30)]}))  # from the smallest depth to the largest
    assert not CHECK(shapes({4: [(1, 5, 5), (3, 6, 30)], 8: [(1, 9, 9), (2, 9, 18)]}))  # every width is read
    assert not CHECK({"table": {}}) and not CHECK(shapes({4: [(1, 5, 5)]}))


def test_claim_check_catches_exponential_growth_from_the_rate_the_box_states():
    """The box says growth like r^L fails for every r >= rate_caught: so it does, and just below it passes."""
    _, r = nets.piece_counts_figure(seed=0, depths=(1, 2, 7), widths=(2,), nets=3, tent_k=1)
    assert r["rate_caught"] == pytest.approx(14 ** (1 / 6)) and r["rate_caught_2dp"] == 1.56  # 1.5525, rounded up
    assert CHECK(nets._pieces_grow_like(r["rate_caught"] * 0.999)(r))
    assert not CHECK(nets._pieces_grow_like(r["rate_caught"] * 1.001)(r))
    world = nets._pieces_grow_like(1.5)(r)
    assert [row["q75"] for row in world["table"]["2"]] == [3.0, 4.5, 3 * 1.5 ** 6] and r["table"] != world["table"]


def test_the_boundary_refutation_is_one_piece_over_at_the_narrowest_width():
    ours = shapes({16: [(1, 17, 17), (2, 20, 34), (3, 40, 51)], 4: [(1, 5, 5), (2, 9, 10), (3, 12, 15)]})
    world = nets._one_piece_over_twice_one_layer(ours)
    assert world["table"]["4"][1]["q75"] == 2 * 5 * 2 + 1 and ours["table"]["4"][1]["q75"] == 10
    assert world["table"]["16"] == ours["table"]["16"] and CHECK(ours) and not CHECK(world)


def test_the_relu_network_figure_draws_the_network_and_marks_each_kink_it_reports():
    """The figure function, run at a small shape: its numbers are those of the same network computed
    directly, and what it draws is that network and those kinks."""
    import matplotlib.pyplot as plt

    fig, r = nets.relu_network_figure(seed=5, depth=3, width=6, span=2.0)
    layers = nets.layers_of(nets.mlp([1, 6, 6, 6, 1], seed=5))
    shown, whole = nets.linear_pieces(layers, -2.0, 2.0), nets.linear_pieces(layers)
    assert r == {"depth": 3, "width": 6, "neurons": 18, "span": 2.0, "pieces_in_view": shown.count,
                 "pieces_total": whole.count, "kinks": [round(float(k), 6) for k in shown.breakpoints]}
    assert 1 < shown.count <= whole.count and len(r["kinks"]) == shown.count - 1
    (ax,) = fig.axes
    curve, marks = ax.lines
    x = torch.tensor(curve.get_xdata(), dtype=torch.float64)[:, None]
    assert (x[0, 0], x[-1, 0], len(x)) == (-2.0, 2.0, 2001)
    assert torch.allclose(torch.tensor(curve.get_ydata()), nets.forward(x, layers)[:, 0])
    assert marks.get_xdata().tolist() == pytest.approx(list(shown.breakpoints))
    assert marks.get_label() == f"kinks ({shown.count - 1} in view)"
    assert ax.get_title() == (f"Random ReLU network, depth 3, width 6: {shown.count} linear pieces on [-2, 2]")
    plt.close(fig)
