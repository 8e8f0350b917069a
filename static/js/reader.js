/* The reader: turn a text selection into code-point offsets, open the statement form, and
 * drive everything from the keyboard (c d j k e x a r ? Esc, arrows to select).
 *
 * Offsets: the server counts Unicode code points (Python string indices); the DOM counts
 * UTF-16 code units. Every text segment carries its code-point start in data-start, so a
 * boundary's offset is that start plus the code points of the segment text before it.
 * No inline scripts or handlers: the page's CSP allows only files from our origin. */
(function () {
  "use strict";

  var SLOT = "#statement-form-slot";
  var current = null; // id of the focused statement, kept across htmx swaps

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function reader() { return $("#reader"); }
  function body() { return $("#article-body"); }

  /* ---- offsets ---------------------------------------------------------------------- */

  // Code points in a UTF-16 string: a surrogate pair (an emoji, 𝒳) is one code point.
  function codePoints(text) {
    var count = 0;
    for (var i = 0; i < text.length; i++) {
      var unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
        var next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
      count++;
    }
    return count;
  }

  function segments() { return $$(".seg[data-start]", body()); }

  // The code-point offset in the article of a DOM boundary point (node, offset).
  function offsetOf(node, offset) {
    var root = body();
    if (node.nodeType === Node.TEXT_NODE) {
      var segment = node.parentElement && node.parentElement.closest(".seg[data-start]");
      if (segment && root.contains(segment)) {
        var before = 0;
        var walker = document.createTreeWalker(segment, NodeFilter.SHOW_TEXT);
        for (var text = walker.nextNode(); text && text !== node; text = walker.nextNode()) before += codePoints(text.data);
        return Number(segment.dataset.start) + before + codePoints(node.data.slice(0, offset));
      }
    }
    // A point between elements (or outside the text): the start of the first segment after it.
    var point = document.createRange();
    point.setStart(node, offset);
    var all = segments();
    for (var i = 0; i < all.length; i++) {
      if (point.comparePoint(all[i], 0) >= 0) return Number(all[i].dataset.start);
    }
    return Number(root.dataset.length);
  }

  // The article text as code points, rebuilt from the segments; the paragraph breaks between
  // them are the only text not in the DOM, and they are newlines.
  function articleCodePoints() {
    var chars = new Array(Number(body().dataset.length)).fill("\n");
    segments().forEach(function (segment) {
      var start = Number(segment.dataset.start);
      Array.from(segment.textContent).forEach(function (ch, i) { chars[start + i] = ch; });
    });
    return chars;
  }

  // The selection as {start, end, text} in code points, whitespace at its edges trimmed;
  // null when nothing inside the article is selected.
  function selectedSpan() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed || !body()) return null;
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(body())) return null;
    var start = offsetOf(range.startContainer, range.startOffset);
    var end = offsetOf(range.endContainer, range.endOffset);
    var chars = articleCodePoints();
    while (start < end && /\s/.test(chars[start])) start++;
    while (end > start && /\s/.test(chars[end - 1])) end--;
    if (end <= start) return null;
    return { start: start, end: end, text: chars.slice(start, end).join("") };
  }

  /* ---- opening the form --------------------------------------------------------------- */

  function openNewStatement(stance) {
    var root = reader();
    if (!root || root.dataset.canAnnotate !== "true") return;
    var span = selectedSpan();
    if (!span) {
      notify("Select the words of the statement in the article first.", true);
      return;
    }
    var params = new URLSearchParams({ start: span.start, end: span.end, quote: span.text, stance: stance });
    hidePopover();
    window.getSelection().removeAllRanges();
    window.htmx.ajax("GET", root.dataset.newUrl + "?" + params.toString(), { target: SLOT, swap: "outerHTML" });
  }

  function closeForm() {
    var slot = $(SLOT);
    if (slot && slot.firstElementChild) {
      slot.innerHTML = "";
      focusStatement(current) || (body() && body().focus());
    }
  }

  function notify(text, isError) {
    var region = $("#reader-notice");
    if (!region) return;
    var box = document.createElement("div");
    box.className = "notice" + (isError ? " notice-error" : "");
    box.textContent = text;
    region.replaceChildren(box);
  }

  /* ---- the selection popover ---------------------------------------------------------- */

  function hidePopover() {
    var popover = $("#selection-popover");
    if (popover) popover.hidden = true;
  }

  function showPopover() {
    var popover = $("#selection-popover");
    var selection = window.getSelection();
    if (!popover || !selectedSpan()) { hidePopover(); return; }
    var rect = selection.getRangeAt(0).getBoundingClientRect();
    popover.hidden = false;
    var top = window.scrollY + rect.top - popover.offsetHeight - 8;
    if (top < window.scrollY) top = window.scrollY + rect.bottom + 8;
    var left = window.scrollX + rect.left + rect.width / 2 - popover.offsetWidth / 2;
    popover.style.top = Math.max(0, top) + "px";
    popover.style.left = Math.max(8, Math.min(left, window.scrollX + document.documentElement.clientWidth - popover.offsetWidth - 8)) + "px";
  }

  /* ---- statements: focus, highlight, actions ------------------------------------------ */

  function items() { return $$(".st-item[data-statement]"); }

  function markCurrent(id) {
    $$(".is-current").forEach(function (el) { el.classList.remove("is-current"); });
    if (!id) return;
    $$('[data-statement="' + id + '"]').forEach(function (el) {
      if (el.matches("mark, .st-item")) el.classList.add("is-current");
    });
  }

  function focusStatement(id) {
    var item = id && document.getElementById("statement-" + id);
    if (!item) return false;
    current = String(id);
    markCurrent(current);
    item.focus({ preventScroll: true });
    item.scrollIntoView({ block: "nearest" });
    var mark = $('mark[data-statement="' + id + '"]', body() || document);
    if (mark) mark.scrollIntoView({ block: "nearest" });
    return true;
  }

  function step(delta) {
    var list = items();
    if (!list.length) return;
    var index = list.findIndex(function (item) { return item.dataset.statement === current; });
    if (index === -1) index = delta > 0 ? 0 : list.length - 1;
    else index = Math.min(list.length - 1, Math.max(0, index + delta));
    focusStatement(list[index].dataset.statement);
  }

  function currentItem() {
    var active = document.activeElement && document.activeElement.closest && document.activeElement.closest(".st-item");
    if (active) return active;
    return current ? document.getElementById("statement-" + current) : null;
  }

  function act(name) {
    var item = currentItem();
    var control = item && $('[data-action="' + name + '"]', item);
    if (!control) return false;
    if (control.tagName === "FORM") control.requestSubmit();
    else control.click();
    return true;
  }

  /* ---- keyboard selection inside the article ------------------------------------------ */

  var ARROWS = { ArrowLeft: ["backward", "character"], ArrowRight: ["forward", "character"],
                 ArrowUp: ["backward", "line"], ArrowDown: ["forward", "line"],
                 Home: ["backward", "lineboundary"], End: ["forward", "lineboundary"] };

  function placeCaretAtStart() {
    var first = segments().find(function (s) { return s.firstChild; });
    if (first) window.getSelection().collapse(first.firstChild, 0);
  }

  function selectionInBody() {
    var selection = window.getSelection();
    return selection.rangeCount > 0 && body() && body().contains(selection.anchorNode);
  }

  function moveCaret(event) {
    var how = ARROWS[event.key];
    if (!selectionInBody()) placeCaretAtStart();
    var granularity = event.ctrlKey && how[1] === "character" ? "word" : how[1];
    window.getSelection().modify(event.shiftKey ? "extend" : "move", how[0], granularity);
    showCaret();
  }

  // Text that is not editable has no caret of its own; draw one where the keyboard is.
  function showCaret() {
    var caret = $("#reader-caret");
    var selection = window.getSelection();
    if (!body() || document.activeElement !== body() || !selectionInBody()) {
      if (caret) caret.hidden = true;
      return;
    }
    if (!caret) {
      caret = document.createElement("div");
      caret.id = "reader-caret";
      caret.className = "reader-caret";
      caret.setAttribute("aria-hidden", "true");
      document.body.appendChild(caret);
    }
    var focus = document.createRange();
    focus.setStart(selection.focusNode, selection.focusOffset);
    var rect = focus.getClientRects()[0] || focus.getBoundingClientRect();
    caret.hidden = !rect || (rect.top === 0 && rect.height === 0);
    caret.style.top = window.scrollY + rect.top + "px";
    caret.style.left = window.scrollX + rect.left + "px";
    caret.style.height = (rect.height || 18) + "px";
  }

  /* ---- wiring ------------------------------------------------------------------------- */

  function typing(target) {
    return target.closest && target.closest("input, textarea, select, [contenteditable], dialog[open]");
  }

  document.addEventListener("keydown", function (event) {
    if (!reader() && !$(".review-queue")) return;
    if (event.key === "Escape") {
      hidePopover();
      if ($(SLOT + " form")) { event.preventDefault(); closeForm(); }
      return;
    }
    if (typing(event.target) || event.altKey || event.metaKey) return;
    if (document.activeElement === body() && ARROWS[event.key]) {
      event.preventDefault();
      moveCaret(event);
      return;
    }
    if (event.ctrlKey) return;
    var handled = true;
    switch (event.key) {
      case "c": openNewStatement("claim"); break;
      case "d": openNewStatement("denial"); break;
      case "j": step(1); break;
      case "k": step(-1); break;
      case "e": handled = act("edit"); break;
      case "x": handled = act("delete"); break;
      case "a": handled = act("accept"); break;
      case "r": handled = act("reject"); break;
      case "?": { var dialog = $("#shortcuts-dialog"); if (dialog) dialog.showModal(); break; }
      default: handled = false;
    }
    if (handled) event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("#show-shortcuts")) { $("#shortcuts-dialog").showModal(); return; }
    var stanceButton = target.closest("#selection-popover [data-stance]");
    if (stanceButton) { openNewStatement(stanceButton.dataset.stance); return; }
    if (target.closest('[data-action="cancel"]')) { event.preventDefault(); closeForm(); return; }
    var link = target.closest(".st-link[data-statement]");
    if (link) { event.preventDefault(); focusStatement(link.dataset.statement); return; }
    var mark = target.closest("#article-body mark[data-statement]");
    if (mark && window.getSelection().isCollapsed) focusStatement(mark.dataset.statement);
    var item = target.closest(".st-item[data-statement]");
    if (item && !target.closest("a, button, input, select, textarea")) focusStatement(item.dataset.statement);
  });

  document.addEventListener("mouseup", function (event) {
    if (event.target.closest("#selection-popover")) return;
    window.setTimeout(function () { if (selectedSpan()) showPopover(); else hidePopover(); }, 0);
  });

  document.addEventListener("selectionchange", function () {
    showCaret();
    if (!selectedSpan()) hidePopover();
  });

  document.addEventListener("focusin", function (event) {
    if (event.target === body() && !selectionInBody()) placeCaretAtStart();
    var item = event.target.closest && event.target.closest(".st-item[data-statement]");
    if (item) { current = item.dataset.statement; markCurrent(current); }
    showCaret();
  });

  document.addEventListener("focusout", function () { window.setTimeout(showCaret, 0); });

  // The form's stance colours follow the chosen stance.
  document.addEventListener("change", function (event) {
    if (event.target.matches("#statement-form input[name=stance]")) {
      var form = event.target.form;
      form.classList.remove("stance-claim", "stance-denial");
      form.classList.add("stance-" + event.target.value);
    }
  });

  // After a save the server names the statement; focus it once the new panel is in place.
  document.body.addEventListener("statementsChanged", function (event) {
    var saved = event.detail && event.detail.saved;
    window.setTimeout(function () {
      if (saved) focusStatement(saved);
      else markCurrent(current);
    }, 0);
  });

  document.body.addEventListener("htmx:afterSettle", function (event) {
    var slot = event.detail.target;
    if (slot && slot.id === "statement-form-slot") {
      var field = $("[autofocus]", slot) || $("input, select, textarea", slot);
      if (field && !slot.contains(document.activeElement)) field.focus();
    }
  });

  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    var text = status === 403 ? "You may not do that with your role." :
               status === 404 ? "That no longer exists; the page may be out of date. Reload it." :
               "Something went wrong (" + status + "); nothing was changed. Reload and try again.";
    notify(text, true);
  });

  document.body.addEventListener("htmx:sendError", function () {
    notify("The server cannot be reached; nothing was saved. Check the connection and try again.", true);
  });

  // Exposed for tests and the curious: the offset arithmetic, nothing else.
  window.annotatorReader = { codePoints: codePoints, selectedSpan: selectedSpan };
})();
