/* Two staff on one record (collisions/presence.py): who else has it open, who has started typing, and
   whether it changed after this page was made, kept up to date without a reload.

   While the tab is visible it posts a beat to the presence endpoint every few seconds, saying whether
   this person is typing: a field of the watched form differs from how the page loaded it, or a text
   box marked data-collisions-draft is not empty. A hidden tab stops beating, so it is soon gone for
   the others; closing the page says goodbye at once. Without this script the page shows who was
   there when it was made, and the server still refuses a save made on an out-of-date page. */
(function () {
  "use strict";

  var box = document.getElementById("presence");
  if (!box || !window.fetch || !window.FormData) { return; }
  var data = box.dataset;
  var every = (parseInt(data.beatSeconds, 10) || 10) * 1000;
  var scope = data.typingScope ? document.querySelector(data.typingScope) : null;
  var typing = false;
  var timer = null;
  var soon = null;

  function body(extra) {
    var form = new FormData();
    form.append("csrfmiddlewaretoken", data.csrf);
    form.append("record", data.record);
    form.append("viewer", data.viewer);
    form.append("opened", data.opened);
    form.append("typing", typing ? "1" : "0");
    if (extra) { form.append(extra, "1"); }
    return form;
  }

  function line(other) {
    var item = document.createElement("li");
    var name = document.createElement("strong");
    name.textContent = other.name;
    item.appendChild(name);
    if (other.typing) {
      item.className = "presence-typing";
      item.appendChild(document.createTextNode(" " + data.typingLabel + " (since " + other.typing_since + ")"));
    } else {
      item.appendChild(document.createTextNode(" " + data.openLabel + " (since " + other.since + ")"));
    }
    return item;
  }

  function show(answer) {
    if (!answer || !answer.others) { return; }
    var list = box.querySelector(".presence-others");
    list.replaceChildren.apply(list, answer.others.map(line));
    var changed = box.querySelector(".presence-changed");
    if (answer.changed) {
      changed.textContent = "Changed by " + answer.changed.by + " at " + answer.changed.at +
        ", after you opened this page. If you save or send now, you will see what changed first.";
      changed.hidden = false;
    }
    box.hidden = !answer.others.length && changed.hidden;
  }

  function beat() {
    fetch(data.presenceUrl, {
      method: "POST", body: body(), credentials: "same-origin", headers: { "X-Requested-With": "XMLHttpRequest" }
    }).then(function (response) { return response.ok ? response.json() : null; })
      .then(show)
      .catch(function () { /* offline, or a server restarting: the next beat tries again */ });
  }

  function start() {
    if (timer === null) { beat(); timer = window.setInterval(beat, every); }
  }

  function stop() {
    if (timer !== null) { window.clearInterval(timer); timer = null; }
  }

  function differs(field) {
    if (field.type === "hidden" || field.disabled) { return false; }
    if (field.hasAttribute("data-collisions-draft")) { return field.value.trim() !== ""; }
    if (field.type === "checkbox" || field.type === "radio") { return field.checked !== field.defaultChecked; }
    if (field.tagName === "SELECT" && !field.multiple) {
      // A single select with no option marked selected shows its first one: that is not a change.
      var initial = -1;
      for (var i = 0; i < field.options.length; i += 1) {
        if (field.options[i].defaultSelected) { initial = i; }
      }
      if (initial === -1 && field.options.length) { initial = 0; }
      return field.selectedIndex !== initial;
    }
    if (field.tagName === "SELECT") {
      return Array.prototype.some.call(field.options, function (option) {
        return option.selected !== option.defaultSelected;
      });
    }
    return field.value !== field.defaultValue;
  }

  function checkTyping() {
    var now = Array.prototype.some.call(scope.querySelectorAll("input, textarea, select"), differs);
    if (now === typing) { return; }
    typing = now;
    window.clearTimeout(soon);
    soon = window.setTimeout(beat, 300);  // the others hear of it now, not at the next beat
  }

  if (scope) {
    scope.addEventListener("input", checkTyping);
    scope.addEventListener("change", checkTyping);
    checkTyping();
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { stop(); } else { start(); }
  });
  window.addEventListener("pagehide", function () {
    stop();
    if (navigator.sendBeacon) { navigator.sendBeacon(data.presenceUrl, body("leave")); }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { start(); }  // back from the browser's page cache
  });
  if (document.visibilityState !== "hidden") { start(); }
})();
