// Stegvis enhancements. Every page works without this file; it only adds conveniences:
// focus on the error summary, the session timeout warning (WCAG 2.2.1), and focus handling
// after htmx swaps. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function announce(text) {
    var region = document.getElementById("live-region");
    if (!region) { return; }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // Move focus to the error summary so screen reader users hear what went wrong first.
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector(".error-summary");
    if (summary) { summary.focus(); }
  }

  // Warn two minutes before the session ends for inactivity, and let the user extend it.
  function sessionWarning() {
    var meta = document.querySelector('meta[name="stegvis-session-seconds"]');
    var csrf = document.querySelector('meta[name="stegvis-csrf"]');
    var dialog = document.getElementById("session-warning");
    var extend = document.getElementById("session-extend");
    if (!meta || !csrf || !dialog || !extend) { return; }
    var warnBefore = 120;
    var warnTimer = null;
    var endTimer = null;
    var previousFocus = null;

    function schedule(secondsLeft) {
      window.clearTimeout(warnTimer);
      window.clearTimeout(endTimer);
      warnTimer = window.setTimeout(show, Math.max(secondsLeft - warnBefore, 0) * 1000);
      endTimer = window.setTimeout(expired, Math.max(secondsLeft, 0) * 1000);
    }

    function show() {
      previousFocus = document.activeElement;
      dialog.hidden = false;
      extend.focus();
    }

    function hide() {
      dialog.hidden = true;
      if (previousFocus && previousFocus.focus) { previousFocus.focus(); }
    }

    function expired() {
      var text = document.getElementById("session-warning-text");
      if (text && dialog.dataset.expiredText) { text.textContent = dialog.dataset.expiredText; }
      extend.hidden = true;
      dialog.hidden = false;
    }

    extend.addEventListener("click", function () {
      fetch("/session/forlang", {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRF-Token": csrf.content }
      }).then(function (response) {
        if (!response.ok) { throw new Error("not extended"); }
        return response.json();
      }).then(function (body) {
        hide();
        announce(dialog.dataset.extendedText || "");
        schedule(body.seconds_left);
      }).catch(function () { expired(); });
    });

    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !dialog.hidden && !extend.hidden) { hide(); }
    });

    schedule(parseInt(meta.content, 10) || 0);
  }

  ready(function () {
    focusErrorSummary(document);
    sessionWarning();
    document.body.addEventListener("htmx:configRequest", function (event) {
      var csrf = document.querySelector('meta[name="stegvis-csrf"]');
      if (csrf) { event.detail.headers["X-CSRF-Token"] = csrf.content; }
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var status = event.detail.target.querySelector('[role="status"]');
      if (status) { announce(status.textContent.trim()); }
      focusErrorSummary(event.detail.target);
    });
  });
})();
