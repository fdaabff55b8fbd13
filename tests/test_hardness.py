"""Training a 3-node network is NP-complete (Blum and Rivest): the reduction from Set-Splitting, checked
in both directions against independent referees (brute force, graph 2-colouring, linear programs)."""
import itertools
from fractions import Fraction

import numpy as np
import pytest

from conftest import figure_results
from snippets import hardness as H

TRIANGLE = H.Instance(3, ((0, 1), (1, 2), (0, 2)))  # an odd cycle: unsplittable

SMALL_FAMILY = [*H.all_instances(3, 3), *H.all_instances(4, 3)]


def random_family(ns=(5, 6), per_n=12, seed=0):
    """Seeded random instances near the threshold (1.5 n subsets): about half splittable."""
    return [H.random_instance(n, round(1.5 * n), seed + 100 * n + k) for n in ns for k in range(per_n)]


# --- The instances and the referees ----------------------------------------------------------------

def test_exhaustive_family_sizes_and_a_few_answers():
    assert len(list(H.all_instances(3, 3))) == 4 + 6 + 4  # 4 subsets of size >= 2, up to 3 of them
    assert len(list(H.all_instances(4, 3))) == 11 + 55 + 165
    assert H.exact_splitting(TRIANGLE) is None
    assert H.exact_splitting(H.Instance(3, ((0, 1, 2),))) is not None
    assert H.exact_splitting(H.Instance(2, ((0,),))) is None  # a singleton is never split
    assert H.exact_splitting(H.Instance(4)) is not None  # no subsets: any partition


def _first_splitting_by_enumeration(instance):
    """An independent count: the colourings (element n-1 on side 0) in increasing order, each checked with
    is_splitting; the first that splits, and how many were looked at."""
    for number in range(2 ** (instance.n - 1)):
        colouring = tuple((number >> i) & 1 for i in range(instance.n))
        if H.is_splitting(instance, colouring):
            return colouring, number + 1
    return None, 2 ** (instance.n - 1)


def test_brute_force_counts_the_colourings_it_actually_tries():
    """The count is the work done, as the search's figure and claim publish it: every colouring on an
    unsplittable instance (a loop cut short or skipped reports fewer), and exactly those before the first
    splitting otherwise (a search that skips colourings returns a later one, or a different count)."""
    unsplittable = [TRIANGLE] + [i for i in random_family((7, 9)) if H.exact_splitting(i) is None][:4]
    splittable = [i for i in random_family((7, 9)) if H.exact_splitting(i) is not None]
    assert len(unsplittable) == 5 and len(splittable) >= 10
    counts = set()
    for instance in unsplittable + splittable:
        assert H._search(instance) == _first_splitting_by_enumeration(instance), instance
        counts.add(H._search(instance)[1])
    assert len(counts) > 5  # the splittable ones stop at different colourings


def test_brute_force_agrees_with_graph_two_colouring():
    """Set-Splitting with subsets of size 2 is bipartiteness: a polynomial referee for that family."""
    kinds = set()
    for n in (2, 4, 6, 9):
        for m in (1, n // 2, n, 2 * n):
            for seed in range(10):
                instance = H.random_instance(n, m, seed, sizes=(2,))
                colouring, splitting = H.two_colouring(instance), H.exact_splitting(instance)
                assert (colouring is None) == (splitting is None), instance
                if colouring is not None:
                    assert H.is_splitting(instance, colouring) and H.is_splitting(instance, splitting)
                kinds.add(splitting is None)
    assert kinds == {True, False}  # both answers occur
    assert H.two_colouring(TRIANGLE) is None
    assert H.two_colouring(H.Instance(4, ((0, 1), (1, 2), (2, 3), (3, 0)))) == (0, 1, 0, 1)


def test_is_splitting_checks_every_subset():
    instance = H.Instance(4, ((0, 1), (2, 3), (0, 2, 3)))
    assert H.is_splitting(instance, (0, 1, 0, 1))
    assert not H.is_splitting(instance, (0, 1, 1, 1))  # (2, 3) lies in S2
    assert not H.is_splitting(instance, (0, 0, 1, 0))  # (0, 1) lies in S1


# --- The reduction --------------------------------------------------------------------------------

def test_training_set_is_the_reductions():
    X, y = H.training_set(H.Instance(3, ((0, 2), (0, 1, 2))))
    assert X.tolist() == [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 1], [1, 1, 1]]
    assert y.tolist() == [1, -1, -1, -1, 1, 1]


def test_constructed_network_by_direct_evaluation():
    """The weights of the construction, and its outputs computed here from them with integers only."""
    instance = H.Instance(5, ((0, 1, 2), (2, 3), (3, 4), (0, 4)))
    splitting = H.exact_splitting(instance)
    net = H.network_from_splitting(instance, splitting)
    for k in (0, 1):
        assert net.weights[k] == tuple(-1 if splitting[i] == k else 5 for i in range(5))
        assert net.thresholds[k] == Fraction(-1, 2)
    X, y = H.training_set(instance)
    for x, label in zip(X.tolist(), y.tolist()):
        # 2 <w_k, x> > -1 for both units  <=>  the AND of the units accepts x
        both = all(sum(2 * int(w) * xi for w, xi in zip(net.weights[k], x)) > -1 for k in (0, 1))
        assert both == (label == 1), (x, label)
    assert H.is_consistent(net, X, y)


@pytest.mark.parametrize("family", ["exhaustive", "random"])
def test_reduction_both_ways_against_brute_force_and_linear_programs(family):
    """splittable <=> a consistent AND network exists: by construction when splittable; by a search that
    knows nothing of splittings (linear programs) otherwise; and every network that search finds gives
    back a splitting."""
    instances = SMALL_FAMILY if family == "exhaustive" else random_family()
    outcomes = set()
    for instance in instances:
        X, y = H.training_set(instance)
        splitting = H.exact_splitting(instance)
        found = H.find_consistent_network(X, y)
        assert (found is None) == (splitting is None), instance
        if splitting is not None:
            assert H.is_splitting(instance, splitting)
            built = H.network_from_splitting(instance, splitting)
            assert H.is_consistent(built, X, y)
            assert H.splitting_from_network(instance, built) == splitting
            assert H.is_splitting(instance, H.splitting_from_network(instance, found))
        outcomes.add(splitting is None)
    assert outcomes == {True, False}


def test_singletons_make_contradictory_examples():
    """A subset {s_i} puts e_i in the training set twice, labelled + and -: no network, no splitting."""
    for instance in H.all_instances(3, 2, min_size=1):
        X, y = H.training_set(instance)
        assert (H.find_consistent_network(X, y) is None) == (H.exact_splitting(instance) is None), instance


def test_splitting_from_networks_we_did_not_build():
    instance = H.Instance(6, ((0, 1, 2), (2, 3, 4), (4, 5), (0, 5), (1, 3)))
    X, y = H.training_set(instance)
    net = H.find_consistent_network(X, y)
    split = H.splitting_from_network(instance, net)
    assert H.is_splitting(instance, split)
    swapped = H.Network(net.weights[::-1], net.thresholds[::-1])  # the units' roles exchanged
    other = H.splitting_from_network(instance, swapped)
    assert H.is_splitting(instance, other)
    # unit 1 rejects S1 in the one and unit 2 rejects S2 in the other; no element is rejected by neither
    assert all(a == 0 or b == 0 for a, b in zip(split, other))
    # any positive scaling of a unit is the same unit; a different AND output unit is the same AND
    scaled = H.Network([[3 * w for w in net.weights[0]], net.weights[1]], [3 * net.thresholds[0],
                       net.thresholds[1]], (2, 5, 6))
    assert H.splitting_from_network(instance, scaled) == split


def test_an_or_output_fits_unsplittable_instances():
    """Why the output must be an AND: an OR network fits the examples of any instance whose subsets have
    two or more elements, splittable or not."""
    for instance in [TRIANGLE] + random_family((5, 6)):
        X, y = H.training_set(instance)
        assert H.is_consistent(H.or_network(instance.n), X, y)
    with pytest.raises(ValueError, match="not the AND"):
        H.splitting_from_network(TRIANGLE, H.or_network(3))


GADGET_CUBE = (np.array([[0, 0, 0], [1, 0, 1], [0, 1, 1], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]]),
               np.array([1, 1, 1, -1, -1, -1, -1]))


def test_the_gadget_leaves_only_an_and_output():
    """On the gadget's cube (its six points and the origin): no single unit separates the labels, no two
    units confine the negatives to one quadrant, but two units confine the positives to one."""
    X, y = GADGET_CUBE
    assert H._separating_unit(X[y == 1], X[y == -1]) is None
    assert H._separating_unit(X[y == -1], X[y == 1]) is None
    assert H.find_consistent_network(X, -y) is None  # negatives in one quadrant: impossible
    net = H.find_any_network(X, y)
    assert net is not None and net.output_table() == (0, 0, 0, 1) and H.is_consistent(net, X, y)


def test_the_origin_is_the_seventh_labelled_corner_of_the_gadget():
    """The gadget labels six corners of its cube and the origin a seventh; 110 carries no example."""
    corners = [tuple(c) for c in GADGET_CUBE[0].tolist()]
    assert len(set(corners)) == 7 and corners[0] == (0, 0, 0) and GADGET_CUBE[1][0] == 1
    assert set(itertools.product((0, 1), repeat=3)) - set(corners) == {(1, 1, 0)}
    assert corners[1:] == [*H.GADGET_POSITIVE, *H.GADGET_NEGATIVE]


def test_three_node_training_set_is_step_one_plus_the_gadget():
    instance = H.Instance(4, ((0, 1), (1, 2, 3)))
    X, y = H.three_node_training_set(instance)
    X1, y1 = H.training_set(instance)
    assert X.shape == (1 + 6 + 4 + 2, 4 + 3) and y.tolist() == [1, 1, 1, -1, -1, -1, -1] + y1[1:].tolist()
    assert (X[:, :4].tolist() == [X1[0].tolist()] + [[0] * 4] * 6 + X1[1:].tolist())
    assert X[1:7, 4:].tolist() == GADGET_CUBE[0][1:].tolist()
    assert not X[7:, 4:].any() and not X[0].any()


@pytest.mark.parametrize("family", ["exhaustive", "random"])
def test_full_reduction_both_ways_with_any_output(family):
    """splittable <=> some 3-node network, with any output unit, fits the full reduction's examples."""
    instances = SMALL_FAMILY if family == "exhaustive" else random_family()
    outcomes = set()
    for instance in instances:
        X, y = H.three_node_training_set(instance)
        splitting = H.exact_splitting(instance)
        found = H.find_any_network(X, y)
        assert (found is None) == (splitting is None), instance
        if splitting is not None:
            assert H.is_consistent(H.three_node_network(instance, splitting), X, y)
            assert found.output_table() == (0, 0, 0, 1)  # the gadget allows no other output
        else:  # without the gadget, a network with another output fits (an OR, or here a NAND)
            loose = H.find_any_network(*H.training_set(instance))
            if all(len(c) >= 2 for c in instance.subsets):
                assert loose is not None and loose.output_table() != (0, 0, 0, 1)
        outcomes.add(splitting is None)
    assert outcomes == {True, False}


def test_search_with_pruning_finds_what_trying_every_sharing_finds():
    """The search drops a branch once a share cannot be separated; on random small labelled sets it
    agrees with the plain enumeration of every way of sharing the negatives."""
    import itertools
    rng = np.random.default_rng(0)
    seen = set()
    for _ in range(60):
        X = rng.integers(0, 2, size=(7, 4))
        y = np.where(rng.random(7) < 0.5, 1, -1)
        pos, neg = X[y == 1], np.flatnonzero(y == -1)
        plain = any(H._separating_unit(pos, X[[i for i, c in zip(neg, choice) if c == 0]]) is not None
                    and H._separating_unit(pos, X[[i for i, c in zip(neg, choice) if c == 1]]) is not None
                    for choice in itertools.product((0, 1), repeat=len(neg)))
        found = H.find_consistent_network(X, y)
        assert (found is not None) == plain, (X.tolist(), y.tolist())
        seen.add(plain)
    assert seen == {True, False}


def test_find_any_network_uses_nand_and_refuses_xor():
    xor = np.array([[0, 0], [1, 1], [0, 1], [1, 0]]), np.array([-1, -1, 1, 1])
    net = H.find_any_network(*xor)  # XOR's positives lie in a strip: an AND of two units
    assert net is not None and net.output == H.AND and H.is_consistent(net, *xor)
    inside = np.array([[0, 0], [2, 2], [1, 1]]), np.array([-1, -1, 1])  # a negative on each side of a positive
    assert H.find_consistent_network(*inside) is not None  # the positive alone in a strip: AND works here too
    outside = np.array([[0, 0], [2, 2], [1, 1]]), np.array([1, 1, -1])  # a negative between two positives
    assert H.find_consistent_network(*outside) is None  # no AND: its accepted region is convex
    nand = H.find_any_network(*outside)
    assert nand is not None and nand.output == H.NAND and H.is_consistent(nand, *outside)
    alternating = np.array([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4]]), np.array([1, -1, 1, -1, 1])
    assert H.find_any_network(*alternating) is None  # + - + - + on a line: no two planes do it


def test_linear_programs_on_data_that_is_not_a_reduction():
    xnor = np.array([[0, 0], [1, 1], [0, 1], [1, 0]]), np.array([1, 1, -1, -1])
    net = H.find_consistent_network(*xnor)  # a strip between two parallel lines
    assert net is not None and H.is_consistent(net, *xnor)
    inside = np.array([[0, 0], [2, 2], [1, 1]]), np.array([1, 1, -1])  # a negative between two positives
    assert H.find_consistent_network(*inside) is None  # an intersection of half-spaces is convex


def test_classify_breaks_no_ties_in_floating_point():
    """Weights are exact rationals (a float converts exactly), summed without rounding."""
    net = H.Network(((1e16, 1.0, -1e16), (0, 0, 0)), (0, -1))
    assert (1e16 + 1.0) + -1e16 == 0.0  # in floating point the 1 is lost: <w, x> > 0 would be false
    assert H.hidden_bits(net, np.array([[1, 1, 1]])).tolist() == [[1, 1]]  # exactly, <w, x> = 1 > 0
    tie = H.Network(((Fraction(1, 10), Fraction(2, 10)), (1, 1)), (Fraction(3, 10), -1))
    assert H.hidden_bits(tie, np.array([[1, 1]]))[0, 0] == 0  # 1/10 + 2/10 > 3/10 is false


# --- Instances that subsets of two do not decide: the Fano plane ------------------------------------

def test_the_fano_plane_is_unsplittable_and_only_just():
    lines = [set(line) for line in H.FANO.subsets]
    assert H.FANO.n == 7 and len(lines) == 7 and all(len(line) == 3 for line in lines)
    for a, b in itertools.combinations(range(7), 2):  # every two points on exactly one line
        assert sum({a, b} <= line for line in lines) == 1
    assert H.exact_splitting(H.FANO) is None
    assert not H._pairs_unsplittable(H.FANO)  # no subset of two to give it away
    for j in range(7):  # without any one line it can be split
        assert H.exact_splitting(H.Instance(7, H.FANO.subsets[:j] + H.FANO.subsets[j + 1:])) is not None
    assert H.find_any_network(*H.three_node_training_set(H.FANO)) is None  # the reduction: no network
    X, y = H.training_set(H.FANO)
    assert H.is_consistent(H.or_network(7), X, y)  # without the gadget the OR network fits


def test_unsplittable_through_pairs_is_an_odd_cycle_among_the_subsets_of_two():
    assert H._pairs_unsplittable(TRIANGLE)
    assert H._pairs_unsplittable(H.Instance(4, ((0, 1), (1, 2), (0, 2), (0, 1, 3))))  # the triple is irrelevant
    assert not H._pairs_unsplittable(H.Instance(4, ((0, 1), (1, 2), (2, 3), (3, 0))))  # an even cycle
    assert not H._pairs_unsplittable(H.Instance(3, ((0, 1, 2),)))
    for instance in random_family((5, 6, 7)):  # an odd cycle of pairs always makes an instance unsplittable
        if H._pairs_unsplittable(instance):
            assert H.exact_splitting(instance) is None


def test_uniform_instances_have_distinct_subsets_of_three():
    for seed in range(5):
        instance = H._uniform_instance(6, 14, seed)
        assert instance.n == 6 and instance.m == 14 and len(set(instance.subsets)) == 14
        assert all(len(c) == 3 for c in instance.subsets)
    assert H._uniform_instance(6, 14, 0) == H._uniform_instance(6, 14, 0) != H._uniform_instance(6, 14, 1)


def test_referee_counts_what_the_gadget_is_for_and_what_pairs_decide():
    pool = [TRIANGLE, H.FANO, H.Instance(4, ((0, 1), (1, 2), (2, 3))), H.Instance(3, ((0, 1, 2),))]
    r = H._referee(pool)
    assert r == {"instances": 4, "agree": 4, "splittable": 2, "unsplittable": 2, "disagree": [],
                 "fitted_without_gadget": 2, "or_network_fits": 2, "unsplittable_by_pairs": 1}


# --- Gradient descent on the smoothed network --------------------------------------------------------

def test_training_instances_together_is_training_each_alone():
    """The stacked computation moves each start exactly as train_smoothed does on its own."""
    instances = [H._draw(6, 9, 60000 + 100 * i, True) for i in range(3)]
    together = H._train_batch(instances, restarts=4, steps=60, seeds=[5, 6, 7])
    for instance, seed, batch in zip(instances, (5, 6, 7), together):
        alone = H.train_smoothed(instance, restarts=4, steps=60, seed=seed)
        assert batch["consistent"] == alone["consistent"] and batch["final_loss"] == alone["final_loss"]
    with pytest.raises(ValueError, match=r"one size \(n, m\) and one seed each"):
        H._train_batch([TRIANGLE, H.FANO], restarts=2, steps=1, seeds=[0, 1])
    with pytest.raises(ValueError, match="1 seeds for 2 instances"):
        H._train_batch([TRIANGLE, TRIANGLE], restarts=2, steps=1, seeds=[0])


def test_smoothed_gradient_descent_never_fits_unsplittable_instances():
    dense = [H.random_instance(n, 2 * n, seed) for n in (4, 6, 8) for seed in range(4)]  # 2n subsets: mostly
    unsplittable = [TRIANGLE] + [i for i in dense if H.exact_splitting(i) is None]
    assert len(unsplittable) >= 8
    for k, instance in enumerate(unsplittable):
        result = H.train_smoothed(instance, restarts=8, steps=150, seed=k)
        assert result["successes"] == 0 and result["network"] is None, instance


def test_smoothed_gradient_descent_fits_small_splittable_instances():
    instance = H.Instance(5, ((0, 1, 2), (2, 3), (3, 4), (0, 4)))
    result = H.train_smoothed(instance, restarts=8, steps=200, seed=0)
    assert result["successes"] >= 1
    X, y = H.training_set(instance)
    assert H.is_consistent(result["network"], X, y)
    assert H.is_splitting(instance, H.splitting_from_network(instance, result["network"]))
    again = H.train_smoothed(instance, restarts=8, steps=200, seed=0)
    assert again["consistent"] == result["consistent"] and again["final_loss"] == result["final_loss"]


# --- Bad input ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("call, match", [
    (lambda: H.Instance(0), "n must be a positive integer, got 0"),
    (lambda: H.Instance(True), "n must be a positive integer"),
    (lambda: H.Instance(3, ((0, 1), ())), "subset 1 is empty"),
    (lambda: H.Instance(3, ((0, 3),)), r"subset 0 = \(0, 3\) has element 3; elements are 0..2"),
    (lambda: H.Instance(3, ((0, -1),)), "has element -1"),
    (lambda: H.Instance(3, ((1, 1),)), "repeats an element"),
    (lambda: H.is_splitting(TRIANGLE, (0, 1)), "each of the 3 elements side 0"),
    (lambda: H.is_splitting(TRIANGLE, (0, 1, 2)), "each of the 3 elements side 0"),
    (lambda: H.network_from_splitting(TRIANGLE, (0, 0, 1)), r"not a splitting: subset \(0, 1\) lies entirely in S1"),
    (lambda: H.splitting_from_network(TRIANGLE, H.Network(((1, 1, 1), (1, 1, 1)), (0, 0))), "misclassifies"),
    (lambda: H.splitting_from_network(TRIANGLE, H.Network(((1, 1), (1, 1)), (0, 0))), "has 2 inputs"),
    (lambda: H.Network(((1, 2), (1,)), (0, 0)), "same, non-zero number of weights"),
    (lambda: H.Network(((1, float("nan")), (1, 1)), (0, 0)), "weight 1 of hidden unit 0 must be finite"),
    (lambda: H.Network(((1, "a"), (1, 1)), (0, 0)), "must be an int, a Fraction or a finite float"),
    (lambda: H.Network(((1, 1), (1, 1)), (0,)), "need weights for 2 hidden units, 2 thresholds"),
    (lambda: H.classify(H.or_network(3), np.ones((2, 4), dtype=int)), r"shape \(examples, 3\)"),
    (lambda: H.classify(H.or_network(3), np.ones((2, 3))), "integer array"),
    (lambda: H.is_consistent(H.or_network(3), np.ones((2, 3), dtype=int), [1, 0]), r"values in \{\+1, -1\}"),
    (lambda: H.find_consistent_network(np.ones(3, dtype=int), [1, 1, 1]), "2-D array"),
    (lambda: H.find_consistent_network(*H.training_set(H.Instance(25))), "max_negatives is 24"),
    (lambda: H.two_colouring(H.Instance(3, ((0, 1, 2),))), "exactly 2 elements"),
    (lambda: H.random_instance(3, -1, seed=0), "m must be a non-negative integer"),
    (lambda: H.random_instance(3, 2, seed=0, sizes=(4,)), "between 1 and n = 3"),
    (lambda: list(H.all_instances(3, 2, min_size=4)), "min_size <= n"),
    (lambda: H.train_smoothed(TRIANGLE, restarts=0, steps=10, seed=0), "need restarts >= 1"),
])
def test_bad_arguments_say_what_is_wrong(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_the_figure_shows_exponential_work_and_no_false_successes(built_site):
    r = figure_results(built_site, "splitting-time")
    assert r["colourings_tried"] == [2 ** (n - 1) for n in r["time_n"]]  # every colouring, up to symmetry
    assert r["max_success_unsplittable"] == 0 and sum(r["successes_unsplittable"]) == 0
    assert min(r["instances_solved_splittable"]) >= 1  # gradient descent does find some splittings
    referee = r["referee"]
    assert referee["agree"] == referee["instances"] and not referee["disagree"]
    assert referee["splittable"] + referee["unsplittable"] == referee["instances"]
    assert min(referee["splittable"], referee["unsplittable"]) >= 20  # both outcomes tested


def test_the_page_reads_the_rates_at_a_fixed_budget_and_the_referee_counts_right(built_site):
    r = figure_results(built_site, "splitting-time")
    # "not monotonically in between: the rate rises again at n = ..."
    rates = r["success_splittable"]
    assert not r["falls_monotonically"] and r["rises_at"]
    k = r["gd_n"].index(r["rises_at"][0])
    assert rates[k] > rates[k - 1]
    # the table: per-instance counts add up to the rates
    for found, text, total, rate in zip(r["per_instance_splittable"], r["per_instance_text"],
                                        r["successes_splittable"], rates):
        assert len(found) == r["instances"] and sum(found) == total and text == ", ".join(map(str, found))
        assert rate == total / (r["instances"] * r["restarts"])
    # the same starts with more steps fit more often at the largest n: the rates measure the budget too
    assert r["long_steps"] > r["steps"] and r["long_success_last"] > r["success_last"]
    assert r["long_success_last"] == sum(r["long_per_instance"]) / (r["instances"] * r["restarts"])
    # without the gadget every unsplittable instance is fitted, as the OR network guarantees
    referee, uniform = r["referee"], r["uniform"]
    for pool in (referee, uniform):
        assert pool["fitted_without_gadget"] == pool["or_network_fits"] == pool["unsplittable"]
        assert pool["agree"] == pool["instances"] and not pool["disagree"]
    # "most of these unsplittable instances are easy ones": decided by their subsets of two
    assert referee["unsplittable"] / 2 < referee["unsplittable_by_pairs"] < referee["unsplittable"]
    # the 3-uniform ones: none decided by pairs; the Fano plane; gradient descent never fits it
    assert uniform["unsplittable_by_pairs"] == 0 and min(uniform["splittable"], uniform["unsplittable"]) >= 10
    fano = uniform["fano"]
    assert not fano["splittable"] and not fano["fits_with_gadget"] and fano["fits_without_gadget"]
    assert fano["successes"] == 0 and fano["starts"] == r["restarts"]
    minus = uniform["minus_line"]
    assert minus["instances"] == minus["splittable"] == 7 and minus["total"] == sum(minus["successes"])
    assert minus["all_starts"] == 7 * r["restarts"] and minus["solved"] == sum(f > 0 for f in minus["successes"])


def test_the_reduction_claim_is_a_construction_whose_check_reads_every_pool():
    """A Construction needs no refutation; its check still rejects what a wrong reduction would give."""
    from snippets.claims import CONSTRUCTION

    (claim,) = H.CLAIMS
    assert claim.kind == CONSTRUCTION and not claim.refutations
    ours = {"referee": {"instances": 641, "agree": 641, "splittable": 569, "unsplittable": 72},
            "uniform": {"instances": 48, "agree": 48, "splittable": 35, "unsplittable": 13,
                        "unsplittable_by_pairs": 0}}
    assert claim.check(ours)
    worlds = [("referee", "agree", 640),  # one small instance mapped to a set the referee answers wrongly
              ("referee", "unsplittable", 19),  # one outcome barely tested
              ("referee", "splittable", 19),
              ("uniform", "agree", 47),  # one disagreement among the 3-uniform instances
              ("uniform", "unsplittable", 9),
              ("uniform", "splittable", 9),
              ("uniform", "unsplittable_by_pairs", 1)]  # a 3-uniform pool cannot contain pairs
    for pool, key, value in worlds:
        world = {k: dict(v) for k, v in ours.items()}
        world[pool][key] = value
        assert not claim.check(world), (pool, key, value)


def test_referee_counts_on_a_small_exhaustive_family():
    """Every instance on 3 elements with up to 3 subsets of 2 or 3 (4 candidate subsets: 4 + 6 + 4 = 14
    instances) and one random one: the counts are the brute force's, instance by instance."""
    r = H.reduction_against_referee((3, 3), (3,), 1, 1.0, seed=0)
    assert r["instances"] == 15 and r["agree"] == 15
    assert r["unsplittable"] == sum(H.exact_splitting(i) is None for i in H.all_instances(3, 3)) + \
        (H.exact_splitting(H.random_instance(3, 3, seed=21)) is None) > 0
