// Page math is typeset at build time (snippets/typeset.py), notebook Markdown cells' too. What is left
// for the browser is math the build could not see: any formula still in its delimiters. Only then is
// the vendored KaTeX loaded, on first load and after instant navigation.
(function () {
  var script = document.currentScript;
  var base = script ? script.src.replace(/javascripts\/katex\.js.*$/, "assets/katex/") : "assets/katex/";
  var loading = null;

  function load(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = base + src;
      s.onload = resolve;
      s.onerror = reject;
      document.head.appendChild(s);
    });
  }

  function katexReady() {
    if (!loading) loading = load("katex.min.js").then(function () { return load("contrib/auto-render.min.js"); });
    return loading;
  }

  // Markdown text that still has a formula in its delimiters (outside code and typeset math)
  function hasDelimiters(el) {
    var text = el.cloneNode(true);
    [].forEach.call(text.querySelectorAll(".katex, code, pre"), function (n) { n.remove(); });
    return /\$|\\\(|\\\[/.test(text.textContent);
  }

  function untypeset() {
    var raw = [].filter.call(document.querySelectorAll(".arithmatex"), function (el) {
      return !el.querySelector(".katex");
    });
    return raw.concat([].filter.call(document.querySelectorAll(".jp-RenderedMarkdown"), hasDelimiters));
  }

  document$.subscribe(function () {
    var targets = untypeset();
    if (!targets.length) return;
    katexReady().then(function () {
      var delimiters = [
        { left: "$$", right: "$$", display: true },
        { left: "$", right: "$", display: false },
        { left: "\\[", right: "\\]", display: true },
        { left: "\\(", right: "\\)", display: false },
      ];
      targets.forEach(function (el) {
        renderMathInElement(el, { delimiters: delimiters, throwOnError: false });
      });
    });
  });
})();
