/* The article's text and the analyst's selection in it, in the server's terms: offsets in
 * Unicode code points (Python string indices), while the DOM counts UTF-16 code units. Every
 * text segment carries its code-point start in data-start, so a boundary's offset is that start
 * plus the code points of the segment text before it; `rangeOf` goes the other way.
 *
 * Also here: the caret drawn in the (non-editable) text for keyboard selection, and the
 * Claim / Denial popover offered for a selection made by mouse, finger or keyboard.
 * Loaded first; reader.js, spans.js and review.js use `window.annotatorSelection`. */
(function () {
  "use strict";

  var SLOT = "#statement-form-slot";
  var mouseDown = false;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
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

  // The UTF-16 index in `text` of its `points`-th code point.
  function unitIndex(text, points) {
    var i = 0;
    for (var n = 0; n < points && i < text.length; n++) {
      var unit = text.charCodeAt(i);
      i += unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length ? 2 : 1;
    }
    return i;
  }

  function segments() { return body() ? $$(".seg[data-start]", body()) : []; }

  function textNodes(element) {
    var nodes = [];
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
    return nodes;
  }

  // The code-point offset in the article of a DOM boundary point (node, offset).
  function offsetOf(node, offset) {
    var article = body();
    if (node.nodeType === Node.TEXT_NODE) {
      var segment = node.parentElement && node.parentElement.closest(".seg[data-start]");
      if (segment && article.contains(segment)) {
        var before = 0;
        var nodes = textNodes(segment);
        for (var i = 0; i < nodes.length && nodes[i] !== node; i++) before += codePoints(nodes[i].data);
        return Number(segment.dataset.start) + before + codePoints(node.data.slice(0, offset));
      }
    }
    // A point between elements (or outside the text): the start of the first segment after it.
    var point = document.createRange();
    point.setStart(node, offset);
    var all = segments();
    for (var j = 0; j < all.length; j++) {
      if (point.comparePoint(all[j], 0) >= 0) return Number(all[j].dataset.start);
    }
    return Number(article.dataset.length);
  }

  // The DOM boundary point of a code-point offset: the inverse of offsetOf. An end boundary
  // stays at the end of the text before it, a start boundary moves to the text after it.
  function pointAt(offset, isEnd) {
    var all = segments().filter(function (s) { return s.textContent.length > 0; });
    var found = null;
    for (var i = 0; i < all.length && !found; i++) {
      var start = Number(all[i].dataset.start);
      var length = codePoints(all[i].textContent);
      if (isEnd ? offset > start && offset <= start + length : offset >= start && offset < start + length) {
        var left = offset - start;
        var nodes = textNodes(all[i]);
        for (var j = 0; j < nodes.length; j++) {
          var n = codePoints(nodes[j].data);
          if (left < n || (isEnd && left === n)) { found = [nodes[j], unitIndex(nodes[j].data, left)]; break; }
          left -= n;
        }
      }
    }
    if (found) return found;
    // On a paragraph break: the nearest text on the right side of it.
    if (isEnd) {
      for (var k = all.length - 1; k >= 0; k--) {
        if (Number(all[k].dataset.start) < offset) {
          var last = textNodes(all[k]).pop();
          return [last, last.data.length];
        }
      }
    }
    for (var m = 0; m < all.length; m++) {
      if (Number(all[m].dataset.start) >= offset) return [textNodes(all[m])[0], 0];
    }
    return null;
  }

  function rangeOf(start, end) {
    var a = pointAt(start, false);
    var b = pointAt(end, true);
    if (!a || !b) return null;
    var range = document.createRange();
    range.setStart(a[0], a[1]);
    range.setEnd(b[0], b[1]);
    return range;
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

  /* ---- the selection popover ---------------------------------------------------------- */

  function hidePopover() {
    var popover = $("#selection-popover");
    if (popover) popover.hidden = true;
  }

  function showPopover() {
    var popover = $("#selection-popover");
    var selection = window.getSelection();
    if (!popover || !selectedSpan() || $(SLOT + " form")) { hidePopover(); return; }
    var rect = selection.getRangeAt(0).getBoundingClientRect();
    popover.hidden = false;
    var top = window.scrollY + rect.top - popover.offsetHeight - 8;
    if (top < window.scrollY) top = window.scrollY + rect.bottom + 8;
    var left = window.scrollX + rect.left + rect.width / 2 - popover.offsetWidth / 2;
    popover.style.top = Math.max(0, top) + "px";
    popover.style.left = Math.max(8, Math.min(left, window.scrollX + document.documentElement.clientWidth - popover.offsetWidth - 8)) + "px";
  }

  document.addEventListener("pointerdown", function (event) { if (event.pointerType === "mouse") mouseDown = true; });
  document.addEventListener("pointerup", function (event) {
    if (event.pointerType !== "mouse") return;
    mouseDown = false;
    if (event.target.closest("#selection-popover")) return;
    window.setTimeout(function () { if (selectedSpan()) showPopover(); else hidePopover(); }, 0);
  });

  // A selection made by touch (long press, then the handles) or from the keyboard ends with
  // no mouse button released: offer Claim / Denial once it stops changing.
  var selectionTimer = null;
  document.addEventListener("selectionchange", function () {
    showCaret();
    window.clearTimeout(selectionTimer);
    if (!selectedSpan()) { hidePopover(); return; }
    if (!mouseDown) selectionTimer = window.setTimeout(function () { if (selectedSpan()) showPopover(); }, 150);
  });

  document.addEventListener("focusout", function () { window.setTimeout(showCaret, 0); });

  window.annotatorSelection = {
    codePoints: codePoints, segments: segments, offsetOf: offsetOf, rangeOf: rangeOf,
    articleCodePoints: articleCodePoints, selectedSpan: selectedSpan, selectionInBody: selectionInBody,
    ARROWS: ARROWS, moveCaret: moveCaret, showCaret: showCaret, placeCaretAtStart: placeCaretAtStart,
    showPopover: showPopover, hidePopover: hidePopover,
  };
})();
