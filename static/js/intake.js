// Intake staff pages. A static file because the Content Security Policy allows no inline script.
(function () {
  "use strict";
  // The person search sits inside the request form: Enter there should search, not submit the
  // half-filled form (which would show errors for fields the operator has not reached yet).
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key !== "Enter" || !field || !field.matches || !field.matches("[data-enter-searches]")) {
      return;
    }
    event.preventDefault();
    if (window.htmx) {
      window.htmx.trigger(field, "search");
    }
  });
})();
