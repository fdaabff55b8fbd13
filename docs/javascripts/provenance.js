// A figure's caption links its compute time to figures/timings.json instead of printing it, so that the
// pages are the same bytes in every build (the seconds are not); show the seconds in place of the link text.
(function () {
  var loaded = {};

  function timings(url) {
    if (!loaded[url]) {
      loaded[url] = fetch(url)
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    }
    return loaded[url];
  }

  document$.subscribe(function () {
    document.querySelectorAll("a.figure-time[data-figure]").forEach(function (a) {
      timings(a.href).then(function (seconds) {
        var s = seconds[a.dataset.figure];
        if (typeof s === "number") a.textContent = s.toFixed(1) + " s";
      });
    });
  });
})();
