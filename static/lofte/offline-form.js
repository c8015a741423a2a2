/* What the two offline-safe phone forms share (the field form, capture.js, and the activity form,
 * activity-queue.js): idempotency keys, queues in localStorage, and keeping the form for use without network.
 * Loaded before either, as window.lofteOffline.
 */
(function () {
  "use strict";

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // A queue is a JSON list under one localStorage key; its items carry their idempotency key as "key".
  function read(key) {
    try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; }
  }
  function write(key, list) { localStorage.setItem(key, JSON.stringify(list)); }
  function without(key, id) {
    write(key, read(key).filter(function (item) { return item.key !== id; }));
  }

  // Register the form's service worker (templates/offline_form_sw.js). The worker only sees requests made after
  // it is installed, and this page was loaded before: put the page and the files it loaded into the worker's
  // cache now, under the keys the worker looks them up by. data-offline-ready="true" says it is done.
  function keepForOffline(form) {
    var worker = form.getAttribute("data-service-worker");
    if (!("serviceWorker" in navigator) || !worker) return;
    navigator.serviceWorker.register(worker).then(function () {
      var name = form.getAttribute("data-cache");
      if (!name || !window.caches) return;
      var files = [];
      document.querySelectorAll('link[rel="stylesheet"][href], script[src]').forEach(function (element) {
        var url = new URL(element.href || element.src, location.href);
        if (url.origin === location.origin) files.push(url.href);
      });
      return caches.open(name).then(function (cache) {
        function keep(key, url) {
          return fetch(url, { credentials: "same-origin" }).then(function (response) {
            if (response.ok && !response.redirected) return cache.put(key, response);
          });
        }
        return Promise.all([keep(location.pathname, location.pathname)].concat(files.map(function (url) { return keep(url, url); })));
      }).then(function () { form.setAttribute("data-offline-ready", "true"); });
    }).catch(function () {});
  }

  window.lofteOffline = { uuid4: uuid4, read: read, write: write, without: without, keepForOffline: keepForOffline };
})();
