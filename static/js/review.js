/* The review queue's batch: tick suggestions (x, a click, Shift+click for a range), then
 * accept or reject all ticked ones at once (Shift+A / Shift+R, or the buttons); one Undo
 * takes the whole batch back. The ticks are plain checkboxes of the batch form, so without
 * JavaScript the buttons work the same. Loaded after reader.js, on the queue page only. */
(function () {
  "use strict";

  var api = window.annotatorReader;
  if (!api || !document.getElementById("review-queue")) return;
  var lastTicked = null; // the statement id of the last tick changed, for Shift ranges

  function $$(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }
  function boxes() { return $$('#review-queue-list input[name=pick][form="bulk-form"]'); }
  function boxOf(item) { return item && item.querySelector('input[name=pick][form="bulk-form"]'); }
  function itemOf(box) { return box.closest(".st-item"); }

  function showCount() {
    var count = boxes().filter(function (box) { return box.checked; }).length;
    var label = document.getElementById("bulk-count");
    if (label) label.textContent = count ? count + " ticked" : "none ticked";
    boxes().forEach(function (box) { itemOf(box).classList.toggle("is-ticked", box.checked); });
  }

  function tickRange(from, to, checked) {
    var all = boxes();
    var a = all.indexOf(from);
    var b = all.indexOf(to);
    if (a === -1 || b === -1) return;
    all.slice(Math.min(a, b), Math.max(a, b) + 1).forEach(function (box) { box.checked = checked; });
  }

  function previousBox() {
    return lastTicked && boxOf(document.getElementById("statement-" + lastTicked));
  }

  document.addEventListener("click", function (event) {
    var box = event.target.closest && event.target.closest('input[name=pick][form="bulk-form"]');
    if (!box) return;
    var previous = previousBox();
    if (event.shiftKey && previous && previous !== box) tickRange(previous, box, box.checked);
    lastTicked = itemOf(box).dataset.statement;
    api.focusStatement(lastTicked);
    showCount();
  });

  // x ticks or unticks the focused suggestion (Shift+X: everything from the last tick to it).
  function toggle(range) {
    var item = api.currentItem();
    var box = boxOf(item);
    if (!box) { api.notify("Nothing is focused: press j to go to the first suggestion.", true); return true; }
    box.checked = !box.checked;
    var previous = previousBox();
    if (range && previous && previous !== box) tickRange(previous, box, box.checked);
    lastTicked = item.dataset.statement;
    showCount();
    return true;
  }

  function decideTicked(decision) {
    var form = document.getElementById("bulk-form");
    var button = form && form.querySelector('[data-bulk="' + decision + '"]');
    if (!button || !boxes().some(function (box) { return box.checked; })) {
      api.notify("Nothing ticked: x ticks the focused suggestion, Shift+click ticks a range.", true);
      return true;
    }
    button.click(); // a click, so the button's own value (which decision) goes with the form
    return true;
  }

  api.keys.x = function () { return toggle(false); };
  api.keys.X = function () { return toggle(true); };
  api.keys.A = function () { return decideTicked("accept"); };
  api.keys.R = function () { return decideTicked("reject"); };

  // Where focus goes after a batch: the first unticked suggestion after the last ticked one.
  window.annotatorReview = {
    afterBulk: function () {
      var all = boxes();
      var last = -1;
      all.forEach(function (box, i) { if (box.checked) last = i; });
      var after = all.slice(last + 1).concat(all.slice(0, last + 1).reverse());
      return after.filter(function (box) { return !box.checked; }).map(function (box) { return itemOf(box).dataset.statement; });
    },
  };

  document.addEventListener("annotator:changed", function () { lastTicked = null; showCount(); });
})();
