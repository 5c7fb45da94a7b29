/* Progress of slow work without reloading the page (no meta refresh): an element with
   data-poll="<url>" is replaced every two seconds by the same element fetched from <url>;
   when the fetched element no longer polls, the work is done and the page is loaded once
   more to show the result. */
(function () {
  "use strict";
  function poll(element) {
    var url = element.getAttribute("data-poll");
    window.setTimeout(function () {
      fetch(url, {credentials: "same-origin", headers: {"X-Requested-With": "fetch"}})
        .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("#" + element.id);
          if (!fresh) { return; }
          if (fresh.hasAttribute("data-poll")) {
            element.replaceWith(fresh);
            poll(fresh);
          } else {
            window.location.reload();
          }
        })
        .catch(function () { window.setTimeout(function () { poll(element); }, 5000); });
    }, 2000);
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-poll]").forEach(poll);
  });
})();
