/* dxtracker charts: draw every Plotly figure whose JSON the page carries (see templates/plans/_chart.html).
   The figures are built in Python (plans/charts.py); this file only hands them to plotly.js. */
(function () {
  "use strict";
  function draw() {
    if (!window.Plotly) { return; }
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) { return; }
      var fig = JSON.parse(source.textContent);
      window.Plotly.newPlot(el, fig.data, fig.layout, {
        responsive: true,
        displaylogo: false,
        modeBarButtonsToRemove: ["select2d", "lasso2d"]
      }).then(function () { el.setAttribute("data-drawn", "true"); });
    });
  }
  // Printing: open the "Figures" tables under each chart, so the numbers are on paper too.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
