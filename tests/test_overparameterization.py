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
