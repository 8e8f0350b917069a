"""The reader's windows: a long text cut into stretches of about `size` code points, each
ending at a paragraph break where one is near, so that a page shows one stretch at a time
and loads the next as the analyst scrolls.

Pure Python: works on the text and offsets only. The windows cover the text in order; what
lies between two windows is a paragraph break ("\\n\\n"), which the reader never renders,
or nothing when a paragraph too long to hold a break had to be cut inside."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

PARAGRAPH_BREAK = "\n\n"
WINDOW_CHARS = 30_000
# A text up to this long is one window: the reader shows it whole, as before windows.
SINGLE_WINDOW_CHARS = WINDOW_CHARS + WINDOW_CHARS // 2


@dataclass(frozen=True)
class Window:
    index: int
    start: int
    end: int
    # False when the window ends inside a paragraph: its last paragraph goes on in the next.
    ends_paragraph: bool = True


def window_bounds(body: str, size: int = WINDOW_CHARS) -> list[Window]:
    """Cut `body` into windows of about `size` code points.

    A window ends at the first paragraph break after `size` (when it comes before 2 × size),
    else at the last one before it; failing both, after the last line break or space, and
    only as a last resort exactly at `size`. A rest shorter than half a window joins the
    last one, so a text up to 1.5 × size is one window, as before windows existed."""
    length = len(body)
    windows: list[Window] = []
    start = 0
    while length - start > size + size // 2:  # SINGLE_WINDOW_CHARS for the default size
        end, next_start, ends_paragraph = _cut(body, start, size)
        windows.append(Window(len(windows), start, end, ends_paragraph))
        start = next_start
    windows.append(Window(len(windows), start, length))
    return windows


def _cut(body: str, start: int, size: int) -> tuple[int, int, bool]:
    """(end of this window, start of the next, whether the cut is a paragraph break)."""
    target = start + size
    cut = body.find(PARAGRAPH_BREAK, target, start + 2 * size)
    if cut == -1:
        cut = body.rfind(PARAGRAPH_BREAK, start + size // 4, target)
    if cut != -1:
        return cut, cut + len(PARAGRAPH_BREAK), True
    # One very long paragraph: cut after a line break or a space, never inside a word.
    for separator in ("\n", " "):
        cut = body.rfind(separator, start + size // 2, target)
        if cut != -1:
            return cut + 1, cut + 1, False
    return target, target, False


def window_at(windows: list[Window], offset: int) -> Window:
    """The window holding `offset` (or, on the break between two windows, the next one)."""
    index = max(0, bisect_right([w.start for w in windows], offset) - 1)
    if offset >= windows[index].end and index + 1 < len(windows):
        index += 1
    return windows[index]


def windows_overlapping(windows: list[Window], start: int, end: int) -> list[Window]:
    """The windows a span [start, end) shows in."""
    return [w for w in windows if w.start < end and start < w.end] or [window_at(windows, start)]
