/* The phone activity form, offline-safe like the field form (capture.js).
 *
 * A saved activity is written to localStorage FIRST, with the idempotency key the page (or the phone) made,
 * and the form is cleared for the next one at once. The queue is then sent, one activity at a time, as the
 * same form to the same address, asking for JSON; an activity leaves the queue only when the server has
 * stored it (201) or already had it (200), so a send whose answer was lost is sent again with the same key
 * and stored once. No network or a server error keeps it queued: it is sent when the browser is online
 * again, every 20 seconds and on the next page load. One the server refuses for good (400) is set aside
 * with the reason. The queue belongs to the signed-in user (data-user). Without JavaScript the form is an
 * ordinary POST. A service worker (templates/offline_form_sw.js) keeps the form's page and files, so it opens without network
 * once it has been opened.
 */
(function () {
  "use strict";
  var form = document.getElementById("activity-form");
  if (!form || !window.fetch || !window.localStorage || !window.JSON || !window.lofteOffline) return;
  var USER = form.getAttribute("data-user") || "";
  var STORE = "lofte.activities.queue.user-" + USER;
  var FAILED = STORE + ".failed";
  var status = document.getElementById("activity-queue-status");
  var failedBox = document.getElementById("activity-queue-failed");
  var sent = 0;
  var flushing = false;
  var problem = "";

  function field(name) { return form.querySelector('[name="' + name + '"]'); }
  var uuid4 = lofteOffline.uuid4, read = lofteOffline.read, write = lofteOffline.write, without = lofteOffline.without;

  function render() {
    var waiting = read(STORE).length;
    var failed = read(FAILED);
    var parts = [];
    if (waiting) {
      parts.push(interpolate(ngettext("%s aktivitet väntar på att skickas", "%s aktiviteter väntar på att skickas", waiting), [waiting]));
      if (!navigator.onLine) parts.push(gettext("inget nät just nu, skickas när nätet är tillbaka"));
      if (problem) parts.push(problem);
    } else if (sent) {
      parts.push(interpolate(ngettext("Aktiviteten är sparad", "Alla %s aktiviteter är sparade", sent), [sent]));
    }
    if (failed.length) {
      parts.push(interpolate(ngettext("%s aktivitet kunde inte sparas, se nedan", "%s aktiviteter kunde inte sparas, se nedan", failed.length), [failed.length]));
    }
    status.textContent = parts.join(" · ");
    status.setAttribute("data-waiting", String(waiting));
    failedBox.textContent = "";
    if (failed.length) {
      var list = document.createElement("ul");
      failed.forEach(function (item) {
        var li = document.createElement("li");
        li.textContent = (item.what || "") + ": " + item.message;
        list.appendChild(li);
      });
      failedBox.appendChild(list);
    }
  }

  function send(item) {
    var body = new URLSearchParams();
    item.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    return fetch(item.url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json", "X-CSRFToken": field("csrfmiddlewaretoken").value },
      body: body,
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
          var code = response.status;
          if (code === 200 || code === 201) { without(STORE, item.key); sent += 1; return true; }
          if (response.type === "opaqueredirect" || code === 403) {
            problem = gettext("logga in igen för att skicka");
            return false;
          }
          if (code >= 400 && code < 500 && code !== 408 && code !== 429) {
            return response.json().catch(function () { return {}; }).then(function (body) {
              var errors = (body && body.errors) || {};
              var messages = [];
              Object.keys(errors).forEach(function (k) { messages = messages.concat(errors[k]); });
              var failed = read(FAILED);
              failed.push({ key: item.key, what: item.what, message: messages.join(" ") || interpolate(gettext("servern tog inte emot aktiviteten (fel %s)"), [code]) });
              write(FAILED, failed);
              without(STORE, item.key);
              return true;
            });
          }
          problem = gettext("servern svarade inte, försöker igen");
          return true;
        }, function () { return false; });
      });
    });
    function done() { flushing = false; render(); }
    return chain.then(done, done);
  }

  form.addEventListener("submit", function (event) {
    if (!field("what").value.trim()) return;  // the server's form shows what is missing
    event.preventDefault();
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") fields.push([name, value]);
    });
    var key = field("key").value;
    var queue = read(STORE);
    if (!queue.some(function (item) { return item.key === key; })) {
      queue.push({ key: key, url: form.getAttribute("action") || location.pathname + location.search, what: field("what").value, fields: fields, user: USER });
      write(STORE, queue);
    }
    // The next activity: a new key; the date and what stay (several visits in a row are usual).
    field("key").value = uuid4();
    var plan = field("plan");
    if (plan && plan.value) { plan.value = ""; form.setAttribute("action", location.pathname); }
    field("note").value = "";
    var summary = form.querySelector(".error-summary");
    if (summary) summary.remove();
    render();
    flush();
  });

  // A fresh key on every load: a page kept for offline use (or restored by the back button) must never reuse one.
  field("key").value = uuid4();
  lofteOffline.keepForOffline(form);

  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  window.setInterval(flush, 20000);
  render();
  flush();
})();
