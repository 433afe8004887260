// Loyalty Desk: small progressive enhancements. Everything works without this file.
(function () {
  "use strict";

  // With JavaScript the switchers apply on change, so their buttons step aside (see app.css).
  document.documentElement.classList.add("js");

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

  // The header's "Manage" menu closes on a click elsewhere and on Escape, as menus do.
  var navmore = document.querySelector(".navmore");
  if (navmore) {
    document.addEventListener("click", function (event) {
      if (navmore.open && !navmore.contains(event.target)) {
        navmore.open = false;
      }
    });
    navmore.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && navmore.open) {
        navmore.open = false;
        navmore.querySelector("summary").focus();
      }
    });
  }

  // The desk's lookup: never the previous client under a new number. On Enter the old answer
  // goes at once and the region says which number is being looked up; a typed number that is
  // not yet looked up dims the answer on screen; a request that fails leaves no old cards.
  var lookupForm = document.getElementById("lookup-form");
  var phoneBox = lookupForm && lookupForm.querySelector("input[name=phone]");

  function lookupNotice(kind, words) {
    var region = document.getElementById("results");
    if (!region) {
      return;
    }
    var notice = document.createElement("p");
    notice.className = "notice " + kind;
    notice.setAttribute("role", kind === "error" ? "alert" : "status");
    notice.textContent = words;
    region.classList.remove("outdated");
    region.removeAttribute("data-phone");
    region.replaceChildren(notice);
  }

  if (phoneBox) {
    lookupForm.addEventListener("htmx:beforeRequest", function (event) {
      if (event.detail.elt === lookupForm) {
        lookupNotice("looking-up", lookupForm.dataset.lookingUp.replace("{phone}", phoneBox.value.trim()));
      }
    });
    ["htmx:sendError", "htmx:responseError", "htmx:timeout"].forEach(function (name) {
      lookupForm.addEventListener(name, function (event) {
        if (event.detail.elt === lookupForm) {
          lookupNotice("error", lookupForm.dataset.lookupFailed);
        }
      });
    });
    phoneBox.addEventListener("input", function () {
      var region = document.getElementById("results");
      if (region && region.hasAttribute("data-phone")) {
        region.classList.toggle("outdated", phoneBox.value.trim() !== region.getAttribute("data-phone"));
      }
    });
  }

  // A class picked on the client card is marked as the one the answer beside the list is for.
  document.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-class-pick]");
    var card = pick && pick.closest(".todays-classes");
    if (card) {
      card.querySelectorAll("[data-class-pick]").forEach(function (other) {
        other.removeAttribute("aria-current");
      });
      pick.setAttribute("aria-current", "true");
    }
  });

  // A write's form has a Cancel: with JavaScript it puts back what the box showed before.
  var writeBoxes = {};
  document.addEventListener("htmx:beforeRequest", function (event) {
    var box = event.detail.elt.closest(".freeze-box");
    if (box && event.detail.requestConfig.verb === "get" && !box.querySelector("form")) {
      writeBoxes[box.id] = box.outerHTML;
    }
  });
  document.addEventListener("click", function (event) {
    var cancel = event.target.closest("[data-write-cancel]");
    var box = cancel && document.getElementById(cancel.getAttribute("data-write-cancel"));
    if (!box || !writeBoxes[box.id] || !window.htmx) {
      return;
    }
    event.preventDefault();
    var holder = document.createElement("div");
    holder.innerHTML = writeBoxes[box.id];
    var restored = holder.firstElementChild;
    box.replaceWith(restored);
    window.htmx.process(restored);
    var first = restored.querySelector("a, button");
    if (first) {
      first.focus();
    }
  });

  // After a lookup, the phone box keeps the focus with its text selected (the next number
  // replaces it); a bad number is tied to the box and announced. What came is said aloud.
  function afterLookup(region) {
    var error = region.querySelector("[data-phone-error]");
    phoneBox.setAttribute("aria-invalid", error ? "true" : "false");
    phoneBox.setAttribute("aria-describedby", error ? error.id + " phone-hint" : "phone-hint");
    phoneBox.focus({ preventScroll: true });
    phoneBox.select();
    var said = document.getElementById("lookup-said");
    var summary = region.querySelector("[data-lookup-said]");
    if (said) {
      said.textContent = summary ? summary.textContent.replace(/\s+/g, " ").trim() : "";
    }
  }

  // After htmx swaps in new results, move focus to the first heading in them for screen readers.
  document.addEventListener("htmx:afterSwap", function (event) {
    var root = event.detail.target;
    // An outerHTML swap leaves the old element detached: look in its replacement (same id).
    if (!root.isConnected && root.id) {
      root = document.getElementById(root.id) || root;
    }
    if (phoneBox && root.id === "results") {
      afterLookup(root);
      return;
    }
    // Next and Previous: the table's top comes into view (the pager sits below a long table).
    var from = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (from && from.closest && from.closest(".pager") && root.getBoundingClientRect().top < 0) {
      root.scrollIntoView({ block: "start" });
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
