// The village screen (大屏): shows the board's panels one at a time and reads the page again
// every few minutes, keeping the panel it is on. No framework and no outside request; the
// page without this script shows every panel, one below the other.
//
// How long a panel stays and how often the figures are read again come from the page's
// data-panel-ms and data-refresh-ms, read afresh each time (a change to either takes effect
// at once). With prefers-reduced-motion every panel stays on the page and nothing moves.
(function () {
  "use strict";
  var root = document.getElementById("screen");
  if (!root) { return; }
  var html = document.documentElement;
  var pauseButton = document.getElementById("pause");
  var position = document.getElementById("position");
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var current = 0;
  var paused = false;
  var panelTimer = null;
  var refreshTimer = null;
  var chinese = (html.lang || "").indexOf("zh") === 0;

  function panels() { return root.querySelectorAll("[data-panel]"); }

  function milliseconds(name, fallback) {
    var value = parseInt(root.getAttribute(name), 10);
    return value > 0 ? value : fallback;
  }

  function show(index) {
    var all = panels();
    if (!all.length) { return; }
    current = ((index % all.length) + all.length) % all.length;
    for (var i = 0; i < all.length; i++) { all[i].classList.toggle("current", i === current); }
    root.setAttribute("data-current", all[current].getAttribute("data-panel"));
    position.textContent = chinese
      ? "第 " + (current + 1) + " / " + all.length + " 屏"
      : "Panel " + (current + 1) + " of " + all.length;
  }

  function step() { show(current + 1); schedulePanel(); }

  function schedulePanel() {
    clearTimeout(panelTimer);
    if (!still && !paused) { panelTimer = setTimeout(step, milliseconds("data-panel-ms", 15000)); }
  }

  function refresh() {
    var key = root.getAttribute("data-current");
    return fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) {
        if (!answer.ok) { throw new Error("status " + answer.status); }
        return answer.text();
      })
      .then(function (text) {
        var fresh = new DOMParser().parseFromString(text, "text/html");
        var freshPanels = fresh.getElementById("panels");
        var freshScreen = fresh.getElementById("screen");
        if (!freshPanels || !freshScreen) { return; }
        document.getElementById("panels").replaceWith(document.adoptNode(freshPanels));
        document.getElementById("refreshed").textContent = fresh.getElementById("refreshed").textContent;
        root.setAttribute("data-refreshed-at", freshScreen.getAttribute("data-refreshed-at"));
        root.setAttribute("data-refreshes", String(parseInt(root.getAttribute("data-refreshes") || "0", 10) + 1));
        // Stay on the same panel if it is still there (a list may have grown or shrunk).
        var all = panels();
        var kept = 0;
        for (var i = 0; i < all.length; i++) { if (all[i].getAttribute("data-panel") === key) { kept = i; } }
        if (!still) { show(kept); }
      })
      .catch(function () { /* keep showing what was read last; "更新于" says when that was */ })
      .then(scheduleRefresh);
  }

  function scheduleRefresh() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(refresh, milliseconds("data-refresh-ms", 300000));
  }

  new MutationObserver(function (changes) {
    changes.forEach(function (change) {
      if (change.attributeName === "data-panel-ms") { schedulePanel(); }
      if (change.attributeName === "data-refresh-ms") { scheduleRefresh(); }
    });
  }).observe(root, { attributes: true, attributeFilter: ["data-panel-ms", "data-refresh-ms"] });

  if (!still) {
    html.classList.add("rotating");
    position.hidden = false;
    pauseButton.hidden = false;
    pauseButton.addEventListener("click", function () {
      paused = !paused;
      pauseButton.textContent = pauseButton.getAttribute(paused ? "data-resume" : "data-pause");
      schedulePanel();
    });
    show(0);
    schedulePanel();
  }
  scheduleRefresh();
  window.ledgerScreen = { step: step, refresh: refresh };
})();
