/* Keyboard review of coded answers. Progressive enhancement: without it each answer is a plain form.
   j / k: next / previous answer · a: accept · 1–9, 0, then letters: toggle the theme with that key (shown in its label) ·
   Enter: save the ticked themes · x: mark the answer for a bulk action. */
(function () {
  "use strict";
  var list = document.querySelector("ol.answers");
  if (!list) return;
  var current = null;
  var advanceAfter = null;

  function articles() { return Array.prototype.slice.call(list.querySelectorAll("article.answer")); }
  function currentArticle() {
    var active = document.activeElement;
    var found = active && active.closest ? active.closest("article.answer") : null;
    return found || (current && document.getElementById("svar-" + current)) || null;
  }
  function focusArticle(article) {
    if (!article) return;
    current = article.dataset.coding;
    article.focus();
    article.scrollIntoView({ block: "nearest" });
  }
  function move(step) {
    var all = articles();
    if (!all.length) return;
    var index = all.indexOf(currentArticle());
    index = index < 0 ? 0 : Math.max(0, Math.min(all.length - 1, index + step));
    focusArticle(all[index]);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target.matches && target.matches("input:not([type=checkbox]), select, textarea, [contenteditable]")) return;
    if (event.key === "j") { move(1); event.preventDefault(); return; }
    if (event.key === "k") { move(-1); event.preventDefault(); return; }
    var article = currentArticle();
    if (!article) return;
    var button;
    if (event.key === "a") {
      button = article.querySelector("button.accept");
      if (button) { advanceAfter = article.dataset.coding; button.click(); event.preventDefault(); }
    } else if (/^[0-9a-z]$/.test(event.key) && article.querySelector('.theme-picker label[data-key="' + event.key + '"]')) {
      var box = article.querySelector('.theme-picker label[data-key="' + event.key + '"] input[type=checkbox]');
      if (box) { box.checked = !box.checked; event.preventDefault(); }
    } else if (event.key === "Enter") {
      if (/^(BUTTON|A|SUMMARY)$/.test(target.tagName)) return;
      button = article.querySelector("button.save");
      if (button) { advanceAfter = article.dataset.coding; button.click(); event.preventDefault(); }
    } else if (event.key === "x") {
      var mark = article.querySelector(".bulk-select input");
      if (mark) { mark.checked = !mark.checked; event.preventDefault(); }
    }
  });

  // A form with errors comes back as 400: show it in place rather than dropping it.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 400) { event.detail.shouldSwap = true; event.detail.isError = false; }
  });
  // After settling: htmx itself puts focus back on the swapped element first.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    // Fired once per swapped element: the answer's <li>, and the out-of-band "N ogranskade" counter (skipped).
    var host = event.target;
    var article = host && host.querySelector ? host.querySelector("article.answer") : null;
    if (!article) return;
    if (advanceAfter === article.dataset.coding && !article.querySelector(".error-summary")) {
      var all = articles();
      focusArticle(all[all.indexOf(article) + 1] || article);
    } else {
      focusArticle(article);
    }
    advanceAfter = null;
  });
})();
