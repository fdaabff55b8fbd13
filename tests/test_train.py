"""Training and prediction on the digits: the claims of the /training/ page."""
import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from conftest import REPO, figure_results as results
from snippets import data, train


@pytest.fixture(scope="module")
def quick_run():
    """The training-curves figure's own quick-scale run."""
    params = dict(train.training_curves_figure.figure_scales["quick"])
    params.pop("seeds")  # the figure's other seeds repeat this run with other splits
    return train.digits_run(seed=0, **params)


def test_split_is_seeded_disjoint_and_complete():
    a, b = data.digits_split(seed=0), data.digits_split(seed=0)
    assert torch.equal(a.x_train, b.x_train) and torch.equal(a.y_test, b.y_test)
    assert len(a.y_train) + len(a.y_test) == 1797 and a.x_train.shape[1] == 64
    assert 0.0 <= float(a.x_train.min()) and float(a.x_train.max()) <= 1.0
    c = data.digits_split(seed=1)
    assert not torch.equal(a.y_train, c.y_train)


def test_cross_entropy_matches_torch():
    torch.manual_seed(0)
    z, y = torch.randn(50, 10), torch.randint(10, (50,))
    assert torch.isclose(train.cross_entropy(z, y), F.cross_entropy(z, y), atol=1e-6)


def test_mlp_fits_the_training_digits_and_predicts_the_test_digits(quick_run):
    """The lecture's "fit the data" (100% training accuracy) and "predict" (>= 95% on held-out digits)."""
    split, model, history = quick_run
    train_loss, train_acc = train.evaluate(model, split.x_train, split.y_train)
    test_loss, test_acc = train.evaluate(model, split.x_test, split.y_test)
    assert train_acc == 1.0
    assert test_acc >= 0.95
    # the figure reports what the trained model does: the history runs to the last step, and its last
    # entry is this model's (the loss tells models apart where accuracy, 1.0 for many of them, cannot)
    params = train.training_curves_figure.figure_scales["quick"]
    assert history["step"] == list(range(0, params["steps"] + 1, params["eval_every"]))
    assert history["train_acc"][-1] == train_acc and history["train_loss"][-1] == train_loss
    assert history["test_acc"][-1] == test_acc and history["test_loss"][-1] == test_loss
    assert history["train_loss"][-1] < history["train_loss"][0] / 20


def test_the_history_ends_at_the_last_step_even_between_evaluations():
    split = data.digits_split(seed=0)
    model = train.mlp([64, 16, 10], seed=0, dtype=torch.float32)
    history = train.sgd(model, split.x_train, split.y_train, steps=25, batch_size=16, lr=0.1, seed=0,
                        eval_every=10, x_test=split.x_test, y_test=split.y_test)
    assert history["step"] == [0, 10, 20, 25]
    assert (history["train_loss"][-1], history["train_acc"][-1]) == train.evaluate(model, split.x_train,
                                                                                   split.y_train)
    assert len(set(history["train_loss"])) == 4  # four different models were evaluated


def test_training_is_deterministic():
    a = train.digits_run(0, 16, 1, 50, 16, 0.1, 10)[2]
    b = train.digits_run(0, 16, 1, 50, 16, 0.1, 10)[2]
    assert a == b


def test_photo_is_a_vector():
    x = data.photo_as_vector("china.jpg")
    assert x.shape == (427 * 640 * 3,) and 0 <= x.min() and x.max() <= 1


@pytest.mark.parametrize("call, match", [
    (lambda: data.digits_split(test_fraction=1.5), "test_fraction"),
    (lambda: data.photo_as_vector("outdoor.jpg"), "unknown sample photo 'outdoor.jpg'"),
    (lambda: train.cross_entropy(torch.zeros(3, 10), torch.zeros(4, dtype=torch.long)), "logits of shape"),
    (lambda: train.sgd(torch.nn.Linear(2, 2), torch.zeros(4, 2), torch.zeros(4, dtype=torch.long),
                       steps=0, batch_size=2, lr=0.1, seed=0), "steps >= 1"),
    (lambda: train.sgd(torch.nn.Linear(2, 2), torch.zeros(4, 2), torch.zeros(3, dtype=torch.long),
                       steps=1, batch_size=2, lr=0.1, seed=0), "4 examples but y has 3"),
])
def test_bad_arguments_say_what_is_wrong(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- Small exact cases (fast: what mutation testing runs) -----------------------------------------------

@pytest.mark.parametrize("call, name", [
    (lambda: train.cross_entropy([[0.0]], torch.tensor([0])), "logits"),
    (lambda: train.cross_entropy(torch.zeros(1, 2), [0]), "y"),
    (lambda: train.sgd("model", torch.zeros(2, 64), torch.zeros(2, dtype=torch.long), steps=1, batch_size=1,
                       lr=0.1, seed=0), "model"),
    (lambda: train.sgd(train.mlp([64, 4, 10]), torch.zeros(2, 64), torch.zeros(2, dtype=torch.long), steps=1,
                       batch_size=1.5, lr=0.1, seed=0), "batch_size"),
    (lambda: train.sgd(train.mlp([64, 4, 10]), torch.zeros(2, 64), torch.zeros(2, dtype=torch.long), steps=1,
                       batch_size=0, lr=0.1, seed=0), r"need steps >= 1, batch_size >= 1 and lr > 0, got 1, 0, 0.1"),
    (lambda: train.sgd(train.mlp([64, 4, 10]), torch.zeros(2, 64), torch.zeros(2, dtype=torch.long), steps=1,
                       batch_size=1, lr=0.0, seed=0), r"got 1, 1, 0.0"),
    (lambda: train.sgd(train.mlp([64, 4, 10]), torch.zeros(2, 64), torch.zeros(2, dtype=torch.long), steps=1,
                       batch_size=1, lr=0.1, seed=0, eval_every=-1), "eval_every"),
    (lambda: train.sgd(train.mlp([64, 4, 10]), torch.zeros(2, 64), torch.zeros(2, dtype=torch.long), steps=1,
                       batch_size=1, lr=0.1, seed=0, x_test=torch.zeros(2, 64)),
     r"^pass both x_test and y_test, or neither$"),
    (lambda: train.sgd(train.mlp([64, 4, 10]), torch.zeros(2, 64), torch.zeros(2, dtype=torch.long), steps=1,
                       batch_size=1, lr=0.1, seed=0, x_test=torch.zeros(3, 64), y_test=torch.zeros(2, dtype=torch.long)),
     "x_test"),
    (lambda: train.digits_run(0, 4, -1, 1, 1, 0.1, 0), "depth"),
])
def test_each_refusal_names_its_argument(call, name):
    with pytest.raises((TypeError, ValueError), match=name):
        call()


def test_sgd_is_seeded_uses_every_step_and_evaluates_on_request_only():
    split = data.digits_split(seed=0)
    x, y = split.x_train[:200], split.y_train[:200]

    def run(**kw):
        model = train.mlp([64, 8, 10], seed=0, dtype=torch.float32)
        return model, train.sgd(model, x, y, **{**dict(steps=3, batch_size=1, lr=0.5, seed=0), **kw})
    a, history = run()
    assert history == {"step": [], "train_loss": [], "train_acc": [], "test_loss": [], "test_acc": []}
    b, _ = run()
    c, _ = run(seed=1)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))  # the seed draws the batches
    assert not all(torch.equal(p, q) for p, q in zip(a.parameters(), c.parameters()))
    one, _ = run(steps=1)
    two, _ = run(steps=2)
    assert not all(torch.equal(p, q) for p, q in zip(one.parameters(), two.parameters()))
    _, h = run(eval_every=1)  # no test set: only the training columns fill
    assert h["step"] == [0, 1, 2, 3] and len(h["train_loss"]) == 4 and h["test_loss"] == []


def test_a_run_of_digits_has_ten_outputs_and_its_own_seed():
    _, model, history = train.digits_run(seed=3, hidden=8, depth=1, steps=2, batch_size=4, lr=0.1, eval_every=1)
    assert model[-1].out_features == 10 and next(model.parameters()).dtype == torch.float32
    again = train.digits_run(seed=3, hidden=8, depth=1, steps=2, batch_size=4, lr=0.1, eval_every=1)[1]
    other = train.digits_run(seed=4, hidden=8, depth=1, steps=2, batch_size=4, lr=0.1, eval_every=1)[1]
    assert torch.equal(model[0].weight, again[0].weight) and not torch.equal(model[0].weight, other[0].weight)
    assert history["step"] == [0, 1, 2]


def test_the_summary_reads_the_last_entry_and_the_first_step_that_fits():
    history = {"step": [0, 10, 20, 30], "train_acc": [0.5, 1.0, 0.99, 1.0], "test_acc": [0.4, 0.8, 0.9, 0.95],
               "train_loss": [2.0, 0.5, 0.4, 0.1], "test_loss": [2.1, 0.9, 0.8, 0.7]}
    assert train._summary(history) == {"train_acc": 1.0, "test_acc": 0.95, "gap": 1.0 - 0.95, "train_loss": 0.1,
                                       "test_loss": 0.7, "steps_to_fit": 10}
    history["train_acc"] = [0.5, 0.9, 0.99, 0.999]
    assert train._summary(history)["steps_to_fit"] is None


def test_median_index_picks_the_middle_run():
    assert train._median_index([0.98, 0.95, 0.97, 0.96, 0.94]) == 3
    assert train._median_index([0.5]) == 0
    assert train._median_index([3, 1, 2, 4]) == 2  # the lower of the two middle values
    assert train._median_index([2, 1, 2, 2, 3]) == 2  # equal values keep their order
    assert train._median_index([2, 2, 1]) == 0


def test_fraction_is_an_exact_count_over_the_length():
    assert train._fraction(torch.tensor([True, False, True, True])) == 0.75
    assert train._fraction(np.array([True, False, False])) == 1 / 3
    assert isinstance(train._fraction(torch.tensor([True])), float)


def test_baselines_on_a_tiny_split():
    """Two clusters: the nearest neighbour and the linear classifier both get the three test digits whose
    label matches their cluster, and miss the fourth."""
    zeros, ones = torch.zeros(64), torch.ones(64)
    near = torch.full((64,), 0.1)
    split = data.Split(torch.stack([zeros, near, ones, ones - 0.1]), torch.tensor([0, 0, 1, 1]),
                       torch.stack([zeros + 0.05, near, ones - 0.05, ones]), torch.tensor([0, 0, 1, 0]))
    assert train.baselines(split) == {"nn1_train_acc": 1.0, "nn1_test_acc": 0.75, "logreg_train_acc": 1.0,
                                      "logreg_test_acc": 0.75}


TINY = dict(hidden=8, depth=1, steps=30, batch_size=16, lr=0.1, seeds=3)


@pytest.fixture(scope="module")
def tiny_figures():
    curves = train.training_curves_figure(seed=5, eval_every=10, **TINY)[1]
    wrong = train.misclassified_figure(seed=5, show=4, **TINY)[1]
    return curves, wrong


def test_the_figures_quote_the_median_run_and_summarize_every_seed(tiny_figures):
    r, m = tiny_figures
    k = r["featured_seed"] - 5
    accs = r["seed_test_acc"]
    assert r["seeds"] == 3 and all(len(r[key]) == 3 for key in ("seed_train_acc", "seed_test_acc", "seed_gap",
                                                                 "seed_wrong", "seed_logreg_acc", "seed_nn1_acc"))
    assert accs[k] == sorted(accs)[1] == r["test_acc"] == r["test_acc_median"]
    assert (r["test_acc_min"], r["test_acc_max"]) == (min(accs), max(accs))
    assert r["wrong"] == r["seed_wrong"][k] and r["gap"] == r["seed_gap"][k]
    for acc, train_acc, gap, wrong in zip(accs, r["seed_train_acc"], r["seed_gap"], r["seed_wrong"]):
        assert acc == (r["n_test"] - wrong) / r["n_test"] and gap == train_acc - acc
    assert (r["wrong_min"], r["wrong_max"]) == (min(r["seed_wrong"]), max(r["seed_wrong"]))
    assert (r["gap_min"], r["gap_max"]) == (min(r["seed_gap"]), max(r["seed_gap"]))
    assert r["test_se_points"] == pytest.approx(100 * math.sqrt(accs[k] * (1 - accs[k]) / r["n_test"]))
    assert r["test_sd_points"] == pytest.approx(100 * float(np.std(accs, ddof=1)))
    assert r["test_range_points"] == pytest.approx(100 * (max(accs) - min(accs)))
    margins = [a - b for a, b in zip(accs, r["seed_logreg_acc"])]
    assert r["seed_logreg_margin"] == margins and r["logreg_margin_min"] == min(margins)
    assert [r["logreg_digits_ahead_min"], r["logreg_digits_ahead_max"]] == [
        round(min(margins) * r["n_test"]), round(max(margins) * r["n_test"])]
    for i in range(3):  # each seed: its own split, and the baselines of that split
        assert train.baselines(data.digits_split(seed=5 + i))["logreg_test_acc"] == r["seed_logreg_acc"][i]
    assert r["nn1_acc_min"] == min(r["seed_nn1_acc"]) and r["logreg_acc_max"] == max(r["seed_logreg_acc"])
    # the bold run is digits_run of the featured seed, step for step
    _, model, history = train.digits_run(r["featured_seed"], 8, 1, 30, 16, 0.1, 10)
    assert (r["train_loss"], r["steps_to_fit"]) == (history["train_loss"][-1], train._summary(history)["steps_to_fit"])
    # the misclassified figure shows the same run's mistakes
    assert m["featured_seed"] == r["featured_seed"] and m["wrong"] == r["wrong"] == len(m["pairs"])
    assert m["shown"] == min(4, m["wrong"]) and all(said != truth for said, truth in m["pairs"])


def test_the_page_says_what_the_training_results_show(built_site):
    r, m = results(built_site, "training-curves"), results(built_site, "misclassified")
    k = r["featured_seed"]  # the figure's seeds are 0, 1, ...
    # every run fits; the bold run is the median one (not the best), and the misclassified digits are its
    assert r["seeds"] >= 5 and r["seed_train_acc"] == [1.0] * r["seeds"] and None not in r["seed_steps_to_fit"]
    assert r["seed_test_acc"][k] == r["test_acc_median"] == r["test_acc"] < r["test_acc_max"]
    assert m["featured_seed"] == k and m["wrong"] == r["wrong"] == r["seed_wrong"][k]
    assert 0 < m["shown"] <= m["wrong"]
    # "that varies more": the spread over seeds exceeds the standard error of one test set
    assert r["test_se_points"] < r["test_sd_points"] < r["test_range_points"]
    # logistic regression cannot fit, and the network is ahead of it on every seed; 1-NN fits and is at
    # least as good as the network on every seed
    assert r["logreg_train_acc_max"] < 1.0 and r["logreg_digits_ahead_min"] > 0
    assert all(net > linear for net, linear in zip(r["seed_test_acc"], r["seed_logreg_acc"]))
    assert r["nn1_train_acc_min"] == 1.0
    assert all(nn1 >= net for nn1, net in zip(r["seed_nn1_acc"], r["seed_test_acc"]))
    # the page's code blocks run the bold run: its seed, the figure's steps
    page = (REPO / "docs" / "training.md").read_text()
    assert re.findall(r"^seed = (\d+)  #", page, re.M) == [str(k)]
    assert re.findall(r"digits_run\(seed=(\d+), hidden=128, depth=2, steps=(\d+)", page) == [(str(k), str(r["steps"]))]
    assert re.findall(r"^for step in range\((\d+)\):", page, re.M) == [str(r["steps"])]
