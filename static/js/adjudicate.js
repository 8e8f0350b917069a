/* Adjudication from the keyboard: j/k move between rows, 1..9 take that annotator's
 * version of the current row (a click on its button, so without JavaScript the buttons
 * work the same), e edits the row's canonical statement, s skips the row (takes none).
 * After a decision the rows are swapped in by htmx and focus moves to the next row. */
(function () {
  "use strict";

  var current = 0;

  function rows() { return Array.prototype.slice.call(document.querySelectorAll(".adj-row")); }

  function focusRow(index) {
    var all = rows();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, index));
    all.forEach(function (row, i) { row.classList.toggle("is-current", i === current); });
    all[current].focus();
    all[current].scrollIntoView({ block: "nearest" });
  }

  function notify(text) {
    var notice = document.getElementById("adj-notice");
    if (!notice) return;
    notice.textContent = text;
    notice.classList.add("adj-notice-error");
  }

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var row = rows()[current];
    if (event.key === "j") {
      focusRow(current + 1);
    } else if (event.key === "k") {
      focusRow(current - 1);
    } else if (event.key === "s") {
      focusRow(current + 1);
    } else if (/^[1-9]$/.test(event.key)) {
      var button = row && row.querySelector('button[data-key="' + event.key + '"]');
      if (button) button.click();
      else notify("Annotator " + event.key + " has no version in this row.");
    } else if (event.key === "e") {
      var edit = row && row.querySelector("a[data-edit]");
      if (edit) window.location.assign(edit.href);
      else notify("Take a version first (1, 2…); then e edits it.");
    } else {
      return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest(".adj-row");
    if (row) current = rows().indexOf(row);
  });

  document.addEventListener("htmx:afterSettle", function () {
    var box = document.getElementById("adjudication");
    if (!box) return;
    var index = parseInt(box.dataset.focus, 10);
    if (isNaN(index)) index = current;
    focusRow(box.dataset.advance === "true" ? index + 1 : index);
  });

  document.addEventListener("DOMContentLoaded", function () {
    var hash = /^#row-(\d+)$/.exec(window.location.hash);
    focusRow(hash ? parseInt(hash[1], 10) : 0);
  });
})();
