// Loyalty Desk: small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  // The location switcher submits as soon as a location is picked.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("#location-switch");
    if (select && select.form) {
      select.form.requestSubmit();
    }
  });

  // Narrow screens: the header's links and buttons fold behind a Menu button (a disclosure).
  var topbar = document.querySelector(".topbar");
  var toggle = topbar && topbar.querySelector(".menu-toggle");
  if (toggle) {
    topbar.classList.add("has-menu");
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", open ? "false" : "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  }

  // After htmx swaps in new results, move focus to the first heading in them for screen readers.
  document.addEventListener("htmx:afterSwap", function (event) {
    var heading = event.detail.target.querySelector("[data-focus-after-swap]");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: false });
    }
  });
})();
