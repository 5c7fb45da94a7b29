/* The sociogram's picture (templates/sociogram/graph.html): fetches the graph the server
   allows this viewer to see (the page's filters are in the address) and draws it with
   Cytoscape.js from static/vendor/. No inline script or style: the CSP forbids both.
   Clicking a person or an organisation opens its page; so does Enter on the one highlighted
   with the arrow keys; "Download PNG" saves the picture. */
(function () {
  "use strict";

  var COLOURS = { formal: "#0b5394", informal: "#b34700" };
  var EDGES = {
    works_with: { color: "#4a5561", style: "solid" },
    trusts: { color: "#1e6b34", style: "solid" },
    introduced_by: { color: "#6a3d9a", style: "solid", arrow: true },
    conflict: { color: "#a1131f", style: "dashed" },
    information_flow: { color: "#0b5394", style: "solid", arrow: true },
    met_at_meetings: { color: "#8a4b00", style: "dotted" },
    part_of: { color: "#aab4be", style: "solid" }
  };
  // Above this many nodes the picture favours speed: a concentric layout (brokers in the
  // middle) instead of the force-directed one, straight edges, no labels until zoomed in.
  var MANY = 300;

  var container = document.getElementById("sociogram");
  var status = document.getElementById("sociogram-status");
  if (!container) { return; }

  function say(text) { if (status) { status.textContent = text; } }

  if (typeof window.cytoscape !== "function") {
    say(container.dataset.failed);
    return;
  }

  function styles(many) {
    var list = [
      { selector: "node", style: {
        "background-color": "#4a5561",
        "shape": "ellipse",
        "width": "mapData(size, 0, 1, 16, 64)",
        "height": "mapData(size, 0, 1, 16, 64)",
        "label": "data(label)",
        "font-size": 10,
        "color": "#1b1f24",
        // Whole names in a small network; cut short in a large one, where they would overlap.
        "text-wrap": many ? "ellipsis" : "wrap",
        "text-max-width": many ? 120 : 170,
        "text-valign": "bottom",
        "text-margin-y": 3,
        "min-zoomed-font-size": many ? 9 : 0,
        "border-width": 1,
        "border-color": "#1b1f24"
      } },
      { selector: "node[type = 'organisation']", style: { "shape": "round-rectangle" } },
      { selector: "edge", style: {
        "width": "mapData(strength, 1, 3, 1, 4)",
        "curve-style": many ? "haystack" : "bezier",
        "opacity": 0.8
      } },
      // Highlighted (clicked, or reached with the keyboard): a dark ring in a wide gold halo,
      // plain against both layers' colours.
      { selector: "node:selected", style: {
        "border-width": 4, "border-color": "#1b1f24",
        "underlay-color": "#f0a30a", "underlay-padding": 8, "underlay-opacity": 1,
        "underlay-shape": "ellipse", "font-weight": "bold", "z-index": 10 } }
    ];
    Object.keys(COLOURS).forEach(function (layer) {
      list.splice(2, 0, { selector: "node[layer = '" + layer + "']",
                          style: { "background-color": COLOURS[layer] } });
    });
    Object.keys(EDGES).forEach(function (kind) {
      var look = EDGES[kind];
      var style = { "line-color": look.color, "line-style": look.style };
      if (look.arrow && !many) {
        style["target-arrow-shape"] = "triangle";
        style["target-arrow-color"] = look.color;
      }
      list.push({ selector: "edge[kind = '" + kind + "']", style: style });
    });
    return list;
  }

  function layout(many) {
    if (many) {
      return { name: "concentric", animate: false, minNodeSpacing: 4,
               concentric: function (n) { return n.data("size"); },
               levelWidth: function () { return 0.1; } };
    }
    return { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
             idealEdgeLength: function () { return 90; }, nodeRepulsion: function () { return 9000; },
             numIter: 1500 };
  }

  function draw(data) {
    var many = data.nodes.length > MANY;
    var cy = window.cytoscape({
      container: container,
      elements: { nodes: data.nodes, edges: data.edges },
      style: styles(many),
      layout: layout(many),
      minZoom: 0.05,
      maxZoom: 4,
      textureOnViewport: many,
      hideEdgesOnViewport: many,
      boxSelectionEnabled: false
    });
    cy.on("tap", "node", function (event) {
      var url = event.target.data("url");
      if (url) { window.location.assign(url); }
    });
    cy.on("tap", "edge", function (event) {
      var url = event.target.data("url");
      if (url) { window.location.assign(url); }
    });
    var png = document.getElementById("sociogram-png");
    if (png) {
      png.disabled = false;
      png.addEventListener("click", function () {
        var blob = cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2, maxWidth: 6000, maxHeight: 6000 });
        var link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = "sociogram.png";
        document.body.appendChild(link);
        link.click();
        link.remove();
        window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      });
    }
    keyboard(cy);
    // For the browser tests: the picture is drawn and can be asked where a node is.
    window.linchpinSociogram = cy;
    container.dataset.ready = "true";
    say(container.dataset.drawn);
  }

  // Keyboard access: once drawn, the picture takes the focus (Tab); the arrow keys go from
  // node to node in the table's order (strongest brokers first), Enter opens the page of the
  // highlighted one, Escape shows the whole picture again; the status line says which node
  // is highlighted. Each row of the table has a
  // "Show in the picture" button that highlights its node and puts the focus on the picture.
  function keyboard(cy) {
    var order = cy.nodes().sort(function (a, b) {
      return (b.data("betweenness") - a.data("betweenness")) ||
        String(a.data("label")).toLowerCase().localeCompare(String(b.data("label")).toLowerCase());
    });
    var current = -1;
    container.setAttribute("role", "application");
    container.setAttribute("aria-label", container.dataset.keyboardLabel);
    container.setAttribute("aria-describedby", "sociogram-keys sociogram-status");
    container.tabIndex = 0;
    var keys = document.getElementById("sociogram-keys");
    if (keys) { keys.hidden = false; }

    function describe(node) {
      // "{ties}": the payload's "1 tie" / "3 ties" in the page's language (plural forms).
      var ties = node.data("ties_label") || String(node.connectedEdges().length);
      return container.dataset.selected
        .replace("{name}", node.data("label"))
        .replace("{type}", container.dataset["type" + capital(node.data("type"))] || node.data("type"))
        .replace("{layer}", container.dataset["layer" + capital(node.data("layer"))] || node.data("layer"))
        .replace("{ties}", String(ties));
    }

    function capital(text) { return text ? text.charAt(0).toUpperCase() + text.slice(1) : ""; }

    function highlight(index) {
      if (!order.length) { return; }
      current = (index + order.length) % order.length;
      var node = order[current];
      cy.nodes().unselect();
      node.select();
      if (cy.zoom() < 1) { cy.zoom({ level: 1, position: node.position() }); }
      cy.center(node);
      container.dataset.highlighted = node.id();
      say(describe(node));
    }

    container.addEventListener("keydown", function (event) {
      var moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      if (event.key in moves) {
        highlight(current < 0 ? (moves[event.key] > 0 ? 0 : -1) : current + moves[event.key]);
      } else if (event.key === "Home") {
        highlight(0);
      } else if (event.key === "End") {
        highlight(-1);
      } else if (event.key === "Enter" && current >= 0) {
        var url = order[current].data("url");
        if (url) { window.location.assign(url); }
      } else if (event.key === "Escape") {
        cy.nodes().unselect();
        cy.fit();
        current = -1;
        delete container.dataset.highlighted;
        say(container.dataset.drawn);
      } else {
        return;
      }
      event.preventDefault();
    });

    Array.prototype.forEach.call(document.querySelectorAll(".sociogram-show"), function (button) {
      var index = -1;
      order.forEach(function (node, i) { if (node.id() === button.dataset.node) { index = i; } });
      if (index < 0) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        highlight(index);
        container.scrollIntoView({ block: "center" });
        container.focus({ preventScroll: true });
      });
    });
  }

  fetch(container.dataset.payload, { credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.json();
    })
    .then(draw)
    .catch(function () { say(container.dataset.failed); });
}());
