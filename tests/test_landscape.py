"""The loss is not convex: the claims of the /nonconvexity/ page."""
import math

import pytest
import torch

from snippets import landscape as L
from snippets.nets import mlp


from conftest import figure_results as results


def dyadic_net(widths, seed=0):
    """Weights that are multiples of 2^-8: products and sums are exact, in any order."""
    net = mlp(widths, seed=seed)
    with torch.no_grad():
        for p in net.parameters():
            p.copy_(torch.round(p * 256) / 256)
    return net


@pytest.mark.parametrize("layer", [0, 1])
def test_permuting_hidden_units_leaves_the_function_exactly_unchanged(layer):
    net = dyadic_net([64, 16, 8, 10])
    x = torch.round(torch.rand(200, 64, dtype=torch.float64) * 16) / 16
    width = (16, 8)[layer]
    perm = torch.randperm(width, generator=torch.Generator().manual_seed(3))
    twin = L.permute_hidden(net, layer, perm)
    assert torch.equal(net(x), twin(x))
    assert not torch.equal(L.flat(net), L.flat(twin))  # a different point in weight space
    assert torch.equal(L.flat(net), L.flat(L.permute_hidden(twin, layer, perm.argsort())))  # and back


def test_matching_undoes_random_permutations_and_keeps_the_function():
    model = mlp([5, 7, 6, 3], seed=1, dtype=torch.float64)
    gen = torch.Generator().manual_seed(0)
    shuffled = L.permute_hidden(L.permute_hidden(model, 0, torch.randperm(7, generator=gen)), 1,
                                torch.randperm(6, generator=gen))
    assert not torch.equal(L.flat(shuffled), L.flat(model))
    matched = L.align_hidden(model, shuffled)
    assert torch.equal(L.flat(matched), L.flat(model))  # every unit back in its place
    other = mlp([5, 7, 6, 3], seed=2, dtype=torch.float64)  # a different network: same function after
    x = torch.randn(10, 5, dtype=torch.float64, generator=gen)
    assert torch.allclose(L.align_hidden(model, other)(x), other(x), atol=1e-12)


def test_matching_lowers_every_barrier_between_trained_networks(built_site):
    r = results(built_site, "nonconvex-lines")
    assert len(r["pair_barriers"]) == len(r["matched_barriers"]) == r["pairs"] >= 5
    assert all(m < p for m, p in zip(r["matched_barriers"], r["pair_barriers"]))
    assert r["matched_output_change"] <= r["output_tolerance"] == 1e-10  # "within the same tolerance"
    assert 10.0 ** r["output_tolerance_log10"] == r["output_tolerance"]  # as the page prints it
    # one barrier definition for every segment: the first pair's is the one the page quotes
    assert r["pair_barrier"] == r["pair_barriers"][0] == L._barrier(r["along_pair"])
    assert r["matched_barrier"] == r["matched_barriers"][0] == L._barrier(r["along_matched"])
    assert r["matched_barrier_median"] < r["pair_barrier_median"]
    assert f"{r['matched_barrier']:.4f}" != f"{r['pair_barrier']:.4f}"  # four decimals tell them apart


def test_barrier_is_the_highest_loss_above_the_higher_end():
    assert L._barrier([1.0, 3.0, 2.0]) == 1.0  # 3 - max(1, 2)
    assert L._barrier([2.0, 5.0, 4.0, 1.0]) == 3.0  # the peak need not be the midpoint
    assert L._barrier([1.0, 1.5, 2.0]) == 0.0  # rising to the higher end: no barrier
    assert L._barrier([2.0, 1.0, 1.5]) == 0.0  # a convex curve: the maximum is at an end
    assert L._barrier([0.5]) == 0.0


def test_permuted_copies_are_distinct_exactly_when_no_two_units_coincide():
    import itertools
    net = mlp([3, 3, 2, 2], seed=0, dtype=torch.float64)
    assert L._closest_units(net) > 0
    copies = {tuple(L.flat(L.permute_hidden(L.permute_hidden(net, 0, torch.tensor(p)), 1, torch.tensor(q))).tolist())
              for p in itertools.permutations(range(3)) for q in itertools.permutations(range(2))}
    assert len(copies) == L.copies(net) == 12  # generically: all 3! 2! settings differ
    twin = mlp([3, 3, 2, 2], seed=0, dtype=torch.float64)
    with torch.no_grad():  # unit 1 of the first layer becomes a copy of unit 0, in and out
        twin[0].weight[1] = twin[0].weight[0]
        twin[0].bias[1] = twin[0].bias[0]
        twin[2].weight[:, 1] = twin[2].weight[:, 0]
    assert L._closest_units(twin) == 0
    copies = {tuple(L.flat(L.permute_hidden(twin, 0, torch.tensor(p))).tolist())
              for p in itertools.permutations(range(3))}
    assert len(copies) == 3 < math.factorial(3)  # swapping the two equal units changes nothing


def test_number_of_copies_is_the_product_of_factorials():
    assert L.copies(mlp([64, 32, 32, 10])) == math.factorial(32) ** 2
    assert L.copies(mlp([3, 5, 1])) == 120


def test_filter_normalized_direction_matches_each_neuron_and_skips_biases():
    net = mlp([64, 16, 10], seed=0)
    d = L.filter_normalized_direction(net, seed=1)
    start = 0
    for p in net.parameters():
        part = d[start:start + p.numel()].view_as(p)
        if p.ndim == 2:
            assert torch.allclose(part.norm(dim=1), p.detach().norm(dim=1), rtol=1e-12)
        else:
            assert torch.count_nonzero(part) == 0
        start += p.numel()


def test_loss_along_a_segment_starts_and_ends_at_the_ends():
    net = mlp([4, 3, 2], seed=0)
    x, y = torch.rand(20, 4, dtype=torch.float64), torch.randint(2, (20,))
    a, b = L.flat(net), L.flat(mlp([4, 3, 2], seed=1))
    ts, losses = L.loss_along(mlp([4, 3, 2]), a, b, x, y, points=3)
    from snippets.train import cross_entropy
    assert ts == [0.0, 0.5, 1.0]
    assert losses[0] == pytest.approx(cross_entropy(net(x), y).item(), rel=1e-12)


def test_the_midpoint_between_copies_is_worse_than_both(built_site):
    r = results(built_site, "nonconvex-lines")
    assert r["loss_at_w"] == pytest.approx(r["loss_at_permuted"], rel=1e-12)
    assert r["max_output_change"] <= r["output_tolerance"]  # "the tests require at most 1e-10"
    assert r["barrier"] > 0.1 and r["convexity_gap"] > 0.1  # strictly positive, far beyond rounding
    assert r["barrier"] == L._barrier(r["along_permuted"])
    assert r["pair_barrier"] > 0
    assert r["loss_at_midpoint"] > r["loss_at_w"]  # "halfway between them the loss is ..."


def test_the_copies_of_the_trained_network_are_all_distinct(built_site):
    r = results(built_site, "nonconvex-lines")
    assert r["copies_distinct"] and r["closest_units"] > 0.01  # no two units of a layer coincide
    assert int(r["copies"]) == math.factorial(32) ** 2 and round(r["copies_log10"]) == 71


def test_the_slice_rises_away_from_the_trained_network(built_site):
    r = results(built_site, "loss-surface")
    assert r["corner_mean"] > 10 * r["centre_loss"]
    # the trained network is not the lowest point of the slice, and four decimals show it
    assert not r["centre_is_min"] and r["min_loss"] < r["centre_loss"]
    assert f"{r['min_loss']:.4f}" != f"{r['centre_loss']:.4f}"


@pytest.mark.parametrize("call, match", [
    (lambda: L.permute_hidden(mlp([4, 3, 2]), 1, torch.arange(2)), r"hidden layer must be in 0..0"),
    (lambda: L.permute_hidden(mlp([4, 3, 2]), 0, torch.tensor([0, 0, 1])), "perm must be a permutation of 0..2"),
    (lambda: L.load_flat(mlp([4, 3, 2]), torch.zeros(5)), "the vector has 5 entries but the model 23"),
    (lambda: L.loss_along(mlp([4, 3, 2]), torch.zeros(23), torch.zeros(22), torch.zeros(1, 4),
                          torch.zeros(1, dtype=torch.long)), "differ in size: 23 and 22"),
    (lambda: L.copies(torch.nn.Sequential(torch.nn.ReLU())), "no nn.Linear layers"),
])
def test_bad_arguments_say_what_is_wrong(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- Exact small cases: training, directions and what bad input is told ----------------------------------

def test_trained_digits_net_is_mini_batch_sgd_on_the_training_digits_in_float64():
    from snippets.data import digits_split
    from snippets.train import sgd

    model, x, y = L.trained_digits_net((64, 8, 10), seed=3, steps=7)
    split = digits_split(seed=0)
    assert x.dtype == torch.float64 and torch.equal(x, split.x_train.double()) and torch.equal(y, split.y_train)
    reference = mlp([64, 8, 10], seed=3, dtype=torch.float64)
    sgd(reference, x, y, steps=7, batch_size=32, lr=0.1, seed=3)  # the documented defaults
    assert torch.equal(L.flat(model), L.flat(reference))
    assert not torch.equal(L.flat(model), L.flat(mlp([64, 8, 10], seed=3, dtype=torch.float64)))  # it trained
    other, _, _ = L.trained_digits_net((64, 8, 10), seed=3, steps=7, batch_size=16, lr=0.05)
    reference = mlp([64, 8, 10], seed=3, dtype=torch.float64)
    sgd(reference, x, y, steps=7, batch_size=16, lr=0.05, seed=3)
    assert torch.equal(L.flat(other), L.flat(reference))


def test_a_filter_normalized_direction_depends_on_its_seed_only():
    model = mlp([5, 4, 3], seed=0, dtype=torch.float64)
    d = L.filter_normalized_direction(model, seed=1)
    assert d.dtype == torch.float64 and torch.equal(d, L.filter_normalized_direction(model, seed=1))
    assert not torch.equal(d, L.filter_normalized_direction(model, seed=2))
    gen = torch.Generator().manual_seed(1)  # the first layer's rows: Gaussian, rescaled to the filter norms
    g = torch.randn((4, 5), generator=gen, dtype=torch.float64)
    w = model[0].weight.detach()
    expected = g / g.norm(dim=1, keepdim=True) * w.norm(dim=1, keepdim=True)
    assert torch.allclose(d[:20].view(4, 5), expected, rtol=1e-12, atol=0)
    assert torch.equal(d[20:24], torch.zeros(4, dtype=torch.float64))  # no bias component


def test_bad_arguments_are_named_in_the_message():
    net = mlp([3, 4, 2], seed=0)
    with pytest.raises(TypeError, match=r"^perm must be a torch\.Tensor, got list$"):
        L.permute_hidden(net, 0, [0, 1, 2, 3])
    with pytest.raises(TypeError, match=r"^model must be a torch\.nn\.Module, got int$"):
        L.load_flat(3, torch.zeros(3))
    with pytest.raises(ValueError, match=r"^the model has no nn\.Linear layers$"):
        L.copies(torch.nn.Sequential(torch.nn.ReLU()))
    wide = mlp([3, 12, 2], seed=0)
    with pytest.raises(ValueError, match=r"^perm must be a permutation of 0\.\.11, got \[0, 0, 1, 2, 3, 4, 5, 6\]\.\.\.$"):
        L.permute_hidden(wide, 0, torch.tensor([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]))
