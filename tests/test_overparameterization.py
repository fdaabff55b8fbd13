"""Why SGD works anyway: the claims of the /sgd-in-practice/ page."""

import pytest
import torch

from snippets import overparameterization as O


from conftest import figure_results as results


def test_a_student_of_the_teachers_width_can_fit_exactly():
    x, y, teacher = O.teacher_data(50, 6, 3, seed=0)
    with torch.no_grad():
        assert torch.allclose(teacher.scores(x)[0], y)
        assert (teacher.w2.abs() == 1).all()  # every teacher unit matters


def test_students_train_side_by_side_and_deterministically():
    x, y, _ = O.teacher_data(100, 4, 2, seed=0)
    a = O.train_students(x, y, width=8, seeds=3, steps=200, lr=0.01, batch_size=25, seed=0)
    b = O.train_students(x, y, width=8, seeds=3, steps=200, lr=0.01, batch_size=25, seed=0)
    assert torch.equal(a, b) and a.shape == (3,)
    assert (a < (y ** 2).mean() / 2).all()  # better than predicting 0


def test_lazy_distance_shrinks_with_width():
    x, y = O.sphere_data(10, 5, seed=0)
    narrow = O.lazy_distance(50, x, y, steps=500, lr=1.0, seed=0)
    wide = O.lazy_distance(3200, x, y, steps=500, lr=1.0, seed=0)
    assert wide["relative_distance"] < narrow["relative_distance"] / 4
    assert wide["loss"] < 1e-3 * wide["initial_loss"]


def test_batched_lazy_training_is_each_run_alone():
    data = [O.sphere_data(10, 4, seed=s) for s in (0, 1, 2)]
    alone = [O.lazy_distance(30, x, y, steps=50, lr=1.0, seed=10 + i) for i, (x, y) in enumerate(data)]
    together = O.lazy_distances(30, torch.stack([x for x, _ in data]), torch.stack([y for _, y in data]), 50, 1.0,
                                [10, 11, 12])
    for a, b in zip(alone, together):
        assert a.keys() == b.keys() and all(a[k] == pytest.approx(b[k], rel=1e-9) for k in a)
    assert len({round(r["relative_distance"], 6) for r in together}) == 3  # three different problems


def test_a_student_that_is_the_teacher_is_stationary_and_training_copies():
    x, y, teacher = O.teacher_data(50, 3, 2, seed=0)
    assert O.student_losses(teacher, x, y).item() == 0 and O.gradient_norms(teacher, x, y).item() == 0
    students = O.trained_students(x, y, 2, seeds=3, steps=20, lr=0.01, batch_size=10, seed=1)
    before = [p.clone() for p in students.params()]
    norms = O.gradient_norms(students, x, y)
    assert norms.shape == (3,) and (norms > 0).all()
    more = O.keep_training(students, x, y, steps=50, lr=0.01)
    assert all(torch.equal(a, b) for a, b in zip(before, students.params()))  # the input is left alone
    assert (O.student_losses(more, x, y) < O.student_losses(students, x, y)).all()


def test_stalled_students_are_checked_for_stationarity(built_site):
    r = results(built_site, "teacher-student")
    stall = r["stall"]
    assert stall["count"] == round((1 - r["fitted"][0]) * r["seeds"]) == len(stall["loss"]) > 0
    assert stall["extra_steps"] == 10 * r["steps"] and len(stall["loss_after"]) == stall["count"]
    assert stall["grad_norm_min"] > stall["grad_norm_fitted_max"]  # not at the fitted students' zero gradient
    assert stall["worst_ratio"] <= 1 + 1e-6  # training longer does not make them worse


def test_fit_slope_recovers_a_power_law():
    assert O.fit_slope([1, 10, 100], [3.0, 3.0 / 10 ** 0.5, 3.0 / 10]) == pytest.approx(-0.5)


def test_wider_students_fit_more_often(built_site):
    r = results(built_site, "teacher-student")
    assert len(r["widths"]) >= 6 and r["widths"][-1] == 64 * r["teacher_width"] and r["seeds"] >= 20
    for p, lo, hi in zip(r["fitted"], r["fitted_low"], r["fitted_high"]):
        assert lo <= p <= hi and (lo, hi) == O.wilson_interval(round(p * r["seeds"]), r["seeds"])
    assert r["fitted_high"][0] < min(r["fitted_low"][2:])


def test_students_read_on_the_way_are_the_same_runs():
    """Reading the loss at a step does not change the training, and reads exactly the loss of the students
    as they are after that step: at the last step, the final loss."""
    x, y, _ = O.teacher_data(40, 3, 2, seed=0)
    plain = O.trained_students(x, y, 4, 3, steps=12, lr=0.05, batch_size=10, seed=1)
    nets, read = O._train_students(x, y, 4, 3, steps=12, lr=0.05, batch_size=10, seed=1, read_at=(6, 12))
    assert all(torch.equal(a, b) for a, b in zip(plain.params(), nets.params()))
    assert set(read) == {6, 12} and torch.equal(read[12], O.student_losses(nets, x, y))
    six = O._train_students(x, y, 4, 3, steps=12, lr=0.05, batch_size=10, seed=1, read_at=(6,))[1][6]
    assert torch.equal(read[6], six) and not torch.equal(read[6], read[12])
    assert O._train_students(x, y, 4, 3, steps=2, lr=0.05, batch_size=10, seed=1)[1] == {}


def test_the_fraction_that_fits_depends_on_the_budget(built_site):
    """What the page says of the same runs read at half the budget: every halfway fraction lies inside the
    95% interval of the final one and at or below it; even at the widest width not every start has fitted
    halfway; the alt text's range beyond the three narrowest widths runs from the widest to 8 k0."""
    r = results(built_site, "teacher-student")
    half, full = r["fitted_half"], r["fitted"]
    assert r["half_steps"] == r["steps"] // 2 and len(half) == len(full)
    for h, f, lo, hi in zip(half, full, r["fitted_low"], r["fitted_high"]):
        assert lo <= h <= hi and h <= f
    for p, lo, hi in zip(half, r["fitted_half_low"], r["fitted_half_high"]):
        assert (lo, hi) == O.wilson_interval(round(p * r["seeds"]), r["seeds"])
    assert half[-1] < 1 == full[-1]  # "even at 64 k0 only ... of the starts are below the line"
    assert min(half[3:]) == half[5] and max(half[3:]) == half[3] and r["widths"][5] == 64 * r["teacher_width"]


def test_wilson_interval_exact_values():
    lo, hi = O.wilson_interval(0, 20)
    assert lo == 0 and hi == pytest.approx(0.1611, abs=1e-4)
    lo, hi = O.wilson_interval(8, 20)
    assert (lo, hi) == pytest.approx((0.2188, 0.6134), abs=1e-4)
    assert O.wilson_interval(20, 20)[1] == 1 and O.wilson_interval(20, 20)[0] == pytest.approx(0.8389, abs=1e-4)


def test_relative_distance_falls_like_one_over_root_width(built_site):
    r = results(built_site, "lazy-training")
    assert r["seeds"] == len(r["slopes"]) >= 5 and r["slope_max"] == max(r["slopes"])
    assert r["slope"] == pytest.approx(-0.5, abs=0.15)  # the median seed
    assert r["slope_max"] < -0.25
    assert r["max_final_loss"] < 1e-4  # every width actually fits the labels
    c = r["control"]  # the mean-field control: the same data and starts, another scaling
    assert len(c["slopes"]) == r["seeds"] and c["slope_min"] == min(c["slopes"]) > -0.25
    assert c["max_final_loss"] < 1e-3 and c["relative_distance"][-1] > r["relative_distance"][-1] * 10


def test_under_the_mean_field_scaling_the_weights_move_as_far_at_every_width():
    """The control of the lazy-training claim: with a 1/m output and a step lr m, each unit's step does
    not depend on m, so the relative distance does not shrink with the width (exactly the same at the
    first step, and close after training)."""
    x, y = O.sphere_data(10, 5, seed=0)
    narrow = O.lazy_distance(50, x, y, steps=500, lr=1.0, seed=0, scaling="mean-field")
    wide = O.lazy_distance(3200, x, y, steps=500, lr=1.0, seed=0, scaling="mean-field")
    assert wide["relative_distance"] > narrow["relative_distance"] / 2
    assert wide["loss"] < 1e-2 * wide["initial_loss"]
    lazy = O.lazy_distance(3200, x, y, steps=500, lr=1.0, seed=0)
    assert lazy["initial_loss"] != wide["initial_loss"]  # another output scale from the same start
    assert wide["relative_distance"] > 10 * lazy["relative_distance"]
    with pytest.raises(ValueError, match=r"^scaling must be one of \('ntk', 'mean-field'\), got 'lazy'$"):
        O.lazy_distance(50, x, y, steps=1, lr=1.0, seed=0, scaling="lazy")


@pytest.mark.parametrize("call, match", [
    (lambda: O.teacher_data(0, 3, 2, seed=0), "need n, inputs and teacher_width >= 1"),
    (lambda: O.train_students(torch.zeros(5, 3), torch.zeros(5), 4, 2, steps=0, lr=0.1, batch_size=2, seed=0),
     "need steps >= 1"),
    (lambda: O.train_students(torch.zeros(5, 3), torch.zeros(4), 4, 2, steps=1, lr=0.1, batch_size=2, seed=0),
     r"need inputs of shape \(n, d\) and n targets"),
    (lambda: O.lazy_distance(0, torch.zeros(2, 3), torch.zeros(2), 1, 0.1, seed=0), "need width >= 1"),
])
def test_bad_arguments_say_what_is_wrong(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# --- Exact small cases: the losses, the data and the boundaries of every argument ------------------------

def test_losses_are_half_the_mean_squared_error_per_student():
    from snippets.decomposition import init_networks

    x, y, teacher = O.teacher_data(6, 3, 2, seed=4)
    nets = init_networks(3, 2, seed=0, inputs=3)
    expected = ((nets.scores(x) - y) ** 2).mean(dim=1) / 2
    assert torch.allclose(O.student_losses(nets, x, y), expected, rtol=1e-6, atol=0)
    grads = O.gradient_norms(nets, x, y)
    params = [p.detach().clone().requires_grad_() for p in nets.params()]
    from snippets.decomposition import Networks
    loss = ((Networks(*params).scores(x) - y) ** 2).mean(dim=1)[1] / 2  # the second student alone
    alone = torch.sqrt(sum(g[1].square().sum() for g in torch.autograd.grad(loss, params)))
    assert grads.shape == (2,) and float(grads[1]) == pytest.approx(float(alone), rel=1e-5)
    assert torch.allclose(O.student_losses(teacher, x, y), torch.zeros(1), atol=1e-12)  # the teacher fits


def test_the_teacher_has_output_weights_of_size_one_and_its_own_seeds():
    x, y, teacher = O.teacher_data(5, 3, 4, seed=2)
    assert torch.equal(teacher.w2.abs(), torch.ones_like(teacher.w2))
    assert torch.equal(x, torch.randn(5, 3, generator=torch.Generator().manual_seed(2)))
    x1, _, t1 = O.teacher_data(1, 1, 1, seed=2)  # the smallest problem there is
    assert x1.shape == (1, 1) and t1.W1.shape[-2:] == (1, 1)
    from snippets.decomposition import init_networks
    assert torch.equal(teacher.W1, init_networks(4, 1, 3, inputs=3).W1)  # the teacher's seed is seed + 1


def test_sphere_data_is_seeded_unit_points_with_labels_plus_minus_one():
    x, y = O.sphere_data(50, 3, seed=1)
    assert x.dtype == y.dtype == torch.float64 and torch.allclose(x.norm(dim=1), torch.ones(50, dtype=torch.float64))
    assert set(y.tolist()) == {-1.0, 1.0}
    again = O.sphere_data(50, 3, seed=1)
    assert torch.equal(again[0], x) and torch.equal(again[1], y) and not torch.equal(O.sphere_data(50, 3, seed=2)[1], y)
    gen = torch.Generator().manual_seed(1)
    raw = torch.randn(50, 3, generator=gen, dtype=torch.float64)
    assert torch.equal(y, torch.randint(2, (50,), generator=gen, dtype=torch.float64) * 2 - 1)
    assert torch.equal(x, raw / raw.norm(dim=1, keepdim=True))


def test_lazy_distances_report_the_loss_before_and_after_and_the_largest_neuron_move():
    x, y = O.sphere_data(4, 3, seed=0)
    (r,) = O.lazy_distances(8, x[None], y[None], 5, 0.5, [3])
    gen = torch.Generator().manual_seed(3)
    w0 = torch.randn(8, 3, generator=gen, dtype=torch.float64)
    a = torch.randint(2, (8,), generator=gen, dtype=torch.float64) * 2 - 1
    f0 = torch.relu(x @ w0.T) @ a / 8 ** 0.5
    assert set(r) == {"relative_distance", "loss", "initial_loss", "max_neuron_move"}
    assert r["initial_loss"] == pytest.approx(float(((f0 - y) ** 2).mean() / 2), rel=1e-12)
    assert 0 < r["loss"] < r["initial_loss"] and 0 < r["max_neuron_move"]
    assert r["max_neuron_move"] <= r["relative_distance"] * float(w0.norm()) + 1e-12  # one row of W - W0
    assert O.lazy_distance(8, x, y, 5, 0.5, seed=3) == r


def test_training_schedules_take_their_arguments():
    x, y, _ = O.teacher_data(8, 2, 2, seed=0)
    base = O.train_students(x, y, 3, 2, steps=8, lr=0.05, batch_size=8, seed=0)
    assert not torch.equal(base, O.train_students(x, y, 3, 2, steps=8, lr=0.01, batch_size=8, seed=0))
    assert not torch.equal(base, O.train_students(x, y, 3, 2, steps=4, lr=0.05, batch_size=8, seed=0))
    one = O.train_students(x, y, 3, 2, steps=1, lr=0.05, batch_size=1, seed=0)  # the smallest run there is
    assert one.shape == (2,)
    nets = O.trained_students(x, y, 3, 2, steps=2, lr=0.05, batch_size=8, seed=0)
    more, slower = O.keep_training(nets, x, y, 3, lr=0.05), O.keep_training(nets, x, y, 3, lr=0.001)
    assert not torch.equal(more.W1, slower.W1)
    assert bool((O.student_losses(more, x, y) < O.student_losses(nets, x, y)).all())


def test_wilson_interval_boundaries():
    assert O.wilson_interval(1, 1)[1] == 1.0 and O.wilson_interval(0, 1)[0] == 0.0
    with pytest.raises(ValueError, match=r"^need 0 <= successes <= trials and trials >= 1, got 2 of 1$"):
        O.wilson_interval(2, 1)


@pytest.mark.parametrize("call, error, match", [
    (lambda: O.teacher_data(2.0, 3, 2, seed=0), ValueError, "^n must be an integer"),
    (lambda: O.teacher_data(2, 3.0, 2, seed=0), ValueError, "^inputs must be an integer"),
    (lambda: O.teacher_data(2, 3, 2.0, seed=0), ValueError, "^teacher_width must be an integer"),
    (lambda: O.teacher_data(2, 0, 2, seed=0), ValueError, "^need n, inputs and teacher_width >= 1, got 2, 0, 2$"),
    (lambda: O.teacher_data(2, 3, 0, seed=0), ValueError, "^need n, inputs and teacher_width >= 1, got 2, 3, 0$"),
    (lambda: O.train_students(torch.zeros(5, 3), torch.zeros(5), 4, 2.0, 1, 0.1, 2, seed=0), ValueError, "^seeds must be"),
    (lambda: O.train_students(torch.zeros(5, 3), torch.zeros(5), 4, 2, 1.0, 0.1, 2, seed=0), ValueError, "^steps must be an integer"),
    (lambda: O.train_students(torch.zeros(5, 3), torch.zeros(5), 4, 2, 1, 0.1, 2.0, seed=0), ValueError, "^batch_size must be an integer"),
    (lambda: O.train_students(torch.zeros(5, 3), torch.zeros(5), 4, 2, 1, 0.0, 2, seed=0), ValueError, r"^need steps >= 1, lr > 0"),
    (lambda: O.train_students(torch.zeros(5, 3), torch.zeros(5), 4, 2, 1, 0.1, 0, seed=0), ValueError, r"^need steps >= 1, lr > 0"),
    (lambda: O.train_students([[0.0]], torch.zeros(1), 4, 2, 1, 0.1, 1, seed=0), TypeError, r"^x must be a torch\.Tensor"),
    (lambda: O.train_students(torch.zeros(1, 3), [0.0], 4, 2, 1, 0.1, 1, seed=0), TypeError, r"^y must be a torch\.Tensor"),
    (lambda: O.student_losses(None, torch.zeros(1, 3), torch.zeros(1)), TypeError, "^nets must be"),
    (lambda: O.keep_training(None, torch.zeros(1, 3), torch.zeros(1), 1, 0.1), TypeError, "^nets must be"),
    (lambda: O.keep_training(O.teacher_data(2, 3, 2, 0)[2], torch.zeros(1, 3), torch.zeros(1), 1, 0.0), ValueError, "^lr must be positive"),
    (lambda: O.keep_training(O.teacher_data(2, 3, 2, 0)[2], torch.zeros(1, 2), torch.zeros(1), 1, 0.1), ValueError,
     "^the students have 3 inputs but x has 2 columns$"),
    (lambda: O.gradient_norms(O.teacher_data(2, 3, 2, 0)[2], torch.zeros(1, 2), torch.zeros(1)), ValueError,
     "^the students have 3 inputs but x has 2 columns$"),
    (lambda: O.lazy_distance(2, [[0.0]], torch.zeros(1), 1, 0.1, seed=0), TypeError, r"^x must be a torch\.Tensor"),
    (lambda: O.lazy_distance(2, torch.zeros(1, 3), [0.0], 1, 0.1, seed=0), TypeError, r"^y must be a torch\.Tensor"),
    (lambda: O.lazy_distance(2, torch.zeros(2, 3), torch.zeros(2, 1), 1, 0.1, seed=0), ValueError, "^y must be a vector"),
    (lambda: O.lazy_distance(2, torch.zeros(2, 3), torch.zeros(3), 1, 0.1, seed=0), ValueError, "same"),
    (lambda: O.lazy_distances(2.0, torch.zeros(1, 2, 3), torch.zeros(1, 2), 1, 0.1, [0]), ValueError, "^width must be an integer"),
    (lambda: O.lazy_distances(2, torch.zeros(1, 2, 3), torch.zeros(1, 2), 1.0, 0.1, [0]), ValueError, "^steps must be an integer"),
    (lambda: O.lazy_distances(2, torch.zeros(1, 2, 3), torch.zeros(1, 2), 1, 0.0, [0]), ValueError, r"^need width >= 1, steps >= 1 and lr > 0"),
    (lambda: O.lazy_distances(2, torch.zeros(1, 2, 3), torch.zeros(1, 2), 0, 0.1, [0]), ValueError, r"^need width >= 1, steps >= 1"),
    (lambda: O.lazy_distances(2, [[[0.0]]], torch.zeros(1, 2), 1, 0.1, [0]), TypeError, r"^xs must be a torch\.Tensor"),
    (lambda: O.lazy_distances(2, torch.zeros(2, 3), torch.zeros(1, 2), 1, 0.1, [0]), ValueError, r"^xs must be a 3-D"),
    (lambda: O.lazy_distances(2, torch.zeros(1, 2, 3), [[0.0]], 1, 0.1, [0]), TypeError, r"^ys must be a torch\.Tensor"),
    (lambda: O.lazy_distances(2, torch.zeros(1, 2, 3), torch.zeros(2), 1, 0.1, [0]), ValueError, r"^ys must be a matrix"),
    (lambda: O.sphere_data(2, 0, seed=0), ValueError, "^inputs must be a positive integer"),
    (lambda: O.wilson_interval(1.0, 2), ValueError, "^successes must be an integer"),
    (lambda: O.wilson_interval(1, 2.0), ValueError, "^trials must be an integer"),
    (lambda: O.fit_slope([1.0], [1.0]), ValueError, "^xs must be"),
    (lambda: O.fit_slope([1.0, 2.0], [1.0]), ValueError, "^ys must be"),
    (lambda: O.fit_slope([1.0, 2.0, 3.0], [1.0, 2.0]), ValueError, "xs.*ys|same"),
])
def test_each_bad_argument_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_the_wider_fail_less_check_at_its_boundaries():
    wider = O._wider_fail_less
    assert wider({"fitted_low": [0.1, 0.2, 0.6, 0.7], "fitted_high": [0.5, 0.6, 0.9, 0.9]})
    assert not wider({"fitted_low": [0.1, 0.2, 0.5, 0.7], "fitted_high": [0.5, 0.6, 0.9, 0.9]})  # 0.5 is not above
    assert not wider({"fitted_low": [0.1, 0.2, 0.7, 0.4], "fitted_high": [0.5, 0.6, 0.9, 0.9]})  # the widest
    assert not wider({"fitted_low": [0.1, 0.9], "fitted_high": [0.2, 1.0]})  # no width of 4x the teacher's
    assert wider({"fitted_low": [0.1, 0.2, 0.6], "fitted_high": [0.5, 0.6, 0.9]})  # one such width is enough
