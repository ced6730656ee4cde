// Registry pages: the person map, person pickers, and the district → neighbourhood selects.
// No inline scripts (strict CSP): everything reads data- attributes.
(function () {
  "use strict";

  function initMap() {
    var el = document.getElementById("person-map");
    if (!el || !window.L || el.dataset.ready) { return; }
    el.dataset.ready = "1";
    var lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
    if (isNaN(lat) || isNaN(lon)) { return; }
    var approximate = el.dataset.approximate === "1";
    var map = window.L.map(el, { scrollWheelZoom: false }).setView([lat, lon], approximate ? 12 : 16);
    window.L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: "&copy; OpenStreetMap"
    }).addTo(map);
    if (approximate) {
      // Only the district centre is known (±2 km): a circle says so, a pin would claim a door.
      window.L.circle([lat, lon], { radius: 2000, color: "#8a4b00", fillOpacity: 0.15 }).addTo(map);
    } else {
      window.L.marker([lat, lon], { title: el.dataset.label || "" }).addTo(map);
    }
  }

  // Person pickers: <input class="person-picker" list="person-options"> fills the shared datalist
  // with "#id Name" options from the server as the user types.
  var timer = null;
  function refreshOptions(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var value = input.value.trim();
    if (!list || !list.dataset.url || value.length < 2 || value.charAt(0) === "#") { return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      fetch(list.dataset.url + "?q=" + encodeURIComponent(value), { credentials: "same-origin", headers: { "HX-Request": "true" } })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { list.innerHTML = html; });
    }, 250);
  }
  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target && target.classList && target.classList.contains("person-picker")) { refreshOptions(target); }
  });

  // The neighbourhood select was refilled for a new district: let the search form run again.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.tagName === "SELECT" && target.name === "neighbourhood") {
      target.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initMap);
  } else {
    initMap();
  }
})();
