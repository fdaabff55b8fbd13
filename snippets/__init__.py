"""Executable lecture notes on the theoretical foundations of deep learning: the lecture's code.

One module per lecture concept: ``nets`` (deep ReLU networks), ``data`` (digits and photos), ``train``
(empirical risk and SGD), ``expressivity`` (representation power), ``decomposition`` and ``tradeoffs``
(approximation, estimation, optimization), ``landscape`` (non-convexity), ``hardness`` (NP-hardness of
training), ``overparameterization`` (why SGD works anyway), ``randomization`` and ``implicit``
(generalization). Each holds the math as plain functions and, at its end, the figure functions the site
shows, marked with ``figures.figure``; ``checks`` and ``style`` are shared helpers. Nothing here knows
about the website: the site's machinery is the separate package ``lecture_site``.
"""
