// cnht serve: reloads the page after each build (served by the preview server only, never part
// of a built site). The page knows the build version it was served with; the server sends the
// current version when the stream opens and after every build.
(function () {
  "use strict";
  var script = document.currentScript;
  var served = script ? new URL(script.src).searchParams.get("v") : null;
  var overlay = document.getElementById("cnht-overlay");
  if (overlay) {
    var close = overlay.querySelector(".cnht-overlay__close");
    if (close) {
      close.addEventListener("click", function () {
        overlay.hidden = true;
      });
    }
  }
  if (!window.EventSource) {
    return;
  }
  var source = new EventSource("/__cnht/events");
  source.addEventListener("build", function (event) {
    if (served !== null && event.data !== served) {
      source.close();
      window.location.reload();
    }
  });
})();
