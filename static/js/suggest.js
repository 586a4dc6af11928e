/* dxtracker: a filter's name box (input[data-suggest], plans/templatetags/pages.py `filter_control`) suggests
   names as one types, from the server (plans:suggest) into its <datalist>. A suggestion picked filters by that
   row's id (sent in a hidden field instead of the text); a name typed and not picked filters by the rows whose
   name contains it, which is also how the box works without JavaScript. */
(function () {
  "use strict";
  var DELAY_MS = 200;
  var MIN_LENGTH = 2;

  function setUp(box) {
    var list = document.getElementById(box.getAttribute("list"));
    var ids = {}; // label -> id of the names offered (and of the row the page is filtered by)
    var timer = null;
    var asked = "";
    if (box.dataset.id) {
      ids[box.value] = box.dataset.id;
    }

    function offer(text, rows) {
      if (asked !== text) {
        return; // an older answer, arrived late
      }
      list.textContent = "";
      rows.forEach(function (row) {
        var option = document.createElement("option");
        option.value = row.label;
        list.appendChild(option);
        ids[row.label] = String(row.id);
      });
    }

    function ask(text) {
      asked = text;
      fetch(box.dataset.suggest + "?q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          offer(text, data.results || []);
        })
        .catch(function () {
          /* no suggestions: the typed name still filters */
        });
    }

    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      var text = box.value.trim();
      if (text.length < MIN_LENGTH || ids[box.value] !== undefined) {
        return;
      }
      timer = window.setTimeout(function () {
        ask(text);
      }, DELAY_MS);
    });

    box.form.addEventListener("submit", function () {
      var id = ids[box.value];
      if (id === undefined || !box.name) {
        return;
      }
      var hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = box.name;
      hidden.value = id;
      box.removeAttribute("name");
      box.form.appendChild(hidden);
    });
  }

  document.querySelectorAll("input[data-suggest]").forEach(setUp);
})();
