// Small behaviours every page shares. Loaded as a file (the CSP allows no inline script
// and no inline handlers); each one does nothing where its elements are absent.
(function () {
  "use strict";

  // The top menu folds behind a button on narrow screens. Without this script the button
  // stays hidden and the menu wraps instead.
  function setUpMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var topbar = document.querySelector(".topbar");
    if (!toggle || !topbar) return;
    toggle.hidden = false;
    topbar.classList.add("has-menu");
    function setOpen(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      topbar.classList.toggle("menu-open", open);
    }
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // "Copy" buttons: data-copy names the element whose text (or value) goes to the clipboard;
  // the button says what happened, and a polite live region announces it.
  function setUpCopy() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-copy]");
      if (!button) return;
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (!source) return;
      var text = "value" in source ? source.value : source.textContent.trim();
      var label = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", label);
      function done(message) {
        button.textContent = message;
        var status = document.getElementById(button.getAttribute("aria-describedby") || "");
        if (status) status.textContent = message;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      }
      function selectIt() {
        var range = document.createRange();
        range.selectNodeContents(source);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () { done("Copied"); },
          function () { selectIt(); done("Selected: press Ctrl+C"); }
        );
      } else {
        selectIt();
        done("Selected: press Ctrl+C");
      }
    });
  }

  // A select marked data-autosubmit sends its form when changed (the project switcher);
  // without this script its button does.
  function setUpAutosubmit() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-autosubmit]"), function (select) {
      var button = select.form && select.form.querySelector("[data-autosubmit-button]");
      if (button) button.hidden = true;
    });
    document.addEventListener("change", function (event) {
      var select = event.target.closest && event.target.closest("select[data-autosubmit]");
      if (select && select.form) select.form.requestSubmit();
    });
  }

  // "n" (outside a field) opens the next unfinished article assigned to you, where a page
  // offers one (a link marked data-next-work: My work, the reader of an assigned article);
  // "s" skips it (the form marked data-skip-work: it comes back after the rest).
  function setUpNextKey() {
    document.addEventListener("keydown", function (event) {
      if ((event.key !== "n" && event.key !== "s") || event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      if (target.closest && target.closest("input, textarea, select, [contenteditable]")) return;
      if (document.querySelector("dialog[open], #statement-form-slot form")) return;
      if (event.key === "s") {
        var skip = document.querySelector("form[data-skip-work]");
        if (skip) {
          event.preventDefault();
          skip.requestSubmit();
        }
        return;
      }
      var link = document.querySelector("a[data-next-work]");
      if (link) {
        event.preventDefault();
        window.location.assign(link.href);
      }
    });
  }

  setUpMenu();
  setUpCopy();
  setUpAutosubmit();
  setUpNextKey();
})();
