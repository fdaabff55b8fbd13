# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Counting linear pieces
#
# A notebook version of the experiment on the page *Deep neural networks*: a ReLU network
# $f(x; W)$ with a scalar input is piecewise linear, and `snippets.nets.linear_pieces` finds its kinks
# exactly, layer by layer. Download it (the button at the top) and run it with the project installed.

# %%
import matplotlib.pyplot as plt
import torch

from snippets.nets import forward, layers_of, linear_pieces, mlp, tent_layers

# %% [markdown]
# One random network of depth 3 and width 8, its pieces on $[-3, 3]$, and a check that $f$ equals
# $\text{slope} \cdot x + \text{intercept}$ on each of them.

# %%
model = mlp([1, 8, 8, 8, 1], seed=1)
pieces = linear_pieces(model, -3.0, 3.0)
x = torch.linspace(-3, 3, 2001, dtype=torch.float64)
y = forward(x[:, None], layers_of(model))[:, 0]
which = torch.searchsorted(torch.from_numpy(pieces.breakpoints), x)
slope = torch.from_numpy(pieces.slopes[:, 0])[which]
intercept = torch.from_numpy(pieces.intercepts[:, 0])[which]
gap = (y - (slope * x + intercept)).abs().max()
print(f"{pieces.count} pieces; largest gap between f and its pieces: {gap:.1e}")

# %%
fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(x, y, label="$f(x; W)$")
kinks = torch.from_numpy(pieces.breakpoints)
kink_y = forward(kinks[:, None], layers_of(model))[:, 0]
ax.plot(kinks, kink_y, "o", ms=3, label="kinks")
ax.set_xlabel("input $x$")
ax.set_ylabel("output")
ax.legend()
plt.show()

# %% [markdown]
# Depth against pieces: random networks of width 8 gain about one piece per neuron, while the tent map (on [0, 1])
# $\Delta^k$ doubles its pieces with every layer of two units.

# %%
for depth in range(1, 6):
    nets = [mlp([1] + [8] * depth + [1], seed=s) for s in range(3)]
    counts = [linear_pieces(net).count for net in nets]
    tent = linear_pieces(tent_layers(depth), 0.0, 1.0).count
    print(f"depth {depth}: random width-8 nets {counts}, tent map {tent}")
