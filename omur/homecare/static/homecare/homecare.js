/* Home care: the phone's position for check-in and outcome forms (browser geolocation; the forms
   work without it) and print buttons. Route maps are static/js/route-map.js. No inline script. */
(function () {
  "use strict";

  function attachPosition(form) {
    if (form.dataset.geoBound) { return; }
    form.dataset.geoBound = "1";
    form.addEventListener("submit", function (event) {
      var lat = form.querySelector("input[name=lat]");
      var lon = form.querySelector("input[name=lon]");
      if (!lat || !lon || lat.value || !navigator.geolocation || form.dataset.geoDone) { return; }
      event.preventDefault();
      var status = form.querySelector("[data-geo-status]");
      if (status) { status.textContent = status.dataset.waiting || ""; }
      var send = function () { form.dataset.geoDone = "1"; form.requestSubmit ? form.requestSubmit() : form.submit(); };
      navigator.geolocation.getCurrentPosition(
        function (pos) { lat.value = pos.coords.latitude.toFixed(6); lon.value = pos.coords.longitude.toFixed(6); send(); },
        function () { send(); },
        { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 }
      );
    });
  }

  function init(root) {
    (root || document).querySelectorAll("form[data-geo]").forEach(attachPosition);
    (root || document).querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
