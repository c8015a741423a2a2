/* Löfte activity form service worker: lets staff open the phone form for logging an activity without network,
   as the field form's worker does (dialogues/capture_sw.js). Only the logging pages
   (/medborgarloften/<partnership>/<promise>/ataganden/<commitment>/logga/) and the files they load are kept; the
   page is fetched from the network first and the kept copy is used only when the network is gone. Queued
   activities live in localStorage (activity-queue.js), never here. Sign-out clears this cache (Clear-Site-Data). */
"use strict";
var CACHE = "{{ cache_name }}";
var ACTIVITY_FORM = /^\/medborgarloften\/[^/]+\/\d+\/ataganden\/\d+\/logga\/$/;

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("lofte-activity-form-") === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(key, response) {
  if (response.ok && response.type === "basic" && !response.redirected) {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(key, copy); });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && ACTIVITY_FORM.test(url.pathname)) {
    event.respondWith(fetch(request).then(function (r) { return keep(url.pathname, r); }, function () {
      return caches.match(url.pathname).then(function (kept) { return kept || Response.error(); });
    }));
  } else if (url.pathname.indexOf("{{ static_prefix }}") === 0 || url.pathname === "{{ catalog_path }}") {
    event.respondWith(fetch(request).then(function (r) { return keep(request.url, r); }, function () {
      return caches.match(request.url).then(function (kept) { return kept || Response.error(); });
    }));
  }
});
