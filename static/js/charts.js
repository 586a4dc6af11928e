/* dxtracker charts: draw every Plotly figure whose JSON the page carries (see templates/plans/_chart.html).
   The figures are built in Python (plans/charts.py, indicators/charts.py), their displayed numbers too; the
   plotly.js config (locale, Vietnamese labels, the mode bar with its download button only, no cloud, no link
   out) comes from plans/chart_style.py through the page's "plotly-config" JSON. This file only hands them to
   plotly.js. */
(function () {
  "use strict";
  // Used only if a page carries no config: the same rules, without the translated labels.
  var FALLBACK = {
    responsive: true,
    displaylogo: false,
    modeBarButtons: [["toImage"]],
    showLink: false,
    showSendToCloud: false,
    showEditInChartStudio: false,
    plotlyServerURL: ""
  };
  function config() {
    var source = document.getElementById("plotly-config");
    return source ? JSON.parse(source.textContent) : FALLBACK;
  }
  function draw() {
    if (!window.Plotly) { return; }
    var shared = config();
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) { return; }
      var fig = JSON.parse(source.textContent);
      window.Plotly.newPlot(el, fig.data, fig.layout, Object.assign({}, shared))
        .then(function () { el.setAttribute("data-drawn", "true"); });
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
