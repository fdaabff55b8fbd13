"""Nothing is selected on the data that scores it.

Figures that choose something (a best-in-class network, a kernel bandwidth, a subsample size, a gain)
must choose it on data held apart from the data that scores the choice. Each test here runs the
selection twice, once as published and once with the scoring data's labels replaced by noise, and asserts
that every choice is the same: a choice that looked at the test labels would move. (The large-scale race's
choices are tested the same way in tests/test_decomposition.py.)
"""
from __future__ import annotations

import torch

from snippets import decomposition as D
from snippets import implicit as IM
from snippets.data import Split


def _fingerprint(nets: D.Networks) -> tuple:
    return tuple(round(p.detach().sum().item(), 10) for p in nets.params())


def test_best_in_class_is_chosen_without_the_probe_that_scores_the_terms(monkeypatch):
    """h_opt is the best network on a *selection* probe; the probe that scores the terms is another sample.
    With the scoring probe's labels replaced by noise, the same networks stand in for h_opt."""
    sweep = dict(seed=3, widths=[1, 2], ns=[20, 40], budgets=[0, 4], width=2, n=40, budget_n=20, steps=6,
                 restarts=2, big_n=60, probe_size=500)

    def chosen_in(run) -> list:
        seen = []
        original = D.BestInClass.__getitem__

        def record(self, width):
            nets = original(self, width)
            seen.append((width, _fingerprint(nets)))
            return nets
        with monkeypatch.context() as m:
            m.setattr(D.BestInClass, "__getitem__", record)
            result = run()
        return seen, result

    honest, honest_result = chosen_in(lambda: D.decomposition_sweep(**sweep))
    fresh = D.Probe.fresh

    def scrambled_scoring_probe(size, seed, noise=D.NOISE):
        probe = fresh(size, seed, noise)
        if seed == sweep["seed"] + 1:  # the scoring probe; the selection probe is seed + 5
            probe = D.Probe(probe.x, probe.inside[torch.randperm(size, generator=torch.Generator().manual_seed(0))],
                            noise)
        return probe
    monkeypatch.setattr(D.Probe, "fresh", staticmethod(scrambled_scoring_probe))
    scrambled, scrambled_result = chosen_in(lambda: D.decomposition_sweep(**sweep))
    assert honest and scrambled == honest
    assert scrambled_result["by_width"][0]["approximation"] != honest_result["by_width"][0]["approximation"]


def test_the_kernel_bandwidth_is_chosen_without_the_test_digits(monkeypatch):
    params = IM.kernel_interpolation_figure.figure_scales["quick"]
    honest = IM.kernel_interpolation_figure(seed=0, **params)[1]
    real = IM.digits_split

    def noisy_test_labels(*args, **kwargs):
        split = real(*args, **kwargs)
        noise = torch.randint(10, split.y_test.shape, generator=torch.Generator().manual_seed(1))
        return Split(split.x_train, split.y_train, split.x_test, noise)
    monkeypatch.setattr(IM, "digits_split", noisy_test_labels)
    scrambled = IM.kernel_interpolation_figure(seed=0, **params)[1]
    assert scrambled["chosen_factor"] == honest["chosen_factor"]
    assert scrambled["validation_error"] == honest["validation_error"]
    assert scrambled["chosen_test_error"] != honest["chosen_test_error"]  # the noise reached the test digits
