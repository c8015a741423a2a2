// The place question's map: a tap on the organisation's outline map fills in latitude and longitude, and a
// typed point shows on the map. Without JavaScript the two fields are there to type in.
(function () {
  "use strict";
  function setUp(box) {
    var svg = box.querySelector("svg");
    var marker = box.querySelector(".marker");
    var lat = document.getElementById(box.getAttribute("data-lat"));
    var lng = document.getElementById(box.getAttribute("data-lng"));
    var west = parseFloat(box.getAttribute("data-west")), east = parseFloat(box.getAttribute("data-east"));
    var south = parseFloat(box.getAttribute("data-south")), north = parseFloat(box.getAttribute("data-north"));
    var view = svg.viewBox.baseVal;
    function show() {
      var la = parseFloat((lat.value || "").replace(",", ".")), lo = parseFloat((lng.value || "").replace(",", "."));
      if (isNaN(la) || isNaN(lo)) { marker.setAttribute("cx", -20); marker.setAttribute("cy", -20); return; }
      marker.setAttribute("cx", (lo - west) / (east - west) * view.width);
      marker.setAttribute("cy", (north - la) / (north - south) * view.height);
    }
    svg.addEventListener("click", function (event) {
      var rect = svg.getBoundingClientRect();
      var x = (event.clientX - rect.left) / rect.width, y = (event.clientY - rect.top) / rect.height;
      lat.value = (north - y * (north - south)).toFixed(6);
      lng.value = (west + x * (east - west)).toFixed(6);
      show();
    });
    lat.addEventListener("input", show);
    lng.addEventListener("input", show);
    // A reset sets the fields without an input event (the field form's "Spara och nästa", a conversation
    // opened again): the marker follows once the reset and whatever the script fills in after it are done.
    if (lat.form) lat.form.addEventListener("reset", function () { window.setTimeout(show, 0); });
    box.hidden = false;
    show();
  }
  // "Use my position" for the place question, where the browser can tell it (field form and web survey).
  function setUpPosition(button) {
    if (!navigator.geolocation) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        var lat = document.getElementById(button.getAttribute("data-lat"));
        var lng = document.getElementById(button.getAttribute("data-lng"));
        lat.value = pos.coords.latitude.toFixed(6);
        lng.value = pos.coords.longitude.toFixed(6);
        lat.dispatchEvent(new Event("input"));
      });
    });
  }
  function init() {
    document.querySelectorAll(".point-map").forEach(setUp);
    document.querySelectorAll(".use-position").forEach(setUpPosition);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
