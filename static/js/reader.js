/* The reader and the review queue: turn a text selection into code-point offsets, open the
 * statement form, and drive everything from the keyboard (c d j k e x a r u ? Esc, arrows).
 *
 * Offsets: the server counts Unicode code points (Python string indices); the DOM counts
 * UTF-16 code units. Every text segment carries its code-point start in data-start, so a
 * boundary's offset is that start plus the code points of the segment text before it.
 *
 * Safety at keyboard speed: a shortcut only ever acts on what the analyst is looking at.
 * - While the form is opening (c, d, e pressed, the answer not yet in place) typed keys are
 *   kept and replayed into its first field; while a form or dialog is open, single-key
 *   shortcuts are off.
 * - While a change is on its way (accept, reject, delete, undo), further shortcut keys wait
 *   and run, in order, once the page shows the result and focus has landed.
 * - a / r move focus to the next pending suggestion; j / k continue from there.
 * spans.js (span correction, the marked selection) and review.js (the queue's ticks) build on
 * what `window.annotatorReader` exposes. No inline scripts or handlers: the CSP allows none. */
(function () {
  "use strict";

  var SLOT = "#statement-form-slot";
  var current = null; // id of the focused statement, kept across htmx swaps
  var opening = null; // {xhr, typed: []} while a form is on its way
  var action = null; // {xhr, follow: [ids], kind} while a change is on its way
  var waiting = []; // shortcut keys pressed while `action` was on its way
  var saved = null; // the statement the server named after a change
  var mouseDown = false;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function reader() { return $("#reader"); }
  function queue() { return $("#review-queue"); }
  function root() { return reader() || queue(); }
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
    var form = $(SLOT + " form");
    if (form) return form;
    var item = current && document.getElementById("statement-" + current);
    if (item) return item;
    var marked = $(".span-box");
    if (marked) return marked;
    var selection = window.getSelection();
    if (selection && selection.rangeCount && !selection.isCollapsed && selectionInBody()) return selection.getRangeAt(0);
    return null;
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

  function undo() {
    var form = $("#reader-notice [data-undo]");
    if (!form) { notify("Nothing to undo here.", true); return; }
    form.requestSubmit();
  }

  function refuse(what) {
    var role = (root() && root().dataset.role) || "your role";
    notify("Not allowed: your role (" + role + ") may not do this: " + what, true);
  }

  /* ---- opening the form --------------------------------------------------------------- */

  function openNewStatement(stance) {
    var article = reader();
    if (!article) return;
    if (article.dataset.canAnnotate !== "true") { refuse("marking statements needs the analyst role."); return; }
    var span = selectedSpan();
    if (!span) {
      notify("Select the words of the statement in the article first.", true);
      return;
    }
    var params = new URLSearchParams({ start: span.start, end: span.end, quote: span.text, stance: stance });
    hidePopover();
    opening = { typed: [], xhr: null };
    // Should htmx not send it after all, the keyboard must not stay captured.
    window.setTimeout(function () { if (opening && !opening.xhr) opening = null; }, 3000);
    window.htmx.ajax("GET", article.dataset.newUrl + "?" + params.toString(), { target: SLOT, swap: "outerHTML" });
    window.getSelection().removeAllRanges();
  }

  function closeForm() {
    var slot = $(SLOT);
    if (slot && slot.firstElementChild) {
      slot.innerHTML = "";
      slot.classList.remove("is-near-selection");
      document.dispatchEvent(new CustomEvent("annotator:formclosed"));
      focusStatement(current) || (body() && body().focus());
    }
  }

  // The form is in place: focus its first field and type into it what was typed meanwhile.
  function formArrived(slot) {
    var field = $("[autofocus]", slot) || $("input:not([type=hidden]), select, textarea", slot);
    var typed = opening ? opening.typed : [];
    opening = null;
    if (!field) return;
    if (!slot.contains(document.activeElement) || typed.length) field.focus();
    if (typed.length && "value" in field) {
      var value = field.value;
      typed.forEach(function (key) { value = key === "Backspace" ? value.slice(0, -1) : value + key; });
      field.value = value;
      field.setSelectionRange && field.setSelectionRange(value.length, value.length);
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
    document.dispatchEvent(new CustomEvent("annotator:formopened", { detail: { slot: slot } }));
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

  /* ---- statements: focus, highlight, actions ------------------------------------------ */

  function items() { return $$(".st-item[data-statement]"); }
  function isPending(item) { return item.classList.contains("st-item-pending"); }

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
    if (mark) {
      var rect = mark.getBoundingClientRect();
      if (rect.top < 0 || rect.bottom > window.innerHeight) mark.scrollIntoView({ block: "center" });
    }
    var region = $("#reader-notice.is-floating");
    if (region) { region.anchor = item; positionNotice(); }
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

  var NEEDS = {
    edit: ["canAnnotate", "editing statements needs the analyst role (or, for others' statements, the reviewer role)."],
    "delete": ["canAnnotate", "deleting statements needs the analyst role."],
    accept: ["canReview", "accepting suggestions is a reviewer's call; correct it instead (e)."],
    reject: ["canReview", "rejecting suggestions is a reviewer's call."],
  };

  function act(name) {
    var item = currentItem();
    if (!item) {
      notify("Nothing is focused: press j to go to the first statement.", true);
      return true;
    }
    var control = $('[data-action="' + name + '"]', item);
    if (!control) {
      var need = NEEDS[name];
      if (need && root().dataset[need[0]] !== "true") refuse(need[1]);
      else if (name === "accept" || name === "reject") notify("This statement is not a suggestion awaiting review.", true, item);
      else refuse(need[1]);
      return true;
    }
    if (control.tagName === "FORM") control.requestSubmit();
    else control.click();
    return true;
  }

  // The statements after `item` in the list, pending ones first when `pending` is asked for:
  // where focus goes once `item` is decided, deleted or gone.
  function following(item, pendingOnly) {
    var list = items();
    var index = list.indexOf(item);
    if (index === -1) return [];
    var after = list.slice(index + 1);
    var before = list.slice(0, index).reverse();
    var order = pendingOnly
      ? after.filter(isPending).concat(before.filter(isPending), after, before)
      : after.concat(before);
    return order.map(function (el) { return el.dataset.statement; });
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

  /* ---- the keyboard -------------------------------------------------------------------- */

  // Single keys other modules add (review.js: x, A, R in the queue).
  var extraKeys = {};

  function typing(target) {
    return target.closest && target.closest(
      "input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]), textarea, select, [contenteditable], dialog[open]"
    );
  }

  function busy() { return Boolean(opening || action); }

  function shortcut(key) {
    switch (key) {
      case "c": openNewStatement("claim"); return true;
      case "d": openNewStatement("denial"); return true;
      case "j": step(1); return true;
      case "k": step(-1); return true;
      case "e": return act("edit");
      case "x": return extraKeys.x ? extraKeys.x() : act("delete");
      case "a": return act("accept");
      case "r": return act("reject");
      case "u": undo(); return true;
      case "?": { var dialog = $("#shortcuts-dialog"); if (dialog) dialog.showModal(); return true; }
      default: return extraKeys[key] ? extraKeys[key]() : false;
    }
  }

  function isShortcutKey(key) {
    return "cdjkexaru?".indexOf(key) !== -1 || Boolean(extraKeys[key]);
  }

  function runWaiting() {
    while (waiting.length && !busy()) shortcut(waiting.shift());
  }

  document.addEventListener("keydown", function (event) {
    if (!root()) return;
    if (opening) {
      // The form is on its way: what is typed is meant for it.
      if (event.key === "Escape") { opening.cancelled = true; opening.typed = []; event.preventDefault(); return; }
      if ((event.key.length === 1 || event.key === "Backspace") && !event.ctrlKey && !event.metaKey) {
        opening.typed.push(event.key);
        event.preventDefault();
      }
      return;
    }
    if (event.key === "Escape") {
      hidePopover();
      if ($(SLOT + " form")) { event.preventDefault(); closeForm(); }
      else if ($("#reader-notice .notice")) clearNotice();
      waiting = [];
      return;
    }
    if (typing(event.target) || event.altKey || event.metaKey) return;
    if (document.activeElement === body() && ARROWS[event.key]) {
      event.preventDefault();
      moveCaret(event);
      return;
    }
    if (event.ctrlKey || event.key.length !== 1) return;
    if ($(SLOT + " form") || $("dialog[open]")) {
      // The form (or a dialog) is open: a single key acts on nothing behind it.
      if (isShortcutKey(event.key)) {
        event.preventDefault();
        notify("Shortcuts are off while the form is open: finish it, or press Esc to close it.", true);
      }
      return;
    }
    if (action) {
      // A change is on its way: this key acts once its result is on the page.
      if (isShortcutKey(event.key)) { waiting.push(event.key); event.preventDefault(); }
      return;
    }
    if (shortcut(event.key)) event.preventDefault();
  });

  /* ---- requests: what is on its way, and where focus lands after it --------------------- */

  function kindOf(elt) {
    var marked = elt.closest && elt.closest("[data-action], [data-undo]");
    if (!marked) return "change";
    return marked.hasAttribute("data-undo") ? "undo" : marked.dataset.action;
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var detail = event.detail;
    var verb = (detail.requestConfig && detail.requestConfig.verb) || "";
    var target = detail.target;
    if (verb === "get" && target && target.id === "statement-form-slot") {
      if (!opening) opening = { typed: [] };
      opening.xhr = detail.xhr;
      return;
    }
    if (verb !== "post") return;
    var kind = kindOf(detail.elt);
    var item = detail.elt.closest && detail.elt.closest(".st-item");
    if (!item && (kind === "accept" || kind === "reject" || kind === "delete")) item = currentItem();
    var follow = [];
    if (kind === "accept" || kind === "reject") follow = following(item, true);
    else if (kind === "delete") follow = following(item, false);
    else if (kind === "bulk" && window.annotatorReview) follow = window.annotatorReview.afterBulk();
    if (kind === "undo") follow = $$("input[name=pick]", detail.elt).map(function (input) { return input.value.split(":")[0]; });
    action = { xhr: detail.xhr, kind: kind, item: item && item.dataset.statement, follow: follow };
    saved = null;
  });

  document.body.addEventListener("statementsChanged", function (event) {
    saved = event.detail && event.detail.saved ? String(event.detail.saved) : null;
    if (!action) window.setTimeout(function () { if (saved) focusStatement(saved); else markCurrent(current); }, 0);
  });

  function landFocus(done) {
    var target = null;
    if (done.kind === "accept" || done.kind === "reject" || done.kind === "delete" || done.kind === "bulk") {
      target = done.follow.find(function (id) {
        var item = document.getElementById("statement-" + id);
        return item && (done.kind === "delete" || isPending(item) || !queue());
      });
      if (!target && done.kind !== "delete") target = saved || done.item;
    } else if (done.kind === "undo") {
      target = saved || done.follow.find(function (id) { return document.getElementById("statement-" + id); }) || current;
    } else {
      target = saved || current;
    }
    if (!focusStatement(target)) {
      var list = $("#review-queue-list, #statement-panel");
      if (list) { list.setAttribute("tabindex", "-1"); list.focus({ preventScroll: true }); }
      current = null;
      markCurrent(null);
    }
  }

  document.body.addEventListener("htmx:afterSettle", function (event) {
    var slot = document.getElementById("statement-form-slot");
    if (opening && event.detail.xhr === opening.xhr && slot) {
      if (opening.cancelled) { opening = null; closeForm(); } else formArrived(slot);
      runWaiting();
      return;
    }
    if (action && event.detail.xhr === action.xhr && !action.settling) {
      var done = action;
      done.settling = true;
      // After the HX-Trigger-After-Settle event (which names the saved statement) has run.
      window.setTimeout(function () {
        action = null;
        var invalid = $(SLOT + " [aria-invalid=true], " + SLOT + " .form-errors");
        if (invalid) { // the form came back with its errors: go to the first one
          var field = invalid.matches("input, select, textarea") ? invalid : $("input:not([type=hidden])", $(SLOT));
          if (field) field.focus();
        } else if (!$(SLOT + " form")) landFocus(done);
        placeNotice();
        document.dispatchEvent(new CustomEvent("annotator:changed", { detail: done }));
        runWaiting();
      }, 0);
    }
  });

  // An answer that swaps nothing (an aborted request, a 204) never settles: release the
  // keyboard all the same, shortly after.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    window.setTimeout(function () {
      if (opening && opening.xhr === xhr) opening = null;
      if (action && action.xhr === xhr && !action.settling) action = null;
      runWaiting();
    }, 1000);
  });

  function failed(text) {
    opening = null;
    action = null;
    if (waiting.length) text += " The keys pressed meanwhile were not applied.";
    waiting = [];
    notify(text, true);
  }

  document.body.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    failed(status === 403 ? "Not allowed: your role may not do that; nothing was changed." :
           status === 404 ? "That no longer exists; the page may be out of date. Reload it." :
           "Something went wrong (" + status + "); nothing was changed. Reload and try again.");
  });

  document.body.addEventListener("htmx:sendError", function () {
    failed("The server cannot be reached; nothing was saved. Check the connection and try again.");
  });

  /* ---- mouse, touch and selection -------------------------------------------------------- */

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target.closest("#show-shortcuts")) { $("#shortcuts-dialog").showModal(); return; }
    var stanceButton = target.closest("#selection-popover [data-stance]");
    if (stanceButton) { openNewStatement(stanceButton.dataset.stance); return; }
    if (target.closest('[data-action="cancel"]')) { event.preventDefault(); closeForm(); return; }
    var link = target.closest(".st-link[data-statement]");
    if (link) { event.preventDefault(); focusStatement(link.dataset.statement); return; }
    var mark = target.closest("#article-body mark[data-statement]");
    if (mark && window.getSelection().isCollapsed && !$(SLOT + " form")) focusStatement(mark.dataset.statement);
    var item = target.closest(".st-item[data-statement]");
    if (item && !target.closest("a, button, input, select, textarea, label")) focusStatement(item.dataset.statement);
  });

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

  document.addEventListener("focusin", function (event) {
    if (event.target === body() && !selectionInBody()) placeCaretAtStart();
    var item = event.target.closest && event.target.closest(".st-item[data-statement]");
    if (item) { current = item.dataset.statement; markCurrent(current); }
    showCaret();
  });

  document.addEventListener("focusout", function () { window.setTimeout(showCaret, 0); });
  window.addEventListener("resize", positionNotice);
  document.addEventListener("scroll", positionNotice, true);

  // The form's stance colours follow the chosen stance.
  document.addEventListener("change", function (event) {
    if (event.target.matches("#statement-form input[name=stance]")) {
      var form = event.target.form;
      form.classList.remove("stance-claim", "stance-denial");
      form.classList.add("stance-" + event.target.value);
    }
  });

  // A page opened on a statement (#statement-12, after a save without JavaScript) focuses it.
  var hash = /^#statement-(\d+)$/.exec(window.location.hash);
  if (hash) window.setTimeout(function () { focusStatement(hash[1]); }, 0);
  if ($("#reader-notice .notice")) window.setTimeout(function () { placeNotice(); }, 0);

  window.annotatorReader = {
    codePoints: codePoints, selectedSpan: selectedSpan, offsetOf: offsetOf, rangeOf: rangeOf,
    articleCodePoints: articleCodePoints, notify: notify, focusStatement: focusStatement,
    currentItem: currentItem, items: items, keys: extraKeys, busy: busy,
  };
})();
