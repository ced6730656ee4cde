/* The impact page's map of Türkiye (Leaflet, vendored): one marker per supported municipality from
   the container's data-points (JSON: lat, lon, name, kind, url). The same municipalities are listed
   as text on the page, so the map is an aid, not the only way in. No inline script (CSP). */
(function () {
  "use strict";

  function draw(container) {
    if (container.dataset.drawn || typeof L === "undefined") { return; }
    var points = [];
    try { points = JSON.parse(container.dataset.points || "[]"); } catch (e) { points = []; }
    container.dataset.drawn = "1";
    var map = L.map(container, { scrollWheelZoom: false }).setView([39.0, 35.2], 5);
    L.tileLayer(container.dataset.tiles, { maxZoom: 12, attribution: container.dataset.attribution }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.circleMarker([p.lat, p.lon], { radius: 8, weight: 2, color: "#0b4f5c", fillColor: "#1a8a9c", fillOpacity: 0.8 }).addTo(map);
      var box = document.createElement("div");
      var title = document.createElement("strong");
      title.textContent = p.name;
      box.appendChild(title);
      if (p.kind) {
        var kind = document.createElement("div");
        kind.className = "small";
        kind.textContent = p.kind;
        box.appendChild(kind);
      }
      marker.bindPopup(box);
      marker.bindTooltip(p.name);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length > 1) { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 7 }); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-hub-map]").forEach(draw);
  });
})();
