// Patients' pages, progressively enhanced: everything here also works without JavaScript.
"use strict";

// "Print these questions" on an area page: the questions alone, on one sheet (static/css/print.css).
// Without JavaScript there is no button, and the whole page prints with the questions on a sheet of their own.
document.querySelectorAll(".questions").forEach((section) => {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button print-questions";
  button.textContent = "Print these questions";
  button.addEventListener("click", () => {
    document.documentElement.classList.add("print-questions-only");
    window.print();
  });
  section.append(button);
});
window.addEventListener("afterprint", () => document.documentElement.classList.remove("print-questions-only"));

// "Was this page helpful?": answered in place. The form posts to /feedback/ as it would without
// JavaScript; the thank-you page it leads to (and its optional reason form) replaces the form.
// If anything fails, the form is sent the ordinary way instead.
function enhanceFeedback(form) {
  form.addEventListener("submit", async (event) => {
    if (form.dataset.sending) return;
    event.preventDefault();
    form.dataset.sending = "1";
    const data = new FormData(form);
    if (event.submitter && event.submitter.name) data.append(event.submitter.name, event.submitter.value);
    try {
      const response = await fetch(form.action, { method: "POST", body: data, credentials: "same-origin" });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const answer = page.getElementById("feedback");
      if (!answer) throw new Error("no answer");
      const block = form.closest("#feedback") || form;
      block.replaceWith(answer);
      answer.querySelectorAll("form").forEach(enhanceFeedback);
      answer.focus();
    } catch (error) {
      if (event.submitter && event.submitter.name) {
        const chosen = document.createElement("input");
        chosen.type = "hidden";
        chosen.name = event.submitter.name;
        chosen.value = event.submitter.value;
        form.append(chosen);
      }
      form.submit();
    }
  });
}
document.querySelectorAll("form.feedback, #feedback form").forEach(enhanceFeedback);

// The enquiry form sent back with mistakes: move to the list of them, so that keyboard and screen-reader
// users start there. Each link in it shows the whole question (its label, hint and message), not just the
// box, and puts the cursor in the box. Without JavaScript the links still go to the box (forms.css keeps
// room above it).
document.querySelectorAll(".error-summary").forEach((summary) => {
  summary.focus();
  summary.querySelectorAll("a[href^='#']").forEach((link) => {
    link.addEventListener("click", (event) => {
      const field = document.getElementById(link.getAttribute("href").slice(1));
      if (!field) return;
      event.preventDefault();
      (field.closest(".form-group") || field).scrollIntoView({ block: "start" });
      field.focus({ preventScroll: true });
    });
  });
});
