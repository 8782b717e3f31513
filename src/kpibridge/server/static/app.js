// The dashboard's one script: renders the Vega-Lite charts of a page (and of every part htmx
// swaps in). Each chart is a <div data-chart="ID"> next to a <template id="ID"> holding its
// spec as JSON, so no script ever runs inline (the CSP forbids it).
(function () {
  "use strict";

  var OPTIONS = {
    actions: false,
    renderer: "svg",
    defaultStyle: false,
    ast: true, // expressions interpreted, never compiled with eval (CSP)
    tooltip: { disableDefaultStyle: true }
  };

  // The page's number and date conventions (<script type="application/json" id="vega-locale">).
  function locale() {
    var block = document.getElementById("vega-locale");
    try {
      return block ? JSON.parse(block.textContent) : null;
    } catch (err) {
      return null;
    }
  }

  function options() {
    var o = Object.assign({}, OPTIONS);
    var loc = locale();
    if (window.vegaExpressionInterpreter) {
      o.expr = window.vegaExpressionInterpreter;
    }
    if (loc) {
      o.formatLocale = loc.format;
      o.timeFormatLocale = loc.time;
    }
    return o;
  }

  function render(root) {
    if (!window.vegaEmbed) {
      return; // no charts without the library: the text description stays in place
    }
    var charts = (root || document).querySelectorAll("[data-chart]");
    for (var i = 0; i < charts.length; i++) {
      draw(charts[i]);
    }
  }

  function draw(element) {
    var block = document.getElementById(element.getAttribute("data-chart"));
    // Specs sit in <template> blocks: htmx keeps them when it swaps a fragment in.
    var text = block ? (block.content ? block.content.textContent : block.textContent) : "";
    if (!block || element.getAttribute("data-drawn") === text.length + "") {
      return;
    }
    var spec;
    try {
      spec = JSON.parse(text);
    } catch (err) {
      return;
    }
    element.setAttribute("data-drawn", text.length + "");
    window.vegaEmbed(element, spec, options()).then(
      function () {
        element.classList.add("drawn");
      },
      function (err) {
        element.removeAttribute("data-drawn");
        if (window.console) {
          window.console.warn("chart " + block.id + " not drawn: " + err);
        }
      }
    );
  }

  document.addEventListener("DOMContentLoaded", function () {
    render(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    render(event.target);
  });

  // While htmx fetches, mark the page busy (for the reader and for assistive technology).
  document.addEventListener("htmx:beforeRequest", function (event) {
    event.target.setAttribute("aria-busy", "true");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    event.target.removeAttribute("aria-busy");
  });
})();
