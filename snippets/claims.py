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
