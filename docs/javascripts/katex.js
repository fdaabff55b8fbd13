// Typeset math with the vendored KaTeX, on first load and after every instant navigation.
// Page math comes from pymdownx.arithmatex (generic mode): \( .. \) and \[ .. \] in .arithmatex.
// Notebook markdown cells keep their $ .. $ and $$ .. $$ in .jp-RenderedMarkdown.
document$.subscribe(function () {
  var delimiters = [
    { left: "\\[", right: "\\]", display: true },
    { left: "\\(", right: "\\)", display: false },
  ];
  document.querySelectorAll(".arithmatex").forEach(function (el) {
    renderMathInElement(el, { delimiters: delimiters, throwOnError: false });
  });
  document.querySelectorAll(".jp-RenderedMarkdown").forEach(function (el) {
    renderMathInElement(el, {
      delimiters: [{ left: "$$", right: "$$", display: true }, { left: "$", right: "$", display: false }]
        .concat(delimiters),
      throwOnError: false,
    });
  });
});
