// Record forms: Ctrl+Enter (or Cmd+Enter) in a note's text saves it, so a note needs no mouse.
// The case page's forms open in place (htmx puts them in #case-form): focus goes to the form's
// first field, and Cancel closes it and gives focus back to the button that opened it.
(function () {
  "use strict";
  var opener = null;

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) {
      return;
    }
    var form = event.target.closest && event.target.closest("form[data-submit-on-ctrl-enter]");
    if (form) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    if (event.detail.target && event.detail.target.id === "case-form") {
      opener = event.detail.elt;
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var slot = event.detail.target;
    if (!slot || slot.id !== "case-form") {
      return;
    }
    var field = slot.querySelector("input:not([type=hidden]), select, textarea, button");
    if (field) {
      field.focus();
    }
    slot.scrollIntoView({ block: "nearest" });
  });

  document.addEventListener("click", function (event) {
    var cancel = event.target.closest && event.target.closest("[data-close-case-form]");
    var slot = cancel && cancel.closest("#case-form");
    if (!slot) {
      return; // on a form's own page, Cancel is a plain link back to the case
    }
    event.preventDefault();
    slot.replaceChildren();
    if (opener) {
      opener.focus();
    }
  });
})();
