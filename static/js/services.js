/* Service and location maps (Leaflet, vendored). Markers come from the container's data-points
   (JSON: lat, lon, name, url, kind); the same places are always listed as text on the page, so the
   map is an aid, not the only way in. No inline script: the CSP forbids it. */
(function () {
  "use strict";

  function draw(container) {
    if (container.dataset.drawn || typeof L === "undefined") { return; }
    var points = [];
    try { points = JSON.parse(container.dataset.points || "[]"); } catch (e) { points = []; }
    if (!points.length) { container.hidden = true; return; }
    container.dataset.drawn = "1";
    var map = L.map(container, { scrollWheelZoom: false });
    L.tileLayer(container.dataset.tiles, { maxZoom: 18, attribution: container.dataset.attribution }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.marker([p.lat, p.lon], { title: p.name, alt: p.name, keyboard: true }).addTo(map);
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.name;
      var box = document.createElement("div");
      box.appendChild(link);
      if (p.kind) {
        var kind = document.createElement("div");
        kind.className = "small";
        kind.textContent = p.kind;
        box.appendChild(kind);
      }
      marker.bindPopup(box);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) { map.setView(bounds[0], 14); } else { map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14 }); }
  }

  function drawAll(root) {
    (root || document).querySelectorAll("[data-services-map]").forEach(draw);
  }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  // Filter results swapped in by htmx carry a fresh map container.
  document.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
})();
