/* The checks on each Markdown text box sit right under it, not under its rendered preview.

   django-markdownx's live preview answers the claims checker's warnings and the reading age first
   (editorial/admin_views.py); after each preview this moves them into the box's own place for
   checks, which the page already filled when it loaded. It also explains an image the editor's
   upload refuses, there, instead of django-markdownx typing "Invalid response" into the text. */
(function () {
  "use strict";

  // What django-markdownx types into the text when an upload is refused.
  var UPLOAD_PLACEHOLDER = "Invalid response";

  function editorBox(element) {
    return element && element.closest ? element.closest(".markdownx") : null;
  }

  // After each live preview: the checks move from the preview to their place under the text box.
  function placeChecks(event) {
    var box = editorBox(event.target);
    if (!box) { return; }
    var place = box.querySelector(".content-checks-slot");
    var checks = box.querySelector(".markdownx-preview .content-checks");
    if (place && checks) { place.replaceChildren(checks); }
  }

  function showRefusal(box, message) {
    var note = box.querySelector(".upload-refused");
    if (!note) { return; }
    note.textContent = message;
    note.hidden = false;
  }

  function clearRefusal(box) {
    var note = box.querySelector(".upload-refused");
    if (note) { note.hidden = true; note.textContent = ""; }
  }

  // A dropped or pasted file the site does not accept is explained, and not sent.
  function checkFiles(event) {
    var editor = event.target;
    if (!editor.matches || !editor.matches(".markdownx .markdownx-editor")) { return; }
    var transfer = event.dataTransfer || event.clipboardData;
    if (!transfer || !transfer.files || !transfer.files.length) { return; }
    var accepted = (editor.getAttribute("data-upload-accept") || "").split(",");
    var refused = Array.prototype.filter.call(transfer.files, function (file) {
      return accepted.indexOf(file.type) === -1;
    });
    var box = editorBox(editor);
    if (!refused.length) { clearRefusal(box); return; }
    event.preventDefault();
    event.stopPropagation();  // django-markdownx would upload it
    var drawing = refused.some(function (file) { return /svg/i.test(file.type) || /\.svgz?$/i.test(file.name); });
    showRefusal(box, editor.getAttribute(drawing ? "data-upload-refused-svg" : "data-upload-refused"));
  }

  function firstMessage(answer) {
    if (!answer || typeof answer !== "object") { return ""; }
    for (var key in answer) {
      if (Array.isArray(answer[key]) && answer[key].length) { return String(answer[key][0]); }
    }
    return "";
  }

  // The server refused an upload (too large, not really a picture): its reason, in place of the placeholder.
  function uploadRefused(event) {
    var box = editorBox(event.target);
    if (!box) { return; }
    var editor = box.querySelector(".markdownx-editor");
    showRefusal(box, firstMessage(event.detail && event.detail[0]) || editor.getAttribute("data-upload-refused"));
    // django-markdownx types its placeholder at the cursor straight after this event: take it out again.
    window.setTimeout(function () {
      var end = editor.selectionEnd;
      var start = end - UPLOAD_PLACEHOLDER.length;
      if (start < 0 || editor.value.slice(start, end) !== UPLOAD_PLACEHOLDER) { return; }
      editor.value = editor.value.slice(0, start) + editor.value.slice(end);
      editor.selectionStart = editor.selectionEnd = start;
      editor.dispatchEvent(new Event("input", { bubbles: true }));
    }, 0);
  }

  // django-markdownx's events do not bubble: listening while they travel down to the box catches every box,
  // inline rows added later included.
  document.addEventListener("markdownx.update", placeChecks, true);
  document.addEventListener("markdownx.fileUploadError", uploadRefused, true);
  document.addEventListener("markdownx.fileUploadEnd", function (event) {
    var box = editorBox(event.target);
    if (box) { clearRefusal(box); }
  }, true);
  document.addEventListener("drop", checkFiles, true);
  document.addEventListener("paste", checkFiles, true);
})();
