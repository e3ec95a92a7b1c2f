// Optional: every page works without this script. It highlights the rest of a quoted span that
// crosses another span, and runs the home page's search over search.js's index.
(function () {
  "use strict";
  function highlight() {
    document.querySelectorAll(".ev.hl").forEach(function (el) { el.classList.remove("hl"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    document.querySelectorAll('[data-of="' + CSS.escape(id) + '"]').forEach(function (el) { el.classList.add("hl"); });
  }
  window.addEventListener("hashchange", highlight);
  document.addEventListener("DOMContentLoaded", function () {
    highlight();
    var box = document.querySelector(".search");
    var input = document.getElementById("q");
    var hits = document.getElementById("hits");
    if (!box || !input || !window.TCE_SEARCH) return;
    box.hidden = false;
    input.addEventListener("input", function () {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      hits.textContent = "";
      if (!words.length) return;
      var shown = 0;
      for (var i = 0; i < window.TCE_SEARCH.length && shown < 30; i++) {
        var e = window.TCE_SEARCH[i], text = (e[0] + " " + e[1]).toLowerCase();
        if (words.every(function (w) { return text.indexOf(w) >= 0; })) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = e[2]; a.textContent = e[0];
          li.appendChild(a); li.appendChild(document.createTextNode(" (" + e[1] + ")"));
          hits.appendChild(li); shown++;
        }
      }
    });
  });
})();
