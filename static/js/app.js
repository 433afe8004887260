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

  // The extend form's preview: the expiry now, moved by the difference between the length it has
  // and the new one, both counted from the day its validity starts (loyalty/services/writes/
  // validity.py counts the same way; the card shows what Altegio reports after the write).
  var UNIT_SIZES = { 1: [0, 1], 2: [0, 7], 3: [1, 0], 4: [12, 0] };
  function lengthOf(period, unit) {
    var size = UNIT_SIZES[unit] || [0, 0];
    return [size[0] * period, size[1] * period];
  }
  function endOf(start, length) {
    var from = new Date(start);
    var year = from.getUTCFullYear();
    var month = from.getUTCMonth() + length[0];
    var last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    return Date.UTC(year, month, Math.min(from.getUTCDate(), last)) + length[1] * 864e5;
  }
  function previewExtension(form) {
    var preview = form.querySelector(".extend-preview");
    var amount = parseInt((form.elements.amount || {}).value, 10);
    if (!preview || !preview.dataset.extendExpires || !(amount >= 1)) {
      return;
    }
    var mode = form.querySelector("input[name=mode]:checked");
    var unit = parseInt(form.elements.unit.value, 10);
    var data = preview.dataset;
    var old = lengthOf(parseInt(data.extendPeriod, 10) || 0, parseInt(data.extendUnit, 10));
    var asked = lengthOf(amount, unit);
    var fresh = mode && mode.value === "to" ? asked : [old[0] + asked[0], old[1] + asked[1]];
    var start = Date.parse(data.extendStart);
    var expires = Date.parse(data.extendExpires);
    var after = expires + (endOf(start, fresh) - endOf(start, old));
    var lang = document.documentElement.lang || "en";
    var locale = lang === "en" ? "en-GB" : lang;
    var words = function (time) {
      return new Date(time).toLocaleDateString(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
    };
    var template = after < Date.parse(data.extendToday) ? data.pastWords : data.previewWords;
    preview.textContent = (template || "").replace("{after}", words(after));
  }
  ["input", "change"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var form = event.target.closest && event.target.closest("form");
      if (form && form.querySelector(".extend-preview")) {
        previewExtension(form);
      }
    });
  });
})();
