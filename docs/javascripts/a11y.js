// Small accessibility fixes to the theme and to mkdocs-jupyter's markup (checked by axe-core in tests).
document$.subscribe(function () {
  // Material's search dialog has role="dialog" but no accessible name.
  var search = document.querySelector(".md-search");
  if (search) search.setAttribute("aria-label", "Search");
  // Notebook code cells scroll sideways; keyboard users must be able to reach them.
  document.querySelectorAll(".jupyter-wrapper .highlight-ipynb, .jupyter-wrapper .jp-OutputArea-output pre")
    .forEach(function (el) { el.tabIndex = 0; });
});
