/* Linchpin: the few behaviours every staff page shares. Served from static/ (the CSP allows
   scripts from this site only, never inline); every page works without it.

   - The error summary of a form ("There is a problem") takes the focus when the page loads, so
     a screen reader reads it first; its links focus the field they name (GOV.UK Design System).
   - A table wider than the screen scrolls sideways inside its own box, never the page; the box
     is a labelled region that takes the keyboard focus when it does scroll (axe's
     scrollable-region-focusable). Without the script, CSS lets the table itself scroll.
   - A page that waits for slow work (a PDF being made) shows its progress without reloading:
     the element marked data-poll fetches the page again every few seconds and takes its new
     status ([data-poll-live], a role="status" region read out when it changes) and body
     ([data-poll-body]) until the page says the work is finished (no data-poll any more).
     Without the script, the page has a link to look again.
   - The main menu collapses behind a "Menu" button on narrow screens: a disclosure button with
     aria-expanded; Escape closes it and gives the focus back to the button. Without the script
     the button stays hidden and the menu is always open. */
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) return;
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      event.preventDefault();
      // Show the question (label or legend) with its input, then focus the input.
      var group = target.closest("fieldset") || target.closest(".field") || target;
      var legend = group.querySelector("legend, label");
      (legend || target).scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }

  function menu() {
    var button = document.querySelector("[data-menu-toggle]");
    if (!button) return;
    var panel = document.getElementById(button.getAttribute("aria-controls"));
    if (!panel) return;
    var header = button.closest("header");
    header.classList.add("menu-enhanced");
    button.hidden = false;

    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-open", open);
    }
    set(false);
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true"
          && getComputedStyle(button).display !== "none") {
        set(false);
        button.focus();
      }
    });
  }

  function nameOf(table) {
    var caption = table.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    // The nearest heading before the table names it.
    var node = table;
    while (node && node !== document.body) {
      var previous = node.previousElementSibling;
      while (previous) {
        if (/^H[1-6]$/.test(previous.tagName)) return previous.textContent.trim();
        var inner = previous.querySelectorAll ? previous.querySelectorAll("h1,h2,h3,h4,h5,h6") : [];
        if (inner.length) return inner[inner.length - 1].textContent.trim();
        previous = previous.previousElementSibling;
      }
      node = node.parentElement;
    }
    return document.title;
  }

  function scrollingTables() {
    var boxes = [];
    document.querySelectorAll("main table").forEach(function (table) {
      if (table.parentElement.classList.contains("table-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      box.dataset.label = nameOf(table);
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
      boxes.push(box);
    });
    function update() {
      boxes.forEach(function (box) {
        // Only a box that scrolls is a labelled, focusable region: others stay plain.
        if (box.scrollWidth > box.clientWidth + 1) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", box.dataset.label);
        } else {
          box.removeAttribute("tabindex");
          box.removeAttribute("role");
          box.removeAttribute("aria-label");
        }
      });
    }
    update();
    window.addEventListener("resize", update);
  }

  function poll() {
    var region = document.querySelector("[data-poll]");
    if (!region || !region.id || !window.fetch || !window.DOMParser) return;
    var delay = parseInt(region.getAttribute("data-poll"), 10) || 2000;
    var failures = 0;

    function swap(fresh, selector) {
      var old = region.querySelector(selector);
      var replacement = fresh.querySelector(selector);
      if (old && replacement && old.innerHTML !== replacement.innerHTML) {
        old.innerHTML = replacement.innerHTML;
      }
    }

    function tick() {
      fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (text) {
          failures = 0;
          var fresh = new DOMParser().parseFromString(text, "text/html").getElementById(region.id);
          if (!fresh) return;
          swap(fresh, "[data-poll-live]");
          swap(fresh, "[data-poll-body]");
          if (fresh.hasAttribute("data-poll")) {
            window.setTimeout(tick, delay);
          } else {
            region.removeAttribute("data-poll");
          }
        })
        .catch(function () {
          failures += 1;
          if (failures < 5) window.setTimeout(tick, delay * 2 * failures);
        });
    }
    window.setTimeout(tick, delay);
  }

  function start() {
    poll();
    scrollingTables();
    focusErrorSummary();
    menu();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
