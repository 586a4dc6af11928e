/* dxtracker: a <select data-autosubmit> submits its form as soon as its value changes (language, year, group).
   A static file rather than onchange="..." attributes, which the Content-Security-Policy forbids.
   Without JavaScript the forms still work through their submit buttons. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });
})();
