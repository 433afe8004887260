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

  // After htmx swaps in new results, move focus to the first heading in them for screen readers.
  document.addEventListener("htmx:afterSwap", function (event) {
    var root = event.detail.target;
    // An outerHTML swap leaves the old element detached: look in its replacement (same id).
    if (!root.isConnected && root.id) {
      root = document.getElementById(root.id) || root;
    }
    var heading = root.querySelector("[data-focus-after-swap]");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: false });
    }
  });

  // The freeze form's preview follows the until-day: each frozen day moves the expiry a day.
  document.addEventListener("input", function (event) {
    var input = event.target.closest("[data-freeze-preview]");
    var preview = input && document.getElementById(input.dataset.freezePreview);
    if (!preview || !input.dataset.freezeExpires || !input.value) {
      return;
    }
    var day = 24 * 60 * 60 * 1000;
    var today = Date.parse(input.dataset.freezeToday);
    var until = Date.parse(input.value);
    var expires = Date.parse(input.dataset.freezeExpires);
    if (isNaN(until) || until < today) {
      return;
    }
    var days = Math.round((until - today) / day) + 1;
    var words = function (time) {
      return new Date(time).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
    };
    preview.textContent = "Expiry moves from " + words(expires) + " to " + words(expires + days * day) +
      " if frozen until " + words(until) + " (" + days + " day" + (days === 1 ? "" : "s") + ").";
  });
})();
