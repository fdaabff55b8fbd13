"""Claim boxes, "paper vs. here": what a paper (or the lecture) states, beside what we measured.

Each claim names the figure whose results it reads and a ``check`` on those results. A page shows a
claim with a line ``[[claim NAME]]``; the build fails if the check no longer gives the verdict the page
states, so a published page never shows a number beside a claim it has stopped supporting.

A claim is one of two kinds, and its box says which:

- **Evidence**: our experiment could have come out otherwise, and the check says whether it did. Its
  threshold comes from outside our data (the paper's number, chance level, a bound) and is stated in the
  box; quantities that vary with the seed are read at the end of their spread least favourable to the
  claim. Every Evidence claim carries at least one *refutation*: the results a world in which the claim
  is false would produce. The tests feed them to the check, which must reject them.
- **Construction**: we build an object the paper describes and verify a formula about it. That shows the
  construction is right; it is not evidence that the paper's claim holds beyond it.

An Evidence claim our results do not reproduce is kept, marked ``reproduced=False``: the box says so,
and the build fails if the results start to agree (so the page's "not reproduced" stays true). Its
refutations are then worlds in which the claim *does* hold, and the check must accept them.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Callable

MARKER = re.compile(r"^\[\[claim ([a-z0-9-]+)\]\]\s*$", re.M)
EVIDENCE, CONSTRUCTION = "Evidence", "Construction"


class ClaimError(Exception):
    """An unknown claim, one whose results no longer give the verdict its page states, or a claim
    defined without what its kind requires."""


@dataclass(frozen=True)
class Refutation:
    """A world in which the claim is false (or, for a claim we do not reproduce, true), as the results
    our figure would report there: ``world`` says what it is, ``results`` makes them from ours."""
    world: str
    results: Callable[[dict], dict]


def altered(changes: dict) -> Callable[[dict], dict]:
    """A function of results that returns a deep copy with ``changes`` applied: each key is a dotted
    path ("random_labels.train_acc", "fitted.0"), each value the new value or a function of the old."""
    def apply(results: dict) -> dict:
        new = copy.deepcopy(results)
        for path, value in changes.items():
            *parents, last = path.split(".")
            node = new
            for part in parents:
                node = node[int(part)] if isinstance(node, list) else node[part]
            key = int(last) if isinstance(node, list) else last
            node[key] = value(node[key]) if callable(value) else value
        return new
    return apply


@dataclass(frozen=True)
class Claim:
    name: str
    title: str
    source: str  # who says it, and where: "Hanin and Rolnick, abstract"
    cite: str  # BibTeX key, or "" for the lecture itself
    statement: str  # the paper's words or number, with its hypotheses
    figure: str  # the figure whose results the check reads
    ours: str  # our side, with {{ figure.key }} placeholders; says where our setting differs
    check: Callable[[dict], bool]
    kind: str = EVIDENCE
    threshold: str = ""  # what the check compares with, and where that comes from
    refutations: tuple[Refutation, ...] = ()
    reproduced: bool = True

    def __post_init__(self):
        if self.kind not in (EVIDENCE, CONSTRUCTION):
            raise ClaimError(f"claim {self.name!r}: kind must be {EVIDENCE!r} or {CONSTRUCTION!r}, got {self.kind!r}")
        if not self.threshold:
            raise ClaimError(f"claim {self.name!r}: say what the check compares with, and why (threshold=...)")
        if self.kind == EVIDENCE and not self.refutations:
            raise ClaimError(f"claim {self.name!r} is Evidence but has no refutation: give the results of a world "
                             "in which the claim is false, which its check must reject")
        if self.kind == CONSTRUCTION and not self.reproduced:
            raise ClaimError(f"claim {self.name!r}: a Construction verifies a formula; it cannot be 'not reproduced'")

    def box(self) -> str:
        source = f"{self.source} [@{self.cite}]" if self.cite else self.source
        kind = "abstract" if self.kind == EVIDENCE else "info"
        verdict = "" if self.reproduced else " (not reproduced here)"
        return (f'!!! {kind} "{self.kind}: {self.title}{verdict}"\n'
                f"    **{source}:** {self.statement}\n\n"
                f"    **Here** (figure `{self.figure}`): {self.ours}\n\n"
                f"    **Check:** {self.threshold}\n")


def _pieces_per_neuron_within_twice_one_layer(r: dict) -> bool:
    """At every width w of the piece-counts table: at every depth L the upper quartile of the count is at
    most 2 (w + 1) L (pieces per neuron at most twice one hidden layer's exact (w + 1) / w), and the lower
    quartile at the largest depth is above the upper quartile at the smallest (the count grows)."""
    table = r["table"]
    return bool(table) and all(
        len(rows) > 1 and rows[-1]["q25"] > rows[0]["q75"]
        and all(row["q75"] <= 2 * (int(w) + 1) * row["depth"] for row in rows)
        for w, rows in table.items())


def _pieces_grow_like(rate: float) -> Callable[[dict], dict]:
    """The piece-counts results of a world in which every shape's count grows like rate^L from one hidden
    layer's w + 1 pieces: (w + 1) rate^(L - 1) at depth L, mean and quartiles alike."""
    def world(r: dict) -> dict:
        return altered({f"table.{w}.{i}.{q}": (int(w) + 1) * rate ** (row["depth"] - 1)
                        for w, rows in r["table"].items() for i, row in enumerate(rows)
                        for q in ("mean", "q25", "median", "q75")})(r)
    return world


def _one_piece_over_twice_one_layer(r: dict) -> dict:
    """Our results, except that at the narrowest width and a middle depth the upper quartile of the count
    is one piece above 2 (w + 1) L."""
    w = min(r["table"], key=int)
    i = len(r["table"][w]) // 2
    return altered({f"table.{w}.{i}.q75": 2 * (int(w) + 1) * r["table"][w][i]["depth"] + 1})(r)


def _wider_fail_less(r: dict) -> bool:
    """From four times the teacher's width on, every width's 95% interval of the fraction of starts that
    fit lies above the interval at the teacher's width."""
    return len(r["fitted_low"]) > 2 and min(r["fitted_low"][2:]) > r["fitted_high"][0]


CLAIMS = {c.name: c for c in [
    Claim("regions-at-initialization", "linear pieces at initialization", "Hanin and Rolnick, abstract",
          "hanin2019complexity",
          "“for networks at initialization, the average number of regions along any one-dimensional "
          "subspace grows linearly in the total number of neurons, far below the exponential upper bound.” "
          "(Their theorem is an upper bound on the expected number of regions per unit length, with "
          "constants that depend on the distributions of the weights and biases.)",
          "piece-counts",
          "{{ piece-counts.nets }} random networks per shape (PyTorch's default initialization), depths "
          "{{ piece-counts.min_depth }} to {{ piece-counts.max_depth }}, pieces on the whole real line. One "
          "hidden layer of \\(w\\) units has exactly \\(w + 1\\) pieces, \\((w + 1)/w\\) per neuron. At every "
          "width and depth, the upper quartile of pieces per neuron is at most "
          "{{ piece-counts.per_neuron_upper:.2f }} times that share, and at every width the count grows with "
          "depth; at width {{ piece-counts.widest }} and depth {{ piece-counts.max_depth }}, "
          "{{ piece-counts.widest_deepest_mean:.1f }} pieces for {{ piece-counts.widest_deepest_neurons }} "
          "neurons. Where we differ from the quote: at the narrowest width, {{ piece-counts.narrowest }}, the "
          "count grows more slowly than the neurons, to {{ piece-counts.narrowest_deepest_pieces_per_neuron:.2f }} "
          "pieces per neuron at depth {{ piece-counts.max_depth }}; an upper bound allows that, and the check "
          "tests the upper side and growth, not a linear rate from below. The tent map, built for it, doubles "
          "with every layer: {{ piece-counts.tent_max_pieces }} pieces with {{ piece-counts.tent_max_neurons }} "
          "neurons.",
          _pieces_per_neuron_within_twice_one_layer,
          threshold="at every width \\(w\\) and depth \\(L\\), the upper quartile of the count is at most "
          "\\(2 (w + 1) L\\): pieces per neuron at most twice those of one hidden layer of the same width, "
          "\\((w + 1)/w\\), a share fixed by the architecture (each unit of a single layer switches exactly once "
          "on the line), not by our data. The factor 2 is fixed in advance: twice a first-layer unit's one kink "
          "per neuron, the gain of a single layer of the tent map. A count growing like \\(r^L\\) from one "
          "layer's \\(w + 1\\) pieces exceeds it by depth {{ piece-counts.max_depth }} for every \\(r \\ge\\) "
          "{{ piece-counts.rate_caught_2dp:.2f }}, so growth like \\(1.5^L\\) fails. And at every width, the lower "
          "quartile at the largest depth is above the upper quartile at the smallest (the count grows).",
          refutations=(
              Refutation("pieces double with every layer, as the tent map's do", _pieces_grow_like(2.0)),
              Refutation("pieces grow like 1.5^L", _pieces_grow_like(1.5)),
              Refutation("at one shape, the upper quartile is one piece more than twice one layer's share per "
                         "neuron", _one_piece_over_twice_one_layer),
              Refutation("depth adds no pieces: every depth has one layer's w + 1",
                         lambda r: altered({f"table.{w}.{i}.{q}": int(w) + 1 for w, rows in r["table"].items()
                                            for i in range(len(rows)) for q in ("mean", "q25", "median", "q75")})(r)),
          )),
    Claim("fit-the-data", "training fits the data", "The lecture, “Key Engine Behind Recent Success”", "",
          "training tries to find \\(W\\) such that the network fits the data "
          "\\(\\{(x_1, y_1), \\dots, (x_n, y_n)\\}\\), then predicts \\(y = f(x; W)\\) on new points.",
          "training-curves",
          "over {{ training-curves.seeds }} seeds (each its own split and initialization), mini-batch SGD "
          "reaches at least {{ training-curves.train_acc_min:.1% }} training accuracy on "
          "{{ training-curves.n_train }} digits and predicts {{ training-curves.test_acc_min:.1% }} to "
          "{{ training-curves.test_acc_max:.1% }} of {{ training-curves.n_test }} held-out digits (median "
          "{{ training-curves.test_acc_median:.1% }}). Logistic regression on the same splits predicts "
          "{{ training-curves.logreg_acc_min:.1% }} to {{ training-curves.logreg_acc_max:.1% }}: the network is "
          "ahead on every seed, by {{ training-curves.logreg_digits_ahead_min }} to "
          "{{ training-curves.logreg_digits_ahead_max }} digits, a small margin. The 1-nearest-neighbour rule, "
          "which also fits every training digit, predicts {{ training-curves.nn1_acc_min:.1% }} to "
          "{{ training-curves.nn1_acc_max:.1% }}, at least as well as the network on every seed: the network "
          "predicts, but it is not the best predictor of these digits.",
          lambda r: r["seeds"] >= 5 and r["train_acc_min"] == 1.0
          and len(r["seed_test_acc"]) == len(r["seed_logreg_acc"]) == r["seeds"]
          and all(net >= linear for net, linear in zip(r["seed_test_acc"], r["seed_logreg_acc"])),
          threshold="every seed fits its training digits exactly (100%, what “fits the data” means), and on "
          "every seed the network predicts the held-out digits at least as well as logistic regression fitted "
          "to the same training digits (scikit-learn's defaults, not tuned): the textbook linear classifier, "
          "which cannot fit them. A network that fitted by memorizing, without predicting, would fall below it. "
          "(This bar was chosen after both baselines had been computed; against the other candidate, "
          "1-nearest-neighbour, the network is not ahead, as the box says.)",
          refutations=(
              Refutation("one seed stops short of fitting", altered({"train_acc_min": 0.97})),
              Refutation("the fit does not carry over to new points: one seed predicts at chance",
                         altered({"seed_test_acc.1": 0.1})),
              Refutation("on one seed the network predicts one digit fewer than the linear classifier",
                         lambda r: altered({"seed_test_acc.3": r["seed_logreg_acc"][3] - 1 / r["n_test"]})(r)),
          )),
    Claim("universal-approximation", "one hidden layer approximates",
          "Leshno, Lin, Pinkus and Schocken, main theorem", "leshno1993multilayer",
          "a one-hidden-layer network with a continuous (more generally, locally bounded and piecewise "
          "continuous) activation \\(\\sigma\\) approximates every continuous function on a compact set "
          "uniformly, to any accuracy, if and only if \\(\\sigma\\) is not a polynomial. The ReLU qualifies. "
          "Cybenko's theorem [@cybenko1989approximation] needs a continuous sigmoidal \\(\\sigma\\) and does "
          "not cover the ReLU itself, but \\(\\sigma(x) - \\sigma(x - 1)\\) is continuous and sigmoidal, so "
          "it gives ReLU universality too, with \\(2m\\) units for his \\(m\\).",
          "universal-approximation",
          "in one dimension, the width-\\(m\\) ReLU network that interpolates \\(g\\) at \\(m + 1\\) knots has "
          "a sup-norm error within the interpolation bound \\(h^2 \\max|g''| / 8\\) at every \\(m\\), down to "
          "{{ universal-approximation.interpolant_widest:.1e }} at \\(m = {{ universal-approximation.widest }}\\) "
          "(rate \\(m^{ {{ universal-approximation.slope:.2f }} }\\)).",
          lambda r: len(r["interpolant"]) == len(r["bound"]) > 1
          and all(e <= b * (1 + 1e-9) for e, b in zip(r["interpolant"], r["bound"])),
          kind=CONSTRUCTION,
          threshold="the measured sup-norm error of the constructed network is at most the bound "
          "\\(h^2 \\max|g''|/8\\) of linear interpolation at every width: a formula about the network we "
          "built, which shows the construction right; trained networks are the figure's other curve."),
    Claim("depth-separation", "depth against width", "Telgarsky, abstract", "telgarsky2016benefits",
          "“there exist neural networks with \\(\\Theta(k^3)\\) layers, \\(\\Theta(1)\\) nodes per layer, and "
          "\\(\\Theta(1)\\) distinct parameters which can not be approximated by networks with "
          "\\(\\mathcal{O}(k)\\) layers unless they are exponentially large — they must possess "
          "\\(\\Omega(2^k)\\) nodes.”",
          "depth-separation",
          "\\(\\Delta^{ {{ depth-separation.max_k }} }\\) is computed exactly by {{ depth-separation.max_k }} "
          "layers of 2 units ({{ depth-separation.max_k_deep }} parameters) and by one hidden layer of "
          "\\(2^{ {{ depth-separation.max_k }} }\\) units ({{ depth-separation.max_k_shallow }} parameters); "
          "one hidden layer of \\(m\\) units has at most \\(m + 1\\) pieces, so fewer than "
          "\\(2^k - 1\\) units cannot be exact. This is the counting at the heart of the separation, not the "
          "approximation lower bound itself.",
          lambda r: all(e["deep_pieces"] == e["shallow_pieces"] == 2 ** e["k"]
                        and max(e["deep_error"], e["shallow_error"]) <= 1e-9
                        and e["deep"] == 6 * e["k"] + 1 and e["shallow"] == 3 * 2 ** e["k"] + 1
                        for e in r["exact"]),
          kind=CONSTRUCTION,
          threshold="for every \\(k\\) from 1 to the largest shown, both constructed networks agree with the "
          "closed form \\(\\Delta^k(x) = 1 - |2\\{2^{k-1}x\\} - 1|\\) to \\(10^{-9}\\) on a grid that contains "
          "every knot, both have exactly \\(2^k\\) pieces, and their parameter counts are \\(6k + 1\\) and "
          "\\(3 \\cdot 2^k + 1\\)."),
    Claim("curse-of-dimensionality", "random features fail in high dimension", "Yehudai and Shamir, abstract",
          "yehudai2019power",
          "“we prove that random features cannot be used to learn *even a single ReLU neuron* (over standard "
          "Gaussian inputs in \\(\\mathbb{R}^d\\) and \\(\\text{poly}(d)\\) weights), unless the network "
          "size (or magnitude of its weights) is exponentially large in \\(d\\).”",
          "curse-of-dimensionality",
          "the closest our setting allows, and not their setting: a target that also depends on one direction "
          "only, but \\(\\sin(2\\pi\\langle u, x\\rangle)\\) rather than a ReLU neuron, inputs uniform on "
          "\\([-1, 1]^d\\) rather than Gaussian, and a fixed range of widths rather than an asymptotic count. "
          "\\(m\\) ReLU features with random unit directions and offsets, output weights fitted by least "
          "squares on {{ curse-of-dimensionality.samples }} points, scored on as many fresh points drawn from a "
          "seed of their own; {{ curse-of-dimensionality.draws }} draws per dimension. With "
          "{{ curse-of-dimensionality.most_units }} features, the best draw's relative error is "
          "{{ curse-of-dimensionality.fixed_best_high_d:.3f }} in \\(d = {{ curse-of-dimensionality.high_d }}\\) "
          "(median {{ curse-of-dimensionality.fixed_high_d:.3f }}), no better than a constant, while in "
          "\\(d = {{ curse-of-dimensionality.low_d }}\\) the worst draw reaches "
          "{{ curse-of-dimensionality.fixed_worst_low_d:.4f }}. Consistent with their theorem, not a test of its "
          "exponential rate: one target, widths up to {{ curse-of-dimensionality.most_units }}.",
          lambda r: r["high_d"] >= 8 and r["low_d"] == 1 and len(r["fixed_high_d_draws"]) >= 5
          and min(r["fixed_high_d_draws"]) >= 0.9 and max(r["fixed_low_d_draws"]) <= 0.1,
          threshold="in the highest dimension (at least 8), every one of at least 5 draws with the most features "
          "has a relative error of at least 0.9, within 10% of the best constant's error (1): the fitted "
          "features do no better than predicting the mean. The best draw decides, the end least favourable "
          "to the claim. As a control, in \\(d = 1\\) the worst draw with the most features is at most 0.1, a "
          "tenth of the constant's error, so that the failure comes with the dimension, not from the fit.",
          refutations=(
              Refutation("random features learn the ridge in high dimension",
                         altered({"fixed_high_d_draws": lambda v: [0.3] * len(v)})),
              Refutation("one draw in high dimension beats the constant by more than 10%",
                         altered({"fixed_high_d_draws.0": 0.85})),
              Refutation("the fit fails in one dimension too (a broken fit, not the dimension)",
                         altered({"fixed_low_d_draws.0": 0.95})),
          )),
    Claim("adapted-units", "units adapted to the target keep the one-dimensional rate", "Barron, abstract",
          "barron1993universal",
          "“feedforward networks with one layer of sigmoidal nonlinearities achieve integrated squared error "
          "of order \\(O(1/n)\\), where \\(n\\) is the number of nodes”, for targets with a bounded first "
          "moment of the Fourier magnitude distribution. (The bound is \\((2rC_f)^2/n\\) on a ball of radius "
          "\\(r\\): its rate does not depend on \\(d\\), its constant may.)",
          "curse-of-dimensionality",
          "ReLU units built from \\(u\\), not trained: every unit reads \\(\\langle u, x\\rangle\\), and along "
          "it they form the one-dimensional interpolant. In every dimension, draw and width their error is "
          "within the interpolation bound, and it falls with slopes "
          "{{ curse-of-dimensionality.adapted_slope_low:.2f }} to {{ curse-of-dimensionality.adapted_slope_high:.2f }}: "
          "the rate \\(m^{-2}\\) of one dimension, faster than Barron's, which holds for every target of the class. "
          "Barron's bound itself, with \\(r = \\sqrt d\\) for the cube and \\(C_g = 2\\pi\\), is "
          "\\({{ curse-of-dimensionality.barron_constant_high_d:.0f }}/m\\) in "
          "\\(d = {{ curse-of-dimensionality.high_d }}\\): below the target's variance (the best constant's "
          "squared error) only from \\(m = {{ curse-of-dimensionality.barron_useful_from_high_d }}\\) on, and from "
          "\\(m = {{ curse-of-dimensionality.barron_useful_from_low_d }}\\) in \\(d = 1\\): vacuous for every "
          "width shown.",
          lambda r: len(r["adapted_bound_ratios"]) == len(r["dims"]) > 1
          and all(q <= 1 + 1e-9 for q in r["adapted_bound_ratios"])
          and r["barron_useful_from_smallest"] > r["most_units"],
          kind=CONSTRUCTION,
          threshold="in every dimension, draw and width, the relative \\(L^2\\) error of the constructed network "
          "is at most the bound of linear interpolation along \\(u\\), "
          "\\((2\\lVert u\\rVert_1/m)^2 (2\\pi)^2/8\\) over the target's standard deviation: a formula about "
          "the network we built, whose rate \\(m^{-2}\\) is guaranteed by the construction. It is not evidence "
          "about what training finds. And in every dimension Barron's \\((2\\sqrt{d}\\,C_g)^2/m\\) is at "
          "least the target's variance at every width shown (the smallest \\(m\\) where it is below lies "
          "past the widest): the bound is vacuous here."),
    Claim("random-labels", "random labels are fit", "Zhang et al., Table 1 (CIFAR-10)", "zhang2017understanding",
          "MLP 1x512 on random labels: 99.34% training and 10.61% test accuracy; MLP 3x512: 100.0% and "
          "10.48%. With the true labels the same MLPs reach 50.51% and 52.39% test accuracy.",
          "randomization-curves",
          "MLP 1x512 on the digits, {{ randomization-curves.seeds }} seeds: at least "
          "{{ randomization-curves.random_labels.train_acc:.1% }} training accuracy on random labels in every "
          "seed, {{ randomization-curves.random_labels.test_acc_mean:.1% }} mean test accuracy; with the true "
          "labels {{ randomization-curves.true_labels.test_acc_mean:.1% }} mean test accuracy.",
          lambda r: r["seeds"] >= 5 and r["random_labels"]["train_acc"] >= 0.99
          and all(abs(a - 0.1) <= 0.05 for a in r["random_labels"]["test_acc"])
          and min(r["true_labels"]["test_acc"]) >= 0.9,
          threshold="the worst seed's training accuracy on random labels is at least 99%, the paper's 99.34% "
          "for this MLP rounded down; every seed's test accuracy on random labels is within 5 points of chance "
          "(10%); every seed with true labels predicts at least 90% of the test digits.",
          refutations=(
              Refutation("random labels are fit to 60% only", altered({"random_labels.train_acc": 0.6})),
              Refutation("the network learns something from random labels",
                         altered({"random_labels.test_acc": lambda a: [0.3] + a[1:]})),
          )),
    Claim("small-slowdown", "optimization on random labels stays easy", "Zhang et al., Section 1.1",
          "zhang2017understanding",
          "“Even optimization on random labels remains easy. In fact, training time increases only by a small "
          "constant factor compared with training on the true labels.”",
          "label-corruption",
          "with {{ label-corruption.seeds }} seeds per level, every corruption level from 0 to 1 is fit to "
          "100% with unchanged settings; random labels take {{ label-corruption.random_relative:.1f }} times the "
          "steps of true labels, the slowest level {{ label-corruption.slowest_relative:.1f }} times. On the first "
          "\\(n\\) digits only, every run fits too, and the factor (median over seeds) is "
          "{{ label-corruption.by_n.ratio.0.median:.1f }} at \\(n = {{ label-corruption.by_n.n.0 }}\\), "
          "{{ label-corruption.by_n.ratio.2.median:.1f }} at {{ label-corruption.by_n.n.2 }} and "
          "{{ label-corruption.by_n.ratio.4.median:.1f }} at all {{ label-corruption.by_n.n.4 }}. Small: yes. "
          "Constant: not over this range; it grows beyond the seeds' spread up to a few hundred digits, then "
          "levels off. The check tests “small” only.",
          lambda r: r["seeds"] >= 5 and r["all_fitted"] and r["by_n_all_fitted"]
          and max(m + s for m, s in zip(r["relative_time"], r["relative_time_sd"])) < 10
          and max(ratio["high"] for ratio in r["by_n"]["ratio"]) < 10,
          threshold="every run at every level, and at every \\(n\\), reaches 100% training accuracy; at every "
          "level the mean slowdown plus one standard deviation is below 10, and at every \\(n\\) so is the "
          "largest seed's ratio: we read “small” as less than an order of magnitude.",
          refutations=(
              Refutation("random labels take fifty times as long", altered({"relative_time": lambda t: t[:-1] + [50.0]})),
              Refutation("some runs never fit", altered({"all_fitted": False})),
              Refutation("on all the digits one seed's random labels take fifty times as long",
                         altered({"by_n.ratio.4.high": 50.0})),
              Refutation("a run on the first n digits never fits", altered({"by_n_all_fitted": False})),
          )),
    Claim("weight-decay-random-labels", "weak L2 weight decay does not prevent memorization",
          "Zhang et al., Section 3", "zhang2017understanding",
          "“Although not shown explicitly, on CIFAR10, both Inception and MLPs still fit perfectly the random "
          "training set with weight decay turned on.” Their weight decay is an \\(\\ell_2\\) penalty on the "
          "weights, which their Table 1 turns on or off at one strength.",
          "regularizers",
          "weight decay of the same kind, an \\(\\ell_2\\) penalty in the loss, at one weak strength: "
          "coefficient {{ regularizers.weight_decay }}, inside Adam, which weakens it further, and which "
          "leaves the true labels' test accuracy at {{ regularizers.rows.d1_true_weight_decay.test_acc:.1% }} "
          "against {{ regularizers.rows.d1_true_none.test_acc:.1% }} without it (MLP 1x512, one run each). "
          "At this strength random labels are fit to at least "
          "{{ regularizers.weight_decay_random.d1.train_acc_min:.1% }} (MLP 1x512) and "
          "{{ regularizers.weight_decay_random.d3.train_acc_min:.1% }} (MLP 3x512) training accuracy in every "
          "one of {{ regularizers.decay_seeds }} seeds. Only at this strength: decoupled weight decay from "
          "\\(\\lambda = {{ weight-decay-sweep.stops_at:g }}\\) on stops the fit within its budget (below), "
          "so this box says nothing about weight decay of every strength.",
          lambda r: r["decay_seeds"] >= 5 and min(r["weight_decay_random"][d]["train_acc_min"] for d in ("d1", "d3"))
          >= 0.99 and max(r["weight_decay_random"][d]["test_acc_max"] for d in ("d1", "d3")) <= 0.15,
          threshold="the worst seed of each MLP fits at least 99% of the random training labels (“fit "
          "perfectly”, less a 1% allowance), and no seed gets above 15% test accuracy (chance is 10%).",
          refutations=(
              Refutation("weight decay stops the 3-layer MLP at 70%",
                         altered({"weight_decay_random.d3.train_acc_min": 0.7})),
              Refutation("weight decay makes random labels generalize",
                         altered({"weight_decay_random.d1.test_acc_max": 0.5})),
          )),
    Claim("finite-sample-expressivity", "finite-sample expressivity", "Zhang et al., Theorem 1",
          "zhang2017understanding",
          "“There exists a two-layer neural network with ReLU activations and \\(2n + d\\) weights that can "
          "represent any function on a sample of size \\(n\\) in \\(d\\) dimensions.”",
          "finite-sample-expressivity",
          "the network of the proof, on \\(n = {{ finite-sample-expressivity.n }}\\) digits in \\(d = "
          "{{ finite-sample-expressivity.d }}\\) dimensions with random labels, has "
          "{{ finite-sample-expressivity.n_weights }} weights. Its direction is the best separated of "
          "{{ finite-sample-expressivity.tries }} random ones, chosen before solving for \\(w\\). In exact "
          "rational arithmetic the thresholds interleave with the projections, so \\(A\\) is triangular with a "
          "positive diagonal and an exact \\(w\\) exists. With the float64 weights, evaluated exactly, every "
          "label is within {{ finite-sample-expressivity.exact_max_error:.1e }} "
          "({{ finite-sample-expressivity.max_error:.1e }} in float64; every direction tried, at most "
          "{{ finite-sample-expressivity.max_error_any_direction:.1e }}).",
          lambda r: r["n_weights"] == 2 * r["n"] + r["d"] and r["interleaved_exactly"]
          and max(r["exact_max_error"], r["max_error"]) < 0.5,
          kind=CONSTRUCTION,
          threshold="the built network has exactly \\(2n + d\\) weights; \\(b_1 < z_1 < b_2 < \\dots < b_n < z_n\\) "
          "holds in exact arithmetic (the proof's hypothesis); and, evaluated exactly and in float64, every "
          "\\(c(x_i)\\) is within 0.5 of its label, half the spacing of the integer labels, so that rounding "
          "gives every label back. The margin does not depend on the direction we kept.",
          refutations=(
              Refutation("a threshold lies above the next projection: \\(A\\) is not triangular",
                         altered({"interleaved_exactly": False})),
              Refutation("rounding loses a label", altered({"exact_max_error": 0.6})),
              Refutation("the network needs one weight more than \\(2n + d\\)", altered({"n_weights": lambda k: k + 1})),
          )),
    Claim("rademacher-about-one", "Rademacher complexity is about 1", "Zhang et al., Section 2.2",
          "zhang2017understanding",
          "“we expect that \\(\\hat{\\mathfrak{R}}_n(\\mathcal{H}) \\approx 1\\) for the corresponding model "
          "class \\(\\mathcal{H}\\).”",
          "rademacher",
          "fitting {{ rademacher.draws }} draws of random signs with the MLP 1x512 on \\(n = {{ rademacher.n }}\\) "
          "digits: fitted correlation {{ rademacher.estimate:.3f }} on average (sd {{ rademacher.sd:.3f }}, worst "
          "draw {{ rademacher.worst:.3f }}), an estimate of a lower bound on \\(\\hat{\\mathfrak{R}}_n\\), not a bound.",
          lambda r: r["draws"] >= 5 and r["worst"] >= 0.99,
          threshold="every draw's fitted correlation is at least 0.99: within 1% of 1, the largest value "
          "\\(\\hat{\\mathfrak{R}}_n\\) can take for classifiers with values \\(\\pm 1\\).",
          refutations=(
              Refutation("the network fits random signs only to 80% accuracy (correlation 0.6)",
                         altered({"worst": 0.6})),
          )),
    Claim("min-norm", "SGD finds the minimum-norm solution", "Zhang et al., Section 5", "zhang2017understanding",
          "“out of all models that exactly fit the data, SGD will often converge to the solution with minimum "
          "norm.” (For linear least squares this is a theorem: the iterates never leave the span of the data.)",
          "min-norm",
          "on \\(n = {{ min-norm.n }}\\) digits in \\(d = {{ min-norm.d }}\\) dimensions, GD from zero ends "
          "{{ min-norm.gd_distance:.0e }} and SGD from zero {{ min-norm.sgd_distance:.0e }} from "
          "\\(X^{+} y\\); GD from a random start ends {{ min-norm.w0_distance:.3f }} away, the norm of the "
          "start's part outside the row space.",
          lambda r: r["gd_distance"] <= 1e-6 and r["sgd_distance"] <= 1e-6
          and abs(r["w0_distance"] - r["w0_null_norm"]) <= 1e-6 * r["w0_null_norm"],
          kind=CONSTRUCTION,
          threshold="the runs from zero end within \\(10^{-6}\\) of \\(X^+ y\\), and the run from \\(w_0\\) "
          "ends at the distance the row-space argument predicts, to a relative \\(10^{-6}\\): the theorem's "
          "formula verified on our runs, not evidence about networks."),
    Claim("kernel-interpolation", "interpolating kernels generalize", "Zhang et al., Section 5",
          "zhang2017understanding",
          "solving \\(K\\alpha = y\\) exactly on MNIST, “with no preprocessing, we are able to achieve a test "
          "error of 1.2%”.",
          "kernel-interpolation",
          "solving \\(K\\alpha = y\\) exactly on {{ kernel-interpolation.n_train }} digits (Gaussian kernel, "
          "median bandwidth, chosen without looking at any label), on {{ kernel-interpolation.by_split.count }} "
          "random splits: training error 0 in every split, test error "
          "{{ kernel-interpolation.by_split.interpolant.median:.1% }} (median; "
          "{{ kernel-interpolation.by_split.interpolant.low:.1% }} to "
          "{{ kernel-interpolation.by_split.interpolant.high:.1% }}), against "
          "{{ kernel-interpolation.by_split.nearest_neighbour.median:.1% }} "
          "({{ kernel-interpolation.by_split.nearest_neighbour.low:.1% }} to "
          "{{ kernel-interpolation.by_split.nearest_neighbour.high:.1% }}) for 1-nearest neighbour, another "
          "interpolant. What interpolating costs is read from a rule that does not interpolate: kernel ridge "
          "regression with \\(\\lambda\\) chosen on validation digits, never on the test digits, errs on "
          "{{ kernel-interpolation.by_split.ridge.median:.1% }} "
          "({{ kernel-interpolation.by_split.ridge.low:.1% }} to {{ kernel-interpolation.by_split.ridge.high:.1% }}): "
          "better than the interpolant in {{ kernel-interpolation.by_split.ridge_better }} of the "
          "{{ kernel-interpolation.by_split.count }} splits and worse in "
          "{{ kernel-interpolation.by_split.ridge_worse }}, "
          "by at most "
          "{{ kernel-interpolation.by_split.ridge_most_extra_mistakes }} of {{ kernel-interpolation.n_test }} test "
          "digits. As Zhang et al. remark, regularization does not improve the kernel much; here it does not "
          "improve it at all.",
          lambda r: r["by_split"]["count"] >= 5 and len(r["by_split"]["interpolant"]["each"]) == r["by_split"]["count"]
          and all(e == 0 for e in r["by_split"]["interpolant"]["train_error"])
          and all(i <= n for i, n in zip(r["by_split"]["interpolant"]["each"],
                                         r["by_split"]["nearest_neighbour"]["each"])),
          threshold="in every one of at least 5 splits, zero training error (an interpolant) and a test error no worse "
          "than 1-nearest neighbour's on the same split, the classical interpolating rule. That the interpolant is a "
          "good classifier is what is checked; the ridge comparison is reported beside it, not checked, since no "
          "threshold for \"costs nothing\" comes from outside our data.",
          refutations=(
              Refutation("the interpolant generalizes worse than nearest neighbour on one split",
                         altered({"by_split.interpolant.each.1": 0.5})),
              Refutation("the system is not solved exactly on one split",
                         altered({"by_split.interpolant.train_error.2": 0.01})),
          )),
    Claim("double-descent", "the peak at the interpolation threshold", "Belkin et al., Figure 2",
          "belkin2019reconciling",
          "random Fourier features on \\(n = 10^4\\) MNIST digits: “The interpolation threshold is achieved "
          "at \\(N = 10^4\\)”, where the test risk peaks; beyond it, the risk falls again.",
          "double-descent",
          "random ReLU features on \\(n = {{ double-descent.n }}\\) digits, mean of {{ double-descent.seeds }} "
          "feature draws: the test loss peaks at \\(N = {{ double-descent.argmax_N_test_mse }}\\) and the test "
          "error falls from {{ double-descent.peak_test_error:.1% }} there to "
          "{{ double-descent.largest_test_error:.1% }} at \\(N = {{ double-descent.largest_N }}\\), below the "
          "best before the peak ({{ double-descent.best_under_test_error:.1% }}, chosen on the test set, which "
          "only makes the comparison harder for the claim). Where the peak sits is not evidence: at \\(N = n\\) "
          "the system is square, and our features are centred and scaled so that none is wasted (tuned for that), "
          "so the peak's location follows from the construction. The informative part is the ordering: the "
          "error at the peak above both sides, and the far right below the best of the left.",
          lambda r: r["seeds"] >= 5 and r["argmax_N_test_mse"] == r["n"]
          and r["largest_test_error"] < r["best_under_test_error"] < r["peak_test_error"],
          threshold="the test loss is largest exactly at \\(N = n\\) (where the paper puts the peak; with our "
          "construction this part could hardly fail), and the test error at the largest \\(N\\) is below the "
          "best under-parameterized one, which is below the error at the peak.",
          refutations=(
              Refutation("the test loss falls monotonically (no peak)", altered({"argmax_N_test_mse": 10})),
              Refutation("past the peak the error never beats the classical regime",
                         lambda r: altered({"largest_test_error": r["best_under_test_error"] + 0.01})(r)),
          )),
    Claim("error-decomposition", "the estimation term grows with the class", "Bottou and Bousquet, Table 1",
          "bottou2007tradeoffs",
          "“Typical variations when \\(\\mathcal{F}\\), \\(n\\), and \\(\\rho\\) increase”: as the class "
          "\\(\\mathcal{F}\\) grows the approximation error falls and the estimation error grows; as \\(n\\) "
          "grows the estimation error falls; as \\(\\rho\\) grows the optimization error grows.",
          "estimation-by-width",
          "the non-obvious entry, at fixed \\(n = 100\\), in {{ estimation-by-width.draws }} independent training "
          "draws: the estimation term in logistic loss grows from width {{ estimation-by-width.narrowest }} to "
          "{{ estimation-by-width.widest }} by at least {{ estimation-by-width.summary.100.log.growth_min:.2f }} nats "
          "(median {{ estimation-by-width.summary.100.log.growth_median:.2f }}). Scored in 0-1 error, the same "
          "networks' term stops growing once the class fits every label (width "
          "{{ estimation-by-width.summary.100.beyond_fit.width }}), and at \\(n = 1{,}000\\) it stays small: "
          "the table's direction holds for the loss that is minimized, with few examples. The approximation term "
          "falls with the width here by construction (narrow networks are members of the wide class), so it is "
          "not checked.",
          lambda r: r["draws"] >= 5 and len(r["summary"]["100"]["log"]["growth"]) == r["draws"]
          and r["summary"]["100"]["log"]["growth_min"] > 0,
          threshold="in every training draw at \\(n = 100\\), the estimation term in logistic loss at the widest "
          "class is larger than at the narrowest (the sign the table gives); \\(h_{\\mathrm{opt}}\\) is chosen on a "
          "sample apart from the one that scores the terms.",
          refutations=(
              Refutation("the estimation term does not depend on the class",
                         altered({"summary.100.log.growth_min": 0.0})),
              Refutation("it grows in most draws but falls in one",
                         altered({"summary.100.log.growth_min": -0.05})),
          )),
    Claim("large-scale-learning", "the worst optimizer generalizes best", "Bottou and Bousquet, Section 3.2",
          "bottou2007tradeoffs",
          "“Stochastic algorithms (SGD, 2SGD) yield the best generalization performance despite being the worst "
          "optimization algorithms.” (An asymptotic statement, as the excess error \\(\\varepsilon \\to 0\\), "
          "for algorithms that use the best \\(n\\) for their budget; their SGD has the gain "
          "\\(1/(\\lambda_{\\min} t)\\).)",
          "tradeoffs",
          "at an equal budget of {{ tradeoffs.sgd_evaluations:, }} gradient evaluations, each algorithm keeps the "
          "best of {{ tradeoffs.runs_each }} runs on validation data (GD its subsample size, SGD its gain). In "
          "{{ tradeoffs.equal.sgd_wins.sgd_chosen }} of {{ tradeoffs.seeds }} data draws SGD on all "
          "{{ tradeoffs.large.n:, }} examples ends at the lower excess test loss, by a factor of "
          "{{ tradeoffs.equal.ratio.sgd_chosen.low:.1f }} to {{ tradeoffs.equal.ratio.sgd_chosen.high:.1f }} "
          "(medians {{ tradeoffs.equal.median.sgd_chosen:.1e }} and {{ tradeoffs.equal.median.gd_chosen:.1e }}); "
          "the paper's SGD, with \\(\\lambda_{\\min}\\) from the Hessian (\\(\\kappa\\) = "
          "{{ tradeoffs.equal.kappa.median:.1f }}), in {{ tradeoffs.equal.sgd_wins.sgd_paper }}. The other half of "
          "the sentence does not show at this budget of {{ tradeoffs.passes:.0f }} passes: SGD's optimization "
          "accuracy \\(\\rho\\) ({{ tradeoffs.equal.rho_median.sgd_chosen:.0e }}) is better than GD's "
          "({{ tradeoffs.equal.rho_median.gd_chosen:.0e }}).",
          lambda r: r["seeds"] >= 5 and len(r["equal"]["margin"]["sgd_chosen"]) == r["seeds"]
          and r["equal"]["margin_min"]["sgd_chosen"] > 0,
          threshold="SGD's excess test loss is below GD's in every draw (the smallest margin, GD's minus SGD's, "
          "is positive), at equal budgets, with the same number of runs for each to choose from on validation "
          "data; the rule was fixed before the results were seen.",
          refutations=(
              Refutation("GD generalizes better in one draw",
                         altered({"equal.margin_min.sgd_chosen": -1e-5})),
              Refutation("GD and SGD tie in the least favourable draw",
                         altered({"equal.margin_min.sgd_chosen": 0.0})),
          )),
    Claim("nonconvex", "the optimization is non-convex", "The lecture, “First key challenge”", "",
          "the loss of a deep network, as a function of its weights, is non-convex.",
          "nonconvex-lines",
          "a trained MLP and its permuted copy compute the same function (outputs within "
          "\\(10^{ {{ nonconvex-lines.output_tolerance_log10 }} }\\) of each other, loss {{ nonconvex-lines.loss_at_w:.4f }} "
          "at both ends), yet the loss at their midpoint is {{ nonconvex-lines.loss_at_midpoint:.4f }}: above the "
          "average of the ends by {{ nonconvex-lines.convexity_gap:.4f }}.",
          lambda r: abs(r["loss_at_w"] - r["loss_at_permuted"]) <= 1e-12 * r["loss_at_w"] and r["convexity_gap"] > 0
          and r["barrier"] > 0 and r["max_output_change"] <= r["output_tolerance"],
          threshold="the loss at the midpoint exceeds the average of the losses at the ends, which a convex "
          "function never allows (threshold 0); a network whose hidden units were interchangeable, or a convex "
          "loss, would give a gap of at most 0; and the two ends compute the same function, their outputs on every "
          "training digit within \\(10^{ {{ nonconvex-lines.output_tolerance_log10 }} }\\) (float64 rounding). One trained "
          "network is enough: non-convexity is an existence "
          "statement, and one witness proves it.",
          refutations=(
              Refutation("the loss along the line is convex: the midpoint is no higher than the ends",
                         altered({"convexity_gap": 0.0, "barrier": 0.0})),
              Refutation("the permuted network is not the same function (its outputs differ by 0.001)",
                         altered({"max_output_change": 1e-3})),
          )),
    Claim("overparameterization-helps", "wide networks train reliably", "Safran and Shamir, abstract",
          "safran2018spurious",
          "for networks \\(x \\mapsto \\sum_{i=1}^{k} \\max\\{0, w_i^{\\top} x\\}\\) (no biases, unit output "
          "weights) trained with the squared loss on standard Gaussian inputs, with targets from such a network "
          "with orthonormal weights, “the problem can still have spurious local minima once \\(6 \\le k \\le "
          "20\\)” (a computer-assisted proof, for the population loss); in their experiments “the probability of "
          "hitting such local minima is quite high, and increasing with the network size. On the positive side, "
          "mild over-parameterization appears to drastically reduce such local minima”.",
          "teacher-student",
          "after {{ teacher-student.steps:, }} steps, at the teacher's width "
          "{{ teacher-student.narrowest_fitted:.0% }} "
          "of {{ teacher-student.seeds }} random starts fit (95% interval {{ teacher-student.fitted_low.0:.0% }} to "
          "{{ teacher-student.fitted_high.0:.0% }}); from four times the width on, the lowest interval starts at "
          "{{ teacher-student.fitted_low.2:.0% }}. The fractions depend on the budget: read at step "
          "{{ teacher-student.half_steps:, }} of the same runs they are {{ teacher-student.fitted_half.0:.0% }} and "
          "{{ teacher-student.fitted_half.1:.0% }} at one and two times the teacher's width, inside the intervals of "
          "the full budget, which is what the check reads. Our setting is not theirs (Adam, biases, a finite "
          "sample, and a teacher of width {{ teacher-student.teacher_width }}, outside the range of their proof): a "
          "start that "
          "fails has stopped, which need not be at a local minimum. We test the second, experimental half.",
          _wider_fail_less,
          threshold="at every width from four times the teacher's on, the 95% Wilson interval of the fraction of "
          "starts that fit lies entirely above the interval at the teacher's width.",
          refutations=(
              Refutation("width makes no difference: 40% of starts fit at every width",
                         altered({"fitted_low": lambda v: [v[0]] * len(v), "fitted_high": lambda v: [v[0]] * len(v)})),
          )),
    Claim("lazy-training", "wide networks barely move", "Du et al., abstract", "du2019gradient",
          "“over-parameterization and random initialization jointly restrict every weight vector to be close to "
          "its initialization for all iterations”.",
          "lazy-training",
          "fitting {{ lazy-training.n }} labels, the relative distance \\(\\lVert W - W_0 \\rVert / \\lVert W_0 "
          "\\rVert\\) falls with the width at fitted log-log slopes from {{ lazy-training.slope_min:.2f }} to "
          "{{ lazy-training.slope_max:.2f }} over {{ lazy-training.seeds }} seeds (\\(-\\tfrac12\\) if "
          "\\(\\lVert W - W_0 \\rVert\\) stays bounded while \\(\\lVert W_0 \\rVert\\) grows like \\(\\sqrt{m}\\)). "
          "That slope comes with their \\(1/\\sqrt{m}\\) output scaling, as Chizat, Oyallon and Bach point out; "
          "the control, the same networks with a \\(1/m\\) output and a step \\(m\\) times larger, moves as far "
          "at every width (slopes {{ lazy-training.control.slope_min:.3f }} to "
          "{{ lazy-training.control.slope_max:.3f }}). Our widths are far below what their theorem requires.",
          lambda r: r["seeds"] >= 5 and r["slope_max"] < -0.25 and r["max_final_loss"] < 1e-4
          and r["control"]["slope_min"] > -0.25 and r["control"]["max_final_loss"] < 1e-3,
          threshold="every seed fits the labels under both scalings (final loss below \\(10^{-4}\\), and "
          "\\(10^{-3}\\) for the control, which starts from an output near 0), the flattest seed's slope under "
          "their scaling is below \\(-\\tfrac14\\), halfway to the lazy \\(-\\tfrac12\\), and the steepest "
          "seed's slope of the control is above it: the scaling, not the width alone, makes the weights stay put.",
          refutations=(
              Refutation("the weights move in proportion to their size at every width (slope 0)",
                         altered({"slope_max": 0.0})),
              Refutation("the wide networks do not fit the labels", altered({"max_final_loss": 0.1})),
              Refutation("the two scalings behave alike: the control shrinks like the lazy runs",
                         lambda r: altered({"control.slope_min": r["slope_min"]})(r)),
              Refutation("the control does not fit the labels", altered({"control.max_final_loss": 0.1})),
          )),
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
          lambda r: r["referee"]["agree"] == r["referee"]["instances"]
          and min(r["referee"]["splittable"], r["referee"]["unsplittable"]) >= 20
          and r["uniform"]["agree"] == r["uniform"]["instances"] and r["uniform"]["unsplittable_by_pairs"] == 0
          and min(r["uniform"]["splittable"], r["uniform"]["unsplittable"]) >= 10,
          kind=CONSTRUCTION,
          threshold="the two deciders agree on every instance, with at least 20 instances of each outcome among the "
          "small ones, and at least 10 of each among those with subsets of three, which no subset of two decides.",
          ),
]}


def expand(text: str, results_of: Callable[[str], dict | None], page: str) -> str:
    """Replace each ``[[claim NAME]]`` line by its box, after checking that our results still give the
    verdict the box states."""
    def replace(m: re.Match) -> str:
        line = text.count("\n", 0, m.start()) + 1
        claim = CLAIMS.get(m.group(1))
        if claim is None:
            raise ClaimError(f"{page}:{line}: unknown claim {m.group(1)!r}; known: {', '.join(CLAIMS)}")
        verify(claim, results_of(claim.figure), f"{page}:{line}")
        return claim.box()
    return MARKER.sub(replace, text)


def verify(claim: Claim, results: dict | None, where: str = "") -> None:
    """Raise unless the figure's results still give the verdict the page states: the claim holds, or,
    for a claim marked not reproduced, it still does not."""
    prefix = f"{where}: " if where else ""
    if results is None:
        raise ClaimError(f"{prefix}claim {claim.name!r} needs figure {claim.figure!r}, which does not exist")
    if judge(claim, results, prefix) == claim.reproduced:
        return
    if claim.reproduced:
        raise ClaimError(f"{prefix}claim {claim.name!r} ({claim.source}) is no longer supported by the "
                         f"results of figure {claim.figure!r}")
    raise ClaimError(f"{prefix}claim {claim.name!r} ({claim.source}) is marked not reproduced, but the results "
                     f"of figure {claim.figure!r} now support it: say so on the page (reproduced=True)")


def judge(claim: Claim, results: dict, prefix: str = "") -> bool:
    """The check's verdict on ``results``; results it cannot read are an error naming the claim."""
    try:
        return bool(claim.check(results))
    except (KeyError, IndexError, TypeError, ValueError) as e:
        raise ClaimError(f"{prefix}claim {claim.name!r} cannot be checked on figure {claim.figure!r}: "
                         f"{type(e).__name__}: {e}") from None
