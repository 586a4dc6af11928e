/* Swagger UI (drf-spectacular-sidecar) draws each operation's path as a link inside the operation's summary
   button: a control inside a control (axe "nested-interactive"), which a screen reader or a keyboard cannot use
   as two. The path stays as text of the button, which opens the operation (and puts its address in the page's
   URL) as before. Swagger UI draws after the schema has loaded, so the links are unwrapped as they appear. */
(function () {
  "use strict";

  function unwrap() {
    document.querySelectorAll(".opblock-summary-control a[href]").forEach(function (link) {
      link.removeAttribute("href");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    unwrap();
    new MutationObserver(unwrap).observe(document.body, { childList: true, subtree: true });
  });
})();
