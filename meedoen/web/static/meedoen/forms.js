/* Nothing typed is lost, and focus lands where the work is.
 *
 * - A form the user typed in is "dirty". Submitting another form, or leaving the
 *   page, first asks whether to drop what was typed (the browser's own dialog on
 *   leaving; a confirm() when another form on the page is submitted).
 * - After a save the server redirects to the saved block (#anchor): focus moves there,
 *   so keyboard and screen-reader users continue where they were. On a page with
 *   errors, focus moves to the first error.
 *
 * No inline script (the Content Security Policy forbids it); the messages come from
 * data attributes on <body>, translated by the server.
 */
(function () {
  "use strict";
  var dirty = new Set();

  function label(form) {
    var heading = form.closest("section, li, tr, details");
    var h = heading && heading.querySelector("h2, h3, summary, th");
    return h ? h.textContent.trim() : "";
  }

  document.addEventListener("input", function (event) {
    var form = event.target.form;
    if (form && form.method.toLowerCase() === "post") {
      dirty.add(form);
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var others = Array.from(dirty).filter(function (f) { return f !== form; });
    if (others.length) {
      var template = document.body.dataset.unsavedOther || "";
      var names = others.map(label).filter(Boolean).join(", ");
      if (!window.confirm(template.replace("%s", names))) {
        event.preventDefault();
        return;
      }
    }
    dirty.clear();
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty.size) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function focusTarget() {
    var error = document.querySelector(".utrecht-form-field--invalid input, .utrecht-form-field--invalid select, .utrecht-form-field--invalid textarea, [aria-invalid='true']");
    var target = error;
    if (!target && window.location.hash.length > 1) {
      target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    }
    if (target) {
      if (!target.hasAttribute("tabindex") && !/^(A|INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName)) {
        target.setAttribute("tabindex", "-1");
      }
      target.focus();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusTarget);
  } else {
    focusTarget();
  }
})();
