// Loyalty Desk: small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  // The location and language switchers submit as soon as a choice is picked.
  document.addEventListener("change", function (event) {
    var select = event.target.closest("#location-switch, #language-switch");
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

  // Honest waiting: after 2 s, a busy indicator says why. The page names the words and the URL
  // (data-wait-* on an ancestor); the URL says, without asking Altegio, whether calls now queue
  // for Altegio's request limit ("a free slot") or Altegio itself is slow.
  var WAIT_MS = 2000;

  function busyWords(elt) {
    var holder = elt.closest("[hx-indicator]");
    var indicator = holder ? document.querySelector(holder.getAttribute("hx-indicator")) : elt;
    return indicator ? indicator.querySelector("[data-busy-words]") : null;
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var host = elt.closest("[data-wait-url]");
    var words = busyWords(elt);
    if (!host || !words) {
      return;
    }
    if (!words.hasAttribute("data-idle-words")) {
      words.setAttribute("data-idle-words", words.textContent);
    }
    clearTimeout(elt.loyaltyWaitTimer);
    var timer = setTimeout(function () {
      fetch(host.getAttribute("data-wait-url"), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; })
        .then(function (budget) {
          if (elt.loyaltyWaitTimer !== timer) {
            return; // the answer came meanwhile, or another request took over
          }
          words.textContent = host.getAttribute(budget.limit_busy ? "data-wait-limit" : "data-wait-slow");
        });
    }, WAIT_MS);
    elt.loyaltyWaitTimer = timer;
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    clearTimeout(elt.loyaltyWaitTimer);
    elt.loyaltyWaitTimer = null;
    var words = busyWords(elt);
    if (words && words.hasAttribute("data-idle-words")) {
      words.textContent = words.getAttribute("data-idle-words");
    }
  });

  // The freeze form's preview follows the day it unfreezes on: the days frozen are the days
  // before it, and Altegio is expected to move the expiry by as many (the card shows what it did).
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
    if (isNaN(until) || until <= today) {
      return;
    }
    var days = Math.round((until - today) / day);
    // The words come translated from the page (data-preview-words, data-day-*); the plural form
    // and the date follow the page's language (<html lang>).
    var lang = document.documentElement.lang || "en";
    var locale = lang === "en" ? "en-GB" : lang;
    var words = function (time) {
      return new Date(time).toLocaleDateString(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
    };
    var form = new Intl.PluralRules(lang).select(days);
    var dayKey = "day" + form.charAt(0).toUpperCase() + form.slice(1);
    var dayWords = (input.dataset[dayKey] || input.dataset.dayOther || "{n}").replace("{n}", days);
    preview.textContent = (input.dataset.previewWords || "")
      .replace("{expires}", words(expires))
      .replace("{moved}", words(expires + days * day))
      .replace("{until}", words(until))
      .replace("{days}", dayWords);
  });
})();
