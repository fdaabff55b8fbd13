"""Executable lecture notes on the theoretical foundations of deep learning: the lecture's code.

One module per lecture concept: ``nets`` (deep ReLU networks), ``data`` (digits and photos), ``train``
(empirical risk and SGD), ``expressivity`` (representation power), ``decomposition`` and ``tradeoffs``
(approximation, estimation, optimization), ``landscape`` (non-convexity), ``hardness`` (NP-hardness of
training), ``overparameterization`` (why SGD works anyway), ``randomization`` and ``implicit``
(generalization). Each holds the math as plain functions and, at its end, the figure functions the site
shows, marked with ``figures.figure``; ``checks`` and ``style`` are shared helpers. Nothing here knows
about the website: the site's machinery is the separate package ``lecture_site``.

A figure function draws one figure of the notes and returns ``(fig, results)``: a matplotlib figure and
a dict of the numbers the page quotes. Call it with keyword arguments only, its seed and the parameters
of a scale, which it carries as attributes::

    from snippets import nets
    fn = nets.relu_network_figure                      # or any function with a ``figure_name``
    fig, results = fn(seed=fn.figure_seed, **fn.figure_scales["quick"])   # "full": closer to the papers

Each concept module's ``CLAIMS`` declares what the pages state about its figures (``snippets.claims``);
``python -m snippets verify`` recomputes the figures and re-checks every claim on your machine.
"""
