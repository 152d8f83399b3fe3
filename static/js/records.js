// Record forms: Ctrl+Enter (or Cmd+Enter) in a note's text saves it, so a note needs no mouse.
(function () {
  "use strict";
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
})();
