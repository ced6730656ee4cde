/* Home care: route maps (Leaflet, from data-routes), the phone's position for check-in and outcome
   forms (browser geolocation; the forms work without it), and print buttons. No inline script. */
(function () {
  "use strict";

  var COLOURS = ["#1b6ca8", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085", "#2c3e50", "#b7950b", "#7f8c8d", "#e84393"];

  function drawRoutes(container) {
    if (container.dataset.drawn || typeof L === "undefined") { return; }
    var routes = [];
    try { routes = JSON.parse(container.dataset.routes || "[]"); } catch (e) { routes = []; }
    if (!routes.length) { container.hidden = true; return; }
    container.dataset.drawn = "1";
    var map = L.map(container, { scrollWheelZoom: false });
    L.tileLayer(container.dataset.tiles, { maxZoom: 18, attribution: container.dataset.attribution }).addTo(map);
    var bounds = [];
    routes.forEach(function (r) {
      var colour = COLOURS[r.colour % COLOURS.length];
      var line = [r.base];
      r.stops.forEach(function (s) {
        line.push([s.lat, s.lon]);
        bounds.push([s.lat, s.lon]);
        var marker = L.circleMarker([s.lat, s.lon], { radius: 7, color: colour, fillColor: colour, fillOpacity: 0.9 }).addTo(map);
        var box = document.createElement("div");
        var who = document.createElement("strong");
        who.textContent = r.staff;
        box.appendChild(who);
        box.appendChild(document.createElement("br"));
        box.appendChild(document.createTextNode(s.label));
        marker.bindPopup(box);
      });
      line.push(r.base);
      bounds.push(r.base);
      L.polyline(line, { color: colour, weight: 3, opacity: 0.8 }).addTo(map);
      L.marker(r.base, { title: r.staff, alt: r.staff, keyboard: true }).addTo(map);
    });
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  }

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
    (root || document).querySelectorAll("[data-homecare-routes]").forEach(drawRoutes);
    (root || document).querySelectorAll("form[data-geo]").forEach(attachPosition);
    (root || document).querySelectorAll("[data-print]").forEach(function (b) {
      b.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
