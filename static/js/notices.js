/* Feedback beside the work: "Saved", "Deleted — Undo", refusals. The server renders them in
 * the #reader-notice live region (at the top of the page, which is where they stay without
 * JavaScript); this script floats that region beside what the analyst is working on — the
 * focused statement, the form, the selection — and keeps it there while the page scrolls.
 * Confirmations fade; an undo stays a while; refusals stay until the next action or Esc. */
(function () {
  "use strict";

  var SLOT = "#statement-form-slot";
  var api = { anchor: function () { return null; } }; // reader.js tells where the work is

  function $(selector, root) { return (root || document).querySelector(selector); }

  /* ---- feedback next to the work ------------------------------------------------------- */

  var noticeTimer = null;

  function notify(text, isError, anchor) {
    var region = $("#reader-notice");
    if (!region) return;
    var box = document.createElement("div");
    box.className = "notice" + (isError ? " notice-error" : "");
    var words = document.createElement("span");
    words.textContent = text;
    box.appendChild(words);
    region.replaceChildren(box);
    placeNotice(anchor);
  }

  function anchorNow() {
    return $(SLOT + " form") || api.anchor() || $(".span-box");
  }

  // The notice floats beside what the analyst is working on (the focused statement, the form,
  // the selection) rather than at the top of the page; without JavaScript it stays on top.
  function placeNotice(anchor) {
    var region = $("#reader-notice");
    if (!region) return;
    window.clearTimeout(noticeTimer);
    var box = region.firstElementChild;
    if (!box) { region.classList.remove("is-floating"); return; }
    var error = box.classList.contains("notice-error");
    var statement = box.dataset.statement && document.getElementById("statement-" + box.dataset.statement);
    region.anchor = anchor || statement || anchorNow();
    if (!region.anchor) { region.classList.remove("is-floating"); return; }
    region.classList.add("is-floating");
    positionNotice();
    // Confirmations fade; an undo stays a while; refusals stay until the next action or Esc.
    if (!error) noticeTimer = window.setTimeout(clearNotice, $("[data-undo]", region) ? 20000 : 6000);
  }

  function positionNotice() {
    var region = $("#reader-notice.is-floating");
    if (!region) return;
    var anchor = region.anchor;
    if (!anchor || (anchor.isConnected === false)) anchor = region.anchor = anchorNow();
    if (!anchor) { region.classList.remove("is-floating"); return; }
    var rect = anchor.getBoundingClientRect();
    var width = region.offsetWidth;
    var height = region.offsetHeight;
    var viewWidth = document.documentElement.clientWidth;
    var top, left;
    if (viewWidth - rect.right >= width + 16) { // room on the right: beside it
      left = rect.right + 8;
      top = rect.top;
    } else { // below it, or above when the bottom of the window is too close
      left = rect.left;
      top = rect.bottom + 6;
      if (top + height > window.innerHeight - 8) top = rect.top - height - 6;
    }
    region.style.top = Math.max(8, Math.min(top, window.innerHeight - height - 8)) + "px";
    region.style.left = Math.max(8, Math.min(left, viewWidth - width - 8)) + "px";
  }

  function clearNotice() {
    var region = $("#reader-notice");
    if (region) { region.replaceChildren(); region.classList.remove("is-floating"); }
  }

  window.addEventListener("resize", positionNotice);
  document.addEventListener("scroll", positionNotice, true);

  api.notify = notify;
  api.place = placeNotice;
  api.position = positionNotice;
  api.clear = clearNotice;
  window.annotatorNotices = api;
})();
