// The lägesbild's map: areas shaded by the chosen measure, incidents, places and walk observations as points,
// hotspots as rings. Data comes from the page's json_script; no inline script or style (CSP). Police events are
// never drawn: the public list places them at the kommun's midpoint.
(function () {
  "use strict";
  var box = document.getElementById("picture-map");
  var source = document.getElementById("picture-map-data");
  if (!box || !source || typeof L === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var map = L.map(box, { scrollWheelZoom: false, zoomSnap: 0.25 });
  if (box.dataset.tileUrl) {
    L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.tileAttribution || "", maxZoom: 18 }).addTo(map);
  }
  var shades = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"];
  var areas = {};
  (data.areas || []).forEach(function (a) { areas[a.area] = a; });
  var layers = [];
  var bounds = null;
  Object.keys(data.geometry || {}).forEach(function (id) {
    var layer = L.geoJSON(data.geometry[id], { style: { color: "#333", weight: 1, fillOpacity: 0.55 } });
    layer.areaId = id;
    layers.push(layer);
    bounds = bounds ? bounds.extend(layer.getBounds()) : L.latLngBounds(layer.getBounds().getSouthWest(), layer.getBounds().getNorthEast());
  });
  (data.points || []).forEach(function (p) {
    if (!bounds && p.lat != null && p.lng != null) { bounds = L.latLngBounds([p.lat, p.lng], [p.lat, p.lng]); }
    else if (p.lat != null && p.lng != null && !layers.length) { bounds.extend([p.lat, p.lng]); }
  });
  // A vector layer can only be added once the map has a view.
  if (bounds) { map.fitBounds(bounds.pad(0.05)); } else { map.setView([62, 16], 5); }
  layers.forEach(function (layer) { layer.addTo(map); });
  function shade(measure) {
    var values = layers.map(function (l) { var a = areas[l.areaId]; return a && a[measure] != null ? a[measure] : null; });
    var known = values.filter(function (v) { return v != null; });
    var top = Math.max.apply(null, known.concat([0]));
    var low = Math.min.apply(null, known.concat([top]));
    layers.forEach(function (layer, i) {
      var v = values[i];
      // From the lowest area to the highest, so differences between areas show.
      var level = v == null ? 0 : top === low ? 2 : Math.round(1 + 3 * (v - low) / (top - low));
      layer.setStyle({ fillColor: shades[level] });
      var a = areas[layer.areaId] || {};
      layer.bindTooltip((a.name || "") + ": " + (v == null ? "–" : v));
    });
  }
  var colours = { incident: "#b34700", place: "#005a9c", walk: "#2e7d32" };
  (data.points || []).forEach(function (p) {
    if (p.lat == null || p.lng == null) { return; }
    var radius = p.kind === "incident" ? Math.min(12, 3 + Math.sqrt(p.count)) : 6;
    L.circleMarker([p.lat, p.lng], { radius: radius, color: colours[p.kind] || "#333", weight: 1, fillOpacity: 0.7 })
      .bindTooltip((data.labels[p.kind] || p.kind) + ": " + (p.name || p.theme || "") + " (" + p.count + ")")
      .addTo(map);
  });
  (data.hotspots || []).forEach(function (h) {
    L.circle([h.lat, h.lng], { radius: 150, color: "#a8321a", weight: 3, fill: false })
      .bindTooltip(h.place + ", " + h.band).addTo(map);
  });
  var select = document.querySelector(".map-measure");
  if (select) {
    shade(select.value);
    select.addEventListener("change", function () { shade(select.value); box.dataset.measure = select.value; });
    box.dataset.measure = select.value;
  }
})();
