"""Training and prediction on the digits: the claims of the /training/ page."""
import pytest
import torch
import torch.nn.functional as F

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
