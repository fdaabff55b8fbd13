"""Unused stylesheet rules are cut from notebook pages (lecture_site.unused_css)."""
import re

import pytest

from lecture_site.unused_css import CSSSyntaxError, classes_in, keep_used, keep_used_in_page

CSS = ('@charset "UTF-8";'
       ".a .b{x:1}.c,.a:not(.zz){y:2}"
       "@media (max-width:10px){.q{z:1}.a{z:2}}@media print{.q{z:3}}"
       "@keyframes k{from{o:0}to{o:1}}"
       '[title=".q"]{w:1}.q::after{content:"}{"}'
       ".a :root{--v:1}:root{--w:2}.a body{m:0}")


def test_rules_that_need_an_absent_class_go_the_others_stay():
    out = keep_used(CSS, {"a", "b"})
    assert out == ('@charset "UTF-8";.a .b{x:1}.a:not(.zz){y:2}@media (max-width:10px){.a{z:2}}'
                   '@keyframes k{from{o:0}to{o:1}}[title=".q"]{w:1}:root{--w:2}')


def test_every_rule_stays_when_every_class_is_there():
    assert keep_used(".a{x:1}.b .c{y:2}", {"a", "b", "c"}) == ".a{x:1}.b .c{y:2}"


def test_comments_and_braces_in_strings_do_not_confuse_it():
    assert keep_used('/* .a{ */.q{content:"{"}.a{x:1}', {"a"}) == ".a{x:1}"


@pytest.mark.parametrize("css", [".a{x:1", ".a{x:1}}", ".a"])
def test_broken_css_is_an_error_not_a_silent_cut(css):
    with pytest.raises(CSSSyntaxError):
        keep_used(css, {"a"})


def test_wrong_arguments_are_named():
    with pytest.raises(TypeError, match="classes must be a set"):
        keep_used(".a{}", ["a"])
    with pytest.raises(TypeError, match="css must be a str"):
        keep_used(None, {"a"})


def test_page_classes_and_style_elements():
    html = '<style>.a{x:1}.gone{y:2}</style><div class="a  b"><p class=\'c\'>t</p></div>'
    assert classes_in(html) == {"a", "b", "c"}
    assert keep_used_in_page(html) == '<style>.a{x:1}</style><div class="a  b"><p class=\'c\'>t</p></div>'


def test_built_notebook_page_keeps_only_what_its_cells_use(built_site):
    html = (built_site / "notebooks" / "relu-pieces" / "index.html").read_text()
    css = "".join(re.findall(r"<style[^>]*>(.*?)</style>", html, re.S))
    assert len(css) < 80_000, f"the notebook page still carries {len(css)} characters of CSS"
    assert ".jupyter-wrapper .jp-Cell" in css and ".jp-OutputArea" in css  # what the cells need is there
    assert "jp-Dialog" not in css and ".jupyter-wrapper :root" not in css  # JupyterLab's app chrome is not
