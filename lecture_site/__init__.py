"""The site's machinery: builds the MkDocs site from the lecture package ``snippets``.

It depends on ``snippets`` and is never imported by it. ``registry`` finds the figure functions,
``build`` and ``cache`` compute and keep them (``python -m lecture_site figures``), and ``mkdocs_hook``,
the only MkDocs-aware module, puts figures, numbers (``quote``), claims, citations, equations, typeset
math (``typeset``), links, notebooks and trimmed CSS (``unused_css``) into the pages.
"""
