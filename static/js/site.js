// Patients' pages, progressively enhanced: everything here also works without JavaScript.
"use strict";

// "Print these questions" on an area page: the questions alone, on one sheet (static/css/print.css).
// Without JavaScript the button stays hidden, and the whole page prints with the questions on a sheet of their own.
document.querySelectorAll(".print-questions").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => {
    document.documentElement.classList.add("print-questions-only");
    window.print();
  });
});
window.addEventListener("afterprint", () => document.documentElement.classList.remove("print-questions-only"));
