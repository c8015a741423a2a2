/* Field capture: an offline queue for conversations.
 *
 * A submitted conversation is written to localStorage FIRST, with a UUID made on the phone as its
 * idempotency key, and the form is cleared for the next resident at once. The queue is then sent, one
 * record at a time, to the JSON endpoint; a record leaves the queue only when the server has stored it
 * (201) or already had it (200). Network failures and server errors keep it queued: it is retried when the
 * browser goes online, every 20 seconds, and on the next page load. A record the server refuses for good
 * (a 4xx other than 403) is set aside as failed and can be opened again; the others are still sent. The server's unique key makes retries and double
 * taps harmless. Without JavaScript the form is an ordinary POST.
 *
 * The queue belongs to the signed-in user (data-user): on a shared phone, conversations one interviewer
 * saved offline are sent only when that interviewer is signed in, never under the next one's name. Signing
 * out with conversations still waiting asks first. Required questions and the rules across questions
 * (#answer-rules) are checked before a conversation is queued; one the server still refuses can be opened again in the form. After the service worker is
 * registered the page and its files are put into its cache (data-cache), so even the first visit can be
 * reloaded without network.
 */
(function () {
  "use strict";
  var form = document.getElementById("capture-form");
  if (!form || !window.fetch || !window.localStorage || !window.JSON || !window.lofteOffline) return;

  var api = form.getAttribute("data-api");
  var USER = form.getAttribute("data-user") || "";
  var PREFIX = "lofte.capture.queue." + form.getAttribute("data-campaign") + ".";
  var STORE = PREFIX + "user-" + USER;
  var FAILED = STORE + ".failed";
  var status = document.getElementById("queue-status");
  var failedBox = document.getElementById("queue-failed");
  var REQUIRED = gettext("Frågan måste besvaras.");
  var sentThisVisit = 0;
  var lastReceipt = "";
  var problem = "";
  var flushing = false;
  var again = false;

  function field(name) { return form.querySelector('[name="' + name + '"]'); }

  var uuid4 = lofteOffline.uuid4, read = lofteOffline.read, write = lofteOffline.write, without = lofteOffline.without;

  // Only what this user queued: another user's conversations stay until that user signs in again.
  function mine(key) {
    return read(key).filter(function (item) { return String(item.user) === USER; });
  }
  function othersWaiting() {
    var count = 0;
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key && key.indexOf(PREFIX + "user-") === 0 && key !== STORE && key.slice(-7) !== ".failed") {
        count += read(key).length;
      }
    }
    return count;
  }

  function labelOf(name) {
    var question = document.getElementById("question-" + name);
    var element = question ? question.querySelector("legend, label") : null;
    if (!element) {
      var input = field(name);
      if (input) {
        var group = input.closest("fieldset");
        element = (input.type === "radio" || input.type === "checkbox") && group
          ? group.querySelector("legend") : form.querySelector('label[for="' + input.id + '"]');
      }
    }
    if (!element) return "";
    var copy = element.cloneNode(true);
    copy.querySelectorAll(".required, .visually-hidden").forEach(function (e) { e.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim().replace(/:$/, "");  // Django labels end in ":"
  }

  function clearErrors() {
    form.querySelectorAll(".js-error").forEach(function (e) { e.remove(); });
    form.querySelectorAll(".question.js-has-error").forEach(function (q) {
      q.classList.remove("js-has-error", "has-error");
      q.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
    });
  }

  // Errors by question key (or other field name) shown next to the question; returns the first field.
  function showErrors(errors) {
    var first = null;
    Object.keys(errors).forEach(function (name) {
      var question = document.getElementById("question-" + name);
      var input = question ? question.querySelector("input, select, textarea") : field(name);
      if (!input) return;
      var holder = question || input.closest("fieldset") || input.parentNode;
      var list = document.createElement("ul");
      list.className = "errorlist js-error";
      list.id = "js-error-" + name;
      errors[name].forEach(function (message) {
        var li = document.createElement("li");
        li.textContent = message;
        list.appendChild(li);
      });
      var title = holder.querySelector("legend, label");
      if (title && title.parentNode) title.parentNode.insertBefore(list, title.nextSibling);
      else holder.insertBefore(list, holder.firstChild);
      if (question) question.classList.add("js-has-error", "has-error");
      var group = list.closest("fieldset");
      var described = group || input;
      described.setAttribute("aria-describedby", ((described.getAttribute("aria-describedby") || "") + " " + list.id).trim());
      input.setAttribute("aria-invalid", "true");
      if (!first) first = input;
    });
    return first;
  }

  function answered(question) {
    return Array.prototype.some.call(question.querySelectorAll("input, select, textarea"), function (input) {
      if (input.type === "radio" || input.type === "checkbox") return input.checked && input.value !== "";
      if (input.type === "button" || input.type === "hidden") return false;
      return input.value.trim() !== "";
    });
  }

  // The questionnaire's rules across questions ("at least one of these answered"), as the server checks them.
  var RULES = (function () {
    var element = document.getElementById("answer-rules");
    try { return element ? JSON.parse(element.textContent) : []; } catch (e) { return []; }
  })();

  function missingRequired() {
    var errors = {};
    form.querySelectorAll(".question[data-required]").forEach(function (question) {
      if (!answered(question)) errors[question.id.slice("question-".length)] = [REQUIRED];
    });
    RULES.forEach(function (rule) {
      var questions = rule.keys.map(function (key) { return document.getElementById("question-" + key); })
        .filter(function (question) { return question; });
      if (!questions.length || questions.some(answered)) return;
      var first = rule.keys.filter(function (key) { return document.getElementById("question-" + key); })[0];
      if (!errors[first]) errors[first] = [rule.message];
    });
    return errors;
  }

  function render() {
    var waiting = mine(STORE).length;
    var failed = mine(FAILED);
    var others = othersWaiting();
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
      parts.push(interpolate(ngettext("%s samtal kunde inte sparas, se nedan", "%s samtal kunde inte sparas, se nedan", failed.length), [failed.length]));
      status.className += " failed";
    }
    if (others) {
      parts.push(interpolate(ngettext(
        "%s samtal som en annan användare sparat väntar på att hen loggar in",
        "%s samtal som en annan användare sparat väntar på att hen loggar in", others), [others]));
    }
    status.textContent = parts.join(" · ");
    status.setAttribute("data-waiting", String(waiting));
    renderFailed(failed);
  }

  function renderFailed(failed) {
    if (!failedBox) return;
    failedBox.textContent = "";
    if (!failed.length) return;
    var list = document.createElement("ul");
    failed.forEach(function (item) {
      var li = document.createElement("li");
      var when = item.queuedAt ? new Date(item.queuedAt) : null;
      var text = document.createElement("span");
      text.textContent = (when
        ? interpolate(gettext("Samtalet kl. %s kunde inte sparas: "), [("0" + when.getHours()).slice(-2) + ":" + ("0" + when.getMinutes()).slice(-2)])
        : gettext("Ett samtal kunde inte sparas: ")) + describe(item);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button reopen";
      button.textContent = gettext("Öppna igen");
      button.addEventListener("click", function () { reopen(item.key); });
      li.appendChild(text);
      li.appendChild(button);
      list.appendChild(li);
    });
    failedBox.appendChild(list);
  }

  function describe(item) {
    var errors = item.errors || {};
    var parts = Object.keys(errors).map(function (name) {
      var label = name === "__all__" ? "" : labelOf(name);
      return (label ? label + ": " : "") + errors[name].join(" ");
    });
    return parts.join("; ") || item.message || gettext("okänt fel");
  }

  // Put a refused conversation back into the form, with its errors next to the questions.
  function reopen(key) {
    var item = mine(FAILED).filter(function (f) { return f.key === key; })[0];
    if (!item) return;
    form.reset();
    clearErrors();
    form.querySelectorAll('input[type="radio"], input[type="checkbox"]').forEach(function (input) { input.checked = false; });
    var seen = {};
    item.fields.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      var inputs = form.querySelectorAll('[name="' + name + '"]');
      inputs.forEach(function (input) {
        if (input.type === "radio" || input.type === "checkbox") {
          if (input.value === value) input.checked = true;
        } else if (!seen[name]) {
          input.value = value;
        }
      });
      seen[name] = true;
    });
    field("idempotency_key").value = item.key;
    write(FAILED, read(FAILED).filter(function (f) { return f.key !== key; }));
    render();
    var first = showErrors(item.errors || {});
    if (first) first.focus(); else form.querySelector("input:not([type=hidden]), select, textarea").focus();
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

  function keepAside(item, body, message) {
    var failed = read(FAILED);
    failed.push({ key: item.key, user: item.user, fields: item.fields, queuedAt: item.queuedAt,
      errors: (body && body.errors) || {}, message: message || errorText(body) });
    write(FAILED, failed);
    without(STORE, item.key);
  }

  // Each record is sent on its own: one the server refuses or cannot take right now never holds back the
  // others behind it. Only a missing login or a missing network stops the round, since every record would
  // meet the same answer.
  function flush() {
    if (flushing) { again = true; return Promise.resolve(); }
    var queue = mine(STORE);
    if (!queue.length) { render(); return Promise.resolve(); }
    flushing = true;
    again = false;
    problem = "";
    var chain = Promise.resolve(true);
    queue.forEach(function (item) {
      chain = chain.then(function (goOn) {
        if (!goOn) return false;
        return send(item).then(function (response) {
          var code = response.status;
          if (code === 200 || code === 201) {
            return response.json().then(function (body) {
              without(STORE, item.key);
              sentThisVisit += 1;
              lastReceipt = body.receipt || "";
              return true;
            });
          }
          if (response.type === "opaqueredirect" || code === 403) {
            problem = gettext("logga in igen för att skicka");
            return false;
          }
          if (code >= 400 && code < 500 && code !== 408 && code !== 429) {
            // Refused for good (bad answers, or the campaign is gone): retrying cannot help, so keep the
            // record aside where it can be opened again, and say why.
            return response.json().catch(function () { return {}; }).then(function (body) {
              var fallback = (body && body.errors) ? "" : interpolate(
                gettext("servern tog inte emot samtalet (fel %s)"), [code]);
              keepAside(item, body, fallback);
              return true;
            });
          }
          // A server error or a busy server: this record stays queued for the next round, the rest go on.
          problem = gettext("servern svarade inte, försöker igen");
          return true;
        }, function () {
          return false; // No network: keep everything queued.
        });
      });
    });
    function done() {
      flushing = false;
      render();
      // A conversation saved while this round was under way is sent straight after it.
      if (again) { again = false; return flush(); }
    }
    return chain.then(done, done);
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
    clearErrors();
    window.scrollTo(0, 0);
  }

  function hasAnswers() {
    return Array.prototype.some.call(form.querySelectorAll('[name^="q-"], [name="age_band"], [name="gender"], [name="relation"]'), function (input) {
      if (input.type === "radio" || input.type === "checkbox") return input.checked && input.value !== "";
      return input.value.trim() !== "";
    });
  }

  // The script checks required questions itself and shows the messages next to them.
  form.noValidate = true;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    if (!hasAnswers()) {
      status.className = "queue-status failed";
      status.textContent = gettext("Inga svar är ifyllda: ett tomt samtal sparas inte.");
      return;
    }
    var missing = missingRequired();
    if (Object.keys(missing).length) {
      // Not queued: everything typed stays in the form until the question is answered.
      var first = showErrors(missing);
      if (first) first.focus();
      return;
    }
    // A conversation opened again keeps the time it was recorded.
    if (!field("conducted_at").value) field("conducted_at").value = new Date().toISOString();
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") fields.push([name, value]);
    });
    var queue = read(STORE);
    var key = field("idempotency_key").value;
    if (!queue.some(function (item) { return item.key === key; })) {
      queue.push({ key: key, user: USER, fields: fields, queuedAt: Date.now() });
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
  }

  // A fresh key for the first conversation too: a page kept for offline use must never reuse one.
  field("idempotency_key").value = uuid4();
  lofteOffline.keepForOffline(form);

  // Signing out with conversations still waiting to be sent: ask first (they stay on the phone either way).
  var logout = form.getAttribute("data-logout");
  document.querySelectorAll("form").forEach(function (other) {
    if (!logout || other === form || other.getAttribute("action") !== logout) return;
    other.addEventListener("submit", function (event) {
      var waiting = mine(STORE).length;
      if (waiting && !window.confirm(interpolate(ngettext(
        "%s samtal har inte skickats än. De skickas först när du loggar in igen på den här telefonen. Logga ut ändå?",
        "%s samtal har inte skickats än. De skickas först när du loggar in igen på den här telefonen. Logga ut ändå?",
        waiting), [waiting]))) {
        event.preventDefault();
      }
    });
  });

  window.addEventListener("online", flush);
  window.addEventListener("offline", render);
  window.setInterval(flush, 20000);
  render();
  flush();
})();
