// Live updates: open pages refresh their numbers within seconds of new data, without a reload.
//
// Include once per page (no inline script needed; CSP-safe):
//   <script src="/static/live.js" defer nonce="{{ nonce }}"></script>
//
// Contract with the templates:
//   - Every element that shows data and should follow it carries `data-live` and an htmx
//     request triggered by the `refresh` event, e.g.
//       <section data-live hx-get="/cards/cac?{{ query }}" hx-trigger="refresh"
//                hx-swap="outerHTML">…</section>
//     When the data changes, each one receives `htmx.trigger(el, "refresh")` and re-fetches
//     itself. The swapped-in element should carry `data-live` and `hx-trigger` again.
//   - Without htmx on the page, elements still get a (non-bubbling) `refresh` DOM event.
//   - `document` receives `kpibridge:data-changed` (detail: {version}) for anything else,
//     e.g. charts that re-embed their Vega-Lite spec.
//   - <html data-live-version="…"> holds the version the page shows (tests can wait on it).
//     A page may render it server-side (the `version` of GET /api/v1/changes) so a change
//     between rendering and the first poll is not missed; without it the first poll only
//     records the version.
//
// The page asks GET /api/v1/changes?since=VERSION every `interval_seconds` the server names
// (ServerSettings.live_interval_seconds, 5 by default); the answer is cheap and runs no query.
// Polling pauses while the tab is hidden and resumes at once when it is shown again.
(function () {
  "use strict";

  var ENDPOINT = "/api/v1/changes";
  var MAX_BACKOFF_MS = 60000;
  var intervalMs = 5000;
  var failures = 0;
  var rendered = document.documentElement.getAttribute("data-live-version");
  var version = rendered ? rendered : null; // the version the server rendered, if it says
  var timer = null;
  var inFlight = false;

  function schedule(delayMs) {
    if (timer !== null) {
      clearTimeout(timer);
    }
    timer = document.hidden ? null : setTimeout(poll, delayMs);
  }

  function refresh(newVersion) {
    var elements = document.querySelectorAll("[data-live]");
    for (var i = 0; i < elements.length; i++) {
      if (window.htmx && typeof window.htmx.trigger === "function") {
        window.htmx.trigger(elements[i], "refresh");
      } else {
        elements[i].dispatchEvent(new CustomEvent("refresh", { bubbles: false }));
      }
    }
    document.dispatchEvent(
      new CustomEvent("kpibridge:data-changed", { detail: { version: newVersion } })
    );
  }

  function answered(data) {
    failures = 0;
    if (typeof data.interval_seconds === "number" && data.interval_seconds > 0) {
      intervalMs = data.interval_seconds * 1000;
    }
    var first = version === null;
    if (data.version !== version) {
      version = data.version;
      document.documentElement.setAttribute("data-live-version", version);
      if (!first) {
        refresh(version);
      }
    }
  }

  function poll() {
    timer = null;
    if (inFlight) {
      return;
    }
    inFlight = true;
    var url = ENDPOINT + (version === null ? "" : "?since=" + encodeURIComponent(version));
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(answered)
      .catch(function () {
        failures += 1;
      })
      .then(function () {
        inFlight = false;
        var backoff = Math.min(intervalMs * Math.pow(2, failures), MAX_BACKOFF_MS);
        schedule(failures ? backoff : intervalMs);
      });
  }

  document.addEventListener("visibilitychange", function () {
    schedule(0); // hidden: stops polling; shown: asks at once
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", poll);
  } else {
    poll();
  }
})();
