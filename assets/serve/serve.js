// sansho serve: progressive enhancement only. Without this file every form still works
// (it posts and the page comes back with the messages); with it, a control's form is
// checked as you type and the scores update in place. No build step, no dependencies.
(function () {
  "use strict";

  function text(el, value) {
    if (el && value !== undefined && value !== null) el.textContent = String(value);
  }

  // Messages are built as DOM nodes from text: nothing the server sends is parsed as HTML.
  function showMessages(box, list) {
    while (box.firstChild) box.removeChild(box.firstChild);
    (list || []).forEach(function (m) {
      var p = document.createElement("p");
      p.className = "msg " + (m.error ? "error" : "warning");
      p.appendChild(document.createTextNode(m.text + " "));
      if (m.help) {
        var h = document.createElement("span");
        h.className = "help";
        h.textContent = m.help;
        p.appendChild(h);
      }
      var c = document.createElement("code");
      c.textContent = m.code;
      p.appendChild(c);
      box.appendChild(p);
    });
  }

  function apply(form, data) {
    var id = data.control;
    form.querySelectorAll("[data-msgs]").forEach(function (box) {
      var key = box.getAttribute("data-msgs");
      var field = key.slice(id.length + 1);
      showMessages(box, data.messages[field]);
    });
    var article = form.closest("article.control");
    if (article) {
      var errors = Object.keys(data.messages).some(function (k) {
        return data.messages[k].some(function (m) { return m.error; });
      });
      article.classList.toggle("has-errors", errors);
    }
    text(document.querySelector('[data-live="credit-' + id + '"]'), data.credit);
    text(document.querySelector('[data-live="area-score"]'), data.area.score);
    text(document.querySelector('[data-live="area-counts"]'), data.area.counts);
    text(document.querySelector('[data-live="area-' + data.area.id + '"]'), data.area.score);
    var score = document.querySelector('[data-live="overall-score"]');
    if (score && score.textContent !== data.overall.score) {
      score.classList.add("live-updated");
      setTimeout(function () { score.classList.remove("live-updated"); }, 700);
    }
    text(score, data.overall.score);
    var verdict = document.querySelector('[data-live="overall-verdict"]');
    text(verdict, data.overall.verdict);
    if (verdict) verdict.className = "verdict verdict-" + data.overall.verdict_key;
    text(document.querySelector('[data-live="overall-problems"]'), data.overall.problems);
    text(document.querySelector('[data-live="dirty"]'), data.dirty);
  }

  // Requests under way and forms with typing not yet sent, so that leaving the page (a save,
  // a link) first sends what was typed instead of losing it or racing it.
  var inflight = [];
  var waiting = new Map(); // form -> timer
  var leaving = false;

  function send(form) {
    var timer = waiting.get(form);
    if (timer) clearTimeout(timer);
    waiting.delete(form);
    var body = new URLSearchParams(new FormData(form));
    var p = fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (r) {
      if (!r.ok) {
        // The server refused (a path, a limit): show its page instead.
        if (!leaving) { leaving = true; form.submit(); }
        return;
      }
      return r.json().then(function (data) {
        apply(form, data);
        form.setAttribute("data-checked", String(Date.now()));
      });
    }).catch(function () {
      // The network failed: the page round trip says why (unless the page is going anyway).
      if (!leaving) { leaving = true; form.submit(); }
    });
    inflight.push(p);
    p.then(function () { inflight.splice(inflight.indexOf(p), 1); });
    return p;
  }

  function later(form) {
    var timer = waiting.get(form);
    if (timer) clearTimeout(timer);
    waiting.set(form, setTimeout(function () { send(form); }, 400));
  }

  // Everything typed has reached the server.
  function flush() {
    Array.from(waiting.keys()).forEach(send);
    return Promise.all(inflight.slice());
  }

  // Shows the planned date only for 対応予定 and the reason only for 該当なし (the fields
  // stay in the form, so nothing typed is lost).
  function toggle(form) {
    var status = form.querySelector("[data-status]");
    if (!status) return;
    form.classList.toggle("is-planned", status.value === "planned");
    form.classList.toggle("is-na", status.value === "not_applicable");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.body.classList.add("js");
    document.querySelectorAll("form[data-live-form]").forEach(function (form) {
      toggle(form);
      form.addEventListener("input", function (e) {
        if (e.target.tagName === "SELECT" || e.target.type === "checkbox" || e.target.type === "date") return;
        later(form);
      });
      form.addEventListener("change", function () {
        toggle(form);
        send(form);
      });
      form.addEventListener("submit", function (e) {
        e.preventDefault();
        send(form);
      });
    });
    // Any other form (save, revert, the profile choice…) leaves the page: send what was
    // typed first, then submit.
    document.querySelectorAll("form:not([data-live-form])").forEach(function (form) {
      form.addEventListener("submit", function (e) {
        if (leaving) return;
        if (waiting.size === 0 && inflight.length === 0) { leaving = true; return; }
        e.preventDefault();
        flush().then(function () { leaving = true; form.submit(); });
      });
    });
  });
  // Following a link with typing not yet sent: the browser delivers it as the page goes.
  window.addEventListener("pagehide", function () {
    waiting.forEach(function (timer, form) {
      clearTimeout(timer);
      navigator.sendBeacon(form.action, new URLSearchParams(new FormData(form)));
    });
    waiting.clear();
  });
})();
