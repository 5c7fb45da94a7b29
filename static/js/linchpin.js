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
   - A multiple select marked data-autocomplete (coordinator/autocomplete.py) becomes a
     combobox (ARIA 1.2: an input with a list of matches fetched from the search URL, arrows
     to move, Enter to choose, Escape to close) above the list of chosen records, each with a
     Remove button. The select stays in the form, hidden, and carries the choices.
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

  var autocompleteCount = 0;

  function autocomplete(select) {
    var url = select.getAttribute("data-autocomplete");
    var text = function (name) { return select.getAttribute("data-text-" + name) || ""; };
    var id = select.id || ("autocomplete-" + (++autocompleteCount));
    var label = document.querySelector("label[for='" + id + "']");
    var box = document.createElement("div");
    box.className = "autocomplete";
    var chosen = document.createElement("ul");
    chosen.className = "autocomplete-chosen";
    chosen.setAttribute("aria-label", text("chosen") + (label ? ": " + label.textContent.trim() : ""));
    // The input takes the select's id: its label, and the error summary's link, land on it.
    select.removeAttribute("id");
    var input = document.createElement("input");
    input.type = "text";
    input.id = id;
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "_listbox");
    var hint = document.createElement("div");
    hint.className = "helptext";
    hint.id = id + "_hint";
    hint.textContent = text("hint");
    var described = [hint.id];
    if (select.getAttribute("aria-describedby")) described.push(select.getAttribute("aria-describedby"));
    input.setAttribute("aria-describedby", described.join(" "));
    if (select.getAttribute("aria-invalid")) input.setAttribute("aria-invalid", "true");
    var list = document.createElement("ul");
    list.id = id + "_listbox";
    list.className = "autocomplete-list";
    list.setAttribute("role", "listbox");
    if (label) list.setAttribute("aria-label", label.textContent.trim());
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");

    select.parentNode.insertBefore(box, select);
    box.appendChild(hint);
    box.appendChild(input);
    box.appendChild(list);
    box.appendChild(status);
    box.appendChild(chosen);
    box.appendChild(select);
    select.hidden = true;
    select.tabIndex = -1;

    var active = -1, results = [], timer = null, asked = 0;

    function renderChosen() {
      chosen.innerHTML = "";
      Array.prototype.forEach.call(select.selectedOptions, function (option) {
        var item = document.createElement("li");
        var name = document.createElement("span");
        name.textContent = option.textContent;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "secondary";
        remove.textContent = text("remove");
        remove.setAttribute("aria-label", text("remove") + " " + option.textContent);
        remove.addEventListener("click", function () {
          option.selected = false;
          renderChosen();
          input.focus();
        });
        item.appendChild(name);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(remove);
        chosen.appendChild(item);
      });
      chosen.hidden = !select.selectedOptions.length;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      var result = results[index];
      if (!result) return;
      var option = Array.prototype.find.call(select.options, function (o) { return o.value === String(result.id); });
      if (!option) {
        option = new Option(result.label, result.id);
        select.appendChild(option);
      }
      option.selected = true;
      input.value = "";
      close();
      renderChosen();
      status.textContent = result.label + " ✓";
    }

    function show(found) {
      results = found.filter(function (r) {
        return !Array.prototype.some.call(select.selectedOptions, function (o) { return o.value === String(r.id); });
      });
      list.innerHTML = "";
      results.forEach(function (result, index) {
        var item = document.createElement("li");
        item.id = list.id + "_" + index;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = result.label;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(index); input.focus(); });
        list.appendChild(item);
      });
      list.hidden = !results.length;
      input.setAttribute("aria-expanded", results.length ? "true" : "false");
      active = -1;
      status.textContent = results.length ? text("count").replace("{n}", results.length) : text("none");
    }

    function search() {
      var term = input.value.trim();
      if (!term) { close(); status.textContent = ""; return; }
      var ticket = ++asked;
      fetch(url + "&q=" + encodeURIComponent(term), { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (ticket === asked) show(data.results || []); })
        .catch(function () { if (ticket === asked) show([]); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden && results.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
        highlight(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) { event.preventDefault(); choose(active); }
        else if (!list.hidden && results.length === 1) { event.preventDefault(); choose(0); }
      } else if (event.key === "Escape") {
        if (!list.hidden) { event.preventDefault(); event.stopPropagation(); close(); }
      }
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    renderChosen();
  }

  function start() {
    document.querySelectorAll("select[multiple][data-autocomplete]").forEach(autocomplete);
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
