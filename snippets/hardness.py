"""Training a 3-node network is NP-complete (Blum and Rivest, NIPS 1988; Neural Networks 5(1), 1992).

The network has n binary inputs, two hidden linear threshold units and one output unit that combines the
two hidden bits; a unit with weights w and threshold t outputs 1 iff <w, x> > t. The *training problem*
asks: given examples x in {0, 1}^n labelled + or -, are there weights and thresholds with which the
network classifies every example correctly? Blum and Rivest show that this is NP-complete by reducing
Set-Splitting to it.

Set-Splitting: given elements s_1..s_n and subsets c_1..c_m, is there a partition of the elements into
S1 and S2 such that no c_j lies entirely in S1 or entirely in S2? (With subsets of size 2 this is graph
2-colouring, which is easy; it stays NP-complete with subsets of at most 3 elements, Garey and Johnson's
problem SP4, and with subsets of exactly 3, 2-colouring 3-uniform hypergraphs, Lovász 1973.) An instance
whose subsets of size 2 alone cannot be split (an odd cycle) is unsplittable for a reason that breadth-first
search finds in polynomial time (``_pairs_unsplittable``); ``FANO``, the seven lines of the Fano plane, has
no such reason: 3-uniform, and still unsplittable.

The reduction, step 1, for the network whose output unit is the AND of the two hidden units (their
"2-Linear Confinement of Positive Boolean Examples"):

- the origin 0^n is labelled +, the unit vector e_i of each element is labelled -, and the indicator
  vector of each subset c_j (1s at its elements) is labelled +;
- a splitting gives a network: hidden unit 1 has weight -1 on the elements of S1 and n on the others,
  threshold -1/2 (so it rejects exactly the e_i of S1 and accepts the origin and every c_j, which has
  an element outside S1); hidden unit 2 likewise with S2;
- a consistent network gives a splitting: every e_i is rejected by a hidden unit; put in S1 the elements
  that unit 1 rejects, the others in S2 (unit 2 rejects them). If some c_j lay in S1, unit 1 would
  accept the origin (so its threshold t < 0) and reject each e_i of c_j (w_i <= t), hence
  sum_{i in c_j} w_i <= |c_j| t <= t, and it would reject c_j too, which is labelled +.

Step 2, for the theorem's network, whose output unit may be any threshold function of the hidden bits:
with a free output unit (an OR, say) every instance whose subsets all have at least two elements gets a
consistent network on the examples of step 1, splittable or not (see ``or_network``). Blum and Rivest
add a gadget on three new coordinates (``GADGET_POSITIVE``, ``GADGET_NEGATIVE``) that leaves the output
unit no choice but an AND: ``three_node_training_set`` and ``three_node_network``.

So a training algorithm that always finds a consistent network when one exists would split sets, and a
fast one would give P = NP. The theorem is about the worst case, and about exact consistency. Here we
check both directions of the reduction against a brute-force Set-Splitting solver and against a search
for consistent networks with any output unit that knows nothing of the reduction (``find_any_network``:
linear programs over the ways of sharing out the negative examples), and we train a smoothed version of
the AND network by gradient descent: whatever it finds, rounded back to hard thresholds, can only be
consistent on splittable instances.
"""
from __future__ import annotations

import itertools
import math
import random
from collections import deque
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import torch

from snippets import checks
from snippets.claims import CONSTRUCTION, Claim
from snippets.figures import figure

Splitting = tuple[int, ...]  # the side of each element: 0 for S1, 1 for S2


# --- Set-Splitting -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Instance:
    """A Set-Splitting instance: elements 0..n-1 and subsets of them (each stored sorted)."""
    n: int
    subsets: tuple[tuple[int, ...], ...] = ()

    def __post_init__(self):
        checks.positive_int("number of elements n", self.n)
        subsets = []
        for j, subset in enumerate(self.subsets):
            subset = tuple(subset)
            if not subset:
                raise ValueError(f"subset {j} is empty; every subset needs at least one element")
            for e in subset:
                if not isinstance(e, (int, np.integer)) or isinstance(e, bool) or not 0 <= e < self.n:
                    raise ValueError(f"subset {j} = {subset} has element {e!r}; elements are 0..{self.n - 1}")
            if len(set(subset)) != len(subset):
                raise ValueError(f"subset {j} = {subset} repeats an element")
            subsets.append(tuple(sorted(int(e) for e in subset)))
        object.__setattr__(self, "n", int(self.n))
        object.__setattr__(self, "subsets", tuple(subsets))

    @property
    def m(self) -> int:
        return len(self.subsets)


def _check_instance(instance) -> Instance:
    return checks.instance("instance", instance, Instance)


def _check_splitting(instance: Instance, splitting) -> Splitting:
    _check_instance(instance)
    splitting = tuple(splitting)
    if len(splitting) != instance.n or not all(s in (0, 1) for s in splitting):
        raise ValueError(f"a splitting gives each of the {instance.n} elements side 0 (S1) or 1 (S2), "
                         f"got {splitting}")
    return tuple(int(s) for s in splitting)


def is_splitting(instance: Instance, splitting) -> bool:
    """True iff every subset has an element on each side."""
    side = _check_splitting(instance, splitting)
    return all(len({side[e] for e in subset}) == 2 for subset in instance.subsets)


def _search(instance: Instance) -> tuple[Splitting | None, int]:
    """Try the colourings one by one; returns the first splitting (or None) and how many were tried.

    Swapping S1 and S2 turns a splitting into a splitting, so element n-1 stays in S1: 2^(n-1)
    colourings at most. Bit i of the colouring is the side of element i; subset c is split by the
    colouring c iff c & mask is neither 0 nor mask."""
    masks = [sum(1 << e for e in subset) for subset in instance.subsets]
    tried = 0  # counted as the loop runs: the work reported is the work done
    for colouring in range(1 << (instance.n - 1)):
        tried += 1
        if all(0 != colouring & mask != mask for mask in masks):
            return tuple((colouring >> i) & 1 for i in range(instance.n)), tried
    return None, tried


def exact_splitting(instance: Instance) -> Splitting | None:
    """A splitting, or None if there is none: brute force over the 2^(n-1) colourings, exponential in n."""
    _check_instance(instance)
    return _search(instance)[0]


def two_colouring(instance: Instance) -> Splitting | None:
    """For subsets of size 2 only, Set-Splitting is 2-colouring the graph whose edges are the subsets:
    breadth-first search, in linear time. A splitting, or None when there is an odd cycle."""
    _check_instance(instance)
    if any(len(subset) != 2 for subset in instance.subsets):
        raise ValueError("two_colouring needs every subset to have exactly 2 elements (the edges of a graph)")
    neighbours = [[] for _ in range(instance.n)]
    for a, b in instance.subsets:
        neighbours[a].append(b)
        neighbours[b].append(a)
    side = [None] * instance.n
    for start in range(instance.n):
        if side[start] is not None:
            continue
        side[start] = 0
        queue = deque([start])
        while queue:
            a = queue.popleft()
            for b in neighbours[a]:
                if side[b] is None:
                    side[b] = 1 - side[a]
                    queue.append(b)
                elif side[b] == side[a]:
                    return None
    return tuple(side)


def random_instance(n: int, m: int, seed: int, sizes=(2, 3)) -> Instance:
    """m subsets, each of a size drawn uniformly from ``sizes``, with distinct elements drawn uniformly."""
    checks.positive_int("number of elements n", n)
    checks.nonnegative_int("number of subsets m", m)
    if not sizes or any(not 1 <= k <= n for k in sizes):
        raise ValueError(f"subset sizes must be between 1 and n = {n}, got {tuple(sizes)}")
    rng = random.Random(seed)
    return Instance(n, tuple(tuple(rng.sample(range(n), rng.choice(tuple(sizes)))) for _ in range(m)))


# The Fano plane: 7 points, 7 lines of 3 points, every two points on exactly one line. Its lines cannot be
# split (it is a 3-uniform hypergraph that is not 2-colourable); without any one of them they can be.
FANO = Instance(7, ((0, 1, 2), (0, 3, 4), (0, 5, 6), (1, 3, 5), (1, 4, 6), (2, 3, 6), (2, 4, 5)))


def _pairs_unsplittable(instance: Instance) -> bool:
    """True iff the subsets of size 2 alone cannot be split (their graph has an odd cycle): unsplittability
    that ``two_colouring`` proves in polynomial time, without looking at the larger subsets."""
    pairs = Instance(instance.n, tuple(c for c in instance.subsets if len(c) == 2))
    return two_colouring(pairs) is None


def _uniform_instance(n: int, m: int, seed: int) -> Instance:
    """m distinct subsets of exactly 3 elements, drawn uniformly among the C(n, 3): a 3-uniform instance."""
    rng = random.Random(seed)
    return Instance(n, tuple(rng.sample(list(itertools.combinations(range(n), 3)), m)))


def all_instances(n: int, max_subsets: int, min_size: int = 2):
    """Every instance on n elements with 1..max_subsets distinct subsets of at least ``min_size`` elements."""
    checks.integers(n=n, max_subsets=max_subsets, min_size=min_size)
    if not 1 <= min_size <= n or max_subsets < 1:
        raise ValueError(f"need 1 <= min_size <= n and max_subsets >= 1, got min_size {min_size}, n {n}, "
                         f"max_subsets {max_subsets}")
    return _all_instances(n, max_subsets, min_size)  # checked now, generated on demand


def _all_instances(n: int, max_subsets: int, min_size: int):
    candidates = [c for k in range(min_size, n + 1) for c in itertools.combinations(range(n), k)]
    for m in range(1, max_subsets + 1):
        for subsets in itertools.combinations(candidates, m):
            yield Instance(n, subsets)


# --- The training set and the network ------------------------------------------------------------------

def training_set(instance: Instance) -> tuple[np.ndarray, np.ndarray]:
    """The reduction's examples: rows of X in {0, 1}^n, labels y in {+1, -1}.

    Row 0 is the origin (+), rows 1..n the unit vectors e_i (-), then one indicator vector per subset (+)."""
    _check_instance(instance)
    n = instance.n
    X = np.zeros((1 + n + instance.m, n), dtype=np.int64)
    X[1:n + 1] = np.eye(n, dtype=np.int64)
    for j, subset in enumerate(instance.subsets):
        X[1 + n + j, list(subset)] = 1
    y = np.ones(len(X), dtype=np.int64)
    y[1:n + 1] = -1
    return X, y


# Blum and Rivest's gadget (NIPS 1988, p. 500): three new coordinates, + at 101 and 011, - at 100, 010,
# 001 and 111; the origin, + already, is the seventh labelled corner of the cube, and 110 carries no
# example. On these points no single plane separates the labels and no two planes confine the negatives
# to one quadrant, so a consistent network must confine the positives to one quadrant: its output acts
# as an AND.
GADGET_POSITIVE = ((1, 0, 1), (0, 1, 1))
GADGET_NEGATIVE = ((1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 1))


def three_node_training_set(instance: Instance) -> tuple[np.ndarray, np.ndarray]:
    """The full reduction, for a network whose output unit may be any threshold function: the examples of
    ``training_set`` with three new coordinates set to 0, and the gadget's six points on the new
    coordinates (0 elsewhere). Rows: the origin (+), the gadget's two + and four - points, then the unit
    vectors e_i (-) and the subsets' indicator vectors (+)."""
    X, y = training_set(instance)
    X = np.hstack([X, np.zeros((len(X), 3), dtype=np.int64)])
    corners = np.array(GADGET_POSITIVE + GADGET_NEGATIVE, dtype=np.int64)
    gadget = np.hstack([np.zeros((len(corners), instance.n), dtype=np.int64), corners])
    labels = np.array([1] * len(GADGET_POSITIVE) + [-1] * len(GADGET_NEGATIVE), dtype=np.int64)
    return np.vstack([X[:1], gadget, X[1:]]), np.concatenate([y[:1], labels, y[1:]])


def three_node_network(instance: Instance, splitting) -> Network:
    """The network of the full reduction built from a splitting: ``network_from_splitting`` with weights
    (1, 1, -1) on the new coordinates for unit 1 and (-1, -1, 1) for unit 2 (Blum and Rivest's planes):
    unit 1 rejects the gadget's 001, unit 2 its 100, 010 and 111; both accept 101, 011 and the origin."""
    network = network_from_splitting(instance, splitting)
    extra = ((1, 1, -1), (-1, -1, 1))
    return Network(tuple(tuple(w) + e for w, e in zip(network.weights, extra)), network.thresholds)


def _exact(value, what: str) -> Fraction:
    """A weight as an exact rational; a float converts exactly (it is a dyadic rational)."""
    if isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{what} must be a number, got {value!r}")
    if isinstance(value, (float, np.floating)) and not math.isfinite(value):
        raise ValueError(f"{what} must be finite, got {value!r}")
    try:
        return Fraction(value.item() if isinstance(value, np.generic) else value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be an int, a Fraction or a finite float, got {value!r}") from None


AND = (1, 1, Fraction(3, 2))  # v_1 h_1 + v_2 h_2 > v_0 with (v_1, v_2, v_0): true only for h = (1, 1)
OR = (1, 1, Fraction(1, 2))
NAND = (-1, -1, Fraction(-3, 2))  # true unless h = (1, 1)


@dataclass(frozen=True)
class Network:
    """Two hidden linear threshold units and an output unit over their two bits, in exact arithmetic.

    Hidden unit k outputs h_k = 1 iff <weights[k], x> > thresholds[k]; the output is + iff
    v_1 h_1 + v_2 h_2 > v_0 for ``output`` = (v_1, v_2, v_0): the AND by default."""
    weights: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]
    thresholds: tuple[Fraction, Fraction]
    output: tuple[Fraction, Fraction, Fraction] = AND

    def __post_init__(self):
        if len(self.weights) != 2 or len(self.thresholds) != 2 or len(self.output) != 3:
            raise ValueError(f"need weights for 2 hidden units, 2 thresholds and 3 output numbers, got "
                             f"{len(self.weights)}, {len(self.thresholds)} and {len(self.output)}")
        rows = [tuple(_exact(w, f"weight {i} of hidden unit {k}") for i, w in enumerate(row))
                for k, row in enumerate(self.weights)]
        if len(rows[0]) != len(rows[1]) or not rows[0]:
            raise ValueError(f"both hidden units need the same, non-zero number of weights, got "
                             f"{len(rows[0])} and {len(rows[1])}")
        object.__setattr__(self, "weights", tuple(rows))
        object.__setattr__(self, "thresholds", tuple(_exact(t, f"threshold {k}")
                                                     for k, t in enumerate(self.thresholds)))
        object.__setattr__(self, "output", tuple(_exact(v, "output unit number") for v in self.output))

    @property
    def n(self) -> int:
        return len(self.weights[0])

    def output_table(self) -> tuple[int, int, int, int]:
        """The output unit's bit on (h_1, h_2) = (0, 0), (0, 1), (1, 0), (1, 1)."""
        v1, v2, v0 = self.output
        return tuple(int(v1 * a + v2 * b > v0) for a, b in ((0, 0), (0, 1), (1, 0), (1, 1)))


def _check_inputs(X, n: int) -> np.ndarray:
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != n or not np.issubdtype(X.dtype, np.integer):
        raise ValueError(f"inputs must be an integer array of shape (examples, {n}), got {X.dtype} "
                         f"array of shape {X.shape}")
    return X


def _check_labels(y, count: int) -> np.ndarray:
    y = np.asarray(y)
    if y.shape != (count,) or not np.isin(y, (-1, 1)).all():
        raise ValueError(f"labels must be {count} values in {{+1, -1}}, got shape {y.shape}")
    return y


def hidden_bits(network: Network, X) -> np.ndarray:
    """h_k(x) = 1 iff <w_k, x> > t_k, for every row of X: shape (examples, 2), exact.

    Each unit is scaled to integers by the common denominator of its numbers, then summed with Python
    integers (numpy object arrays): no rounding, so no ties decided by floating point."""
    checks.instance("network", network, Network)
    X = _check_inputs(X, network.n).astype(object)
    bits = []
    for w, t in zip(network.weights, network.thresholds):
        scale = math.lcm(*(v.denominator for v in (*w, t)))
        w_int = np.array([int(v * scale) for v in w], dtype=object)
        bits.append((X @ w_int > int(t * scale)).astype(np.int64))
    return np.stack(bits, axis=1)


def classify(network: Network, X) -> np.ndarray:
    """The network's label for every row of X: +1 or -1."""
    h = hidden_bits(network, X)
    table = np.array(network.output_table())
    return np.where(table[2 * h[:, 0] + h[:, 1]] == 1, 1, -1)


def is_consistent(network: Network, X, y) -> bool:
    """True iff the network gives every example its label."""
    return bool((classify(network, X) == _check_labels(y, len(np.asarray(X)))).all())


def network_from_splitting(instance: Instance, splitting) -> Network:
    """The network built from a splitting: unit k has weight -1 on the elements of its side and n on the
    others, threshold -1/2; the output is their AND."""
    side = _check_splitting(instance, splitting)
    if not is_splitting(instance, side):
        bad = next(c for c in instance.subsets if len({side[e] for e in c}) == 1)
        raise ValueError(f"not a splitting: subset {bad} lies entirely in S{side[bad[0]] + 1}")
    n = instance.n
    weights = tuple(tuple(-1 if side[i] == k else n for i in range(n)) for k in (0, 1))
    return Network(weights, (Fraction(-1, 2), Fraction(-1, 2)))


def splitting_from_network(instance: Instance, network: Network) -> Splitting:
    """The splitting read off any AND network consistent with the reduction's examples: S1 holds the
    elements whose e_i hidden unit 1 rejects, S2 the others (which unit 2 must reject)."""
    _check_instance(instance)
    checks.instance("network", network, Network)
    if network.n != instance.n:
        raise ValueError(f"the network has {network.n} inputs, the instance {instance.n} elements")
    if network.output_table() != (0, 0, 0, 1):
        raise ValueError(f"the output unit computes {network.output_table()} on h = 00, 01, 10, 11, not the "
                         "AND (0, 0, 0, 1) that the reduction needs")
    X, y = training_set(instance)
    if not is_consistent(network, X, y):
        raise ValueError("the network misclassifies some of the instance's training examples; "
                         "only a consistent network gives a splitting")
    unit_1 = hidden_bits(network, X[1:instance.n + 1])[:, 0]
    splitting = tuple(0 if bit == 0 else 1 for bit in unit_1)
    if not is_splitting(instance, splitting):  # cannot happen: the argument in the module docstring
        raise RuntimeError(f"a consistent network gave {splitting}, which does not split {instance}")
    return splitting


def or_network(n: int) -> Network:
    """With an OR output unit, one network fits the reduction's examples of *every* instance whose subsets
    have at least 2 elements: unit 1 accepts x with sum(x) >= 2, unit 2 accepts the origin only."""
    checks.positive_int("n", n)
    return Network(((1,) * n, (-1,) * n), (Fraction(3, 2), Fraction(-1, 2)), OR)


# --- A search for consistent networks that does not know the reduction -----------------------------------

def _separating_unit(positive: np.ndarray, negative: np.ndarray):
    """Weights and threshold (exact) of a unit that accepts every row of ``positive`` and rejects every
    row of ``negative``, or None. A linear program: <w, x> - t >= 1 on positives, <= -1 on negatives (a
    strict separation of finitely many points can always be scaled to margin 1)."""
    from scipy.optimize import linprog

    n = positive.shape[1] if len(positive) else negative.shape[1]
    rows = np.vstack([-np.hstack([positive, -np.ones((len(positive), 1))]),
                      np.hstack([negative, -np.ones((len(negative), 1))])]).astype(float)
    if not len(rows):
        return (0,) * n, Fraction(-1)
    result = linprog(np.zeros(n + 1), A_ub=rows, b_ub=-np.ones(len(rows)), bounds=[(None, None)] * (n + 1),
                     method="highs")
    if result.status == 2:  # infeasible
        return None
    if result.status != 0:
        raise RuntimeError(f"linear program failed: {result.message}")
    # A margin of 1 leaves room: rationals this close to the LP's floats still separate.
    exact = [Fraction(v).limit_denominator(10 ** 6) for v in result.x]
    return tuple(exact[:n]), exact[n]


def find_consistent_network(X, y, max_negatives: int = 24) -> Network | None:
    """A network with AND output consistent with (X, y), or None if there is none.

    An AND network accepts x iff both units do; so it is consistent iff the negatives can be shared out
    between the units, each unit accepting every positive and rejecting its share. The negatives are
    given to unit 1 or unit 2 one at a time, in row order (the first always to unit 1: the units are
    interchangeable), and a branch is dropped as soon as a unit's share cannot be separated from the
    positives (a linear program): a share that cannot be separated stays so when it grows. Exponential
    in the worst case, for small training sets only. A network found is checked exactly with
    ``is_consistent``; "none" rests on the solver's verdicts that the programs are infeasible."""
    checks.nonnegative_int("max_negatives", max_negatives)
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"inputs must be a 2-D array (examples, inputs), got shape {X.shape}")
    X = _check_inputs(X, X.shape[1])
    y = _check_labels(y, len(X))
    positive, negatives = X[y == 1], np.flatnonzero(y == -1).tolist()
    if len(negatives) > max_negatives:
        raise ValueError(f"{len(negatives)} negative examples would take up to 2^{len(negatives) - 1} "
                         f"ways of sharing them; max_negatives is {max_negatives}")
    cache = {}

    def unit(share: frozenset):
        if share not in cache:
            cache[share] = _separating_unit(positive, X[sorted(share)])
        return cache[share]

    shares = ([], [])

    def place(i: int) -> bool:  # share out negatives[i:], given the shares so far
        if i == len(negatives):
            return True
        for k in ((0,) if i == 0 else (0, 1)):
            shares[k].append(negatives[i])
            if unit(frozenset(shares[k])) is not None and place(i + 1):
                return True
            shares[k].pop()
        return False

    if not place(0):
        return None
    first, second = unit(frozenset(shares[0])), unit(frozenset(shares[1]))
    network = Network((first[0], second[0]), (first[1], second[1]))
    if not is_consistent(network, X, y):
        raise RuntimeError("the linear programs' solution misclassifies an example after rounding")
    return network


def find_any_network(X, y, max_negatives: int = 24) -> Network | None:
    """A 3-node network with *any* output threshold function consistent with (X, y), or None.

    The output unit sees the two hidden bits, and a threshold function of two bits is a constant, one
    bit or its negation, or true on exactly one or exactly three of the four corners (every function but
    XOR and its negation). Since a hidden unit can be replaced by its negation (negate its weights and
    threshold, with a margin), these come down to two searches: the positives are confined to one
    quadrant of the two hidden units (AND output; it covers the constants and a single unit, whose other
    unit accepts everything), or the negatives are (NAND output, found as an AND network for the flipped
    labels)."""
    network = find_consistent_network(X, y, max_negatives)
    if network is not None:
        return network
    flipped = find_consistent_network(X, -np.asarray(y), max_negatives)
    if flipped is None:
        return None
    network = Network(flipped.weights, flipped.thresholds, NAND)
    if not is_consistent(network, X, y):
        raise RuntimeError("the NAND network built from the flipped labels misclassifies an example")
    return network


# --- Gradient descent on a smoothed network --------------------------------------------------------------

def train_smoothed(instance: Instance, *, restarts: int, steps: int, seed: int, lr: float = 0.1) -> dict:
    """Full-batch Adam on the smoothed network from ``restarts`` random starts at once, then each result
    rounded to hard thresholds and checked exactly.

    Smoothed: h_k = sigmoid(<w_k, x> - t_k) and output p = h_1 h_2 (a smooth AND), trained on the
    cross-entropy of p against the labels (+ -> 1, - -> 0). Rounded: the same weights and thresholds
    (floats are exact rationals) in the hard network with an AND output. A start succeeds only if the
    rounded network is consistent with every example, so by the theorem only on splittable instances."""
    _check_instance(instance)
    checks.integers(restarts=restarts, steps=steps)
    if restarts < 1 or steps < 1 or not lr > 0:
        raise ValueError(f"need restarts >= 1, steps >= 1 and lr > 0, got {restarts}, {steps} and {lr}")
    return _train_batch([instance], restarts=restarts, steps=steps, seeds=[seed], lr=lr)[0]


def _train_batch(instances, *, restarts: int, steps: int, seeds, lr: float = 0.1) -> list[dict]:
    """``train_smoothed`` for several instances of the same size (n and m) as one stacked computation:
    instance i's starts are drawn from ``seeds[i]`` exactly as ``train_smoothed`` draws them, and Adam,
    which updates every number on its own, moves each start as it would alone."""
    sizes = {(i.n, i.m) for i in instances}
    if len(sizes) != 1 or len(seeds) != len(instances):
        raise ValueError(f"need instances of one size (n, m) and one seed each, got sizes {sorted(sizes)} "
                         f"and {len(seeds)} seeds for {len(instances)} instances")
    sets = [training_set(i) for i in instances]
    x = torch.tensor(np.stack([X for X, _ in sets]), dtype=torch.float64)  # (instances, examples, n)
    target = torch.tensor(np.stack([y == 1 for _, y in sets]), dtype=torch.float64)[:, None, :]
    starts = []
    for instance, seed in zip(instances, seeds):
        gen = torch.Generator().manual_seed(seed)
        starts.append((torch.randn(restarts, 2, instance.n, generator=gen, dtype=torch.float64),
                       torch.randn(restarts, 2, 1, generator=gen, dtype=torch.float64)))
    w = torch.stack([a for a, _ in starts]).requires_grad_()  # (instances, restarts, 2, n)
    t = torch.stack([b for _, b in starts]).requires_grad_()  # (instances, restarts, 2, 1)
    opt = torch.optim.Adam([w, t], lr=lr)
    for _ in range(steps):
        z = w @ x.transpose(1, 2)[:, None] - t  # (instances, restarts, 2, examples)
        log_p = torch.nn.functional.logsigmoid(z).sum(dim=2)  # log h_1 h_2
        log_not_p = torch.log(-torch.expm1(log_p).clamp(max=-1e-300))  # log(1 - p), kept finite
        losses = -(target * log_p + (1 - target) * log_not_p).mean(dim=2).sum(dim=1)  # starts are independent
        opt.zero_grad()
        losses.sum().backward()
        opt.step()
    results = []
    for i, (X, y) in enumerate(sets):
        consistent, first = [], None
        for r in range(restarts):
            weights, thresholds = w[i, r].detach().numpy(), t[i, r, :, 0].detach().numpy()
            if not (np.isfinite(weights).all() and np.isfinite(thresholds).all()):  # a diverged start fails
                consistent.append(False)
                continue
            network = Network(weights, thresholds)
            ok = is_consistent(network, X, y)
            consistent.append(ok)
            if ok and first is None:
                first = network
        results.append({"consistent": consistent, "successes": sum(consistent), "restarts": restarts,
                        "steps": steps, "network": first, "final_loss": losses[i].item() / restarts})
    return results


# --- Figures --------------------------------------------------------------------------------------

def reduction_against_referee(exhaustive, ns, draws: int, density: float, seed: int) -> dict:
    """Both directions of Blum and Rivest's reduction at once, instance by instance: splittable (brute
    force) exactly when some 3-node network, with any output threshold function, is consistent with the
    full reduction's examples (``find_any_network``, which knows nothing of splittings). Every instance
    with ``exhaustive`` = (n, max_subsets), then ``draws`` random ones for each n in ``ns`` with
    round(density * n) subsets. Also counts the unsplittable instances that a 3-node network fits when the
    gadget is left out (``training_set`` alone): what the gadget is for. ``disagree`` lists the instances
    where the two answers differ (none, if the reduction is right). See ``_referee`` for the counts."""
    exhaustive = checks.positive_ints("exhaustive", exhaustive, at_least=2)
    if len(exhaustive) != 2 or exhaustive[0] < 2 or min(checks.positive_ints("ns", ns)) < 3:
        raise ValueError(f"exhaustive must be (n >= 2, max_subsets) and every n in ns at least 3 (subsets of 2 "
                         f"or 3 elements), got {tuple(exhaustive)} and {tuple(ns)}")
    n_all, max_subsets = exhaustive
    checks.positive_int("draws", draws)
    checks.positive("density", density)
    pool = list(all_instances(n_all, max_subsets))
    pool += [random_instance(n, round(density * n), seed + 7 * n + 1009 * i) for n in ns for i in range(draws)]
    return {**_referee(pool), "exhaustive": {"n": n_all, "max_subsets": max_subsets}, "random_ns": list(ns),
            "draws": draws}


def _referee(pool) -> dict:
    """The reduction against the referee on every instance of ``pool``: how many, how many the two deciders
    agree on, how many are splittable and unsplittable, the first five disagreements; and, of the
    unsplittable ones, how many a 3-node network fits without the gadget (the referee's search), how many
    the OR network of ``or_network`` fits (every one whose subsets all have two or more elements: the
    gadget is needed, not found by chance), and how many are unsplittable through their subsets of size 2
    alone (``_pairs_unsplittable``: decided in polynomial time, no test of the hard case)."""
    splittable = fooled = by_or = by_pairs = 0
    examples = []
    for instance in pool:
        split = exact_splitting(instance) is not None
        network = find_any_network(*three_node_training_set(instance)) is not None
        splittable += split
        if split != network:
            examples.append({"n": instance.n, "subsets": [list(c) for c in instance.subsets]})
        if not split:
            fooled += find_any_network(*training_set(instance)) is not None
            by_or += is_consistent(or_network(instance.n), *training_set(instance))
            by_pairs += _pairs_unsplittable(instance)
    return {"instances": len(pool), "agree": len(pool) - len(examples), "splittable": splittable,
            "unsplittable": len(pool) - splittable, "disagree": examples[:5], "fitted_without_gadget": fooled,
            "or_network_fits": by_or, "unsplittable_by_pairs": by_pairs}


def _fano_family(uniform, draws: int, seed: int, restarts: int, steps: int) -> dict:
    """The reduction and gradient descent on 3-uniform instances, which no subset of size 2 decides: the
    referee on the Fano plane, on the seven instances left when one of its lines is removed (each
    splittable), and on ``draws`` random 3-uniform instances for each (n, m) in ``uniform``; gradient
    descent (``restarts`` starts of ``steps`` steps each) on the Fano plane and on the seven without a line."""
    minus_line = [Instance(7, FANO.subsets[:j] + FANO.subsets[j + 1:]) for j in range(FANO.m)]
    pool = [FANO, *minus_line] + [_uniform_instance(n, m, seed + 31 * n + 1013 * i)
                                  for n, m in uniform for i in range(draws)]
    fano = _train_batch([FANO], restarts=restarts, steps=steps, seeds=[seed])[0]
    rest = _train_batch(minus_line, restarts=restarts, steps=steps, seeds=[seed + 1 + j for j in range(FANO.m)])
    return {**_referee(pool), "random": [list(c) for c in uniform], "draws": draws,
            "fano": {"splittable": exact_splitting(FANO) is not None,
                     "fits_with_gadget": find_any_network(*three_node_training_set(FANO)) is not None,
                     "fits_without_gadget": find_any_network(*training_set(FANO)) is not None,
                     "successes": fano["successes"], "starts": restarts},
            "minus_line": {"instances": len(minus_line),
                           "splittable": sum(exact_splitting(i) is not None for i in minus_line),
                           "successes": [r["successes"] for r in rest], "starts": restarts,
                           "total": sum(r["successes"] for r in rest), "all_starts": restarts * len(rest),
                           "solved": sum(r["successes"] > 0 for r in rest)}}


def _draw(n: int, m: int, seed: int, splittable: bool, tries: int = 1000) -> Instance:
    """The first random instance (seeds seed, seed + 1, ...) that is splittable, or unsplittable, as asked."""
    for k in range(tries):
        instance = random_instance(n, m, seed + k)
        if (exact_splitting(instance) is not None) == splittable:
            return instance
    raise RuntimeError(f"no {'' if splittable else 'un'}splittable instance with n = {n}, m = {m} "
                       f"in {tries} draws")


@figure("splitting-time", seed=0,
        quick=dict(time_ns=tuple(range(4, 21, 2)), density=3, gd_ns=(4, 6, 8, 10, 12), gd_density=1.5,
                   instances=3, restarts=16, steps=300, referee_all=(4, 4), referee_ns=(5, 6, 7, 8), referee_draws=20,
                   long_steps=3000, uniform=((6, 14), (7, 16)), uniform_draws=20),
        full=dict(time_ns=tuple(range(4, 25, 2)), density=3, gd_ns=(4, 6, 8, 10, 12, 14, 16), gd_density=1.5,
                  instances=10, restarts=32, steps=1000, referee_all=(5, 3), referee_ns=(5, 6, 7, 8, 9, 10),
                  referee_draws=50, long_steps=10000, uniform=((6, 14), (7, 16), (8, 20)), uniform_draws=50))
def splitting_time_figure(*, seed: int, time_ns, density: float, gd_ns, gd_density: float, instances: int,
                          restarts: int, steps: int, referee_all=(4, 4), referee_ns=(5, 6, 7, 8),
                          referee_draws: int = 20, long_steps: int = 3000, uniform=((6, 14), (7, 16)),
                          uniform_draws: int = 20):
    """Brute-force Set-Splitting time against n, and how often gradient descent fits the 3-node network.

    Left: the work on unsplittable instances (all 2^(n-1) colourings tried), log scale. Right: the fraction
    of random starts whose smoothed network, trained by Adam and rounded to hard thresholds, fits the
    reduction's examples exactly, on splittable and on unsplittable instances, at a fixed budget of
    ``steps`` steps (and, for the largest n, ``long_steps``). Also the reduction against the referee on
    small instances (``reduction_against_referee``) and on 3-uniform ones, the Fano plane among them
    (``_fano_family``)."""
    from snippets.style import new_figure

    checks.positive_ints("time_ns", time_ns, at_least=2)
    checks.positive_ints("gd_ns", gd_ns)
    if min(*time_ns, *gd_ns) < 3:
        raise ValueError(f"subsets of size 2 or 3 need n >= 3 elements, got time_ns {time_ns} and gd_ns {gd_ns}")
    checks.positive("density", density)
    checks.positive("gd_density", gd_density)
    checks.counts(instances=instances, restarts=restarts, steps=steps, long_steps=long_steps,
                  uniform_draws=uniform_draws)
    if any(len(c) != 2 or not 3 <= c[1] <= math.comb(c[0], 3) for c in uniform):
        raise ValueError(f"uniform must list (n, m) with 3 <= m <= C(n, 3) distinct subsets of 3, got {uniform}")
    # Left: random instances with density * n subsets of size 2 or 3 (nearly all unsplittable at
    # density 3), the first unsplittable one for each n: the search tries every colouring.
    # The solver's time is counted in colourings examined, not seconds: the same on every machine and
    # every build (seconds would make the figure differ from run to run).
    visited, time_m = [], []
    for n in time_ns:
        instance = _draw(n, round(density * n), seed + 1000 * n, splittable=False)
        visited.append(_search(instance)[1])
        time_m.append(instance.m)
    # Right: gd_density * n subsets; at 1.5 about half the random instances are splittable. The same
    # number of each kind, drawn separately; the instances of one n and kind are trained as one batch.
    rates = {True: [], False: []}
    counts = {True: [], False: []}
    solved = {True: [], False: []}  # instances where at least one start succeeded
    per_instance = {True: [], False: []}
    gd_m, largest = [], []
    for n in gd_ns:
        m = round(gd_density * n)
        gd_m.append(m)
        for splittable in (True, False):
            drawn = [_draw(n, m, seed + 10000 * n + 100 * i, splittable) for i in range(instances)]
            found = [r["successes"] for r in _train_batch(drawn, restarts=restarts, steps=steps,
                                                          seeds=[seed + i for i in range(instances)])]
            per_instance[splittable].append(found)
            counts[splittable].append(sum(found))
            solved[splittable].append(sum(f > 0 for f in found))
            rates[splittable].append(sum(found) / (instances * restarts))
            if splittable and n == gd_ns[-1]:
                largest = drawn
    # The same starts on the largest splittable instances, with a longer budget.
    long_found = [r["successes"] for r in _train_batch(largest, restarts=restarts, steps=long_steps,
                                                       seeds=[seed + i for i in range(instances)])]
    referee = reduction_against_referee(referee_all, referee_ns, referee_draws, gd_density, seed)
    uniform_results = _fano_family(uniform, uniform_draws, seed, restarts, steps)
    fig, (left, right) = new_figure(ncols=2, width=9.6, height=3.6)
    left.semilogy(time_ns, visited, "o-", label="brute force, unsplittable instance")
    left.set_xlabel(f"elements n ({density:g}n subsets of size 2 or 3)")
    left.set_ylabel("colourings examined (log scale)")
    left.legend(fontsize=8)
    right.plot(gd_ns, rates[True], "o-", label=f"splittable instances, {steps} steps")
    right.plot([gd_ns[-1]], [sum(long_found) / (instances * restarts)], "D", color="C2",
               label=f"splittable, the same starts, {long_steps} steps")
    right.plot(gd_ns, rates[False], "s-", color="C1", label="unsplittable instances (0 by the theorem)")
    right.set_ylim(-0.05, 1.05)
    right.set_xlabel(f"elements n ({gd_density:g}n subsets of size 2 or 3)")
    right.set_ylabel("rounded network consistent\n(fraction of random starts)")
    right.set_title(f"Adam, {restarts} starts x {instances} instances per point", fontsize=10)
    right.legend(fontsize=8)
    rising = [gd_ns[k + 1] for k in range(len(gd_ns) - 1) if rates[True][k + 1] > rates[True][k]]
    return fig, {"time_n": list(time_ns), "colourings_tried": visited,
                 "time_subsets": time_m,
                 "largest_n": time_ns[-1], "largest_work": visited[-1],
                 "gd_n": list(gd_ns), "gd_subsets": gd_m, "instances": instances, "restarts": restarts,
                 "steps": steps, "success_splittable": rates[True], "success_unsplittable": rates[False],
                 "successes_splittable": counts[True], "successes_unsplittable": counts[False],
                 "instances_solved_splittable": solved[True], "instances_solved_unsplittable": solved[False],
                 "per_instance_splittable": per_instance[True], "per_instance_unsplittable": per_instance[False],
                 "per_instance_text": [", ".join(map(str, found)) for found in per_instance[True]],
                 "success_splittable_min": min(rates[True]), "success_splittable_max": max(rates[True]),
                 "falls_monotonically": not rising, "rises_at": rising,
                 "starts_per_point": instances * restarts,
                 "max_success_unsplittable": max(rates[False]), "gd_last_n": gd_ns[-1], "referee": referee,
                 "success_last": rates[True][-1], "unsplittable_starts": instances * restarts * len(gd_ns),
                 "long_steps": long_steps, "long_per_instance": long_found,
                 "long_text": ", ".join(map(str, long_found)),
                 "long_success_last": sum(long_found) / (instances * restarts),
                 "uniform": uniform_results}


# --- Claims: what the pages state about the figures above, and the checks that decide it ------


def _training_is_np_hard_check(r: dict) -> bool:
    return (r["referee"]["agree"] == r["referee"]["instances"]
            and min(r["referee"]["splittable"], r["referee"]["unsplittable"]) >= 20
            and r["uniform"]["agree"] == r["uniform"]["instances"] and r["uniform"]["unsplittable_by_pairs"] == 0
            and min(r["uniform"]["splittable"], r["uniform"]["unsplittable"]) >= 10)


CLAIMS = (
    Claim("training-is-np-hard", "the reduction from Set-Splitting", "Blum and Rivest, abstract (NIPS 1988)",
          "blum1988training",
          "“We show that it is NP-complete to decide whether there exist weights and thresholds for the three "
          "nodes of this network so that it will produce output consistent with a given set of training "
          "examples.”",
          "splitting-time",
          "we build their reduction (step 1 and the gadget) and verify it both ways on "
          "{{ splitting-time.referee.instances }} small instances ({{ splitting-time.referee.splittable }} "
          "splittable, {{ splitting-time.referee.unsplittable }} not, {{ splitting-time.referee.unsplittable_by_pairs }} "
          "of these already through their subsets of two) and on {{ splitting-time.uniform.instances }} instances "
          "with subsets of exactly three, the Fano plane among them ({{ splitting-time.uniform.splittable }} "
          "splittable, {{ splitting-time.uniform.unsplittable }} not): brute-force splitting and a search for a "
          "consistent 3-node network with any output unit, which knows nothing of the reduction, agree on "
          "{{ splitting-time.referee.agree }} and {{ splitting-time.uniform.agree }} of them. Without the gadget "
          "the search fits every unsplittable instance, as the OR network of step 2 guarantees. This verifies the "
          "construction on small instances; NP-hardness itself is the proof's.",
          _training_is_np_hard_check,
          kind=CONSTRUCTION,
          threshold="the two deciders agree on every instance, with at least 20 instances of each outcome among the "
          "small ones, and at least 10 of each among those with subsets of three, which no subset of two decides.",
          page="hardness"),
)
