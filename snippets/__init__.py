"""Executable lecture notes on the theoretical foundations of deep learning.

One module per lecture concept: ``nets`` (deep ReLU networks), ``data`` (digits and photos), ``train``
(empirical risk and SGD), ``expressivity`` (representation power). Each module holds the math as
plain functions and, at its end, the figure functions that the site shows. ``figures`` is the registry
of those figure functions, ``cache`` stores what they computed, and ``python -m snippets figures`` builds
them. Only ``mkdocs_hook`` knows about MkDocs.
"""
