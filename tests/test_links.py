"""Broken relative links name the page and the line; code, anchors and URLs are left alone."""
import pytest

from lecture_site.links import LinkError, check

SITE = {"index.md", "networks.md", "figures/a.svg", "notebooks/relu-pieces.py"}


def exists(uri: str) -> bool:
    return uri in SITE


def test_good_links_pass():
    check("[n](networks.md#layers) ![f](figures/a.svg) [ext](https://x.org/y.md) [top](#here) "
          "[m](mailto:a@b.c) [nb](notebooks/relu-pieces.py)\n", "index.md", exists)
    check("[up](../networks.md)", "notebooks/page.md", exists)


def test_broken_link_names_page_and_line():
    with pytest.raises(LinkError, match=r"docs/index\.md:3: link 'nowhere\.md' points to 'nowhere\.md'"):
        check("# T\n\nSee [this](nowhere.md).\n", "index.md", exists)
    with pytest.raises(LinkError, match=r"docs/index\.md:2: link 'figures/b\.svg'"):
        check("# T\n![missing](figures/b.svg)\n", "index.md", exists)


def test_links_in_code_are_examples():
    check("```python\nprint('[x](nowhere.md)')\n```\n\n    ```md\n    [x](gone.md)\n    ```\n\n"
          "Write `[Data](figures/NAME.json)` after a caption.\n", "index.md", exists)
    with pytest.raises(LinkError, match=r"index\.md:5:"):  # lines after a fence still count
        check("```\n[x](a.md)\n```\n\n[y](gone.md)\n", "index.md", exists)
