/* Route maps (Leaflet), shared by home care's planner and meals' delivery day. A container
   [data-route-map] carries its routes as JSON in data-routes:
   [{"staff": label, "colour": n, "base": [lat, lon], "stops": [{"lat", "lon", "label"}]}]
   and the tile layer in data-tiles / data-attribution. No inline script. */
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

  function init(root) {
    (root || document).querySelectorAll("[data-route-map]").forEach(drawRoutes);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
