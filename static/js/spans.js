/* While the statement form is open, its spans stay marked in the article: the quote (the
 * selection a new statement was made from, or the suggestion being corrected), and where the
 * text names the speaker and the cue. Each span's edges can be moved in place: drag a handle
 * in the article, or focus an edge button in the form and press Shift+←/→ (Ctrl: by word;
 * Alt+Shift+←/→ goes to the other edge). The quote, the speaker's words and the cue update as
 * the edges move, and the form saves the new offsets (code points) with the correction.
 *
 * On a narrow screen the form opens right under the selection. Loaded after reader.js. */
(function () {
  "use strict";

  var api = window.annotatorReader;
  if (!api || !document.getElementById("reader")) return;

  var FIELDS = { quote: ["start", "end"], speaker: ["speaker_start", "speaker_end"], cue: ["cue_start", "cue_end"] };
  var chars = null; // the article as code points, read when the form opens
  var layer = null;
  var dragging = null;

  function $(selector, root) { return (root || document).querySelector(selector); }
  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function form() { return document.getElementById("statement-form"); }
  function field(name) { return $('input[name="' + name + '"]', form()); }
  function row(kind) { return $('.span-row[data-span="' + kind + '"]', form()); }

  function spanOf(kind) {
    var names = FIELDS[kind];
    var start = field(names[0]), end = field(names[1]);
    if (!start || !end || start.value === "" || end.value === "") return null;
    return { start: Number(start.value), end: Number(end.value) };
  }

  function textOf(span) { return span ? chars.slice(span.start, span.end).join("") : ""; }

  function setSpan(kind, span) {
    var names = FIELDS[kind];
    field(names[0]).value = span ? span.start : "";
    field(names[1]).value = span ? span.end : "";
    var text = textOf(span);
    if (kind === "quote") field("quote").value = text;
    if (kind === "cue" && span) $('[name="cue"]', form()).value = text;
    showText(kind);
    draw();
  }

  function showText(kind) {
    var place = $("[data-span-text]", row(kind));
    var span = spanOf(kind);
    place.textContent = textOf(span);
    $$(".span-edge", row(kind)).forEach(function (button) { button.disabled = !span; });
    $$("[data-span-clear]", row(kind)).forEach(function (button) { button.disabled = !span; });
  }

  /* ---- the marks and handles in the article ----------------------------------------------- */

  function clear() {
    if (layer) layer.remove();
    layer = null;
  }

  function draw() {
    clear();
    if (!form() || !chars) return;
    layer = document.createElement("div");
    layer.className = "span-layer";
    layer.setAttribute("aria-hidden", "true");
    ["quote", "speaker", "cue"].forEach(function (kind) {
      var span = spanOf(kind);
      var range = span && api.rangeOf(span.start, span.end);
      if (!range) return;
      var rects = rectsOf(range);
      rects.forEach(function (r) {
        var box = document.createElement("div");
        box.className = "span-box span-box-" + kind;
        place(box, r.left, r.top, r.width, r.height);
        layer.appendChild(box);
      });
      if (!rects.length) return;
      var first = rects[0], last = rects[rects.length - 1];
      layer.appendChild(handle(kind, "start", first.left, first.top, first.height));
      layer.appendChild(handle(kind, "end", last.right, last.top, last.height));
    });
    document.body.appendChild(layer);
  }

  // The boxes of the article's own text in `range`: a range's getClientRects() would also
  // return those of the visually hidden words that tell screen readers about each highlight.
  function rectsOf(range) {
    var rects = [];
    var walker = document.createTreeWalker(document.getElementById("article-body"), NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest(".seg") && range.intersectsNode(node) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      },
    });
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var part = document.createRange();
      part.selectNodeContents(node);
      if (node === range.startContainer) part.setStart(node, range.startOffset);
      if (node === range.endContainer) part.setEnd(node, range.endOffset);
      Array.prototype.forEach.call(part.getClientRects(), function (r) { if (r.width > 0) rects.push(r); });
    }
    return rects;
  }

  function place(element, left, top, width, height) {
    element.style.left = window.scrollX + left + "px";
    element.style.top = window.scrollY + top + "px";
    if (width !== null) element.style.width = width + "px";
    element.style.height = height + "px";
  }

  function handle(kind, edge, x, top, height) {
    var element = document.createElement("div");
    element.className = "span-handle span-handle-" + kind;
    element.dataset.kind = kind;
    element.dataset.edge = edge;
    element.title = "Drag to move the " + edge + " of the " + kind;
    place(element, x, top - 3, null, height + 6);
    return element;
  }

  function offsetAtPoint(x, y) {
    var node, offset;
    if (document.caretPositionFromPoint) {
      var position = document.caretPositionFromPoint(x, y);
      if (!position) return null;
      node = position.offsetNode; offset = position.offset;
    } else {
      var range = document.caretRangeFromPoint(x, y);
      if (!range) return null;
      node = range.startContainer; offset = range.startOffset;
    }
    var body = document.getElementById("article-body");
    if (!body || !body.contains(node)) return null;
    return api.offsetOf(node, offset);
  }

  function moveTo(kind, edge, offset) {
    var span = spanOf(kind);
    if (!span) return;
    if (edge === "start") span.start = Math.max(0, Math.min(offset, span.end - 1));
    else span.end = Math.min(chars.length, Math.max(offset, span.start + 1));
    setSpan(kind, span);
  }

  document.addEventListener("pointerdown", function (event) {
    var grip = event.target.closest && event.target.closest(".span-handle");
    if (!grip) return;
    event.preventDefault();
    dragging = { kind: grip.dataset.kind, edge: grip.dataset.edge };
    document.documentElement.classList.add("is-dragging-span");
  });

  document.addEventListener("pointermove", function (event) {
    if (!dragging) return;
    event.preventDefault();
    // Handles take no part in hit-testing while one is dragged: the point must find the text.
    if (layer) layer.style.visibility = "hidden";
    var offset = offsetAtPoint(event.clientX, event.clientY);
    if (layer) layer.style.visibility = "";
    if (offset !== null) moveTo(dragging.kind, dragging.edge, offset);
  });

  document.addEventListener("pointerup", function () {
    if (!dragging) return;
    dragging = null;
    document.documentElement.classList.remove("is-dragging-span");
  });

  /* ---- the keyboard: edges in the form ---------------------------------------------------- */

  function wordStep(position, direction) {
    var n = chars.length;
    if (direction > 0) {
      while (position < n && /\s/.test(chars[position])) position++;
      while (position < n && !/\s/.test(chars[position])) position++;
    } else {
      while (position > 0 && /\s/.test(chars[position - 1])) position--;
      while (position > 0 && !/\s/.test(chars[position - 1])) position--;
    }
    return position;
  }

  document.addEventListener("keydown", function (event) {
    var edge = event.target.closest && event.target.closest(".span-edge");
    if (!edge || !event.shiftKey || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
    event.preventDefault();
    var kind = edge.closest(".span-row").dataset.span;
    var direction = event.key === "ArrowLeft" ? -1 : 1;
    if (event.altKey) {
      $('.span-edge[data-edge="' + (direction < 0 ? "start" : "end") + '"]', row(kind)).focus();
      return;
    }
    var span = spanOf(kind);
    if (!span) return;
    var from = edge.dataset.edge === "start" ? span.start : span.end;
    moveTo(kind, edge.dataset.edge, event.ctrlKey ? wordStep(from, direction) : from + direction);
  });

  document.addEventListener("click", function (event) {
    var use = event.target.closest && event.target.closest("[data-span-use]");
    if (use) {
      var selected = api.selectedSpan();
      if (!selected) api.notify("Select the words in the article first, then press “Use selection”.", true);
      else setSpan(use.closest(".span-row").dataset.span, selected);
      return;
    }
    var clearButton = event.target.closest && event.target.closest("[data-span-clear]");
    if (clearButton) setSpan(clearButton.closest(".span-row").dataset.span, null);
  });

  /* ---- the form opens, changes, closes ------------------------------------------------------ */

  function narrow() { return window.matchMedia("(max-width: 960px)").matches; }

  // On a phone the panel is below the whole article: bring the form up under the selection.
  function besideSelection(slot, span, scroll) {
    slot.classList.remove("is-near-selection");
    slot.style.top = "";
    var range = span && api.rangeOf(span.start, span.end);
    if (!narrow() || !range) return;
    var rects = range.getClientRects();
    var last = rects[rects.length - 1] || range.getBoundingClientRect();
    slot.classList.add("is-near-selection");
    var parent = slot.offsetParent || document.body;
    var parentTop = parent.getBoundingClientRect().top;
    slot.style.top = last.bottom - parentTop + 8 + "px";
    // Scroll so that the words are just above the form: the slot's scroll margin reaches up to
    // them (scrollIntoView moves the visual viewport too, which a phone scrolls on focus).
    var first = rects[0] || last;
    slot.style.scrollMarginTop = slot.getBoundingClientRect().top - first.top + 56 + "px";
    if (scroll) slot.scrollIntoView({ block: "start" });
  }

  function init(opened) {
    if (!form()) { clear(); chars = null; return; }
    chars = api.articleCodePoints();
    $$(".span-controls, #span-keys", form()).forEach(function (element) { element.hidden = false; });
    ["quote", "speaker", "cue"].forEach(showText);
    draw();
    if (!opened) return;
    var slot = document.getElementById("statement-form-slot");
    besideSelection(slot, spanOf("quote"), true);
    var quote = $(".form-quote", form());
    if (quote && !narrow()) quote.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("annotator:formopened", function () { init(true); });
  document.addEventListener("annotator:formclosed", function () { clear(); chars = null; });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    // A form that came back with errors is a new element: mark its spans again.
    if (form() && !layer) init(false);
    else if (!form()) { clear(); chars = null; }
    else {
      // A window of the text loaded meanwhile (a long article): read its words too.
      var target = event.detail && event.detail.target;
      if (target && target.closest && target.closest("#article-body")) chars = api.articleCodePoints();
      draw();
    }
    // A form that came back with errors replaced the slot: keep it beside the words.
    var slot = document.getElementById("statement-form-slot");
    if (form() && slot && !slot.classList.contains("is-near-selection")) besideSelection(slot, spanOf("quote"), false);
  });
  window.addEventListener("resize", function () { if (form()) draw(); });
  // Typing another cue than the marked words: the mark no longer fits them.
  document.addEventListener("input", function (event) {
    if (event.target.matches('#statement-form [name="cue"]') && spanOf("cue") && event.target.value.trim() !== textOf(spanOf("cue")).trim()) {
      setSpan("cue", null);
    }
  });

  if (form()) init(true); // a page served with the form open (no JavaScript needed to get there)
  window.annotatorSpans = { spanOf: spanOf, setSpan: setSpan };
})();
