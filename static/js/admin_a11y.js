/* Names for the admin widgets that Django draws without one (axe: "label", "aria-input-field-name"):
   an autocomplete (select2) box and its search box take their field's label; a tabular inline's delete box is
   named by its column's heading (Django's own, translated). Widgets added later (a new inline row, an opened drop-down) are
   named as they appear. Loaded on every admin page by templates/admin/base_site.html. */
(function () {
  "use strict";

  function labelOf(select) {
    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    return label ? label.textContent.replace(/[:：]\s*$/, "").trim() : "";
  }

  function name(el, text) {
    if (text && !el.getAttribute("aria-label")) {
      el.setAttribute("aria-label", text);
    }
  }

  function nameAutocompletes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var text = labelOf(select);
      var container = select.nextElementSibling;
      if (!container || !container.classList.contains("select2")) {
        return;
      }
      container.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach(function (el) {
        name(el, text);
      });
    });
    document.querySelectorAll(".select2-dropdown .select2-search__field").forEach(function (el) {
      var owner = document.querySelector('[aria-expanded="true"][role="combobox"]');
      name(el, owner ? owner.getAttribute("aria-label") : "");
    });
  }

  function columnHeading(cell) {
    var table = cell.closest("table");
    var row = table && table.tHead ? table.tHead.rows[0] : null;
    var heading = row ? row.cells[cell.cellIndex] : null;
    return heading ? heading.textContent.trim() : "";
  }

  function nameDeleteBoxes() {
    document.querySelectorAll('input[type="checkbox"][name$="-DELETE"]').forEach(function (box) {
      var cell = box.closest("td");
      if ((!box.labels || !box.labels.length) && cell) {
        name(box, columnHeading(cell));
      }
    });
  }

  var pending = false;
  function run() {
    pending = false;
    nameAutocompletes();
    nameDeleteBoxes();
  }

  function later() {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(run);
    }
  }

  window.addEventListener("load", function () {
    run();
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  });
})();
