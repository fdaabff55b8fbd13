"""Claims boxes, "paper vs. here": what a paper (or the lecture) states, beside our number.

Each claim names the figure whose results support it and a ``check`` on those results. A page shows a
claim with a line ``[[claim NAME]]``; the build fails if the check no longer holds, so a published
page never shows a number beside a claim it has stopped supporting (and the tests check it too).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

MARKER = re.compile(r"^\[\[claim ([a-z0-9-]+)\]\]\s*$", re.M)


class ClaimError(Exception):
    """An unknown claim, or one that our results no longer support."""


@dataclass(frozen=True)
class Claim:
    name: str
    title: str
    source: str  # who says it, and where: "Hanin and Rolnick, abstract"
    cite: str  # BibTeX key, or "" for the lecture itself
    statement: str  # the paper's words or number
    figure: str  # the figure whose results support it
    ours: str  # our side, with {{ figure.key }} placeholders
    check: Callable[[dict], bool]

    def box(self) -> str:
        source = f"{self.source} [@{self.cite}]" if self.cite else self.source
        return (f'!!! abstract "Paper vs. here: {self.title}"\n'
                f"    **{source}:** {self.statement}\n\n"
                f"    **Here** (figure `{self.figure}`): {self.ours}\n")


def _pieces_grow_with_neurons(r: dict) -> bool:
    rows = [row for width, table in r["table"].items() if int(width) >= 16 for row in table]
    return bool(rows) and all(0.5 <= row["mean"] / row["neurons"] <= 2.0 for row in rows)


CLAIMS = {c.name: c for c in [
    Claim("regions-at-initialization", "linear pieces at initialization", "Hanin and Rolnick, abstract",
          "hanin2019complexity",
          "“for networks at initialization, the average number of regions along any one-dimensional "
          "subspace grows linearly in the total number of neurons, far below the exponential upper bound.”",
          "piece-counts",
          "random networks of widths 16 and 32 have between 0.5 and 2 pieces per neuron at every depth "
          "up to {{ piece-counts.max_depth }}; at width {{ piece-counts.widest }} and depth "
          "{{ piece-counts.max_depth }}, {{ piece-counts.widest_deepest_mean:.1f }} pieces for "
          "{{ piece-counts.widest_deepest_neurons }} neurons. The tent map, built for it, has "
          "{{ piece-counts.tent_max_pieces }} pieces with {{ piece-counts.tent_max_neurons }} neurons.",
          _pieces_grow_with_neurons),
    Claim("fit-the-data", "training fits the data", "The lecture, “Key Engine Behind Recent Success”", "",
          "training tries to find \\(W\\) such that the network fits the data "
          "\\(\\{(x_1, y_1), \\dots, (x_n, y_n)\\}\\), then predicts \\(y = f(x; W)\\) on new points.",
          "training-curves",
          "mini-batch SGD reaches {{ training-curves.train_acc:.1% }} training accuracy on "
          "{{ training-curves.n_train }} digits (first 100% at step {{ training-curves.steps_to_fit }}) "
          "and predicts {{ training-curves.test_acc:.1% }} of {{ training-curves.n_test }} held-out digits.",
          lambda r: r["train_acc"] == 1.0 and r["test_acc"] >= 0.95),
    Claim("universal-approximation", "one hidden layer approximates", "Cybenko, main theorem",
          "cybenko1989approximation",
          "finite sums \\(\\sum_j a_j \\sigma(w_j^\\top x + b_j)\\) of a sigmoidal \\(\\sigma\\) approximate "
          "every continuous function on the unit cube uniformly, to any accuracy.",
          "universal-approximation",
          "with the ReLU, the sup-norm error of the width-\\(m\\) interpolant network falls at every step "
          "of \\(m\\), to {{ universal-approximation.interpolant_widest:.1e }} at \\(m = "
          "{{ universal-approximation.widest }}\\), at the rate \\(m^{ {{ universal-approximation.slope:.2f }} }\\).",
          lambda r: all(b < a for a, b in zip(r["interpolant"], r["interpolant"][1:]))
          and r["interpolant_widest"] < 0.01),
    Claim("depth-separation", "depth against width", "Telgarsky, abstract", "telgarsky2016benefits",
          "“there exist neural networks with \\(\\Theta(k^3)\\) layers, \\(\\Theta(1)\\) nodes per layer, and "
          "\\(\\Theta(1)\\) distinct parameters which can not be approximated by networks with "
          "\\(\\mathcal{O}(k)\\) layers unless they are exponentially large — they must possess "
          "\\(\\Omega(2^k)\\) nodes.”",
          "depth-separation",
          "\\(\\Delta^{ {{ depth-separation.max_k }} }\\) is exact with {{ depth-separation.max_k_deep }} "
          "parameters in {{ depth-separation.max_k }} layers, and needs {{ depth-separation.max_k_shallow }} "
          "in one hidden layer: linear against exponential in \\(k\\) for every \\(k\\) from 1 to "
          "{{ depth-separation.max_k }}.",
          lambda r: all(e["deep"] == 6 * e["k"] + 1 and e["shallow"] == 3 * 2 ** e["k"] + 1
                        for e in r["exact"])),
    Claim("random-labels", "random labels are fit", "Zhang et al., Table 1 (CIFAR-10)", "zhang2017understanding",
          "MLP 1x512 on random labels: 99.34% training and 10.61% test accuracy; MLP 3x512: 100.0% and "
          "10.48%. With the true labels the same MLPs reach 50.51% and 52.39% test accuracy.",
          "randomization-curves",
          "MLP 1x512 on the digits: {{ randomization-curves.random_labels.train_acc:.1% }} training accuracy on "
          "random labels (every one of {{ randomization-curves.seeds }} seeds), "
          "{{ randomization-curves.random_labels.test_acc_mean:.1% }} test accuracy (chance is 10%); with the "
          "true labels {{ randomization-curves.true_labels.test_acc_mean:.1% }} test accuracy.",
          lambda r: r["random_labels"]["train_acc"] >= 0.99 and abs(r["random_labels"]["test_acc_mean"] - 0.1) <= 0.05
          and r["true_labels"]["test_acc_mean"] >= 0.9),
    Claim("small-slowdown", "optimization on random labels stays easy", "Zhang et al., Section 1.1",
          "zhang2017understanding",
          "“Even optimization on random labels remains easy. In fact, training time increases only by a small "
          "constant factor compared with training on the true labels.”",
          "label-corruption",
          "every corruption level from 0 to 1 is fit to 100% with unchanged settings; random labels take "
          "{{ label-corruption.random_relative:.1f }} times the steps of true labels, the slowest level "
          "{{ label-corruption.slowest_relative:.1f }} times (we call a factor below 10 small).",
          lambda r: r["all_fitted"] and max(r["relative_time"]) < 10),
    Claim("weight-decay-random-labels", "regularizers do not prevent memorization", "Zhang et al., Section 3",
          "zhang2017understanding",
          "“Although not shown explicitly, on CIFAR10, both Inception and MLPs still fit perfectly the random "
          "training set with weight decay turned on.”",
          "regularizers",
          "with weight decay, random labels are fit to {{ regularizers.rows.d1_random_weight_decay.train_acc:.1% }} "
          "(MLP 1x512) and {{ regularizers.rows.d3_random_weight_decay.train_acc:.1% }} (MLP 3x512) training "
          "accuracy; no regularized run on random labels gets above {{ regularizers.random_max_test:.1% }} test "
          "accuracy.",
          lambda r: min(r["rows"][k]["train_acc"] for k in ("d1_random_weight_decay", "d3_random_weight_decay"))
          >= 0.99 and r["random_max_test"] <= 0.2),
    Claim("finite-sample-expressivity", "finite-sample expressivity", "Zhang et al., Theorem 1",
          "zhang2017understanding",
          "“There exists a two-layer neural network with ReLU activations and \\(2n + d\\) weights that can "
          "represent any function on a sample of size \\(n\\) in \\(d\\) dimensions.”",
          "finite-sample-expressivity",
          "the network of the proof, on \\(n = {{ finite-sample-expressivity.n }}\\) digits in \\(d = "
          "{{ finite-sample-expressivity.d }}\\) dimensions with random labels, has "
          "{{ finite-sample-expressivity.n_weights }} weights and reproduces every label to within "
          "{{ finite-sample-expressivity.max_error:.1e }}.",
          lambda r: r["n_weights"] == 2 * r["n"] + r["d"] and r["max_error"] <= 1e-6),
    Claim("rademacher-about-one", "Rademacher complexity is about 1", "Zhang et al., Section 2.2",
          "zhang2017understanding",
          "“we expect that \\(\\hat{\\mathfrak{R}}_n(\\mathcal{H}) \\approx 1\\) for the corresponding model "
          "class \\(\\mathcal{H}\\).”",
          "rademacher",
          "fitting {{ rademacher.draws }} draws of random signs gives \\(\\hat{\\mathfrak{R}}_n \\ge "
          "{{ rademacher.lower_bound:.3f }}\\) for the MLP 1x512 on \\(n = {{ rademacher.n }}\\) digits.",
          lambda r: r["lower_bound"] >= 0.99),
    Claim("min-norm", "SGD finds the minimum-norm solution", "Zhang et al., Section 5", "zhang2017understanding",
          "“out of all models that exactly fit the data, SGD will often converge to the solution with minimum "
          "norm.”",
          "min-norm",
          "on \\(n = {{ min-norm.n }}\\) digits in \\(d = {{ min-norm.d }}\\) dimensions, GD from zero ends "
          "{{ min-norm.gd_distance:.0e }} and SGD from zero {{ min-norm.sgd_distance:.0e }} from "
          "\\(X^{+} y\\); GD from a random start ends {{ min-norm.w0_distance:.3f }} away, the norm of the "
          "start's part outside the row space.",
          lambda r: r["gd_distance"] <= 1e-6 and r["sgd_distance"] <= 1e-6
          and abs(r["w0_distance"] - r["w0_null_norm"]) <= 1e-6 * r["w0_null_norm"]),
    Claim("kernel-interpolation", "interpolating kernels generalize", "Zhang et al., Section 5",
          "zhang2017understanding",
          "solving \\(K\\alpha = y\\) exactly on MNIST, “with no preprocessing, we are able to achieve a test "
          "error of 1.2%”.",
          "kernel-interpolation",
          "solving \\(K\\alpha = y\\) exactly on {{ kernel-interpolation.n_train }} digits (Gaussian kernel, "
          "median bandwidth): training error {{ kernel-interpolation.median_train_error:.0%}}, test error "
          "{{ kernel-interpolation.median_test_error:.1% }}.",
          lambda r: r["median_train_error"] == 0 and r["median_test_error"] <= 0.05),
    Claim("double-descent", "the peak at the interpolation threshold", "Belkin et al., Figure 2",
          "belkin2019reconciling",
          "random Fourier features on \\(n = 10^4\\) MNIST digits: “The interpolation threshold is achieved "
          "at \\(N = 10^4\\)”, where the test risk peaks; beyond it, the risk falls again.",
          "double-descent",
          "random ReLU features on \\(n = {{ double-descent.n }}\\) digits: the test loss peaks at "
          "\\(N = {{ double-descent.argmax_N_test_mse }}\\) and the test error falls from "
          "{{ double-descent.peak_test_error:.1% }} there to {{ double-descent.largest_test_error:.1% }} at "
          "\\(N = {{ double-descent.largest_N }}\\), below the best before the peak "
          "({{ double-descent.best_under_test_error:.1% }}).",
          lambda r: r["argmax_N_test_mse"] == r["n"] and r["largest_test_error"] < r["best_under_test_error"]
          < r["peak_test_error"]),
    Claim("error-decomposition", "how the three terms move", "Bottou and Bousquet, Table 1",
          "bottou2007tradeoffs",
          "“Typical variations when \\(\\mathcal{F}\\), \\(n\\), and \\(\\rho\\) increase”: the approximation "
          "error falls as the class \\(\\mathcal{F}\\) grows, the estimation error falls as \\(n\\) grows, the "
          "optimization error grows with the tolerance \\(\\rho\\) (so falls with more computation).",
          "error-decomposition",
          "approximation {{ error-decomposition.narrowest.approximation:.3f }} → "
          "{{ error-decomposition.widest.approximation:.3f }} nats from width {{ error-decomposition.narrowest.width }} "
          "to {{ error-decomposition.widest.width }}; estimation {{ error-decomposition.fewest.estimation:.3f }} → "
          "{{ error-decomposition.most.estimation:.4f }} from \\(n = {{ error-decomposition.fewest.n }}\\) to "
          "{{ error-decomposition.most.n }}; optimization {{ error-decomposition.shortest.optimization:.3f }} → "
          "{{ error-decomposition.longest.optimization:.4f }} from \\(T = {{ error-decomposition.shortest.budget }}\\) "
          "to {{ error-decomposition.longest.budget }} steps.",
          lambda r: r["all_nonnegative"]
          and r["widest"]["approximation"] < r["narrowest"]["approximation"] - r["narrowest"]["approximation_ci"]
          and r["most"]["estimation"] + r["most"]["estimation_ci"] < r["fewest"]["estimation"]
          and r["longest"]["optimization"] + r["longest"]["optimization_ci"] < r["shortest"]["optimization"]),
    Claim("large-scale-learning", "the worst optimizer generalizes best", "Bottou and Bousquet, Section 3.2",
          "bottou2007tradeoffs",
          "“Stochastic algorithms (SGD, 2SGD) yield the best generalization performance despite being the worst "
          "optimization algorithms.”",
          "tradeoffs",
          "with \\(n = {{ tradeoffs.large.n:, }}\\), SGD keeps the excess test loss below {{ tradeoffs.target }} after "
          "{{ tradeoffs.large.to_target.SGD:, }} gradient evaluations, GD after {{ tradeoffs.large.to_target.GD:, }}; "
          "GD's final excess loss, {{ tradeoffs.large.final.GD:.1e }}, is far below SGD's "
          "{{ tradeoffs.large.final.SGD:.1e }}.",
          lambda r: r["large"]["to_target"]["SGD"] is not None and r["large"]["to_target"]["GD"] is not None
          and r["large"]["to_target"]["SGD"] < r["large"]["to_target"]["GD"]
          and r["large"]["final"]["GD"] < r["large"]["final"]["SGD"]),
    Claim("nonconvex", "the optimization is non-convex", "The lecture, “First key challenge”", "",
          "the loss of a deep network, as a function of its weights, is non-convex.",
          "nonconvex-lines",
          "a trained MLP and its permuted copy compute the same function (loss {{ nonconvex-lines.loss_at_w:.4f }} "
          "at both ends), yet the loss at their midpoint is {{ nonconvex-lines.loss_at_midpoint:.3f }}: above the "
          "average of the ends by {{ nonconvex-lines.convexity_gap:.3f }}, which no convex function allows.",
          lambda r: abs(r["loss_at_w"] - r["loss_at_permuted"]) <= 1e-12 * r["loss_at_w"] and r["convexity_gap"] > 0
          and r["barrier"] > 0),
    Claim("overparameterization-helps", "wide networks train reliably", "Safran and Shamir, abstract",
          "safran2018spurious",
          "for two-layer ReLU networks fitting a teacher of the same width, spurious local minima are common, "
          "and over-parameterizing the student makes them far rarer.",
          "teacher-student",
          "at the teacher's width {{ teacher-student.narrowest_fitted:.0% }} of {{ teacher-student.seeds }} random "
          "starts fit; from four times the width on, at least 85% do at every width, "
          "{{ teacher-student.widest_fitted:.0% }} at 64 times.",
          lambda r: r["fitted"][0] <= 0.6 and min(r["fitted"][2:]) >= 0.85),
    Claim("lazy-training", "wide networks barely move", "Du et al., abstract", "du2019gradient",
          "“over-parameterization and random initialization jointly restrict every weight vector to be close to "
          "its initialization for all iterations”.",
          "lazy-training",
          "fitting {{ lazy-training.n }} labels, the relative distance \\(\\lVert W - W_0 \\rVert / \\lVert W_0 "
          "\\rVert\\) falls with the width at a fitted slope of {{ lazy-training.slope:.2f }} on a log-log scale "
          "(\\(-\\tfrac12\\) if \\(\\lVert W - W_0 \\rVert\\) stays bounded while \\(\\lVert W_0 \\rVert\\) "
          "grows like \\(\\sqrt{m}\\)).",
          lambda r: abs(r["slope"] + 0.5) <= 0.15 and r["max_final_loss"] < 1e-4),
    Claim("training-is-np-hard", "training a 3-node network is NP-complete", "Blum and Rivest, abstract",
          "blum1992training",
          "“it is NP-complete to decide whether there exist weights and thresholds for the three nodes of this "
          "network so that it will produce output consistent with a given set of training examples.”",
          "splitting-time",
          "the reduction from Set-Splitting, checked both ways by computation: gradient descent's rounded networks "
          "were consistent on splittable instances only (0 of {{ splitting-time.unsplittable_starts }} starts on "
          "unsplittable ones), and the exact solver examined \\(2^{n-1}\\) colourings, "
          "{{ splitting-time.largest_work:, }} at \\(n = {{ splitting-time.largest_n }}\\).",
          lambda r: r["max_success_unsplittable"] == 0
          and r["colourings_tried"] == [2 ** (n - 1) for n in r["time_n"]]),
]}


def expand(text: str, results_of: Callable[[str], dict | None], page: str) -> str:
    """Replace each ``[[claim NAME]]`` line by its box, after checking that our results support it."""
    def replace(m: re.Match) -> str:
        line = text.count("\n", 0, m.start()) + 1
        claim = CLAIMS.get(m.group(1))
        if claim is None:
            raise ClaimError(f"{page}:{line}: unknown claim {m.group(1)!r}; known: {', '.join(CLAIMS)}")
        verify(claim, results_of(claim.figure), f"{page}:{line}")
        return claim.box()
    return MARKER.sub(replace, text)


def verify(claim: Claim, results: dict | None, where: str = "") -> None:
    """Raise unless the figure's results still support the claim."""
    prefix = f"{where}: " if where else ""
    if results is None:
        raise ClaimError(f"{prefix}claim {claim.name!r} needs figure {claim.figure!r}, which does not exist")
    try:
        holds = claim.check(results)
    except (KeyError, TypeError, ValueError) as e:
        raise ClaimError(f"{prefix}claim {claim.name!r} cannot be checked on figure {claim.figure!r}: "
                         f"{type(e).__name__}: {e}") from None
    if not holds:
        raise ClaimError(f"{prefix}claim {claim.name!r} ({claim.source}) is no longer supported by the "
                         f"results of figure {claim.figure!r}")
