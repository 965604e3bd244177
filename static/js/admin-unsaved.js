/* Editors never lose work: leaving an admin form with unsaved changes asks first. */
(function () {
  "use strict";

  function watch(form) {
    var changed = false;
    function markChanged() { changed = true; }
    form.addEventListener("input", markChanged);
    form.addEventListener("change", markChanged);
    // Saving is leaving on purpose.
    form.addEventListener("submit", function () { changed = false; });
    window.addEventListener("beforeunload", function (event) {
      if (!changed) { return; }
      event.preventDefault();
      event.returnValue = ""; // older browsers need a value to show the prompt
    });
  }

  function start() {
    // Change forms only: on a list page, ticking rows for an action is not work to lose.
    var form = document.querySelector("body.change-form #content-main form[method='post']");
    if (form) { watch(form); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
