"""Which statement of one annotator is the same statement as which of another's.

Two statements match when their spans are identical (an exact match) or overlap by at
least half of the shorter span (an overlap match). Matching is one-to-one: exact pairs
are taken first, then the remaining candidates from the largest share of overlap down
(greedy, ties by position), so the result does not depend on the order statements
were made in."""

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

# An overlap match needs at least this share of the shorter span in common.
MIN_OVERLAP = 0.5


@dataclass(frozen=True)
class Span:
    """What agreement looks at in one statement: its span [start, end) and its labels.
    Speaker, proposition and via are any comparable keys (ids), None when left empty."""

    key: Hashable
    start: int
    end: int
    stance: str
    speaker: Hashable = None
    proposition: Hashable = None
    via: Hashable = None

    @property
    def length(self) -> int:
        return self.end - self.start


def overlap(a: Span, b: Span) -> int:
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def overlap_share(a: Span, b: Span) -> float:
    """The characters in common, as a share of the shorter span (1.0 when one holds the other)."""
    return overlap(a, b) / min(a.length, b.length)


def is_exact(a: Span, b: Span) -> bool:
    return a.start == b.start and a.end == b.end


@dataclass(frozen=True)
class Alignment:
    pairs: tuple[tuple[Span, Span], ...]  # matched (first's, second's), in text order
    exact: int  # how many of the pairs match exactly
    only_first: tuple[Span, ...]
    only_second: tuple[Span, ...]


def _position(span: Span) -> tuple:
    return (span.start, -span.end, str(span.key))


def align(first: Sequence[Span], second: Sequence[Span]) -> Alignment:
    """Match `first`'s statements with `second`'s (see the module's docstring)."""
    free_a = sorted(first, key=_position)
    free_b = sorted(second, key=_position)
    pairs: list[tuple[Span, Span]] = []
    # Exact pairs first: a span marked by both is the same statement, whatever overlaps it.
    for a in list(free_a):
        b = next((b for b in free_b if is_exact(a, b)), None)
        if b is not None:
            pairs.append((a, b))
            free_a.remove(a)
            free_b.remove(b)
    exact = len(pairs)
    candidates = sorted(
        ((a, b) for a in free_a for b in free_b if overlap(a, b) and overlap_share(a, b) >= MIN_OVERLAP),
        key=lambda ab: (-overlap_share(*ab), -overlap(*ab), _position(ab[0]), _position(ab[1])),
    )
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    for a, b in candidates:
        if id(a) in taken_a or id(b) in taken_b:
            continue
        pairs.append((a, b))
        taken_a.add(id(a))
        taken_b.add(id(b))
    return Alignment(
        pairs=tuple(sorted(pairs, key=lambda ab: _position(ab[0]))),
        exact=exact,
        only_first=tuple(a for a in free_a if id(a) not in taken_a),
        only_second=tuple(b for b in free_b if id(b) not in taken_b),
    )


def align_rows(versions: dict[Hashable, Iterable[Span]]) -> list[dict[Hashable, Span]]:
    """The statements of any number of annotators (`versions`: annotator → spans) in rows,
    one statement per annotator at most, for a reviewer to decide row by row.

    The first annotator's statements open the rows; each next annotator's are aligned
    (as `align` does) with the rows' statements so far, the ones matching no row opening
    rows of their own. Rows come in text order."""
    rows: list[dict[Hashable, Span]] = []
    for who, spans in versions.items():
        # A row's stand-in is its earliest statement: the one others are compared with.
        heads = [min(row.values(), key=_position) for row in rows]
        row_of = {id(head): row for head, row in zip(heads, rows, strict=True)}
        alignment = align(heads, list(spans))
        for head, span in alignment.pairs:
            row_of[id(head)][who] = span
        rows.extend({who: span} for span in alignment.only_second)
    return sorted(rows, key=lambda row: min(_position(s) for s in row.values()))
