"""Training-loop speed: the step time of the main MLP experiments against what a step must cost.

    python benchmarks/training.py [--threads 1] [--steps 100] [--repeat 5] [--quick]

The experiments, on the digits (8 x 8 = 64 inputs, 10 classes, the 1348 training images of
``digits_split``), float32:

- ``snippets.randomization.fit``, MLP 1x512 and MLP 3x512, batches of 256, fused Adam: the
  randomization tests (Rethinking generalization page);
- ``snippets.train.sgd``, MLP 2x128, batches of 32, plain SGD: the training page's loop (``train.RUN``).

Ours: the function itself, called for ``--steps`` steps and for 1 step (fit with no evaluation before
its last step and no early stop; sgd with no evaluation); a step is (T(steps) - T(1)) / (steps - 1), so
building the model, the first step's setup and the final evaluation drop out.

Beside it, measured in the same run, with the same dtype and torch thread count:

- the torch.mm bound: the matrix products a step cannot avoid, timed alone with ``torch.mm`` on tensors
  of their shapes. Per Linear layer (in -> out) with batch B: the forward B x in . in x out, the
  gradient of the weight out x B . B x in, and the gradient of the input B x out . out x in (not for the
  first layer: nothing needs the gradient of the data). Biases, ReLU, the loss and the optimizer are
  left out, so this is a lower bound. Goal: ours <= 3 x bound.
- a DataLoader loop: the same model, loss and update, with batches from
  ``DataLoader(TensorDataset(x, y), batch_size=B, shuffle=True, drop_last=True)`` (one sample at a time,
  then collated; drop_last so that every step has B samples), timed over ``--steps`` steps after
  warm-up steps, starting a new epoch when one runs out. Goal: DataLoader >= 3 x ours. The last column
  says how far any loop could get: the DataLoader's own cost (its step minus ours) added to a step that
  ran exactly at the mm bound, over that bound. Where the products dominate (the 512-wide models), it is
  below 3, and the goal cannot be met by a faster loop, only by a cheaper model.

A second table: the lazy-training figure's seeds trained one at a time (``lazy_distance`` per seed) against
all together (``lazy_distances``: stacked weights, batched matrix products), at each of three widths.
A third: the depth-separation figure's starts, one at a time (``fit_network`` per seed) against stacked
(``fit_networks``), for the smallest and the largest deep and shallow shapes of the figure.

Each time is the median of ``--repeat`` runs. Threads: ``--threads`` (default 1, as in the figure
builds, which run one torch thread per process, one process per core). ``--quick`` checks the script
with few steps and repeats; its numbers are noisy.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch.utils.data import DataLoader, TensorDataset  # noqa: E402

from snippets import expressivity, overparameterization, randomization, train  # noqa: E402
from snippets.data import digits_split  # noqa: E402
from snippets.nets import mlp  # noqa: E402

GOAL_BOUND, GOAL_LOADER = 3.0, 3.0
ADAM = randomization._MLP  # hidden=512, depth=1, batch_size=256, lr=5e-3: the randomization figures
SGD = train.RUN  # hidden=128, depth=2, batch_size=32, lr=0.1: the training page


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --- Ours: the functions the figures call ---------------------------------------------------------

def ours_fit(split, depth: int, steps: int, repeat: int) -> float:
    """Seconds per step of ``randomization.fit``."""
    def run(n):
        return lambda: randomization.fit(split, hidden=ADAM["hidden"], depth=depth, steps=n,
                                         batch_size=ADAM["batch_size"], lr=ADAM["lr"], check_every=n,
                                         stop_at_fit=False)
    run(steps)()  # warm-up
    return (median_time(run(steps), repeat) - median_time(run(1), repeat)) / (steps - 1)


def ours_sgd(split, steps: int, repeat: int) -> float:
    """Seconds per step of ``train.sgd``, on a fresh model each call (built outside the clock)."""
    def run(n):
        models = iter([mlp(widths(SGD, SGD["depth"]), seed=0, dtype=torch.float32) for _ in range(repeat)])
        return lambda: train.sgd(next(models), split.x_train, split.y_train, steps=n,
                                 batch_size=SGD["batch_size"], lr=SGD["lr"], seed=0)
    run(steps)()  # warm-up (its model iterator has more models than it uses)
    return (median_time(run(steps), repeat) - median_time(run(1), repeat)) / (steps - 1)


# --- The torch.mm lower bound ---------------------------------------------------------------------

def widths(config: dict, depth: int) -> list[int]:
    return [64] + [config["hidden"]] * depth + [randomization.CLASSES]


def mm_bound(layer_widths: list[int], batch: int, steps: int, repeat: int) -> float:
    """Seconds per step of the forward and backward matrix products of an MLP, torch.mm alone."""
    shapes = []
    for i, (d_in, d_out) in enumerate(zip(layer_widths[:-1], layer_widths[1:])):
        shapes.append(((batch, d_in), (d_in, d_out)))  # forward: activations . weight^T
        shapes.append(((d_out, batch), (batch, d_in)))  # gradient of the weight: grad_out^T . activations
        if i:
            shapes.append(((batch, d_out), (d_out, d_in)))  # gradient of the input: grad_out . weight
    gen = torch.Generator().manual_seed(0)
    operands = [(torch.randn(a, generator=gen), torch.randn(b, generator=gen), torch.empty(a[0], b[1]))
                for a, b in shapes]

    def run():
        for _ in range(steps):
            for a, b, out in operands:
                torch.mm(a, b, out=out)
    run()  # warm-up
    return median_time(run, repeat) / steps


# --- A DataLoader loop ----------------------------------------------------------------------------

def loader_steps(loader: DataLoader, step, steps: int) -> None:
    done = 0
    while done < steps:
        for xb, yb in loader:  # a new epoch (a new shuffle) when the last one ran out
            step(xb, yb)
            done += 1
            if done == steps:
                return


def loader_fit(split, depth: int, steps: int, repeat: int) -> float:
    """Seconds per step of fit's model, loss and fused Adam, with batches from a per-sample DataLoader."""
    model = randomization.network(ADAM["hidden"], depth, seed=0)
    opt = torch.optim.Adam(model.parameters(), lr=ADAM["lr"], fused=True)
    torch.manual_seed(0)  # the DataLoader's shuffle
    loader = DataLoader(TensorDataset(split.x_train, split.y_train), batch_size=ADAM["batch_size"], shuffle=True,
                        drop_last=True)

    def step(xb, yb):
        loss = F.cross_entropy(model(xb), yb)
        opt.zero_grad()
        loss.backward()
        opt.step()
    loader_steps(loader, step, max(2, steps // 10))  # warm-up
    return median_time(lambda: loader_steps(loader, step, steps), repeat) / steps


def loader_sgd(split, steps: int, repeat: int) -> float:
    """Seconds per step of sgd's model, loss and update, with batches from a per-sample DataLoader."""
    model = mlp(widths(SGD, SGD["depth"]), seed=0, dtype=torch.float32)
    params = list(model.parameters())
    torch.manual_seed(0)
    loader = DataLoader(TensorDataset(split.x_train, split.y_train), batch_size=SGD["batch_size"], shuffle=True,
                        drop_last=True)

    def step(xb, yb):
        loss = train.cross_entropy(model(xb), yb)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= SGD["lr"] * g
    loader_steps(loader, step, max(2, steps // 10))  # warm-up
    return median_time(lambda: loader_steps(loader, step, steps), repeat) / steps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", type=int, default=1, help="torch threads (default 1, as in the figure builds)")
    ap.add_argument("--steps", type=int, default=100, help="steps per timed run")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (median)")
    ap.add_argument("--quick", action="store_true", help="check the script: 20 steps, 3 repeats (noisy numbers)")
    args = ap.parse_args()
    if args.quick:
        args.steps, args.repeat = 20, 3
    if args.steps < 2 or args.repeat < 1 or args.threads < 1:
        ap.error("need --steps >= 2, --repeat >= 1, --threads >= 1")
    torch.set_num_threads(args.threads)
    split = digits_split(seed=0)
    s, r = args.steps, args.repeat
    rows = []
    for depth in (1, 3):
        rows.append((f"randomization.fit, MLP {depth}x{ADAM['hidden']}, B={ADAM['batch_size']}, Adam",
                     ours_fit(split, depth, s, r), mm_bound(widths(ADAM, depth), ADAM["batch_size"], s, r),
                     loader_fit(split, depth, s, r)))
    rows.append((f"train.sgd, MLP {SGD['depth']}x{SGD['hidden']}, B={SGD['batch_size']}, SGD",
                 ours_sgd(split, s, r), mm_bound(widths(SGD, SGD["depth"]), SGD["batch_size"], s, r),
                 loader_sgd(split, s, r)))
    print(f"\nTraining step time: digits ({len(split.y_train)} training images of 64 pixels), float32, "
          f"torch {torch.__version__}, {torch.get_num_threads()} thread(s); median of {r} runs of {s} steps")
    print(f"{'experiment':<44}{'ours ms':>9}{'mm ms':>9}{'DataLoader ms':>15}{'ours/mm':>9}{'DL/ours':>9}"
          f"{'DL/ours at best':>17}")
    for name, ours, bound, loader in rows:
        # the DataLoader's own cost (loader - ours) over a loop that ran exactly at the mm bound: no loop
        # over the same products can beat the DataLoader by more than this
        ceiling = (bound + loader - ours) / bound
        print(f"{name:<44}{1e3 * ours:9.3f}{1e3 * bound:9.3f}{1e3 * loader:15.3f}"
              f"{ours / bound:9.2f}{loader / ours:9.2f}{ceiling:17.2f}")
    print("Goals:")
    for name, ours, bound, loader in rows:
        print(f"  {name}: ours <= {GOAL_BOUND:g} x mm bound: {'met' if ours <= GOAL_BOUND * bound else 'NOT met'}; "
              f"DataLoader >= {GOAL_LOADER:g} x ours: {'met' if loader >= GOAL_LOADER * ours else 'NOT met'}")
    lazy_batching(s, r)
    depth_batching(s, r)


def depth_batching(steps: int, repeat: int) -> None:
    """The depth-separation figure's starts: one ``fit_network`` per seed against ``fit_networks``."""
    params = expressivity.depth_separation_figure.figure_scales["quick"]
    k, seeds = params["k"], range(params["seeds"])
    teeth = expressivity.sawtooth(k)
    shapes = []
    for w in (params["widths"][0], params["widths"][-1]):
        deep = [1] + [w] * k + [1]
        shapes += [deep, [1, round((expressivity.n_params(deep) - 1) / 3), 1]]
    print(f"\nDepth separation on Delta^{k}, {len(seeds)} starts, {steps} Adam steps: one at a time against "
          f"batched; median of {repeat} runs")
    print(f"{'network':>28}{'one at a time s':>17}{'batched s':>11}{'speed-up':>10}")
    for widths in shapes:
        alone = median_time(lambda: [expressivity.fit_network(widths, teeth, steps, s) for s in seeds], repeat)
        together = median_time(lambda: expressivity.fit_networks(widths, teeth, steps, seeds), repeat)
        print(f"{str(widths):>28}{alone:17.3f}{together:11.3f}{alone / together:10.2f}")


def lazy_batching(steps: int, repeat: int) -> None:
    """The lazy-training figure's seeds: one at a time against stacked into one batched computation."""
    params = overparameterization.lazy_training_figure.figure_scales["quick"]
    seeds, n, inputs = params["seeds"], params["n"], params["inputs"]
    data = [overparameterization.sphere_data(n, inputs, 7919 * s) for s in range(seeds)]
    xs, ys = torch.stack([x for x, _ in data]), torch.stack([y for _, y in data])
    print(f"\nLazy training, {seeds} seeds, n = {n}, {steps} GD steps: one at a time against batched; median of "
          f"{repeat} runs")
    print(f"{'width':>8}{'one at a time s':>17}{'batched s':>11}{'speed-up':>10}")
    for width in (100, 800, 6400):
        alone = median_time(lambda: [overparameterization.lazy_distance(width, x, y, steps, 1.0, s)
                                     for s, (x, y) in enumerate(data)], repeat)
        together = median_time(lambda: overparameterization.lazy_distances(width, xs, ys, steps, 1.0,
                                                                           range(seeds)), repeat)
        print(f"{width:>8}{alone:17.3f}{together:11.3f}{alone / together:10.2f}")


if __name__ == "__main__":
    main()
