/* The reader and the review queue: open the statement form for a selection, and drive
 * everything from the keyboard (c d j k e x a r u ? Esc, arrows). Offsets and the selection
 * are selection.js's, the floating feedback notices.js's; both load before this file.
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

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function reader() { return $("#reader"); }
  function queue() { return $("#review-queue"); }
  function root() { return reader() || queue(); }
  function body() { return $("#article-body"); }

  var S = window.annotatorSelection;
  var N = window.annotatorNotices;
  var selectedSpan = S.selectedSpan, selectionInBody = S.selectionInBody, ARROWS = S.ARROWS;
  var moveCaret = S.moveCaret, showCaret = S.showCaret, placeCaretAtStart = S.placeCaretAtStart;
  var showPopover = S.showPopover, hidePopover = S.hidePopover;
  var notify = N.notify, placeNotice = N.place, positionNotice = N.position, clearNotice = N.clear;
  // Where the analyst works, for the notices: the focused statement, else the selection.
  N.anchor = function () {
    var item = current && document.getElementById("statement-" + current);
    if (item) return item;
    var selection = window.getSelection();
    return selection && selection.rangeCount && !selection.isCollapsed && selectionInBody() ? selection.getRangeAt(0) : null;
  };

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
    } else if (hasPlaceholders()) {
      loadStatement(id); // its window of the text is not loaded yet
    }
    var region = $("#reader-notice.is-floating");
    if (region) { region.anchor = item; positionNotice(); }
    return true;
  }

  /* ---- a long text in windows -------------------------------------------------------------
   * A long article's text loads one window at a time (htmx: a placeholder loads its window
   * when revealed), the panel one page at a time. Every htmx request names what the page
   * holds, so that a change re-renders those windows and pages; going to a statement that is
   * not on the page asks for its window (and its panel page) without leaving the page. */

  function hasPlaceholders() { return Boolean($("#article-body .window-placeholder")); }

  function loadedWindows() {
    return $$("#article-body .body-window[data-window]:not(.window-placeholder)").map(function (w) { return w.dataset.window; });
  }

  function loadedPanelPages() {
    var pages = $$("#statement-panel .panel-page[data-page]").map(function (p) { return Number(p.dataset.page); });
    return pages.length ? Math.min.apply(null, pages) + "-" + Math.max.apply(null, pages) : "";
  }

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (!reader()) return;
    event.detail.headers["X-Reader-Windows"] = loadedWindows().join(",");
    event.detail.headers["X-Reader-Panel"] = loadedPanelPages();
  });

  var jumping = {};
  // Load the window (and panel page) of a statement, then go to it: from a link, the address's
  // #statement-N, or a statement focused in the panel whose words are not loaded yet.
  function loadStatement(id) {
    var article = reader();
    if (!article || jumping[id]) return;
    jumping[id] = true;
    var url = article.dataset.readerUrl + "?statement=" + encodeURIComponent(id);
    window.htmx.ajax("GET", url, { target: "#article-body", swap: "none" }).then(function () {
      window.setTimeout(function () {
        delete jumping[id];
        var mark = $('mark[data-statement="' + id + '"]', body() || document);
        if (!focusStatement(id) && mark) mark.scrollIntoView({ block: "center" });
      }, 0);
    }, function () { delete jumping[id]; });
  }

  function goToStatement(id) {
    var loaded = document.getElementById("statement-" + id) && $('mark[data-statement="' + id + '"]', body() || document);
    if (loaded || !reader()) return focusStatement(id);
    loadStatement(id);
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

  // What each action needs, and what to say when the focused statement does not offer it.
  var NEEDS = {
    edit: ["canAnnotate", "editing statements needs the analyst role.", "this statement is someone else's; editing it needs the reviewer role."],
    "delete": ["canAnnotate", "deleting statements needs the analyst role.", "this statement is someone else's; deleting it needs the reviewer role."],
    accept: ["canReview", "accepting suggestions is a reviewer's call; correct it instead (e)."],
    reject: ["canReview", "rejecting suggestions is a reviewer's call."],
  };

  function act(name) {
    var item = currentItem();
    var need = NEEDS[name];
    if (need && root().dataset[need[0]] !== "true") { refuse(need[1]); return true; }
    if (!item) {
      notify("Nothing is focused: press j to go to the first statement.", true);
      return true;
    }
    var control = $('[data-action="' + name + '"]', item);
    if (!control) {
      if (name === "accept" || name === "reject") notify("This statement is not a suggestion awaiting review.", true, item);
      else refuse(need[2]);
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
    if (link) { event.preventDefault(); goToStatement(link.dataset.statement); return; }
    var mark = target.closest("#article-body mark[data-statement]");
    if (mark && window.getSelection().isCollapsed && !$(SLOT + " form")) goToStatement(mark.dataset.statement);
    var item = target.closest(".st-item[data-statement]");
    if (item && !target.closest("a, button, input, select, textarea, label")) focusStatement(item.dataset.statement);
  });

  document.addEventListener("focusin", function (event) {
    if (event.target === body() && !selectionInBody()) placeCaretAtStart();
    var item = event.target.closest && event.target.closest(".st-item[data-statement]");
    if (item) { current = item.dataset.statement; markCurrent(current); }
    showCaret();
  });


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
  if (hash) window.setTimeout(function () { goToStatement(hash[1]); }, 0);
  window.addEventListener("hashchange", function () {
    var target = /^#statement-(\d+)$/.exec(window.location.hash);
    if (target) goToStatement(target[1]);
  });
  if ($("#reader-notice .notice")) window.setTimeout(function () { placeNotice(); }, 0);

  window.annotatorReader = {
    codePoints: S.codePoints, selectedSpan: selectedSpan, offsetOf: S.offsetOf, rangeOf: S.rangeOf,
    articleCodePoints: S.articleCodePoints, notify: notify, focusStatement: focusStatement, goToStatement: goToStatement,
    currentItem: currentItem, items: items, keys: extraKeys, busy: busy,
  };
})();
