/* dxtracker: declares the page's language on pages whose <html> element a template cannot reach (the API docs
   page of drf-spectacular): the language comes from the script element's data-language. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (script && !document.documentElement.lang) {
    document.documentElement.lang = script.getAttribute("data-language") || "vi";
  }
})();
