/* Field capture: an offline queue for conversations.
 *
 * A submitted conversation is written to localStorage FIRST, with a UUID made on the phone as its
 * idempotency key, and the form is cleared for the next resident at once. The queue is then sent, one
 * record at a time, to the JSON endpoint; a record leaves the queue only when the server has stored it
 * (201) or already had it (200). Network failures keep it queued: it is retried when the browser goes
 * online, every 20 seconds, and on the next page load. The server's unique key makes retries and double
 * taps harmless. Without JavaScript the form is an ordinary POST.
 */
(function () {
  "use strict";
  var form = document.getElementById("capture-form");
  if (!form || !window.fetch || !window.localStorage || !window.JSON) return;

  var api = form.getAttribute("data-api");
  var STORE = "lofte.capture.queue." + form.getAttribute("data-campaign");
  var FAILED = STORE + ".failed";
  var status = document.getElementById("queue-status");
  var sentThisVisit = 0;
  var lastReceipt = "";
  var problem = "";
  var flushing = false;

  function field(name) { return form.querySelector('[name="' + name + '"]'); }

  function uuid4() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return ("0" + x.toString(16)).slice(-2); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function read(key) {
    try { return JSON.parse(localStorage.getItem(key)) || []; } catch (e) { return []; }
  }
  function write(key, list) { localStorage.setItem(key, JSON.stringify(list)); }
  function without(key, id) {
    write(key, read(key).filter(function (item) { return item.key !== id; }));
  }

  function render() {
    var waiting = read(STORE).length;
    var failed = read(FAILED);
    var parts = [];
    status.className = "queue-status";
    if (waiting) {
      parts.push(interpolate(ngettext("%s väntar på att skickas", "%s väntar på att skickas", waiting), [waiting]));
      if (!navigator.onLine) parts.push(gettext("inget nät just nu, skickas när nätet är tillbaka"));
      if (problem) parts.push(problem);
      status.className += " waiting";
    } else if (sentThisVisit) {
      parts.push(lastReceipt
        ? interpolate(gettext("Alla samtal är skickade (%(count)s nu, senast nr %(receipt)s)"), { count: sentThisVisit, receipt: lastReceipt }, true)
        : interpolate(gettext("Alla samtal är skickade (%(count)s nu)"), { count: sentThisVisit }, true));
      status.className += " sent";
    }
    if (failed.length) {
      parts.push(interpolate(gettext("%(count)s kunde inte sparas: %(reasons)s"), { count: failed.length, reasons: failed.map(function (f) { return f.message; }).join("; ") }, true));
      status.className += " failed";
    }
    status.textContent = parts.join(" · ");
    status.setAttribute("data-waiting", String(waiting));
  }

  function errorText(body) {
    var errors = (body && body.errors) || {};
    var messages = [];
    Object.keys(errors).forEach(function (k) { messages = messages.concat(errors[k]); });
    return messages.join(" ") || gettext("okänt fel");
  }

  function send(item) {
    return fetch(api, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "X-CSRFToken": field("csrfmiddlewaretoken").value,
      },
      body: JSON.stringify({ idempotency_key: item.key, fields: item.fields }),
    });
  }

  function flush() {
    if (flushing) return Promise.resolve();
    var queue = read(STORE);
    if (!queue.length) { render(); return Promise.resolve(); }
    flushing = true;
    problem = "";
    var chain = Promise.resolve(true);
    queue.forEach(function (item) {
      chain = chain.then(function (goOn) {
        if (!goOn) return false;
        return send(item).then(function (response) {
          if (response.status === 200 || response.status === 201) {
            return response.json().then(function (body) {
              without(STORE, item.key);
              sentThisVisit += 1;
              lastReceipt = body.receipt || "";
              return true;
            });
          }
          if (response.status === 400 || response.status === 413) {
            // The answers themselves are wrong: retrying cannot help, so keep them aside and say why.
            return response.json().catch(function () { return {}; }).then(function (body) {
              var failed = read(FAILED);
              failed.push({ key: item.key, fields: item.fields, message: errorText(body) });
              write(FAILED, failed);
              without(STORE, item.key);
              return true;
            });
          }
          problem = (response.type === "opaqueredirect" || response.status === 403)
            ? gettext("logga in igen för att skicka") : gettext("servern svarade inte, försöker igen");
          return false;
        }, function () {
          return false; // No network: keep everything queued.
        });
      });
    });
    return chain.then(function () { flushing = false; render(); }, function () { flushing = false; render(); });
  }

  function nextConversation() {
    var place = form.querySelector('input[name="place"]:checked');
    var placeValue = place ? place.value : "";
    var lat = field("latitude").value, lng = field("longitude").value;
    form.reset();
    field("idempotency_key").value = uuid4();
    field("conducted_at").value = "";
    field("latitude").value = lat;
    field("longitude").value = lng;
    // Staff usually stay at one place for many conversations: keep it chosen.
    form.querySelectorAll('input[name="place"]').forEach(function (input) { input.checked = input.value === placeValue; });
    var summary = document.getElementById("error-summary");
    if (summary) summary.remove();
    window.scrollTo(0, 0);
  }

  function hasAnswers() {
    return Array.prototype.some.call(form.querySelectorAll('[name^="q-"], [name="age_band"], [name="gender"], [name="relation"]'), function (input) {
      if (input.type === "radio" || input.type === "checkbox") return input.checked && input.value !== "";
      return input.value.trim() !== "";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!hasAnswers()) {
      status.className = "queue-status failed";
      status.textContent = gettext("Inga svar är ifyllda: ett tomt samtal sparas inte.");
      return;
    }
    field("conducted_at").value = new Date().toISOString();
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") fields.push([name, value]);
    });
    var queue = read(STORE);
    var key = field("idempotency_key").value;
    if (!queue.some(function (item) { return item.key === key; })) {
      queue.push({ key: key, fields: fields, queuedAt: Date.now() });
      write(STORE, queue);
    }
    nextConversation();
    render();
    flush();
  });

  // Location of the conversation, if the phone allows it.
  if (navigator.geolocation) {
    navigator.geolocation.watchPosition(function (pos) {
      field("latitude").value = pos.coords.latitude.toFixed(6);
      field("longitude").value = pos.coords.longitude.toFixed(6);
    }, function () {}, { enableHighAccuracy: true, maximumAge: 60000, timeout: 20000 });
    form.querySelectorAll(".use-position").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (pos) {
          document.getElementById(button.getAttribute("data-lat")).value = pos.coords.latitude.toFixed(6);
          document.getElementById(button.getAttribute("data-lng")).value = pos.coords.longitude.toFixed(6);
        });
      });
    });
  }

  // A fresh key for the first conversation too: a page kept for offline use must never reuse one.
  field("idempotency_key").value = uuid4();
  // Keep the field form available without network (see capture_sw.js).
  if ("serviceWorker" in navigator && form.getAttribute("data-service-worker")) {
    navigator.serviceWorker.register(form.getAttribute("data-service-worker")).catch(function () {});
  }

  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  window.setInterval(flush, 20000);
  render();
  flush();
})();
