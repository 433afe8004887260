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
    var heading = event.detail.target.querySelector("[data-focus-after-swap]");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: false });
    }
  });
})();
