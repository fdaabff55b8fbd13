// Explorable figures (written by lecture_site/explore.py, which documents the element): a slider moves
// through the values a figure's experiment swept. The selection is drawn over the static figure and the
// readout is filled from the figure's NAME.json, fetched when the figure comes near the screen. Nothing is
// computed here but formatting, which follows Python's format() for the specs explore.py allows, so that
// the page shows the digits the build would print. Only pages with an explorable figure load this file.
(function () {
  "use strict";
  if (window.lectureExplore) return; // instant navigation runs the script again on each page that has it
  window.lectureExplore = { format: format }; // the tests compare it with Python's format()
  var SVG = "http://www.w3.org/2000/svg";
  var FIELD = /\{([A-Za-z0-9_.]+):([^{}]*)\}/g;
  var records = {};
  var made = 0;

  var CSS =
    ".explore{margin:.4rem auto 1.2rem;max-width:46rem}" +
    ".explore label{font-weight:700;margin-right:.6rem}" +
    ".explore input{width:min(18rem,100%);vertical-align:middle;accent-color:var(--md-accent-fg-color)}" +
    ".explore .explore-value{margin-left:.6rem;font-variant-numeric:tabular-nums}" +
    ".explore .explore-readout{margin:.4rem 0 0}" +
    ".explore-stage{position:relative;display:block;width:fit-content;max-width:100%;margin:0 auto}" +
    ".explore-stage>img{display:block}" +
    ".explore-overlay{position:absolute;inset:0;width:100%;height:100%;pointer-events:none}" +
    "@media print{.explore,.explore-overlay{display:none!important}}";

  function load(url) {
    if (!records[url]) {
      records[url] = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": HTTP " + r.status);
        return r.json();
      });
    }
    return records[url];
  }

  // A path's value at the selected position: a list met on the way is indexed by it (explore.at).
  function at(results, path, i) {
    return path.split(".").reduce(function (v, k) {
      v = v[k];
      return Array.isArray(v) ? v[i] : v;
    }, results);
  }

  // Python's fixed-point rounding: the double's exact decimal expansion, ties to even (toFixed rounds
  // ties away from zero, so 4.25 would show as 4.3 where Python prints 4.2).
  function fixed(x, d) {
    var s = Math.abs(x).toFixed(100);
    var dot = s.indexOf(".");
    var keep = s.slice(0, dot) + s.slice(dot + 1, dot + 1 + d);
    var rest = s.slice(dot + 1 + d);
    var odd = Number(keep[keep.length - 1]) % 2 === 1;
    var up = rest[0] > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1)) || odd));
    var digits = (BigInt(keep) + (up ? 1n : 0n)).toString().padStart(d + 1, "0");
    var text = d ? digits.slice(0, -d) + "." + digits.slice(-d) : digits;
    return (x < 0 || Object.is(x, -0) ? "-" : "") + text;
  }

  function format(v, spec) {
    var m = /^(,?)(?:\.(\d+))?([f%d])$/.exec(spec);
    var text = m[3] === "d" ? String(v) : fixed(m[3] === "%" ? v * 100 : v, Number(m[2]));
    if (m[1]) {
      var parts = text.split(".");
      parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",");
      text = parts.join(".");
    }
    return m[3] === "%" ? text + "%" : text;
  }

  function fill(template, results, i) {
    return template.replace(FIELD, function (_, path, spec) { return format(at(results, path, i), spec); });
  }

  // A data value's place along an axis, as a fraction of its length (0 at the low limit).
  function along(v, lim, scale) {
    if (scale === "log") return (Math.log(v) - Math.log(lim[0])) / (Math.log(lim[1]) - Math.log(lim[0]));
    return (v - lim[0]) / (lim[1] - lim[0]);
  }

  function node(name, attrs, parent) {
    var el = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    return parent.appendChild(el);
  }

  function draw(overlay, box, record, spec, i) {
    overlay.textContent = "";
    var axes = record.axes.axes;
    var x = spec.xAt === "index" ? i : at(record.results, spec.x, i);
    spec.panels.forEach(function (p) {
      var a = axes[p], b = a.box;
      var u = along(x, a.xlim, a.xscale);
      if (!(u >= 0 && u <= 1)) return;
      var px = b[0] + u * (b[2] - b[0]);
      var line = { x1: px, x2: px, y1: b[1], y2: b[3] }; // dark dashes on a white halo
      node("line", Object.assign({ stroke: "#fff", "stroke-width": 3.2, opacity: 0.8 }, line), overlay);
      node("line", Object.assign({ stroke: "#222", "stroke-width": 1.2, "stroke-dasharray": "4 3",
                                   "class": "explore-cursor" }, line), overlay);
      spec.marks.filter(function (m) { return m.panel === p; }).forEach(function (m) {
        var y = at(record.results, m.path, i) * m.factor;
        var w = along(y, a.ylim, a.yscale);
        if (!(w >= 0 && w <= 1)) return; // off the panel (or not drawn on a log axis)
        var c = { cx: px, cy: b[3] - w * (b[3] - b[1]), r: 4.6, fill: "none" };
        node("circle", Object.assign({ stroke: "#fff", "stroke-width": 4 }, c), overlay);
        node("circle", Object.assign({ stroke: "#000", "stroke-width": 1.8, "class": "explore-mark" }, c), overlay);
      });
    });
    box.dataset.selected = String(i);
  }

  function build(box, img, record) {
    addStyle();
    var d = box.dataset;
    var results = record.results;
    var n = Number(d.count); // how many values the build found at d.x (explore.count)
    var spec = {
      x: d.x, xAt: d.xAt || "value", panels: d.panels.split(/\s+/).map(Number),
      marks: (d.marks || "").split(/\s+/).filter(Boolean).map(function (item) {
        var parts = item.split(":"), path = parts[1].split("*");
        return { panel: Number(parts[0]), path: path[0], factor: path[1] ? Number(path[1]) : 1 };
      })
    };
    var first = 0;
    for (var k = 0; d.start !== undefined && k < n; k++) if (at(results, d.x, k) === Number(d.start)) first = k;

    var stage = document.createElement("div");
    stage.className = "explore-stage";
    img.parentNode.insertBefore(stage, img);
    stage.appendChild(img);
    var overlay = node("svg", {
      "class": "explore-overlay", viewBox: "0 0 " + record.axes.width + " " + record.axes.height,
      "aria-hidden": "true", focusable: "false"
    }, stage);

    var id = "explore-" + ++made;
    box.textContent = "";
    var label = box.appendChild(document.createElement("label"));
    label.htmlFor = id;
    label.textContent = d.label;
    var input = box.appendChild(document.createElement("input"));
    Object.assign(input, { type: "range", id: id, min: 0, max: n - 1, step: 1, value: first });
    var value = box.appendChild(document.createElement("span"));
    value.className = "explore-value";
    value.setAttribute("aria-hidden", "true"); // the slider announces it (aria-valuetext)
    var readout = box.appendChild(document.createElement("p"));
    readout.className = "explore-readout";
    readout.setAttribute("aria-live", "polite");

    function show() {
      var i = Number(input.value);
      var text = fill(d.value, results, i);
      input.setAttribute("aria-valuetext", text);
      value.textContent = text;
      readout.textContent = fill(d.readout, results, i);
      draw(overlay, box, record, spec, i);
    }
    input.addEventListener("input", show);
    show();
  }

  function start(box) {
    var img = document.querySelector('img[src$="figures/' + box.dataset.figure + '.svg"]');
    if (!img) return;
    var json = img.src.replace(/\.svg$/, ".json");
    var go = function () {
      // shown only now, near the screen: un-hiding at load made the browser lay out the whole page again
      // during start-up (a long task on a slow phone), and what it pushes down is still off screen
      load(json).then(function (record) { build(box, img, record); }).catch(function (e) {
        box.textContent = "The figure's results could not be loaded (" + e.message + "); the figure above is the static one.";
      }).then(function () { box.hidden = false; });
    };
    if (!("IntersectionObserver" in window)) return go();
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) {
        seen.disconnect();
        go();
      }
    }, { rootMargin: "600px 0px" });
    seen.observe(img);
  }

  function addStyle() { // with the first explorer drawn, not at load: new rules restyle the whole page
    if (document.getElementById("explore-style")) return;
    var style = document.head.appendChild(document.createElement("style"));
    style.id = "explore-style";
    style.textContent = CSS;
  }

  function init() {
    var boxes = document.querySelectorAll(".explore[hidden][data-figure]");
    if (!boxes.length) return;
    // after the page has loaded and the browser is idle: watching the figures needs the page laid out,
    // and asking for that during start-up made it a long task of its own on a slow phone
    var later = window.requestIdleCallback || function (f) { setTimeout(f, 200); };
    var go = function () { later(function () { boxes.forEach(start); }, { timeout: 2000 }); };
    if (document.readyState === "complete") go();
    else window.addEventListener("load", go, { once: true });
  }

  if (typeof document$ !== "undefined") document$.subscribe(init);
  else init();
})();
