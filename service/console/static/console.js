// grooming-risk console: the one script. It counts a lease down once a second; without it
// the page still shows the minutes left when it was rendered.
"use strict";
document.querySelectorAll("[data-seconds-left]").forEach(function (el) {
  var end = Date.now() + 1000 * Number(el.getAttribute("data-seconds-left"));
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    el.textContent = left > 0
      ? Math.floor(left / 60) + " min " + (left % 60) + " s left"
      : "lease expired: reload before you act";
    if (left > 0) { setTimeout(tick, 1000); }
  }
  tick();
});
