/* dxtracker: tables marked .dxt-cards become cards on a phone (static/css/dxtracker.css), each cell a line
   headed by its column's name. django-tables2 tables are written that way on the server
   (templates/tables/_table.html); for the templates' own tables this gives each cell its column header as
   data-label and wraps its content, once the page is loaded. */
(function () {
  "use strict";
  function label(table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead tr:first-child > th"), function (th) {
      return th.textContent.trim();
    });
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (cell.tagName !== "TD" || cell.hasAttribute("data-label") || cell.hasAttribute("colspan")) { return; }
        if (headers[i]) { cell.setAttribute("data-label", headers[i]); }
        if (!cell.querySelector(":scope > .dxt-cell")) {
          var span = document.createElement("span");
          span.className = "dxt-cell";
          while (cell.firstChild) { span.appendChild(cell.firstChild); }
          cell.appendChild(span);
        }
      });
    });
  }
  function all() { document.querySelectorAll("table.dxt-cards").forEach(label); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", all); } else { all(); }
})();
