// Quick exit. Without this script the exit control is a plain link that ends the session and
// redirects; with it, the page hides at once, the session is ended in the background, and the
// browser moves on with location.replace so Back does not return here. Pressing Shift three
// times (within five seconds) does the same, announcing each press to screen readers.
(function () {
  "use strict";
  var link = document.getElementById("quick-exit");
  if (!link) { return; }
  document.documentElement.classList.add("js");
  var destination = link.getAttribute("data-neutral");
  var status = document.getElementById("quick-exit-status");
  var leaving = false;

  function leave() {
    if (leaving) { return; }
    leaving = true;
    document.documentElement.className += " exiting";
    if (status) { status.textContent = link.getAttribute("data-leaving") || ""; }
    var body = new URLSearchParams();
    body.append("_csrf", link.getAttribute("data-csrf") || "");
    try {
      if (!(navigator.sendBeacon && navigator.sendBeacon(link.getAttribute("href"), body))) {
        fetch(link.getAttribute("href"), { method: "POST", body: body, credentials: "same-origin", keepalive: true });
      }
    } catch (ignored) { /* the redirect below matters more than the beacon */ }
    window.location.replace(destination);
  }

  link.addEventListener("click", function (event) {
    event.preventDefault();
    leave();
  });

  var presses = 0;
  var timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") { presses = 0; return; }
    if (event.repeat) { return; }
    presses += 1;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { presses = 0; if (status) { status.textContent = ""; } }, 5000);
    if (presses >= 3) { leave(); return; }
    if (status) {
      status.textContent = link.getAttribute(presses === 1 ? "data-press-one" : "data-press-two") || "";
    }
  });
})();
