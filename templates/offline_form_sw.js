/* Löfte's offline form service worker, one for every phone form that must open without network (the field form,
   the activity form). Only the form's own pages (PAGE below) and the files they load are kept; the page is
   fetched from the network first and the kept copy is used only when the network is gone. What the form queues
   lives in localStorage (capture.js, activity-queue.js), never here. Sign-out clears this cache
   (Clear-Site-Data). */
"use strict";
var CACHE = "{{ cache_name }}";  /* the form's script fills the same cache on the first visit */
var PAGE = new RegExp("{{ page_pattern|escapejs }}");

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf("{{ cache_prefix }}") === 0 && k !== CACHE; })
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
  if (request.mode === "navigate" && PAGE.test(url.pathname)) {
    // The page: network first so it is always current; the kept copy when offline.
    event.respondWith(fetch(request).then(function (r) { return keep(url.pathname, r); }, function () {
      return caches.match(url.pathname).then(function (kept) { return kept || Response.error(); });
    }));
  } else if (url.pathname.indexOf("{{ static_prefix }}") === 0 || url.pathname === "{{ catalog_path }}") {
    // Stylesheets, scripts and the script translations the form loads: network first, kept copy offline.
    event.respondWith(fetch(request).then(function (r) { return keep(request.url, r); }, function () {
      return caches.match(request.url).then(function (kept) { return kept || Response.error(); });
    }));
  }
});
