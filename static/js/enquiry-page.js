/* An enquiry's page in the admin: no draft is lost.

   - What is typed in the reply, phone-call and note boxes (textarea[data-draft]) is kept in this browser
     tab (sessionStorage, gone when the tab closes) as it is typed, and put back when the page is opened
     again: after the page's Save, after leaving and coming back. A box the server filled (a refused or
     previewed reply comes back with its text) keeps the server's text.
   - A box whose form was sent and that comes back empty and without an error was sent: its draft goes.
   - "Use this reply" puts the saved reply in at the cursor (or after what is written) without
     replacing anything; without this script the server adds it after the text instead.
   - Leaving the page by a link with a draft in a box asks first; the page's own forms do not. */
(function () {
  "use strict";

  function start() {
    var boxes = Array.prototype.slice.call(document.querySelectorAll("textarea[data-draft]"));
    var match = window.location.pathname.match(/\/enquiry\/(\d+)\//);
    if (!boxes.length || !match) { return; }
    var store = null;
    try { store = window.sessionStorage; } catch (error) { store = null; }
    var enquiry = match[1];
    var submitting = false;

    function key(box, suffix) { return "draft:enquiry:" + enquiry + ":" + box.dataset.draft + (suffix || ""); }
    function get(name) { try { return store ? store.getItem(name) : null; } catch (error) { return null; } }
    function put(name, value) {
      try {
        if (!store) { return; }
        if (value) { store.setItem(name, value); } else { store.removeItem(name); }
      } catch (error) { /* storage full or refused: the box still holds the text */ }
    }

    function hasError(box) {
      var row = box.closest(".form-row");
      return Boolean(row && row.querySelector(".errorlist"));
    }

    function restore(box) {
      var sent = get(key(box, ":sending")) !== null;
      put(key(box, ":sending"), "");
      if (box.value.trim()) { put(key(box), box.value); return; }  // the server's text wins
      if (sent && !hasError(box)) { put(key(box), ""); return; }   // it went: nothing to bring back
      var draft = get(key(box));
      if (!draft) { return; }
      box.value = draft;
      var note = box.closest(".form-row") && box.closest(".form-row").querySelector(".draft-note");
      if (note) { note.hidden = false; }
      box.dispatchEvent(new Event("input", { bubbles: true }));
    }

    boxes.forEach(function (box) {
      restore(box);
      box.addEventListener("input", function () { put(key(box), box.value); });
      if (box.form) {
        box.form.addEventListener("submit", function () { put(key(box, ":sending"), "1"); });
      }
    });

    document.addEventListener("submit", function () { submitting = true; }, true);
    window.addEventListener("beforeunload", function (event) {
      if (submitting || !boxes.some(function (box) { return box.value.trim(); })) { return; }
      event.preventDefault();
      event.returnValue = "";  // older browsers need a value to show the prompt
    });

    // "Use this reply": in at the cursor, nothing replaced.
    var use = document.getElementById("use-template");
    var reply = document.querySelector("textarea[data-draft='reply']");
    if (!use || !reply) { return; }
    var select = use.form.querySelector("select[name='template']");
    var placed = false;
    ["focus", "click", "keyup", "select"].forEach(function (name) {
      reply.addEventListener(name, function () { placed = true; });
    });
    use.addEventListener("click", function (event) {
      var option = select && select.options[select.selectedIndex];
      var fill = option ? option.getAttribute("data-fill") : null;
      if (fill === null) { return; }  // nothing chosen: the server says so
      event.preventDefault();
      var from = placed ? reply.selectionStart : reply.value.length;
      var end = placed ? reply.selectionEnd : reply.value.length;
      var before = reply.value.slice(0, from);
      var gap = before && from === reply.value.length && !/\n\n$/.test(before) ? (/\n$/.test(before) ? "\n" : "\n\n") : "";
      reply.value = before + gap + fill + reply.value.slice(end);
      var cursor = (before + gap + fill).length;
      reply.focus();
      reply.setSelectionRange(cursor, cursor);
      placed = true;
      reply.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }

  // The admin loads this in the page's head: wait for the page.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
